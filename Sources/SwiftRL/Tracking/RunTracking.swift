/// Makes the trackers a configuration's `tracking` section asks for.
enum RunTracking {
    /// TensorBoard's writer and MLflow's tracker, as `configuration.tracking` enables them.
    /// - Parameters:
    ///   - resumedAfterStep: the checkpoint's step when the run is resumed.
    ///   - warn: receives one-line warnings from trackers that cannot do their work.
    /// - Throws: ``RunFileError`` when the TensorBoard event file cannot be created.
    static func trackers(for configuration: RunConfiguration, directory: RunDirectory, resumedAfterStep: Int?,
                         warn: @escaping @Sendable (String) -> Void) throws -> [any RunTracker] {
        var trackers: [any RunTracker] = []
        if configuration.tracking.tensorBoard {
            trackers.append(try TensorBoardWriter(directory: directory, resumedAfterStep: resumedAfterStep))
        }
        return trackers
    }
}
