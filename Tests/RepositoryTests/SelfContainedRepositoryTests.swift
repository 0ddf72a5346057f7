import Crypto
import Foundation
import Testing

/// A clone of this repository alone must build, test and read as a whole: nothing in it may
/// reach for a file beside it. These tests scan the tracked folders for such escapes and
/// check that the fixtures written by other systems are the bytes their SOURCES.md describes.
@Suite("The repository stands on its own")
struct SelfContainedRepositoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL

    /// What is scanned: code, tests, benchmarks, the fuzzer, CI and the documents a newcomer reads.
    static let scanned = ["Sources", "Tests", "Benchmarks", "FuzzTesting", ".ci", "Resources",
                          "Package.swift", "README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"]
    /// Text files only; fixtures are other systems' data and may say anything.
    static let textExtensions: Set<String> = ["swift", "md", "sh", "py", "txt", "csv", "h", "modulemap", ""]

    /// A path that names the folder beside the repository where its fixtures once lived.
    /// Spelled in pieces so that this file does not match its own scan.
    static let outsideNames = [".." + "/shared", "shared" + "/fixtures", "shared" + "/DESIGN", "shared" + "/STYLE"]

    @Test("nothing names a path outside the repository, and no relative path climbs above its root")
    func noEscapes() throws {
        let files = try Self.scannedFiles()
        #expect(files.count > 50, "the scan found only \(files.count) files: is the root right? \(Self.root.path)")
        var offences: [String] = []
        // This file's own examples of escapes (below) are not escapes.
        let scanner = URL(fileURLWithPath: #filePath).standardizedFileURL
        for file in files where file != scanner {
            let relative = String(file.path.dropFirst(Self.root.path.count + 1))
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for name in Self.outsideNames where line.contains(name) {
                    offences.append("\(relative):\(number + 1): names \(name)")
                }
                let depth = relative.split(separator: "/").count - 1
                for climb in Self.parentClimbs(in: String(line)) where climb > depth {
                    offences.append("\(relative):\(number + 1): climbs \(climb) folders up from depth \(depth)")
                }
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }

    @Test("the escape finder itself finds escapes", arguments: [
        ("let u = base.appendingPathComponent(\"../../../x/fixtures\")", [3]),
        ("cd \"$(dirname \"$0\")/..\"", [1]),
        ("see ../README.md and ../../Tests", [1, 2]),
        ("an ellipsis... and a range 1...3 and ..< and ...", []),
    ])
    func parentClimbsAreCounted(line: String, climbs: [Int]) {
        #expect(Self.parentClimbs(in: line) == climbs)
    }

    @Test("every fixture written by another system is the file its SOURCES.md describes (name and sha256)",
          arguments: ["fhir", "cda"])
    func fixturesMatchTheirSources(folder: String) throws {
        let directory = Self.root.appendingPathComponent("Tests/Fixtures/\(folder)")
        let sources = try String(contentsOf: directory.appendingPathComponent("SOURCES.md"), encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "SOURCES.md" }
        #expect(files.count >= 10, "Tests/Fixtures/\(folder) holds \(files.count) files")
        for name in files.sorted() {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            #expect(sources.contains(name), "\(folder)/\(name) is not described in SOURCES.md")
            #expect(sources.contains(digest), "\(folder)/\(name): sha256 \(digest) is not the one SOURCES.md gives")
        }
    }

    /// The number of `..` components in each relative path of a line (`../..` is 2).
    static func parentClimbs(in line: String) -> [Int] {
        let pattern = #"(?<![\w.])\.\.(?:/\.\.)*(?=/|["'\s)`]|$)"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(line.startIndex..., in: line)
        return expression.matches(in: line, range: range).compactMap { match in
            Range(match.range, in: line).map { line[$0].components(separatedBy: "..").count - 1 }
        }
    }

    static func scannedFiles() throws -> [URL] {
        var files: [URL] = []
        let manager = FileManager.default
        for entry in scanned {
            let url = root.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue { files.append(url); continue }
            guard let walker = manager.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let file as URL in walker {
                let components = file.pathComponents
                // Build products and the fixtures (other systems' bytes) are not ours to scan.
                if components.contains(where: { $0.hasPrefix(".build") || $0 == ".data" || $0 == "Fixtures"
                    || $0 == "FuzzRegressions" || $0 == "corpus" || $0 == "crashes" || $0 == "Snapshots" }) {
                    if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) != true {
                        walker.skipDescendants()
                    }
                    continue
                }
                guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                      textExtensions.contains(file.pathExtension) else { continue }
                files.append(file.standardizedFileURL)
            }
        }
        return files
    }
}
