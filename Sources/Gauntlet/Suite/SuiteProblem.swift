import AgentCore

/// One problem in one suite file, printable as `file:/json/pointer: message`.
public struct SuiteProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the file the problem is.
    public enum Location: Sendable, Hashable {
        /// The file as a whole (unreadable, empty, too large, not UTF-8).
        case file
        /// A position in text that is not well-formed JSON.
        case lineColumn(line: Int, column: Int)
        /// A value inside a well-formed document.
        case pointer(JSONPointer)
    }

    /// The file's path as the user wrote it or as found under the suite root.
    public var file: String
    public var location: Location
    /// What was expected and what was found.
    public var message: String

    public init(file: String, location: Location, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public init(file: String, pointer: JSONPointer, message: String) {
        self.init(file: file, location: .pointer(pointer), message: message)
    }

    public var description: String {
        switch location {
        case .file: "\(file): \(message)"
        case .lineColumn(let line, let column): "\(file):\(line):\(column): \(message)"
        case .pointer(let pointer): "\(file):\(pointer): \(message)"
        }
    }
}
