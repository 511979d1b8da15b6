import Testing

import SwiftRLNN

/// Each dense layer names the C kernels it needs and writes its own statements.
@Suite("Dense layers' C export")
struct DenseLayerCExportTests {
    @Test("the product kernel follows SwiftRL's: narrow below 4 outputs from 16 inputs up")
    func productKernels() {
        let layers = MLPArchitecture(inputSize: 3, hiddenSizes: [20, 3], outputSize: 1, hiddenActivation: .tanh).layers
        #expect(layers.map(\.productKernel) == [.denseWide, .denseNarrow, .denseWide])
        #expect(layers.map(\.cKernels) == [[.denseWide, .tanh], [.denseNarrow, .tanh], [.denseWide]])
    }

    @Test("the statements call the product, then the activation in place")
    func statements() {
        let layer = MLPArchitecture(inputSize: 3, hiddenSizes: [4], outputSize: 2, hiddenActivation: .relu).layers[0]
        #expect(layer.cStatements(prefix: "p", input: "x", output: "h1", weights: "p_w0", biases: "p_b0")
                == "    p_dense_wide(x, p_w0, p_b0, h1, 3, 4);\n    p_relu(h1, 4);\n")
        #expect(CKernel.allCases.sorted() == CKernel.allCases)
        #expect(CKernel.allCases.allSatisfy { $0.definition(prefix: "p").contains("static inline void p_\($0.name)(") })
    }
}
