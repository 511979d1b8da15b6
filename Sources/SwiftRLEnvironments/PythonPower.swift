import Foundation
#if os(Linux) && canImport(Glibc)
import Glibc
#endif

// `x ** y` exactly as Gymnasium computes it: CPython's float power and NumPy's float32 power call
// C's `pow` / `powf`. An optimizing build rewrites `pow(x, 2)` as `x * x`, which differs from glibc's
// `pow` in the last bit for about 0.07% of inputs, so these wrappers are compiled without
// optimization: the library call stays, in debug and release builds alike.

/// `x ** y` in double precision, as CPython computes it.
@_optimize(none)
func pythonPower(_ x: Double, _ y: Double) -> Double {
    Foundation.pow(x, y)
}

/// `x ** y` in single precision, as NumPy computes it for float32.
@_optimize(none)
func pythonPower(_ x: Float, _ y: Float) -> Float {
    Foundation.pow(x, y)
}

// `x ** 2`, the bits of `pow(x, 2)` and `powf(x, 2)` at a fraction of their cost. glibc's functions
// (Arm's optimized routines; glibc's earlier `pow` was correctly rounded) compute the power with a
// small error δ (in ULP of the result) and then round once: their result is the correctly rounded
// square, which is the product `x * x`, whenever the exact square lies farther than δ from every
// midpoint between two floats (an exact square included). The product's rounding error (exact by a
// fused multiply-add: x² = p + e) measures that distance; the product is returned when it is larger
// than δ with a margin, and the library decides the rest, as it does where the error could be
// inexact (tiny or huge squares, infinity, NaN):
// - `pow`: within 0.54 ULP over its whole range, 0.5 of it the final rounding: δ < 0.04; the product
//   is returned beyond 0.05 ULP of a midpoint (|e| < 0.45 ULP), for about 90 % of squares;
// - `powf` (since glibc 2.27): exp2(y·log2 x) in double with a relative error of at most
//   |y·log2 x|·ln 2·1.83·2⁻³³ + 1.69·2⁻³⁴, then one rounding to float: for squares in [2⁻³², 2³²],
//   |y·log2 x| ≤ 32 and δ ≤ 0.081 ULP; the product is returned beyond 0.1 ULP of a midpoint
//   (|e| < 0.4 ULP), for about 80 % of squares.
// Elsewhere than glibc on Linux, or with a glibc older than 2.27 for `powf`, every square calls the library.

/// `x ** 2` in double precision, bit for bit `pythonPower(x, 2)`.
@inline(__always)
func pythonSquare(_ x: Double) -> Double {
    #if os(Linux) && canImport(Glibc)
    let product = x * x
    let error = (-product).addingProduct(x, x)
    // nextDown's ULP is the smaller of the ULPs on the two sides of a power of two.
    if product >= 0x1p-960, product <= 0x1p1000, abs(error) < 0.45 * product.nextDown.ulp { return product }
    #endif
    return pythonPower(x, 2)
}

/// `x ** 2` in single precision, bit for bit `pythonPower(x, 2)`.
@inline(__always)
func pythonSquare(_ x: Float) -> Float {
    #if os(Linux) && canImport(Glibc)
    let product = x * x
    let error = (-product).addingProduct(x, x)
    if glibcHasArmPowf, product >= 0x1p-32, product <= 0x1p32, abs(error) < 0.4 * product.nextDown.ulp { return product }
    #endif
    return pythonPower(x, 2)
}

#if os(Linux) && canImport(Glibc)
/// Whether glibc is 2.27 or later, whose `powf` is Arm's.
private let glibcHasArmPowf: Bool = {
    var text = [CChar](repeating: 0, count: 64)     // "glibc 2.36"
    guard confstr(Int32(_CS_GNU_LIBC_VERSION), &text, text.count) > 0 else { return false }
    let version = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let parts = version.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
    return parts.count >= 2 && (parts[0], parts[1]) >= (2, 27)
}()
#endif
