/// A network shape or parameter vector read from a file or given by a caller that no network can
/// have (a size that is not positive or too large, more parameters than can be counted, parameters
/// that disagree with the shape or are not finite), or a policy whose parts do not fit its network.
public struct NetworkShapeError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, in one line.
    public var description: String

    /// Creates an error that says `description`.
    public init(_ description: String) {
        self.description = description
    }
}
