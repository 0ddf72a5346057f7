import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("Break-glass in the store")
struct BreakGlassTests {
    let sophie = DemoAccounts.sophieLeroy
    let justification = "Patiente inconsciente amenée par le SAMU, pas de proche joignable."

    @Test("Sophie LEROY on Marie: summary at once, the rest only after the second confirmation, nothing after the stop")
    func tiers() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let authorization = try store.startBreakGlass(on: marie.id, reason: .patientUnableToExpressWill, justification: justification,
                                                      window: 4 * 3600, context: .emergency(sophie))
        let start = try fixture.lastEvent()
        #expect(start.action == "break-glass-start" && start.reason == "unable-to-express-will" && start.outcome == .allowed)
        #expect(BreakGlassDetail.decode(start.detail).justification == justification)
        #expect(authorization.startEvent == start.seq)
        let summary = try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization))
        #expect(summary.allergies?.contains { $0.substance == "Pénicilline" } == true)
        let refused = #expect(throws: AccessRefused.self) { try store.history(of: marie.id, context: .emergency(sophie, breakGlass: authorization)) }
        #expect(refused?.reason == .breakGlassSummaryOnly)
        // Claiming the full record without the second confirmation opens nothing more.
        var claimed = authorization
        claimed.tier = .fullRecord
        #expect(throws: AccessRefused.self) { try store.history(of: marie.id, context: .emergency(sophie, breakGlass: claimed)) }
        let widened = try store.widenBreakGlass(authorization, context: .emergency(sophie, breakGlass: authorization))
        #expect(try fixture.lastEvent().action == "break-glass-full-record")
        #expect(try !store.history(of: marie.id, context: .emergency(sophie, breakGlass: widened)).isEmpty)
        // Masked documents stay hidden, even with the full record.
        #expect(try !store.documents(of: marie.id, context: .emergency(sophie, breakGlass: widened)).contains { $0.state.maskedFromProfessionals })
        try store.stopBreakGlass(widened, why: "logout", context: .emergency(sophie, breakGlass: widened))
        #expect(try fixture.lastEvent().action == "break-glass-stop")
        let ended = #expect(throws: AccessRefused.self) { try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: widened)) }
        #expect(ended?.reason == .breakGlassExpired)
        #expect(try fixture.audit.verify().firstBreak == nil)
    }

    @Test("the access ends with its window (injected clock)")
    func expiry() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 3600,
                                                      context: .emergency(sophie))
        fixture.advance(by: 3599)
        #expect(try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)).patient.id == marie.id)
        fixture.advance(by: 2)
        let refused = #expect(throws: AccessRefused.self) { try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)) }
        #expect(refused?.reason == .breakGlassExpired)
    }

    @Test("a claim of a longer window than the start recorded is refused once the recorded one has passed")
    func claimedWindowLonger() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        var authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 60,
                                                      context: .emergency(sophie))
        // A screen (or anyone holding the value) claims a day instead of the minute recorded.
        authorization.expiresAt = authorization.startedAt.addingTimeInterval(24 * 3600)
        fixture.advance(by: 59)
        #expect(try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)).patient.id == marie.id)
        fixture.advance(by: 1)
        let refused = #expect(throws: AccessRefused.self) { try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)) }
        #expect(refused?.reason == .breakGlassExpired)
        let event = try fixture.lastEvent()
        #expect(event.action == "read" && event.section == "summary" && event.outcome == .refused && event.reason == "break-glass-expired")
        #expect(event.detail == "break-glass \(authorization.startEvent): past its recorded window of 60 s")
    }

    @Test("reads under a wall clock stepped back are refused, whatever the claim says", arguments: [
        // (seconds after the start by a steady clock, how far the wall clock was stepped back)
        (70.0, 3600.0), // past the 60 s window, but the wall clock reads an hour earlier
        (30.0, 3600.0), // within the window: the time since the start cannot be known
        (30.0, 40.0), // ten seconds before the start
    ])
    func clockSteppedBack(_ elapsed: TimeInterval, _ steppedBack: TimeInterval) throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 60,
                                                      context: .emergency(sophie))
        fixture.advance(by: elapsed - steppedBack)
        // By the claim alone (now before its expiry) this read would pass.
        #expect(fixture.now < authorization.expiresAt)
        let before = try fixture.auditCount()
        let refused = #expect(throws: AccessRefused.self) { try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)) }
        #expect(refused?.reason == .breakGlassExpired)
        // Audited as a refusal, saying why.
        #expect(try fixture.auditCount() == before + 1)
        let event = try fixture.lastEvent()
        #expect(event.outcome == .refused && event.reason == "break-glass-expired")
        let behind = Int((steppedBack - elapsed).rounded(.up))
        #expect(event.detail == "break-glass \(authorization.startEvent): the clock reads \(behind) s before its recorded start")
        #expect(try fixture.audit.verify().firstBreak == nil)
    }

    @Test("a clock a moment behind (an NTP correction) keeps the access; one behind the trail cannot start one")
    func clockTolerance() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 60,
                                                      context: .emergency(sophie))
        fixture.advance(by: -4)
        #expect(try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)).patient.id == marie.id)
        // An hour behind the trail: the start would be dated by the trail's last event, and
        // nothing under it could be timed. Refused at once, audited, nothing opened.
        fixture.advance(by: -3600)
        let before = try fixture.auditCount()
        #expect(throws: StoreError.self) {
            try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 60, context: .emergency(sophie))
        }
        #expect(try fixture.auditCount() == before + 1)
        let refused = try fixture.lastEvent()
        #expect(refused.action == "break-glass-start" && refused.outcome == .refused && refused.reason == "clock-behind-trail")
    }

    @Test("a read at the very instant of the start is not taken for a clock stepped back")
    func readAtStart() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        // A start time with a fraction of a millisecond: the trail keeps it rounded down.
        fixture.advance(by: 0.0004)
        let authorization = try fixture.store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 60,
                                                              context: .emergency(sophie))
        #expect(try fixture.store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization)).patient.id == marie.id)
    }

    @Test("a window outside 1 min to 24 h is refused before anything is written", arguments: [59.0, 86_401, 3_000_000, .infinity, .nan])
    func windowBounds(_ window: TimeInterval) throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let before = try fixture.auditCount()
        #expect(throws: StoreError.self) {
            try fixture.store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: window,
                                              context: .emergency(sophie))
        }
        #expect(try fixture.auditCount() == before)
    }

    @Test("a sign-in closes the accesses the same doctor never stopped, saying so; the review shows it")
    func closedAtNextSignIn() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let luc = try fixture.luc()
        let store = fixture.store
        let paul = DemoAccounts.paulMartin
        // Sophie on Marie: one access stopped, one left open (her terminal crashed); and a
        // refused attempt on Luc, who refused emergency physicians: no access to close.
        let stopped = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 600,
                                                context: .emergency(sophie))
        try store.stopBreakGlass(stopped, why: "logout", context: .emergency(sophie, breakGlass: stopped))
        let crashed = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 600,
                                                context: .emergency(sophie))
        _ = try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: crashed))
        #expect(throws: AccessRefused.self) {
            try store.startBreakGlass(on: luc.id, reason: .vitalEmergency, justification: justification, window: 600, context: .emergency(sophie))
        }
        // Another doctor's sign-in closes nothing of Sophie's.
        #expect(try store.closeUnstoppedBreakGlass(context: .kiosk(paul)).isEmpty)
        fixture.advance(by: 3600)
        #expect(try store.closeUnstoppedBreakGlass(context: .emergency(sophie)) == [crashed.startEvent])
        let stop = try fixture.lastEvent()
        #expect(stop.action == "break-glass-stop" && stop.actor == "rpps:\(sophie.rpps.digits)" && stop.patient == "258037511223324")
        #expect(stop.detail == "start:\(crashed.startEvent) not-stopped: closed at next sign-in" && stop.reason == "vital-emergency")
        // Nothing is left to close, and the old authorisation opens nothing any more.
        #expect(try store.closeUnstoppedBreakGlass(context: .emergency(sophie)).isEmpty)
        fixture.advance(by: -3600)
        #expect(throws: AccessRefused.self) { try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: crashed)) }
        let cases = try store.breakGlassCases(pendingOnly: true, context: .operatorAccount("dr-dim"))
        let closed = try #require(cases.first { $0.start.seq == crashed.startEvent })
        #expect(closed.stopReason == "not-stopped: closed at next sign-in")
        // It lasted, unseen, at most its window.
        #expect(closed.duration == 600)
        #expect(cases.first { $0.start.seq == stopped.startEvent }?.stopReason == "logout")
        #expect(try fixture.audit.verify().firstBreak == nil)
    }

    @Test("each refusal path is refused, says why, and is audited", arguments: ["consent", "samu-consent", "profession", "blocked", "closed", "justification"])
    func refusals(_ path: String) throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        var patient = try fixture.marie()
        var professional = sophie
        var text = justification
        let expected: RefusalReason
        switch path {
        case "consent":
            patient = try fixture.luc()
            expected = .consentRefused(.emergencyPhysician)
        case "samu-consent":
            patient = try fixture.luc()
            professional = Professional(rpps: try RPPS.completing("1000999888"), familyName: "SAMU", givenNames: "Régis", profession: .samuRegulator)
            try fixture.directory.register(professional, pin: nil, context: .operatorAccount("test"))
            expected = .consentRefused(.samuRegulator)
        case "profession":
            professional = DemoAccounts.jeanBernard
            expected = .professionCannotBreakGlass(.pharmacist)
        case "blocked":
            professional = DemoAccounts.clairePetit
            expected = .blocked
        case "closed":
            try store.closeRecord(patient.id, context: .patient(patient))
            expected = .recordClosed
        default:
            text = "urgence"
            expected = .justificationTooShort
        }
        let refused = #expect(throws: AccessRefused.self) {
            try store.startBreakGlass(on: patient.id, reason: .vitalEmergency, justification: text, window: 3600, context: .emergency(professional))
        }
        #expect(refused?.reason == expected)
        let event = try fixture.lastEvent()
        #expect(event.action == "break-glass-start" && event.outcome == .refused && event.reason == expected.code)
    }

    @Test("an authorisation not started through the store opens nothing")
    func forged() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let now = fixture.now
        let forged = BreakGlassAuthorization(patient: marie.id, tier: .fullRecord, reason: .vitalEmergency, justification: justification,
                                             startedAt: now, expiresAt: now.addingTimeInterval(3600), startEvent: 1)
        let refused = #expect(throws: AccessRefused.self) { try fixture.store.summary(of: marie.id, context: .emergency(sophie, breakGlass: forged)) }
        #expect(refused?.reason == .breakGlassNotStarted)
    }

    @Test("review: pending cases with what was opened and for how long; a verdict is audited and shows in the patient's history")
    func review() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: justification, window: 3600,
                                                      context: .emergency(sophie))
        _ = try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: authorization))
        fixture.advance(by: 600)
        try store.stopBreakGlass(authorization, why: "logout", context: .emergency(sophie, breakGlass: authorization))
        let reviewer = AccessContext.operatorAccount("dr-dim")
        let pending = try store.breakGlassCases(pendingOnly: true, context: reviewer)
        let one = try #require(pending.first)
        #expect(pending.count == 1 && one.professional == "Dr Sophie LEROY (médecin urgentiste)" && one.patient == "258037511223324")
        #expect(one.duration == 600 && one.opened == ["summary"] && one.window == 3600 && one.justification == justification)
        try store.reviewBreakGlass(start: one.start.seq, justified: true, comment: "Conforme à la procédure.", context: reviewer)
        #expect(try fixture.lastEvent().detail == "start:\(one.start.seq) verdict:justified; Conforme à la procédure.")
        #expect(try store.breakGlassCases(pendingOnly: true, context: reviewer).isEmpty)
        #expect(try store.breakGlassCases(pendingOnly: false, context: reviewer).first?.verdict != nil)
        let history = try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(), before: nil, limit: 50, context: .patient(marie)).items
        #expect(history.contains { $0.event.action == "break-glass-review" })
        #expect(history.first { $0.event.action == "break-glass-start" }?.breakGlassDuration == 600)
        #expect(throws: StoreError.self) { try store.reviewBreakGlass(start: 1, justified: false, comment: "", context: reviewer) }
    }
}

@Suite("Break-glass on two terminals")
struct TwoTerminalsTests {
    @Test("two sessions of the same doctor on the same record end separately")
    func separateStops() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let sophie = DemoAccounts.sophieLeroy
        let text = "Patiente inconsciente, aucun proche joignable."
        let first = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: text, window: 3600, context: .emergency(sophie))
        let second = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: text, window: 3600, context: .emergency(sophie))
        try store.stopBreakGlass(first, why: "logout", context: .emergency(sophie))
        #expect(throws: AccessRefused.self) { try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: first)) }
        #expect(try store.summary(of: marie.id, context: .emergency(sophie, breakGlass: second)).patient.id == marie.id)
    }
}
