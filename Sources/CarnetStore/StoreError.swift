import CarnetModel
import Foundation
import GRDB

/// Problems a person can act on, each naming the input it is about.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case notADatabase(path: String)
    case notCarnet(path: String)
    case newerCarnet(path: String, migration: String)
    case corrupt(path: String, detail: String)
    case locked(path: String)
    case readOnly(path: String)
    case diskFull(path: String)
    case cannotOpen(path: String, detail: String)
    case alreadyExists(path: String)
    case unknownPatient(String)
    case unknownProfessional(RPPS)
    case duplicatePatient(INS)
    case duplicateProfessional(RPPS)
    case weakSecret(String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .missing(path): return "\(path): no Carnet database here (create one with 'carnet demo --db \(path)')"
        case let .notADatabase(path): return "\(path): not a Carnet database (the file is not SQLite)"
        case let .notCarnet(path): return "\(path): not a Carnet database (an SQLite file of another program)"
        case let .newerCarnet(path, migration):
            return "\(path): made by a newer Carnet (unknown migration '\(migration)'); update Carnet to open it"
        case let .corrupt(path, detail): return "\(path): the database is damaged (\(detail))"
        case let .locked(path): return "\(path): the database is locked by another program; try again in a moment"
        case let .readOnly(path): return "\(path): the database cannot be written (read-only file or folder)"
        case let .diskFull(path): return "\(path): the disk is full; nothing was changed"
        case let .cannotOpen(path, detail): return "\(path): cannot open the database (\(detail))"
        case let .alreadyExists(path): return "\(path): a database is already there (use --force to replace it)"
        case let .unknownPatient(who): return "no patient \(who) in this database"
        case let .unknownProfessional(rpps): return "no professional with RPPS \(rpps) in this database"
        case let .duplicatePatient(ins): return "a patient with INS \(ins) is already registered"
        case let .duplicateProfessional(rpps): return "a professional with RPPS \(rpps) is already registered"
        case let .weakSecret(problem): return problem
        case let .invalidInput(problem): return problem
        }
    }

    /// Turns SQLite's result codes into a message about the file at `path`.
    public static func from(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path, detail: error.message ?? "malformed")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_CANTOPEN: return .cannotOpen(path: path, detail: error.message ?? "cannot open file")
        case .SQLITE_IOERR:
            // A file-size limit or a full small filesystem reaches SQLite as an I/O error, and
            // so does a file made read-only under an open session: ask the file which it is.
            guard error.extendedResultCode == .SQLITE_IOERR_WRITE || error.extendedResultCode == .SQLITE_IOERR_FSYNC else {
                return .cannotOpen(path: path, detail: error.message ?? "I/O error")
            }
            return writable(path) ? .diskFull(path: path) : .readOnly(path: path)
        default: return .cannotOpen(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// Whether the database and its WAL can still be opened for writing (nothing is written).
    private static func writable(_ path: String) -> Bool {
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let descriptor = open(file, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return false }
            close(descriptor)
        }
        return true
    }
}
