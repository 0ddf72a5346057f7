import CarnetModel
import Crypto
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An event about to be appended; the log gives it its sequence number and hash.
struct AuditDraft {
    var actor: String
    var patient: String?
    var action: AuditAction
    var section: String?
    var purpose: String
    var outcome: AuditOutcome
    var reason: String?
    var detail: String?

    init(actor: String, purpose: AccessPurpose, patient: String?, action: AuditAction, section: String? = nil,
         outcome: AuditOutcome = .allowed, reason: String? = nil, detail: String? = nil) {
        self.actor = actor
        self.patient = patient
        self.action = action
        self.section = section
        self.purpose = purpose.rawValue
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
    }

    init(context: AccessContext, patient: String?, action: AuditAction, section: String? = nil,
         outcome: AuditOutcome = .allowed, reason: String? = nil, detail: String? = nil) {
        self.init(actor: context.actor.auditName, purpose: context.purpose, patient: patient, action: action,
                  section: section, outcome: outcome, reason: reason, detail: detail)
    }
}

/// The tamper-evident trail: every read and write of a record appends one event in the
/// same transaction, each hashed with the previous one, MACed with the audit key when there
/// is one, and anchored outside the database at the moments that matter (see `AuditSeal`).
///
/// ```swift
/// let result = try AuditLog(database: database).verify(expectedHead: keptHash)
/// ```
public struct AuditLog: Sendable {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    let database: CarnetDatabase
    let clock: @Sendable () -> Date
    /// The key and witnesses, taken from `AuditSeal.current` when the log is made.
    let seal: AuditSeal

    public init(database: CarnetDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(database: database, clock: clock, seal: AuditSeal.current)
    }

    /// A log with a seal of its own, whatever is bound in `AuditSeal.current`.
    public init(database: CarnetDatabase, clock: @escaping @Sendable () -> Date = { Date() }, seal: AuditSeal) {
        self.database = database
        self.clock = clock
        self.seal = seal
    }

