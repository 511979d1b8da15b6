/// What every trainer behind a relay offers the process that runs its workers
/// (``RelayTrainingSession`` for SAC and TD3, ``RelayPPOTrainingSession`` for PPO).
public protocol RelayTrainerRole: AnyObject, Sendable {
    /// Ends the wait for samples: the step waiting for some, and every later one, throws
    /// ``SwiftRLAlgorithms/TrainingError/collectorsUnavailable(reason:)`` with `reason` (call it from
    /// any thread when the workers are known to be gone).
    func collectorsFailed(_ reason: String)
    /// Ends the connection to the relay (the trainer takes and publishes nothing more) and waits
    /// until it is closed.
    func disconnect()
}
