import Foundation
import Testing
@testable import SwiftRLDistributed

@Suite struct RelayStoreTests {
    private func makeStore(history: UInt64 = 3) throws -> (RelayStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relay-store-\(UUID().uuidString)")
        return (try RelayStore(directory: directory, historyInterval: history), directory)
    }

    @Test func syncsEveryCommitToDisk() throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try store.writerSynchronousLevel() == 2, "synchronous = FULL on the connection that commits")
        let reopened = try RelayStore(directory: directory, historyInterval: 3)
        #expect(try reopened.writerSynchronousLevel() == 2)
    }

    @Test func storesTheNextSequenceOnlyAndAcknowledgesDuplicates() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await store.commit(workerID: "a", sequence: 1, transitions: 5, payload: Data([1])) == .stored(position: 1))
        #expect(try await store.commit(workerID: "a", sequence: 1, transitions: 5, payload: Data([1])) == .duplicate)
        #expect(try await store.commit(workerID: "a", sequence: 3, transitions: 5, payload: Data([3])) == .gap(expected: 2))
        #expect(try await store.commit(workerID: "b", sequence: 1, transitions: 7, payload: Data([9])) == .stored(position: 2))
        #expect(try await store.lastSequence(of: "a") == 1)
        #expect(try await store.lastSequence(of: "nobody") == 0)
    }

    @Test func takesInOrderUpToALimitAndReleasesWhatTheTrainerHolds() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        for sequence in 1...4 as ClosedRange<UInt64> {
            _ = try await store.commit(workerID: "w", sequence: sequence, transitions: 10, payload: Data([UInt8(sequence)]))
        }
        let first = try await store.packets(after: 0, maxTransitions: 25)
        #expect(first.map(\.position) == [1, 2])
        #expect(try await store.packets(after: 2, maxTransitions: 1).map(\.position) == [3], "at least one packet")
        try await store.release(through: 2)
        #expect(try await store.depth(after: 3) == (queued: 10, retained: 20))
        #expect(try await store.packets(after: 0, maxTransitions: 100).map(\.payload) == [Data([3]), Data([4])])
    }

    @Test func survivesReopeningWithItsPositionsAndSequences() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await store.commit(workerID: "w", sequence: 1, transitions: 3, payload: Data([1]))
        _ = try await store.commit(workerID: "w", sequence: 2, transitions: 3, payload: Data([2]))
        try await store.release(through: 2)
        let reopened = try RelayStore(directory: directory, historyInterval: 3)
        #expect(try reopened.lastPosition() == 2)
        #expect(try await reopened.lastSequence(of: "w") == 2)
        #expect(try await reopened.commit(workerID: "w", sequence: 3, transitions: 3, payload: Data([3])) == .stored(position: 3))
    }

    @Test func keepsTheLatestWeightsAndEveryHistoryIntervalthVersion() async throws {
        let (store, directory) = try makeStore(history: 3)
        defer { try? FileManager.default.removeItem(at: directory) }
        for version in 0...7 as ClosedRange<UInt64> {
            try await store.storeWeights(version: version, payload: Data([UInt8(version)]))
        }
        #expect(try store.weightsVersions() == [0, 3, 6, 7])
        #expect(try store.latestWeights() == Data([7]))
    }
}
