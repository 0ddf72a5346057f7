@testable import CarnetApp
import CarnetModel
import Foundation
import Testing

/// A file the patient adds: the file itself, never where a link leads, and never read whole
/// before its size is known.
@Suite("Patient files read safely")
struct PatientFileTests {
    let folder: URL
    let strings = Strings(.english)
    let today = CalendarDate(year: 2026, month: 11, day: 21)!

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func read(_ name: String) throws -> Document {
        try PatientFile.read(folder.appendingPathComponent(name).path, title: "t", type: .patientNote, today: today, strings: strings)
    }

    func refusal(_ name: String) -> String {
        do {
            _ = try read(name)
            return "read"
        } catch {
            return "\(error)"
        }
    }

    @Test("a text file is kept as text")
    func text() throws {
        try Data("Tension 13/8 ce matin.".utf8).write(to: folder.appendingPathComponent("note.txt"))
        #expect(try read("note.txt").text == "Tension 13/8 ce matin.")
    }

    @Test("a link is refused, even to a readable file")
    func link() throws {
        let secret = folder.appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.txt").path, withDestinationPath: secret.path)
        #expect(refusal("link.txt").hasSuffix("link.txt is a link: add the file itself"))
    }

    @Test("a file over the limit is refused from its size, before any byte is read (a 1 GB sparse file)")
    func tooLarge() throws {
        let path = folder.appendingPathComponent("huge.bin").path
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
        #expect(ftruncate(descriptor, 1 << 30) == 0)
        close(descriptor)
        #expect(refusal("huge.bin").contains("is too large (1"))
    }

    @Test("a FIFO is refused without waiting for a writer")
    func fifo() throws {
        #expect(mkfifo(folder.appendingPathComponent("pipe").path, 0o600) == 0)
        #expect(refusal("pipe").hasSuffix("pipe is not a regular file"))
    }

    @Test("a folder is said to be a folder")
    func folderRefused() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        #expect(refusal("sub").hasSuffix("sub is a folder, not a file"))
    }
}
