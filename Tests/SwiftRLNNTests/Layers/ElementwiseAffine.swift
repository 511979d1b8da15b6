import SwiftRLCore
import SwiftRLNN

/// A layer a user could write: `y = a ⊙ x + b` per feature, with an `ElementwiseWorkspace`, its own backward pass,
/// deployed step, PyTorch tensors and C statements. It shows that ``Layer`` is open to programs.
struct ElementwiseAffine: Layer {
    let width: Int
    var inputSize: Int { width }
    var outputSize: Int { width }
    var parameterCount: Int { 2 * width }

    func validate() throws(NetworkShapeError) {
        guard width > 0 else { throw NetworkShapeError("width \(width) is not positive") }
    }

    func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        for j in 0..<width {
            parameters[j] = 1 + generator.uniform(-0.1, 0.1)
            parameters[width + j] = generator.uniform(-0.1, 0.1)
        }
    }

    func makeWorkspace(capacity: Int) -> ElementwiseWorkspace { ElementwiseWorkspace(capacity: capacity, width: width) }

    func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters: UnsafePointer<Float>,
                 initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?, workspace: ElementwiseWorkspace,
                 pool: ThreadPool?) {
        workspace.rows = time * batch
        for row in 0..<workspace.rows {
            for j in 0..<width {
                let x = input[row * width + j]
                workspace.inputs[row * width + j] = x
                workspace.outputs[row * width + j] = parameters[j] * x + parameters[width + j]
            }
        }
    }

    func outputs(of workspace: ElementwiseWorkspace) -> UnsafePointer<Float> {
        UnsafePointer(workspace.outputs)
    }

    func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>, workspace: ElementwiseWorkspace,
                  parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                  pool: ThreadPool?) {
        parameterGradients?.update(repeating: 0, count: parameterCount)
        for row in 0..<workspace.rows {
            for j in 0..<width {
                let g = outputGradient[row * width + j]
                inputGradient?[row * width + j] = g * parameters[j]
                parameterGradients?[j] += g * workspace.inputs[row * width + j]
                parameterGradients?[width + j] += g
            }
        }
    }

    func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                      parameters: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for j in 0..<width { output[j] = parameters[j] * input[j] + parameters[width + j] }
    }

    var pytorchTensorLayout: [(name: String, shape: [Int])] { [("scale", [width]), ("shift", [width])] }

    func pytorchTensors(of values: UnsafePointer<Float>) -> [[Float]] {
        [Array(UnsafeBufferPointer(start: values, count: width)), Array(UnsafeBufferPointer(start: values + width, count: width))]
    }

    func assign(pytorchTensors tensors: [[Float]], into values: UnsafeMutablePointer<Float>) {
        values.update(from: tensors[0] + tensors[1], count: 2 * width)
    }

    func cStatements(prefix: String, layer: Int, input: String, output: String, parameters: String, state: String) -> String {
        "    { int j; for (j = 0; j < \(width); ++j) \(output)[j] = (\(parameters))[j] * \(input)[j] + (\(parameters))[\(width) + j]; }\n"
    }
}
