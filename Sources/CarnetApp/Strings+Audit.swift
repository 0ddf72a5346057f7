import CarnetModel
import Foundation
import TerminalKit

/// The audit trail's codes in words, once for every reader: the access history, the alerts
/// and the inbox on screen, `carnet audit log` and `carnet audit review` for the operator.
/// The trail keeps its codes (`rpps:…`, `consent-refused:…`, `start:12 logout`): they are
/// what `verify`, the state replay and `--json` read. Each reader frames these words its own
/// way (a row, a line of details, a tab-separated line) and names people its own way; the
/// words themselves are these, so that a patient and an operator read one event alike.
extension Strings {
    // MARK: Who, and whether it was allowed

    /// Whom a patient's break-glass consent is about: "les médecins urgentistes".
    public func consentKind(_ kind: BreakGlassConsentKind) -> String {
        professionPlural(kind == .emergencyPhysician ? .emergencyPhysician : .samuRegulator)
    }

    /// "autorisé", "refusé": the words a consent takes, for an event's outcome too.
    public func outcome(_ outcome: AuditOutcome) -> String { consent(outcome == .allowed) }

    // MARK: What was done

    /// What an audit action did, its pane aside: "consultation", "fin de l'accès en urgence".
    public func auditAction(_ action: AuditAction) -> String {
        switch action {
        case .open: return t("ouverture du dossier", "record opened")
        case .read: return t("consultation", "read")
        case .write: return t("modification", "change")
        case .login: return t("connexion", "sign-in")
        case .breakGlassStart: return t("accès en urgence (bris de glace)", "emergency access (break-glass)")
        case .breakGlassStop: return t("fin de l'accès en urgence", "end of the emergency access")
        case .breakGlassFullRecord: return t("accès en urgence : dossier complet ouvert", "emergency access: full record opened")
        case .breakGlassReview: return t("avis sur un accès en urgence", "review of an emergency access")
        case .import: return t("import de données d'un autre logiciel", "data imported from another system")
        case .unblock: return t("déblocage d'une carte de professionnel", "professional card unblocked")
        case .demo: return t("création de la base de démonstration", "demonstration database created")
        case .auditRead: return t("consultation du journal d'audit", "audit trail read")
        case .auditVerify: return t("vérification du journal d'audit", "audit trail checked")
        case .acknowledge: return t("lecture des alertes", "alerts read")
        case .search: return t("recherche de patient", "patient search")
        }
    }

    // MARK: Why

    /// The reason an event records, in words: a break-glass motive on an access, a refusal on
    /// a refused one, a failed sign-in's cause. Nil for a code this version does not know (a
    /// newer Carnet's): each reader says so in words of its own, never as the code.
    public func auditReason(_ code: String, patientSex: Sex?) -> String? {
        if let motive = BreakGlassReason(rawValue: code) { return breakGlassReason(motive, patientSex: patientSex) }
        if let reason = RefusalReason(code: code) { return refusal(reason, patientSex: patientSex) }
        switch code {
        case "unknown-patient": return t("patient inconnu de Carnet", "patient unknown to Carnet")
        case "clock-behind-trail":
            return t("l'horloge du terminal retardait sur le journal d'audit", "the terminal's clock was behind the audit trail")
        // A sign-in's (`Credentials`): the failures the person was told at the time, in the same words.
        case "unknown-identifier": return t("identifiant inconnu de Carnet", "identifier unknown to Carnet")
        case "no-account": return t("pas encore de compte Carnet", "no Carnet account yet")
        case "locked": return t("compte verrouillé après trop d'essais", "account locked after too many attempts")
        case "wrong-password": return t("mot de passe incorrect", "wrong password")
        case "blocked": return t("carte bloquée après trop de codes PIN faux", "card blocked after too many wrong PINs")
        case "too-soon": return t("nouvel essai trop tôt après un code PIN faux", "tried again too soon after a wrong PIN")
        case "wrong-pin": return t("code PIN incorrect", "wrong PIN")
        default: return nil
        }
    }

