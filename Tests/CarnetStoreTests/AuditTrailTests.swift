import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

@Suite("Audit trail")
struct AuditTrailTests {
    /// Every read of the RecordAccess seam, by name.
    static let reads: [(String, @Sendable (RecordStore, PatientID, AccessContext) throws -> Void)] = [
        ("open", { _ = try $0.openRecord($1, context: $2) }),
        ("summary", { _ = try $0.summary(of: $1, context: $2) }),
        ("history", { _ = try $0.history(of: $1, context: $2) }),
        ("allergies", { _ = try $0.allergies(of: $1, context: $2) }),
        ("vaccinations", { _ = try $0.vaccinations(of: $1, context: $2) }),
        ("prescriptions", { _ = try $0.prescriptions(of: $1, context: $2) }),
        ("documents", { _ = try $0.documents(of: $1, context: $2) }),
        ("reimbursements", { _ = try $0.reimbursements(of: $1, context: $2) }),
        ("access", { _ = try $0.accessSettings(of: $1, context: $2) }),
    ]

    @Test("every store read writes exactly one audit event, allowed or refused")
    func oneEventPerRead() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let readers: [(AccessContext, String)] = [
            (.patient(marie), "patient:258037511223324"),
            (.kiosk(DemoAccounts.jeanBernard), "rpps:10003456786"),   // some allowed, some refused
            (.kiosk(DemoAccounts.clairePetit), "rpps:10004567896"),   // all refused: blocked
            (.kiosk(DemoAccounts.sophieLeroy), "rpps:10002345675"),   // all refused: no grant
        ]
        for (context, actorName) in readers {
            for (name, read) in Self.reads {
                let before = try fixture.auditCount()
                var refusal: AccessRefused?
                do { try read(fixture.store, marie.id, context) } catch let error as AccessRefused { refusal = error }
                #expect(try fixture.auditCount() == before + 1, "\(actorName) \(name)")
                let event = try fixture.lastEvent()
                #expect(event.actor == actorName)
                #expect(event.patient == "258037511223324")
                #expect(event.outcome == (refusal == nil ? .allowed : .refused), "\(actorName) \(name)")
                #expect(event.reason == refusal?.reason.code, "\(actorName) \(name)")
                #expect(event.action == (name == "open" ? "open" : "read"))
            }
        }
        // Claire is blocked: every one of her reads was refused for that reason.
        let claire = try fixture.audit.events(patient: "258037511223324").items.filter { $0.actor == "rpps:10004567896" }
        #expect(claire.count == Self.reads.count)
        #expect(claire.allSatisfy { $0.outcome == .refused && $0.reason == "blocked-by-patient" })
    }

    @Test("a write is audited with what was written, and a refused write writes nothing")
    func writes() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let allergy = Allergy(substance: "Latex", substanceClass: "env-latex", reaction: "Eczéma", severity: .mild, status: .active,
                              recordedOn: nil, author: .external(name: "forged"))
        _ = try fixture.store.add(allergy, to: marie.id, context: .kiosk(DemoAccounts.paulMartin))
        let event = try fixture.lastEvent()
        #expect(event.action == "write" && event.section == "allergies" && event.outcome == .allowed)
        #expect(event.detail == "add allergy: Latex")
        let stored = try fixture.store.allergies(of: marie.id, context: .patient(marie)).first { $0.substance == "Latex" }
        // The author is the actor, not what the caller claimed.
        #expect(stored?.author == .professional(DemoAccounts.paulMartin.rpps, name: "Dr Paul MARTIN"))

        let before = try fixture.store.allergies(of: marie.id, context: .patient(marie)).count
        #expect(throws: AccessRefused(.readOnlyGrant)) {
            try fixture.store.add(allergy, to: marie.id, context: .kiosk(DemoAccounts.jeanBernard))
        }
        #expect(try fixture.lastEvent().outcome == .refused)
        #expect(try fixture.store.allergies(of: marie.id, context: .patient(marie)).count == before)
    }

    @Test("if the audit event cannot be written, the read and the write fail too (fail-closed)")
    func failClosed() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let countBefore = try fixture.store.vaccinations(of: marie.id, context: .patient(marie)).count
        try fixture.raw("CREATE TRIGGER audit_jammed BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'audit disk jammed'); END")
        #expect(throws: (any Error).self) { try fixture.store.allergies(of: marie.id, context: .patient(marie)) }
        let vaccination = Vaccination(vaccine: "Vaxigrip", date: CalendarDate(year: 2026, month: 10, day: 1)!, dose: nil, lot: nil, author: .patient)
        #expect(throws: (any Error).self) {
            try fixture.store.add(vaccination, to: marie.id, context: .kiosk(DemoAccounts.paulMartin))
        }
        try fixture.raw("DROP TRIGGER audit_jammed")
        #expect(try fixture.store.vaccinations(of: marie.id, context: .patient(marie)).count == countBefore)
    }

    @Test("a read of a patient who does not exist is refused and audited")
    func unknownPatient() throws {
        let fixture = try StoreFixture()
        let before = try fixture.auditCount()
        #expect(throws: StoreError.unknownPatient("carnet:999999")) {
            try fixture.store.allergies(of: PatientID(999_999), context: .kiosk(DemoAccounts.paulMartin))
        }
        #expect(try fixture.auditCount() == before + 1)
        #expect(try fixture.lastEvent().reason == "unknown-patient")
    }

    @Test("triggers refuse UPDATE and DELETE of audit events")
    func appendOnly() throws {
        let fixture = try StoreFixture()
        #expect(throws: DatabaseError.self) { try fixture.raw("UPDATE audit_event SET actor = 'nobody' WHERE seq = 1") }
        #expect(throws: DatabaseError.self) { try fixture.raw("DELETE FROM audit_event WHERE seq = 1") }
        #expect(try fixture.audit.verify().isIntact)
    }

    /// Builds a trail of a dozen events by reading Marie's record.
    static func trail() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        for (_, read) in reads { try read(fixture.store, marie.id, .patient(marie)) }
        try fixture.raw("DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete")
        #expect(try fixture.audit.verify().isIntact)
        return fixture
    }

    @Test("an edited event is named by verify", arguments: [
        "UPDATE audit_event SET actor = 'rpps:10004567896' WHERE seq = 5",
        "UPDATE audit_event SET outcome = 'refused', reason = 'blocked-by-patient' WHERE seq = 5",
        "UPDATE audit_event SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 5",
    ])
    func editedEvent(_ tamper: String) throws {
        let fixture = try Self.trail()
        try fixture.raw(tamper)
        let result = try fixture.audit.verify()
        #expect(result.firstBreak?.seq == 5)
        #expect(result.firstBreak?.problem.contains("edited") == true)
    }

    @Test("an edited event with a forged hash is named by verify")
    func rehashedEvent() throws {
        let fixture = try Self.trail()
        try fixture.raw("UPDATE audit_event SET actor = 'rpps:x', hash = '\(String(repeating: "a", count: 64))' WHERE seq = 5")
        let result = try fixture.audit.verify()
        // The forged hash does not match its content, so event 5 itself is named.
        #expect(result.firstBreak?.seq == 5)
    }

    @Test("a deleted event is named by verify")
    func deletedEvent() throws {
        let fixture = try Self.trail()
        try fixture.raw("DELETE FROM audit_event WHERE seq = 4")
        let result = try fixture.audit.verify()
        #expect(result.firstBreak?.seq == 4)
        #expect(result.firstBreak?.problem.contains("deleted") == true)
    }

    @Test("reordered events are named by verify")
    func reorderedEvents() throws {
        let fixture = try Self.trail()
        // Swap the contents of events 6 and 7, keeping their sequence numbers.
        try fixture.raw("""
            UPDATE audit_event SET seq = -6 WHERE seq = 6;
            UPDATE audit_event SET seq = 6 WHERE seq = 7;
            UPDATE audit_event SET seq = 7 WHERE seq = -6;
            """)
        let result = try fixture.audit.verify()
        #expect(result.firstBreak?.seq == 6)
    }

    @Test("a truncated tail is caught with the head kept elsewhere, and only with it")
    func truncatedTail() throws {
        let fixture = try Self.trail()
        let kept = try fixture.audit.head()
        try fixture.raw("DELETE FROM audit_event WHERE seq >= \(kept.count - 1)")
        // Without the kept head the shorter chain is consistent: that is why operators keep it.
        #expect(try fixture.audit.verify().isIntact)
        let result = try fixture.audit.verify(expectedHead: kept.hash)
        #expect(!result.isIntact)
        #expect(result.firstBreak?.seq == Int64(kept.count - 1))
        #expect(result.firstBreak?.problem.contains("cut off") == true)
    }

    @Test("a head kept earlier is still found after the trail grows")
    func headKeptEarlier() throws {
        let fixture = try StoreFixture()
        let kept = try fixture.audit.head()
        let marie = try fixture.marie()
        _ = try fixture.store.history(of: marie.id, context: .patient(marie))
        let result = try fixture.audit.verify(expectedHead: kept.hash)
        #expect(result.isIntact)
        #expect(result.count == kept.count + 2)
    }

    @Test("events page by keyset and filter by patient")
    func paging() throws {
        let fixture = try Self.trail()
        var seen: [Int64] = []
        var after: Int64 = 0
        while true {
            let page = try fixture.audit.events(after: after, limit: 4)
            seen += page.items.map(\.seq)
            guard let next = page.next else { break }
            after = next
        }
        #expect(seen == Array(1...Int64(try fixture.auditCount())))
        let marieEvents = try fixture.audit.events(patient: "258037511223324").items
        #expect(marieEvents.count >= Self.reads.count)
        #expect(marieEvents.allSatisfy { $0.patient == "258037511223324" })
    }
}
