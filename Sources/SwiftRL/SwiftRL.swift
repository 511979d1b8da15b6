// SwiftRL: fast reinforcement learning in Swift. Importing `SwiftRL` brings in every module:
// the numerics core, networks, environments and algorithms.
@_exported import SwiftRLAlgorithms
@_exported import SwiftRLCheckpoint
@_exported import SwiftRLCore
@_exported import SwiftRLEnvironments
@_exported import SwiftRLNN
