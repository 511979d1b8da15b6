import Foundation
import SwiftRLCore
import SwiftRLNN

/// A layer as a user writes one: Swish with a learned slope per feature (Ramachandran et al., 2017),
/// `y = x · σ(β ⊙ x)`, β starting at 1. It keeps its pass in an `ElementwiseWorkspace` and has its own backward pass, deployed step,
/// PyTorch tensor and C statements.
struct Swish: Layer {
    let width: Int
    var inputSize: Int { width }
    var outputSize: Int { width }
    var parameterCount: Int { width }

    func validate() throws(NetworkShapeError) {
        guard width > 0 else { throw NetworkShapeError("width \(width) is not positive") }
    }

    func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        parameters.update(repeating: 1, count: width)
    }

    func makeWorkspace(capacity: Int) -> ElementwiseWorkspace { ElementwiseWorkspace(capacity: capacity, width: width) }

    private static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters: UnsafePointer<Float>,
                 initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?, workspace: ElementwiseWorkspace,
                 pool: ThreadPool?) {
        workspace.rows = time * batch
        workspace.inputs.update(from: input, count: workspace.rows * width)
        for row in 0..<workspace.rows { apply(input + row * width, parameters: parameters, output: workspace.outputs + row * width) }
    }

    func outputs(of workspace: ElementwiseWorkspace) -> UnsafePointer<Float> { UnsafePointer(workspace.outputs) }

    func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>, workspace: ElementwiseWorkspace,
                  parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                  pool: ThreadPool?) {
        parameterGradients?.update(repeating: 0, count: width)
        for row in 0..<workspace.rows {
            for j in 0..<width {
                let x = workspace.inputs[row * width + j], beta = parameters[j]
                let s = Self.sigmoid(beta * x), slope = s * (1 - s), g = outputGradient[row * width + j]
                inputGradient?[row * width + j] = g * (s + beta * x * slope)
                parameterGradients?[j] += g * x * x * slope
            }
        }
    }

    func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                      parameters: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        apply(input, parameters: parameters, output: output)
    }

    private func apply(_ input: UnsafePointer<Float>, parameters: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for j in 0..<width { output[j] = input[j] * Self.sigmoid(parameters[j] * input[j]) }
    }

    var pytorchTensorLayout: [(name: String, shape: [Int])] { [("beta", [width])] }

    func pytorchTensors(of values: UnsafePointer<Float>) -> [[Float]] {
        [Array(UnsafeBufferPointer(start: values, count: width))]
    }

    func assign(pytorchTensors tensors: [[Float]], into values: UnsafeMutablePointer<Float>) {
        values.update(from: tensors[0], count: width)
    }

    func cStatements(prefix: String, layer: Int, input: String, output: String, parameters: String, state: String) -> String {
        "    { int j; for (j = 0; j < \(width); ++j) \(output)[j] = \(input)[j] * (1.0f / (1.0f + expf(-((\(parameters))[j] * \(input)[j])))); }\n"
    }
}
