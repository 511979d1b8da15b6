/// What happens to each element of `C` after its sum: the epilogues of `MatrixMultiply`.
enum EpilogueKind: String {
    case none
    case relu
    case reluDerivative = "relu′"
}

/// One product `C = epilogue(start + A · B)` of the benchmark; `A[i, p]` is `a[i · aRowStride + p · aColumnStride]`.
struct Product {
    let name: String
    let m: Int, n: Int, k: Int
    let aRowStride: Int, aColumnStride: Int
    let epilogue: EpilogueKind
    /// How many times one default SAC step computes this product (0 for the headline shapes).
    let callsPerStep: Int
    /// Whether every row starts from a bias (the forward products) rather than from +0.
    let bias: Bool

    init(_ name: String, _ m: Int, _ n: Int, _ k: Int, _ aRowStride: Int, _ aColumnStride: Int,
         _ epilogue: EpilogueKind, calls: Int, bias: Bool = false) {
        (self.name, self.m, self.n, self.k) = (name, m, n, k)
        (self.aRowStride, self.aColumnStride, self.epilogue) = (aRowStride, aColumnStride, epilogue)
        (self.callsPerStep, self.bias) = (calls, bias)
    }

    /// Floating-point operations of one call: a multiply and an add per term.
    var flops: Double { Double(2 * m * n * k) }

    /// The elements `A` spans.
    var aCount: Int { (m - 1) * aRowStride + (k - 1) * aColumnStride + 1 }

    /// `m × n × k`.
    var dimensions: String { "\(m) × \(n) × \(k)" }
}

/// The products of one default SAC step: batch 100, [64, 64] networks, observation 3, action 1
/// (an actor with a 2-wide head, two critics over observation + action, their targets).
let sacStep: [Product] = [
    Product("forward 3 → 64", 100, 64, 3, 3, 1, .relu, calls: 1, bias: true),
    Product("forward 4 → 64", 100, 64, 4, 4, 1, .relu, calls: 6, bias: true),
    Product("forward 64 → 64", 100, 64, 64, 64, 1, .relu, calls: 8, bias: true),
    Product("forward 64 → 2 (actor head)", 100, 2, 64, 64, 1, .none, calls: 2, bias: true),
    Product("forward 64 → 1 (Q head)", 100, 1, 64, 64, 1, .none, calls: 6, bias: true),
    Product("backward δ 1 → 64", 100, 64, 1, 1, 1, .reluDerivative, calls: 4),
    Product("backward δ 64 → 64", 100, 64, 64, 64, 1, .reluDerivative, calls: 5),
    Product("backward δ 2 → 64", 100, 64, 2, 2, 1, .reluDerivative, calls: 1),
    // The critics' actor-loss pass wants ∂Q/∂a only: the action column of Wᵀ (row stride 4 in SAC, which
    // the dot form copies first, so a contiguous column times the same).
    Product("backward δ 64 → action (input gradient)", 100, 1, 64, 64, 1, .none, calls: 2),
    Product("weight gradient Xᵀδ 64 × 64", 64, 64, 100, 1, 64, .none, calls: 3),
    Product("weight gradient Xᵀδ 4 × 64", 4, 64, 100, 1, 4, .none, calls: 2),
    Product("weight gradient Xᵀδ 3 × 64", 3, 64, 100, 1, 3, .none, calls: 1),
    Product("weight gradient Xᵀδ 64 × 1", 64, 1, 100, 1, 64, .none, calls: 2),
    Product("weight gradient Xᵀδ 64 × 2", 64, 2, 100, 1, 64, .none, calls: 1),
    Product("bias gradient 1ᵀδ 64", 1, 64, 100, 100, 1, .none, calls: 9),
    Product("bias gradient 1ᵀδ 1", 1, 1, 100, 100, 1, .none, calls: 2),
    Product("bias gradient 1ᵀδ 2", 1, 2, 100, 100, 1, .none, calls: 1),
]

/// The shapes the kernel issue quotes, as plain products (no bias, no epilogue) that BLAS computes too.
let headlineProducts: [Product] = [
    Product("A·B", 100, 64, 64, 64, 1, .none, calls: 0),
    Product("AᵀB", 64, 64, 100, 1, 64, .none, calls: 0),
    Product("one observation", 1, 64, 64, 64, 1, .none, calls: 0),
]
