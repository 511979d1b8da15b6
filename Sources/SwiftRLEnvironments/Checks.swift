/// Checks shared by the environments: action and observation shapes.
///
/// A malformed action or observation buffer is a programming error, so these stop the program with
/// a message naming the environment, as Gymnasium's `assert self.action_space.contains(action)` does.
enum Checks {
    /// Returns the index held by a discrete action, stopping if it is not one valid index.
    static func discreteIndex(_ action: [Float], count: Int, environment: String) -> Int {
        precondition(
            action.count == 1,
            "\(environment): a discrete action is one value holding its index, got \(action.count) values"
        )
        let value = action[0]
        // In range first, so that the conversion cannot trap; `Float(Int(value)) == value` rather than
        // `rounded()`, which is a library call without SSE4.1.
        precondition(
            value >= 0 && value < Float(count) && Float(Int(value)) == value,
            "\(environment): invalid action \(value); expected an integer index in 0..<\(count)"
        )
        return Int(value)
    }

    /// Returns the single value of a one-dimensional continuous action, stopping on any other count.
    static func scalar(_ action: [Float], environment: String) -> Float {
        precondition(action.count == 1, "\(environment): expected an action of 1 value, got \(action.count)")
        return action[0]
    }

    /// Stops if `observation` cannot receive `dimension` values.
    static func checkObservation(_ observation: [Float], dimension: Int, environment: String) {
        precondition(
            observation.count == dimension,
            "\(environment): the observation buffer holds \(observation.count) values, expected \(dimension)"
        )
    }
}

/// `x` limited to `lower...upper`, keeping NaN, as NumPy's `np.clip` on a scalar does.
func clip<Value: FloatingPoint>(_ x: Value, _ lower: Value, _ upper: Value) -> Value {
    x.isNaN ? x : Swift.min(Swift.max(x, lower), upper)
}
