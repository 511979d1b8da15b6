import SwiftRLCore

/// One layer of a ``SequentialWorkspace`` with its own workspace, behind calls that do not name
/// the layer's type.
protocol LayerPass: AnyObject {
    func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters: UnsafePointer<Float>,
                 initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?, pool: ThreadPool?)
    var outputs: UnsafePointer<Float> { get }
    var finalState: UnsafePointer<Float>? { get }
    func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>,
                  parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                  pool: ThreadPool?)
}

/// A ``LayerPass`` of a layer of type `L`.
final class TypedLayerPass<L: Layer>: LayerPass {
    let layer: L
    let workspace: L.Workspace

    init(layer: L, capacity: Int) {
        self.layer = layer
        workspace = layer.makeWorkspace(capacity: capacity)
    }

    func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters: UnsafePointer<Float>,
                 initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?, pool: ThreadPool?) {
        layer.forward(input, time: time, batch: batch, parameters: parameters, initialState: initialState,
                      episodeStarts: episodeStarts, workspace: workspace, pool: pool)
    }

    var outputs: UnsafePointer<Float> { layer.outputs(of: workspace) }

    var finalState: UnsafePointer<Float>? { layer.finalState(of: workspace) }

    func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>,
                  parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                  pool: ThreadPool?) {
        layer.backward(outputGradient: outputGradient, parameters: parameters, workspace: workspace,
                       parameterGradients: parameterGradients, inputGradient: inputGradient, pool: pool)
    }
}

extension Layer {
    /// A pass of this layer with a workspace of `capacity` rows.
    func makePass(capacity: Int) -> any LayerPass { TypedLayerPass(layer: self, capacity: capacity) }
}
