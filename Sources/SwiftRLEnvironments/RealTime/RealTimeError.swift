/// Why a ``RealTimeConfiguration`` or a ``RealTimeEnvironment`` could not be created.
public enum RealTimeError: Error, CustomStringConvertible, Equatable {
    /// A time step duration that is not positive.
    case invalidTimeStepDuration(Duration)
    /// An observation capture start outside `0...timeStepDuration`.
    case invalidObservationCaptureStart(Duration, timeStepDuration: Duration)
    /// A time-out factor that is not above 0 (NaN included).
    case invalidTimeOutFactor(Double)
    /// A maximum episode length below 1 step.
    case invalidEpisodeLength(Int)
    /// A negative action buffer length.
    case invalidActionBufferLength(Int)
    /// A benchmark Polyak factor outside `(0, 1]`.
    case invalidBenchmarkPolyak(Double)
    /// An interface whose default action is not one its action space accepts.
    case invalidDefaultAction([Float], actionSpace: ActionSpace)

    /// A one-line message, such as `invalid time step duration -0.05 seconds: expected a positive duration`.
    public var description: String {
        switch self {
        case .invalidTimeStepDuration(let duration):
            "invalid time step duration \(duration): expected a positive duration"
        case .invalidObservationCaptureStart(let start, let timeStepDuration):
            "invalid observation capture start \(start): expected 0 to the time step duration \(timeStepDuration)"
        case .invalidTimeOutFactor(let factor):
            "invalid time-out factor \(factor): expected a number above 0"
        case .invalidEpisodeLength(let length):
            "invalid maximum episode length \(length): expected at least 1 step"
        case .invalidActionBufferLength(let length):
            "invalid action buffer length \(length): expected 0 or more actions"
        case .invalidBenchmarkPolyak(let factor):
            "invalid benchmark Polyak factor \(factor): expected a number in (0, 1]"
        case .invalidDefaultAction(let action, let actionSpace):
            "invalid default action \(action) for the action space \(actionSpace)"
        }
    }
}
