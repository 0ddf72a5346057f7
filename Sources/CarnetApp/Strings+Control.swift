import CarnetModel
import Foundation
import TerminalKit

/// What the patient's acts mean, in plain words: each confirmation says it before it is done.
extension Strings {
    func explain(_ request: ControlRequest) -> (title: String, text: String) {
        func name(_ p: Professional) -> String { Sanitizer.clean(p.displayName) }
        // "Le Dr Paul MARTIN pourra…", "Claire PETIT (infirmière) pourra…": no pronoun or
        // participle that would have to agree with a sex the record may not know.
        func who(_ p: Professional) -> String { "\(subject(name(p))) (\(profession(p)))" }
        switch request {
        case let .grant(level, p):
            return level == .read
                ? (t("Autoriser en lecture", "Grant read access"),
                   t("\(who(p)) pourra consulter votre dossier, dans la limite de ce que sa profession permet. Vous pourrez révoquer cet accès à tout moment.",
                     "\(who(p)) will be able to read your record, within what their profession allows. You can revoke this access at any time."))
                : (t("Autoriser en lecture et écriture", "Grant read and write access"),
                   t("\(who(p)) pourra consulter votre dossier et y ajouter des éléments (prescriptions, comptes rendus…). Vous pourrez révoquer cet accès à tout moment.",
                     "\(who(p)) will be able to read your record and add to it (prescriptions, reports…). You can revoke this access at any time."))
        case let .revoke(p):
            return (t("Révoquer l'accès", "Revoke access"),
                    t("\(subject(name(p))) ne pourra plus ouvrir votre dossier, dès maintenant. Vous pourrez l'autoriser de nouveau plus tard.",
                      "\(name(p)) will no longer be able to open your record, from now on. You can grant access again later."))
        case let .block(p):
            return (t("Bloquer un professionnel", "Block a professional"),
                    t("\(subject(name(p))) ne pourra plus ouvrir votre dossier, même avec une autorisation, jusqu'à ce que vous leviez le blocage. Ses tentatives vous seront signalées.",
                      "\(name(p)) will not be able to open your record, even with a grant, until you unblock them. Their attempts will be shown to you."))
        case let .unblock(p):
            return (t("Débloquer", "Unblock"),
                    t("\(subject(name(p))) pourra de nouveau accéder à votre dossier si vous l'y autorisez.", "\(name(p)) will again be able to open your record if granted access."))
        case let .setTreatingDoctor(p):
            return (t("Médecin traitant", "Treating doctor"),
                    t("\(subject(name(p))) deviendra votre médecin traitant, qui verra tout votre dossier, y compris les documents que vous masquez, et recevra les alertes d'accès en urgence.",
                      "\(name(p)) will become your treating doctor, who will see your whole record, masked documents included, and receive the emergency-access alerts."))
        case let .setConsent(kind, allowed):
            let who = consentKind(kind)
            return allowed
                ? (t("Autoriser l'accès en urgence", "Allow emergency access"),
                   t("Si vous ne pouvez pas exprimer votre volonté, \(who) pourront consulter votre dossier en urgence (bris de glace). Chaque accès est justifié, limité dans le temps, et vous sera signalé.",
                     "If you cannot express your will, \(who) will be able to open your record in an emergency (break-glass). Each access is justified, time-limited and shown to you."))
                : (t("Refuser l'accès en urgence", "Refuse emergency access"),
                   t("Si vous avez perdu connaissance ou ne pouvez pas répondre, \(who) ne pourront PAS voir vos allergies, vos traitements ni votre groupe sanguin dans Carnet. Ce refus peut retarder vos soins.",
                     "If you are unconscious or unable to answer, \(who) will NOT be able to see your allergies, medicines or blood group in Carnet. This refusal may delay your care."))
        case let .mask(document, masked):
            let title = Sanitizer.clean(document.title)
            return masked
                ? (t("Masquer un document", "Mask a document"),
                   t("Les professionnels ne verront plus « \(title) ». Votre médecin traitant et l'auteur du document le verront toujours.",
                     "Professionals will no longer see “\(title)”. Your treating doctor and the document's author still will."))
                : (t("Démasquer un document", "Unmask a document"),
                   t("« \(title) » sera de nouveau visible par les professionnels qui ont accès à vos documents.",
                     "“\(title)” will again be visible to the professionals who may see your documents."))
        case let .addDocument(path, title, type):
            // The path last, on a line of its own: a long path wraps on its own, with no
            // comma or word of the sentence stuck to it.
            return (t("Ajouter un document", "Add a document"),
                    t("« \(Sanitizer.clean(title)) » (\(documentType(type))) sera ajouté à votre dossier parmi vos propres documents.\n"
                        + field("Fichier", Sanitizer.clean(path)),
                      "“\(Sanitizer.clean(title))” (\(documentType(type))) will be added to your record as your own document.\n"
                        + field("File", Sanitizer.clean(path))))
        case let .setEmergencyData(data):
            let directives = Sanitizer.clean(data.advanceDirectives ?? "")
            // One sentence each; directives that end their own sentence get no second period.
            let parts = [field(organDonation, organStance(data.organDonation)), field(advanceDirectives, directives.isEmpty ? noneRecorded : directives)]
            // One person a line: a phone number is never split between two lines.
            let people = data.contacts.isEmpty ? field(self.contacts, noneRecorded) + "."
                : field(self.contacts, "").trimmingCharacters(in: .whitespaces) + "\n" + data.contacts.map { "  " + contact($0) }.joined(separator: "\n")
            return (t("Données d'urgence", "Emergency data"),
                    parts.map { part in part.last.map { ".!?…".contains($0) } == true ? part : part + "." }.joined(separator: " ") + "\n" + people)
        case .closeRecord:
            return (t("Clôturer", "Close"), "")
        case .acknowledgeAlerts, .addEntry, .prescribe:
            return ("", "")
        }
    }

