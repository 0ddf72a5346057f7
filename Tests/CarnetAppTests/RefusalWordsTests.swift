@testable import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import Testing

/// Refusals read in words: no audit code reaches a patient, and a refused break-glass never
/// reads like an access that happened.
@Suite("Refusals in words")
struct RefusalWordsTests {
    static let reasons: [RefusalReason] = [
        .recordClosed, .notOwnRecord, .blocked, .noGrant, .readOnlyGrant, .professionNotAllowed(.pharmacist, .history),
        .patientOnly(.access), .patientCannotWrite(.documents), .consentRefused(.emergencyPhysician), .consentRefused(.samuRegulator),
        .professionCannotBreakGlass(.nurse), .breakGlassExpired, .breakGlassNotStarted, .justificationTooShort,
        .breakGlassSummaryOnly, .breakGlassReadOnly, .documentMasked, .documentNotYetReleased(CalendarDate(year: 2027, month: 1, day: 5)!),
    ]

    @Test("every refusal's code reads back as the same refusal", arguments: reasons)
    func roundTrip(_ reason: RefusalReason) {
        #expect(RefusalReason(code: reason.code) == reason)
    }

    @Test("codes this version does not know are not refusals", arguments: ["", "blocked", "patient-only:nowhere", "consent-refused:", "x:y:z"])
    func unknown(_ code: String) {
        #expect(RefusalReason(code: code) == nil)
    }

    @Test("Luc's history: Dr LEROY's break-glass refused by his consent reads as refused, in words")
    func refusedBreakGlass() {
        let event = AuditEvent(seq: 12, at: Date(timeIntervalSince1970: 1_795_000_000), actor: "rpps:10002345675", patient: "171026912345697",
                               action: AuditAction.breakGlassStart.rawValue, section: nil, purpose: "emergency", outcome: .refused,
                               reason: RefusalReason.consentRefused(.emergencyPhysician).code, detail: "window=14400; Patient inconscient aux urgences.", hash: "h12")
        let entry = AccessHistoryEntry(event: event, actorName: "Dr Sophie LEROY", isNew: true)
        for strings in [Strings(.french), Strings(.english)] {
            let row = strings.historyRow(entry)
            let detail = strings.historyDetail(entry)
            #expect(row.contains(strings.t("BRIS DE GLACE REFUSÉ", "BREAK-GLASS REFUSED")), "\(row)")
            #expect(!row.contains("consent-refused") && !detail.contains("consent-refused"), "\(row)\n\(detail)")
        }
        // A refusal for a pharmacist reads as words too, not as its code.
        let pharmacist = AuditEvent(seq: 13, at: Date(timeIntervalSince1970: 1_795_000_100), actor: "rpps:10003456786", patient: "171026912345697",
                                    action: "read", section: "history", purpose: "care", outcome: .refused,
                                    reason: RefusalReason.professionNotAllowed(.pharmacist, .history).code, detail: nil, hash: "h13")
        let row = Strings(.french).historyRow(AccessHistoryEntry(event: pharmacist, actorName: "Jean BERNARD", isNew: false))
        #expect(row.contains("les pharmaciens n'ont pas accès au volet Antécédents") && !row.contains("profession-not-allowed"), "\(row)")
    }
}

@Suite("No empty codes on screen")
struct EmptyCodeTests {
    @Test("an allergy without a class shows no empty parentheses in its details")
    func noEmptyParentheses() throws {
        let app = try AppFixture()
        let marie = try #require(try Directory(database: app.database).patient(ins: DemoAccounts.marieINS))
        // Written by her médecin traitant, with no class: the way a hurried entry or an import comes.
        _ = try app.store.add(Allergy(substance: "Pollen de bouleau", substanceClass: nil, reaction: nil, severity: .mild, status: .active,
                                      recordedOn: nil, author: .professional(DemoAccounts.paulMartin.rpps, name: "Dr Paul MARTIN")),
                              to: marie.id, context: .kiosk(DemoAccounts.paulMartin))
        app.signInAsMarie()
        // Her doctor's first write shows as an alert at sign-in: acknowledged first.
        app.keys(.enter)
        app.keys(.character("3"))
        #expect(app.terminal.screenText.contains("Pollen de bouleau"))
        let allergies = try app.store.allergies(of: marie.id, context: .operatorAccount("t"))
        let row = try #require(allergies.firstIndex { $0.substance == "Pollen de bouleau" })
        for _ in 0..<row { app.keys(.down) }
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("Pollen de bouleau") && !app.terminal.screenText.contains("()"), "\(app.terminal.screenText)")
    }
}
