@testable import CarnetApp
import CarnetModel
import Foundation
import TerminalKit
import Testing

/// Each screen's `handle` on its own: no database, no runner, only values in and out.
@Suite("Screens, one at a time")
struct ScreenUpdateTests {
    let fr = Strings(.french)
    var kiosk: KeyMap { KeyMap(door: .kiosk, strings: fr) }
    let marie = PatientListing(id: PatientID(7), ins: try? INS("258037511223324"), familyName: "DUPONT", givenNames: "Marie",
                               birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female)

    @Test("the search form takes q, i and ? as text; Enter searches what was typed")
    func searchForm() {
        var search = SearchScreen(strings: fr)
        for c in "qi?" { #expect(search.handle(.character(c), keys: kiosk, strings: fr, height: 24) == nil) }
        #expect(search.form.values[0] == "qi?")
        #expect(search.handle(.enter, keys: kiosk, strings: fr, height: 24) == .effects([.search(query: "qi?", birthDate: "")]))
        // Esc clears a filled form, and signs out from an empty one.
        #expect(search.handle(.escape, keys: kiosk, strings: fr, height: 24) == nil)
        #expect(search.form.values[0].isEmpty)
        #expect(search.handle(.escape, keys: kiosk, strings: fr, height: 24) == .signOut)
        #expect(search.handle(.function(2), keys: kiosk, strings: fr, height: 24) == .inbox)
    }

    @Test("in the results, letters are commands, Enter opens, and the next page is asked for near the end, once")
    func searchResults() {
        var search = SearchScreen(strings: fr)
        let query = PatientQuery(name: "dupont", birthDate: nil)
        search.found(query, Page(items: Array(repeating: marie, count: 20), next: 99), strings: fr)
        #expect(search.inResults)
        #expect(search.handle(.enter, keys: kiosk, strings: fr, height: 24) == .effects([.openRecord(marie)]))
        var asked: [SearchScreen.Outcome] = []
        for _ in 0..<19 { if let outcome = search.handle(.down, keys: kiosk, strings: fr, height: 24) { asked.append(outcome) } }
        #expect(asked == [.effects([.searchMore(query, after: 99)])])
        #expect(search.handle(.character("i"), keys: kiosk, strings: fr, height: 24) == .inbox)
        #expect(search.handle(.character("q"), keys: kiosk, strings: fr, height: 24) == .signOut)
    }

    @Test("the sign-in: Enter after the identifier goes to the secret; a failure clears only the secret")
    func signIn() {
        var screen = SignInScreen(door: .patient, strings: fr)
        let keys = KeyMap(door: .patient, strings: fr)
        for c in "258037511223324" { _ = screen.handle(.character(c), keys: keys, strings: fr) }
        #expect(screen.handle(.enter, keys: keys, strings: fr) == nil)
        #expect(screen.form.focus == 1)
        for c in "q?x" { _ = screen.handle(.character(c), keys: keys, strings: fr) }
        #expect(screen.handle(.enter, keys: keys, strings: fr) == .effects([.signInPatient(ins: "258037511223324", password: "q?x")]))
        screen.failed("INS ou mot de passe incorrect", recordClosed: false)
        #expect(screen.form.values == ["258037511223324", ""])
        // Esc clears the fields first, then quits.
        #expect(screen.handle(.escape, keys: keys, strings: fr) == nil)
        #expect(screen.form.values == ["", ""])
        #expect(screen.handle(.escape, keys: keys, strings: fr) == .quit)
    }

    @Test("break-glass: a bare Enter at the confirmation opens nothing; o starts it with the reason and the words typed")
    func breakGlass() {
        var flow = BreakGlassFlow(patient: marie, window: 3600, strings: fr)
        let keys = KeyMap(door: .emergency(window: 3600), strings: fr)
        _ = flow.handle(.character("2"), keys: keys, strings: fr)
        _ = flow.handle(.tab, keys: keys, strings: fr)
        for c in "Arrêt cardiaque, patiente inconsciente." { _ = flow.handle(.character(c), keys: keys, strings: fr) }
        #expect(flow.handle(.enter, keys: keys, strings: fr) == nil)
        #expect(flow.confirmation != nil)
        #expect(flow.handle(.enter, keys: keys, strings: fr) == nil)
        #expect(flow.handle(.character("o"), keys: keys, strings: fr)
                == .start(marie, .vitalEmergency, justification: "Arrêt cardiaque, patiente inconsciente."))
    }

