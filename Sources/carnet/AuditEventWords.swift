import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

/// An audit event in words: what was done, whether it was allowed and why, and its detail.
/// The store writes codes and English notes (`grant read to rpps:…`, `start:42 logout`,
/// `consent-refused:emergency-physician`); they are read back here into the operator's
/// language, people named. A detail this version does not recognise (a newer Carnet's, or
/// free text an operator tool wrote) is shown as written, cleaned.
struct AuditEventWords {
    let wording: AuditWording
    let names: AuditNames

    private func t(_ fr: String, _ en: String) -> String { wording.t(fr, en) }
    /// "Libellé : valeur" in French typography, "Label: value" in English.
    private func labelled(_ fr: String, _ en: String, _ value: String) -> String { t("\(fr) : ", "\(en): ") + value }
    private func quoted(_ text: String) -> String { t("« \(Sanitizer.clean(text)) »", "“\(Sanitizer.clean(text))”") }
    private func event(_ seq: String) -> String { t("l'événement \(seq)", "event \(seq)") }

    // MARK: What was done

    func action(_ event: AuditEvent) -> String { action(event.action, section: event.section) }

    /// An action code (`break-glass-start`) and the section it touched, if any.
    func action(_ code: String, section: String?) -> String {
        let verb: String
        switch AuditAction(rawValue: code) {
        case .open?: verb = t("ouverture du dossier", "record opened")
        case .read?: verb = t("consultation", "read")
        case .write?: verb = t("modification", "change")
        case .login?: verb = t("connexion", "sign-in")
        case .breakGlassStart?: verb = t("accès en urgence (bris de glace)", "emergency access (break-glass)")
        case .breakGlassStop?: verb = t("fin de l'accès en urgence", "end of the emergency access")
        case .breakGlassFullRecord?: verb = t("bris de glace : dossier complet ouvert", "break-glass: full record opened")
        case .breakGlassReview?: verb = t("avis sur un accès en urgence", "review of an emergency access")
        case .import?: verb = t("import de données", "data import")
        case .unblock?: verb = t("déblocage d'une carte", "card unblocked")
        case .demo?: verb = t("création de la base de démonstration", "demo database created")
        case .auditRead?: verb = t("lecture du journal d'audit", "audit trail read")
        case .auditVerify?: verb = t("vérification du journal d'audit", "audit trail check")
        case .acknowledge?: verb = t("alertes lues par le patient", "alerts read by the patient")
        case .search?: verb = t("recherche de patient", "patient search")
        case nil: verb = Sanitizer.clean(code)
        }
        guard let section else { return verb }
        return "\(verb) · " + (RecordSection(rawValue: section).map(wording.pane) ?? Sanitizer.clean(section))
    }

    // MARK: Allowed or refused, and why

    /// "autorisé", "autorisé, motif : urgence vitale", "refusé : la patiente a bloqué ce professionnel".
    func outcome(_ event: AuditEvent) -> String {
        let outcome = wording.outcome(event.outcome)
        guard let code = event.reason else { return outcome }
        if let words = wording.reason(code, patientSex: names.sex(event.patient)) {
            return event.outcome == .refused ? t("\(outcome) : \(words)", "\(outcome): \(words)") : outcome + labelled(", motif", ", reason", words)
        }
        // A code of a newer Carnet: said to be unknown rather than printed as a code.
        return event.outcome == .refused ? t("\(outcome) : règle inconnue de cette version de Carnet", "\(outcome): a rule this version of Carnet does not know")
            : outcome + t(", motif inconnu de cette version de Carnet", ", a reason this version of Carnet does not know")
    }

    // MARK: The detail

    func detail(_ event: AuditEvent) -> String? {
        guard let detail = event.detail else { return nil }
        // A refused read that claimed a break-glass access carries the store's note on it,
        // alone or after the read's own detail.
        if let note = breakGlassNote(detail) { return note }
        if let split = detail.range(of: "; break-glass ", options: .backwards),
           let note = breakGlassNote(String(detail[detail.index(split.lowerBound, offsetBy: 2)...])) {
            return words(String(detail[..<split.lowerBound]), event: event) + t(" ; ", "; ") + note
        }
        return words(detail, event: event)
    }

