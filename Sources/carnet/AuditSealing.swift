import CarnetStore
import Foundation

/// How the executable seals the trail: the operator's key and anchors, read once per run.
enum AuditSealing {
    /// The seal of this run, from `CARNET_AUDIT_KEY_FILE` / `CARNET_ANCHOR_FILE` or their
    /// defaults (see `AuditSeal.standard`); a key file that cannot be trusted is one line.
    static func seal(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AuditSeal {
        do {
            return try AuditSeal.standard(environment: environment)
        } catch let error as AuditKeyError {
            throw CarnetFailure(description: error.description)
        }
    }

    /// Opens the database of an audit command. A folder given as `--db` is refused here with
    /// one line: `CarnetDatabase.open` used to read its header through Foundation's
    /// `FileHandle.readData`, which traps on a folder (`try!` inside Foundation) instead of
    /// throwing. Same words as the store's own check, whichever says it first.
    static func open(_ options: DatabaseOptions) throws -> CarnetDatabase {
        let path = options.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw StoreError.cannotOpen(path: path, detail: "a folder, not a Carnet database file")
        }
        return try options.open()
    }
}
