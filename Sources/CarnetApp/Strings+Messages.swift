import CarnetModel
import Foundation
import TerminalKit

/// The store's errors in the screen's language. The model's own descriptions are English
/// (they go to logs and the CLI); a patient reading French must get French.
extension Strings {
    public enum Secret: Sendable { case password, pin }

    /// One message for any error a screen meets, sanitized. `patientSex`: the record's
    /// patient, for "la patiente a bloqué ce professionnel"; nil when not known.
    /// `timeZone`: where the times it says are read; nil, the strings' own.
    public func message(for error: any Error, secret: Secret = .password, timeZone: TimeZone? = nil, patientSex: Sex? = nil) -> String {
        let text: String
        switch error {
        case let failure as LoginFailure: text = loginFailure(failure, secret: secret, timeZone: timeZone ?? self.timeZone)
        case let invalid as IdentifierError: text = identifierError(invalid)
        case let refused as AccessRefused: text = field(t("Accès refusé", "Access refused"), refusal(refused.reason, patientSex: patientSex))
        default: text = String(describing: error)
        }
        return Sanitizer.clean(text)
    }

    /// What a failed patient sign-in says, whatever failed: telling "not registered", "no
    /// account" and "wrong password" apart would tell anyone which INS are in Carnet.
    var patientSignInFailed: String { t("INS ou mot de passe incorrect", "Wrong INS or password") }

    func loginFailure(_ failure: LoginFailure, secret: Secret, timeZone: TimeZone) -> String {
        if secret == .password {
            switch failure {
            case .unknownIdentifier, .noAccount, .wrongSecret: return patientSignInFailed
            default: break
            }
        }
        switch failure {
        case let .unknownIdentifier(id): return t("\(id) n'est pas inscrit dans Carnet", "\(id) is not registered in Carnet")
        case let .noAccount(id):
            return t("\(id) n'a pas encore de compte Carnet : demandez son ouverture", "\(id) has no Carnet account yet: ask for one to be opened")
        case let .wrongSecret(left):
            let what = secret == .password ? t("Mot de passe incorrect", "Wrong password") : t("Code PIN incorrect", "Wrong PIN")
            let rest = left > 1 ? t("il reste \(left) essais", "\(left) attempts left") : t("il reste 1 essai", "1 attempt left")
            return t("\(what) : \(rest)", "\(what): \(rest)")
        case let .locked(until):
            return t("Compte verrouillé après trop d'essais, jusqu'au \(localTime(until, timeZone: timeZone))",
                     "Account locked after too many attempts, until \(localTime(until, timeZone: timeZone))")
        case let .tooSoon(retry):
            return t("Code PIN faux à l'instant : réessayez à \(localTime(retry, timeZone: timeZone))",
                     "A wrong PIN was just typed: try again at \(localTime(retry, timeZone: timeZone))")
        case .professionalBlocked:
            return t("Carte bloquée après 3 codes PIN faux : un opérateur doit la débloquer",
                     "Card blocked after 3 wrong PINs: an operator must unblock it")
        case .recordClosed:
            return t("Ce dossier est clôturé ; ses données sont conservées et un opérateur peut le rouvrir",
                     "This record is closed; its data is kept and an operator can reopen it")
        }
    }

    /// An identifier typed wrong. `quotingInput`: the command line's words, which repeat what
    /// was typed (a screen shows it in its field); in English they are then the model's own
    /// sentence, the one every other command prints.
    public func identifierError(_ error: IdentifierError, quotingInput: Bool = false) -> String {
        if quotingInput && language == .english { return error.description }
        func invalid(_ kind: String, _ input: String) -> String { quotingInput ? "\(kind) invalide '\(input)'" : "\(kind) invalide" }
        switch error {
        case let .wrongLength(kind, input, expected):
            return t("\(invalid(kind, input)) : \(expected) chiffres attendus, \(plural(input.count, "caractère saisi", "caractères saisis"))",
                     "Invalid \(kind): \(expected) digits expected, \(input.count) typed")
        case let .notDigits(kind, input):
            return t("\(invalid(kind, input)) : seuls des chiffres sont admis", "Invalid \(kind): only digits are allowed")
        case let .wrongKey(input, expectedKey):
            return t("\(invalid("INS", input)) : la clé \(input.suffix(2)) ne correspond pas aux 13 premiers chiffres (clé attendue \(expectedKey))",
                     "Invalid INS: the key \(input.suffix(2)) does not match the first 13 digits (expected \(expectedKey))")
        case let .failsLuhn(input):
            return t("\(invalid("RPPS", input)) : le chiffre de contrôle est faux", "Invalid RPPS: the check digit is wrong")
        }
    }

