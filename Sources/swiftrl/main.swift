import SwiftRLCommandLine

SwiftRLCommand.runWithOneLineErrors()
