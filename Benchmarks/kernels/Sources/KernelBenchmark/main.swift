// GFLOPS of `MatrixMultiply.compute` on one core for the products of a default SAC step
// (batch 100, [64, 64] networks): the best of 5 rounds of 20,000 calls per shape.
import Foundation
import SwiftRL

struct Shape {
    let name: String, m: Int, n: Int, k: Int, aRowStride: Int, aColumnStride: Int
}

let batch = 100
let shapes = [
    Shape(name: "forward 64 -> 64", m: batch, n: 64, k: 64, aRowStride: 64, aColumnStride: 1),
    Shape(name: "forward 4 -> 64", m: batch, n: 64, k: 4, aRowStride: 4, aColumnStride: 1),
    Shape(name: "forward 64 -> 1 (value head)", m: batch, n: 1, k: 64, aRowStride: 64, aColumnStride: 1),
    Shape(name: "weight gradient 64 x 64", m: 64, n: 64, k: batch, aRowStride: 1, aColumnStride: 64),
    Shape(name: "weight gradient 64 x 1", m: 64, n: 1, k: batch, aRowStride: 1, aColumnStride: 64),
    Shape(name: "single observation 64 -> 64", m: 1, n: 64, k: 64, aRowStride: 64, aColumnStride: 1),
]

func filled(_ count: Int, _ scale: Float) -> UnsafeMutablePointer<Float> {
    let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
    for index in 0..<count { buffer[index] = Float(index % 7) * scale }
    return buffer
}

print("| product | m × n × k | µs per call | GFLOPS |")
print("|---|---|---:|---:|")
for shape in shapes {
    let a = filled(shape.m * shape.k, 0.1), b = filled(shape.k * shape.n, 0.01)
    let bias = filled(shape.n, 0.5), c = filled(shape.m * shape.n, 0)
    let calls = 20_000
    var best = Double.infinity
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls {
            MatrixMultiply.compute(m: shape.m, n: shape.n, k: shape.k, a: a, aRowStride: shape.aRowStride,
                                   aColumnStride: shape.aColumnStride, b: b, c: c, bias: bias, accumulate: false)
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(calls))
    }
    let flops = Double(2 * shape.m * shape.n * shape.k)
    print("| \(shape.name) | \(shape.m) × \(shape.n) × \(shape.k) | \(String(format: "%.2f", best * 1e6)) | \(String(format: "%.1f", flops / best / 1e9)) |")
    [a, b, bias, c].forEach { $0.deallocate() }
}
