import CarnetModel
import Foundation
import TerminalKit

/// Who reads an access history, for the words that depend on it: the patient whose record
/// it is reads "bloqué par vous"; their médecin traitant, reading alerts about them, reads
/// "la patiente a bloqué ce professionnel".
public struct HistoryReader: Sendable, Hashable {
    /// The patient whose record it is (else a professional reading about them).
    public var isRecordOwner: Bool
    /// The record's patient, for "la patiente" / "le patient"; nil when not known.
    public var patientSex: Sex?
    /// Professionals the screen knows (grants, blocked, treating doctor), so that an event
    /// about "rpps:…" reads "Jean BERNARD (RPPS 10003456786)" rather than a number alone.
    public var professionals: [RPPS: Professional]

    public init(isRecordOwner: Bool = true, patientSex: Sex? = nil, professionals: [RPPS: Professional] = [:]) {
        self.isRecordOwner = isRecordOwner
        self.patientSex = patientSex
        self.professionals = professionals
    }

    /// The patient reading their own history, sex and professionals not known.
    public static let owner = HistoryReader()

    /// The patient reading their own history, knowing these professionals by name.
    public static func patient(_ patient: Patient, knowing professionals: [Professional] = []) -> HistoryReader {
        HistoryReader(isRecordOwner: true, patientSex: patient.sex,
                      professionals: Dictionary(professionals.map { ($0.rpps, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// A professional (the médecin traitant's inbox) reading about a patient.
    public static func professional(patientSex: Sex? = nil) -> HistoryReader {
        HistoryReader(isRecordOwner: false, patientSex: patientSex)
    }
}

/// The access history and the alerts in words: every audit action, detail and refusal code
/// is worded here, and an unknown one reads as a neutral sentence, never as the code.
extension Strings {
    func historyKind(_ kind: AccessHistoryFilter.Kind) -> String {
        switch kind {
        case .all: return t("Tout", "Everything")
        case .allowed: return t("Accès accordés", "Allowed accesses")
        case .refused: return t("Tentatives refusées", "Refused attempts")
        case .breakGlass: return t("Bris de glace", "Break-glass")
        }
    }

    public func historyRow(_ entry: AccessHistoryEntry, reader: HistoryReader = .owner) -> String {
        let event = entry.event
        // What matters first: new or not, when, refused or not, who; the rest follows and
        // may be cut at 80 columns (Enter shows it all).
        var text = (entry.isNew ? "● " : "  ") + shortTime(event.at) + "  "
        let who = actor(entry, reader: reader)
        if entry.isBreakGlass {
            // A refused break-glass (the patient's consent, a profession that may not) must not
            // read like an access that happened.
            if entry.isRefused {
                text += "✗ " + t("BRIS DE GLACE REFUSÉ", "BREAK-GLASS REFUSED") + "  " + who
                return text + (event.reason.map { " — " + refusalCode($0, reader: reader) } ?? "")
            }
            text += "⚠ " + t("BRIS DE GLACE", "BREAK-GLASS") + "  " + who
            if event.action == AuditAction.breakGlassStop.rawValue { return text + " — " + t("fin de l'accès", "access ended") }
            if let duration = entry.breakGlassDuration { text += " — " + self.duration(duration) }
            if let reason = event.reason { text += " — " + breakGlassReason(reason, patientSex: reader.patientSex) }
            return text
        }
        if entry.isRefused { text += "✗ " + t("REFUSÉ", "REFUSED") + "  " }
        text += who + " — " + headline(event, reader: reader)
        if entry.isRefused, let reason = event.reason { text += " — " + refusalCode(reason, reader: reader) }
        return text
    }

    /// "18/11/2026 11:06": a date and a time in the history's narrow column.
    func shortTime(_ date: Date) -> String {
        localTime(date).replacingOccurrences(of: " à ", with: " ")
    }

    public func historyDetail(_ entry: AccessHistoryEntry, reader: HistoryReader = .owner) -> String {
        let event = entry.event
        var lines = [localTime(event.at), actor(entry, reader: reader), action(event)]
        // Refused or allowed, said of what asks for access: the end of an access asks nothing.
        if entry.isRefused {
            lines.append(field(t("Refusé", "Refused"), event.reason.map { refusalCode($0, reader: reader) } ?? t("motif non précisé", "no reason given")))
        } else if event.action != AuditAction.breakGlassStop.rawValue {
            lines.append(t("Accordé", "Allowed"))
        }
        if entry.isBreakGlass {
            lines.append(t("Accès en urgence (bris de glace)", "Emergency access (break-glass)"))
            // A refused attempt's reason is the refusal, worded above; an access's is its motive.
            if let reason = event.reason, !entry.isRefused { lines.append(field(t("Motif", "Reason"), breakGlassReason(reason, patientSex: reader.patientSex))) }
            if event.action == AuditAction.breakGlassStart.rawValue {
                let justification = Sanitizer.clean(BreakGlassDetail.decode(event.detail).justification)
                if !justification.isEmpty { lines.append(field(t("Justification", "Justification"), justification)) }
                if !entry.isRefused {
                    lines.append(field(t("Durée", "Duration"), entry.breakGlassDuration.map(duration) ?? t("en cours ou non terminée", "ongoing or not ended")))
                }
            } else if let words = detail(event, reader: reader) {
                lines.append(words)
            }
        } else {
            if event.purpose == AccessPurpose.emergency.rawValue { lines.append(t("Pendant un accès en urgence (bris de glace)", "During an emergency access (break-glass)")) }
            // What a refused event asked for was not done: said as an attempt.
            if let words = detail(event, reader: reader) { lines.append(entry.isRefused ? t("Tentative — ", "Attempt — ") + words : words) }
        }
        if entry.isNew { lines.append(t("Nouveau depuis votre dernière connexion.", "New since your last sign-in.")) }
        lines.append(t("Événement n° \(event.seq) du journal d'audit.", "Audit event no. \(event.seq)."))
        return lines.joined(separator: "\n")
    }

    public func alertLine(_ alert: AccessAlert, reader: HistoryReader = .owner) -> String {
        let entry = alert.entry
        let when = localTime(entry.event.at)
        let who = actor(entry, reader: reader)
        switch alert.kind {
        case .breakGlass:
            // A refused break-glass is an attempt the patient's will (or the rules) stopped:
            // it must not read like an access that happened.
            if entry.isRefused {
                return "✗ " + t("Accès en urgence REFUSÉ", "Emergency access REFUSED") + " — \(when) — " + who
                    + (entry.event.reason.map { " — " + refusalCode($0, reader: reader) } ?? "")
            }
            var text = "⚠ " + t("Accès en urgence (bris de glace)", "Emergency access (break-glass)") + " — \(when) — " + who
            if let reason = entry.event.reason { text += " — " + breakGlassReason(reason, patientSex: reader.patientSex) }
            let justification = BreakGlassDetail.decode(entry.event.detail).justification
            // The doctor's own words, in the quotes of the screen's language.
            if !justification.isEmpty { text += " — " + t("« \(Sanitizer.clean(justification)) »", "“\(Sanitizer.clean(justification))”") }
            return text
        case .firstAccess:
            return "• " + t("Premier accès", "First access") + " — \(when) — " + who + " — " + headline(entry.event, reader: reader)
        case .blockedAttempt:
            return "✗ " + t("Tentative refusée (professionnel bloqué)", "Refused attempt (blocked professional)") + " — \(when) — " + who
        }
    }

    // MARK: Who

    /// Who acted, in words: a professional by name and profession, "Vous" for the patient
    /// reading their own history, "Un opérateur Carnet" (its account is the audit trail's
    /// business, not the patient's) — never `operator:root` or `patient:…`.
    func actor(_ entry: AccessHistoryEntry, reader: HistoryReader) -> String {
        let actor = entry.event.actor
        if case let (kind, rest)? = split(actor) {
            switch kind {
            case "rpps":
                if let rpps = try? RPPS(rest), let known = reader.professionals[rpps] { return nameAndProfession(known) }
                // The store names the professionals it knows "Dr Paul MARTIN (médecin généraliste)".
                if entry.actorName != actor { return relabelled(entry.actorName) }
                return digitsOnly(rest).map { t("Professionnel RPPS \($0)", "Professional RPPS \($0)") } ?? t("Un professionnel", "A professional")
            case "patient":
                guard rest == entry.event.patient else { return t("Un autre compte patient", "Another patient account") }
                return reader.isRecordOwner ? t("Vous", "You") : thePatientCapitalized(reader.patientSex)
            case "operator":
                return t("Un opérateur Carnet", "A Carnet operator")
            default: break
            }
        }
        // A name the store gave for an actor this version does not know: shown as a name,
        // unless it is the raw actor itself.
        return entry.actorName != actor && !entry.actorName.isEmpty ? relabelled(entry.actorName) : t("Auteur non identifié", "Unidentified actor")
    }

    /// One of the store's "who accessed the record" (`accessHistoryActors`), for the history's
    /// filter by professional: the same words as the history's rows ("Claire PETIT (soins
    /// infirmiers)", "Claire PETIT (nurse)", "Vous"), never the store's French profession
    /// nor a raw `patient:…` or `operator:…`.
    func historyActorName(actor: String, name: String, reader: HistoryReader) -> String {
        if case let (kind, rest)? = split(actor) {
            switch kind {
            case "rpps":
                if let rpps = try? RPPS(rest), let known = reader.professionals[rpps] { return nameAndProfession(known) }
                if name != actor && !name.isEmpty { return relabelled(name) }
                return digitsOnly(rest).map { t("Professionnel RPPS \($0)", "Professional RPPS \($0)") } ?? t("Un professionnel", "A professional")
            case "patient": return reader.isRecordOwner ? t("Vous", "You") : thePatientCapitalized(reader.patientSex)
            case "operator": return t("Un opérateur Carnet", "A Carnet operator")
            default: break
            }
        }
        return name != actor && !name.isEmpty ? relabelled(name) : t("Auteur non identifié", "Unidentified actor")
    }

    /// "Claire PETIT (infirmier)" as the store words it, with the profession in the screen's
    /// words ("Claire PETIT (soins infirmiers)", "Claire PETIT (nurse)"): the store's French
    /// name, sex unknown, must not reach a woman's row nor an English screen.
    private func relabelled(_ name: String) -> String {
        let clean = Sanitizer.clean(name)
        for profession in Profession.allCases where clean.hasSuffix(" (\(profession.frenchName))") {
            let bare = clean.dropLast(profession.frenchName.count + 3)
            return "\(bare) (\(self.profession(profession, sex: nil)))"
        }
        return clean
    }

    // MARK: What

    /// The row's words: what was done, and for a change made, what changed ("accès révoqué :
    /// Jean BERNARD") rather than "modification". A refused change keeps "modification": its
    /// words would read as done.
    private func headline(_ event: AuditEvent, reader: HistoryReader) -> String {
        if event.action == AuditAction.write.rawValue, event.outcome == .allowed, let words = detail(event, reader: reader) {
            return words.prefix(1).lowercased() + words.dropFirst()
        }
        return action(event)
    }

    /// What was done, and in which pane: "consultation · Allergies".
    func action(_ event: AuditEvent) -> String {
        let section = event.section.flatMap(RecordSection.init(rawValue:)).map(pane)
        let verb: String
        switch AuditAction(rawValue: event.action) {
        case .read?: verb = t("consultation", "read")
        case .open?: verb = t("ouverture du dossier", "record opened")
        case .write?: verb = t("modification", "change")
        case .login?: verb = t("connexion", "sign-in")
        case .breakGlassStart?: verb = t("accès en urgence (bris de glace)", "emergency access (break-glass)")
        case .breakGlassStop?: verb = t("fin de l'accès en urgence", "end of the emergency access")
        case .breakGlassFullRecord?: verb = t("accès en urgence : dossier complet ouvert", "emergency access: full record opened")
        case .breakGlassReview?:
            let verdict = event.detail?.contains("verdict:justified") == true ? t("justifié", "justified") : t("non justifié", "not justified")
            let comment = event.detail?.split(separator: ";", maxSplits: 1).dropFirst().first
                .map { Sanitizer.clean(String($0).trimmingCharacters(in: .whitespaces)) }.flatMap { $0.isEmpty ? nil : " — " + $0 } ?? ""
            verb = t("revue de l'accès en urgence : ", "review of the emergency access: ") + verdict + comment
        case .import?: verb = t("import de données d'un autre logiciel", "data imported from another system")
        case .unblock?: verb = t("déblocage d'une carte de professionnel", "professional card unblocked")
        case .demo?: verb = t("création de la base de démonstration", "demonstration database created")
        case .auditRead?: verb = t("consultation du journal d'audit", "audit trail read")
        case .auditVerify?: verb = t("vérification du journal d'audit", "audit trail checked")
        case .acknowledge?: verb = t("lecture des alertes", "alerts read")
        case .search?: verb = t("recherche dans l'annuaire des patients", "patient directory search")
        case nil: verb = t("opération enregistrée au journal d'audit", "operation recorded in the audit trail")
        }
        return section.map { "\(verb) · \($0)" } ?? verb
    }

    /// The event's detail in words; nil when it has none, or none this version can word
    /// (the action and the pane then say what happened).
    func detail(_ event: AuditEvent, reader: HistoryReader) -> String? {
        guard var raw = event.detail, !raw.isEmpty else { return nil }
        // A refused access under a claimed break-glass carries the store's note after "; ";
        // the refusal, worded on its own line, says it.
        if event.outcome == .refused {
            if raw.hasPrefix("break-glass ") { return nil }
            if let note = raw.range(of: "; break-glass ", options: .backwards) { raw = String(raw[..<note.lowerBound]) }
        }
        switch AuditAction(rawValue: event.action) {
        case .read?:
            switch raw {
            case "statements": return t("ce que les sources ont déclaré", "what the sources stated")
            case "access history": return t("historique des accès", "access history")
            case "access history actors": return t("liste de qui a accédé au dossier", "list of who accessed the record")
            case "alerts": return t("alertes d'accès", "access alerts")
            default: return nil
            }
        case .write?: return change(raw, reader: reader)
        case .acknowledge?:
            guard raw.hasPrefix("through:"), let seq = Int64(raw.dropFirst("through:".count)) else { return nil }
            return t("alertes lues jusqu'à l'événement n° \(seq)", "alerts read up to event no. \(seq)")
        case .import?: return imported(raw)
        case .unblock?:
            guard case let (kind, digits)? = split(raw), kind == "rpps" else { return nil }
            return field(t("Carte débloquée", "Card unblocked"), professional(digits, reader: reader))
        case .demo?:
            guard let patients = number(before: " patients", in: raw) else { return nil }
            return t("\(patients) patients fictifs", "\(patients) fictitious patients")
        case .auditRead?:
            if raw.hasPrefix("break-glass review list") { return t("liste des accès en urgence à revoir", "list of the emergency accesses to review") }
            if raw.hasPrefix("treating-doctor inbox") { return t("alertes du médecin traitant", "the treating doctor's alerts") }
            if raw.hasPrefix("FHIR export") { return t("export des événements du dossier (FHIR)", "export of the record's events (FHIR)") }
            if raw == "head" { return t("dernière empreinte du journal", "the trail's latest hash") }
            if raw.hasPrefix("log") { return t("liste des événements", "list of events") }
            return nil
        case .auditVerify?:
            if raw.hasPrefix("broken at") { return t("anomalie détectée dans le journal", "the trail was found altered") }
            if raw.contains("intact") { return t("journal intact", "trail intact") }
            return nil
        case .search?:
            guard raw.hasPrefix("search "), let colon = raw.range(of: ": ", options: .backwards) else { return nil }
            let typed = Sanitizer.clean(String(raw[raw.index(raw.startIndex, offsetBy: 7)..<colon.lowerBound]))
            let rest = raw[colon.upperBound...]
            if rest == "not shown" {
                return t("« \(typed) » : dossier non montré (professionnel bloqué)", "“\(typed)”: record not shown (blocked professional)")
            }
            guard let count = number(before: " result", in: String(rest)) else { return t("« \(typed) »", "“\(typed)”") }
            return t("« \(typed) » : \(plural(count, "résultat", "résultats"))", "“\(typed)”: \(plural(count, "result", "results"))")
        case .login?:
            if raw == "account locked" { return t("compte verrouillé après trop d'essais", "account locked after too many attempts") }
            if raw.hasPrefix("card blocked after"), let count = number(before: " wrong PIN", in: raw) {
                return t("carte bloquée après \(count) codes PIN faux", "card blocked after \(count) wrong PINs")
            }
            return nil
        case .breakGlassFullRecord?:
            return startEvent(raw).map { t("suite de l'accès en urgence (événement n° \($0))", "following the emergency access (event no. \($0))") }
        case .breakGlassStop?:
            guard let start = startEvent(raw) else { return nil }
            let why = raw.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            return field(t("Fin de l'accès en urgence n° \(start)", "End of emergency access no. \(start)"), stopReason(why))
        case .breakGlassStart?, .breakGlassReview?, .open?, nil:
            // The start's justification and the review's verdict are worded with the action.
            return nil
        }
    }

    /// A change to the record, from the store's words for it ("revoke rpps:…", "add allergy: …").
    private func change(_ raw: String, reader: HistoryReader) -> String? {
        func after(_ prefix: String) -> String? { raw.hasPrefix(prefix) ? String(raw.dropFirst(prefix.count)) : nil }
        func rpps(_ text: String) -> String? {
            guard case let (kind, digits)? = split(text), kind == "rpps" else { return nil }
            return professional(digits, reader: reader)
        }
        let added: [(code: String, fr: String, en: String)] = [
            ("condition", "Ajout d'une maladie", "Condition added"), ("procedure", "Ajout d'un acte", "Procedure added"),
            ("family-history", "Ajout d'un antécédent familial", "Family history added"), ("allergy", "Ajout d'une allergie", "Allergy added"),
            ("vaccination", "Ajout d'une vaccination", "Vaccination added"), ("prescription", "Ajout d'une prescription", "Prescription added"),
            ("document", "Ajout d'un document", "Document added"),
        ]
        for kind in added {
            guard var label = after("add \(kind.code): ") else { continue }
            var overridden = ""
            if kind.code == "prescription", let marker = label.range(of: "; confirmed over warnings: ", options: .backwards) {
                overridden = t(" (malgré les avertissements : ", " (despite the warnings: ") + warnings(String(label[marker.upperBound...])) + ")"
                label = String(label[..<marker.lowerBound])
            }
            return field(t(kind.fr, kind.en), Sanitizer.clean(label)) + overridden
        }
        if var held = after("prescription held for confirmation: ") {
            var list = ""
            if let marker = held.range(of: "; warnings: ", options: .backwards) {
                list = t(" (avertissements : ", " (warnings: ") + warnings(String(held[marker.upperBound...])) + ")"
                held = String(held[..<marker.lowerBound])
            }
            return field(t("Prescription en attente de confirmation", "Prescription held for confirmation"), Sanitizer.clean(held)) + list
        }
        if let grant = after("grant "), let space = grant.firstIndex(of: " "),
           let level = AccessLevel(rawValue: String(grant[..<space])), let who = rpps(String(grant[space...]).replacingOccurrences(of: " to ", with: "")) {
            return field(t("Accès accordé (\(self.level(level)))", "Access granted (\(self.level(level)))"), who)
        }
        if let who = after("revoke ").flatMap(rpps) { return field(t("Accès révoqué", "Access revoked"), who) }
        if let who = after("block ").flatMap(rpps) { return field(t("Accès bloqué", "Access blocked"), who) }
        if let who = after("unblock ").flatMap(rpps) { return field(t("Accès débloqué", "Access unblocked"), who) }
        if let who = after("treating doctor ").flatMap(rpps) { return field(t("Médecin traitant choisi", "Treating doctor chosen"), who) }
        if raw == "no treating doctor" { return t("Plus de médecin traitant désigné", "Treating doctor removed") }
        if let setting = after("break-glass consent ") {
            let parts = setting.components(separatedBy: ": ")
            guard parts.count == 2, let kind = BreakGlassConsentKind(rawValue: parts[0]), ["allowed", "refused"].contains(parts[1]) else { return nil }
            let who = kind == .emergencyPhysician ? t("les médecins urgentistes", "emergency physicians") : t("les médecins régulateurs du SAMU", "SAMU regulating physicians")
            return field(t("Accès en urgence par \(who)", "Emergency access by \(who)"), consent(parts[1] == "allowed"))
        }
        if raw.hasPrefix("mask document ") { return t("Document masqué aux professionnels", "Document masked from professionals") }
        if raw.hasPrefix("unmask document ") { return t("Document de nouveau visible des professionnels", "Document visible to professionals again") }
        if let data = after("emergency data: organ donation ") {
            let parts = data.components(separatedBy: ", ")
            var words = t("Données d'urgence modifiées", "Emergency data changed")
            if let stance = parts.first.flatMap(OrganDonationStance.init(rawValue:)) { words += " — " + field(t("don d'organes", "organ donation"), organStance(stance)) }
            if let count = parts.dropFirst().first.flatMap({ number(before: " contact", in: $0) }) {
                words += ", " + plural(count, t("personne à prévenir", "person to contact"), t("personnes à prévenir", "people to contact"))
            }
            return words
        }
        if raw == "close record" { return t("Dossier clôturé", "Record closed") }
        if raw == "reopen record" { return t("Dossier rouvert", "Record reopened") }
        if raw.hasPrefix("patient registered") {
            return t("Dossier créé dans Carnet", "Record created in Carnet") + (raw.hasSuffix("with a password") ? t(", avec un mot de passe", ", with a password") : "")
        }
        if let who = after("professional registered: ").flatMap(rpps) { return field(t("Inscription d'un professionnel", "Professional registered"), who) }
        return nil
    }

    /// "Jean BERNARD (RPPS 10003456786)" when the reader knows the professional, else
    /// "le professionnel RPPS 10003456786".
    private func professional(_ digits: String, reader: HistoryReader) -> String {
        guard let digits = digitsOnly(digits) else { return t("un professionnel", "a professional") }
        if let rpps = try? RPPS(digits), let known = reader.professionals[rpps] {
            return "\(Sanitizer.clean(known.displayName)) (RPPS \(digits))"
        }
        return t("le professionnel RPPS \(digits)", "the professional with RPPS \(digits)")
    }

    /// The prescription safety warnings a prescriber confirmed, by kind: "allergie, interaction".
    private func warnings(_ codes: String) -> String {
        var kinds: [String] = []
        for code in codes.components(separatedBy: ", ") {
            let kind = String(code.split(separator: ":", maxSplits: 1).first ?? "")
            let words: String
            switch SafetyWarning.Kind(rawValue: kind) {
            case .allergy?: words = t("allergie", "allergy")
            case .interaction?: words = t("interaction", "interaction")
            case .duplicate?: words = t("doublon", "duplicate")
            case .repeatedLabTest?: words = t("analyse répétée", "repeated test")
            case .unrecognised?: words = t("médicament non reconnu", "medicine not recognised")
            case nil: words = t("autre avertissement", "other warning")
            }
            if !kinds.contains(words) { kinds.append(words) }
        }
        return kinds.joined(separator: ", ")
    }

    /// "import dossier.json: 12 entries": from which file, how much.
    private func imported(_ raw: String) -> String? {
        guard raw.hasPrefix("import "), let colon = raw.range(of: ": ", options: .backwards) else { return nil }
        let path = String(raw[raw.index(raw.startIndex, offsetBy: 7)..<colon.lowerBound])
        let file = Sanitizer.clean(path.split(separator: "/").last.map(String.init) ?? path)
        let rest = String(raw[colon.upperBound...])
        var amount = ""
        if let entries = number(before: " entries", in: rest) {
            amount = plural(entries, t("élément", "entry"), t("éléments", "entries"))
        } else if let resources = number(before: " resources imported", in: rest) {
            amount = t("\(plural(resources, "ressource importée", "ressources importées"))", "\(plural(resources, "resource imported", "resources imported"))")
            if let unchanged = rest.components(separatedBy: ", ").dropFirst().first.flatMap({ number(before: " unchanged", in: $0) }) {
                amount += ", " + t("\(unchanged) inchangée\(unchanged > 1 ? "s" : "")", "\(unchanged) unchanged")
            }
        }
        let from = t("depuis « \(file) »", "from “\(file)”")
        return amount.isEmpty ? from : field(from, amount)
    }

    /// Why a break-glass access ended, from the word its stop keeps.
    private func stopReason(_ why: String) -> String {
        switch why {
        case "logout": return t("déconnexion", "sign-out")
        case "expired": return t("durée autorisée écoulée", "allowed time over")
        case "ended-by-store": return t("arrêté par Carnet", "ended by Carnet")
        case "idle": return t("poste inactif", "terminal idle")
        case "hangup": return t("connexion coupée", "connection lost")
        case "terminated", "interrupted": return t("programme arrêté", "program stopped")
        case "terminal-lost": return t("terminal perdu", "terminal lost")
        case "error": return t("erreur du programme", "program error")
        default:
            if why.hasPrefix("not-stopped") { return t("jamais terminé, clos à la connexion suivante", "never ended, closed at the next sign-in") }
            return t("fin de l'accès", "access ended")
        }
    }

    // MARK: Why refused

    /// A refusal's code in words, from the reader's side: the patient reads "bloqué par vous".
    func refusalCode(_ code: String, reader: HistoryReader = .owner) -> String {
        if reader.isRecordOwner, let reason = RefusalReason(code: code) {
            switch reason {
            case .blocked: return t("bloqué par vous", "blocked by you")
            case .noGrant: return t("sans votre autorisation", "without your grant")
            case .readOnlyGrant: return t("vous n'avez autorisé que la lecture", "you granted read access only")
            case let .consentRefused(kind):
                let who = kind == .emergencyPhysician ? t("les médecins urgentistes", "emergency physicians") : t("les médecins régulateurs du SAMU", "SAMU regulating physicians")
                return t("vous avez refusé à l'avance l'accès en urgence par \(who)", "you refused in advance emergency access by \(who)")
            case .patientOnly: return t("volet qui vous est réservé", "a pane only you may see")
            case .documentMasked: return t("document que vous avez masqué", "a document you masked")
            case .recordClosed: return t("dossier clôturé", "record closed")
            default: break
            }
        }
        if let reason = RefusalReason(code: code) { return refusal(reason, patientSex: reader.patientSex) }
        switch code {
        case "unknown-patient": return t("dossier introuvable", "record not found")
        case "clock-behind-trail": return t("horloge du poste en retard sur le journal d'audit", "the terminal's clock is behind the audit trail")
        case "wrong-password": return t("mot de passe incorrect", "wrong password")
        case "wrong-pin": return t("code PIN incorrect", "wrong PIN")
        case "too-soon": return t("code PIN retapé trop tôt après une erreur", "PIN typed again too soon after a wrong one")
        case "locked": return t("compte verrouillé", "account locked")
        case "blocked": return t("carte bloquée", "card blocked")
        case "no-account": return t("pas de compte Carnet", "no Carnet account")
        case "unknown-identifier": return t("identifiant inconnu", "unknown identifier")
        // A code from a newer Carnet stays unworded, not raw.
        default: return t("motif non reconnu par cette version de Carnet", "a reason this version of Carnet does not know")
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

    /// Why the glass was broken. "Personne hors d'état d'exprimer sa volonté" is the law's
    /// own wording; "patiente" or "patient" when the sex is known.
    func breakGlassReason(_ code: String, patientSex: Sex? = nil) -> String {
        switch BreakGlassReason(rawValue: code) {
        case .patientUnableToExpressWill?:
            let who = patientSex == .female ? "patiente" : patientSex == .male ? "patient" : "personne"
            return t("\(who) hors d'état d'exprimer sa volonté", "patient unable to express their will")
        case .vitalEmergency?: return t("urgence vitale", "vital emergency")
        case .samuRegulationCall?: return t("appel de régulation SAMU", "SAMU regulation call")
        case nil: return t("motif non précisé", "reason not given")
        }
    }

    /// "10 min", "4 h", "1 h 30 min": as the audit commands write it, the same in both
    /// languages ("4 h 00" would read as a clock time in English).
    func duration(_ seconds: Double) -> String {
        let minutes = max(0, Int(seconds / 60))
        guard minutes >= 60 else { return "\(minutes) min" }
        return "\(minutes / 60) h" + (minutes % 60 == 0 ? "" : " \(minutes % 60) min")
    }

    // MARK: Reading the store's words

    /// "rpps:10003456786" → ("rpps", "10003456786").
    private func split(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    private func digitsOnly(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed.count <= 20 && trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) ? trimmed : nil
    }

    /// The number just before `suffix`: "3 results" → 3.
    private func number(before suffix: String, in text: String) -> Int? {
        guard let range = text.range(of: suffix) else { return nil }
        let head = text[..<range.lowerBound]
        return Int(head.split(separator: " ").last ?? "")
    }

    /// "start:42 logout" → 42.
    private func startEvent(_ raw: String) -> Int64? {
        guard raw.hasPrefix("start:") else { return nil }
        return Int64(raw.dropFirst("start:".count).prefix { $0.isNumber })
    }

    /// "0 résultat", "1 résultat", "3 résultats"; "0 results", "1 result" (French puts 0 in the singular).
    func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \((language == .french ? count > 1 : count != 1) ? many : one)"
    }
}
