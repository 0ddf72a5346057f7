import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("Credentials")
struct CredentialTests {
    @Test("the right password signs Marie in, and the sign-in is audited")
    func patientLogin() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.credentials.patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo")
        #expect(marie.displayName == "Marie DUPONT")
        let event = try fixture.lastEvent()
        #expect(event.action == "login" && event.outcome == .allowed && event.actor == "patient:258037511223324")
    }

    @Test("five wrong passwords lock the account for 15 minutes, and the count survives reopening the database")
    func patientLockoutSurvivesRestart() throws {
        let fixture = try StoreFixture()
        for left in [4, 3, 2] {
            #expect(throws: LoginFailure.wrongSecret(attemptsLeft: left)) {
                try fixture.credentials.patientLogin(ins: DemoAccounts.marieINS, password: "wrong-password")
            }
        }
        // A restart: a new connection to the same file, new Credentials.
        try fixture.database.close()
        let reopened = try CarnetDatabase.open(path: fixture.path)
        let credentials = Credentials(database: reopened, cost: .testing, clock: fixture.clock)
        #expect(throws: LoginFailure.wrongSecret(attemptsLeft: 1)) {
            try credentials.patientLogin(ins: DemoAccounts.marieINS, password: "wrong-password")
        }
        let lockedUntil = fixture.now.addingTimeInterval(Credentials.patientLockout)
        #expect(throws: LoginFailure.locked(until: Timestamp.date(from: Timestamp.string(from: lockedUntil))!)) {
            try credentials.patientLogin(ins: DemoAccounts.marieINS, password: "wrong-password")
        }
        // Locked: even the right password is refused until the time is up.
        #expect(throws: LoginFailure.self) { try credentials.patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo") }
        fixture.advance(by: Credentials.patientLockout + 1)
        #expect(try credentials.patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo").familyName == "DUPONT")
        try reopened.close()
    }

    @Test("three wrong PINs block a professional until an operator unblocks them, across restarts; between them, growing waits")
    func professionalBlock() throws {
        let fixture = try StoreFixture()
        let rpps = DemoAccounts.clairePetit.rpps
        let terminal = Credentials(database: fixture.database, cost: .testing, clock: fixture.clock, terminal: "/dev/pts/7 on kiosque-2")
        #expect(throws: LoginFailure.wrongSecret(attemptsLeft: 2)) { try terminal.professionalLogin(rpps: rpps, pin: "0000") }
        // Right away, even the right PIN waits: not checked, not counted.
        #expect(throws: LoginFailure.tooSoon(retryAt: fixture.now.addingTimeInterval(2))) { try terminal.professionalLogin(rpps: rpps, pin: "4567") }
        fixture.advance(by: 2)
        #expect(throws: LoginFailure.wrongSecret(attemptsLeft: 1)) { try terminal.professionalLogin(rpps: rpps, pin: "0000") }
        fixture.advance(by: 9)
        #expect(throws: LoginFailure.tooSoon(retryAt: fixture.now.addingTimeInterval(1))) { try terminal.professionalLogin(rpps: rpps, pin: "0000") }
        fixture.advance(by: 1)
        #expect(throws: LoginFailure.professionalBlocked) { try terminal.professionalLogin(rpps: rpps, pin: "0000") }
        #expect(try fixture.lastEvent().detail == "card blocked after 3 wrong PINs at /dev/pts/7 on kiosque-2")
        try fixture.database.close()
        let reopened = try CarnetDatabase.open(path: fixture.path)
        let credentials = Credentials(database: reopened, cost: .testing, clock: fixture.clock)
        #expect(try credentials.isBlocked(rpps))
        #expect(throws: LoginFailure.professionalBlocked) { try credentials.professionalLogin(rpps: rpps, pin: "4567") }
        fixture.advance(by: 86_400 * 30)
        #expect(throws: LoginFailure.professionalBlocked) { try credentials.professionalLogin(rpps: rpps, pin: "4567") }
        try credentials.unblock(rpps, context: .operatorAccount("admin"))
        #expect(try credentials.professionalLogin(rpps: rpps, pin: "4567").familyName == "PETIT")
        let events = try AuditLog(database: reopened).events(limit: 10_000).items
        #expect(events.contains { $0.action == "unblock" && $0.actor == "operator:admin" && $0.detail == "rpps:\(rpps.digits)" })
        // 3 wrong PINs, 2 too soon, 2 while blocked.
        #expect(events.filter { $0.actor == "rpps:\(rpps.digits)" && $0.outcome == .refused }.count == 7)
        try reopened.close()
    }

    @Test("unknown identifiers and accounts without a secret are refused and audited")
    func unknownAndWithoutAccount() throws {
        let fixture = try StoreFixture()
        let stranger = try INS.completing("1990175000001")
        #expect(throws: LoginFailure.unknownIdentifier("INS \(stranger)")) {
            try fixture.credentials.patientLogin(ins: stranger, password: "whatever1")
        }
        #expect(try fixture.lastEvent().reason == "unknown-identifier")
        // Generated demo patients have no password.
        let someone = try #require(try fixture.directory.searchPatients(name: "a", limit: 50).items.first { $0.ins != DemoAccounts.marieINS && $0.ins != DemoAccounts.lucINS })
        #expect(throws: LoginFailure.noAccount("INS \(someone.ins!)")) {
            try fixture.credentials.patientLogin(ins: someone.ins!, password: "whatever1")
        }
    }

    @Test("weak secrets are refused before anything is stored")
    func weakSecrets() throws {
        #expect(throws: StoreError.self) { try Credentials.checkPassword("short") }
        #expect(throws: StoreError.self) { try Credentials.checkPIN("12") }
        #expect(throws: StoreError.self) { try Credentials.checkPIN("12ab") }
        try Credentials.checkPIN("1234")
        try Credentials.checkPassword("long enough")
    }

    @Test("neither the database file nor its WAL holds a password or a PIN in clear")
    func noSecretInClear() throws {
        let fixture = try StoreFixture()
        let pin = "86420975"
        let password = "Zephyr-Orchid-7731"
        let professional = Professional(rpps: try RPPS.completing("1999999999"), familyName: "NOUVEAU", givenNames: "Nina",
                                        profession: .midwife)
        try fixture.directory.register(professional, pin: pin, context: .operatorAccount("test"))
        let patient = try fixture.directory.register(
            Patient(id: PatientID(0), ins: try INS.completing("2850575000123"), familyName: "SECRET", givenNames: "Sara",
                    birthDate: CalendarDate(year: 1985, month: 5, day: 1)!, sex: .female),
            password: password, context: .operatorAccount("test"))
        _ = try fixture.credentials.patientLogin(ins: patient.ins!, password: password)
        _ = try fixture.credentials.professionalLogin(rpps: professional.rpps, pin: pin)
        #expect(throws: LoginFailure.self) { try fixture.credentials.patientLogin(ins: patient.ins!, password: password + "x") }
        // Read the files as they are, WAL included, before any checkpoint.
        var bytes = Data()
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: fixture.path + suffix) { bytes.append(data) }
        }
        #expect(bytes.count > 10_000)
        for secret in [pin, password, password + "x", "marie-demo", "luc-demo"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in clear")
        }
        // The check can fail: a value we did store is found.
        #expect(bytes.range(of: Data("NOUVEAU".utf8)) != nil)
    }

    @Test("the database file is created with mode 0600")
    func fileMode() throws {
        let fixture = try StoreFixture()
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        if FileManager.default.fileExists(atPath: fixture.path + "-wal") {
            let wal = try FileManager.default.attributesOfItem(atPath: fixture.path + "-wal")
            #expect((wal[.posixPermissions] as? Int) == 0o600)
        }
    }
}
