import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

/// The words of the operator's audit commands (`audit log`, `audit review`), in French or
/// English. The trail itself keeps its codes (`rpps:…`, `consent-refused:…`): they are what
/// `verify`, the state replay and `--json` read. Only what a person reads is worded here.
struct AuditWording {
    let language: Strings.Language
    let timeZone: TimeZone

    init(language: Strings.Language, timeZone: TimeZone) {
        self.language = language
        self.timeZone = timeZone
    }

    /// `--lang`, else the locale (French unless it starts with "en", as the screens); the
    /// time zone from TZ, else Europe/Paris.
    init(screen: ScreenOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(language: screen.strings(environment: environment).language, timeZone: AuditWording.timeZone(environment: environment))
    }

    func t(_ fr: String, _ en: String) -> String { language == .french ? fr : en }

    /// Carnet's records are French: a trail is read in Paris time unless the operator's TZ
    /// says otherwise (a machine's own /etc/localtime is often UTC on servers, which would
    /// put a 14:05 access at 13:05). TZ is read as the C library reads it: `Europe/Paris`,
    /// `:Europe/Paris`, or a path into a zoneinfo folder. A TZ no zone database knows (a
    /// POSIX rule string) falls back to Paris time rather than to UTC.
    static func timeZone(environment: [String: String]) -> TimeZone {
        // Without tzdata the fixed offset of Paris winter time is the closest there is.
        let paris = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600) ?? .current
        guard var name = environment["TZ"], !name.isEmpty else { return paris }
        if name.hasPrefix(":") { name.removeFirst() }
        if let folder = name.range(of: "zoneinfo/") { name = String(name[folder.upperBound...]) }
        return TimeZone(identifier: name) ?? TimeZone(abbreviation: name) ?? paris
    }

    /// A moment as French or English readers write it: "21/11/2026 14:05", "2026-11-21 14:05".
    /// Arithmetic on the zone's offset rather than a `Calendar`: `audit log` words every
    /// event of a trail that may hold millions.
    func time(_ date: Date) -> String {
        let local = Int64((date.timeIntervalSince1970).rounded(.down)) + Int64(timeZone.secondsFromGMT(for: date))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = Int(local - days * 86_400)
        let day = CalendarDate(daysSinceEpoch: Int(days))
        let clock = "\(Padded.digits(seconds / 3600, 2)):\(Padded.digits(seconds / 60 % 60, 2))"
        return language == .french ? "\(day.french) \(clock)" : "\(day.iso) \(clock)"
    }

    /// "1 événement", "0 événement", "2 événements"; "1 event", "0 events".
    func count(_ number: Int, _ french: String, _ english: String, frenchPlural: String? = nil, englishPlural: String? = nil) -> String {
        if language == .french { return "\(number) " + (number <= 1 ? french : frenchPlural ?? french + "s") }
        return "\(number) " + (number == 1 ? english : englishPlural ?? english + "s")
    }

    func outcome(_ outcome: AuditOutcome) -> String {
        outcome == .allowed ? t("autorisé", "allowed") : t("refusé", "refused")
    }

    func profession(_ profession: Profession) -> String {
        switch profession {
        case .generalPractitioner: return t("médecin généraliste", "general practitioner")
        case .specialist: return t("médecin spécialiste", "specialist physician")
        case .emergencyPhysician: return t("médecin urgentiste", "emergency physician")
        case .samuRegulator: return t("médecin régulateur du SAMU", "SAMU regulating physician")
        case .pharmacist: return t("pharmacien", "pharmacist")
        case .nurse: return t("infirmier", "nurse")
        case .physiotherapist: return t("masseur-kinésithérapeute", "physiotherapist")
        case .midwife: return t("sage-femme", "midwife")
        case .dentist: return t("chirurgien-dentiste", "dentist")
        }
    }

    func pane(_ section: RecordSection) -> String { Strings(language).pane(section) }

    /// Why a professional broke the glass.
    func breakGlassReason(_ reason: BreakGlassReason) -> String {
        switch reason {
        case .patientUnableToExpressWill: return t("patient hors d'état d'exprimer sa volonté", "patient unable to express their will")
        case .vitalEmergency: return t("urgence vitale", "vital emergency")
        case .samuRegulationCall: return t("appel de régulation du SAMU", "SAMU regulation call")
        }
    }

    /// Whom a patient's break-glass consent is about.
    func consentKind(_ kind: BreakGlassConsentKind) -> String {
        kind == .emergencyPhysician ? t("les médecins urgentistes", "emergency physicians")
            : t("les médecins régulateurs du SAMU", "SAMU regulating physicians")
    }

    /// A refusal in words. "The patient" agrees with the patient's sex in French, when known.
    func refusal(_ reason: RefusalReason, patientSex: Sex?) -> String {
        let patient = patientSex == .female ? "la patiente" : "le patient"
        switch reason {
        case let .consentRefused(kind):
            return t("\(patient) a refusé l'accès en urgence (bris de glace) par \(consentKind(kind))",
                     "the patient refused emergency (break-glass) access by \(consentKind(kind))")
        case .blocked: return t("\(patient) a bloqué ce professionnel", "the patient has blocked this professional")
        case .noGrant: return t("\(patient) n'a pas autorisé ce professionnel", "the patient has not granted this professional access")
        case .readOnlyGrant: return t("\(patient) n'a autorisé que la lecture", "the patient granted read access only")
        case .documentMasked: return t("\(patient) a masqué ce document aux professionnels", "the patient masked this document from professionals")
        case let .professionNotAllowed(profession, section):
            return t("un \(self.profession(profession)) n'a pas accès au volet \(pane(section))",
                     "a \(self.profession(profession)) may not use the \(pane(section)) pane")
        case let .professionCannotBreakGlass(profession):
            return t("un \(self.profession(profession)) ne peut pas faire de bris de glace",
                     "a \(self.profession(profession)) may not break the glass")
        default:
            // The screens' words, so that the operator and the patient read the same refusal.
            return Strings(language).refusal(reason)
        }
    }

    /// The reason an audit event records: a break-glass motive on an access, a refusal code
    /// on a refused one, a sign-in's failure. Nil for a code this version does not know
    /// (written by a newer Carnet): the caller says so in words rather than print the code.
    func reason(_ code: String, patientSex: Sex?) -> String? {
        if let motive = BreakGlassReason(rawValue: code) { return breakGlassReason(motive) }
        if let refusal = RefusalReason(code: code) { return self.refusal(refusal, patientSex: patientSex) }
        switch code {
        case "unknown-patient": return t("patient inconnu de Carnet", "patient unknown to Carnet")
        case "clock-behind-trail":
            return t("l'horloge du terminal retardait sur le journal d'audit", "the terminal's clock was behind the audit trail")
        case "unknown-identifier": return t("identifiant inconnu de Carnet", "identifier unknown to Carnet")
        case "no-account": return t("pas encore de compte Carnet", "no Carnet account yet")
        case "locked": return t("compte verrouillé après trop d'essais", "account locked after too many attempts")
        case "wrong-password": return t("mot de passe faux", "wrong password")
        case "blocked": return t("carte bloquée après trop de codes PIN faux", "card blocked after too many wrong PINs")
        case "too-soon": return t("nouvel essai trop tôt après un code PIN faux", "tried again too soon after a wrong PIN")
        case "wrong-pin": return t("code PIN faux", "wrong PIN")
        default: return nil
        }
    }

    /// An error of an identifier typed on the command line. English keeps the model's own
    /// sentence (scripts and the other commands print it); French says the same.
    func identifierError(_ error: IdentifierError) -> String {
        guard language == .french else { return error.description }
        switch error {
        case let .wrongLength(kind, input, expected):
            return "\(kind) invalide '\(input)' : \(expected) chiffres attendus, \(count(input.count, "caractère", "character")) saisis"
        case let .notDigits(kind, input): return "\(kind) invalide '\(input)' : seuls des chiffres sont admis"
        case let .wrongKey(input, expectedKey):
            return "INS invalide '\(input)' : la clé \(input.suffix(2)) est fausse, les 13 premiers chiffres donnent la clé \(expectedKey)"
        case let .failsLuhn(input): return "RPPS invalide '\(input)' : le chiffre de contrôle est faux (Luhn)"
        }
    }
}

