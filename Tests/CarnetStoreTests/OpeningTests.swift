import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

@Suite("Opening a database")
struct OpeningTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a missing file is named, and not created unless asked")
    func missing() throws {
        let path = try Self.folder().appendingPathComponent("none.sqlite").path
        #expect(throws: StoreError.missing(path: path)) { try CarnetDatabase.open(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not SQLite is refused and left as it was")
    func notADatabase() throws {
        let path = try Self.folder().appendingPathComponent("notes.txt").path
        let content = Data(String(repeating: "Ceci n'est pas une base de données.\n", count: 20).utf8)
        _ = FileManager.default.createFile(atPath: path, contents: content)
        #expect(throws: StoreError.notADatabase(path: path)) { try CarnetDatabase.open(path: path) }
        #expect(FileManager.default.contents(atPath: path) == content)
    }

    @Test("another program's SQLite file is refused, not migrated")
    func foreignSQLite() throws {
        let path = try Self.folder().appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE recipes (name TEXT)") }
        try queue.close()
        #expect(throws: StoreError.notCarnet(path: path)) { try CarnetDatabase.open(path: path) }
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["recipes"])
    }

    @Test("a database from a newer Carnet is refused with the unknown migration named")
    func newerCarnet() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        try fixture.raw("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect(throws: StoreError.newerCarnet(path: fixture.path, migration: "v99-from-the-future")) {
            try CarnetDatabase.open(path: fixture.path)
        }
    }

    @Test("a truncated database is reported as damaged, not rewritten")
    func truncated() throws {
        let fixture = try StoreFixture(demoPatients: 40)
        try fixture.database.checkpoint()
        let copy = fixture.folder.appendingPathComponent("truncated.sqlite").path
        let whole = try #require(FileManager.default.contents(atPath: fixture.path))
        let cut = whole.prefix(whole.count / 3)
        _ = FileManager.default.createFile(atPath: copy, contents: cut)
        do {
            let database = try CarnetDatabase.open(path: copy)
            // Some truncations only show when the damaged pages are read.
            let check = try database.integrityCheck()
            #expect(check != "ok")
        } catch let error as StoreError {
            #expect(String(describing: error).contains(copy))
        }
        #expect(FileManager.default.contents(atPath: copy) == cut)
    }

    @Test("a database locked by another program is reported as locked after the busy timeout")
    func locked() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true // the holder keeps its lock between two calls
        let holder = try DatabaseQueue(path: fixture.path, configuration: configuration)
        let database = try CarnetDatabase.open(path: fixture.path, busyTimeout: 0.2)
        let store = RecordStore(database: database, policy: fixture.policy)
        let marie = try #require(try fixture.directory.patient(ins: DemoAccounts.marieINS))
        try holder.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        #expect(throws: StoreError.locked(path: fixture.path)) {
            try CarnetDatabase.open(path: fixture.path, busyTimeout: 0.2)
        }
        #expect(throws: StoreError.locked(path: fixture.path)) {
            try store.allergies(of: marie.id, context: .kiosk(DemoAccounts.paulMartin))
        }
        try holder.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        #expect(try !store.allergies(of: marie.id, context: .kiosk(DemoAccounts.paulMartin)).isEmpty)
    }
}
