import Foundation

import SwiftRLKernels

/// The instruction-set variants of SwiftRL's numeric kernels.
///
/// The widest variant the CPU supports is chosen once, at the first kernel call; the environment
/// variable `SWIFTRL_KERNELS=avx512|avx2|portable` caps the choice. Every variant computes the
/// same bits, so the choice changes speed only.
///
/// ```swift
/// print(KernelVariant.selected)                        // "avx512" on a recent x86-64 server
/// KernelVariant.portable.withOverride { /* this thread and the pools it submits to run portable kernels */ }
/// ```
public enum KernelVariant: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Plain C with `fmaf` (SSE2 on x86-64, NEON on arm64).
    case portable = 0
    /// AVX2 with FMA.
    case avx2 = 1
    /// AVX-512 F + VL with FMA.
    case avx512 = 2

    /// The widest variant this CPU supports.
    public static var supported: KernelVariant { KernelVariant(swiftrl_kernels_supported()) }

    /// The variant kernels run on threads without an override: ``supported`` capped by `SWIFTRL_KERNELS`.
    public static var selected: KernelVariant { KernelVariant(swiftrl_kernels_selected()) }

    /// The variant kernels called on this thread run.
    public static var active: KernelVariant { KernelVariant(swiftrl_kernels_active()) }

    /// The value of `SWIFTRL_KERNELS` when it is set to something other than a variant's name
    /// (then it is ignored); `nil` when it is unset or valid.
    public static var invalidEnvironmentValue: String? {
        guard swiftrl_kernels_environment_is_valid() == 0 else { return nil }
        return ProcessInfo.processInfo.environment["SWIFTRL_KERNELS"]
    }

    /// Runs `body` with this variant (capped by what the CPU supports) on the calling thread;
    /// a ``ThreadPool`` carries it to the threads that work for this one.
    public func withOverride<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = swiftrl_kernels_thread_override()
        swiftrl_kernels_set_thread_override(Int32(rawValue))
        defer { swiftrl_kernels_set_thread_override(previous) }
        return try body()
    }

    /// The name `SWIFTRL_KERNELS` takes: `portable`, `avx2` or `avx512`.
    public var description: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avx512: "avx512"
        }
    }

    private init(_ variant: swiftrl_kernel_variant) {
        self = KernelVariant(rawValue: Int(variant.rawValue)) ?? .portable
    }
}
