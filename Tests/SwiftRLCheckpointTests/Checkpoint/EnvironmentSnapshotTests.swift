import Foundation
import SwiftRLCore
import SwiftRLEnvironments
import Testing

/// Every registered environment, restored mid-episode (through JSON) into a fresh instance,
/// continues exactly as the original does.
@Suite struct EnvironmentSnapshotTests {
    @Test(arguments: EnvironmentRegistry.names)
    func restoredEnvironmentContinuesExactly(name: String) throws {
        var original = try #require(try EnvironmentRegistry.make(name) as? any SnapshottingEnvironment)
        var observation = [Float](repeating: 0, count: original.observationSpace.dimension)
        var generator = RandomGenerator(seed: 3)
        original.reset(seed: 11, observation: &observation)
        for _ in 0..<37 { _ = original.step(randomAction(for: original, &generator), observation: &observation) }

        let data = try JSONEncoder().encode(original.snapshot)
        var restored = try #require(try EnvironmentRegistry.make(name) as? any SnapshottingEnvironment)
        try restored.restore(JSONDecoder().decode(EnvironmentSnapshot.self, from: data))
        #expect(restored.snapshot == original.snapshot)

        var restoredObservation = observation
        for step in 0..<400 {
            let action = randomAction(for: original, &generator)
            let expected = original.step(action, observation: &observation)
            let found = restored.step(action, observation: &restoredObservation)
            #expect(found == expected, "step \(step)")
            #expect(restoredObservation.map(\.bitPattern) == observation.map(\.bitPattern), "step \(step)")
            if expected.isDone {
                original.reset(seed: nil, observation: &observation)
                restored.reset(seed: nil, observation: &restoredObservation)
            }
        }
    }

    @Test func restoringAnotherEnvironmentsSnapshotFails() throws {
        let pendulum = try #require(try EnvironmentRegistry.make("Pendulum-v1") as? any SnapshottingEnvironment)
        var cartPole = try #require(try EnvironmentRegistry.make("CartPole-v1") as? any SnapshottingEnvironment)
        #expect(throws: EnvironmentError.snapshotMismatch(environment: "CartPole-v1", reason: "the snapshot is of Pendulum-v1")) {
            try cartPole.restore(pendulum.snapshot)
        }
    }

    private func randomAction(for environment: any Environment, _ generator: inout RandomGenerator) -> [Float] {
        switch environment.actionSpace {
        case .box(let box): zip(box.low, box.high).map { generator.uniform($0, $1) }
        case .discrete(let count): [Float(generator.index(below: count))]
        }
    }
}
