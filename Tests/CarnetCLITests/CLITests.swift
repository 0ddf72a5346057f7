import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

@Suite("carnet command line")
struct CLITests {
    static let user = String(cString: getpwuid(geteuid())!.pointee.pw_name)

    @Test("carnet demo builds a database, mode 0600, and refuses to overwrite one without --force")
    func demo() throws {
        let fixture = try CLIFixture(demo: false)
        let built = try fixture.run(["demo", "--patients", "20", "--seed", "4"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.hasPrefix("demo database: 20 patients (seed 4) at \(fixture.path)"))
        let mode = try FileManager.default.attributesOfItem(atPath: fixture.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try fixture.run(["demo"])
        #expect(again.status == 1)
        #expect(again.stderrLines == ["carnet: \(fixture.path): a database is already there (use --force to replace it)"])
        let verified = try fixture.run(["audit", "verify"])
        #expect(verified.stdout.hasPrefix("audit trail intact: 1 event, head "))
    }

    @Test("on first run carnet creates the demo database at the default path and says where")
    func firstRun() throws {
        let fixture = try CLIFixture(demo: false)
        let home = fixture.folder.path
        let outcome = try CarnetBinary.run([], environment: ["HOME": home, "XDG_DATA_HOME": ""])
        let expected = home + "/.local/share/carnet/carnet.sqlite"
        // Without a terminal the screens cannot open, but the database is made and named.
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("creating a demo database at \(expected)"))
        #expect(outcome.stderr.contains("carnet: the patient's screens need a terminal (database: \(expected))"))
        #expect(FileManager.default.fileExists(atPath: expected))
        let folderMode = try FileManager.default.attributesOfItem(atPath: home + "/.local/share/carnet")[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        // XDG_DATA_HOME wins over HOME, and CARNET_DB over both.
        let xdg = try CarnetBinary.run(["audit", "head"], environment: ["HOME": home, "XDG_DATA_HOME": home + "/xdg"])
        #expect(xdg.stderrLines == ["carnet: \(home)/xdg/carnet/carnet.sqlite: no Carnet database here (create one with 'carnet demo --db \(home)/xdg/carnet/carnet.sqlite')"])
        let env = try CarnetBinary.run(["audit", "head"], environment: ["HOME": "/nonexistent", "CARNET_DB": expected])
        #expect(env.status == 0)
        #expect(env.stdout.hasPrefix("events: "))
    }

    @Test("audit verify, head, and verify --head catch a cut-off tail")
    func auditHeadAndVerify() throws {
        let fixture = try CLIFixture()
        _ = try fixture.run(["audit", "head"])
        let head = try fixture.run(["audit", "head"])
        #expect(head.status == 0)
        let lines = head.stdout.split(separator: "\n")
        // The demo event and the first head's own event; this call's event comes after.
        #expect(lines.count == 2 && lines[0] == "events: 2" && lines[1].hasPrefix("head: "))
        let hash = String(lines[1].dropFirst("head: ".count))
        #expect(try fixture.run(["audit", "verify", "--head", hash]).status == 0)

        // Cut the tail behind the triggers' back: plain verify cannot tell, --head can.
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_delete")
            try db.execute(sql: "DELETE FROM audit_event WHERE seq >= 2")
        }
        try queue.close()
        #expect(try fixture.run(["audit", "verify"]).status == 0)
        let broken = try fixture.run(["audit", "verify", "--head", hash])
        #expect(broken.status == 2)
        #expect(broken.stderrLines.count == 1)
        // The plain verify above appended event 2, so the trail now ends at 2 and lacks the kept head.
        #expect(broken.stderrLines == ["carnet: audit trail broken at event 3: the kept head \(hash) is not among the 2 events left: the tail was cut off or replaced"])
        let badHead = try fixture.run(["audit", "verify", "--head", "xyz"])
        #expect(badHead.stderrLines == ["carnet: invalid head 'xyz': 64 hexadecimal digits expected"])
    }

    @Test("audit verify names an edited event and exits 2")
    func auditEdited() throws {
        let fixture = try CLIFixture()
        _ = try fixture.run(["audit", "head"])
        _ = try fixture.run(["audit", "head"])
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET actor = 'operator:someone-else' WHERE seq = 2")
        }
        try queue.close()
        let outcome = try fixture.run(["audit", "verify"])
        #expect(outcome.status == 2)
        #expect(outcome.stderrLines == ["carnet: audit trail broken at event 2: its content does not match its hash: the event was edited"])
    }

