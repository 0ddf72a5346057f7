import Foundation

/// Reads the data files shipped in `Resources/data/` (the access matrix, the demo
/// vocabularies). Parsing belongs to the layers that know what the files mean.
public enum CarnetResources {
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "resource '\(name)' is missing from the Carnet installation" }
    }

    /// The text of `data/<name>`, e.g. `text("access-matrix.csv")` or `text("demo/family-names.txt")`.
    public static func text(_ name: String) throws -> String {
        guard let base = Bundle.module.resourceURL else { throw Missing(name: name) }
        let url = base.appendingPathComponent("data").appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8) else { throw Missing(name: name) }
        return text
    }

    /// The non-empty, non-comment lines of a data file.
    public static func lines(_ name: String) throws -> [String] {
        try text(name).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
