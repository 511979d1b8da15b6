import SwiftRLKernels

/// A set of parameters trained with its own Adam moments: a ``TrainableMLP``, a ``TrainableSequential`` or a
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

extension Trainable {
    /// One Adam step on `parameters` (the set's own) with ``gradients``, their norm first clipped to
    /// `maximumNorm` when given, unless a gradient is NaN or infinite: the parameters are then left as they are.
    /// - Returns: whether the step was applied.
    func adamStep(on parameters: inout [Float], maximumNorm: Float? = nil) -> Bool {
        gradients.withUnsafeMutableBufferPointer { g in
            guard swiftrl_all_finite(g.count, g.baseAddress!) != 0 else { return false }
            if let maximumNorm { ParameterVector.clipNorm(g.baseAddress!, count: g.count, maximumNorm: maximumNorm) }
            optimizer.update(&parameters, gradients: g.baseAddress!)
            return true
        }
    }
}