    /// Why the glass was broken. "Personne hors d'état d'exprimer sa volonté" is the law's
    /// own wording; "patiente" or "patient" when the sex is known.
    public func breakGlassReason(_ reason: BreakGlassReason, patientSex: Sex? = nil) -> String {
        switch reason {
        case .patientUnableToExpressWill:
            let who = patientSex == .female ? "patiente" : patientSex == .male ? "patient" : "personne"
            return t("\(who) hors d'état d'exprimer sa volonté", "patient unable to express their will")
        case .vitalEmergency: return t("urgence vitale", "vital emergency")
        case .samuRegulationCall: return t("appel de régulation SAMU", "SAMU regulation call")
        }
    }

    /// The same from the code an event keeps; a code this version does not know is no reason given.
    func breakGlassReason(_ code: String, patientSex: Sex? = nil) -> String {
        BreakGlassReason(rawValue: code).map { breakGlassReason($0, patientSex: patientSex) } ?? t("motif non précisé", "reason not given")
    }

    /// Why a break-glass access ended, from the word its stop keeps (`DoorApp`, `SessionEnd`,
    /// the store's `closedAtNextSignIn`); nil for a word this version does not know.
    public func stopReason(_ why: String) -> String? {
        switch why {
        case "logout": return t("déconnexion", "sign-out")
        case "expired": return t("durée autorisée écoulée", "allowed time over")
        case "idle": return t("terminal verrouillé après inactivité", "terminal locked when idle")
        case "ended-by-store": return t("arrêté par Carnet", "ended by Carnet")
        default: break
        }
        switch SessionEnd(rawValue: why) {
        case .hangup?: return t("connexion coupée", "connection lost")
        case .terminated?: return t("programme arrêté", "program stopped")
        case .interrupted?: return t("programme interrompu", "program interrupted")
        case .terminalLost?: return t("terminal perdu", "terminal lost")
        case .error?: return t("erreur du programme", "program error")
        case .quit?, nil: break
        }
        // The store closes an access nobody stopped when its professional next signs in.
        if why.hasPrefix("not-stopped") {
            return t("jamais arrêté : clos à la connexion suivante du professionnel", "never stopped: closed at the professional's next sign-in")
        }
        return nil
    }

    /// A reviewer's verdict on a break-glass access (`justified`, `not-justified`).
    public func verdict(_ code: String) -> String? {
        switch code {
        case "justified": return t("justifié", "justified")
        case "not-justified": return t("non justifié", "not justified")
        default: return nil
        }
    }

    /// A review's verdict and comment from its detail (`start:<seq> verdict:<v>; comment`):
    /// "non justifié ; commentaire : « Pas d'urgence vitale. »". Nil for a verdict this
    /// version does not know.
    public func reviewVerdict(_ detail: String) -> String? {
        guard let range = detail.range(of: "verdict:") else { return nil }
        let parts = detail[range.upperBound...].split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        guard let said = verdict(String(parts.first ?? "")) else { return nil }
        let comment = parts.dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return comment.isEmpty ? said : said + t(" ; ", "; ") + field(t("commentaire", "comment"), quoted(comment))
    }

    /// "10 min", "4 h", "1 h 30 min": the same in both languages ("4 h 00" would read as a
    /// clock time in English).
    public func duration(_ seconds: Double) -> String {
        let minutes = max(0, Int(seconds / 60))
        guard minutes >= 60 else { return "\(minutes) min" }
        return "\(minutes / 60) h" + (minutes % 60 == 0 ? "" : " \(minutes % 60) min")
    }

    /// Text someone typed (a justification, a search, a file's name), cleaned, in the quotes
    /// of the reader's language.
    public func quoted(_ text: String) -> String {
        t("« \(Sanitizer.clean(text)) »", "“\(Sanitizer.clean(text))”")
    }

    // MARK: The detail

    /// An event's detail in words, from what the store and the operator commands write
    /// (`grant read to rpps:…`, `start:42 logout`, `import dossier.json: 12 entries`), in
    /// lower case for the middle of a line. `professional` names the RPPS a detail gives, as
    /// its reader knows them. Nil when this version cannot word it: each reader decides
    /// whether to show it as written.
    public func auditDetail(_ detail: String, action: String, professional: (String) -> String) -> String? {
        // A refused access under a claimed break-glass carries the store's note on it, alone
        // or after the access's own detail.
        if let note = breakGlassNote(detail) { return note }
        if let split = detail.range(of: "; break-glass ", options: .backwards),
           let note = breakGlassNote(String(detail[detail.index(split.lowerBound, offsetBy: 2)...])) {
            let own = words(String(detail[..<split.lowerBound]), action: action, professional: professional)
            return own.map { $0 + t(" ; ", "; ") + note } ?? note
        }
        return words(detail, action: action, professional: professional)
    }

