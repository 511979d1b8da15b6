/// Elementwise functions on SIMD vectors that the standard library does not vectorize.
///
/// On Linux, `Float.squareRoot()` (and so `SIMD16<Float>.squareRoot()`) calls libm's `sqrtf`
/// lane by lane to keep `errno` semantics, about 2.5 ns per element. These versions use only
/// multiplications, additions and integer arithmetic, which every build vectorizes.
public enum VectorMath {
    /// √x for non-negative lanes, within a few ulp: a bit-level estimate of 1/√x refined by three
    /// Newton steps, multiplied by x (so √0 = 0 exactly). Deterministic on every IEEE-754 machine.
    @inlinable
    @inline(__always)
    public static func squareRoot(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        var r = unsafeBitCast(SIMD16<UInt32>(repeating: 0x5F37_5A86) &- (bits &>> 1), to: SIMD16<Float>.self)
        let half = 0.5 * x
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        return x * r
    }
}
