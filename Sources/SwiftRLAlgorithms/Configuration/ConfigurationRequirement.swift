/// What a configuration value must be, carried as the underlying error of a `DecodingError` that a
/// configuration type throws itself (a stop condition without its `kind`, or with a kind there is
/// none of), so that the reported error says what would be accepted.
package struct ConfigurationRequirement: Error, Equatable {
    /// The requirement, such as `one of steps, wall_clock, …`.
    package let text: String

    package init(_ text: String) {
        self.text = text
    }
}