    private func words(_ detail: String, action: String, professional: (String) -> String) -> String? {
        switch AuditAction(rawValue: action) {
        case .breakGlassStart?:
            let decoded = BreakGlassDetail.decode(detail)
            let justification = field(t("justification", "justification"), quoted(decoded.justification))
            guard let window = decoded.window else { return justification }
            return field(t("durée autorisée", "window"), duration(window)) + t(" ; ", "; ") + justification
        case let follow? where [.breakGlassStop, .breakGlassFullRecord, .breakGlassReview].contains(follow):
            if let words = breakGlassFollowUp(detail, action: follow) { return words }
        case .login?:
            if let words = signIn(detail) { return words }
        case .unblock?:
            if let digits = detail.after("rpps:") { return field(t("carte débloquée", "card unblocked"), professional(digits)) }
        case .acknowledge?:
            if let seq = detail.after("through:"), Int64(seq) != nil {
                return t("alertes lues jusqu'à l'événement n° \(seq)", "alerts read up to event no. \(seq)")
            }
        case .auditRead?, .auditVerify?:
            if let words = operatorDetail(detail) { return words }
        case .search?:
            if let words = search(detail) { return words }
        case .import?:
            if let words = imported(detail) { return words }
        case .demo?:
            if let words = demo(detail) { return words }
        default: break
        }
        return recordDetail(detail, professional: professional)
    }

    // MARK: Reads and changes of a record

    /// What a read or a change of a record says (`RecordStore`, `Directory`).
    private func recordDetail(_ detail: String, professional: (String) -> String) -> String? {
        switch detail {
        case "statements": return t("ce que les sources ont déclaré", "what the sources stated")
        case "access history": return t("historique des accès", "access history")
        case "access history actors": return t("liste de qui a accédé au dossier", "list of who accessed the record")
        case "alerts": return t("alertes d'accès", "access alerts")
        case "close record": return t("dossier clôturé", "record closed")
        case "reopen record": return t("dossier rouvert", "record reopened")
        case "no treating doctor": return t("plus de médecin traitant désigné", "treating doctor removed")
        case "patient registered": return t("dossier créé dans Carnet", "record created in Carnet")
        case "patient registered with a password": return t("dossier créé dans Carnet, avec un mot de passe", "record created in Carnet, with a password")
        default: break
        }
        let aboutSomeone: [(prefix: String, fr: String, en: String)] = [
            ("professional registered: rpps:", "professionnel inscrit", "professional registered"),
            ("treating doctor rpps:", "médecin traitant choisi", "treating doctor chosen"),
            ("revoke rpps:", "accès révoqué", "access revoked"), ("block rpps:", "accès bloqué", "access blocked"),
            ("unblock rpps:", "accès débloqué", "access unblocked"),
        ]
        for change in aboutSomeone {
            if let digits = detail.after(change.prefix) { return field(t(change.fr, change.en), professional(digits)) }
        }
        if let rest = detail.after("grant "), let to = rest.range(of: " to rpps:"), let level = AccessLevel(rawValue: String(rest[..<to.lowerBound])) {
            return field(t("accès accordé (\(self.level(level)))", "access granted (\(self.level(level)))"), professional(String(rest[to.upperBound...])))
        }
        if let rest = detail.after("break-glass consent "), let colon = rest.range(of: ": "),
           let kind = BreakGlassConsentKind(rawValue: String(rest[..<colon.lowerBound])), ["allowed", "refused"].contains(String(rest[colon.upperBound...])) {
            return field(t("accès en urgence par \(consentKind(kind))", "emergency access by \(consentKind(kind))"), consent(rest.hasSuffix(": allowed")))
        }
        if let id = detail.after("mask document "), Int64(id) != nil {
            return t("document n° \(id) masqué aux professionnels", "document no. \(id) masked from professionals")
        }
        if let id = detail.after("unmask document "), Int64(id) != nil {
            return t("document n° \(id) de nouveau visible des professionnels", "document no. \(id) visible to professionals again")
        }
        if let data = detail.after("emergency data: organ donation ") {
            let parts = data.components(separatedBy: ", ")
            var words = t("données d'urgence modifiées", "emergency data changed")
            if let stance = parts.first.flatMap(OrganDonationStance.init(rawValue:)) { words += " — " + field(t("don d'organes", "organ donation"), organStance(stance)) }
            if let contacts = parts.dropFirst().first.flatMap(leadingNumber) {
                words += ", " + plural(contacts, t("personne à prévenir", "person to contact"), t("personnes à prévenir", "people to contact"))
            }
            return words
        }
        return entryAdded(detail)
    }