    private func words(_ detail: String, event: AuditEvent) -> String {
        switch AuditAction(rawValue: event.action) {
        case .breakGlassStart?:
            let decoded = BreakGlassDetail.decode(detail)
            let justification = labelled("justification", "justification", quoted(decoded.justification))
            guard let window = decoded.window else { return justification }
            return labelled("durée autorisée", "window", duration(window)) + t(" ; ", "; ") + justification
        case .breakGlassStop?, .breakGlassFullRecord?, .breakGlassReview?:
            if let words = breakGlassFollowUp(detail) { return words }
        case .login?:
            if let words = signIn(detail) { return words }
        case .unblock?:
            if let rpps = detail.auditRest(after: "rpps:") { return labelled("carte débloquée", "card unblocked", names.professional(rpps)) }
        case .acknowledge?:
            if let seq = detail.auditRest(after: "through:"), Int64(seq) != nil {
                return t("alertes lues jusqu'à l'événement \(seq)", "alerts read up to event \(seq)")
            }
        case .auditRead?, .auditVerify?:
            if let words = operatorDetail(detail) { return words }
        case .search?:
            if let words = search(detail) { return words }
        case .import?:
            if let words = importDetail(detail) { return words }
        case .demo?:
            if let words = demo(detail) { return words }
        default: break
        }
        return recordDetail(detail) ?? Sanitizer.clean(detail)
    }

    /// What a read or write of a record says (`RecordStore`, `Directory`).
    private func recordDetail(_ detail: String) -> String? {
        switch detail {
        case "statements": return t("mentions du volet (par ex. « aucune allergie connue »)", "section statements (e.g. “no known allergy”)")
        case "access history": return t("historique des accès", "access history")
        case "access history actors": return t("historique des accès : liste des professionnels", "access history: list of professionals")
        case "alerts": return t("alertes", "alerts")
        case "close record": return t("dossier clôturé", "record closed")
        case "reopen record": return t("dossier rouvert", "record reopened")
        case "no treating doctor": return t("plus de médecin traitant", "no treating doctor any more")
        case "patient registered": return t("patient inscrit", "patient registered")
        case "patient registered with a password": return t("patient inscrit, avec un mot de passe", "patient registered, with a password")
        default: break
        }
        if let rpps = detail.auditRest(after: "professional registered: rpps:") {
            return labelled("professionnel inscrit", "professional registered", names.professional(rpps))
        }
        if let rpps = detail.auditRest(after: "treating doctor rpps:") { return labelled("médecin traitant", "treating doctor", names.professional(rpps)) }
        if let rpps = detail.auditRest(after: "revoke rpps:") { return labelled("accès retiré", "access revoked", names.professional(rpps)) }
        if let rpps = detail.auditRest(after: "block rpps:") { return labelled("professionnel bloqué", "professional blocked", names.professional(rpps)) }
        if let rpps = detail.auditRest(after: "unblock rpps:") { return labelled("professionnel débloqué", "professional unblocked", names.professional(rpps)) }
        if let rest = detail.auditRest(after: "grant "), let to = rest.range(of: " to rpps:"),
           let level = AccessLevel(rawValue: String(rest[..<to.lowerBound])) {
            let what = level == .read ? t("lecture", "read") : t("lecture + écriture", "read + write")
            return t("accès accordé à ", "access granted to ") + names.professional(String(rest[to.upperBound...])) + t(" : ", ": ") + what
        }
        if let rest = detail.auditRest(after: "break-glass consent "), let colon = rest.range(of: ": "),
           let kind = BreakGlassConsentKind(rawValue: String(rest[..<colon.lowerBound])) {
            let given = rest[colon.upperBound...] == "allowed"
            return labelled("accès en urgence par \(wording.consentKind(kind))", "emergency access by \(wording.consentKind(kind))",
                            given ? t("autorisé", "allowed") : t("refusé", "refused"))
        }
        for (verb, fr, en) in [("mask document ", "masqué aux professionnels", "masked from professionals"),
                               ("unmask document ", "de nouveau visible des professionnels", "shown to professionals again")] {
            if let id = detail.auditRest(after: verb), Int64(id) != nil { return t("document n° \(id) \(fr)", "document no. \(id) \(en)") }
        }
        if let rest = detail.auditRest(after: "emergency data: organ donation "), let comma = rest.range(of: ", ", options: .backwards),
           let stance = OrganDonationStance(rawValue: String(rest[..<comma.lowerBound])),
           let contacts = rest[comma.upperBound...].split(separator: " ").first.flatMap({ Int($0) }) {
            return t("données d'urgence : don d'organes : ", "emergency data: organ donation: ") + organDonation(stance) + ", "
                + wording.count(contacts, "personne à prévenir", "contact", frenchPlural: "personnes à prévenir")
        }
        return entryAdded(detail)
    }

