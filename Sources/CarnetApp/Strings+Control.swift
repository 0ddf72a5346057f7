import CarnetModel
import Foundation
import TerminalKit

/// What the patient's acts mean, in plain words: each confirmation says it before it is done.
extension Strings {
    func explain(_ request: ControlRequest) -> (title: String, text: String) {
        func name(_ p: Professional) -> String { Sanitizer.clean(p.displayName) }
        switch request {
        case let .grant(level, p):
            return level == .read
                ? (t("Autoriser en lecture", "Grant read access"),
                   t("\(name(p)) (\(p.profession.frenchName)) pourra consulter votre dossier, dans la limite de ce que sa profession permet. Vous pourrez révoquer cet accès à tout moment.",
                     "\(name(p)) (\(p.profession.frenchName)) will be able to read your record, within what their profession allows. You can revoke this access at any time."))
                : (t("Autoriser en lecture et écriture", "Grant read and write access"),
                   t("\(name(p)) (\(p.profession.frenchName)) pourra consulter votre dossier et y ajouter des éléments (prescriptions, comptes rendus…). Vous pourrez révoquer cet accès à tout moment.",
                     "\(name(p)) (\(p.profession.frenchName)) will be able to read your record and add to it (prescriptions, reports…). You can revoke this access at any time."))
        case let .revoke(p):
            return (t("Révoquer l'accès", "Revoke access"),
                    t("\(name(p)) ne pourra plus ouvrir votre dossier, dès maintenant. Vous pourrez l'autoriser de nouveau plus tard.",
                      "\(name(p)) will no longer be able to open your record, from now on. You can grant access again later."))
        case let .block(p):
            return (t("Bloquer un professionnel", "Block a professional"),
                    t("\(name(p)) ne pourra plus ouvrir votre dossier, même avec une autorisation, tant que vous ne l'aurez pas débloqué. Ses tentatives vous seront signalées.",
                      "\(name(p)) will not be able to open your record, even with a grant, until you unblock them. Their attempts will be shown to you."))
        case let .unblock(p):
            return (t("Débloquer", "Unblock"),
                    t("\(name(p)) pourra de nouveau accéder à votre dossier s'il y est autorisé.", "\(name(p)) will again be able to open your record if granted access."))
        case let .setTreatingDoctor(p):
            return (t("Médecin traitant", "Treating doctor"),
                    t("\(name(p)) deviendra votre médecin traitant : il verra tout votre dossier, y compris les documents que vous masquez, et recevra les alertes d'accès en urgence.",
                      "\(name(p)) will become your treating doctor: they will see your whole record, masked documents included, and receive the emergency-access alerts."))
        case let .setConsent(kind, allowed):
            let who = kind == .emergencyPhysician ? t("les médecins urgentistes", "emergency physicians") : t("les médecins régulateurs du SAMU", "SAMU regulating physicians")
            return allowed
                ? (t("Autoriser l'accès en urgence", "Allow emergency access"),
                   t("Si vous ne pouvez pas exprimer votre volonté, \(who) pourront consulter votre dossier en urgence (bris de glace). Chaque accès est justifié, limité dans le temps, et vous sera signalé.",
                     "If you cannot express your will, \(who) will be able to open your record in an emergency (break-glass). Each access is justified, time-limited and shown to you."))
                : (t("Refuser l'accès en urgence", "Refuse emergency access"),
                   t("Si vous êtes inconscient(e) ou hors d'état de répondre, \(who) ne pourront PAS voir vos allergies, vos traitements ni votre groupe sanguin dans Carnet. Ce refus peut retarder vos soins.",
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
            return (t("Ajouter un document", "Add a document"),
                    t("« \(Sanitizer.clean(title)) » (\(documentType(type))), depuis \(Sanitizer.clean(path)), sera ajouté à votre dossier comme document de vous.",
                      "“\(Sanitizer.clean(title))” (\(documentType(type))), from \(Sanitizer.clean(path)), will be added to your record as your own document."))
        case let .setEmergencyData(data):
            let contacts = data.contacts.isEmpty ? none : data.contacts.map { Sanitizer.clean("\($0.name) (\($0.relationship)) \($0.phone)") }.joined(separator: " ; ")
            return (t("Données d'urgence", "Emergency data"),
                    "\(organDonation) : \(organStance(data.organDonation)). \(advanceDirectives) : \(Sanitizer.clean(data.advanceDirectives ?? none)). \(self.contacts) : \(contacts).")
        case .closeRecord:
            return (t("Clôturer", "Close"), "")
        case .acknowledgeAlerts, .addEntry, .prescribe:
            return ("", "")
        }
    }

    /// What is said once a change is done.
    func done(_ request: ControlRequest) -> String {
        switch request {
        case let .grant(level, p): return t("\(Sanitizer.clean(p.displayName)) est autorisé(e) : \(self.level(level)).", "\(Sanitizer.clean(p.displayName)) has access: \(self.level(level)).")
        case let .revoke(p): return t("Accès de \(Sanitizer.clean(p.displayName)) révoqué.", "\(Sanitizer.clean(p.displayName))'s access revoked.")
        case let .block(p): return t("\(Sanitizer.clean(p.displayName)) est bloqué(e).", "\(Sanitizer.clean(p.displayName)) is blocked.")
        case let .unblock(p): return t("\(Sanitizer.clean(p.displayName)) est débloqué(e).", "\(Sanitizer.clean(p.displayName)) is unblocked.")
        case let .setTreatingDoctor(p): return t("\(Sanitizer.clean(p.displayName)) est votre médecin traitant.", "\(Sanitizer.clean(p.displayName)) is your treating doctor.")
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

    func historyKind(_ kind: AccessHistoryFilter.Kind) -> String {
        switch kind {
        case .all: return t("Tout", "Everything")
        case .allowed: return t("Accès accordés", "Accesses")
        case .refused: return t("Tentatives refusées", "Refused attempts")
        case .breakGlass: return t("Bris de glace", "Break-glass")
        }
    }

    // MARK: The access history and the alerts

    func historyRow(_ entry: AccessHistoryEntry) -> String {
        let event = entry.event
        // What matters first: new or not, when, refused or not, who; the rest follows and
        // may be cut at 80 columns (Enter shows it all).
        var text = (entry.isNew ? "● " : "  ") + shortTime(event.at) + "  "
        if entry.isBreakGlass {
            // A refused break-glass (the patient's consent, a profession that may not) must not
            // read like an access that happened.
            if entry.isRefused {
                text += "✗ " + t("BRIS DE GLACE REFUSÉ", "BREAK-GLASS REFUSED") + "  " + Sanitizer.clean(entry.actorName)
                return text + (event.reason.map { " — " + refusalCode($0) } ?? "")
            }
            text += "⚠ " + t("BRIS DE GLACE", "BREAK-GLASS") + "  " + Sanitizer.clean(entry.actorName)
            if event.action == AuditAction.breakGlassStop.rawValue { return text + " — " + t("fin de l'accès", "access ended") }
            if let duration = entry.breakGlassDuration { text += " — " + self.duration(duration) }
            if let reason = event.reason { text += " — " + breakGlassReason(reason) }
            return text
        }
        if entry.isRefused { text += "✗ " + t("REFUSÉ", "REFUSED") + "  " }
        text += Sanitizer.clean(entry.actorName) + " — " + action(event)
        if entry.isRefused, let reason = event.reason { text += " — " + refusalCode(reason) }
        return text
    }

    /// "18/11/2026 11:06": a date and a time in the history's narrow column.
    func shortTime(_ date: Date) -> String {
        localTime(date).replacingOccurrences(of: " à ", with: " ")
    }

    func historyDetail(_ entry: AccessHistoryEntry) -> String {
        let event = entry.event
        var lines = [localTime(event.at), Sanitizer.clean(entry.actorName), action(event),
                     entry.isRefused ? t("Refusé : ", "Refused: ") + (event.reason.map(refusalCode) ?? "") : t("Accordé", "Allowed")]
        if entry.isBreakGlass {
            lines.append(t("Accès en urgence (bris de glace)", "Emergency access (break-glass)"))
            // A refused attempt's reason is the refusal, worded above; an access's is its motive.
            if let reason = event.reason, !entry.isRefused { lines.append(t("Motif : ", "Reason: ") + breakGlassReason(reason)) }
            if event.action == AuditAction.breakGlassStart.rawValue {
                lines.append(t("Justification : ", "Justification: ") + Sanitizer.clean(BreakGlassDetail.decode(event.detail).justification))
            }
            if event.action == AuditAction.breakGlassStart.rawValue {
                lines.append(t("Durée : ", "Duration: ") + (entry.breakGlassDuration.map(duration) ?? t("en cours ou non terminée", "ongoing or not ended")))
            }
        } else if let detail = event.detail {
            lines.append(Sanitizer.clean(detail))
        }
        if entry.isNew { lines.append(t("Nouveau depuis votre dernière connexion.", "New since your last sign-in.")) }
        lines.append(t("Événement n° \(event.seq) du journal d'audit.", "Audit event no. \(event.seq)."))
        return lines.joined(separator: "\n")
    }

    func alertLine(_ alert: AccessAlert) -> String {
        let entry = alert.entry
        let when = localTime(entry.event.at)
        switch alert.kind {
        case .breakGlass:
            var text = "⚠ " + t("Accès en urgence (bris de glace)", "Emergency access (break-glass)") + " — \(when) — " + Sanitizer.clean(entry.actorName)
            if let reason = entry.event.reason { text += " — " + breakGlassReason(reason) }
            let justification = BreakGlassDetail.decode(entry.event.detail).justification
            if !justification.isEmpty { text += " — « " + Sanitizer.clean(justification) + " »" }
            return text
        case .firstAccess:
            return "• " + t("Premier accès", "First access") + " — \(when) — " + Sanitizer.clean(entry.actorName) + " — " + action(entry.event)
        case .blockedAttempt:
            return "✗ " + t("Tentative refusée (professionnel bloqué)", "Refused attempt (blocked professional)") + " — \(when) — " + Sanitizer.clean(entry.actorName)
        }
    }

    private func action(_ event: AuditEvent) -> String {
        let section = event.section.flatMap(RecordSection.init(rawValue:)).map(pane)
        let verb: String
        switch event.action {
        case "read": verb = t("consultation", "read")
        case "open": verb = t("ouverture du dossier", "record opened")
        case "write": verb = t("modification", "change")
        case "login": verb = t("connexion", "sign-in")
        case "break-glass-start": verb = t("accès en urgence (bris de glace)", "emergency access (break-glass)")
        case "break-glass-stop": verb = t("fin de l'accès en urgence", "end of the emergency access")
        case "break-glass-full-record": verb = t("bris de glace : dossier complet ouvert", "break-glass: full record opened")
        case "break-glass-review":
            let verdict = event.detail?.contains("verdict:justified") == true ? t("justifié", "justified") : t("non justifié", "not justified")
            let comment = event.detail?.split(separator: ";", maxSplits: 1).dropFirst().first.map { " — " + Sanitizer.clean(String($0).trimmingCharacters(in: .whitespaces)) } ?? ""
            verb = t("revue de l'accès d'urgence : ", "review of the emergency access: ") + verdict + comment
        default: verb = Sanitizer.clean(event.action)
        }
        return section.map { "\(verb) · \($0)" } ?? verb
    }

    private func refusalCode(_ code: String) -> String {
        switch code {
        case RefusalReason.blocked.code: return t("bloqué par vous", "blocked by you")
        case RefusalReason.noGrant.code: return t("sans autorisation", "no grant")
        case RefusalReason.recordClosed.code: return t("dossier clôturé", "record closed")
        case RefusalReason.readOnlyGrant.code: return t("lecture seule", "read only")
        default:
            if code.hasPrefix("consent-refused") { return t("urgence refusée par vous", "emergency access refused by you") }
            // Every other refusal in words; a code from a newer Carnet stays unworded, not raw.
            return RefusalReason(code: code).map(refusal) ?? t("refusé par les règles d'accès", "refused by the access rules")
        }
    }

    /// A refused break-glass, said plainly: whose will, and that the attempt is recorded.
    func breakGlassRefusal(_ reason: RefusalReason, patient: String) -> String {
        let name = Sanitizer.clean(patient)
        switch reason {
        case let .consentRefused(kind):
            let who = kind == .emergencyPhysician ? t("les médecins urgentistes", "emergency physicians") : t("les médecins régulateurs du SAMU", "SAMU regulating physicians")
            return t("ACCÈS REFUSÉ : \(name) a refusé à l'avance l'accès en urgence par \(who). Sa volonté s'applique ; cette tentative est tracée.",
                     "ACCESS REFUSED: \(name) refused in advance emergency access by \(who). Their will applies; this attempt is recorded.")
        default:
            return t("ACCÈS REFUSÉ : ", "ACCESS REFUSED: ") + refusal(reason) + t(" (tentative tracée)", " (attempt recorded)")
        }
    }

    func breakGlassReason(_ code: String) -> String {
        switch BreakGlassReason(rawValue: code) {
        case .patientUnableToExpressWill?: return t("patient hors d'état d'exprimer sa volonté", "patient unable to express their will")
        case .vitalEmergency?: return t("urgence vitale", "vital emergency")
        case .samuRegulationCall?: return t("appel de régulation SAMU", "SAMU regulation call")
        case nil: return Sanitizer.clean(code)
        }
    }

    func duration(_ seconds: Double) -> String {
        let minutes = max(0, Int(seconds / 60))
        return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h \(Padded.digits(minutes % 60, 2))"
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
