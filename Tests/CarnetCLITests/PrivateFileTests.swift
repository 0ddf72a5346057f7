import Foundation
import Testing
@testable import carnet

/// Exports hold a patient's whole summary: the file must never exist readable by others,
/// not even between its creation and a chmod, and must not be written through a link.
@Suite("Exports written privately")
struct PrivateFileTests {
    @Test("export --output: the file is created O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600 in the destination folder, then renamed (seen by strace)")
    func exportOpenMode() throws {
        let fixture = try CLIFixture()
        let output = fixture.folder.appendingPathComponent("marie.json").path
        let trace = fixture.folder.appendingPathComponent("trace.txt").path
        let strace = Process()
        strace.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        strace.arguments = ["-f", "-e", "trace=open,openat,creat,rename,renameat,renameat2,chmod,fchmod", "-o", trace,
                            CarnetBinary.url.path, "export", "--db", fixture.path, "--ins", "258037511223324", "--output", output]
        try strace.run()
        strace.waitUntilExit()
        #expect(strace.terminationStatus == 0)
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        // Every file created for the export (the database's own files live in the same folder).
        let creations = lines.filter { $0.contains("marie.json") && $0.contains("O_CREAT") }
        #expect(creations.count == 1, "\(creations)")
        let creation = try #require(creations.first)
        #expect(creation.contains("O_EXCL") && creation.contains("O_NOFOLLOW") && creation.contains(", 0600) = "), "\(creation)")
        #expect(creation.contains("\"\(fixture.folder.path)/.marie.json."), "created in the destination folder: \(creation)")
        #expect(!lines.contains { $0.contains("\"\(output)\"") && $0.contains("open") }, "the final path is never opened: it appears only by rename")
        #expect(lines.contains { $0.contains("rename") && $0.contains("\"\(output)\"") })
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a ~/Carnet that is a link, or someone else's folder, is refused; a new one is 0700")
    func ownFolder() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let open = base.appendingPathComponent("open")
        try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        let link = base.appendingPathComponent("Carnet-link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: open.path)
        #expect(throws: CarnetFailure.self) { try PrivateFile.ownFolder(link) }
        do { try PrivateFile.ownFolder(link) } catch { #expect("\(error)".contains("is a link")) }
        let fresh = base.appendingPathComponent("Carnet").path
        try PrivateFile.ownFolder(fresh)
        #expect(try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int == 0o700)
        // A folder of ours left open to others is closed again.
        try PrivateFile.ownFolder(open.path)
        #expect(try FileManager.default.attributesOfItem(atPath: open.path)[.posixPermissions] as? Int == 0o700)
    }

    @Test("a planted link at the output path is replaced, never followed")
    func plantedLink() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-plant-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let victim = base.appendingPathComponent("victim.txt")
        try Data("keep me".utf8).write(to: victim)
        let output = base.appendingPathComponent("out.json").path
        try FileManager.default.createSymbolicLink(atPath: output, withDestinationPath: victim.path)
        try PrivateFile.write(Data("{}".utf8), to: output)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "{}")
    }
}