    /// `add allergy: Pénicilline`, `prescription held for confirmation: …; warnings: allergy:J01C`.
    private func entryAdded(_ detail: String) -> String? {
        if let rest = detail.auditRest(after: "prescription held for confirmation: "),
           let split = rest.range(of: "; warnings: ", options: .backwards) {
            return t("prescription en attente de confirmation : ", "prescription held for confirmation: ") + Sanitizer.clean(String(rest[..<split.lowerBound]))
                + t(" ; alertes : ", "; warnings: ") + warnings(String(rest[split.upperBound...]))
        }
        if let rest = detail.auditRest(after: "add prescription: ") {
            guard let split = rest.range(of: "; confirmed over warnings: ", options: .backwards) else {
                return labelled("prescription ajoutée", "prescription added", Sanitizer.clean(rest))
            }
            return labelled("prescription ajoutée", "prescription added", Sanitizer.clean(String(rest[..<split.lowerBound])))
                + t(" ; confirmée malgré les alertes : ", "; confirmed over warnings: ") + warnings(String(rest[split.upperBound...]))
        }
        let kinds: [(String, String, String)] = [
            ("allergy", "allergie ajoutée", "allergy added"), ("vaccination", "vaccin ajouté", "vaccination added"),
            ("document", "document ajouté", "document added"), ("condition", "antécédent ajouté (pathologie)", "history added (condition)"),
            ("procedure", "antécédent ajouté (intervention)", "history added (procedure)"),
            ("family-history", "antécédent familial ajouté", "family history added"),
        ]
        for (kind, fr, en) in kinds {
            if let what = detail.auditRest(after: "add \(kind): ") { return labelled(fr, en, Sanitizer.clean(what)) }
        }
        return nil
    }

    /// The prescription-safety codes (`allergy:J01C`, `interaction:B01AA+M01A`…) in words;
    /// the ATC and NABM codes in them are identifiers, kept.
    private func warnings(_ codes: String) -> String {
        codes.split(separator: ",").map { code in
            let code = code.trimmingCharacters(in: .whitespaces)
            let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
            let subject = parts.count == 2 ? Sanitizer.clean(parts[1].replacingOccurrences(of: "+", with: " + ")) : ""
            switch SafetyWarning.Kind(rawValue: parts.first ?? "") {
            case .allergy? where !subject.isEmpty: return t("allergie (\(subject))", "allergy (\(subject))")
            case .interaction? where !subject.isEmpty: return t("interaction (\(subject))", "interaction (\(subject))")
            case .duplicate? where !subject.isEmpty: return t("doublon (\(subject))", "duplicate (\(subject))")
            case .repeatedLabTest? where !subject.isEmpty: return t("examen répété trop tôt (\(subject))", "lab test repeated too soon (\(subject))")
            case .unrecognised?: return t("médicament non reconnu", "medicine not recognised")
            default: return Sanitizer.clean(code)
            }
        }.joined(separator: ", ")
    }

    private func organDonation(_ stance: OrganDonationStance) -> String {
        switch stance {
        case .notStated: return t("non exprimé", "not stated")
        case .consents: return t("accepte", "consents")
        case .refusesRegistered: return t("refus inscrit au registre national des refus", "refusal on the national refusal register")
        case .refusesToRelatives: return t("refus confié aux proches", "refusal told to relatives")
        }
    }

    // MARK: Break-glass

    /// `start:<seq>` (full record), `start:<seq> <why>` (stop), `start:<seq> verdict:<v>; comment` (review).
    private func breakGlassFollowUp(_ detail: String) -> String? {
        guard let rest = detail.auditRest(after: "start:") else { return nil }
        let seq = String(rest.prefix { $0.isASCII && $0.isNumber })
        guard !seq.isEmpty else { return nil }
        let started = t("accès ouvert par \(event(seq))", "access started by \(event(seq))")
        let after = rest.dropFirst(seq.count)
        if after.isEmpty { return started }
        guard after.hasPrefix(" ") else { return nil }
        let tail = String(after.dropFirst())
        if let verdict = tail.auditRest(after: "verdict:") {
            let parts = verdict.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var text = started + t(" : ", ": ") + self.verdict(parts.first ?? "")
            if parts.count == 2 { text += t(" ; ", "; ") + labelled("commentaire", "comment", quoted(parts[1].trimmingCharacters(in: .whitespaces))) }
            return text
        }
        return started + t(" ; ", "; ") + labelled("fin", "ended", stopReason(tail))
    }

