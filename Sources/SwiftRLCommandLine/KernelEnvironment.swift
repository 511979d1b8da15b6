import ArgumentParser
import SwiftRL

/// Checks the kernel settings that come from the environment.
enum KernelEnvironment {
    /// Throws when `SWIFTRL_KERNELS` holds something other than a variant's name.
    static func validate() throws {
        if let value = KernelVariant.invalidEnvironmentValue {
            throw ValidationError("SWIFTRL_KERNELS must be avx512, avx2 or portable, got '\(value)'")
        }
    }
}
