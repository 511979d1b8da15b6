/// A set of parameters trained with its own Adam moments: a ``TrainableMLP`` or a
/// ``TrainableRecurrentLayer``. A learner that clips one gradient norm over several sets, or
/// accumulates their gradients, treats them alike through this protocol.
public protocol Trainable: AnyObject {
    /// ∂loss/∂parameters from the last backward pass (a learner may scale or replace them).
    var gradients: [Float] { get set }
    /// The optimizer and its moments.
    var optimizer: Adam { get set }
    /// Applies ``gradients`` with one optimizer step unless one is NaN or infinite.
    @discardableResult
    func applyGradients() -> Bool
}

extension Trainable {
    /// Multiplies every gradient by `factor`.
    public func scaleGradients(by factor: Float) {
        gradients.withUnsafeMutableBufferPointer { gradients in
            for index in gradients.indices { gradients[index] *= factor }
        }
    }
}