    /// `add allergy: Pénicilline`, `prescription held for confirmation: …; warnings: allergy:J01C`.
    private func entryAdded(_ detail: String) -> String? {
        if let held = detail.after("prescription held for confirmation: ") {
            let (what, codes) = held.cut(at: "; warnings: ")
            return field(t("prescription en attente de confirmation", "prescription held for confirmation"), Sanitizer.clean(what))
                + (codes.map { t(" ; avertissements : ", "; warnings: ") + warnings($0) } ?? "")
        }
        let added: [(code: String, fr: String, en: String)] = [
            ("condition", "ajout d'une maladie", "condition added"), ("procedure", "ajout d'un acte", "procedure added"),
            ("family-history", "ajout d'un antécédent familial", "family history added"), ("allergy", "ajout d'une allergie", "allergy added"),
            ("vaccination", "ajout d'une vaccination", "vaccination added"), ("prescription", "ajout d'une prescription", "prescription added"),
            ("document", "ajout d'un document", "document added"),
        ]
        for kind in added {
            guard let label = detail.after("add \(kind.code): ") else { continue }
            // A prescription the prescriber confirmed over the safety checks' warnings says which.
            let (what, overridden) = kind.code == "prescription" ? label.cut(at: "; confirmed over warnings: ") : (label, nil)
            return field(t(kind.fr, kind.en), Sanitizer.clean(what))
                + (overridden.map { t(" ; confirmée malgré les avertissements : ", "; confirmed over warnings: ") + warnings($0) } ?? "")
        }
        return nil
    }

