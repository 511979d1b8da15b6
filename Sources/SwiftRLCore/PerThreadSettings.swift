import SwiftRLKernels

/// The per-thread state that a ``ThreadPool`` carries from the thread that calls `run` to the
/// workers that run its indices: the kernel variant override of ``KernelVariant/withOverride(_:)``.
///
/// A worker applies the settings captured by `run` around each index it runs, so an index sees the
/// same settings on whichever thread runs it.
struct PerThreadSettings: Sendable {
    /// The calling thread's kernel variant override, or −1 for none.
    let kernelOverride: Int32

    /// The settings of the calling thread.
    static func capture() -> PerThreadSettings {
        PerThreadSettings(kernelOverride: swiftrl_kernels_thread_override())
    }

    /// Calls `body` with these settings in force on the calling thread, and restores that thread's
    /// own settings afterwards.
    func applied<T>(_ body: () throws -> T) rethrows -> T {
        let own = swiftrl_kernels_thread_override()
        guard own != kernelOverride else { return try body() }
        swiftrl_kernels_set_thread_override(kernelOverride)
        defer { swiftrl_kernels_set_thread_override(own) }
        return try body()
    }
}
