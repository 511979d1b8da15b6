import SwiftRLCommandLine

SwiftRLCommand.main()
