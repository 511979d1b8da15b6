import Foundation
import SwiftRL
import SwiftRLDistributed

/// The `relay` fuzz target: the first byte picks what the rest is, and who receives it:
///
/// - 0: a `WorkerMessage`, as the relay decodes it (a packet's transitions and episodes checked);
/// - 1: `Weights`, as a worker checks and loads them for Pendulum-v1 (into a SAC or TD3 actor, or a
///   PPO collector);
/// - 2: a `TakeSamplesReply`, as the trainer checks each packet.
enum RelayFuzzing {
    static func receive(_ bytes: [UInt8]) throws {
        let body = Array(bytes.dropFirst())
        switch (bytes.first ?? 0) % 3 {
        case 0:
            let message = try WorkerMessage(serializedBytes: body)
            if case .packet(let packet)? = message.kind { _ = try packet.validatedTransitions() }
        case 1:
            let weights = try PolicyWeights(WeightsMessage(serializedBytes: body))
            let environment = try EnvironmentRegistry.make("Pendulum-v1")
            if case .ppo = weights.specification.configuration {
                try OnPolicyPacketCollector(specification: weights.specification, environment: environment,
                                            maximumEpisodeSteps: nil, seed: 1).load(weights)
            } else {
                try ActingAgent(specification: weights.specification, environment: environment, seed: 1).load(weights)
            }
        default:
            for queued in try TakeSamplesReply(serializedBytes: body).packets { _ = try queued.packet.validatedTransitions() }
        }
    }

    /// Valid messages of each kind, for a corpus to start from.
    static var seeds: [(String, [UInt8])] {
        var batch = TransitionBatch(observationSize: 3, actionSize: 1)
        for step in 0..<4 {
            let value = Float(step)
            batch.append(CollectedTransition(observation: [value, 0.5, -1], action: [0.25], reward: -value,
                                             nextObservation: [value + 1, 0.5, -1], terminated: step == 3),
                         truncated: false)
        }
        var ppoBatch = TransitionBatch(observationSize: 3, actionSize: 1)
        for step in 0..<4 {
            let value = Float(step)
            ppoBatch.append(CollectedTransition(observation: [value, 0.5, -1], action: [1.75 - value], reward: -value,
                                                nextObservation: [value + 1, 0.5, -1], terminated: false),
                            truncated: step == 3, logProbability: -value)
        }
        var ppoPacket = SamplePacket()
        ppoPacket.sequence = 8
        ppoPacket.policyVersion = 3
        ppoPacket.transitions = ppoBatch.message
        var ppoMessage = WorkerMessage()
        ppoMessage.packet = ppoPacket
        var packet = SamplePacket()
        packet.sequence = 7
        packet.policyVersion = 2
        packet.transitions = batch.message
        var episode = Swiftrl_Distributed_V1_Episode()
        episode.episodeReturn = -6
        episode.length = 4
        packet.episodes = [episode]
        var workerMessage = WorkerMessage()
        workerMessage.packet = packet
        var queued = Swiftrl_Distributed_V1_QueuedPacket()
        queued.position = 3
        queued.workerID = "w1"
        queued.packet = packet
        var reply = TakeSamplesReply()
        reply.packets = [queued]
        var configuration = SACConfiguration()
        configuration.actor.hiddenSizes = [8]
        var generator = RandomGenerator(seed: 2)
        let specification = PolicySpecification(configuration: .sac(configuration), environment: "Pendulum-v1",
                                                observationSize: 3, actionSize: 1)
        let actor = MLP(architecture: .init(inputSize: 3, hiddenSizes: [8], outputSize: 2,
                                            hiddenActivation: configuration.actor.activation), generator: &generator)
        let weights = PolicyWeights(version: 5, specification: specification, actor: actor).message
        var ppo = PPOConfiguration()
        ppo.actor.hiddenSizes = [8]
        ppo.normalizeObservations = true
        let ppoSpecification = PolicySpecification(configuration: .ppo(ppo), environment: "Pendulum-v1",
                                                   observationSize: 3, actionSize: 1)
        let ppoActor = MLP(architecture: .init(inputSize: 3, hiddenSizes: [8], outputSize: 1,
                                               hiddenActivation: ppo.actor.activation), generator: &generator)
        let ppoParameters = PolicyParameters(
            version: 2, actor: ppoActor.parameters, free: [-0.5],
            normalization: ObservationNormalization(mean: [0, 0, 0.5], standardDeviation: [1, 1, 2], clip: 10))
        let ppoWeights = PolicyWeights(version: 2, specification: ppoSpecification, parameters: ppoParameters,
                                       actor: Sequential(ppoActor)).message
        // Serializing a message built here cannot fail.
        return [("packet", [0] + (try! workerMessage.serializedBytes() as [UInt8])),
                ("ppo-packet", [0] + (try! ppoMessage.serializedBytes() as [UInt8])),
                ("weights", [1] + (try! weights.serializedBytes() as [UInt8])),
                ("ppo-weights", [1] + (try! ppoWeights.serializedBytes() as [UInt8])),
                ("take-reply", [2] + (try! reply.serializedBytes() as [UInt8]))]
    }
}
