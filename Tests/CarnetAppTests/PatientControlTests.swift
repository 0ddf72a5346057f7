import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

@Suite("Patient control: access settings, history, alerts, documents, closure")
struct PatientControlTests {
    func marieID(_ app: AppFixture) throws -> PatientID {
        try #require(try Directory(database: app.database).patient(ins: DemoAccounts.marieINS)).id
    }

    /// The screen as one line of words: dialog borders out, wrapped lines joined.
    func flat(_ app: AppFixture) -> String {
        app.terminal.screen.map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test("revoking Jean BERNARD: a plain-words confirmation, then he is gone and refused at once")
    func revoke() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"), .down, .down, .down)
        #expect(app.terminal.screen[6].hasPrefix("▸Jean BERNARD"))
        #expect(app.terminal.screen[23].contains("r révoquer"))
        app.keys(.character("r"))
        #expect(flat(app).contains("Jean BERNARD ne pourra plus ouvrir votre dossier"))
        app.keys(.enter)
        #expect(app.terminal.screen[23].contains("Accès de Jean BERNARD révoqué."))
        #expect(!app.terminal.screenText.contains("Jean BERNARD (pharmacie) — lecture"))
        #expect(throws: AccessRefused.self) { try app.store.allergies(of: try marieID(app), context: .kiosk(DemoAccounts.jeanBernard)) }
    }

