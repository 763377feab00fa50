import Foundation

/// Where the command line writes: results to standard output, progress and errors to standard error.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether standard error is a terminal (then progress redraws one line).
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
