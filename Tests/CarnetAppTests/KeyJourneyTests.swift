import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// Key scripts for the defects a new user met: each one typed as a person would, on a real
/// demo database, and read back from the screen and the audit trail.
@Suite("Key journeys: one key map, text fields that take text")
struct KeyJourneyTests {
    let justification = "Patiente inconsciente, aucun proche joignable."

    @Test("in the kiosk search, “quentin” is a name: the doctor stays signed in and nothing lands in the RPPS field")
    func quentin() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "1234")
        kiosk.type("quentin")
        #expect(kiosk.terminal.screen[0].contains("Dr Paul MARTIN"))
        #expect(kiosk.text.contains("quentin"))
        #expect(!kiosk.text.contains("Connexion professionnelle"))
        // "isabelle" does not open the inbox either.
        kiosk.keys(.escape)
        kiosk.type("isabelle")
        #expect(kiosk.text.contains("isabelle"))
        #expect(!kiosk.text.contains("Boîte de réception du médecin traitant"))
        // Esc clears a filled search; on an empty one it signs out, saying so.
        kiosk.keys(.escape)
        #expect(kiosk.terminal.screen[0].contains("Dr Paul MARTIN"))
        kiosk.keys(.escape)
        #expect(kiosk.terminal.screen[0].contains("personne n'est connecté"))
        #expect(kiosk.text.contains("Déconnecté."))
    }

    @Test("q walks back one step at a time, each named in the footer: the record closes to the search, the results sign out")
    func qStepsBack() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "1234")
        kiosk.open("258037511223324")
        #expect(kiosk.terminal.screen[23].contains("q fermer le dossier"))
        kiosk.keys(.character("q"))
        #expect(kiosk.terminal.screen[0].contains("Dr Paul MARTIN"))
        #expect(kiosk.text.contains("Rechercher un patient") && kiosk.text.contains("DUPONT Marie"))
        #expect(kiosk.terminal.screen[23].contains("q déconnexion"))
        kiosk.keys(.character("q"))
        #expect(kiosk.terminal.screen[0].contains("personne n'est connecté"))
    }

    @Test("Esc never ends a break-glass access; q asks first, and only o ends it, with its stop in the trail")
    func escapeKeepsBreakGlass() throws {
        let kiosk = try KioskFixture(door: .emergency(window: 4 * 3600))
        kiosk.signIn("10002345675", "2345")
        kiosk.open("258037511223324")
        kiosk.type("1")
        kiosk.keys(.tab)
        kiosk.type(justification)
        kiosk.keys(.enter, .character("o"))
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE"))
        kiosk.keys(.escape, .escape)
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE"))
        #expect(kiosk.text.contains("Pour terminer l'accès en urgence : q."))
        kiosk.keys(.character("q"))
        #expect(kiosk.text.contains("Terminer l'accès en urgence ?"))
        kiosk.keys(.escape)
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE"))
        kiosk.keys(.character("q"), .enter) // a bare Enter does not end it either
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE"))
        kiosk.keys(.character("o"))
        #expect(!kiosk.terminal.screen[0].contains("BRIS DE GLACE"))
        #expect(kiosk.text.contains("Accès d'urgence terminé."))
        let trail = try AuditLog(database: kiosk.database).events(patient: "258037511223324", after: 0, limit: 10_000).items
        #expect(trail.filter { $0.action == "break-glass-stop" }.count == 1)
        #expect(trail.last?.action == "break-glass-stop" && trail.last?.detail?.hasSuffix("logout") == true)
    }

    @Test("a question nobody can see is not answered: at 79×23 o does not end the break-glass; q signs out and ends it")
    func tooSmallUnderBreakGlass() throws {
        let kiosk = try KioskFixture(door: .emergency(window: 4 * 3600))
        kiosk.signIn("10002345675", "2345")
        kiosk.open("258037511223324")
        kiosk.type("1")
        kiosk.keys(.tab)
        kiosk.type(justification)
        kiosk.keys(.enter, .character("o"), .character("q"))
        kiosk.terminal.resize(width: 79, height: 23)
        kiosk.keys(.character("o"))
        #expect(kiosk.text.contains("terminal trop petit"))
        kiosk.terminal.resize(width: 80, height: 24)
        kiosk.keys(.character("x"))
        #expect(kiosk.terminal.screen[0].hasPrefix(" BRIS DE GLACE"))
        #expect(kiosk.text.contains("Terminer l'accès en urgence ?"))
    }

    @Test("a pharmacist is not offered n where the store would refuse; a GP is, and the banner shows the allergy he adds")
    func writeKeysOnlyForWriters() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10003456786", "3456") // Jean BERNARD, pharmacist, read grant on Marie
        kiosk.open("258037511223324")
        for pane in ["1", "2", "3", "4", "5", "6"] {
            kiosk.type(pane)
            #expect(!kiosk.terminal.screen[23].contains("n ajouter"), "pane \(pane): \(kiosk.terminal.screen[23])")
        }
        kiosk.type("3")
        kiosk.type("n")
        #expect(!kiosk.text.contains("Nouvelle allergie"))
        kiosk.keys(.character("q"), .character("q"))

        kiosk.signIn("10001234565", "1234")
        kiosk.open("258037511223324")
        kiosk.type("3")
        #expect(kiosk.terminal.screen[23].contains("n ajouter"))
        kiosk.type("n")
        #expect(kiosk.text.contains("Nouvelle allergie"))
        kiosk.type("Latex")
        kiosk.keys(.tab, .tab, .tab)
        kiosk.keys(.backspace)
        kiosk.type("3")
        kiosk.keys(.enter)
        // The banner reads again after the write: no need to reopen the record.
        #expect(kiosk.terminal.screen[2].contains("Latex (sévère)"), "\(kiosk.terminal.screen[2])")
    }

    @Test("Home and End edit the directives where the cursor is, and never close the editor or open pane 4")
    func homeAndEnd() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("e"), .down, .enter)
        #expect(app.terminal.screenText.contains("Vos directives anticipées"))
        app.keys(.home)
        app.type("X ")
        app.keys(.end)
        app.type(" Y")
        #expect(app.terminal.screenText.contains("Vos directives anticipées"))
        app.keys(.enter, .enter)
        let flat = app.terminal.screen.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("X Je ne souhaite pas"), "\(flat)")
        #expect(!app.terminal.screen[2].contains("▸4") && app.terminal.screenText.contains("Synthèse"))
    }

    @Test("in the patient's door q quits at once; in details it closes them first")
    func patientQuit() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("2"), .enter)
        #expect(app.keys(.character("q")) == true)
        #expect(app.keys(.character("q")) == false)
    }
}