    @Test("audit log --json prints one object per line, and --ins keeps one patient's events")
    func auditLogJSON() throws {
        let fixture = try CLIFixture()
        let ins = try INS.completing("2850575000123").digits
        let added = try fixture.run(["patient", "add", "--ins", ins, "--family-name", "NOUVELLE", "--given-name", "Léa",
                                     "--birth-date", "01/05/1985", "--sex", "female"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "registered Léa NOUVELLE, born 01/05/1985, INS \(ins) (no password yet: cannot sign in)\n")
        let log = try fixture.run(["audit", "log", "--json"])
        #expect(log.status == 0)
        let objects = try log.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count >= 2)
        for object in objects {
            for key in ["seq", "at", "actor", "patient", "action", "purpose", "reason"] { #expect(object.keys.contains(key), "\(key)") }
        }
        #expect(objects.map { $0["seq"] as? Int } == (1...objects.count).map { $0 })
        let registration = try #require(objects.first { ($0["patient"] as? String) == ins })
        #expect(registration["actor"] as? String == "operator:\(Self.user)")
        #expect(registration["action"] as? String == "write")

        let one = try fixture.run(["audit", "log", "--ins", ins, "--json"])
        let onePatient = one.stdout.split(separator: "\n")
        #expect(onePatient.count == 1)
        #expect(onePatient.allSatisfy { $0.contains("\"patient\":\"\(ins)\"") })
        // Reading the log is itself audited.
        let after = try fixture.run(["audit", "log", "--json"]).stdout.split(separator: "\n")
        #expect(after.last?.contains("\"action\":\"audit-read\"") == true)
    }

    @Test("bad input gets one line on stderr naming the input and a non-zero exit", arguments: [
        (["patient", "add", "--ins", "123", "--family-name", "X", "--given-name", "Y", "--birth-date", "2000-01-01"],
         "carnet: invalid INS '123': 15 digits expected, got 3 characters"),
        (["patient", "add", "--ins", "258037511223325", "--family-name", "X", "--given-name", "Y", "--birth-date", "2000-01-01"],
         "carnet: invalid INS '258037511223325': wrong key 25, the first 13 digits give key 24"),
        (["patient", "add", "--ins", "258037511223324", "--family-name", "X", "--given-name", "Y", "--birth-date", "31/02/2000"],
         "carnet: invalid birth date '31/02/2000': use YYYY-MM-DD or DD/MM/YYYY"),
        (["patient", "add", "--ins", "258037511223324", "--family-name", "X", "--given-name", "Y", "--birth-date", "2000-01-01"],
         "carnet: a patient with INS 258037511223324 is already registered"),
        (["professional", "unblock", "--rpps", "10001234566"], "carnet: invalid RPPS '10001234566': the check digit is wrong (Luhn)"),
        (["professional", "unblock", "--rpps", "19999999998"], "carnet: no professional with RPPS 19999999998 in this database"),
        (["audit", "log", "--ins", "12\u{1B}[31m3", "--lang", "en"], "carnet: invalid INS '12[31m3': only digits are allowed"),
        (["audit", "log", "--ins", "12\u{1B}[31m3", "--lang", "fr"], "carnet: INS invalide '12[31m3' : seuls des chiffres sont admis"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let fixture = try CLIFixture()
        let outcome = try fixture.run(arguments)
        #expect(outcome.status == 1)
        #expect(outcome.stderrLines == [message])
        #expect(outcome.stdout.isEmpty)
    }

    @Test("a missing file, a file that is not a database, another program's database")
    func badFiles() throws {
        let fixture = try CLIFixture(demo: false)
        let missing = fixture.folder.appendingPathComponent("missing.sqlite").path
        let outcome = try CarnetBinary.run(["audit", "verify", "--db", missing])
        #expect(outcome.status == 1)
        #expect(outcome.stderrLines == ["carnet: \(missing): no Carnet database here (create one with 'carnet demo --db \(missing)')"])
        #expect(!FileManager.default.fileExists(atPath: missing))

        let text = fixture.folder.appendingPathComponent("notes.txt").path
        _ = FileManager.default.createFile(atPath: text, contents: Data(String(repeating: "pas une base\n", count: 40).utf8))
        let notDB = try CarnetBinary.run(["audit", "log", "--db", text])
        #expect(notDB.stderrLines == ["carnet: \(text): not a Carnet database (the file is not SQLite)"])
        #expect(notDB.status == 1)

        let other = fixture.folder.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try queue.close()
        let foreign = try CarnetBinary.run(["audit", "head", "--db", other])
        #expect(foreign.stderrLines == ["carnet: \(other): not a Carnet database (an SQLite file of another program)"])
    }

    @Test("a database locked by another program gets a clear message, not a crash")
    func locked() throws {
        let fixture = try CLIFixture()
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: fixture.path, configuration: configuration)
        try holder.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        let outcome = try fixture.run(["audit", "head"])
        try holder.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        #expect(outcome.status == 1)
        #expect(outcome.stderrLines == ["carnet: \(fixture.path): the database is locked by another program; try again in a moment"])
    }

    @Test("professional add reads the PIN from standard input, and unblock lifts a block")
    func professionals() throws {
        let fixture = try CLIFixture()
        let rpps = try RPPS.completing("1555555555").digits
        let added = try fixture.run(["professional", "add", "--rpps", rpps, "--family-name", "Garnier", "--given-name", "Léa",
                                     "--profession", "sage-femme", "--with-pin"], stdin: "97531\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "registered Léa GARNIER, sage-femme, RPPS \(rpps)\n")
        let weak = try fixture.run(["professional", "add", "--rpps", try RPPS.completing("1555555556").digits, "--family-name", "X",
                                    "--given-name", "Y", "--profession", "infirmier", "--with-pin"], stdin: "12\n")
        #expect(weak.stderrLines == ["carnet: the PIN must be 4 to 8 digits"])

        // Block her card with three wrong PINs through the library, then unblock it from the command line.
        let database = try CarnetDatabase.open(path: fixture.path)
        // A minute between tries: the waits after a wrong PIN are not what is tested here.
        let later = Ticking(start: Date(), step: 60)
        let credentials = Credentials(database: database, cost: .testing, clock: { later.next() })
        for _ in 0..<3 { _ = try? credentials.professionalLogin(rpps: try RPPS(rpps), pin: "0000") }
        #expect(try credentials.isBlocked(try RPPS(rpps)))
        let unblocked = try fixture.run(["professional", "unblock", "--rpps", rpps])
        #expect(unblocked.status == 0)
        #expect(unblocked.stdout == "unblocked RPPS \(rpps)\n")
        #expect(try !credentials.isBlocked(try RPPS(rpps)))
        #expect(try credentials.professionalLogin(rpps: try RPPS(rpps), pin: "97531").familyName == "Garnier")
        try database.close()
        let secretsInFile = try #require(FileManager.default.contents(atPath: fixture.path))
        #expect(secretsInFile.range(of: Data("97531".utf8)) == nil)
    }

    @Test("patient add with a password from standard input lets the patient sign in")
    func patientAdd() throws {
        let fixture = try CLIFixture()
        let ins = try INS.completing("1800175000042")
        let added = try fixture.run(["patient", "add", "--ins", ins.digits, "--family-name", "Leclerc", "--given-name", "Noël",
                                     "--birth-date", "1980-01-15", "--sex", "male", "--treating-doctor", "10001234565", "--with-password"],
                                    stdin: "un-mot-de-passe\n")
        #expect(added.status == 0, "\(added.stderr)")
        let database = try CarnetDatabase.open(path: fixture.path)
        let patient = try Credentials(database: database).patientLogin(ins: ins, password: "un-mot-de-passe")
        #expect(patient.displayName == "Noël LECLERC")
        #expect(patient.treatingDoctor?.digits == "10001234565")
        try database.close()
    }

    @Test("patient reopen: an operator reopens a closed record; Marie signs in again")
    func reopen() throws {
        let fixture = try CLIFixture()
        let database = try CarnetDatabase.open(path: fixture.path)
        let store = RecordStore(database: database, policy: try .standard())
        let marie = try #require(try Directory(database: database).patient(ins: DemoAccounts.marieINS))
        try store.closeRecord(marie.id, context: AccessContext(actor: .patient(marie.id, ins: marie.ins), mode: .patient, purpose: .selfAccess))
        #expect(throws: LoginFailure.recordClosed) { try Credentials(database: database).patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo") }
        try database.close()
        let reopened = try fixture.run(["patient", "reopen", "--ins", "258037511223324"])
        #expect(reopened.status == 0, "\(reopened.stderr)")
        #expect(reopened.stdout == "reopened the record of Marie DUPONT (INS 258037511223324)\n")
        let again = try fixture.run(["patient", "reopen", "--ins", "258037511223324"])
        #expect(again.stdout.contains("is open already"))
        let unknown = try fixture.run(["patient", "reopen", "--ins", "171026912345698"])
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("carnet: "))
        let log = try fixture.run(["audit", "log", "--ins", "258037511223324", "--json"])
        #expect(log.stdout.contains("\"detail\":\"reopen record\"") && log.stdout.contains("\"actor\":\"operator:\(CLITests.user)\""))
        let check = try CarnetDatabase.open(path: fixture.path)
        #expect(try Credentials(database: check).patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo").isClosed == false)
        try check.close()
    }

    @Test("import, export and audit export: what Carnet writes parses in Python fhir.resources (R4B), an independent implementation")
    func fhirInterop() throws {
        let fixture = try CLIFixture()
        let fixtures = TestFixtures.fhir
        let imported = try fixture.run(["import", fixtures.appendingPathComponent("synthea-smart_Jorge_Brekke_ac7921e0.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 248 (AllergyIntolerance 10, Claim 37, Condition 8, DiagnosticReport 2, Immunization 35"))
        let again = try fixture.run(["import", fixtures.appendingPathComponent("synthea-smart_Jorge_Brekke_ac7921e0.json").path])
        #expect(again.stdout.contains("imported 0"))
        let folder = fixture.folder
        let marie = folder.appendingPathComponent("marie-ips.json").path
        let jorge = folder.appendingPathComponent("jorge-audit.json").path
        #expect(try fixture.run(["export", "--ins", "258037511223324", "--output", marie]).status == 0)
        #expect(try fixture.run(["audit", "export", "--fhir", "--output", jorge]).status == 0)
        let broken = folder.appendingPathComponent("broken.json").path
        try #"{"resourceType": "Bundle", "type": "document", "entry": [{"resource": {"resourceType": "AuditEvent", "recorded": "yesterday"}}]}"#
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../interop/validate_fhir.py").standardized.path
        let python = try Shell.run("python3 '\(script)' '\(marie)' '\(jorge)' '\(broken)'")
        #expect(python.output.contains("ok \(marie): Bundle document"), "\(python.output)")
        #expect(python.output.contains("ok \(jorge): Bundle collection"), "\(python.output)")
        // The check can fail: a bundle that breaks the spec is refused.
        #expect(python.output.contains("refused \(broken)"), "\(python.output)")
        #expect(python.status == 1)
    }

    @Test("--help lists the subcommands")
    func help() throws {
        let outcome = try CarnetBinary.run(["--help"])
        #expect(outcome.status == 0)
        for word in ["demo", "audit", "professional", "patient"] { #expect(outcome.stdout.contains(word)) }
    }
}

@Suite("carnet import: identities")
struct ImportIdentityCLITests {
    static func bundle(ins: String, family: String, allergy: String) -> String {
        """
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"resource": {"resourceType": "Patient", "id": "1", "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "\(ins)"}],
                        "name": [{"family": "\(family)", "given": ["Test"]}], "gender": "female", "birthDate": "1970-01-01"}},
          {"resource": {"resourceType": "AllergyIntolerance", "id": "1", "patient": {"reference": "Patient/1"}, "code": {"text": "\(allergy)"}}}
        ]}
        """
    }

    @Test("three files each with Patient/1 and its own INS, in one command: three patients, and the report says which is which")
    func threeFilesOneCommand() throws {
        let fixture = try CLIFixture(demo: false)
        #expect(try fixture.run(["demo", "--patients", "2", "--seed", "1"]).status == 0)
        let people = [("170019912345696", "ALPHA", "Pollen"), ("279035121518989", "BETA", "Latex"), ("185057800608491", "GAMMA", "Iode")]
        var files: [String] = []
        for (ins, family, allergy) in people {
            let path = fixture.folder.appendingPathComponent("\(family).json").path
            try Data(Self.bundle(ins: ins, family: family, allergy: allergy).utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let imported = try fixture.run(["import"] + files)
        #expect(imported.status == 0, "\(imported.stderr)")
        for (_, family, _) in people {
            #expect(imported.stdout.contains("patient Patient/1: new record for Test \(family)"), "\(imported.stdout)")
        }
        #expect(!imported.stdout.contains("merged"))
        // A fourth file that names Patient/1 without carrying it: which of three? Refused.
        let orphan = fixture.folder.appendingPathComponent("orphan.json").path
        try Data(#"{"resourceType": "AllergyIntolerance", "id": "2", "patient": {"reference": "Patient/1"}, "code": {"text": "Arachide"}}"#.utf8)
            .write(to: URL(fileURLWithPath: orphan))
        let refused = try fixture.run(["import", orphan])
        #expect(refused.status == 1)
        #expect(refused.stderrLines.count == 1 && refused.stderr.contains("names 3 patients") && refused.stderr.contains("--patient"))
        let named = try fixture.run(["import", "--patient", "279035121518989", orphan])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("patient Patient/1: Test BETA (INS 279035121518989), named by the operator (--patient)"), "\(named.stdout)")
    }
}

/// A clock that moves on by `step` each time it is read.
final class Ticking: @unchecked Sendable {
    // Guarded by the lock.
    private let lock = NSLock()
    private var time: Date
    private let step: TimeInterval
    init(start: Date, step: TimeInterval) {
        time = start
        self.step = step
    }
    func next() -> Date {
        lock.withLock {
            time = time.addingTimeInterval(step)
            return time
        }
    }
}
