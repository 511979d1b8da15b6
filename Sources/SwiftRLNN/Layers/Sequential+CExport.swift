extension Sequential {
    /// C99 functions computing ``deployedStep(_:state:output:)``: the shared kernels the layers call
    /// (see ``CKernel``), each layer's own functions, and
    ///
    ///     static inline void PREFIX_step(float *state, const float *input, float *output)
    ///
    /// where `state` points to ``stateWidth`` floats (zero them at an episode's start). The parameters
    /// are read from `parameters`, a C expression of a `const float *` to the network's flat vector,
    /// which the caller defines before these functions. Compiled without `-ffast-math` and without
    /// contraction (`-ffp-contract=off`), they give the same bits as ``deployedStep(_:state:output:)``
    /// with the same `expf` and `tanhf`.
    public func cFunctions(prefix p: String, parameters: String) -> String {
        var text = Set(layers.flatMap(\.cKernels)).sorted().map { $0.definition(prefix: p) }.joined()
        for index in layers.indices {
            text += layers[index].cFunctions(prefix: p, layer: index,
                                             parameters: "\(parameters) + \(parameterOffset(ofLayer: index))")
        }
        text += "/* One step of the network for one input; state holds \(stateWidth) floats. */\n"
        text += "static inline void \(p)_step(float *state, const float *input, float *output)\n{\n"
        for index in layers.indices.dropLast() { text += "    float h\(index + 1)[\(layers[index].outputSize)];\n" }
        if stateWidth == 0 { text += "    (void)state;\n" }
        for (index, layer) in layers.enumerated() {
            text += layer.cStatements(prefix: p, layer: index, input: index == 0 ? "input" : "h\(index)",
                                      output: index == layers.count - 1 ? "output" : "h\(index + 1)",
                                      parameters: "\(parameters) + \(parameterOffset(ofLayer: index))",
                                      state: "state + \(stateOffset(ofLayer: index, batch: 1))")
        }
        return text + "}\n"
    }
}
