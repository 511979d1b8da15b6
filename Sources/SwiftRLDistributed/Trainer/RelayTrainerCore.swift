import SwiftRLAlgorithms

/// What both trainer roles behind a relay (``RelayTrainingSession``, ``RelayPPOTrainingSession``)
/// keep the same way: the link to the relay, the packets taken and not yet looked at, the position
/// learned through, versions numbered after the relay's latest, and when the relay may delete what
/// was learned. Used from the training thread only.
final class RelayTrainerCore {
    let link: RelayTrainerLink
    let log: RelayLog
    let queueRelease: RelayTrainingSession.QueueRelease
    /// The newest weights version the relay held when the trainer connected.
    private let relayWeightsVersion: UInt64?
    private(set) var hasStarted = false
    private var pending: [Swiftrl_Distributed_V1_QueuedPacket] = []
    /// The position of the last packet learned or skipped in full.
    private(set) var learnedThrough: UInt64 = 0
    /// `learnedThrough` at the latest snapshot.
    private var snapshotPosition: UInt64?
    /// The version published last (nil before the first).
    private(set) var publishedVersion: UInt64?

    /// Connects, checking that the relay answers the trainer.
    /// - Throws: ``RelayError`` when the relay cannot be reached or refuses the trainer.
    init(connection: RelayConnection, log: RelayLog, queueRelease: RelayTrainingSession.QueueRelease) throws(RelayError) {
        self.log = log
        self.queueRelease = queueRelease
        link = RelayTrainerLink(connection: connection, log: log)
        relayWeightsVersion = try link.probe()
    }

    deinit { link.stop() }

    /// Starts taking the packets after the position learned through, and publishes the first
    /// version, numbered after the relay's latest. A restored trainer's policy keeps its version:
    /// it is not published again when the relay holds that version already (the trainer published it
    /// before its checkpoint), and is published under its own number when the relay lost it (the
    /// trainer stopped before it arrived), so that packets acted with it are not taken for stale.
    func start(publishing weights: (UInt64) -> WeightsMessage) throws(TrainingError) {
        hasStarted = true
        link.start(after: learnedThrough)
        switch (publishedVersion, relayWeightsVersion) {
        case let (restored?, relay?) where relay == restored:
            return  // the relay holds the restored policy already
        case let (restored?, relay) where relay.map({ $0 < restored }) ?? true:
            publishedVersion = restored > 0 ? restored - 1 : nil  // the relay lost it: published again as `restored`
        default:
            publishedVersion = [publishedVersion, relayWeightsVersion].compactMap { $0 }.max()
        }
        try publish(weights, waiting: true)
    }

    /// Publishes the next version (the weights made for its number); with `waiting`, returns once
    /// the relay holds it.
    func publish(_ weights: (UInt64) -> WeightsMessage, waiting: Bool) throws(TrainingError) {
        let version = publishedVersion.map { $0 + 1 } ?? 0
        publishedVersion = version
        let message = weights(version)
        guard waiting else { return link.publish(message) }
        do {
            try link.publishAndWait(message)
        } catch {
            throw .collectorsUnavailable(reason: error.description)
        }
    }

    /// The next packet taken from the relay, waiting for one.
    func nextPacket() throws(TrainingError) -> Swiftrl_Distributed_V1_QueuedPacket {
        if pending.isEmpty {
            do {
                pending = try link.takePackets()
            } catch {
                throw .collectorsUnavailable(reason: error.description)
            }
        }
        return pending.removeFirst()
    }

    /// Every packet through `position` is learned or skipped.
    func finish(position: UInt64) {
        learnedThrough = position
        if queueRelease == .onceLearned { link.release(through: position) }
    }

    /// After the last step of a run that releases once learned: lets the relay hear the last release.
    func waitForFinalRelease() {
        if queueRelease == .onceLearned { link.waitForRelease(through: learnedThrough, timeout: .seconds(1)) }
    }

    /// Where the trainer stands, for a snapshot (`transitionsIntoNext` of the packet after it learned).
    func queuePosition(transitionsIntoNext: Int) -> CollectorQueuePosition {
        snapshotPosition = learnedThrough
        return CollectorQueuePosition(learnedThrough: learnedThrough, transitionsIntoNext: transitionsIntoNext,
                                      weightsVersion: publishedVersion ?? 0)
    }

    /// The queue position of a trainer's snapshot, checked before anything is restored.
    /// - Throws: ``SnapshotError`` for a snapshot of a run that collected its own samples, or once started.
    func restorableQueue(of snapshot: TrainingSnapshot) throws(SnapshotError) -> CollectorQueuePosition {
        guard let queue = snapshot.collectorQueue else {
            throw .invalidValue(name: "collector_queue",
                                reason: "is missing: the run collected its own samples, resume it without --server")
        }
        guard !hasStarted else { throw .invalidValue(name: "collector_queue", reason: "cannot be restored once the trainer has started") }
        return queue
    }

    /// Goes on from a restored queue position.
    func restore(_ queue: CollectorQueuePosition) {
        learnedThrough = queue.learnedThrough
        publishedVersion = queue.weightsVersion
    }

    /// Lets the relay delete what the latest snapshot's checkpoint holds (with
    /// ``RelayTrainingSession/QueueRelease/atCheckpoints``); after the run's last step, waits up to a
    /// second for the relay to hear it.
    func checkpointSaved(runFinished: Bool) {
        guard queueRelease == .atCheckpoints, let snapshotPosition else { return }
        link.release(through: snapshotPosition)
        if runFinished { link.waitForRelease(through: snapshotPosition, timeout: .seconds(1)) }
    }
}
