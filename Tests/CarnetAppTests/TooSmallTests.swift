@testable import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// A screen too small to be read must not be acted on: a dialog nobody can see must not be
/// confirmed by a key pressed blind.
@Suite("A screen too small swallows every key but q")
struct TooSmallTests {
    @Test("a revocation dialog left open when the terminal shrinks is not confirmed by Enter; it is still there at 80×24")
    func dialogNotConfirmedBlind() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"), .down, .down, .down, .character("r"))
        #expect(app.terminal.screenText.contains("Jean BERNARD ne pourra plus"))
        app.terminal.resize(width: 79, height: 23)
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("terminal trop petit"))
        let marie = try #require(try Directory(database: app.database).patient(ins: DemoAccounts.marieINS))
        // Jean still reads: nothing was revoked.
        _ = try app.store.allergies(of: marie.id, context: .kiosk(DemoAccounts.jeanBernard))
        app.terminal.resize(width: 80, height: 24)
        app.keys(.character("x"))
        #expect(app.terminal.screenText.contains("Jean BERNARD ne pourra plus"))
        // q leaves, even from a too-small screen.
        app.terminal.resize(width: 60, height: 20)
        #expect(app.keys(.character("q")) == false)
    }
}

/// The allergy banner never turns "could not be read" into "none", and puts what matters first.
@Suite("The allergy banner tells the truth")
struct AllergyBannerTests {
    let patient = Patient(id: PatientID(1), ins: nil, familyName: "X", givenNames: "Y",
                          birthDate: CalendarDate(year: 1950, month: 1, day: 1)!, sex: .female)
    let today = CalendarDate(year: 2026, month: 11, day: 21)!

    func banner(_ allergies: [String]?, _ language: Strings.Language = .french) -> String {
        var app = DoorApp(door: .patient, strings: Strings(language), theme: .monochrome, width: 80, height: 24)
        _ = app.update(.patientSignedIn(patient, today: today, allergies: allergies, alerts: []))
        return app.render().lines[1]
    }

    @Test("unreadable allergies say so, in both languages; none recorded says that")
    func unreadable() {
        #expect(banner(nil).contains("ALLERGIES : lecture impossible"))
        #expect(banner(nil, .english).contains("ALLERGIES: could not be read"))
        #expect(banner([]).contains("Aucune allergie enregistrée"))
    }

    @Test("severe allergies come first, whatever order they were entered in")
    func severeFirst() {
        let at = { (name: String, severity: Allergy.Severity) in
            Allergy(substance: name, substanceClass: nil, reaction: nil, severity: severity, status: .active, recordedOn: nil, author: .patient)
        }
        let names = Strings(.french).bannerAllergies([at("Pollen", .mild), at("Latex", .severe), at("Arachide", .moderate),
                                                     at("Pénicilline", .severe)])
        #expect(names == ["Latex (sévère)", "Pénicilline (sévère)", "Pollen", "Arachide"])
        #expect(banner(names).contains("ALLERGIES : Latex (sévère), Pénicilline (sévère), Pollen, Arachide"))
    }

    @Test("at 80 columns the banner shows whole names and says how many more there are; wider, all of them")
    func plusMore() {
        let names = ["Pénicilline (sévère)", "Produits de contraste iodés (sévère)", "Latex (sévère)", "Anti-inflammatoires non stéroïdiens",
                     "Arachide"]
        let line = banner(names)
        #expect(line.contains("ALLERGIES : Pénicilline (sévère) +4 autres"), "\(line)")
        #expect(Strings(.french).allergyBannerLine(names, width: 100)
                == "⚠ ALLERGIES : Pénicilline (sévère), Produits de contraste iodés (sévère), Latex (sévère) +2 autres")
        #expect(Strings(.english).allergyBannerLine(names, width: 79) == "⚠ ALLERGIES: Pénicilline (sévère), Produits de contraste iodés (sévère) +3 more")
        #expect(Strings(.french).allergyBannerLine(names, width: 300) == "⚠ ALLERGIES : " + names.joined(separator: ", "))
        #expect(Strings(.french).allergyBannerLine(["Pollen", "Latex (sévère)"], width: 33) == "⚠ ALLERGIES : Pollen +1 autre")
    }

    @Test("a patient without an INS shows that, not the store's key")
    func noINS() {
        var app = DoorApp(door: .patient, strings: Strings(.french), theme: .monochrome, width: 80, height: 24)
        _ = app.update(.patientSignedIn(patient, today: today, allergies: [], alerts: []))
        let header = app.render().lines[0]
        #expect(header.contains("INS non renseigné") && !header.contains("carnet:"), "\(header)")
    }
}
