import CarnetModel
import CarnetStore
import Foundation
import Testing

/// A list of names, birth dates and INS is patient data: searching the directory goes
/// through the gate like a record.
@Suite("Directory searches through the gate")
struct SearchAuditTests {
    @Test("every search is an audit event: who, what was typed, how many results")
    func audited() throws {
        let fixture = try StoreFixture()
        let before = try fixture.audit.head().count
        let page = try fixture.store.searchPatients(name: "a", birthDate: nil, after: nil, limit: 5, context: .kiosk(DemoAccounts.jeanBernard))
        #expect(!page.items.isEmpty)
        #expect(try fixture.audit.head().count == before + 1)
        let event = try fixture.lastEvent()
        #expect(event.actor == "rpps:10003456786" && event.action == "search" && event.patient == nil)
        #expect(event.detail == "search 'a': \(page.items.count) result\(page.items.count == 1 ? "" : "s")")
        _ = try fixture.store.patient(ins: DemoAccounts.lucINS, context: .kiosk(DemoAccounts.jeanBernard))
        #expect(try fixture.lastEvent().detail == "search INS 171026912345697: 1 result")
    }

    @Test("the INS shows only to a reader who may open the record")
    func insOnlyWhenAllowed() throws {
        let fixture = try StoreFixture()
        // Jean BERNARD has a read grant on Marie, none on Luc.
        let marie = try #require(try fixture.store.patient(ins: DemoAccounts.marieINS, context: .kiosk(DemoAccounts.jeanBernard)))
        #expect(marie.ins == DemoAccounts.marieINS)
        let luc = try #require(try fixture.store.patient(ins: DemoAccounts.lucINS, context: .kiosk(DemoAccounts.jeanBernard)))
        #expect(luc.ins == nil && luc.familyName == "MOREAU")
        // The médecin traitant sees his patient's INS; an emergency physician without a grant finds the patient without it.
        #expect(try fixture.store.patient(ins: DemoAccounts.marieINS, context: .kiosk(DemoAccounts.paulMartin))?.ins == DemoAccounts.marieINS)
        #expect(try fixture.store.patient(ins: DemoAccounts.marieINS, context: .emergency(DemoAccounts.sophieLeroy))?.ins == nil)
    }

    @Test("a professional the patient blocked does not find her, and the patient is told of the search")
    func blockedDoesNotFind() throws {
        let fixture = try StoreFixture()
        let claire = AccessContext.kiosk(DemoAccounts.clairePetit)
        #expect(try fixture.store.patient(ins: DemoAccounts.marieINS, context: claire) == nil)
        let byName = try fixture.store.searchPatients(name: "dupont", birthDate: nil, after: nil, limit: 50, context: claire)
        #expect(!byName.items.contains { $0.familyName == "DUPONT" && $0.givenNames == "Marie" })
        let onMarie = try #require(try fixture.audit.events(patient: DemoAccounts.marieINS.digits, after: 0, limit: 10_000).items.last)
        #expect(onMarie.actor == "rpps:10004567896" && onMarie.outcome == .refused && onMarie.reason == "blocked-by-patient")
        #expect(onMarie.action == "search" && onMarie.detail == "search 'dupont': not shown")
        // The search itself is audited too, counting only what was shown.
        #expect(try fixture.lastEvent().detail == "search 'dupont': \(byName.items.count) result\(byName.items.count == 1 ? "" : "s")")
    }
}