/// Names beside identifiers: "Marie DUPONT (INS 258037511223324)", "Dr Sophie LEROY,
/// médecin urgentiste (RPPS 10002345675)". Read through the directory, once per person and
/// run: a trail names the same few people on thousands of lines.
final class AuditNames {
    private let directory: Directory
    private let wording: AuditWording
    private var patients: [String: PatientListing?] = [:]
    private var professionals: [String: Professional?] = [:]
    /// A trail may name millions of patients: past this many, the cache starts again.
    private static let cacheLimit = 10_000

    init(database: CarnetDatabase, wording: AuditWording) {
        directory = Directory(database: database)
        self.wording = wording
    }

    /// The patient an audit event names (its INS, or `carnet:<n>` for one without an INS).
    func patient(_ auditName: String) -> String {
        let t = wording.t
        if auditName.hasPrefix("carnet:"), let number = Int64(auditName.dropFirst("carnet:".count)) {
            return t("patient n° \(number) sans INS", "patient no. \(number) without INS")
        }
        guard let listing = listing(auditName) else {
            guard (try? INS(auditName)) != nil else { return Sanitizer.clean(auditName) }
            return "INS \(auditName) " + t("(inconnu de Carnet)", "(not in Carnet)")
        }
        return "\(Sanitizer.clean(listing.displayName)) (INS \(auditName))"
    }

    /// The patient's sex, for French agreement ("la patiente a refusé…").
    func sex(_ auditName: String?) -> Sex? { auditName.flatMap(listing)?.sex }

    func professional(_ digits: String) -> String {
        let known: Professional?
        if let cached = professionals[digits] {
            known = cached
        } else {
            known = (try? RPPS(digits)).flatMap { try? directory.professional($0) }
            if professionals.count >= AuditNames.cacheLimit { professionals.removeAll() }
            professionals.updateValue(known, forKey: digits)
        }
        guard let known else {
            return "RPPS \(Sanitizer.clean(digits)) " + wording.t("(inconnu de Carnet)", "(not in Carnet)")
        }
        return "\(Sanitizer.clean(known.displayName)), \(wording.profession(known.profession)) (RPPS \(digits))"
    }

    /// Who acted, as the trail writes it: `patient:<INS>`, `rpps:<RPPS>`, `operator:<user>`.
    func actor(_ actor: String) -> String {
        if let ins = actor.auditRest(after: "patient:") { return patient(ins) }
        if let rpps = actor.auditRest(after: "rpps:") { return professional(rpps) }
        if let user = actor.auditRest(after: "operator:") { return wording.t("opérateur ", "operator ") + Sanitizer.clean(user) }
        return Sanitizer.clean(actor)
    }

    private func listing(_ auditName: String) -> PatientListing? {
        if let cached = patients[auditName] { return cached }
        let found = (try? INS(auditName)).flatMap { try? directory.patient(ins: $0) }
        if patients.count >= AuditNames.cacheLimit { patients.removeAll() }
        patients.updateValue(found, forKey: auditName)
        return found
    }
}

extension String {
    /// The rest after `prefix`, nil when the text does not begin with it: how the audit
    /// words read the codes the store writes (`rpps:<RPPS>`, `start:<seq> <why>`).
    func auditRest(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