    /// The prescription safety checks' codes (`allergy:J01C`, `interaction:B01AA+M01A`), by
    /// kind, as the prescriber's warnings name them; the ATC and NABM codes in them are
    /// identifiers, kept.
    private func warnings(_ codes: String) -> String {
        var said: [String] = []
        for code in codes.split(separator: ",") {
            let parts = code.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).map(String.init)
            let kind: String
            switch SafetyWarning.Kind(rawValue: parts.first ?? "") {
            case .allergy?: kind = t("allergie", "allergy")
            case .interaction?: kind = t("interaction", "interaction")
            case .duplicate?: kind = t("doublon", "duplicate")
            case .repeatedLabTest?: kind = t("analyse répétée", "repeated test")
            case .unrecognised?: kind = t("médicament non reconnu", "medicine not recognised")
            case nil: kind = t("autre avertissement", "other warning")
            }
            let subject = parts.count == 2 ? Sanitizer.clean(parts[1].replacingOccurrences(of: "+", with: " + ")) : ""
            let words = subject.isEmpty ? kind : "\(kind) (\(subject))"
            if !said.contains(words) { said.append(words) }
        }
        return said.joined(separator: ", ")
    }

    // MARK: Break-glass

    /// `start:<seq>` (full record), `start:<seq> <why>` (stop), `start:<seq> verdict:<v>; comment`
    /// (review): the access is named by the event that started it, as `carnet audit review` does.
    private func breakGlassFollowUp(_ detail: String, action: AuditAction) -> String? {
        guard let rest = detail.after("start:") else { return nil }
        let seq = String(rest.prefix { $0.isASCII && $0.isNumber })
        guard !seq.isEmpty else { return nil }
        let tail = rest.dropFirst(seq.count)
        switch action {
        case .breakGlassFullRecord:
            return tail.isEmpty ? t("suite de l'accès en urgence n° \(seq)", "following emergency access no. \(seq)") : nil
        case .breakGlassStop:
            let end = t("fin de l'accès en urgence n° \(seq)", "end of emergency access no. \(seq)")
            guard tail.hasPrefix(" ") else { return tail.isEmpty ? end : nil }
            return stopReason(String(tail.dropFirst())).map { field(end, $0) } ?? end
        default:
            return reviewVerdict(String(tail)).map { field(t("accès en urgence n° \(seq)", "emergency access no. \(seq)"), $0) }
        }
    }

    /// The store's note on a claimed break-glass it refused: `break-glass <seq>: <why>`.
    private func breakGlassNote(_ text: String) -> String? {
        guard let rest = text.after("break-glass ") else { return nil }
        let seq = String(rest.prefix { $0.isASCII && $0.isNumber })
        guard !seq.isEmpty, let why = String(rest.dropFirst(seq.count)).after(": ") else { return nil }
        let said: String
        if why == "its start records no window" {
            said = t("son début n'indique aucune durée", "its start records no window")
        } else if let behind = why.after("the clock reads "), behind.hasSuffix(" s before its recorded start"), let seconds = leadingNumber(behind) {
            said = t("l'horloge indiquait \(seconds) s avant son début enregistré", "the clock read \(seconds) s before its recorded start")
        } else if let window = why.after("past its recorded window of "), window.hasSuffix(" s"), let seconds = Int(window.dropLast(2)) {
            said = t("au-delà de sa durée enregistrée (\(duration(Double(seconds))))", "past its recorded window (\(duration(Double(seconds))))")
        } else {
            return nil
        }
        return field(t("accès en urgence n° \(seq)", "emergency access no. \(seq)"), said)
    }

    // MARK: Sign-ins, searches, imports, operators

    /// `account locked`, `at <terminal>`, `card blocked after 3 wrong PINs at <terminal>` (`Credentials`).
    private func signIn(_ detail: String) -> String? {
        if detail == "account locked" { return t("compte verrouillé après trop d'essais", "account locked after too many attempts") }
        if let terminal = detail.after("at ") { return self.terminal(terminal) }
        if let rest = detail.after("card blocked after "), let at = rest.range(of: " wrong PINs at "), let count = Int(rest[..<at.lowerBound]) {
            return t("carte bloquée après \(count) codes PIN faux", "card blocked after \(count) wrong PINs") + ", " + terminal(String(rest[at.upperBound...]))
        }
        return nil
    }

    /// Where a door ran, as `TerminalIdentity` writes it: "/dev/pts/3 on kiosque from 10.0.4.21".
    private func terminal(_ name: String) -> String {
        guard language == .french else { return "at \(Sanitizer.clean(name))" }
        if name == "an unnamed terminal" { return "sur un terminal sans nom" }
        let french = name.replacingOccurrences(of: "no tty on ", with: "sans tty sur ")
            .replacingOccurrences(of: " on unknown host", with: " sur un hôte inconnu")
            .replacingOccurrences(of: " on ", with: " sur ").replacingOccurrences(of: " from ", with: " depuis ")
        return "au terminal " + Sanitizer.clean(french)
    }

    /// `search <typed>: not shown`, `search <typed>: 3 results` (`RecordStore+Search`).
    private func search(_ detail: String) -> String? {
        guard let rest = detail.after("search "), let colon = rest.range(of: ": ", options: .backwards) else { return nil }
        let typed = quoted(String(rest[..<colon.lowerBound]))
        let result = String(rest[colon.upperBound...])
        // The store hides a patient from a professional they blocked.
        if result == "not shown" { return field(typed, t("dossier non montré (professionnel bloqué)", "record not shown (blocked professional)")) }
        guard let count = leadingNumber(result) else { return typed }
        return field(typed, plural(count, t("résultat", "result"), t("résultats", "results")))
    }

    /// `import <file>: 12 entries`, `import <file>: 40 resources imported, 2 unchanged`
    /// (`RecordImporter`). The file by its name: where it lay on the operator's machine is
    /// for `carnet audit log --json`.
    private func imported(_ detail: String) -> String? {
        guard let rest = detail.after("import "), let colon = rest.range(of: ": ", options: .backwards) else { return nil }
        let path = String(rest[..<colon.lowerBound])
        let from = t("depuis ", "from ") + quoted(path.split(separator: "/").last.map(String.init) ?? path)
        let said = String(rest[colon.upperBound...])
        guard let count = leadingNumber(said) else { return from }
        if said.hasSuffix(" entries") || said.hasSuffix(" entry") {
            return field(from, plural(count, t("élément", "entry"), t("éléments", "entries")))
        }
        guard said.contains(" imported") else { return from }
        var amount = plural(count, t("ressource importée", "resource imported"), t("ressources importées", "resources imported"))
        if let unchanged = said.components(separatedBy: ", ").dropFirst().first.flatMap(leadingNumber) {
            amount += ", " + t("\(unchanged) inchangée\(unchanged > 1 ? "s" : "")", "\(unchanged) unchanged")
        }
        return field(from, amount)
    }

    /// `demo database: 200 patients, seed 1` (`DemoDatabase`).
    private func demo(_ detail: String) -> String? {
        guard let rest = detail.after("demo database: ") else { return nil }
        let numbers = rest.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return plural(numbers[0], t("patient fictif", "fictitious patient"), t("patients fictifs", "fictitious patients"))
            + t(", graine \(numbers[1])", ", seed \(numbers[1])")
    }

    /// What the operator commands write (`carnet audit …`, `carnet export audit`) and the
    /// store's own reads of the trail.
    private func operatorDetail(_ detail: String) -> String? {
        func events(_ text: String) -> String? { leadingNumber(text).map { plural($0, t("événement", "event"), t("événements", "events")) } }
        if detail == "head" { return t("dernière empreinte du journal", "the trail's latest hash") }
        for (prefix, json) in [("log: ", false), ("log --json: ", true)] {
            if let count = detail.after(prefix).flatMap(events) { return field(t("journal listé", "trail listed"), count) + (json ? " (JSON)" : "") }
        }
        if let count = detail.after("FHIR export: ").flatMap(events) { return field(t("export FHIR", "FHIR export"), count) }
        if let number = detail.after("break-glass review list: ").flatMap({ Int($0) }) {
            return field(t("accès en urgence listés pour revue", "emergency accesses listed for review"), "\(number)")
        }
        if let count = detail.after("treating-doctor inbox: ").flatMap(events) {
            return field(t("boîte de réception du médecin traitant", "treating doctor's inbox"), count)
        }
        // `carnet audit verify`: "12 events intact; state: 0 unexplained rows", "broken at event 4: …".
        let (chainText, stateText) = detail.cut(at: "; state: ")
        let state = stateText.flatMap(leadingNumber).map {
            field(t("état", "state"), plural($0, t("ligne inexpliquée", "unexplained row"), t("lignes inexpliquées", "unexplained rows")))
        }
        let main = state == nil ? detail : chainText
        let chain: String
        if let rest = main.after("broken at event ") {
            let seq = String(rest.prefix { $0.isASCII && $0.isNumber })
            guard !seq.isEmpty else { return nil }
            // The store's diagnosis is English; `carnet audit verify` says it in full.
            chain = t("chaîne rompue à l'événement n° \(seq) (carnet audit verify en dit la raison)",
                      "chain broken at " + Sanitizer.clean(String(main.dropFirst("broken at ".count))))
        } else if main.hasSuffix(" intact"), let count = events(main) {
            chain = field(t("chaîne intacte", "chain intact"), count)
        } else {
            return nil
        }
        return chain + (state.map { t(" ; ", "; ") + $0 } ?? "")
    }

    /// The number a text starts with: "3 results" → 3.
    private func leadingNumber(_ text: String) -> Int? { text.split(separator: " ").first.flatMap { Int($0) } }
}

private extension String {
    /// The rest after `prefix`, nil when the text does not begin with it: how the codes the
    /// store writes are read (`rpps:<RPPS>`, `start:<seq> <why>`).
    func after(_ prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }

    /// The text before the last `marker` and what follows it; the whole text and nil without one.
    func cut(at marker: String) -> (String, String?) {
        guard let range = range(of: marker, options: .backwards) else { return (self, nil) }
        return (String(self[..<range.lowerBound]), String(self[range.upperBound...]))
    }
}