    func verdict(_ code: String) -> String {
        switch code {
        case "justified": return t("justifié", "justified")
        case "not-justified": return t("non justifié", "not justified")
        default: return Sanitizer.clean(code)
        }
    }

    /// Why a break-glass access ended, as the emergency terminal says it (`KioskApp`,
    /// `SessionEnd`, `RecordStore.closedAtNextSignIn`).
    func stopReason(_ why: String) -> String {
        switch why {
        case "logout": return t("déconnexion ou changement de patient", "sign-out or another patient")
        case "expired": return t("durée autorisée écoulée", "window elapsed")
        case "idle": return t("terminal verrouillé après inactivité", "terminal locked when idle")
        case "ended-by-store": return t("accès plus valable d'après le journal", "no longer valid according to the trail")
        case "hangup": return t("terminal raccroché", "terminal hung up")
        case "terminated": return t("programme arrêté", "program terminated")
        case "interrupted": return t("programme interrompu", "program interrupted")
        case "terminal-lost": return t("terminal perdu", "terminal lost")
        case "error": return t("erreur du terminal", "terminal error")
        case RecordStore.closedAtNextSignIn:
            return t("jamais arrêté : clos à la connexion suivante du professionnel", "never stopped: closed at the professional's next sign-in")
        default: return Sanitizer.clean(why)
        }
    }

    /// The store's note on a claimed break-glass it refused: `break-glass <seq>: <why>`.
    private func breakGlassNote(_ text: String) -> String? {
        guard let rest = text.auditRest(after: "break-glass ") else { return nil }
        let seq = String(rest.prefix { $0.isASCII && $0.isNumber })
        guard !seq.isEmpty, let why = rest.dropFirst(seq.count).description.auditRest(after: ": ") else { return nil }
        let said: String
        if why == "its start records no window" {
            said = t("son début n'indique aucune durée", "its start records no window")
        } else if let behind = why.auditRest(after: "the clock reads "), behind.hasSuffix(" s before its recorded start"),
                  let seconds = Int(behind.prefix { $0.isASCII && $0.isNumber }) {
            said = t("l'horloge indiquait \(seconds) s avant son début enregistré", "the clock read \(seconds) s before its recorded start")
        } else if let window = why.auditRest(after: "past its recorded window of "), window.hasSuffix(" s"),
                  let seconds = Int(window.dropLast(2)) {
            said = t("au-delà de sa durée enregistrée (\(duration(TimeInterval(seconds))))", "past its recorded window (\(duration(TimeInterval(seconds))))")
        } else {
            return nil
        }
        return t("bris de glace ouvert par \(event(seq)) : ", "break-glass started by \(event(seq)): ") + said
    }

