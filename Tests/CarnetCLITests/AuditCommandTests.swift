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

    /// The locale and time zone of a run: every test pins both, so that nothing depends on
    /// the machine's (CI's LANG is C.UTF-8, which reads as French) or on the season.
    static func pinned(lang: String = "fr_FR.UTF-8", tz: String = "Europe/Paris") -> [String: String] {
        ["LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "TZ": tz]
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

        let text = try fixture.run(["audit", "log"], environment: Self.pinned())
        #expect(text.status == 0)
        #expect(Self.forbidden(in: text.stdout) == [])
        #expect(text.stdout.contains("\topérateur ev[31mil\t"))
        #expect(text.stdout.contains("31mdegpj.exef g"))

        let json = try fixture.run(["audit", "log", "--json"], environment: Self.pinned())
        #expect(json.status == 0)
        #expect(Self.forbidden(in: json.stdout) == [])
        #expect(json.stdout.contains(#"\u001b]52;c;ZXZpbA==\u0007"#) && json.stdout.contains(#"\u202e"#) && json.stdout.contains(#"\u009b"#))
        let details = try json.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["detail"] as? String
        }
        #expect(details.contains(Self.hostile))

        let review = try fixture.run(["audit", "review"], environment: Self.pinned())
        #expect(review.status == 0)
        #expect(Self.forbidden(in: review.stdout) == [])
        #expect(review.stdout.contains("Patiente inconsciente, aucun proche joignable"))
    }

    @Test("audit verify --db on a folder: one line, exit 1, no crash")
    func verifyFolder() throws {
        let fixture = try CLIFixture(demo: false)
        for command in [["audit", "verify"], ["audit", "log"], ["audit", "head"], ["audit", "review"]] {
            let outcome = try CarnetBinary.run(command + ["--db", fixture.folder.path], environment: Self.pinned())
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderrLines == ["carnet: \(fixture.folder.path): cannot open the database (a folder, not a Carnet database file)"])
        }
    }

    @Test("audit key: 32 bytes, 0400 in a 0700 folder; never replaced, never through a link")
    func key() throws {
        let fixture = try CLIFixture(demo: false)
        let environment = Self.sealed(fixture).merging(Self.pinned()) { $1 }
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
        let linked = try CarnetBinary.run(["audit", "key"], environment: Self.pinned().merging(["CARNET_AUDIT_KEY_FILE": link]) { $1 })
        #expect(linked.status == 1)
        #expect(linked.stderrLines == ["carnet: audit key \(link): a symbolic link, refused"])
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("elsewhere").path))
    }

    @Test("verify says plainly whether the trail is keyed, and names an event whose MAC was removed")
    func keyedVerify() throws {
        let fixture = try CLIFixture()
        let environment = Self.sealed(fixture).merging(Self.pinned()) { $1 }
        let unkeyed = try fixture.run(["audit", "verify"], environment: Self.pinned())
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
        let environment = Self.sealed(fixture).merging(Self.pinned()) { $1 }
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
        let clean = try fixture.run(["audit", "verify", "--state"], environment: Self.pinned())
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
        let outcome = try fixture.run(["audit", "verify", "--state"], environment: Self.pinned())
        #expect(outcome.status == 2)
        #expect(outcome.stdout.split(separator: "\n").contains("access_grant: patient 171026912345697, RPPS 10003456786, read: no audit event explains it"))
        #expect(outcome.stderrLines == ["carnet: 1 row of the access state no audit event explains (listed above)"])
    }

    // MARK: In the operator's language, people named (issue 16)

    /// 2026-11-21 13:05 UTC: 14:05 in Paris (winter time, UTC+1), whatever day the tests run.
    static let moment = Date(timeIntervalSince1970: 1_795_266_300)

    /// A demo trail with what an operator reviews, all at `moment`: Marie grants Dr MARTIN
    /// read access and blocks Claire PETIT; Dr Sophie LEROY breaks the glass on Marie
    /// (summary read, then signed out) and is refused on Luc, who refused emergency
    /// physicians in advance. Returns the fixture and the break-glass start's event.
    static func reviewedTrail() throws -> (fixture: CLIFixture, start: Int64) {
        let fixture = try CLIFixture()
        let database = try CarnetDatabase.open(path: fixture.path)
        let store = RecordStore(database: database, policy: try .standard(), clock: { AuditCommandTests.moment })
        let directory = Directory(database: database)
        let marie = try #require(try directory.patient(ins: DemoAccounts.marieINS))
        let luc = try #require(try directory.patient(ins: DemoAccounts.lucINS))
        let herself = AccessContext(actor: .patient(marie.id, ins: marie.ins), mode: .patient, purpose: .selfAccess)
        try store.grant(.read, to: DemoAccounts.paulMartin.rpps, on: marie.id, context: herself)
        try store.block(DemoAccounts.clairePetit.rpps, on: marie.id, context: herself)
        let sophie = DemoAccounts.sophieLeroy
        let access = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency,
                                               justification: "Patiente inconsciente, aucun proche joignable", window: 4 * 3600,
                                               context: .emergency(sophie))
        _ = try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: access))
        try store.stopBreakGlass(access, why: "logout", context: .emergency(sophie))
        #expect(throws: AccessRefused.self) {
            _ = try store.startBreakGlass(on: luc.id, reason: .vitalEmergency, justification: "Patient inconscient, aucun proche joignable",
                                      window: 4 * 3600, context: .emergency(sophie))
        }
        try database.close()
        return (fixture, access.startEvent)
    }

    /// A code of the trail shown as it is stored: `rpps:1000…`, `operator:root`,
    /// `consent-refused:emergency-physician`, `start:12`. Times (`14:05`) have digits before
    /// the colon and words ("motif : urgence", "reason: vital") a space after it.
    static func internalCodes(in text: String) -> [String] {
        let code = /\b[a-z][a-z-]*:[a-z0-9][a-z0-9-]*/
        return text.matches(of: code).map { String($0.output) }.filter { !$0.hasPrefix("http") && !$0.hasPrefix("file") }
    }

    /// Words each language's output has and the other's must not: headings, actions,
    /// outcomes, professions, the verdict line. The justification, typed by a doctor, is in
    /// French in both, so none of these words is in it.
    static let frenchWords = ["qui", "détail", "autorisé", "refusé", "médecin urgentiste", "consultation", "motif", "durée autorisée",
                              "pour rendre un avis", "opérateur", "consultation du journal d'audit", "en attente d'avis", "accès accordé"]
    static let englishWords = ["who", "detail", "allowed", "refused", "emergency physician", "read ·", "reason", "window",
                               "to record a verdict", "operator", "audit trail read", "awaiting review", "access granted"]

    @Test("audit log and review speak French or English (--lang, else LANG), name people beside their INS and RPPS, and show no internal code")
    func languages() throws {
        let (fixture, start) = try Self.reviewedTrail()
        var outputs: [String: String] = [:]
        for (name, arguments, environment) in [
            ("fr", ["--lang", "fr"], Self.pinned(lang: "en_GB.UTF-8")), ("en", ["--lang", "en"], Self.pinned(lang: "fr_FR.UTF-8")),
            ("fr-LANG", [], Self.pinned(lang: "C.UTF-8")), ("en-LANG", [], Self.pinned(lang: "en_US.UTF-8")),
        ] {
            let review = try fixture.run(["audit", "review"] + arguments, environment: environment)
            let log = try fixture.run(["audit", "log"] + arguments, environment: environment)
            #expect(review.status == 0 && log.status == 0, "\(name): \(review.stderr) \(log.stderr)")
            outputs[name] = review.stdout + log.stdout
        }
        let french = try #require(outputs["fr"]), english = try #require(outputs["en"])
        #expect(outputs["fr-LANG"]?.contains("pour rendre un avis") == true)
        #expect(outputs["en-LANG"]?.contains("to record a verdict") == true)

        for word in Self.frenchWords {
            #expect(french.contains(word), "French output lacks '\(word)'")
            #expect(!english.contains(word), "English output has '\(word)'")
        }
        for word in Self.englishWords {
            #expect(english.contains(word), "English output lacks '\(word)'")
            #expect(!french.contains(word), "French output has '\(word)'")
        }
        #expect(Self.internalCodes(in: french) == [])
        #expect(Self.internalCodes(in: english) == [])
        for text in [french, english] {
            #expect(!text.contains("break-glass-summary-only") && !text.contains("consent-refused") && !text.contains("vital-emergency"))
        }

        // Names beside identifiers, professions in the reader's language.
        for text in [french, english] {
            #expect(text.contains("Marie DUPONT (INS 258037511223324)"))
            #expect(text.contains("Luc MOREAU (INS 171026912345697)"))
        }
        #expect(french.contains("Dr Sophie LEROY, médecin urgentiste (RPPS 10002345675)"))
        #expect(english.contains("Dr Sophie LEROY, emergency physician (RPPS 10002345675)"))
        #expect(french.contains("accès accordé (lecture) : Dr Paul MARTIN, médecin généraliste (RPPS 10001234565)"))
        #expect(english.contains("access granted (read): Dr Paul MARTIN, general practitioner (RPPS 10001234565)"))
        // The screens' words for her profession: never "infirmier" for a woman; the directory does
        // not keep a professional's sex, so the word true of anyone.
        #expect(french.contains("accès bloqué : Claire PETIT, soins infirmiers (RPPS 10004567896)"))
        #expect(!french.contains("infirmier ("))

        // Luc's advance refusal, in words.
        #expect(french.contains("refusé : le patient a refusé l'accès en urgence (bris de glace) par les médecins urgentistes"))
        #expect(english.contains("refused: the patient refused break-glass access by emergency physicians"))
        #expect(french.contains("autorisé, motif : urgence vitale"))
        #expect(english.contains("allowed, reason: vital emergency"))
        #expect(french.contains("durée autorisée : 4 h ; justification : « Patiente inconsciente, aucun proche joignable »"))
        #expect(french.contains("fin de l'accès en urgence n° \(start) : déconnexion"))
        #expect(english.contains("end of emergency access no. \(start): sign-out"))

        // The review: the access, its fields, and how to judge it.
        let frenchReview = french.split(separator: "\n").map(String.init)
        #expect(frenchReview.first == "1 accès en urgence (bris de glace) en attente d'avis")
        #expect(frenchReview.contains("accès \(start)  21/11/2026 14:05"))
        #expect(frenchReview.contains("  pour qui :      Marie DUPONT (INS 258037511223324)"))
        #expect(frenchReview.contains("  consulté :      Synthèse"))
        #expect(frenchReview.contains("pour rendre un avis : carnet audit review --db \(fixture.path) --start \(start) --verdict justified|not-justified [--comment TEXTE]"))
        let englishReview = english.split(separator: "\n").map(String.init)
        #expect(englishReview.contains("  who:           Dr Sophie LEROY, emergency physician (RPPS 10002345675)"))
        #expect(englishReview.contains("  lasted:        0 min of a 4 h window; ended: sign-out"))
        #expect(englishReview.contains("to record a verdict: carnet audit review --db \(fixture.path) --start \(start) --verdict justified|not-justified [--comment TEXT]"))

        // --json keeps the trail's own codes, for scripts.
        let json = try fixture.run(["audit", "log", "--json", "--lang", "fr"], environment: Self.pinned())
        #expect(json.stdout.contains(#""actor":"rpps:10002345675""#) && json.stdout.contains(#""reason":"consent-refused:emergency-physician""#))
        #expect(json.stdout.contains(#""at":"2026-11-21T13:05:00.000Z""#))
    }

    @Test("times are local: Europe/Paris unless TZ says otherwise, written as French or English readers write them")
    func timeZones() throws {
        let (fixture, start) = try Self.reviewedTrail()
        func startLine(_ environment: [String: String], _ arguments: [String] = []) throws -> String {
            let log = try fixture.run(["audit", "log"] + arguments, environment: environment)
            return try #require(log.stdout.split(separator: "\n").first { $0.hasPrefix("\(start)\t") }.map(String.init), "\(log.stdout)")
        }
        #expect(try startLine(Self.pinned(tz: "Europe/Paris")).hasPrefix("\(start)\t21/11/2026 14:05\t"))
        #expect(try startLine(Self.pinned(tz: "UTC")).hasPrefix("\(start)\t21/11/2026 13:05\t"))
        #expect(try startLine(Self.pinned(tz: ":America/New_York")).hasPrefix("\(start)\t21/11/2026 08:05\t"))
        // No TZ at all: Paris, not the machine's zone.
        #expect(try startLine(Self.pinned(tz: "")).hasPrefix("\(start)\t21/11/2026 14:05\t"))
        #expect(try startLine(Self.pinned(tz: "Europe/Paris"), ["--lang", "en"]).hasPrefix("\(start)\t2026-11-21 14:05\t"))
        #expect(try startLine(Self.pinned(tz: "UTC"), ["--lang", "en"]).hasPrefix("\(start)\t2026-11-21 13:05\t"))

        let paris = try fixture.run(["audit", "review", "--lang", "en"], environment: Self.pinned(tz: "Europe/Paris"))
        let utc = try fixture.run(["audit", "review", "--lang", "en"], environment: Self.pinned(tz: "UTC"))
        #expect(paris.stdout.contains("access \(start)  2026-11-21 14:05\n"))
        #expect(utc.stdout.contains("access \(start)  2026-11-21 13:05\n"))
    }

    @Test("a verdict is recorded and read back in words; a wrong event, a bad INS and an empty log are said in the reader's language")
    func verdicts() throws {
        let (fixture, start) = try Self.reviewedTrail()
        let wrong = try fixture.run(["audit", "review", "--start", "1", "--verdict", "justified"], environment: Self.pinned())
        #expect(wrong.status == 1)
        #expect(wrong.stderrLines == ["carnet: l'événement 1 n'est pas le début d'un accès en urgence (bris de glace)"])
        let wrongEnglish = try fixture.run(["audit", "review", "--start", "1", "--verdict", "justified", "--lang", "en"], environment: Self.pinned())
        #expect(wrongEnglish.stderrLines == ["carnet: event 1 is not the start of a break-glass access"])
        let alone = try fixture.run(["audit", "review", "--start", "1"], environment: Self.pinned())
        #expect(alone.status == 64 && alone.stderr.contains("--start et --verdict vont ensemble"))

        let recorded = try fixture.run(["audit", "review", "--start", String(start), "--verdict", "not-justified", "--comment", "Pas d'urgence vitale."],
                                       environment: Self.pinned())
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout == "avis enregistré : accès en urgence \(start) non justifié\n")
        let none = try fixture.run(["audit", "review"], environment: Self.pinned())
        #expect(none.stdout == "aucun accès en urgence (bris de glace) en attente d'avis\n")
        let every = try fixture.run(["audit", "review", "--all", "--lang", "en"], environment: Self.pinned())
        #expect(every.stdout.hasPrefix("1 break-glass access, 0 awaiting review\n"))
        #expect(every.stdout.contains("  verdict:       not justified; comment: “Pas d'urgence vitale.”\n"))
        #expect(!every.stdout.contains("to record a verdict"))
        let log = try fixture.run(["audit", "log", "--ins", DemoAccounts.marieINS.digits], environment: Self.pinned())
        #expect(log.stdout.contains("\tavis sur un accès en urgence\tautorisé, motif : urgence vitale\taccès en urgence n° \(start) : non justifié ; commentaire : « Pas d'urgence vitale. »"))
        #expect(Self.internalCodes(in: log.stdout) == [])

        let badINS = try fixture.run(["audit", "log", "--ins", "123"], environment: Self.pinned())
        #expect(badINS.status == 1)
        #expect(badINS.stderrLines == ["carnet: INS invalide '123' : 15 chiffres attendus, 3 caractères saisis"])
        let badINSEnglish = try fixture.run(["audit", "log", "--ins", "123", "--lang", "en"], environment: Self.pinned())
        #expect(badINSEnglish.stderrLines == ["carnet: invalid INS '123': 15 digits expected, got 3 characters"])
        // A valid INS nobody has: no event, said in words.
        let nobody = try fixture.run(["audit", "log", "--ins", "269054958815780"], environment: Self.pinned())
        #expect(nobody.status == 0 && nobody.stdout.isEmpty)
        #expect(nobody.stderrLines == ["carnet: aucun événement d'audit pour INS 269054958815780 (inconnu de Carnet)"])
    }
}
