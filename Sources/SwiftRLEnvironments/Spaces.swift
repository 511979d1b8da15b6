/// A box in ℝⁿ: per-dimension lower and upper bounds (infinite where unbounded), as in Gymnasium's `Box`.
public struct BoxSpace: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Lower bounds, one per dimension.
    public var low: [Float]
    /// Upper bounds, one per dimension.
    public var high: [Float]

    /// Creates a box from per-dimension bounds of equal length.
    public init(low: [Float], high: [Float]) {
        precondition(low.count == high.count, "BoxSpace bounds differ in length: \(low.count) and \(high.count)")
        self.low = low
        self.high = high
    }

    /// The number of dimensions.
    public var dimension: Int { low.count }

    /// Whether `values` has this box's dimension and lies inside it.
    public func contains(_ values: [Float]) -> Bool {
        values.count == dimension && values.indices.allSatisfy { low[$0] <= values[$0] && values[$0] <= high[$0] }
    }

    public var description: String {
        func bound(_ values: [Float]) -> String {
            Set(values).count == 1 ? "\(values[0])" : "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        }
        return "Box(\(bound(low)), \(bound(high)), (\(dimension),))"
    }
}

/// The actions an environment accepts.
///
/// Actions always travel as `[Float]`: a continuous action is the vector itself, a discrete action is
/// one element holding the chosen index (`[2]` for action 2).
public enum ActionSpace: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Continuous actions inside a box.
    case box(BoxSpace)
    /// One of `count` discrete actions, 0..<count.
    case discrete(count: Int)

    /// The length of the action vector.
    public var dimension: Int {
        switch self {
        case .box(let box): box.dimension
        case .discrete: 1
        }
    }

    public var description: String {
        switch self {
        case .box(let box): box.description
        case .discrete(let count): "Discrete(\(count))"
        }
    }

    /// Whether `action` (``dimension`` values) is one an environment of this space accepts: an
    /// integer index in 0..<count, or finite values (a box's environments clip them to the box).
    public func accepts(_ action: UnsafePointer<Float>) -> Bool {
        switch self {
        case .box(let box): (0..<box.dimension).allSatisfy { action[$0].isFinite }
        case .discrete(let count):
            // In range first, so that the conversion cannot trap.
            action[0] >= 0 && action[0] < Float(count) && Float(Int(action[0])) == action[0]
        }
    }
}
