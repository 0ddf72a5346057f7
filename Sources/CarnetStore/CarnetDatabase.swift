import CarnetModel
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
private let closeDescriptor = Glibc.close
#else
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// The SQLite file behind every Carnet store: opened once, migrated, shared by
/// `RecordStore`, `AuditLog`, `Credentials` and the directories.
///
/// ```swift
/// let database = try CarnetDatabase.open(path: path, creating: true)
/// ```
public struct CarnetDatabase: Sendable {
    /// `PRAGMA application_id` of a Carnet file ("CARN"): another program's SQLite file
    /// is refused instead of being migrated.
    static let applicationID: Int32 = 0x4341_524E

    public let path: String
    let pool: DatabasePool

    /// Opens the database at `path`.
    ///
    /// - Parameters:
    ///   - creating: create an empty database (mode 0600, parent folder 0700) if there is none.
    ///   - busyTimeout: how long to wait for another process's lock before saying the file is locked.
    /// - Throws: `StoreError` naming the file and the problem.
    public static func open(path: String, creating: Bool = false, busyTimeout: TimeInterval = 10) throws -> CarnetDatabase {
        let fileManager = FileManager.default
        // A folder, a device (/dev/null), a FIFO or a socket: say what it is, before SQLite
        // reads it as a full disk or waits on a FIFO for ever.
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw StoreError.cannotOpen(path: path, detail: "a folder, not a Carnet database file")
            case S_IFIFO: throw StoreError.cannotOpen(path: path, detail: "a FIFO (named pipe), not a Carnet database file")
            case S_IFCHR, S_IFBLK: throw StoreError.cannotOpen(path: path, detail: "a device, not a Carnet database file")
            default: throw StoreError.cannotOpen(path: path, detail: "not a regular file, so not a Carnet database file")
            }
        }
        if !fileManager.fileExists(atPath: path) {
            guard creating else { throw StoreError.missing(path: path) }
            try createEmptyFile(at: path)
        } else {
            try checkHeader(of: path)
        }
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "carnet"
            let pool = try DatabasePool(path: path, configuration: configuration)
            let database = CarnetDatabase(path: path, pool: pool)
            try database.checkIdentityAndMigrate()
            for suffix in ["", "-wal", "-shm"] where fileManager.fileExists(atPath: path + suffix) {
                // SQLite gives the WAL the database's mode; this also repairs a file copied with a wider one.
                chmod(path + suffix, 0o600)
            }
            return database
        } catch let error as DatabaseError {
            throw StoreError.from(error, path: path)
        }
    }

    /// Reads or writes the file, turning SQLite errors into messages about it.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as DatabaseError { throw StoreError.from(error, path: path) }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError { throw StoreError.from(error, path: path) }
    }

    /// Closes every connection; the file can then be moved or removed.
    public func close() throws {
        do { try pool.close() } catch let error as DatabaseError { throw StoreError.from(error, path: path) }
    }

    /// Runs `PRAGMA integrity_check`; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// Writes the WAL back into the main file so the database is one self-contained file.
    public func checkpoint() throws {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch let error as DatabaseError { throw StoreError.from(error, path: path) }
    }

    private func checkIdentityAndMigrate() throws {
        let migrator = CarnetDatabase.migrator
        try pool.write { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            if applicationID == 0 && tableCount == 0 {
                try db.execute(sql: "PRAGMA application_id = \(CarnetDatabase.applicationID)")
            } else if applicationID != CarnetDatabase.applicationID {
                throw StoreError.notCarnet(path: path)
            }
            let applied = try db.tableExists("grdb_migrations")
                ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            if let unknown = applied.first(where: { !CarnetDatabase.migrationNames.contains($0) }) {
                throw StoreError.newerCarnet(path: path, migration: unknown)
            }
        }
        try migrator.migrate(pool)
    }

    private static func createEmptyFile(at path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create folder \(folder)")
            }
        }
        // Created 0600 before SQLite opens it: a health record is never readable by others,
        // not even for the moment between creation and a chmod.
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw errno == EROFS || errno == EACCES
                ? StoreError.readOnly(path: path) : StoreError.cannotOpen(path: path, detail: reason)
        }
        _ = closeDescriptor(descriptor)
    }

    private static func checkHeader(of path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, detail: "permission denied")
        }
        defer { try? handle.close() }
        let header = handle.readData(ofLength: 100)
        if header.isEmpty { return } // an empty file becomes a new database
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError.notADatabase(path: path)
        }
    }
}
