import CarnetModel
import Crypto
import Foundation
import GRDB

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

/// The result of recomputing the chain.
public struct AuditVerification: Equatable, Sendable {
    public struct Break: Equatable, Sendable, CustomStringConvertible {
        public let seq: Int64
        public let problem: String
        public var description: String { "event \(seq): \(problem)" }
    }

    public let count: Int
    public let head: String
    /// The first event where the chain does not hold, nil when it all holds.
    public let firstBreak: Break?
    public var isIntact: Bool { firstBreak == nil }
}

/// The tamper-evident trail: every read and write of a record appends one event in the
/// same transaction, each hashed with the previous one.
///
/// ```swift
/// let result = try AuditLog(database: database).verify(expectedHead: keptHash)
/// ```
public struct AuditLog: Sendable {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    let database: CarnetDatabase
    let clock: @Sendable () -> Date

    public init(database: CarnetDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.clock = clock
    }

    /// Appends inside the caller's transaction: if this throws, the caller's read or write
    /// is rolled back with it (no audit, no access).
    @discardableResult
    func append(_ draft: AuditDraft, in db: Database) throws -> Int64 {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let previous: String = last?["hash"] ?? AuditLog.genesis
        let at = Timestamp.string(from: clock())
        let fields: [String?] = [String(seq), at, draft.actor, draft.patient, draft.action.rawValue, draft.section,
                                 draft.purpose, draft.outcome.rawValue, draft.reason, draft.detail]
        let hash = AuditLog.hash(previous: previous, fields: fields)
        try db.cachedStatement(sql: """
            INSERT INTO audit_event (seq, at, actor, patient, action, section, purpose, outcome, reason, detail, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, at, draft.actor, draft.patient, draft.action.rawValue, draft.section,
                                     draft.purpose, draft.outcome.rawValue, draft.reason, draft.detail, previous, hash])
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
        return hex(SHA256.hash(data: encoding))
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

    /// Recomputes the whole chain and names the first event where it breaks: an edited
    /// event (its hash no longer matches), a deleted one (a gap in the sequence), a
    /// reordered one (it no longer follows its predecessor).
    ///
    /// - Parameter expectedHead: a head hash kept elsewhere; if the chain no longer holds an
    ///   event with that hash, its tail was cut off.
    public func verify(expectedHead: String? = nil) throws -> AuditVerification {
        try database.read { db in
            var expectedSeq: Int64 = 1
            var previous = AuditLog.genesis
            var sawExpectedHead = expectedHead == nil || expectedHead == AuditLog.genesis
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT seq, at, actor, patient, action, section, purpose, outcome, reason, detail, prev_hash, hash
                FROM audit_event ORDER BY seq
                """)
            var count = 0
            // Columns by position: a million name lookups cost more than the hashing.
            while let row = try cursor.next() {
                let seq: Int64 = row[0]
                let storedHash: String = row[11]
                if seq != expectedSeq {
                    return AuditVerification(count: count, head: previous, firstBreak: .init(
                        seq: expectedSeq, problem: "missing (the next event is \(seq)): events were deleted"))
                }
                let storedPrevious: String = row[10]
                if storedPrevious != previous {
                    return AuditVerification(count: count, head: previous, firstBreak: .init(
                        seq: seq, problem: "does not follow event \(seq - 1): events were reordered or replaced"))
                }
                let fields: [String?] = [String(seq), row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]]
                guard AuditLog.hash(previous: previous, fields: fields) == storedHash else {
                    return AuditVerification(count: count, head: previous, firstBreak: .init(
                        seq: seq, problem: "its content does not match its hash: the event was edited"))
                }
                if storedHash == expectedHead { sawExpectedHead = true }
                previous = storedHash
                expectedSeq += 1
                count += 1
            }
            if !sawExpectedHead {
                return AuditVerification(count: count, head: previous, firstBreak: .init(
                    seq: expectedSeq, problem: "the kept head \(expectedHead ?? "") is not among the \(count) events left: the tail was cut off or replaced"))
            }
            return AuditVerification(count: count, head: previous, firstBreak: nil)
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
