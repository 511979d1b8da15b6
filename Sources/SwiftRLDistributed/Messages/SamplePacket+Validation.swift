extension SamplePacket {
    /// The packet's transitions, decoded and checked with its sequence and episodes.
    /// - Throws: ``MessageError/malformed(_:)`` for sequence 0, transitions that do not decode
    ///   (``TransitionBatch/init(_:)``), or episodes that do not fit the packet.
    package func validatedTransitions() throws(MessageError) -> TransitionBatch {
        guard sequence > 0 else { throw .malformed("sequences start at 1") }
        let batch = try TransitionBatch(transitions)
        guard episodes.count <= batch.count,
              episodes.allSatisfy({ $0.episodeReturn.isFinite && $0.length > 0 }) else {
            throw .malformed("the episodes do not fit the packet (at most one per transition, finite returns, positive lengths)")
        }
        return batch
    }
}
