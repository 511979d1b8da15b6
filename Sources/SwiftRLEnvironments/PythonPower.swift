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
