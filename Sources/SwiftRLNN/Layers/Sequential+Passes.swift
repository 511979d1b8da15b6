import SwiftRLCore

extension Sequential {
    /// This network as the MLP of `dense`'s architecture, whose passes it runs on: the workspace
    /// matched its layers (``SequentialWorkspace/fits(_:)``), but its own ``denseArchitecture`` may
    /// carry a hidden activation it never uses where the workspace's does not, or the reverse.
    private func mlp(shapedLike dense: MLPWorkspace) -> MLP {
        MLP(architecture: dense.architecture, parameters: parameters)
    }

    /// Runs `batch` sequences of `time` steps through every layer, caching the pass in `workspace`
    /// (on the MLP's passes when the network has a ``denseArchitecture``: the same bits).
    /// - Parameters:
    ///   - input: `time × batch × inputSize` values, time-major (row `t · batch + b`).
    ///   - initialState: `batch × stateWidth` values laid out as ``stateOffset(ofLayer:batch:)`` says,
    ///     or nil for zeros.
    ///   - episodeStarts: `time × batch` flags where a sequence's state restarts from zero, or nil.
    ///   - pool: threads to share each layer's work between; the bits do not depend on it.
    /// - Returns: the outputs, `time × batch × outputSize` values (in `workspace`).
    @discardableResult
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, initialState: UnsafePointer<Float>?,
                        episodeStarts: UnsafePointer<Bool>?, workspace: SequentialWorkspace,
                        pool: ThreadPool? = nil) -> UnsafePointer<Float> {
        precondition(workspace.fits(self), "a workspace made for another network")
        precondition(time > 0 && batch > 0 && time * batch <= workspace.capacity,
                     "\(time) × \(batch) rows outside the workspace's capacity \(workspace.capacity)")
        workspace.time = time
        workspace.batch = batch
        if let dense = workspace.dense {
            mlp(shapedLike: dense).forward(input, batchSize: time * batch, workspace: dense, pool: pool)
            return dense.output
        }
        let states = initialState ?? UnsafePointer(workspace.zeroState)
        parameters.withUnsafeBufferPointer { parameters in
            var source = input
            for (index, pass) in workspace.passes.enumerated() {
                pass.forward(source, time: time, batch: batch, parameters: parameters.baseAddress! + parameterOffset(ofLayer: index),
                             initialState: states + stateOffset(ofLayer: index, batch: batch), episodeStarts: episodeStarts,
                             pool: pool)
                source = pass.outputs
            }
        }
        return workspace.outputs
    }

    /// Writes each sequence's state after the cached pass into `destination` (`batch × stateWidth`
    /// values, laid out as the initial state).
    public func copyFinalState(of workspace: SequentialWorkspace, into destination: UnsafeMutablePointer<Float>) {
        for (index, pass) in workspace.passes.enumerated() {
            guard let state = pass.finalState else { continue }
            let offset = stateOffset(ofLayer: index, batch: workspace.batch)
            (destination + offset).update(from: state, count: workspace.batch * layers[index].stateWidth)
        }
    }

    /// Backpropagates the cached pass, last layer first (truncated at the pass's start).
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂outputs, `time × batch × outputSize` values.
    ///   - parameterGradients: receives ∂loss/∂parameters (`parameterCount` values, overwritten), or nil.
    ///   - inputGradient: receives ∂loss/∂input (`time × batch × inputSize`), or nil.
    public func backward(outputGradient: UnsafePointer<Float>, workspace: SequentialWorkspace,
                         parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                         pool: ThreadPool? = nil) {
        precondition(workspace.fits(self) && workspace.time > 0, "Sequential.backward needs a forward pass of this network first")
        if let dense = workspace.dense {
            return mlp(shapedLike: dense).backward(outputGradient: outputGradient, workspace: dense,
                                                   parameterGradients: parameterGradients, inputGradient: inputGradient, pool: pool)
        }
        parameters.withUnsafeBufferPointer { parameters in
            var gradient = outputGradient
            for index in stride(from: layers.count - 1, through: 0, by: -1) {
                let target = index > 0 ? workspace.layerInputGradients[index - 1] : inputGradient
                workspace.passes[index].backward(
                    outputGradient: gradient, parameters: parameters.baseAddress! + parameterOffset(ofLayer: index),
                    parameterGradients: parameterGradients.map { $0 + parameterOffset(ofLayer: index) },
                    inputGradient: target, pool: pool)
                guard let target else { break }
                gradient = UnsafePointer(target)
            }
        }
    }

    /// One step for one input as deployed, layer after layer (see ``Layer/deployedStep(_:state:parameters:output:)``):
    /// the bits an exported ``cFunction(prefix:)`` computes.
    /// - Parameters:
    ///   - state: `stateWidth` values, advanced in place (zero them at an episode's start).
    ///   - output: receives `outputSize` values.
    public func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                             output: UnsafeMutablePointer<Float>) {
        let width = layers.reduce(0) { max($0, $1.outputSize) }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * width) { scratch in
            var source = input
            var buffers = (scratch.baseAddress!, scratch.baseAddress! + width)
            parameters.withUnsafeBufferPointer { parameters in
                for (index, layer) in layers.enumerated() {
                    let destination = index == layers.count - 1 ? output : buffers.0
                    layer.deployedStep(source, state: state + stateOffset(ofLayer: index, batch: 1),
                                       parameters: parameters.baseAddress! + parameterOffset(ofLayer: index), output: destination)
                    source = UnsafePointer(destination)
                    buffers = (buffers.1, buffers.0)
                }
            }
        }
    }
}
