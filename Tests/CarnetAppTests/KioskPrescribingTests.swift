import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// The prescription form when the name typed is not the formulary's: the closest names are
/// offered while typing and on Enter, and a medicine left unrecognised is held like any
/// other warning, confirmed with « oui », and audited.
@Suite("Clinician kiosk: prescribing a misspelt or unknown medicine")
struct KioskPrescribingTests {
    /// Paul opens Marie's prescriptions and fills the form with `name`, without submitting.
    func fill(_ kiosk: KioskFixture, _ name: String) {
        kiosk.signIn("10001234565", "1234")
        kiosk.open("258037511223324")
        kiosk.keys(.character("5"), .character("n"))
        kiosk.type(name)
    }

    func submit(_ kiosk: KioskFixture) {
        kiosk.keys(.tab)
        kiosk.type("1 comprimé matin et soir")
        kiosk.keys(.tab)
        kiosk.type("7")
        kiosk.keys(.enter)
    }

    @Test("while typing, the formulary's names are offered, the closest ones for a misspelling")
    func suggestionsWhileTyping() throws {
        let kiosk = try KioskFixture()
        fill(kiosk, "clari")
        #expect(kiosk.text.contains("Formulaire : Clarithromycine 500 mg"))
        kiosk.keys(.control("u"))
        kiosk.type("Amoxiciline 500 mg")
        #expect(kiosk.text.contains("Vouliez-vous dire : Amoxicilline 500 mg"))
        try expectSnapshot(kiosk.terminal, "kiosk-prescription-suggestions")
    }

    @Test("a misspelt name offers the closest medicines; picking one checks it (Marie's Pénicilline allergy)")
    func pickTheClosest() throws {
        let kiosk = try KioskFixture()
        fill(kiosk, "Amoxiciline 500 mg")
        submit(kiosk)
        #expect(kiosk.text.contains("« Amoxiciline 500 mg » n'est pas dans le formulaire"))
        #expect(kiosk.text.contains("1 Amoxicilline 500 mg (ATC J01CA04)"))
        #expect(kiosk.text.contains("tel quel (non reconnu"))
        try expectSnapshot(kiosk.terminal, "kiosk-prescription-closest")
        kiosk.keys(.character("1"))
        #expect(kiosk.text.contains("Avant d'enregistrer « Amoxicilline 500 mg »"))
        #expect(kiosk.text.contains("ALLERGIE : Pénicilline"))
    }

    @Test("kept as typed, the medicine is held as unrecognised; « oui » prescribes it and the override is audited")
    func keptAsTyped() throws {
        let kiosk = try KioskFixture()
        fill(kiosk, "Amoxiciline 500 mg")
        submit(kiosk)
        kiosk.keys(.character("4"))
        let flat = kiosk.terminal.screen.map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("médicament non reconnu : aucun contrôle d'allergie ni d'interaction n'a pu être fait"))
        #expect(kiosk.terminal.screen[23].contains("Prescription non enregistrée : à confirmer."))
        try expectSnapshot(kiosk.terminal, "kiosk-unrecognised-warning")
        kiosk.keys(.enter) // Enter alone does not prescribe
        #expect(kiosk.text.contains("Tapez « oui » pour maintenir"))
        kiosk.type("oui")
        kiosk.keys(.enter)
        #expect(kiosk.terminal.screen[23].contains("Prescription enregistrée : Amoxiciline 500 mg (avertissement maintenu, tracé)"))
        let events = try AuditLog(database: kiosk.database).events(patient: "258037511223324", after: 0, limit: 10_000).items
        #expect(events.contains { $0.detail == "prescription held for confirmation: Amoxiciline 500 mg; warnings: unrecognised-medicine" })
        #expect(events.contains { $0.detail == "add prescription: Amoxiciline 500 mg; confirmed over warnings: unrecognised-medicine" })
    }

    @Test("a name close to nothing in the formulary goes straight to the unrecognised warning; Escape saves nothing")
    func unknownMedicine() throws {
        let kiosk = try KioskFixture()
        fill(kiosk, "Zolpidem 10 mg")
        submit(kiosk)
        #expect(kiosk.text.contains("Avant d'enregistrer « Zolpidem 10 mg »"))
        #expect(kiosk.text.contains("médicament non reconnu"))
        kiosk.keys(.escape)
        kiosk.keys(.character("5"))
        #expect(!kiosk.text.contains("Zolpidem"))
    }
}

@Suite("Kiosk fields have a length limit, said in the screen's words")
struct KioskFieldLimitTests {
    @Test("typing past the search field's limit is refused, and the form says so")
    func searchLimit() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "1234")
        kiosk.type(String(repeating: "a", count: 5000))
        #expect(kiosk.text.contains("Texte trop long ("), "\(kiosk.text)")
    }
}
