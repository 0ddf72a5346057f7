import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

@Suite("Demo database")
struct DemoTests {
    @Test("Marie DUPONT is as README says")
    func marie() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        #expect(marie.displayName == "Marie DUPONT")
        #expect(marie.birthDate == CalendarDate(year: 1958, month: 3, day: 12))
        #expect(marie.treatingDoctor == DemoAccounts.paulMartin.rpps)
        let me = AccessContext.patient(marie)
        let penicillin = try #require(try fixture.store.allergies(of: marie.id, context: me).first { $0.substance == "Pénicilline" })
        #expect(penicillin.severity == .severe)
        #expect(try fixture.store.prescriptions(of: marie.id, context: me).contains { $0.medicine.hasPrefix("Metformine") && $0.status == .active })
        #expect(try fixture.store.history(of: marie.id, context: me).contains { $0.label == "Diabète de type 2" && $0.status == .active })
        let settings = try fixture.store.accessSettings(of: marie.id, context: me)
        #expect(settings.treatingDoctor?.displayName == "Dr Paul MARTIN")
        #expect(settings.blocked.map(\.rpps) == [DemoAccounts.clairePetit.rpps])
        #expect(settings.grants.map(\.professional.rpps) == [DemoAccounts.jeanBernard.rpps])
        #expect(settings.grants.first?.level == .read)

        // One masked document: Marie and her médecin traitant see it, nobody else.
        let mine = try fixture.store.documents(of: marie.id, context: me)
        #expect(mine.filter(\.state.maskedFromProfessionals).count == 1)
        let paul = try fixture.store.documents(of: marie.id, context: .kiosk(DemoAccounts.paulMartin))
        #expect(paul.count == mine.count)
        try fixture.store.grant(.read, to: try RPPS.completing("1100000000"), on: marie.id, context: me)
        let anotherGP = try #require(try fixture.directory.professional(try RPPS.completing("1100000000")))
        #expect(anotherGP.profession == .generalPractitioner)
        let theirs = try fixture.store.documents(of: marie.id, context: .kiosk(anotherGP))
        #expect(theirs.count == mine.count - 1)
        #expect(!theirs.contains { $0.state.maskedFromProfessionals })
    }

    @Test("Luc MOREAU refused both break-glass consents")
    func luc() throws {
        let fixture = try StoreFixture()
        let luc = try fixture.luc()
        #expect(luc.birthDate == CalendarDate(year: 1971, month: 2, day: 26))
        #expect(luc.consents == BreakGlassConsents(emergencyPhysician: false, samuRegulator: false))
    }

    @Test("the four professionals sign in with their PINs, Luc with his password")
    func accounts() throws {
        let fixture = try StoreFixture()
        for (professional, pin) in DemoAccounts.pins {
            #expect(try fixture.credentials.professionalLogin(rpps: professional.rpps, pin: pin) == professional)
        }
        #expect(try fixture.credentials.patientLogin(ins: DemoAccounts.lucINS, password: "luc-demo").familyName == "MOREAU")
    }

    @Test("Jean BERNARD (pharmacist, read grant) sees prescriptions but not history")
    func pharmacist() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        #expect(try !fixture.store.prescriptions(of: marie.id, context: .kiosk(DemoAccounts.jeanBernard)).isEmpty)
        #expect(throws: AccessRefused(.professionNotAllowed(.pharmacist, .history))) {
            try fixture.store.history(of: marie.id, context: .kiosk(DemoAccounts.jeanBernard))
        }
        let summary = try fixture.store.summary(of: marie.id, context: .kiosk(DemoAccounts.jeanBernard))
        #expect(summary.activeProblems == nil)
        #expect(summary.allergies?.contains { $0.substance == "Pénicilline" } == true)
    }

    @Test("every generated INS and RPPS is valid and unique; every patient has a record")
    func identifiers() throws {
        let fixture = try StoreFixture(demoPatients: 600)
        let (insList, rppsList, orphans) = try fixture.inspect { db in
            (try String.fetchAll(db, sql: "SELECT ins FROM patient"),
             try String.fetchAll(db, sql: "SELECT rpps FROM professional"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM patient p WHERE NOT EXISTS (SELECT 1 FROM reimbursement r WHERE r.patient_id = p.id)") ?? -1)
        }
        #expect(insList.count == 600)
        #expect(Set(insList).count == 600)
        for ins in insList { _ = try INS(ins) }
        for rpps in rppsList { _ = try RPPS(rpps) }
        // Only Luc has no reimbursements: every generated patient has two or more.
        #expect(orphans == 1)
    }

    /// A dump of every record table, in key order.
    static func contentDump(_ fixture: StoreFixture) throws -> String {
        try fixture.inspect { db in
            var dump = ""
            for table in ["professional", "patient", "emergency_contact", "access_grant", "access_block", "history_item", "allergy",
                          "vaccination", "prescription", "document", "result", "reimbursement", "patient_credential", "professional_credential"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2") { dump += "\(table) \(row)\n" }
            }
            return dump
        }
    }

    @Test("the same seed gives the same database; another seed another")
    func deterministic() throws {
        let first = try StoreFixture(demoPatients: 150, seed: 7)
        let second = try StoreFixture(demoPatients: 150, seed: 7)
        let other = try StoreFixture(demoPatients: 150, seed: 8)
        let dump = try Self.contentDump(first)
        #expect(dump.count > 100_000)
        #expect(dump == (try Self.contentDump(second)))
        #expect(dump != (try Self.contentDump(other)))
    }

    @Test("building over an existing database needs --force, and nothing is left half-built")
    func replacing() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        var demo = DemoDatabase(patients: 5, seed: 3)
        demo.cost = .testing
        #expect(throws: StoreError.alreadyExists(path: fixture.path)) {
            try demo.build(at: fixture.path, replacing: false, context: .operatorAccount("test"))
        }
        #expect(throws: StoreError.self) {
            try DemoDatabase(patients: 1).build(at: fixture.folder.appendingPathComponent("one.sqlite").path, replacing: false,
                                               context: .operatorAccount("test"))
        }
        let target = fixture.folder.appendingPathComponent("fresh.sqlite").path
        try demo.build(at: target, replacing: false, context: .operatorAccount("test"))
        try demo.build(at: target, replacing: true, context: .operatorAccount("test"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).filter { $0.contains("building") }
        #expect(leftovers.isEmpty)
        let rebuilt = try CarnetDatabase.open(path: target)
        #expect(try rebuilt.integrityCheck() == "ok")
        #expect(try AuditLog(database: rebuilt).verify().isIntact)
        try rebuilt.close()
    }
}