    @Test("the inbox goes back with Esc, q or i, and scrolls within its items")
    func inbox() {
        var inbox = InboxScreen(items: [])
        #expect(inbox.handle(.down, keys: kiosk, strings: fr, width: 80, height: 24) == nil)
        #expect(inbox.list.selected == 0)
        #expect(inbox.handle(.character("q"), keys: kiosk, strings: fr, width: 80, height: 24) == .back)
        #expect(inbox.handle(.escape, keys: kiosk, strings: fr, width: 80, height: 24) == .back)
    }

    @Test("the help scrolls when it is taller than the screen and closes on any other key")
    func help() {
        var help = HelpScreen(place: .record(RecordKeys(pane: .access)))
        let keys = KeyMap(door: .patient, strings: fr)
        let small = Rect(x: 0, y: 0, width: 80, height: 12)
        #expect(help.handle(.down, keys: keys, area: small) == nil)
        #expect(help.offset == 1)
        #expect(help.handle(.character("x"), keys: keys, area: small) == .close)
    }

    @Test("the door: Esc under a break-glass says how to end it; q asks; Esc at the question keeps the access")
    func doorLeaves() {
        var app = DoorApp(door: .emergency(window: 3600), strings: fr, theme: .monochrome, width: 80, height: 24,
                          catalogs: Catalogs(formulary: Formulary(lines: []), labTests: LabTestCatalog(lines: [])))
        let sophie = Professional(rpps: try! RPPS("10002345675"), familyName: "LEROY", givenNames: "Sophie", profession: .emergencyPhysician)
        _ = app.update(.professionalSignedIn(sophie))
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        _ = app.update(.breakGlassStarted(BreakGlassAuthorization(patient: PatientID(7), tier: .summary, reason: .vitalEmergency,
                                                                   justification: "x", startedAt: start, expiresAt: start + 3600, startEvent: 1)))
        _ = app.update(.recordOpened(Patient(id: PatientID(7), ins: nil, familyName: "DUPONT", givenNames: "Marie",
                                             birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female),
                                     today: CalendarDate(year: 2026, month: 11, day: 21)!, allergies: [], writable: []))
        #expect(app.update(.event(.key(.escape))).isEmpty)
        #expect(app.breakGlass != nil && app.record != nil)
        #expect(app.update(.event(.key(.character("q")))).isEmpty)
        #expect(app.question != nil)
        #expect(app.update(.event(.key(.escape))).isEmpty)
        #expect(app.breakGlass != nil && app.question == nil)
        _ = app.update(.event(.key(.character("q"))))
        #expect(app.update(.event(.key(.character("o")))) == [.endBreakGlass(why: "logout")])
        #expect(app.record == nil && app.professional == sophie)
    }

    @Test("a failed read of the next history page says so under the list and keeps what was read")
    func historyPageFails() {
        let entry = AccessHistoryEntry(event: AuditEvent(seq: 5, at: Date(timeIntervalSince1970: 1_795_000_000), actor: "rpps:10001234565", patient: "p",
                                                         action: "read", section: "history", purpose: "care", outcome: .allowed, reason: nil,
                                                         detail: nil, hash: ""),
                                       actorName: "Dr Paul MARTIN", isNew: false)
        var history = AccessHistoryScreen(filter: AccessHistoryFilter(), page: Page(items: [entry, entry], next: 3))
        let keys = KeyMap(door: .patient, strings: fr)
        #expect(history.handle(.down, keys: keys, strings: fr, width: 80, rows: 10) == .effects([.historyMore(AccessHistoryFilter(), before: 3)]))
        history.list.failed("lecture impossible")
        var buffer = CellBuffer(width: 80, height: 12)
        history.render(area: buffer.area, into: &buffer, theme: .monochrome, strings: fr)
        #expect(buffer.lines.contains { $0.contains("lecture impossible") })
        #expect(history.list.count == 2)
    }
}