    @Test("Escape cancels: nothing changes")
    func cancel() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"), .down, .down, .down, .character("r"), .escape)
        #expect(app.terminal.screen[23].contains("Annulé : rien n'a changé."))
        #expect(app.terminal.screenText.contains("Jean BERNARD (pharmacie) — lecture"))
    }

    @Test("granting Dr Sophie LEROY read and write access: search, choose, level, confirm")
    func grant() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"), .character("a"))
        app.type("leroy")
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("Dr Sophie LEROY — médecin urgentiste — RPPS 10002345675"))
        app.keys(.enter, .down, .enter)
        #expect(flat(app).contains("consulter votre dossier et y ajouter des éléments"))
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("Dr Sophie LEROY (médecin urgentiste) — lecture + écriture"))
        let settings = try app.store.accessSettings(of: try marieID(app), context: .operatorAccount("test"))
        #expect(settings.grants.contains { $0.professional.rpps == DemoAccounts.sophieLeroy.rpps && $0.level == .readWrite })
    }

    @Test("choosing a new médecin traitant says what the role sees")
    func treatingDoctor() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"), .character("t"))
        app.type("10002345675")
        app.keys(.enter, .enter)
        #expect(flat(app).contains("y compris les documents que vous masquez"))
        app.keys(.enter)
        #expect(app.terminal.screen[3].contains("Médecin traitant : Dr Sophie LEROY (médecin urgentiste)"))
        // A pharmacist cannot be one (the store refuses it too): not offered, and the screen says why.
        app.keys(.character("t"))
        app.type("10003456786")
        app.keys(.enter)
        #expect(app.terminal.screen[23].contains("Seul un médecin peut être médecin traitant."))
        #expect(app.terminal.screen[3].contains("Dr Sophie LEROY"))
    }

    @Test("refusing emergency access says what it means in an emergency")
    func consent() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"))
        for _ in 0..<9 { app.keys(.down) }
        #expect(app.terminal.screen.contains { $0.hasPrefix("▸médecin urgentiste : autorisé") })
        app.keys(.enter)
        #expect(flat(app).contains("ne pourront PAS voir vos allergies"))
        app.keys(.enter)
        #expect(app.terminal.screen.contains { $0.contains("médecin urgentiste : refusé") })
        #expect(try app.store.accessSettings(of: try marieID(app), context: .operatorAccount("test")).consents.emergencyPhysician == false)
    }

    @Test("unblocking Claire PETIT")
    func unblock() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"))
        for _ in 0..<6 { app.keys(.down) }
        #expect(app.terminal.screen.contains { $0.hasPrefix("▸Claire PETIT") })
        app.keys(.character("u"), .enter)
        #expect(app.terminal.screen[23].contains("Accès débloqué pour Claire PETIT."))
    }

    @Test("the access history: newest first, new entries marked, filtered by kind")
    func history() throws {
        let app = try AppFixture()
        let marie = try marieID(app)
        _ = try app.store.allergies(of: marie, context: .kiosk(DemoAccounts.jeanBernard))
        _ = try? app.store.history(of: marie, context: .kiosk(DemoAccounts.clairePetit))
        app.signInAsMarie()
        app.keys(.enter) // the alert screen: Claire's attempt
        app.keys(.character("9"), .character("h"))
        #expect(app.terminal.screen[3].contains("Historique des accès"))
        #expect(app.terminal.screen[4].contains("● ") && app.terminal.screen[4].contains("✗ REFUSÉ  Claire PETIT (soins infirmiers) — consultation"))
        #expect(app.terminal.screenText.contains("Jean BERNARD (pharmacie) — consultation · Allergies"))
        try expectSnapshot(app.terminal, "access-history")
        app.keys(.character("f"), .character("3"))
        #expect(app.terminal.screen[3].contains("Tentatives refusées"))
        #expect(!app.terminal.screenText.contains("Jean BERNARD"))
        app.keys(.enter)
        #expect(flat(app).contains("Refusé : bloqué par vous"))
        app.keys(.escape, .escape)
        #expect(app.terminal.screen[3].contains("Médecin traitant"))
    }

    @Test("at sign-in, what happened since is listed and must be acknowledged, once")
    func alerts() throws {
        let app = try AppFixture()
        let marie = try marieID(app)
        try app.store.grant(.read, to: DemoAccounts.sophieLeroy.rpps, on: marie, context: .operatorAccount("test"))
        _ = try app.store.allergies(of: marie, context: .kiosk(DemoAccounts.sophieLeroy))
        _ = try? app.store.history(of: marie, context: .kiosk(DemoAccounts.clairePetit))
        app.signInAsMarie()
        try expectSnapshot(app.terminal, "login-alerts")
        #expect(flat(app).contains("Premier accès"))
        #expect(flat(app).contains("Tentative refusée (professionnel bloqué)"))
        app.keys(.character("3"))
        #expect(app.terminal.screenText.contains("Depuis votre dernière connexion")) // only Enter goes on
        app.keys(.enter)
        #expect(app.terminal.screen[3].contains("Données d'urgence"))
        let again = try AppFixture(sharing: app)
        again.signInAsMarie()
        #expect(!again.terminal.screenText.contains("Depuis votre dernière connexion"))
    }

    @Test("masking a document shows in the list and hides it from a granted professional")
    func mask() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("7"), .character("m"))
        #expect(flat(app).contains("Votre médecin traitant et l'auteur du document le verront"))
        app.keys(.enter)
        #expect(app.terminal.screen[3].contains("[masqué"))
    }

    @Test("adding a text file and a PDF as the patient's own documents")
    func addDocuments() throws {
        let app = try AppFixture()
        let text = app.folder.appendingPathComponent("tension.txt")
        try "Tension du matin : 13/8\nTension du soir : 12/7".write(to: text, atomically: true, encoding: .utf8)
        let pdf = app.folder.appendingPathComponent("groupe.pdf")
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x00]).write(to: pdf)
        app.signInAsMarie()
        app.keys(.character("7"), .character("n"))
        app.type(text.path)
        app.keys(.enter, .control("u"))
        app.type("Relevés de tension")
        app.keys(.enter, .enter, .enter)
        #expect(app.terminal.screen[23].contains("Document ajouté."))
        #expect(app.terminal.screenText.contains("Relevés de tension  ✎ de vous"))
        app.keys(.character("n"))
        app.type(pdf.path)
        app.keys(.enter, .enter, .enter, .enter)
        #expect(app.terminal.screenText.contains("groupe.pdf  ✎ de vous  [application/pdf, 7 octets]"))
        app.keys(.character("n"))
        app.type("/nulle/part.txt")
        app.keys(.enter, .enter, .enter, .enter)
        #expect(app.terminal.screen[23].contains("Fichier introuvable : /nulle/part.txt"))
    }

    @Test("the patient edits advance directives and people to contact from the Synthèse")
    func emergencyData() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("e"), .character("2"), .control("u"))
        app.type("Pas d'acharnement thérapeutique.")
        app.keys(.enter, .enter)
        #expect(app.terminal.screenText.contains("Directives anticipées : Pas d'acharnement thérapeutique."))
        // People to contact are a list: add one, field by field, then confirm.
        app.keys(.character("e"), .character("3"))
        #expect(app.terminal.screenText.contains("Isabelle DUPONT (fille) — 06 98 76 54 32"))
        app.keys(.character("3"))
        app.type("Paul Dupont")
        app.keys(.enter)
        app.type("fils")
        app.keys(.enter, .enter)
        #expect(app.terminal.screenText.contains("Il faut un numéro de téléphone."))
        app.type("06 11 22 33 44")
        app.keys(.enter, .enter)
        #expect(app.terminal.screenText.contains("Paul Dupont (fils) — 06 11 22 33 44"))
        // Removing Isabelle asks first, then only she goes; C-u in a field no longer wipes everyone.
        app.keys(.character("e"), .character("3"), .character("2"), .character("2"))
        // The confirmation says what the list will be.
        #expect(app.terminal.screenText.contains("Paul Dupont (fils) — 06 11 22 33 44"))
        app.keys(.enter)
        #expect(!app.terminal.screenText.contains("Isabelle DUPONT"))
        #expect(app.terminal.screenText.contains("Pierre DUPONT") && app.terminal.screenText.contains("Paul Dupont"))
    }

    @Test("closing the record asks for the word, then shows the closed screen")
    func close() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("9"), .character("c"))
        app.type("oui")
        app.keys(.enter)
        #expect(flat(app).contains("Tapez exactement « clôturer »"))
        app.keys(.control("u"))
        app.type("clôturer")
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("Dossier clôturé"))
        #expect(throws: AccessRefused.self) { try app.store.history(of: try marieID(app), context: .kiosk(DemoAccounts.paulMartin)) }
    }
}
