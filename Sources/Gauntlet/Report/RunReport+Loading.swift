import AgentCore
import Foundation

extension RunReport {
    /// The report of a run, from its folder or its `run.json`.
    public static func load(from path: String) throws(RunReportError) -> (report: RunReport, file: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw RunReportError(path: path, reason: .missing) }
        let file = isDirectory.boolValue ? (path.hasSuffix("/") ? path : path + "/") + "run.json" : path
        guard let data = FileManager.default.contents(atPath: file) else { throw RunReportError(path: file, reason: .missing) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: [UInt8](data))
        } catch {
            throw RunReportError(path: file, reason: .unreadable(String(describing: error)))
        }
        guard let version = json["schema_version"]?.intValue else {
            throw RunReportError(path: file, reason: .malformed("/schema_version: expected an integer, found \(json["schema_version"].map { $0.excerpt() } ?? "nothing")"))
        }
        guard (oldestReadableSchemaVersion...currentSchemaVersion).contains(version) else {
            throw RunReportError(path: file, reason: .unsupportedVersion(version))
        }
        let report: RunReport
        do {
            report = try JSONDecoder().decode(RunReport.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw RunReportError(path: file, reason: .malformed("\(pointer(context.codingPath + [key])): expected a value, found nothing"))
        } catch let DecodingError.typeMismatch(type, context) {
            throw RunReportError(path: file, reason: .malformed("\(pointer(context.codingPath)): expected \(type), found something else"))
        } catch let DecodingError.valueNotFound(type, context) {
            throw RunReportError(path: file, reason: .malformed("\(pointer(context.codingPath)): expected \(type), found null"))
        } catch let DecodingError.dataCorrupted(context) {
            throw RunReportError(path: file, reason: .malformed("\(pointer(context.codingPath)): \(context.debugDescription)"))
        } catch {
            throw RunReportError(path: file, reason: .malformed(String(describing: error)))
        }
        // A trial recorded twice would be counted twice by every statistic.
        var first: [String: Int] = [:]
        for (index, trial) in report.trials.enumerated() {
            let key = "\(trial.task)\u{1}\(trial.profile)\u{1}\(trial.trial)"
            if let earlier = first[key] {
                throw RunReportError(path: file, reason: .malformed("/trials/\(index): trial \(trial.trial) of \(trial.task) under \(trial.profile) is recorded twice (also at /trials/\(earlier))"))
            }
            first[key] = index
        }
        return (report, file)
    }

    /// A coding path as a JSON Pointer.
    private static func pointer(_ path: [any CodingKey]) -> String {
        JSONPointer(tokens: path.map { $0.intValue.map(String.init) ?? $0.stringValue }).description
    }
}
