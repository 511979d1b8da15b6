import SwiftRLCore
import SwiftRLNN

/// A recurrent learner's passes over a whole rollout, before its epochs: the states each
/// `seq_len`-step chunk starts from (the actor's and the critic's), and the critic's features for
/// every step, for its final observations on truncation and for the observations after the rollout.
///
/// The actor is run again from the collector's initial states with the parameters that acted, so
/// its chunk states are the very states the collector acted from (the products give the same bits
/// for any number of rows). The critic runs from the states the learner carried over from the last
/// rollout; it never acts, so these are the learner's alone. A critic that reads the actor's layer
/// (`shared_memory`) takes the actor's pass instead (``actorFeatures``, ``finalStates``).
final class RolloutSequences: @unchecked Sendable {
    let steps: Int
    let environments: Int
    let sequenceLength: Int
    let stateWidth: Int
    /// `chunks × stateWidth` per network, chunk `k · environments + e` being environment `e`'s
    /// steps `k · seq_len ..< (k + 1) · seq_len`; nil for a critic that reads the actor's layer.
    let actorChunkStates: UnsafeMutablePointer<Float>
    let criticChunkStates: UnsafeMutablePointer<Float>?
    private let pass: RecurrentWorkspace
    private let bootstrap: RecurrentWorkspace
    private let bootstrapStates: UnsafeMutablePointer<Float>
    private let bootstrapStarts: UnsafeMutablePointer<Bool>

    /// Sequences of layers of `shape`; `separateCritic`: the critic has a layer of its own.
    init(shape: RecurrentShape, separateCritic: Bool, environments: Int, steps: Int, sequenceLength: Int) {
        self.steps = steps
        self.environments = environments
        self.sequenceLength = sequenceLength
        stateWidth = shape.stateWidth
        let chunks = steps / sequenceLength * environments
        actorChunkStates = .allocateZeroed(chunks * shape.stateWidth)
        criticChunkStates = separateCritic ? .allocateZeroed(chunks * shape.stateWidth) : nil
        pass = RecurrentWorkspace(shape: shape, capacity: steps * environments)
        bootstrap = RecurrentWorkspace(shape: shape, capacity: environments)
        bootstrapStates = .allocateZeroed(environments * shape.stateWidth)
        bootstrapStarts = .allocate(capacity: environments)
        bootstrapStarts.initialize(repeating: false, count: environments)
    }

    deinit {
        [actorChunkStates, bootstrapStates].forEach { $0.deallocate() }
        criticChunkStates?.deallocate()
        bootstrapStarts.deallocate()
    }

    /// Chunks per rollout.
    var chunkCount: Int { steps / sequenceLength * environments }

    /// Runs the actor's layer over the rollout and keeps its chunk states.
    func recordActorStates(_ actor: RecurrentLayer, observations: UnsafePointer<Float>, batch: RolloutBatch) {
        run(actor, observations: observations, batch: batch, initialStates: batch.initialStates)
        recordChunkStates(into: actorChunkStates)
    }

    /// The actor's features for every step after ``recordActorStates(_:observations:batch:)``
    /// (`steps × environments × H`, valid until the next pass).
    var actorFeatures: UnsafePointer<Float> { pass.outputs }

    /// The states after the last step of the last pass (`environments × stateWidth`).
    var finalStates: [Float] { Array(UnsafeBufferPointer(start: pass.finalState, count: environments * stateWidth)) }

    /// Runs the critic's layer over the rollout from `states`, keeps its chunk states, and returns
    /// its features for every step (`steps × environments × H`, valid until the next pass).
    /// `states` becomes the critic's state after the last step, for the next rollout.
    func runCritic(_ critic: RecurrentLayer, observations: UnsafePointer<Float>, batch: RolloutBatch,
                   states: inout [Float]) -> UnsafePointer<Float> {
        guard let criticChunkStates else { preconditionFailure("sequences made for a critic without a layer of its own") }
        run(critic, observations: observations, batch: batch, initialStates: states)
        recordChunkStates(into: criticChunkStates)
        states = finalStates
        return pass.outputs
    }

    /// The critic's features for one more step after each of the steps `indices` (time-major rollout
    /// indices of the last ``runCritic(_:observations:batch:states:)``, at most `environments` of
    /// them), from the state after that step, with `observations` (`indices.count × od`,
    /// normalized): the final observations of truncated steps.
    func criticFeatures(_ critic: RecurrentLayer, continuingAfter indices: ArraySlice<Int>,
                        observations: UnsafePointer<Float>) -> UnsafePointer<Float> {
        for (row, index) in indices.enumerated() { pass.copyState(after: index, into: bootstrapStates + row * stateWidth) }
        critic.forward(observations, time: 1, batch: indices.count, initialState: bootstrapStates,
                       episodeStarts: nil, workspace: bootstrap)
        return bootstrap.outputs
    }

    /// The critic's features for the observations after the rollout, from the states after its last
    /// step (`states`), zeroed where that step ended an episode.
    func criticFeaturesAfterRollout(_ critic: RecurrentLayer, states: [Float], observations: UnsafePointer<Float>,
                                    batch: RolloutBatch) -> UnsafePointer<Float> {
        let last = (steps - 1) * environments
        for e in 0..<environments { bootstrapStarts[e] = batch.terminated[last + e] || batch.truncated[last + e] }
        states.withUnsafeBufferPointer { states in
            critic.forward(observations, time: 1, batch: environments, initialState: states.baseAddress!,
                           episodeStarts: bootstrapStarts, workspace: bootstrap)
        }
        return bootstrap.outputs
    }

    private func run(_ layer: RecurrentLayer, observations: UnsafePointer<Float>, batch: RolloutBatch,
                     initialStates: [Float]) {
        initialStates.withUnsafeBufferPointer { states in
            batch.episodeStarts.withUnsafeBufferPointer { starts in
                layer.forward(observations, time: steps, batch: environments, initialState: states.baseAddress!,
                              episodeStarts: starts.baseAddress!, workspace: pass)
            }
        }
    }

    /// Copies the state each chunk's first step started from (after any zeroing at an episode start).
    private func recordChunkStates(into chunkStates: UnsafeMutablePointer<Float>) {
        for chunk in 0..<chunkCount {
            let e = chunk % environments, t = chunk / environments * sequenceLength
            pass.copyState(before: t * environments + e, into: chunkStates + chunk * stateWidth)
        }
    }
}
