/// The instants of one elastic time step, rtgym's `_update_timestamps` as a value.
struct ElasticSchedule: Sendable, Hashable {
    /// When the time step began (rtgym `__t_start`).
    var start: Duration
    /// When its observation is captured (rtgym `__t_co`).
    var capture: Duration
    /// When it ends and the next one is due (rtgym `__t_end`).
    var end: Duration

    /// A time step that ends at `now`, as rtgym's `_initialize_time` fakes before the first reset.
    static func ending(at now: Duration, configuration: RealTimeConfiguration) -> ElasticSchedule {
        let start = now - configuration.timeStepDuration
        return ElasticSchedule(start: start, capture: start + configuration.startObservationCapture, end: now)
    }

    /// The time step after this one, begun at `now`: it starts at this one's end while `now` is within
    /// the time-out after that end; past it, it starts at `now`, and `timedOut` is true.
    func next(at now: Duration, configuration: RealTimeConfiguration) -> (schedule: ElasticSchedule, timedOut: Bool) {
        let timedOut = now >= end + configuration.timeStepTimeout
        let start = timedOut ? now : end
        let schedule = ElasticSchedule(
            start: start,
            capture: start + configuration.startObservationCapture,
            end: start + configuration.timeStepDuration
        )
        return (schedule, timedOut)
    }
}
