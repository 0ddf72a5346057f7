import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

/// The words of the operator's audit commands (`audit log`, `audit review`), in French or
/// English. The trail itself keeps its codes (`rpps:…`, `consent-refused:…`): they are what
/// `verify`, the state replay and `--json` read. What the codes say is worded once, in the
/// screens' `Strings` (`Strings+Audit`), so that the operator and the patient read one event
/// alike; only the operator's framing is here.
struct AuditWording {
    /// The screens' words, in the operator's language and time zone.
    let strings: Strings

    var language: Strings.Language { strings.language }
    var timeZone: TimeZone { strings.timeZone }

    init(language: Strings.Language, timeZone: TimeZone) {
        strings = Strings(language, timeZone: timeZone)
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
    func time(_ date: Date) -> String { strings.shortTime(date) }

    /// "1 événement", "0 événement", "2 événements"; "1 event", "0 events".
    func count(_ number: Int, _ french: String, _ english: String, frenchPlural: String? = nil, englishPlural: String? = nil) -> String {
        strings.plural(number, t(french, english), t(frenchPlural ?? french + "s", englishPlural ?? english + "s"))
    }

    /// An error of an identifier typed on the command line, what was typed repeated.
    func identifierError(_ error: IdentifierError) -> String { strings.identifierError(error, quotingInput: true) }
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
        // The screens' words for the profession: "infirmière" for a woman, and a word true of
        // anyone ("soins infirmiers") when the directory does not say.
        return "\(Sanitizer.clean(known.displayName)), \(wording.strings.profession(known)) (RPPS \(digits))"
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
    /// The rest after `prefix`, nil when the text does not begin with it: how an actor's code
    /// is read (`rpps:<RPPS>`, `operator:<user>`).
    func auditRest(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
