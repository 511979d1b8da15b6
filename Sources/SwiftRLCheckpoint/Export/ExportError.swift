/// A policy that cannot be exported as a C header.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    /// The prefix is not a C identifier (letters, digits and `_`, not starting with a digit).
    case invalidPrefix(String)
    /// A weight, bias or bound is infinite or NaN, which a C99 literal cannot hold.
    case nonFiniteValue(name: String, index: Int)
    /// A metadata text (algorithm or environment name) holds characters a C comment cannot carry.
    case invalidMetadata(field: String, value: String)
    /// An example input's length differs from the policy's observation length.
    case exampleInputSize(expected: Int, found: Int)
    /// The policy's network has layers other than dense ones, which a header holds behind its
    /// optional LSTM or GRU; the layers' types are given.
    case unsupportedNetwork(String)

    public var description: String {
        switch self {
        case .invalidPrefix(let prefix):
            "invalid C prefix '\(prefix)': use letters, digits and '_', not starting with a digit"
        case .nonFiniteValue(let name, let index):
            "cannot export a non-finite value (\(name)[\(index)]): C99 has no literal for infinity or NaN"
        case .invalidMetadata(let field, let value):
            "cannot export \(field) '\(value)': use printable ASCII without '*/' and without spaces"
        case .exampleInputSize(let expected, let found):
            "example input has \(found) values, the policy expects \(expected)"
        case .unsupportedNetwork(let layers):
            "cannot export a network of layers \(layers) as a header, which holds dense layers; "
                + "write C for other layers with Sequential.cFunctions(prefix:parameters:)"
        }
    }
}
