import AgentCore

/// The shipped schema files: their exact text, and writing them out.
public enum SuiteSchemaFiles {
    /// The file's content: the schema pretty-printed with a final newline.
    public static func content(of kind: SuiteFileKind) -> String {
        JSONWriter.pretty(kind.schemaDocument) + "\n"
    }

    /// Writes every schema into `folder`; returns the paths written.
    public static func write(to folder: String) throws(FileWriteError) -> [String] {
        var written: [String] = []
        for kind in SuiteFileKind.allCases {
            let path = (folder.hasSuffix("/") ? folder : folder + "/") + kind.schemaFileName
            try AtomicFile.write(content(of: kind), to: path)
            written.append(path)
        }
        return written
    }
}
