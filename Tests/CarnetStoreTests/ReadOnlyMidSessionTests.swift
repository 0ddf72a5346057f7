import CarnetModel
import CarnetStore
import Foundation
import Testing

/// A database that becomes read-only while a terminal has it open (a full backup taking a
/// lock, an administrator's chattr): the terminal says so, and works again once it is
/// writable, without a restart.
@Suite("Read-only in the middle of a session", .serialized)
struct ReadOnlyMidSessionTests {
    func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("a write to a file made read-only says read-only, not full; made writable again, the next write works")
    func recovers() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let paul = AccessContext.kiosk(DemoAccounts.paulMartin)
        _ = try fixture.store.openRecord(marie.id, context: paul)
        // Root ignores file modes: the immutable attribute stops it too.
        let lock = getuid() == 0 ? "chattr +i" : "chmod 0400"
        let unlock = getuid() == 0 ? "chattr -i" : "chmod 0600"
        // The file and its WAL (the shared-memory index is mapped: SQLite rebuilds it, a lock on it is not this case).
        let files = [fixture.path, fixture.path + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
        #expect(shell("\(lock) " + files.map { "'\($0)'" }.joined(separator: " ")) == 0)
        var message = ""
        do {
            _ = try fixture.store.openRecord(marie.id, context: paul)
        } catch {
            message = "\(error)"
        }
        #expect(shell("\(unlock) " + files.map { "'\($0)'" }.joined(separator: " ")) == 0)
        #expect(message.contains("read-only") || message.contains("cannot be written"), "\(message)")
        #expect(!message.contains("full"), "\(message)")
        // Writable again: the same store, the next access works and is audited.
        let before = try fixture.audit.head().count
        _ = try fixture.store.openRecord(marie.id, context: paul)
        #expect(try fixture.audit.head().count == before + 1)
    }
}