    /// Appends inside the caller's transaction: if this throws, the caller's read or write
    /// is rolled back with it (no audit, no access).
    @discardableResult
    func append(_ draft: AuditDraft, in db: Database) throws -> Int64 {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash, at FROM audit_event ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let previous: String = last?["hash"] ?? AuditLog.genesis
        // A demo's setup event, the first of its trail, is dated on the demo's anchor day like
        // everything the demo wrote: the same seed then builds the same trail, and a clock set
        // on any later day (the tests' pinned clocks) never runs behind the trail's first event.
        var at = Timestamp.string(from: draft.action == .demo && seq == 1 ? DemoDatabase.anchorDate : clock())
        // Time in the trail never runs backwards (the database refuses it). A clock stepped
        // back (NTP, a terminal set wrong) must not lock clinicians out of a record, so the
        // event takes its predecessor's time instead: fixed-width UTC text compares as time.
        if let lastAt: String = last?["at"], at < lastAt { at = lastAt }
        let fields: [String?] = [String(seq), at, draft.actor, draft.patient, draft.action.rawValue, draft.section,
                                 draft.purpose, draft.outcome.rawValue, draft.reason, draft.detail]
        let encoding = AuditLog.encoding(previous: previous, fields: fields)
        let hash = AuditLog.hex(SHA256.hash(data: encoding))
        let mac = seal.key?.mac(encoding)
        try db.cachedStatement(sql: """
            INSERT INTO audit_event (seq, at, actor, patient, action, section, purpose, outcome, reason, detail, prev_hash, hash, mac)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, at, draft.actor, draft.patient, draft.action.rawValue, draft.section,
                                     draft.purpose, draft.outcome.rawValue, draft.reason, draft.detail, previous, hash, mac])
        if seal.anchors(seq: seq, actor: draft.actor, action: draft.action) {
            let first = seq == 1 ? hash : try String.fetchOne(db, sql: "SELECT hash FROM audit_event WHERE seq = 1") ?? hash
            let (seal, path, at) = (seal, database.path, at)
            let keep: @Sendable () -> Void = {
                let file = AuditLog.fileIdentity(path)
                seal.keep(AuditAnchor(seq: seq, hash: hash, mac: mac, at: at, first: first, database: file.path,
                                      device: file.device, inode: file.inode))
            }
            // Only a committed event is anchored: an anchor of a rolled-back one would later
            // accuse an honest trail of having been cut.
            if db.isInsideTransaction {
                db.afterNextTransaction(onCommit: { _ in keep() })
            } else {
                keep()
            }
        }
        return seq
    }

    /// Appends an event in a transaction of its own (operator commands).
    @discardableResult
    func append(_ draft: AuditDraft) throws -> Int64 {
        try database.write { db in try append(draft, in: db) }
    }

    /// SHA-256 over the previous hash and a canonical encoding of the fields: each field
    /// is its UTF-8 length, a colon and its bytes, so no choice of text can make two
    /// different events encode alike; an absent field is `-`.
    static func hash(previous: String, fields: [String?]) -> String {
        hex(SHA256.hash(data: encoding(previous: previous, fields: fields)))
    }

    /// The bytes both the hash and the MAC cover: the previous hash, a newline, the fields.
    static func encoding(previous: String, fields: [String?]) -> [UInt8] {
        // Built as bytes, not strings: verify hashes a million events in seconds.
        var encoding: [UInt8] = []
        encoding.reserveCapacity(256)
        encoding.append(contentsOf: previous.utf8)
        encoding.append(UInt8(ascii: "\n"))
        for field in fields {
            if let field {
                var utf8 = field
                let bytes = utf8.withUTF8 { Array($0) }
                encoding.append(contentsOf: String(bytes.count).utf8)
                encoding.append(UInt8(ascii: ":"))
                encoding.append(contentsOf: bytes)
                encoding.append(UInt8(ascii: "|"))
            } else {
                encoding.append(contentsOf: [UInt8(ascii: "-"), UInt8(ascii: "|")])
            }
        }
        return encoding
    }

    /// The database file as anchors name it: its resolved path, device and inode.
    static func fileIdentity(_ path: String) -> (path: String, device: UInt64, inode: UInt64) {
        var canonical = path
        if let resolved = realpath(path, nil) {
            canonical = String(cString: resolved)
            free(resolved)
        }
        var status = stat()
        guard stat(canonical, &status) == 0 else { return (canonical, 0, 0) }
        return (canonical, UInt64(status.st_dev), UInt64(status.st_ino))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        for byte in bytes {
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// The number of events and the hash of the last one, for an operator to keep elsewhere.
    public func head() throws -> (count: Int, hash: String) {
        try database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, (SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1) AS h FROM audit_event")
            return (row?["n"] ?? 0, row?["h"] ?? AuditLog.genesis)
        }
    }

    /// Events, oldest first, from `after` on (keyset paging); optionally those of one patient.
    public func events(patient: String? = nil, after: Int64 = 0, limit: Int = 1000) throws -> Page<AuditEvent> {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, at, actor, patient, action, section, purpose, outcome, reason, detail, hash
                FROM audit_event WHERE seq > ? AND (? IS NULL OR patient = ?) ORDER BY seq LIMIT ?
                """, arguments: [after, patient, patient, limit])
            let events = rows.map(AuditLog.event)
            return Page(items: events, next: events.count == limit ? events.last?.seq : nil)
        }
    }

    /// An event as read back from its row.
    static func event(_ row: Row) -> AuditEvent {
        AuditEvent(seq: row["seq"], at: Timestamp.date(from: row["at"]) ?? Date(timeIntervalSince1970: 0),
                   actor: row["actor"], patient: row["patient"], action: row["action"], section: row["section"],
                   purpose: row["purpose"], outcome: AuditOutcome(rawValue: row["outcome"]) ?? .refused,
                   reason: row["reason"], detail: row["detail"], hash: row["hash"])
    }
}
