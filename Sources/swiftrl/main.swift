// The swiftrl command-line tool (placeholder).
