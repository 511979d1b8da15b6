import Foundation

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

// `x ** 2` in double precision, the bits of `pow(x, 2)` at a fraction of its cost. glibc's `pow`
// (Arm's optimized routine) is within 0.54 ULP of the exact result (its documented worst case; a
// correctly rounded `pow` is within 0.5), so when the exact square lies more than 0.04 ULP from
// the midpoint between two doubles, no double but the nearest is within its error, and `pow`
// returns what the correctly rounded product `x * x` is. The product's rounding error (exact by a
// fused multiply-add: x² = p + e) measures that distance; within 0.05 ULP of a midpoint, or where
// the error could be inexact (tiny or huge squares, infinity, NaN), `pow` itself decides. About
// 90 % of squares take the product. (NumPy's float32 squares keep `powf`, whose bound is looser;
// with another C library than glibc, every square calls its `pow`.)

/// `x ** 2` in double precision, bit for bit `pythonPower(x, 2)`.
@inline(__always)
func pythonSquare(_ x: Double) -> Double {
    #if canImport(Glibc)
    let product = x * x
    let error = (-product).addingProduct(x, x)
    // nextDown's ULP is the smaller of the ULPs on the two sides of a power of two.
    if product >= 0x1p-960, product <= 0x1p1000, abs(error) < 0.45 * product.nextDown.ulp { return product }
    #endif
    return pythonPower(x, 2)
}
