import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

@Suite("Emergency terminal")
struct EmergencyTests {
    let justification = "Patiente inconsciente, aucun proche joignable."

    func breakGlass(_ kiosk: KioskFixture, on ins: String, reason: String = "1") {
        kiosk.signIn("10002345675", "2345")
        kiosk.open(ins)
        kiosk.type(reason)
        kiosk.keys(.tab)
        kiosk.type(justification)
        kiosk.keys(.enter)
    }

    func events(_ kiosk: KioskFixture, _ ins: String) throws -> [AuditEvent] {
        try AuditLog(database: kiosk.database).events(patient: ins, after: 0, limit: 10_000).items
    }

    @Test("Sophie LEROY breaks the glass on Marie: a plain warning, o confirms, the summary and a red countdown banner")
    func marie() throws {
        let kiosk = try KioskFixture(door: .emergency(window: 4 * 3600))
        breakGlass(kiosk, on: "258037511223324")
        #expect(kiosk.text.contains("Confirmer le bris de glace"))
        kiosk.keys(.enter) // a bare Enter does not break the glass
        #expect(kiosk.text.contains("Confirmer le bris de glace"))
        kiosk.keys(.character("o"))
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE · reste 4:00:00 · Dr Sophie LEROY"))
        #expect(kiosk.terminal.frame[1, 0].style == Theme.monochrome.alert)
        #expect(kiosk.text.contains("Pénicilline — sévère"))
        try expectSnapshot(kiosk.terminal, "emergency-summary")
        kiosk.advance(by: 75)
        kiosk.session.tick()
        #expect(kiosk.terminal.screen[0].contains("reste 3:58:45"))
        // Tier 1 only: the history waits for the second confirmation, audited on its own.
        kiosk.keys(.character("2"))
        let flat = kiosk.terminal.screen.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("synthèse d'urgence tant que le dossier complet n'est pas confirmé"))
        kiosk.keys(.character("c"), .character("o"))
        #expect(kiosk.text.contains("Diabète de type 2"))
        // q asks before ending the access; o answers.
        kiosk.keys(.character("q"), .character("o"))
        let trail = try events(kiosk, "258037511223324")
        let start = try #require(trail.first { $0.action == "break-glass-start" })
        #expect(start.reason == "unable-to-express-will" && BreakGlassDetail.decode(start.detail).justification == justification)
        #expect(trail.contains { $0.action == "break-glass-full-record" })
        #expect(trail.last?.action == "break-glass-stop" && trail.last?.detail?.hasSuffix("logout") == true)
        // Opening under the summary tier asks only for what it may read: the refusals in
        // Marie's history are the attempt without a grant (which led to the break-glass
        // dialog) and the one the doctor met by pressing 2, nothing else.
        #expect(trail.filter { $0.actor == "rpps:10002345675" && $0.outcome == .refused }.map(\.section) == [nil, "history"])
    }

    @Test("the access ends on its own at expiry, and the stop is audited")
    func expiry() throws {
        let kiosk = try KioskFixture(idle: 100_000, door: .emergency(window: 600))
        breakGlass(kiosk, on: "258037511223324", reason: "2")
        kiosk.keys(.character("o"))
        #expect(kiosk.text.contains("Pénicilline"))
        kiosk.advance(by: 601)
        kiosk.session.tick()
        #expect(kiosk.text.contains("Accès d'urgence terminé : la durée autorisée est écoulée."))
        #expect(!kiosk.text.contains("Pénicilline"))
        #expect(try events(kiosk, "258037511223324").last?.detail?.hasSuffix("expired") == true)
    }

    @Test("at expiry the record leaves the screen even while keys keep arriving, and the stop is audited")
    func expiryUnderKeys() throws {
        let kiosk = try KioskFixture(idle: 100_000, door: .emergency(window: 600), streaming: true)
        breakGlass(kiosk, on: "258037511223324")
        kiosk.keys(.character("o"))
        #expect(kiosk.text.contains("Pénicilline"))
        let confirmed = kiosk.clock.steady
        let stream = try #require(kiosk.stream)
        // Twelve minutes of keys, one a second: never a quiet moment for a tick.
        stream.send(Array(repeating: .character("j"), count: 720))
        let shownFrom = stream.frames.count
        kiosk.session.run(untilIdle: true)
        let frames = stream.frames[shownFrom...]
        let during = frames.filter { $0.at - confirmed < 600 }
        let after = frames.filter { $0.at - confirmed >= 600 }
        #expect(during.count >= 590 && after.count >= 110)
        #expect(during.allSatisfy { $0.text.contains("Pénicilline") && $0.text.contains("BRIS DE GLACE") })
        // The first key at or past the window already finds the record gone.
        #expect(after.allSatisfy { !$0.text.contains("Pénicilline") && !$0.text.contains("BRIS DE GLACE") })
        #expect(after.first?.text.contains("Accès d'urgence terminé : la durée autorisée est écoulée.") == true)
        let stop = try #require(try events(kiosk, "258037511223324").last { $0.action == "break-glass-stop" })
        #expect(stop.detail?.hasSuffix(" expired") == true)
        // Written at the window, not when the keys stopped: the store's clock is the wall clock.
        #expect(abs(stop.at.timeIntervalSince(kiosk.clock.now) + 120) <= 1)
    }

    @Test("a wall clock stepped back extends neither the countdown nor the access: the store refuses, the screen clears")
    func clockSteppedBack() throws {
        let kiosk = try KioskFixture(idle: 100_000, door: .emergency(window: 600))
        breakGlass(kiosk, on: "258037511223324")
        kiosk.keys(.character("o"))
        kiosk.advance(by: 300)
        kiosk.clock.stepWall(by: -3600)
        kiosk.session.tick()
        // Five minutes have passed, whatever the wall clock now says.
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE · reste 0:05:00"))
        // The next read (the full record) meets the store, which knows the wall clock now
        // reads before the start it recorded: refused, and the access ends on the screen too.
        kiosk.keys(.character("c"), .character("o"))
        #expect(!kiosk.text.contains("Pénicilline") && !kiosk.text.contains("BRIS DE GLACE"))
        #expect(kiosk.text.contains("Accès d'urgence terminé : le dossier ne l'accepte plus"))
        let trail = try events(kiosk, "258037511223324")
        let refused = try #require(trail.last { $0.action == "break-glass-full-record" })
        #expect(refused.outcome == .refused && refused.reason == "break-glass-expired")
        #expect(refused.detail?.hasSuffix("the clock reads 3300 s before its recorded start") == true)
        #expect(trail.last?.action == "break-glass-stop" && trail.last?.detail?.hasSuffix(" ended-by-store") == true)
    }

    @Test("a session ended from outside (hang-up, SIGTERM, terminal lost, error) writes the stop first, then clears the screen",
          arguments: SessionEnd.allCases)
    func endedFromOutside(_ why: SessionEnd) throws {
        let kiosk = try KioskFixture(door: .emergency(window: 4 * 3600))
        breakGlass(kiosk, on: "258037511223324")
        kiosk.keys(.character("o"))
        #expect(kiosk.text.contains("Pénicilline"))
        // The path a signal takes: the terminal's wait ends, the session asks why, and ends.
        #expect(kiosk.session.run(untilIdle: true, interruption: { why }) == why)
        let stop = try #require(try events(kiosk, "258037511223324").last)
        #expect(stop.action == "break-glass-stop" && stop.detail?.hasSuffix(" \(why.rawValue)") == true)
        #expect(!kiosk.text.contains("Pénicilline") && !kiosk.text.contains("DUPONT"))
        // Ending again finds nothing to stop.
        kiosk.session.end(.error)
        #expect(try events(kiosk, "258037511223324").filter { $0.action == "break-glass-stop" }.count == 1)
    }

    @Test("the doctor's next sign-in closes the access a crashed terminal never stopped; that terminal can read no more")
    func closedAtNextSignIn() throws {
        let crashed = try KioskFixture(door: .emergency(window: 4 * 3600))
        breakGlass(crashed, on: "258037511223324")
        crashed.keys(.character("o"))
        #expect(crashed.text.contains("Pénicilline"))
        crashed.advance(by: 120)
        // The same doctor signs in at another terminal (or this one, restarted).
        let later = try KioskFixture(sharing: crashed, door: .emergency(window: 4 * 3600))
        later.signIn("10002345675", "2345")
        #expect(later.text.contains("Un accès d'urgence resté ouvert a été clos et tracé."))
        let stop = try #require(try events(later, "258037511223324").last)
        #expect(stop.action == "break-glass-stop" && stop.detail?.hasSuffix(" not-stopped: closed at next sign-in") == true)
        // The old terminal, were it still running, is refused at its next read and clears.
        crashed.keys(.character("c"), .character("o"))
        #expect(!crashed.text.contains("Pénicilline"))
        #expect(crashed.text.contains("Accès d'urgence terminé : le dossier ne l'accepte plus"))
        // A second sign-in finds nothing left open.
        later.keys(.character("q"))
        later.signIn("10002345675", "2345")
        #expect(!later.text.contains("resté ouvert"))
    }

    @Test("Luc MOREAU refused the consent: the screen says so plainly and the attempt is audited")
    func lucRefused() throws {
        let kiosk = try KioskFixture(door: .emergency(window: 4 * 3600))
        breakGlass(kiosk, on: "171026912345697")
        kiosk.keys(.character("o"))
        let flat = kiosk.terminal.screen.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("ACCÈS REFUSÉ : Luc MOREAU a refusé à l'avance l'accès en urgence par les médecins urgentistes"))
        let last = try #require(try events(kiosk, "171026912345697").last)
        #expect(last.action == "break-glass-start" && last.outcome == .refused && last.reason == "consent-refused:emergency-physician")
    }

    @Test("a short justification or a wrong reason keeps the form open; Escape abandons with nothing opened")
    func form() throws {
        let kiosk = try KioskFixture(door: .emergency(window: 4 * 3600))
        kiosk.signIn("10002345675", "2345")
        kiosk.open("258037511223324")
        kiosk.type("7")
        kiosk.keys(.tab)
        kiosk.type(justification)
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Motif : tapez 1, 2 ou 3."))
        // The form puts the cursor where the problem is: on the reason.
        kiosk.keys(.backspace)
        kiosk.type("1")
        kiosk.keys(.tab, .control("u"))
        kiosk.type("urgent")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Justification : au moins une phrase"))
        kiosk.keys(.escape)
        #expect(kiosk.text.contains("Bris de glace abandonné : rien n'a été ouvert."))
        #expect(try !events(kiosk, "258037511223324").contains { $0.action == "break-glass-start" })
    }
}
