import Foundation
import SwiftRL
import SwiftRLDistributed

/// The `relay` fuzz target: the first byte picks what the rest is, and who receives it:
///
/// - 0: a `WorkerMessage`, as the relay decodes it (a packet's transitions and episodes checked);
/// - 1: `Weights`, as a worker checks and loads them into a SAC actor for Pendulum-v1;
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
            try ActingAgent(specification: weights.specification, environment: environment, seed: 1).load(weights)
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
        // Serializing a message built here cannot fail.
        return [("packet", [0] + (try! workerMessage.serializedBytes() as [UInt8])),
                ("weights", [1] + (try! weights.serializedBytes() as [UInt8])),
                ("take-reply", [2] + (try! reply.serializedBytes() as [UInt8]))]
    }
}
