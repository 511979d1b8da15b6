// Single-core speed of SwiftRL's matrix-multiply kernels: every variant the CPU supports on the
// products of a default SAC step, against the peak of the variant's instruction set, against
// MKL and OpenBLAS where installed, and with subnormal inputs. Prints Markdown (see README.md).
import BenchmarkSupport
import Foundation
import SwiftRL

let pinnedCPU = benchmark_pin_to_one_cpu()
print(machineLine(pinnedCPU: pinnedCPU))
print()

// MARK: - Peaks

/// The variants this CPU runs, widest first.
let variants = KernelVariant.allCases.reversed().filter { $0.rawValue <= KernelVariant.supported.rawValue }
var peaks: [KernelVariant: Double] = [:]
for variant in variants { peaks[variant] = PeakLoop(variant).gflops() }
printTable(["peak loop (one core)", "for variant", "GFLOPS"], textColumns: 2, variants.map { variant in
    [PeakLoop(variant).name, "`\(variant)`", peaks[variant].map(gflops) ?? "—"]
})

// MARK: - Kernel variants

let products = sacStep + headlineProducts
let operands = products.map { Operands($0) }
/// Seconds per call of every product (in the order of `products`), per variant; the variants of one
/// product are measured one after the other, so that they meet the same state of the machine.
var times: [KernelVariant: [Double]] = [:]
for product in operands {
    for variant in variants {
        times[variant, default: []].append(variant.withOverride { secondsPerCall(product.multiply) })
    }
}

/// The µs, GFLOPS and % of peak cells of every variant for product `index`.
@MainActor func variantCells(_ index: Int) -> [String] {
    variants.flatMap { variant -> [String] in
        let seconds = times[variant]![index], rate = products[index].flops / seconds / 1e9
        return [microseconds(seconds), gflops(rate), percent(rate, of: peaks[variant])]
    }
}
let variantHeader = variants.flatMap { ["`\($0)` µs", "GFLOPS", "% peak"] }
func strides(_ product: Product) -> String { "(\(product.aRowStride), \(product.aColumnStride))" }

print("One default SAC step (batch 100, [64, 64] networks, observation 3, action 1); µs per call.")
print()
var sacRows = sacStep.indices.map { index in
    let product = sacStep[index]
    return [product.name, product.dimensions, strides(product), product.epilogue.rawValue, "\(product.callsPerStep)"]
        + variantCells(index)
}
let stepFlops = sacStep.reduce(0) { $0 + Double($1.callsPerStep) * $1.flops }
sacRows.append(["**SAC step: Σ calls × µs**", "", "", "", "\(sacStep.reduce(0) { $0 + $1.callsPerStep })"]
    + variants.flatMap { variant -> [String] in
        let seconds = zip(sacStep, times[variant]!).reduce(0) { $0 + Double($1.0.callsPerStep) * $1.1 }
        let rate = stepFlops / seconds / 1e9
        return ["**\(microseconds(seconds))**", "**\(gflops(rate))**", percent(rate, of: peaks[variant])]
    })
printTable(["product", "m × n × k", "A strides", "epilogue", "calls"] + variantHeader, textColumns: 4, sacRows)

print("Headline shapes: C = A · B, no bias, no epilogue; µs per call.")
print()
printTable(["product", "m × n × k", "A strides"] + variantHeader, textColumns: 3, headlineProducts.indices.map { index in
    [headlineProducts[index].name, headlineProducts[index].dimensions, strides(headlineProducts[index])]
        + variantCells(sacStep.count + index)
})

// MARK: - Peers

let peers: [(name: String, peer: Peer?)] = [("MKL", Peer.mkl()), ("OpenBLAS", Peer.openBLAS())]
let peerTimes = peers.map { entry in
    entry.peer.map { peer in operands.suffix(headlineProducts.count).map { operands in
        secondsPerCall { peer.multiply(operands, calls: $0) }
    } }
}
print("Peers, single-threaded `cblas_sgemm` (row-major) on the headline shapes; µs per call (GFLOPS).")
for (name, peer) in peers { print("- \(name): \(peer.map { $0.detail } ?? "not installed")") }
print()
let selected = KernelVariant.selected
printTable(["product", "m × n × k", "SwiftRL `\(selected)`"] + peers.map(\.name), textColumns: 2,
           headlineProducts.indices.map { index in
    let product = headlineProducts[index]
    func cell(_ seconds: Double) -> String { "\(microseconds(seconds)) (\(gflops(product.flops / seconds / 1e9)))" }
    return [product.name, product.dimensions, times[selected].map { cell($0[sacStep.count + index]) } ?? "—"]
        + peerTimes.map { $0.map { cell($0[index]) } ?? "not installed" }
})

// MARK: - Subnormals

let forward = headlineProducts[0]
let normal = operands[sacStep.count], subnormal = Operands(forward, subnormalA: true)
print("Subnormals: \(forward.dimensions) with every element of A subnormal; µs per call.")
print()
var subnormalRows: [[String]] = []
@MainActor func subnormalRow(_ name: String, _ run: (Operands, Int) -> Void) {
    let usual = secondsPerCall { run(normal, $0) }, slow = secondsPerCall { run(subnormal, $0) }
    subnormalRows.append([name, microseconds(usual), microseconds(slow), String(format: "%.2f×", slow / usual)])
}
for variant in variants {
    variant.withOverride { subnormalRow("SwiftRL `\(variant)`") { $0.multiply(calls: $1) } }
}
for case (let name, let peer?) in peers { subnormalRow(name) { peer.multiply($0, calls: $1) } }
printTable(["kernels", "normal A", "subnormal A", "ratio"], textColumns: 1, subnormalRows)
