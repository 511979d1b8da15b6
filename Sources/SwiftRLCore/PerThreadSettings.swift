/// The per-thread state that a ``ThreadPool`` carries from the thread that calls `run` to the
/// workers that run its indices.
///
/// A worker applies the settings captured by `run` around each index it runs, so an index sees the
/// same settings on whichever thread runs it. There are none yet: `capture()` returns an empty value
/// and `applied(_:)` just calls its body.
struct PerThreadSettings: Sendable {
    /// The settings of the calling thread.
    static func capture() -> PerThreadSettings {
        PerThreadSettings()
    }

    /// Calls `body` with these settings in force on the calling thread, and restores that thread's
    /// own settings afterwards.
    func applied<T>(_ body: () throws -> T) rethrows -> T {
        try body()
    }
}
