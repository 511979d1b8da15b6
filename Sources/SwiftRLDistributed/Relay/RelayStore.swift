import Foundation
import GRDB
import Synchronization

/// The relay's durable state in SQLite (GRDB, write-ahead log, `synchronous = FULL`): the sample
/// queue, each worker's last sequence, and the weights (the latest and every `historyInterval`-th
/// version). A packet is acknowledged only once its transaction has committed, so an acknowledged
/// packet survives the relay's crash and the machine's.
///
/// Positions number the queued packets in arrival order. The trainer takes packets after a
/// position, and releases those its checkpoint holds; until then they stay, so that a trainer that
/// restarts from its checkpoint takes them again.
final class RelayStore: Sendable {
    /// What committing a packet did.
    enum Commit: Equatable, Sendable {
        /// Stored at this position.
        case stored(position: Int64)
        /// Already stored (a resend after a lost acknowledgement): acknowledged again, not stored twice.
        case duplicate
        /// The sequence skips ahead of the worker's last one.
        case gap(expected: UInt64)
    }

    /// A packet as queued.
    struct Queued {
        var position: Int64
        var workerID: String
        var payload: Data
    }

    /// A packet waiting for the next group commit, and who waits for its result.
    private struct PendingCommit: Sendable {
        var workerID: String
        var sequence: UInt64
        var transitions: Int
        var payload: Data
        var completion: @Sendable (Result<Commit, any Error>) -> Void
    }

    private let database: DatabasePool
    /// Packets waiting for the next transaction, and whether one is being written.
    private let batch = Mutex<(waiting: [PendingCommit], isWriting: Bool)>(([], false))
    /// Weights versions kept besides the latest: every this-many-th.
    let historyInterval: UInt64

