/// The few kinds of TensorBoard `Event` message (tensorflow/core/util/event.proto) SwiftRL writes,
/// encoded with ``ProtobufWriter``. Field numbers used:
///
/// | message | field | number | type |
/// |---|---|---|---|
/// | `Event` | `wall_time` | 1 | double |
/// | `Event` | `step` | 2 | int64 |
/// | `Event` | `file_version` | 3 | string |
/// | `Event` | `summary` | 5 | `Summary` |
/// | `Event` | `session_log` | 7 | `SessionLog` |
/// | `Summary` | `value` | 1 | repeated `Summary.Value` |
/// | `Summary.Value` | `tag` | 1 | string |
/// | `Summary.Value` | `simple_value` | 2 | float |
/// | `SessionLog` | `status` | 1 | enum, `START` = 1 |
enum TensorBoardEvent {
    /// The first event of every file: `file_version: "brain.Event:2"`.
    static func fileVersion(wallTime: Double) -> [UInt8] {
        event(wallTime: wallTime, step: 0) { $0.stringField(3, "brain.Event:2") }
    }

    /// Scalars at `step`: one `Summary` holding a `simple_value` per tag.
    static func scalars(_ values: [(tag: String, value: Double)], step: Int, wallTime: Double) -> [UInt8] {
        event(wallTime: wallTime, step: step) { event in
            event.messageField(5) { summary in
                for (tag, value) in values {
                    summary.messageField(1) { entry in
                        entry.stringField(1, tag)
                        entry.floatField(2, Float(value))
                    }
                }
            }
        }
    }

    /// `SessionLog { status: START }` at `step`: a restart, after which TensorBoard's reader drops
    /// every earlier event of step `step` or later (TensorFlow writes the same on a restart).
    static func sessionStart(step: Int, wallTime: Double) -> [UInt8] {
        event(wallTime: wallTime, step: step) { event in
            event.messageField(7) { $0.varintField(1, 1) }
        }
    }

    private static func event(wallTime: Double, step: Int, _ what: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var event = ProtobufWriter()
        event.doubleField(1, wallTime)
        event.varintField(2, Int64(step))
        what(&event)
        return event.bytes
    }
}
