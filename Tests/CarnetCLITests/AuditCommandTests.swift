import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// `carnet audit …` run as the built binary, with its key and anchors in the fixture's
/// folder (never the operator's real ones).
@Suite("carnet audit: keys, anchors, state, hostile text")
struct AuditCommandTests {
    /// A key and an anchor file of the fixture's own, outside the database's folder as the
    /// defaults are (the database is in the fixture's folder, these one level down).
    static func sealed(_ fixture: CLIFixture) -> [String: String] {
        ["CARNET_AUDIT_KEY_FILE": fixture.folder.appendingPathComponent("config/carnet/audit.key").path,
         "CARNET_ANCHOR_FILE": fixture.folder.appendingPathComponent("state/carnet/anchors.log").path]
    }

    /// Text an attacker would put in a record: OSC 52 (clipboard), a title, BEL, CSI, a C1
    /// CSI, NEL, DEL, a right-to-left override, an isolate, a tab to fake a column.
    static let hostile = "a\u{1B}]52;c;ZXZpbA==\u{07}b\u{1B}]0;owned\u{07}c\u{1B}[2J\u{9B}31m\u{85}d\u{7F}e\u{202E}gpj.exe\u{2066}f\tg"

    /// Every byte a terminal could act on: C0 but tab and newline, DEL, C1 (as UTF-8), the
    /// bidirectional controls (as UTF-8).
    static func forbidden(in text: String) -> [String] {
        var found: [String] = []
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
                || value == 0x200E || value == 0x200F || value == 0x061C {
                found.append(String(format: "U+%04X", value))
            }
        }
        return found
    }

    @Test("audit log, --json and review: no control or bidi character reaches the terminal, and --json keeps the text exactly")
    func hostileText() throws {
        let fixture = try CLIFixture()
        let database = try CarnetDatabase.open(path: fixture.path)
        try AuditLog(database: database).recordOperatorAction(.auditRead, context: .operatorAccount("ev\u{1B}[31mil\u{202E}"),
                                                               detail: Self.hostile)
        let store = RecordStore(database: database, policy: try .standard())
        let marie = try #require(try Directory(database: database).patient(ins: DemoAccounts.marieINS))
        _ = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency,
                                      justification: "Patiente inconsciente, aucun proche joignable \(Self.hostile)", window: 3600,
                                      context: .emergency(DemoAccounts.sophieLeroy))
        try database.close()

        let text = try fixture.run(["audit", "log"])
        #expect(text.status == 0)
        #expect(Self.forbidden(in: text.stdout) == [])
        #expect(text.stdout.contains("operator:ev[31mil\t"))
        #expect(text.stdout.contains("31mdegpj.exef g"))

        let json = try fixture.run(["audit", "log", "--json"])
        #expect(json.status == 0)
        #expect(Self.forbidden(in: json.stdout) == [])
        #expect(json.stdout.contains(#"\u001b]52;c;ZXZpbA==\u0007"#) && json.stdout.contains(#"\u202e"#) && json.stdout.contains(#"\u009b"#))
        let details = try json.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["detail"] as? String
        }
        #expect(details.contains(Self.hostile))

        let review = try fixture.run(["audit", "review"])
        #expect(review.status == 0)
        #expect(Self.forbidden(in: review.stdout) == [])
        #expect(review.stdout.contains("Patiente inconsciente, aucun proche joignable"))
    }

    @Test("audit verify --db on a folder: one line, exit 1, no crash")
    func verifyFolder() throws {
        let fixture = try CLIFixture(demo: false)
        for command in [["audit", "verify"], ["audit", "log"], ["audit", "head"], ["audit", "review"]] {
            let outcome = try CarnetBinary.run(command + ["--db", fixture.folder.path])
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderrLines == ["carnet: \(fixture.folder.path): cannot open the database (a folder, not a Carnet database file)"])
        }
    }

    @Test("audit key: 32 bytes, 0400 in a 0700 folder; never replaced, never through a link")
    func key() throws {
        let fixture = try CLIFixture(demo: false)
        let environment = Self.sealed(fixture)
        let path = try #require(environment["CARNET_AUDIT_KEY_FILE"])
        let made = try CarnetBinary.run(["audit", "key"], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("audit key created at \(path) (32 bytes, mode 0400, fingerprint "))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o400)
        #expect(attributes[.size] as? Int == 32)
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let again = try CarnetBinary.run(["audit", "key"], environment: environment)
        #expect(again.status == 1)
        #expect(again.stderrLines == ["carnet: audit key \(path): a key is already there; it is never replaced (events keyed with it could no longer be checked)"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)

        let link = fixture.folder.appendingPathComponent("linked.key").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fixture.folder.appendingPathComponent("elsewhere").path)
        let linked = try CarnetBinary.run(["audit", "key"], environment: ["CARNET_AUDIT_KEY_FILE": link])
        #expect(linked.status == 1)
        #expect(linked.stderrLines == ["carnet: audit key \(link): a symbolic link, refused"])
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("elsewhere").path))
    }

    @Test("verify says plainly whether the trail is keyed, and names an event whose MAC was removed")
    func keyedVerify() throws {
        let fixture = try CLIFixture()
        let environment = Self.sealed(fixture)
        let unkeyed = try fixture.run(["audit", "verify"])
        #expect(unkeyed.stdout.split(separator: "\n").dropFirst().first == "unkeyed: anyone holding the file could rewrite it; run carnet audit key")
        #expect(unkeyed.stdout.contains("anchors: off (CARNET_ANCHOR_FILE is empty)"))

        #expect(try CarnetBinary.run(["audit", "key"], environment: environment).status == 0)
        _ = try fixture.run(["audit", "head"], environment: environment)
        _ = try fixture.run(["audit", "head"], environment: environment)
        let keyed = try fixture.run(["audit", "verify"], environment: environment)
        #expect(keyed.status == 0, "\(keyed.stderr)")
        let lines = keyed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("keyed (key ") && lines[1].hasSuffix("every event from 3 on; events 1–2 were written before the key and rest on the chain alone"))
        #expect(lines[2].hasPrefix("anchors: 2 checked in \(environment["CARNET_ANCHOR_FILE"]!) (events 3, 4; the last anchored on "))

        // Event 4 loses its MAC (a forger who cannot make one removes it).
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET mac = NULL WHERE seq = 4")
        }
        try queue.close()
        let broken = try fixture.run(["audit", "verify"], environment: environment)
        #expect(broken.status == 2)
        #expect(broken.stderrLines == ["carnet: audit trail broken at event 4: it carries no MAC, though the trail is keyed from event 3 on: it was written or rewritten without the audit key"])
    }

    @Test("an older copy of the database put back after newer anchored events: verify names the anchor it is behind")
    func olderCopyRestored() throws {
        let fixture = try CLIFixture()
        let environment = Self.sealed(fixture)
        #expect(try fixture.run(["audit", "head"], environment: environment).status == 0)
        let copy = fixture.folder.appendingPathComponent("backup.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: fixture.path + suffix) {
            try FileManager.default.copyItem(atPath: fixture.path + suffix, toPath: copy + suffix)
        }
        for _ in 0..<2 { #expect(try fixture.run(["audit", "head"], environment: environment).status == 0) }

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: fixture.path + suffix) }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: copy + suffix) {
            try FileManager.default.copyItem(atPath: copy + suffix, toPath: fixture.path + suffix)
        }
        let outcome = try fixture.run(["audit", "verify"], environment: environment)
        #expect(outcome.status == 2)
        #expect(outcome.stderrLines.count == 1)
        #expect(outcome.stderrLines.first?.hasPrefix("carnet: audit trail broken at event 3: the trail ends at event 2 but event 4 was anchored on ") == true)
        #expect(outcome.stdout.contains("anchors: 3 checked in \(environment["CARNET_ANCHOR_FILE"]!) (events 2, 3, 4;"))
    }

    @Test("verify --state names a grant inserted by hand, and passes a state made through Carnet")
    func stateGrantByHand() throws {
        let fixture = try CLIFixture()
        let clean = try fixture.run(["audit", "verify", "--state"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("state: every grant, block, break-glass consent and document mask is explained by the trail (the demo's rows by its setup event 1)"))

        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO access_grant (patient_id, professional_rpps, level, since)
                SELECT id, '10003456786', 'read', '2026-11-01T00:00:00.000Z' FROM patient WHERE ins = ?
                """, arguments: [DemoAccounts.lucINS.digits])
        }
        try queue.close()
        let outcome = try fixture.run(["audit", "verify", "--state"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.split(separator: "\n").contains("access_grant: patient 171026912345697, RPPS 10003456786, read: no audit event explains it"))
        #expect(outcome.stderrLines == ["carnet: 1 row of the access state no audit event explains (listed above)"])
    }
}
