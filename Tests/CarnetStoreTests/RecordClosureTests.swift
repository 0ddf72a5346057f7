import CarnetModel
import CarnetStore
import Testing

@Suite("Closing a record")
struct RecordClosureTests {
    @Test("a closed record refuses its treating doctor and the patient, keeps its data, and only an operator reopens it")
    func closeAndReopen() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let paulMartin = AccessContext.kiosk(DemoAccounts.paulMartin)
        let allergiesBefore = try store.allergies(of: marie.id, context: .operatorAccount("test"))
        try store.closeRecord(marie.id, context: .patient(marie))
        #expect(try fixture.lastEvent().detail == "close record")

        let refused = #expect(throws: AccessRefused.self) { try store.history(of: marie.id, context: paulMartin) }
        #expect(refused?.reason == .recordClosed)
        #expect(try fixture.lastEvent().reason == "record-closed")
        #expect(throws: LoginFailure.recordClosed) { try fixture.credentials.patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo") }
        #expect(throws: AccessRefused.self) { try store.reopenRecord(marie.id, context: .patient(marie)) }
        #expect(try store.allergies(of: marie.id, context: .operatorAccount("test")) == allergiesBefore)

        try store.reopenRecord(marie.id, context: .operatorAccount("support"))
        #expect(try fixture.lastEvent().actor == "operator:support")
        #expect(try !store.history(of: marie.id, context: paulMartin).isEmpty)
        #expect(try fixture.audit.verify().firstBreak == nil)
    }
}
