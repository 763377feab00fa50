import AgentCore
import Foundation

/// Reads one suite file into JSON, turning every way it can be unreadable into a `SuiteProblem`.
public enum SuiteFileReader {
    /// Files larger than this are refused: suites are hand-written, and a huge file is a mistake.
    public static let maximumBytes = 4 * 1024 * 1024

    /// The file's JSON, or the problem that stops it being read.
    public static func read(_ path: String) -> Result<JSONValue, SuiteProblem> {
        func problem(_ message: String, _ location: SuiteProblem.Location = .file) -> Result<JSONValue, SuiteProblem> {
            .failure(SuiteProblem(file: path, location: location, message: message))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return problem("no such file") }
        guard !isDirectory.boolValue else { return problem("is a folder, expected a JSON file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            return problem("file is \(size) bytes; the limit is \(maximumBytes) bytes (4 MiB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { return problem("cannot be read (permission denied?)") }
        let bytes = [UInt8](data)
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            return problem(bytes.isEmpty ? "empty file, expected a JSON object" : "only whitespace, expected a JSON object")
        }
        if let offset = firstInvalidUTF8Offset(bytes) {
            return problem("not UTF-8 text: invalid byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at byte offset \(offset)")
        }
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        do throws(JSONSyntaxError) {
            return .success(try JSONParser.parse(bytes: content))
        } catch {
            return problem("malformed JSON: \(error.message)", .lineColumn(line: error.line, column: error.column))
        }
    }

    /// The offset of the first byte that is not part of valid UTF-8, or `nil` if all is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