    /// A refusal in words, about the record's patient ("la patiente a bloqué ce
    /// professionnel" when `patientSex` says she is a woman).
    public func refusal(_ reason: RefusalReason, patientSex: Sex? = nil) -> String {
        let patient = thePatient(patientSex)
        switch reason {
        case .recordClosed: return t("le dossier est clôturé", "the record is closed")
        case .notOwnRecord: return t("on ne peut ouvrir que son propre dossier", "a patient may open only their own record")
        case .blocked: return t("\(patient) a bloqué ce professionnel", "the patient has blocked this professional")
        case .noGrant: return t("\(patient) n'a pas autorisé ce professionnel", "the patient has not granted this professional access")
        case .readOnlyGrant: return t("\(patient) n'a autorisé que la lecture", "the patient granted read access only")
        case let .professionNotAllowed(profession, section):
            return t("\(professionPlural(profession)) n'ont pas accès au volet \(pane(section))",
                     "\(professionPlural(profession)) may not use the \(pane(section)) pane")
        case let .patientOnly(section):
            return t("le volet \(pane(section)) est réservé \(toThePatient(patientSex))", "only the patient sees the \(pane(section)) pane")
        case let .patientCannotWrite(section):
            return t("seuls les professionnels écrivent dans le volet \(pane(section))", "only professionals write in the \(pane(section)) pane")
        case let .consentRefused(kind):
            return t("\(patient) a refusé l'accès en urgence (bris de glace) par \(consentKind(kind))",
                     "the patient refused break-glass access by \(consentKind(kind))")
        case let .professionCannotBreakGlass(profession):
            return t("le bris de glace n'est pas ouvert \(professionPlural(profession).replacingOccurrences(of: "les ", with: "aux ", options: .anchored))",
                     "\(professionPlural(profession)) may not break the glass")
        case .breakGlassExpired: return t("l'accès en bris de glace a pris fin", "the break-glass access has ended")
        case .breakGlassNotStarted: return t("aucun bris de glace n'a été ouvert pour ce dossier", "no break-glass access was started for this record")
        case .justificationTooShort: return t("il faut une justification écrite d'au moins une phrase", "a written justification of at least a sentence is needed")
        case .breakGlassSummaryOnly:
            return t("le bris de glace montre la synthèse d'urgence tant que le dossier complet n'est pas confirmé (touche c)",
                     "break-glass access shows the emergency summary until the full record is confirmed (key c)")
        case .breakGlassReadOnly: return t("l'accès en bris de glace est en lecture seule", "break-glass access is read-only")
        case .documentMasked: return t("\(patient) a masqué ce document aux professionnels", "the patient masked this document from professionals")
        case let .documentNotYetReleased(day):
            return t("ce document sera visible à partir du \(day.french)", "this document will be released on \(day.iso)")
        }
    }

    /// A moment as a person reads it where they are: "21/11/2026 à 14:32" or "2026-11-21 14:32".
    /// `timeZone`: nil, the strings' own (the session's), so that every time on a screen is
    /// told in one zone.
    public func localTime(_ date: Date, timeZone: TimeZone? = nil) -> String {
        let (day, clock) = Strings.dayAndClock(date, in: timeZone ?? self.timeZone)
        return language == .french ? "\(day.french) à \(clock)" : "\(day.iso) \(clock)"
    }

    /// "18/11/2026 11:06", "2026-11-18 11:06": a moment in the access history's narrow column,
    /// or on each line of `carnet audit log`.
    public func shortTime(_ date: Date) -> String {
        let (day, clock) = Strings.dayAndClock(date, in: timeZone)
        return language == .french ? "\(day.french) \(clock)" : "\(day.iso) \(clock)"
    }

    /// The day and the "14:05" of a moment in a zone. Arithmetic on the zone's offset rather
    /// than a `Calendar`: `carnet audit log` tells the time of every event of a trail that
    /// may hold millions.
    private static func dayAndClock(_ date: Date, in zone: TimeZone) -> (CalendarDate, String) {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(zone.secondsFromGMT(for: date))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = Int(local - days * 86_400)
        return (CalendarDate(daysSinceEpoch: Int(days)), "\(Padded.digits(seconds / 3600, 2)):\(Padded.digits(seconds / 60 % 60, 2))")
    }
}
