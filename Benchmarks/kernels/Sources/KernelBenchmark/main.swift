// Single-core speed of SwiftRL's matrix-multiply kernels: every variant the CPU supports on the
// products of a default SAC step, against the peak of the variant's instruction set, against
// MKL and OpenBLAS where installed, and with subnormal inputs. Prints Markdown (see README.md).
import BenchmarkSupport
import Foundation
import SwiftRL

let pinnedCPU = benchmark_pin_to_one_cpu()
print(machineLine(pinnedCPU: pinnedCPU))
print()

// MARK: - What to measure

/// The variants this CPU runs, widest first.
let variants = KernelVariant.allCases.reversed().filter { $0.rawValue <= KernelVariant.supported.rawValue }
let products = sacStep + headlineProducts
let operands = products.map { Operands($0) }
let peers: [(name: String, peer: Peer?)] = [("MKL", Peer.mkl()), ("OpenBLAS", Peer.openBLAS())]
/// The A·B headline product with every element of A subnormal.
let subnormal = Operands(headlineProducts[0], subnormalA: true)

/// Everything to time, measured together by `secondsPerCall`; the indices below point into it.
var cases: [(Int) -> Void] = []
@MainActor func add(_ run: @escaping (Int) -> Void) -> Int {
    cases.append(run)
    return cases.count - 1
}
#if arch(x86_64)
let peakCases: [Int]? = variants.map { variant in add { _ = PeakLoop(variant).run($0) } }
#else
let peakCases: [Int]? = nil
#endif
/// [product][variant]
let kernelCases = operands.map { buffers in
    variants.map { variant in add { calls in variant.withOverride { buffers.multiply(calls: calls) } } }
}
/// [peer][headline product], nil for a peer that is not installed.
let peerCases = peers.map { entry in
    entry.peer.map { peer in operands.suffix(headlineProducts.count).map { buffers in add { peer.multiply(buffers, calls: $0) } } }
}
let subnormalCases = variants.map { variant in add { calls in variant.withOverride { subnormal.multiply(calls: calls) } } }
let subnormalPeerCases = peers.map { entry in entry.peer.map { peer in add { peer.multiply(subnormal, calls: $0) } } }

let times = secondsPerCall(cases)

// MARK: - Peaks

let peaks = peakCases.map { indices in
    Dictionary(uniqueKeysWithValues: zip(variants, indices).map { variant, index in
        (variant, Double(PeakLoop(variant).flops) / times[index] / 1e9)
    })
} ?? [:]
printTable(["peak loop (one core)", "for variant", "GFLOPS"], textColumns: 2, variants.map { variant in
    [PeakLoop(variant).name, "`\(variant)`", peaks[variant].map(gflops) ?? "—"]
})

// MARK: - Kernel variants

/// The µs, GFLOPS and % of peak cells of every variant for product `index` of `products`.
@MainActor func variantCells(_ index: Int) -> [String] {
    zip(variants, kernelCases[index]).flatMap { variant, timeIndex -> [String] in
        let seconds = times[timeIndex], rate = products[index].flops / seconds / 1e9
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
    + variants.indices.flatMap { v -> [String] in
        let seconds = sacStep.indices.reduce(0) { $0 + Double(sacStep[$1].callsPerStep) * times[kernelCases[$1][v]] }
        let rate = stepFlops / seconds / 1e9
        return ["**\(microseconds(seconds))**", "**\(gflops(rate))**", percent(rate, of: peaks[variants[v]])]
    })
printTable(["product", "m × n × k", "A strides", "epilogue", "calls"] + variantHeader, textColumns: 4, sacRows)

print("Headline shapes: C = A · B, no bias, no epilogue; µs per call.")
print()
printTable(["product", "m × n × k", "A strides"] + variantHeader, textColumns: 3, headlineProducts.indices.map { index in
    [headlineProducts[index].name, headlineProducts[index].dimensions, strides(headlineProducts[index])]
        + variantCells(sacStep.count + index)
})

// MARK: - Peers

print("Peers, single-threaded `cblas_sgemm` (row-major) on the headline shapes; µs per call (GFLOPS).")
for (name, peer) in peers { print("- \(name): \(peer.map(\.detail) ?? "not installed")") }
print()
let selected = variants.firstIndex(of: KernelVariant.selected) ?? 0
printTable(["product", "m × n × k", "SwiftRL `\(variants[selected])`"] + peers.map(\.name), textColumns: 2,
           headlineProducts.indices.map { index in
    let product = headlineProducts[index]
    func cell(_ timeIndex: Int) -> String {
        "\(microseconds(times[timeIndex])) (\(gflops(product.flops / times[timeIndex] / 1e9)))"
    }
    return [product.name, product.dimensions, cell(kernelCases[sacStep.count + index][selected])]
        + peerCases.map { $0.map { cell($0[index]) } ?? "not installed" }
})

// MARK: - Subnormals

print("Subnormals: \(headlineProducts[0].dimensions) with every element of A subnormal, against the normal A of the A·B row; µs per call.")
print()
func subnormalRow(_ name: String, normal: Int, subnormal: Int) -> [String] {
    [name, microseconds(times[normal]), microseconds(times[subnormal]), String(format: "%.2f×", times[subnormal] / times[normal])]
}
let normalIndex = sacStep.count
printTable(["kernels", "normal A", "subnormal A", "ratio"], textColumns: 1,
           variants.indices.map { v in
               subnormalRow("SwiftRL `\(variants[v])`", normal: kernelCases[normalIndex][v], subnormal: subnormalCases[v])
           }
           + peers.indices.compactMap { p in
               guard let normal = peerCases[p]?[0], let slow = subnormalPeerCases[p] else { return nil }
               return subnormalRow(peers[p].name, normal: normal, subnormal: slow)
           })
