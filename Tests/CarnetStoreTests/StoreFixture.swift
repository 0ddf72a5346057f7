import Testing
import CarnetModel
import CarnetStore
import Foundation
import GRDB

/// A real SQLite database in a temporary folder, removed when the fixture goes away.
final class StoreFixture: @unchecked Sendable {
    // Immutable after init; the clock is the one thing tests move, under a lock.
    let folder: URL
    let path: String
    let database: CarnetDatabase
    let policy: AccessPolicy
    private let lock = NSLock()
    private var time = Date(timeIntervalSince1970: 1_790_000_000)

    /// - Parameter demoPatients: build the demo (cheap scrypt) with this many patients; 0 for an empty database.
    init(demoPatients: Int = 12, seed: UInt64 = 1) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("carnet.sqlite").path
        if demoPatients > 0 {
            var demo = DemoDatabase(patients: demoPatients, seed: seed)
            demo.cost = .testing
            try demo.build(at: path, replacing: false, context: .operatorAccount("test"))
        }
        database = try CarnetDatabase.open(path: path, creating: true)
        policy = try AccessPolicy.standard()
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    var now: Date { lock.withLock { time } }
    func advance(by seconds: TimeInterval) { lock.withLock { time = time.addingTimeInterval(seconds) } }
    var clock: @Sendable () -> Date { { [unowned self] in self.now } }

    var store: RecordStore { RecordStore(database: database, policy: policy, clock: clock) }
    var audit: AuditLog { AuditLog(database: database, clock: clock) }
    var credentials: Credentials { Credentials(database: database, cost: .testing, clock: clock) }
    var directory: Directory { Directory(database: database, cost: .testing, clock: clock) }

    func marie() throws -> Patient {
        let listing = try #require(try directory.patient(ins: DemoAccounts.marieINS))
        return try store.openRecord(listing.id, context: .operatorAccount("test"))
    }

    func luc() throws -> Patient {
        let listing = try #require(try directory.patient(ins: DemoAccounts.lucINS))
        return try store.openRecord(listing.id, context: .operatorAccount("test"))
    }

    /// Raw SQL behind the store's back, as an attacker with the file would.
    func raw(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// Reads the file with SQL, as an inspector would, outside the store.
    func inspect<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    func auditCount() throws -> Int { try audit.head().count }
    func lastEvent() throws -> AuditEvent {
        let count = try auditCount()
        return try #require(try audit.events(after: Int64(count - 1), limit: 1).items.first)
    }
}