    /// "12 min", "4 h", "1 h 30 min".
    func duration(_ seconds: TimeInterval) -> String {
        let minutes = max(0, Int(seconds / 60))
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    // MARK: Sign-ins, searches, imports, operators

    /// `account locked`, `at <terminal>`, `card blocked after 3 wrong PINs at <terminal>` (`Credentials`).
    private func signIn(_ detail: String) -> String? {
        if detail == "account locked" { return t("compte verrouillé", "account locked") }
        if let terminal = detail.auditRest(after: "at ") { return self.terminal(terminal) }
        if let rest = detail.auditRest(after: "card blocked after "), let at = rest.range(of: " wrong PINs at "),
           let count = Int(rest[..<at.lowerBound]) {
            return t("carte bloquée après \(count) codes PIN faux", "card blocked after \(count) wrong PINs")
                + ", " + terminal(String(rest[at.upperBound...]))
        }
        return nil
    }

    /// Where a door ran, as `TerminalIdentity` writes it: "/dev/pts/3 on kiosque from 10.0.4.21".
    private func terminal(_ name: String) -> String {
        guard wording.language == .french else { return "at \(Sanitizer.clean(name))" }
        if name == "an unnamed terminal" { return "sur un terminal sans nom" }
        let french = name.replacingOccurrences(of: "no tty on ", with: "sans tty sur ")
            .replacingOccurrences(of: " on unknown host", with: " sur un hôte inconnu")
            .replacingOccurrences(of: " on ", with: " sur ").replacingOccurrences(of: " from ", with: " depuis ")
        return "au terminal " + Sanitizer.clean(french)
    }

    /// `search <typed>: not shown`, `search <typed>: 3 results` (`RecordStore+Search`).
    private func search(_ detail: String) -> String? {
        guard let rest = detail.auditRest(after: "search "), let colon = rest.range(of: ": ", options: .backwards) else { return nil }
        let typed = labelled("recherche", "search", quoted(String(rest[..<colon.lowerBound])))
        let result = String(rest[colon.upperBound...])
        if result == "not shown" { return typed + t(" ; patient non montré", "; patient not shown") }
        guard let number = result.split(separator: " ").first.flatMap({ Int($0) }) else { return nil }
        return typed + t(" ; ", "; ") + wording.count(number, "résultat", "result")
    }

    /// `import <file>: 12 entries`, `import <file>: 40 resources imported, 2 unchanged` (`RecordImporter`).
    private func importDetail(_ detail: String) -> String? {
        guard let rest = detail.auditRest(after: "import "), let colon = rest.range(of: ": ", options: .backwards) else { return nil }
        let file = t("import de ", "import of ") + quoted(String(rest[..<colon.lowerBound])) + t(" : ", ": ")
        let numbers = rest[colon.upperBound...].split(separator: " ").compactMap { Int($0) }
        let said = String(rest[colon.upperBound...])
        if numbers.count == 1, said.hasSuffix(" entries") || said.hasSuffix(" entry") {
            return file + wording.count(numbers[0], "entrée", "entry", englishPlural: "entries")
        }
        if numbers.count == 2, said.contains(" resources imported, ") || said.contains(" resource imported, ") {
            return file + wording.count(numbers[0], "ressource importée", "resource imported", frenchPlural: "ressources importées", englishPlural: "resources imported")
                + ", " + t("\(numbers[1]) inchangée\(numbers[1] > 1 ? "s" : "")", "\(numbers[1]) unchanged")
        }
        return nil
    }

    /// `demo database: 200 patients, seed 1` (`DemoDatabase`).
    private func demo(_ detail: String) -> String? {
        guard let rest = detail.auditRest(after: "demo database: ") else { return nil }
        let numbers = rest.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return t("base de démonstration : ", "demo database: ") + wording.count(numbers[0], "patient", "patient")
            + t(", graine \(numbers[1])", ", seed \(numbers[1])")
    }

    /// What the operator commands write (`carnet audit …`, `carnet export audit`) and the
    /// store's own reads of the trail.
    private func operatorDetail(_ detail: String) -> String? {
        func leadingCount(_ text: String) -> Int? { text.split(separator: " ").first.flatMap { Int($0) } }
        if detail == "head" { return t("tête du journal lue", "head read") }
        for (prefix, json) in [("log: ", false), ("log --json: ", true)] {
            if let rest = detail.auditRest(after: prefix), let number = leadingCount(rest) {
                return labelled("journal listé", "trail listed", wording.count(number, "événement", "event")) + (json ? " (JSON)" : "")
            }
        }
        if let rest = detail.auditRest(after: "FHIR export: "), let number = leadingCount(rest) {
            return labelled("export FHIR", "FHIR export", wording.count(number, "événement", "event"))
        }
        if let rest = detail.auditRest(after: "break-glass review list: "), let number = Int(rest) {
            return labelled("accès en urgence listés pour revue", "emergency accesses listed for review", "\(number)")
        }
        if let rest = detail.auditRest(after: "treating-doctor inbox: "), let number = leadingCount(rest) {
            return labelled("boîte du médecin traitant", "treating doctor's inbox", wording.count(number, "événement", "event"))
        }
        // `carnet audit verify`: "12 events intact; state: 0 unexplained rows", "broken at event 4: …".
        var state: String?
        var main = detail
        if let split = detail.range(of: "; state: ", options: .backwards), let rows = leadingCount(String(detail[split.upperBound...])) {
            state = labelled("état", "state", wording.count(rows, "ligne inexpliquée", "unexplained row", frenchPlural: "lignes inexpliquées"))
            main = String(detail[..<split.lowerBound])
        }
        let chain: String
        if let rest = main.auditRest(after: "broken at event ") {
            let seq = String(rest.prefix { $0.isASCII && $0.isNumber })
            guard !seq.isEmpty else { return nil }
            // The store's diagnosis is English; `carnet audit verify` says it in full.
            chain = t("chaîne rompue à l'événement \(seq) (carnet audit verify en dit la raison)", "chain broken at " + Sanitizer.clean(main.dropFirst("broken at ".count).description))
        } else if main.hasSuffix(" intact"), let number = leadingCount(main) {
            chain = labelled("chaîne intacte", "chain intact", wording.count(number, "événement", "event"))
        } else {
            return nil
        }
        return chain + (state.map { t(" ; ", "; ") + $0 } ?? "")
    }
}