    /// What is said once a change is done.
    func done(_ request: ControlRequest) -> String {
        func name(_ p: Professional) -> String { Sanitizer.clean(p.displayName) }
        switch request {
        case let .grant(level, p): return t("Accès accordé \(to(name(p))) : \(self.level(level)).", "\(name(p)) has access: \(self.level(level)).")
        case let .revoke(p): return t("Accès \(of(name(p))) révoqué.", "\(name(p))'s access revoked.")
        case let .block(p): return t("Accès bloqué pour \(the(name(p))).", "\(name(p)) is blocked.")
        case let .unblock(p): return t("Accès débloqué pour \(the(name(p))).", "\(name(p)) is unblocked.")
        case let .setTreatingDoctor(p): return t("\(subject(name(p))) est votre médecin traitant.", "\(name(p)) is your treating doctor.")
        case .setConsent: return t("Consentement enregistré.", "Consent saved.")
        case let .mask(_, masked): return masked ? t("Document masqué aux professionnels.", "Document masked from professionals.") : t("Document démasqué.", "Document unmasked.")
        case .addDocument: return t("Document ajouté.", "Document added.")
        case .setEmergencyData: return t("Données d'urgence enregistrées.", "Emergency data saved.")
        case .closeRecord: return t("Dossier clôturé.", "Record closed.")
        case .acknowledgeAlerts: return ""
        case let .addEntry(entry):
            switch entry {
            case .history: return t("Antécédent ajouté.", "History item added.")
            case .allergy: return t("Allergie ajoutée.", "Allergy added.")
            case .vaccination: return t("Vaccination ajoutée.", "Vaccination added.")
            case .report: return t("Compte rendu ajouté.", "Report added.")
            }
        case let .prescribe(prescription, confirming):
            return t("Prescription enregistrée : \(Sanitizer.clean(prescription.medicine))", "Prescription saved: \(Sanitizer.clean(prescription.medicine))")
                + (confirming.isEmpty ? "" : t(" (avertissement maintenu, tracé)", " (warning overridden, recorded)"))
        }
    }

    // MARK: Prescribing

    /// A medicine no ATC code was found for: the prescriber must know that nothing was checked.
    var unrecognisedMedicine: String {
        t("médicament non reconnu : aucun contrôle d'allergie ni d'interaction n'a pu être fait",
          "medicine not recognised: no allergy or interaction check could be made")
    }

    /// Under the medicine being typed: the formulary's names it matches, or, for a
    /// misspelling, the closest ones.
    func formularyMatches(_ names: [String], close: Bool) -> String {
        let list = names.map { Sanitizer.clean($0) }.joined(separator: " · ")
        return close ? t("Vouliez-vous dire : \(list) ?", "Did you mean: \(list)?") : t("Formulaire : \(list)", "Formulary: \(list)")
    }

    /// The chooser offered when the typed name is not in the formulary but comes close to some.
    func closeMedicines(_ typed: String) -> (title: String, text: String, asTyped: String) {
        let name = Sanitizer.clean(typed)
        return (t("Quel médicament ?", "Which medicine?"),
                t("« \(name) » n'est pas dans le formulaire. Vouliez-vous dire :", "“\(name)” is not in the formulary. Did you mean:"),
                t("« \(name) » tel quel (non reconnu)", "“\(name)” as typed (not recognised)"))
    }

    func closeRecordExplanation(_ word: String) -> String {
        t("Clôturer votre dossier : plus aucun professionnel ne pourra l'ouvrir, même en urgence, et vous ne pourrez plus vous y connecter. Ses données sont conservées ; seul un opérateur peut le rouvrir. Pour confirmer, tapez « \(word) ».",
          "Closing your record: no professional will be able to open it, not even in an emergency, and you will not be able to sign in. Its data is kept; only an operator can reopen it. To confirm, type “\(word)”.")
    }

    func documentType(_ type: DocumentType) -> String {
        guard language == .english else { return type.frenchName }
        switch type {
        case .progressNote: return "Progress note"
        case .dischargeSummary: return "Discharge summary"
        case .laboratoryReport: return "Laboratory results"
        case .imagingReport: return "Imaging report"
        case .consultationNote: return "Consultation note"
        case .prescriptionDocument: return "Prescription"
        case .patientNote: return "Patient's document"
        }
    }
}

extension Strings {
    /// How a form or dialog says a field refused text beyond its maximum length:
    /// TerminalKit gives the limit, the screen's language the words (issue 15).
    var lengthLimitWording: LengthLimitWording {
        LengthLimitWording(t("Texte trop long ({max} caractères au plus)", "Text too long ({max} characters at most)"),
                           groupSeparator: t("\u{A0}", ","))
    }
}
