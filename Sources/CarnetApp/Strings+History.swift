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

/// The access history and the alerts in words, framed for the patient or their médecin
/// traitant: the audit codes themselves are worded in `Strings+Audit`, as the operator reads
/// them too; an unknown one reads as a neutral sentence, never as the code.
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
            if !justification.isEmpty { text += " — " + quoted(justification) }
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

    /// What was done, and in which pane: "consultation · Allergies". A review says its
    /// verdict: what the patient wants to know of it.
    func action(_ event: AuditEvent) -> String {
        var verb: String
        switch AuditAction(rawValue: event.action) {
        case let known?:
            verb = auditAction(known)
            if known == .breakGlassReview, let verdict = event.detail.flatMap(reviewVerdict) { verb = field(verb, verdict) }
        case nil: verb = t("opération enregistrée au journal d'audit", "operation recorded in the audit trail")
        }
        let section = event.section.flatMap(RecordSection.init(rawValue:)).map(pane)
        return section.map { "\(verb) · \($0)" } ?? verb
    }

    /// The event's detail in words, on a line of its own; nil when it has none, or none this
    /// version can word (the action and the pane then say what happened).
    func detail(_ event: AuditEvent, reader: HistoryReader) -> String? {
        guard var raw = event.detail, !raw.isEmpty else { return nil }
        // A refused access under a claimed break-glass carries the store's note after "; ";
        // the refusal, worded on its own line, says it.
        if event.outcome == .refused {
            if raw.hasPrefix("break-glass ") { return nil }
            if let note = raw.range(of: "; break-glass ", options: .backwards) { raw = String(raw[..<note.lowerBound]) }
        }
        switch AuditAction(rawValue: event.action) {
        case .breakGlassStart?, .breakGlassReview?, .open?, nil:
            // The start's justification and the review's verdict are worded with the action.
            return nil
        default:
            let words = auditDetail(raw, action: event.action, professional: { professional($0, reader: reader) })
            return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        }
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

    // MARK: Why refused

    /// A refusal's code in words, from the reader's side: the patient reads "bloqué par vous".
    func refusalCode(_ code: String, reader: HistoryReader = .owner) -> String {
        if reader.isRecordOwner, let reason = RefusalReason(code: code) {
            switch reason {
            case .blocked: return t("bloqué par vous", "blocked by you")
            case .noGrant: return t("sans votre autorisation", "without your grant")
            case .readOnlyGrant: return t("vous n'avez autorisé que la lecture", "you granted read access only")
            case let .consentRefused(kind):
                return t("vous avez refusé à l'avance l'accès en urgence par \(consentKind(kind))",
                         "you refused in advance emergency access by \(consentKind(kind))")
            case .patientOnly: return t("volet qui vous est réservé", "a pane only you may see")
            case .documentMasked: return t("document que vous avez masqué", "a document you masked")
            case .recordClosed: return t("dossier clôturé", "record closed")
            default: break
            }
        }
        // A code from a newer Carnet stays unworded, not raw.
        return auditReason(code, patientSex: reader.patientSex)
            ?? t("motif non reconnu par cette version de Carnet", "a reason this version of Carnet does not know")
    }

    /// A refused break-glass, said plainly: whose will, and that the attempt is recorded.
    func breakGlassRefusal(_ reason: RefusalReason, patient: String) -> String {
        let name = Sanitizer.clean(patient)
        switch reason {
        case let .consentRefused(kind):
            let who = consentKind(kind)
            return t("ACCÈS REFUSÉ : \(name) a refusé à l'avance l'accès en urgence par \(who). Sa volonté s'applique ; cette tentative est tracée.",
                     "ACCESS REFUSED: \(name) refused in advance emergency access by \(who). Their will applies; this attempt is recorded.")
        default:
            return t("ACCÈS REFUSÉ : ", "ACCESS REFUSED: ") + refusal(reason) + t(" (tentative tracée)", " (attempt recorded)")
        }
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

    /// "0 résultat", "1 résultat", "3 résultats"; "0 results", "1 result" (French puts 0 in the singular).
    public func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \((language == .french ? count > 1 : count != 1) ? many : one)"
    }
}