@Suite("Alerts at sign-in are grouped")
struct AlertGroupTests {
    func alert(_ seq: Int64, _ kind: AccessAlert.Kind, _ actor: String, at: TimeInterval) -> AccessAlert {
        AccessAlert(kind: kind, entry: AccessHistoryEntry(
            event: AuditEvent(seq: seq, at: Date(timeIntervalSince1970: at), actor: "rpps:1", patient: "p", action: kind == .breakGlass ? "break-glass-start" : "open",
                              section: nil, purpose: "care", outcome: .allowed, reason: kind == .breakGlass ? "unable-to-express-will" : nil, detail: nil, hash: ""),
            actorName: actor, isNew: true))
    }

    @Test("300 break-glass accesses by one doctor are one line with a count and their span, newest group first")
    func grouped() {
        var alerts = (1...300).map { alert(Int64($0), .breakGlass, "Dr Sophie LEROY", at: 1_795_000_000 + Double($0) * 60) }
        alerts.append(alert(301, .firstAccess, "Jean BERNARD", at: 1_795_100_000))
        var app = DoorApp(door: .patient, strings: Strings(.french), theme: .monochrome, width: 80, height: 24)
        _ = app.update(.patientSignedIn(Patient(id: PatientID(1), ins: nil, familyName: "DUPONT", givenNames: "Marie",
                                                birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female),
                                        today: CalendarDate(year: 2026, month: 11, day: 21)!, allergies: [], alerts: alerts))
        let text = app.render().lines.joined(separator: "\n")
        #expect(text.contains("300 fois"), "\(text)")
        #expect(text.components(separatedBy: "Accès en urgence").count == 2)
        let first = text.range(of: "Premier accès")?.lowerBound ?? text.range(of: "Jean BERNARD")!.lowerBound
        #expect(first < text.range(of: "Dr Sophie LEROY")!.lowerBound)
    }
}