    /// Opens (or creates) `relay.sqlite` in `directory`.
    init(directory: URL, historyInterval: UInt64) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try DatabasePool(path: directory.appendingPathComponent("relay.sqlite").path)
        // GRDB sets `synchronous = NORMAL` on the writer when it turns the write-ahead log on, which
        // syncs the log at checkpoints only: a committed packet could then be lost with the machine.
        // `FULL` syncs the log at every commit, so it is set on the writer once GRDB is done.
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        self.historyInterval = max(historyInterval, 1)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS packet (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    worker_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    transitions INTEGER NOT NULL,
                    payload BLOB NOT NULL);
                -- Queue depths are sums over this index, never over the payloads' pages.
                CREATE INDEX IF NOT EXISTS packet_transitions ON packet (position, transitions);
                CREATE TABLE IF NOT EXISTS worker (worker_id TEXT PRIMARY KEY, last_sequence INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS weights (version INTEGER PRIMARY KEY, payload BLOB NOT NULL);
                """)
        }
    }

    /// The writer's `PRAGMA synchronous` level (2 is `FULL`: the log is synced at every commit).
    func writerSynchronousLevel() throws -> Int {
        try database.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The last sequence stored for `workerID` (0 when none).
    func lastSequence(of workerID: String) async throws -> UInt64 {
        try await database.read { db in
            try UInt64.fetchOne(db, sql: "SELECT last_sequence FROM worker WHERE worker_id = ?",
                                arguments: [workerID]) ?? 0
        }
    }

    /// Stores packet `sequence` of `workerID` if it is the next one, durably. Packets that arrive
    /// while a transaction is being written wait for the next one and are committed together (group
    /// commit: one `fsync` for all of them); each gets its own result once its transaction is durable.
    func commit(workerID: String, sequence: UInt64, transitions: Int, payload: Data) async throws -> Commit {
        try await withCheckedThrowingContinuation { continuation in
            enqueueCommit(workerID: workerID, sequence: sequence, transitions: transitions, payload: payload) {
                continuation.resume(with: $0)
            }
        }
    }

    /// Queues packet `sequence` of `workerID` for the next group commit, as
    /// ``commit(workerID:sequence:transitions:payload:)`` stores it, and returns at once:
    /// `completion` gets the result once the transaction is durable. Results come in the order the
    /// packets were queued, so one caller can keep several packets in flight.
    func enqueueCommit(workerID: String, sequence: UInt64, transitions: Int, payload: Data,
                       completion: @escaping @Sendable (Result<Commit, any Error>) -> Void) {
        let leads = batch.withLock { batch -> Bool in
            batch.waiting.append(PendingCommit(workerID: workerID, sequence: sequence, transitions: transitions,
                                               payload: payload, completion: completion))
            guard !batch.isWriting else { return false }
            batch.isWriting = true
            return true
        }
        if leads { Task { await self.writeWaitingCommits() } }
    }

    /// Writes the waiting packets in one transaction, and again while more have arrived meanwhile.
    private func writeWaitingCommits() async {
        while true {
            let pending = batch.withLock { batch -> [PendingCommit] in
                defer { batch.waiting = [] }
                if batch.waiting.isEmpty { batch.isWriting = false }
                return batch.waiting
            }
            guard !pending.isEmpty else { return }
            do {
                let results = try await database.write { db in try pending.map { try Self.store($0, in: db) } }
                for (commit, result) in zip(pending, results) { commit.completion(.success(result)) }
            } catch {
                for commit in pending { commit.completion(.failure(error)) }
            }
        }
    }

    private static func store(_ commit: PendingCommit, in db: Database) throws -> Commit {
        let last = try UInt64.fetchOne(db, sql: "SELECT last_sequence FROM worker WHERE worker_id = ?",
                                       arguments: [commit.workerID]) ?? 0
        if commit.sequence <= last { return .duplicate }
        guard commit.sequence == last + 1 else { return .gap(expected: last + 1) }
        try db.execute(sql: "INSERT INTO packet (worker_id, sequence, transitions, payload) VALUES (?, ?, ?, ?)",
                       arguments: [commit.workerID, Int64(commit.sequence), commit.transitions, commit.payload])
        let position = db.lastInsertedRowID
        try db.execute(sql: "INSERT OR REPLACE INTO worker (worker_id, last_sequence) VALUES (?, ?)",
                       arguments: [commit.workerID, Int64(commit.sequence)])
        return .stored(position: position)
    }

    /// Packets after `position`, in order, up to `maxTransitions` transitions (at least one packet
    /// when any is queued).
    func packets(after position: Int64, maxTransitions: Int) async throws -> [Queued] {
        try await database.read { db in
            var taken = [Queued](), total = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT position, worker_id, transitions, payload FROM packet WHERE position > ? ORDER BY position
                """, arguments: [position])
            while let row = try rows.next() {
                let count: Int = row["transitions"]
                if !taken.isEmpty && total + count > maxTransitions { break }
                taken.append(Queued(position: row["position"], workerID: row["worker_id"], payload: row["payload"]))
                total += count
            }
            return taken
        }
    }

    /// Deletes the packets up to `position`: the trainer's checkpoint holds them.
    func release(through position: Int64) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM packet WHERE position <= ?", arguments: [position])
        }
    }

    /// Transitions queued after `position`, and transitions held in all.
    func depth(after position: Int64) async throws -> (queued: Int, retained: Int) {
        try await database.read { db in try Self.transitionCounts(db, after: position) }
    }

    private static func transitionCounts(_ db: Database, after position: Int64) throws -> (queued: Int, retained: Int) {
        let queued = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(transitions), 0) FROM packet WHERE position > ?",
                                      arguments: [position]) ?? 0
        let retained = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(transitions), 0) FROM packet") ?? 0
        return (queued, retained)
    }

    /// Transitions held now (at start-up).
    func depthNow() throws -> Int {
        try database.read { db in try Self.transitionCounts(db, after: 0).retained }
    }

    /// The highest position stored so far (0 when none).
    func lastPosition() throws -> Int64 {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'packet'") ?? 0
        }
    }

    /// Stores a weights version; the previous latest is kept only if it is a history version.
    func storeWeights(version: UInt64, payload: Data) async throws {
        let interval = Int64(historyInterval)
        try await database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO weights (version, payload) VALUES (?, ?)",
                           arguments: [Int64(version), payload])
            try db.execute(sql: "DELETE FROM weights WHERE version < ? AND version % ? != 0",
                           arguments: [Int64(version), interval])
        }
    }

    /// The latest weights stored, as published.
    func latestWeights() throws -> Data? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM weights ORDER BY version DESC LIMIT 1")
        }
    }

    /// The versions stored, in order.
    func weightsVersions() throws -> [UInt64] {
        try database.read { db in
            try Int64.fetchAll(db, sql: "SELECT version FROM weights ORDER BY version").map { UInt64($0) }
        }
    }
}
