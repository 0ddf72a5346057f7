import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// Attacks on the trail by someone who holds the database file: SQL, the documented
/// encoding and plain SHA-256, but neither the audit key nor the anchor file.
@Suite("Audit trail under attack")
struct AuditTamperTests {
    static let key = AuditKey(bytes: Array(0..<32))!
    static let justification = "Patiente inconsciente amenée par le SAMU, pas de proche joignable."

    /// A trail with keyed, anchored events: Marie's record opened by a test operator
    /// (unsealed, so events 1–2 predate the seal), then a break-glass access by Sophie
    /// LEROY (start, summary, stop) and an operator read, all sealed.
    static func sealedTrail(_ fixture: StoreFixture, seal: AuditSeal) throws -> (start: Int64, last: Int64) {
        let marie = try fixture.marie()
        fixture.advance(by: 60)
        let store = AuditSeal.$current.withValue(seal) { fixture.store }
        let sophie = DemoAccounts.sophieLeroy
        let authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 3600,
                                                      context: .emergency(sophie))
        fixture.advance(by: 60)
        _ = try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization))
        fixture.advance(by: 60)
        _ = try store.allergies(of: marie.id, context: .patient(marie))
        try store.stopBreakGlass(authorization, why: "logout", context: .emergency(sophie, breakGlass: authorization))
        try AuditLog(database: fixture.database, clock: fixture.clock, seal: seal)
            .recordOperatorAction(.auditRead, context: .operatorAccount("dim"), detail: "head")
        return (authorization.startEvent, Int64(try fixture.auditCount()))
    }

    static func anchorFile(_ fixture: StoreFixture) throws -> String {
        // Outside the database's folder, as the default path is.
        let folder = fixture.folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("anchors.log").path
    }

    // MARK: - The re-hashing forger

    /// What the forger does to the file before re-hashing.
    static let forgeries: [(String, @Sendable (Int64) -> String)] = [
        ("edit the justification", { start in
            "UPDATE audit_event SET detail = replace(detail, 'SAMU', 'médecin traitant') WHERE seq = \(start)" }),
        ("delete the start", { start in "DELETE FROM audit_event WHERE seq = \(start)" }),
    ]

    @Test("a chain re-hashed with plain SHA-256 verifies without the key, and is caught by the MAC with it",
          arguments: forgeries.indices)
    func forgerCaughtByMAC(_ index: Int) throws {
        let (name, forgery) = Self.forgeries[index]
        let fixture = try StoreFixture()
        let trail = try Self.sealedTrail(fixture, seal: AuditSeal(key: Self.key))
        #expect(try fixture.audit.verify().isIntact)
        try Forger(path: fixture.path).rewrite(forgery(trail.start), renumber: name.hasPrefix("delete"))

        // The forger did the job well: the plain chain holds, and every trigger is back.
        let unkeyed = try AuditLog(database: fixture.database, seal: .unsealed).verify()
        #expect(unkeyed.isIntact, "\(name)")
        #expect(try fixture.inspect { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'") } == 5)

        let keyed = try AuditLog(database: fixture.database, seal: AuditSeal(key: Self.key)).verify()
        #expect(keyed.firstBreak?.seq == trail.start, "\(name)")
        #expect(keyed.firstBreak?.problem == "its MAC does not match: the event was rewritten by someone without the audit key")
    }

    @Test("a forger who strips every MAC is caught: by the time the key was made, and by the MAC-bearing anchors")
    func strippedMACs() throws {
        let fixture = try StoreFixture()
        let anchors = try Self.anchorFile(fixture)
        let trail = try Self.sealedTrail(fixture, seal: AuditSeal(key: Self.key, anchorFile: anchors))
        try Forger(path: fixture.path).rewrite("UPDATE audit_event SET mac = NULL; " + Self.forgeries[0].1(trail.start))
        // The key was made between the unsealed events (at the fixture's first instant) and the sealed ones.
        let keyMadeBefore = AuditSeal(key: Self.key, keyMade: Date(timeIntervalSince1970: 1_790_000_030))
        let byTime = try AuditLog(database: fixture.database, seal: keyMadeBefore).verify()
        #expect(byTime.firstBreak?.seq == trail.start)
        #expect(byTime.firstBreak?.problem.hasPrefix("it carries no MAC, though it is dated after the audit key was made") == true)
        // Even with the key unknown to verify, the anchors kept the MACs.
        let byAnchor = try AuditLog(database: fixture.database, seal: AuditSeal(anchorFile: anchors)).verify()
        #expect(byAnchor.firstBreak?.problem.contains("anchored on") == true)
    }

    @Test("a chain re-hashed without the key is caught by the anchor file", arguments: forgeries.indices)
    func forgerCaughtByAnchors(_ index: Int) throws {
        let (name, forgery) = Self.forgeries[index]
        let fixture = try StoreFixture()
        let anchors = try Self.anchorFile(fixture)
        let trail = try Self.sealedTrail(fixture, seal: AuditSeal(anchorFile: anchors))
        // Start, stop and the operator read are anchored (every break-glass and operator event).
        let kept = try #require(try AnchorFile(path: anchors).read()).anchors
        let startEvent = try #require(try fixture.audit.events(after: trail.start - 1, limit: 1).items.first)
        #expect(kept.map(\.seq) == [trail.start, trail.last - 1, trail.last])
        #expect(kept.first?.hash == startEvent.hash)
        #expect(kept.allSatisfy { $0.database == AuditTamperTests.resolved(fixture.path) })

        try Forger(path: fixture.path).rewrite(forgery(trail.start), renumber: name.hasPrefix("delete"))
        let sealed = AuditLog(database: fixture.database, seal: AuditSeal(anchorFile: anchors))
        let result = try sealed.verify()
        #expect(try AuditLog(database: fixture.database, seal: .unsealed).verify().isIntact, "\(name)")
        let broken = try #require(result.firstBreak, "\(name)")
        #expect(broken.seq == trail.start || broken.seq == trail.last)
        #expect(broken.problem.hasPrefix("its hash differs from the one anchored on ") || broken.problem.hasPrefix("the trail ends at event"), "\(broken)")
        #expect(broken.problem.contains(anchors))
        #expect(result.anchoring.checked.count == 3)
    }

    // MARK: - The database refuses rewrites itself

    /// An event row as the log would write it after the current head, so only the property
    /// under test is wrong.
    static func nextRow(_ fixture: StoreFixture, seq: Int64? = nil, at: String? = nil, prev: String? = nil) throws -> String {
        let head = try fixture.audit.head()
        let last = try fixture.lastEvent()
        let seq = seq ?? Int64(head.count) + 1
        let at = at ?? Timestamp.string(from: last.at.addingTimeInterval(1))
        let fields = [String(seq), at, "operator:mallory", nil, "audit-read", nil, "care", "allowed", nil, "forged"]
        let hash = PlainSHA256.hex(Forger.encoding(previous: prev ?? head.hash, fields: fields))
        return """
            INSERT INTO audit_event (seq, at, actor, patient, action, section, purpose, outcome, reason, detail, prev_hash, hash)
            VALUES (\(seq), '\(at)', 'operator:mallory', NULL, 'audit-read', NULL, 'care', 'allowed', NULL, 'forged', '\(prev ?? head.hash)', '\(hash)')
            """
    }

    @Test("INSERT OR REPLACE over an existing event is refused, though REPLACE fires no delete trigger")
    func replaceRefused() throws {
        let fixture = try StoreFixture()
        _ = try fixture.marie()
        _ = try fixture.marie()
        let events = try fixture.audit.events().items
        // Over an existing seq.
        let overSeq = try Self.nextRow(fixture, seq: 2).replacingOccurrences(of: "INSERT INTO", with: "INSERT OR REPLACE INTO")
        let first = #expect(throws: DatabaseError.self) { try fixture.raw(overSeq) }
        #expect(first?.message?.contains("append-only") == true)
        // At the right seq, after the right hash, but reusing event 2's hash: REPLACE would
        // silently delete event 2 to make room for it.
        let reused = try Self.nextRow(fixture).replacingOccurrences(of: "INSERT INTO", with: "INSERT OR REPLACE INTO")
            .replacingOccurrences(of: #"'[0-9a-f]{64}'\)$"#, with: "'\(events[1].hash)')", options: .regularExpression)
        #expect(reused.hasSuffix("'\(events[1].hash)')"))
        let second = #expect(throws: DatabaseError.self) { try fixture.raw(reused) }
        #expect(second?.message?.contains("an event with this seq or hash exists, REPLACE refused") == true)
        #expect(try fixture.audit.events().items == events)
        #expect(try fixture.audit.verify().isIntact)
    }

    @Test("an insert that does not take the next seq, or does not follow the last hash, is refused")
    func wrongSeqRefused() throws {
        let fixture = try StoreFixture()
        let count = try fixture.auditCount()
        for sql in [try Self.nextRow(fixture, seq: Int64(count) + 2), try Self.nextRow(fixture, seq: 0),
                    try Self.nextRow(fixture, prev: String(repeating: "b", count: 64))] {
            let error = #expect(throws: DatabaseError.self) { try fixture.raw(sql) }
            #expect(error?.message?.contains("must take the next seq and follow the last hash") == true)
        }
        try fixture.raw(try Self.nextRow(fixture))
        #expect(try fixture.auditCount() == count + 1)
    }

    @Test("an event dated before the previous one is refused at write time, and named by verify in an older file")
    func timeGoesBackwards() throws {
        let fixture = try StoreFixture()
        let earlier = Timestamp.string(from: try fixture.lastEvent().at.addingTimeInterval(-3600))
        let error = #expect(throws: DatabaseError.self) { try fixture.raw(try Self.nextRow(fixture, at: earlier)) }
        #expect(error?.message?.contains("cannot be dated before the previous one") == true)

        // A file from before the trigger: the same row gets in, and verify names it.
        try fixture.raw("DROP TRIGGER audit_event_no_backdating")
        try fixture.raw(try Self.nextRow(fixture, at: earlier))
        let result = try fixture.audit.verify()
        #expect(result.firstBreak?.seq == Int64(try fixture.auditCount()))
        #expect(result.firstBreak?.problem.contains("is before event") == true)
    }

    @Test("a database from before v7 opens, is migrated, its trail still verifies, and it refuses rewrites from then on")
    func migratedFromV6() throws {
        let fixture = try StoreFixture()
        _ = try fixture.marie()
        try fixture.database.close()
        try fixture.raw("""
            DROP TRIGGER audit_event_no_replace; DROP TRIGGER audit_event_next_seq; DROP TRIGGER audit_event_no_backdating;
            ALTER TABLE audit_event DROP COLUMN mac;
            DELETE FROM grdb_migrations WHERE identifier = 'v7-audit-hardening';
            """)
        let reopened = try CarnetDatabase.open(path: fixture.path)
        defer { try? reopened.close() }
        #expect(try AuditLog(database: reopened, seal: AuditSeal(key: Self.key)).verify().keying == .keyed(fingerprint: Self.key.fingerprint, from: nil, checked: 0))
        #expect(try fixture.inspect { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'") } == 5)
        let replayed = "INSERT INTO audit_event (seq, at, actor, action, purpose, outcome, prev_hash, hash) VALUES (1, '2030-01-01T00:00:00.000Z', 'x', 'read', 'care', 'allowed', '\(AuditLog.genesis)', 'h')"
        let error = #expect(throws: DatabaseError.self) { try fixture.raw(replayed) }
        #expect(error?.message?.contains("append-only") == true)
    }

    @Test("a clock set back does not lock anyone out: the event takes its predecessor's time")
    func clockSetBack() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let before = try fixture.lastEvent()
        fixture.advance(by: -7200)
        _ = try fixture.store.allergies(of: marie.id, context: .patient(marie))
        #expect(try fixture.lastEvent().at == before.at)
        #expect(try fixture.audit.verify().isIntact)
    }

    // MARK: - An older copy restored

    @Test("an older copy of the database restored after newer anchored events is caught by its anchors")
    func olderCopyRestored() throws {
        let fixture = try StoreFixture()
        let anchors = try Self.anchorFile(fixture)
        let seal = AuditSeal(anchorFile: anchors)
        let log = AuditLog(database: fixture.database, clock: fixture.clock, seal: seal)
        try log.recordOperatorAction(.auditRead, context: .operatorAccount("dim"), detail: "head")
        try fixture.database.checkpoint()
        let copy = fixture.folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        let copied = try fixture.auditCount()

        let marie = try fixture.marie()
        let store = AuditSeal.$current.withValue(seal) { fixture.store }
        for _ in 0..<3 { _ = try store.allergies(of: marie.id, context: .patient(marie)) }
        try log.recordOperatorAction(.auditRead, context: .operatorAccount("dim"), detail: "head")
        let anchored = try fixture.auditCount()
        try fixture.database.close()

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: fixture.path + suffix) }
        try FileManager.default.copyItem(atPath: copy, toPath: fixture.path)
        let restored = try CarnetDatabase.open(path: fixture.path)
        defer { try? restored.close() }
        #expect(try AuditLog(database: restored, seal: .unsealed).verify().isIntact)
        let result = try AuditLog(database: restored, seal: seal).verify()
        #expect(result.firstBreak?.seq == Int64(copied) + 1)
        #expect(result.firstBreak?.problem.hasPrefix("the trail ends at event \(copied) but event \(anchored) was anchored on ") == true)
        #expect(result.anchoring.checked.map(\.seq) == [Int64(copied), Int64(anchored)])
    }

    @Test("every hundredth event is anchored, and nothing of a rolled-back transaction is")
    func anchorEveryHundred() throws {
        let fixture = try StoreFixture()
        let recorder = RecordingWitness()
        let seal = AuditSeal(otherWitnesses: [recorder], anchorInterval: 10)
        let marie = try fixture.marie()
        let store = AuditSeal.$current.withValue(seal) { fixture.store }
        let start = try fixture.auditCount()
        for _ in 0..<25 { _ = try store.allergies(of: marie.id, context: .patient(marie)) }
        let expected = (start + 1...start + 25).filter { $0 % 10 == 0 }.map(Int64.init)
        #expect(recorder.anchors.map(\.seq) == expected)
        #expect(recorder.anchors.allSatisfy { $0.first == (try? fixture.audit.events(limit: 1).items.first?.hash) })

        // Operator events are all anchored, but only once their transaction commits: a batch
        // that fails half-way leaves no anchor of the events it rolled back.
        let log = AuditLog(database: fixture.database, clock: fixture.clock, seal: seal)
        let before = try fixture.auditCount()
        try fixture.raw("CREATE TRIGGER audit_jammed AFTER INSERT ON audit_event WHEN NEW.seq = \(before + 5) BEGIN SELECT RAISE(ABORT, 'jammed'); END")
        #expect(throws: (any Error).self) { try log.appendForBenchmark(count: 8) }
        #expect(try fixture.auditCount() == before)
        #expect(recorder.anchors.map(\.seq) == expected)
        try fixture.raw("DROP TRIGGER audit_jammed")
        try log.appendForBenchmark(count: 3)
        #expect(recorder.anchors.map(\.seq) == expected + (1...3).map { Int64(before + $0) })
    }

    // MARK: - State no event explains

    @Test("a fresh demo's state is explained by its setup event")
    func demoStateExplained() throws {
        let fixture = try StoreFixture(demoPatients: 60, seed: 5)
        let replay = try fixture.audit.replayState()
        #expect(replay.unexplained == [])
        #expect(replay.demoSetups == [1])
    }

    @Test("--state names rows written behind the store's back, and none written through it")
    func stateReplay() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        try store.grant(.readWrite, to: DemoAccounts.sophieLeroy.rpps, on: marie.id, context: .patient(marie))
        try store.block(DemoAccounts.jeanBernard.rpps, on: marie.id, context: .patient(marie))
        try store.setConsent(.samuRegulator, allowed: false, of: marie.id, context: .patient(marie))
        let document = try #require(try store.documents(of: marie.id, context: .patient(marie)).first { !$0.state.maskedFromProfessionals })
        let documentID = try #require(document.id)
        try store.setDocument(documentID, masked: true, of: marie.id, context: .patient(marie))
        #expect(try fixture.audit.replayState().unexplained == [])

        let nurse = try fixture.inspect { try String.fetchOne($0, sql: "SELECT rpps FROM professional WHERE profession = 'infirmier' LIMIT 1") }!
        try fixture.raw("""
            INSERT INTO access_grant (patient_id, professional_rpps, level, since) VALUES (\(marie.id.rawValue), '\(nurse)', 'read', '2026-01-01T00:00:00.000Z');
            DELETE FROM access_block WHERE professional_rpps = '\(DemoAccounts.clairePetit.rpps.digits)';
            UPDATE patient SET consent_emergency = 0 WHERE id = \(marie.id.rawValue);
            UPDATE document SET masked = 0 WHERE id = \(documentID.rawValue);
            UPDATE access_grant SET level = 'read-write' WHERE professional_rpps = '\(DemoAccounts.jeanBernard.rpps.digits)' AND patient_id = \(marie.id.rawValue);
            """)
        let found = try fixture.audit.replayState().unexplained.map(\.description)
        #expect(found.contains("access_grant: patient 258037511223324, RPPS \(nurse), read: no audit event explains it"))
        #expect(found.contains { $0.hasPrefix("access_grant: patient 258037511223324, RPPS 10003456786, read-write: no audit event explains it (event 1 granted read)") })
        #expect(found.contains("access_block: patient 258037511223324, RPPS 10004567896: missing, though event 1 blocked and no event unblocked"))
        #expect(found.contains("patient: patient 258037511223324, break-glass consent emergency-physician refused: no audit event explains it"))
        #expect(found.contains { $0.hasPrefix("document: patient 258037511223324, document \(documentID.rawValue) not masked: no audit event explains it") })
        #expect(found.count == 5)
    }

    static func resolved(_ path: String) -> String {
        guard let pointer = realpath(path, nil) else { return path }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// A witness that keeps anchors in memory, for the system log tests cannot read.
final class RecordingWitness: AuditWitness, @unchecked Sendable {
    // Guarded by `lock`: anchors arrive on the store's writer queue.
    private let lock = NSLock()
    private var kept: [AuditAnchor] = []
    func keep(_ anchor: AuditAnchor) throws { lock.withLock { kept.append(anchor) } }
    var anchors: [AuditAnchor] { lock.withLock { kept } }
}

/// Someone holding the file: drops the triggers, changes what they like, re-hashes the whole
/// chain from the documented encoding with plain SHA-256, and puts the triggers back. They
/// cannot compute a MAC without the key, nor reach the anchors.
struct Forger {
    let path: String

    func rewrite(_ change: String, renumber: Bool = false) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in
            let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger["name"] as String)") }
            try db.execute(sql: change)
            if renumber {
                // Close the gap a deletion leaves, so the sequence looks whole.
                let seqs = try Int64.fetchAll(db, sql: "SELECT seq FROM audit_event ORDER BY seq")
                for (index, seq) in seqs.enumerated() where seq != Int64(index + 1) {
                    try db.execute(sql: "UPDATE audit_event SET seq = ? WHERE seq = ?", arguments: [index + 1, seq])
                }
            }
            var previous = String(repeating: "0", count: 64)
            let rows = try Row.fetchAll(db, sql: "SELECT seq, at, actor, patient, action, section, purpose, outcome, reason, detail FROM audit_event ORDER BY seq")
            for row in rows {
                let fields: [String?] = [String(row[0] as Int64), row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]]
                let hash = PlainSHA256.hex(Forger.encoding(previous: previous, fields: fields))
                try db.execute(sql: "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", arguments: [previous, hash, row[0] as Int64])
                previous = hash
            }
            for trigger in triggers { try db.execute(sql: trigger["sql"] as String) }
        }
    }

    /// The encoding ARCHITECTURE.md documents: previous hash, newline, then each field as
    /// `<UTF-8 length>:<bytes>|`, an absent one as `-|`.
    static func encoding(previous: String, fields: [String?]) -> [UInt8] {
        var bytes = Array(previous.utf8) + [0x0A]
        for field in fields {
            if let field { bytes += Array("\(field.utf8.count):".utf8) + Array(field.utf8) + [UInt8(ascii: "|")] } else { bytes += Array("-|".utf8) }
        }
        return bytes
    }
}

/// SHA-256 (FIPS 180-4) written out, so the forger owes nothing to Carnet's code.
enum PlainSHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 {
                w[i] = padded[chunk + 4 * i..<chunk + 4 * i + 4].reduce(0) { $0 << 8 | UInt32($1) }
            }
            for i in 16..<64 {
                let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, value) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ value }
        }
        return h.map { word in
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 8 - text.count) + text
        }.joined()
    }
}
