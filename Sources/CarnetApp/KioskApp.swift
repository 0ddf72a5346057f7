import CarnetModel
import Foundation
import TerminalKit

/// What the kiosk asks its runner to do.
public enum KioskEffect: Equatable {
    case signIn(rpps: String, pin: String)
    case search(query: String, birthDate: String)
    case openRecord(PatientListing)
    case loadInbox
    /// An effect of the record being read, for the runner to perform in this professional's name.
    case record(AppEffect)
    case signOut
    // Emergency mode.
    case startBreakGlass(PatientListing, BreakGlassReason, justification: String)
    case widenBreakGlass
    case endBreakGlass(why: String)
}

public enum KioskInput {
    case event(TerminalEvent)
    case signedIn(Professional)
    case signInFailed(String)
    case searchResults(PagedListSource<PatientListing>)
    case searchFailed(String)
    /// `allergies` nil: they could not be read, which the banner must not turn into "none".
    case recordOpened(Patient, today: CalendarDate, allergies: [String]?)
    case openRefused(String)
    case inbox([InboxItem])
    case record(AppInput)
    /// No key for the idle time: every patient detail leaves the screen.
    case idleLock
    // Emergency mode.
    case breakGlassNeeded(PatientListing)
    case breakGlassStarted(BreakGlassAuthorization)
    case breakGlassRefused(String)
    case breakGlassWidened(BreakGlassAuthorization)
    /// Seconds left on the break-glass access, measured by the session on a clock that never
    /// goes back: before every event and once a second, the countdown; at zero, the end.
    case breakGlassClock(left: TimeInterval)
    /// The store refused a read under the access (its recorded window passed, or a stop was
    /// written elsewhere): the access ends here too.
    case breakGlassEndedByStore
    /// The session ends from outside (a signal, the terminal lost, an error): `why` words the
    /// break-glass stop, if one runs, and every patient detail leaves the screen.
    case sessionEnded(why: String)
    /// A line for the search screen (an access left open, closed at this sign-in).
    case notice(String)
}

/// `carnet kiosk`: a shared terminal's session. A professional signs in (RPPS, PIN),
/// finds a patient, reads and adds to the record within what the patient allowed, and
/// walks away: `q` signs out, and so does the idle lock.
public struct KioskApp {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    enum Screen { case login, search, record, inbox, breakGlass }

    /// A kiosk, or an emergency terminal whose doctors may break the glass for `window` seconds.
    public enum Mode: Equatable, Sendable {
        case kiosk
        case emergency(window: TimeInterval)
    }

    struct LoginForm {
        var form: Form
        var message: String?
        var busy = false
    }

    struct SearchScreen {
        var form: Form
        var results: PagedListSource<PatientListing>?
        var list = ListState()
        var inResults = false
        var message: String?
    }

    let strings: Strings
    public let theme: Theme
    let catalogs: Catalogs
    public var width: Int
    public var height: Int
    var screen = Screen.login
    var login: LoginForm
    var professional: Professional?
    var search: SearchScreen
    var record: PatientApp?
    var inbox: [InboxItem] = []
    var inboxList = ListState()
    var showHelp = false
    public let mode: Mode
    /// The break-glass access in force, the patient it was asked for, and its form.
    var breakGlass: BreakGlassAuthorization?
    var breakGlassPatient: PatientListing?
    var breakGlassForm: Form?
    var dialog: Dialog?
    /// Seconds left on the break-glass access, as the session last measured them.
    var breakGlassLeft: TimeInterval?

    public init(strings: Strings, theme: Theme, width: Int, height: Int, catalogs: Catalogs, mode: Mode = .kiosk) {
        self.mode = mode
        self.strings = strings
        self.theme = theme
        self.width = width
        self.height = height
        self.catalogs = catalogs
        login = LoginForm(form: KioskApp.loginForm(strings))
        search = SearchScreen(form: KioskApp.searchForm(strings))
    }

    static func loginForm(_ s: Strings) -> Form {
        var form = Form(title: s.t("Connexion professionnelle", "Professional sign-in"),
                        fields: [Form.Field("RPPS", required: true, maxLength: 11), Form.Field(s.t("Code PIN", "PIN"), required: true, isSecret: true, maxLength: 12)],
                        hint: s.t("Tab : champ suivant · Entrée : valider", "Tab: next field · Enter: sign in"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.tooLongWording = s.lengthLimitWording
        return form
    }

    static func searchForm(_ s: Strings) -> Form {
        var form = Form(title: s.t("Rechercher un patient", "Find a patient"),
                        fields: [Form.Field(s.t("INS ou nom", "INS or name"), required: true, maxLength: 60),
                                 Form.Field(s.t("Né(e) le (facultatif)", "Born on (optional)"), maxLength: 10)],
                        hint: s.t("Entrée : chercher · ↓ résultats · i boîte de réception · q déconnexion",
                                  "Enter: search · ↓ results · i inbox · q sign out"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.tooLongWording = s.lengthLimitWording
        form.submitsFromAnyField = true
        return form
    }

    // MARK: - Update

    public mutating func update(_ input: KioskInput) -> [KioskEffect] {
        switch input {
        case let .event(.resize(width, height)):
            self.width = width
            self.height = height
            if var record { _ = record.update(.event(.resize(width: width, height: height - 1))); self.record = record }
            return []
        case let .event(.key(key)):
            // Too small to be read: no key acts on what nobody can see; `q` still signs out.
            if width < KioskApp.minimumWidth || height < KioskApp.minimumHeight {
                return key == .character("q") && professional != nil ? signOutKey() : []
            }
            return handle(key)
        case let .event(.mouse(x, y, action)):
            guard screen == .record, var record, y >= 1, width >= KioskApp.minimumWidth, height >= KioskApp.minimumHeight else { return [] }
            let effects = record.update(.event(.mouse(x: x, y: y - 1, action: action)))
            self.record = record
            return recordEffects(effects)
        case let .signedIn(professional):
            self.professional = professional
            login = LoginForm(form: KioskApp.loginForm(strings))
            search = SearchScreen(form: KioskApp.searchForm(strings))
            screen = .search
            return []
        case let .signInFailed(message):
            login.busy = false
            login.message = message
            login.form.fields[1].input.text = ""
            login.form.focus = 1
            return []
        case let .searchResults(results):
            search.results = results
            search.list = ListState()
            search.message = results.count == 0 ? strings.t("Aucun patient ne correspond.", "No patient matches.") : nil
            search.inResults = results.count > 0
            return []
        case let .searchFailed(message):
            search.message = message
            return []
        case let .recordOpened(patient, today, allergies):
            guard let professional else { return [] }
            var app = PatientApp(strings: strings, theme: theme, width: width, height: height - 1,
                                 role: .professional(professional, catalogs: catalogs))
            app.minimumHeight = KioskApp.minimumHeight - 1
            let effects = app.update(.signedIn(patient, today: today, allergies: allergies, alerts: []))
            record = app
            screen = .record
            return recordEffects(effects)
        case let .openRefused(message):
            search.message = message
            return []
        case let .breakGlassNeeded(listing):
            breakGlassPatient = listing
            breakGlassForm = KioskApp.breakGlassForm(strings)
            screen = .breakGlass
            search.message = nil
            return []
        case let .breakGlassStarted(authorization):
            breakGlass = authorization
            breakGlassLeft = authorization.expiresAt.timeIntervalSince(authorization.startedAt)
            return []
        case let .breakGlassRefused(message):
            screen = .search
            breakGlassForm = nil
            search.message = message
            return []
        case let .breakGlassWidened(authorization):
            breakGlass = authorization
            guard var record else { return [] }
            let effects = record.update(.reload)
            self.record = record
            return recordEffects(effects)
        case let .breakGlassClock(left):
            guard breakGlass != nil else { return [] }
            breakGlassLeft = left
            guard left <= 0 else { return [] }
            return endBreakGlass(why: "expired", message: strings.t("Accès d'urgence terminé : la durée autorisée est écoulée.",
                                                                    "Emergency access ended: its time is up."))
        case .breakGlassEndedByStore:
            guard breakGlass != nil else { return [] }
            return endBreakGlass(why: "ended-by-store", message: strings.t(
                "Accès d'urgence terminé : le dossier ne l'accepte plus (durée enregistrée écoulée, ou accès clos ailleurs).",
                "Emergency access ended: the record no longer accepts it (its recorded time is up, or it was closed elsewhere)."))
        case let .sessionEnded(why):
            guard professional != nil else { return [] }
            let ending: [KioskEffect] = breakGlass == nil ? [] : [.endBreakGlass(why: why)]
            signOut()
            return ending + [.signOut]
        case let .notice(message):
            search.message = message
            return []
        case let .inbox(items):
            inbox = items
            inboxList = ListState()
            screen = .inbox
            return []
        case let .record(input):
            guard var record else { return [] }
            let effects = record.update(input)
            self.record = record
            return recordEffects(effects)
        case .idleLock:
            guard professional != nil else { return [] }
            let ending: [KioskEffect] = breakGlass == nil ? [] : [.endBreakGlass(why: "idle")]
            signOut()
            login.message = strings.t("Session verrouillée après inactivité : reconnectez-vous.", "Session locked after inactivity: sign in again.")
            return ending + [.signOut]
        }
    }

    /// The break-glass access is over: the record leaves the screen, whatever was open on it.
    private mutating func endBreakGlass(why: String, message: String) -> [KioskEffect] {
        breakGlass = nil
        breakGlassLeft = nil
        record = nil
        dialog = nil
        showHelp = false
        screen = .search
        search.message = message
        return [.endBreakGlass(why: why)]
    }

    /// Forgets the professional and every patient detail.
    private mutating func signOut() {
        breakGlass = nil
        breakGlassLeft = nil
        breakGlassForm = nil
        breakGlassPatient = nil
        dialog = nil
        professional = nil
        record = nil
        inbox = []
        search = SearchScreen(form: KioskApp.searchForm(strings))
        login = LoginForm(form: KioskApp.loginForm(strings))
        screen = .login
        showHelp = false
    }

    /// The record view's `quit` closes the record; its other effects go to the runner.
    private mutating func recordEffects(_ effects: [AppEffect]) -> [KioskEffect] {
        var result: [KioskEffect] = []
        for effect in effects {
            if effect == .quit {
                record = nil
                screen = .search
                search.inResults = search.results.map { $0.count > 0 } ?? false
                if breakGlass != nil {
                    breakGlass = nil
                    result.append(.endBreakGlass(why: "logout"))
                }
            } else {
                result.append(.record(effect))
            }
        }
        return result
    }

    private mutating func handle(_ key: Key) -> [KioskEffect] {
        // Ctrl-C, Ctrl-Z and Ctrl-\ do nothing at a shared terminal.
        if case let .control(c) = key, ["c", "z", "\\", "d"].contains(c) { return [] }
        if showHelp { showHelp = false; return [] }
        if var dialog {
            guard let outcome = dialog.handle(key) else { self.dialog = dialog; return [] }
            self.dialog = nil
            return dialogOutcome(outcome)
        }
        switch screen {
        case .breakGlass:
            guard var form = breakGlassForm else { return [] }
            let handled = form.handle(key)
            breakGlassForm = form
            guard let outcome = handled else { return [] }
            switch outcome {
            case .cancelled:
                breakGlassForm = nil
                screen = .search
                search.message = strings.t("Bris de glace abandonné : rien n'a été ouvert.", "Break-glass abandoned: nothing was opened.")
            case let .submitted(values):
                guard let number = Int(values[0]), (1...3).contains(number) else {
                    breakGlassForm?.problem = strings.t("Motif : tapez 1, 2 ou 3.", "Reason: type 1, 2 or 3.")
                    return []
                }
                guard BreakGlassDetail.isSufficient(values[1]) else {
                    breakGlassForm?.problem = strings.t("Justification : au moins une phrase (20 caractères, 3 mots).",
                                                        "Justification: at least a sentence (20 characters, 3 words).")
                    breakGlassForm?.focus = 1
                    return []
                }
                var confirm = Dialog.confirm(strings.t("Confirmer le bris de glace", "Confirm the break-glass access"), breakGlassWarning)
                confirm.confirmLabel = strings.t("o : je confirme", "y: I confirm")
                confirm.cancelLabel = strings.t("Échap : renoncer", "Esc: give up")
                confirm.enterConfirms = false
                dialog = confirm
            }
            return []
        case .login:
            guard !login.busy, let outcome = login.form.handle(key) else { return [] }
            guard case let .submitted(values) = outcome else { return [] }
            login.busy = true
            login.message = strings.t("Vérification…", "Checking…")
            return [.signIn(rpps: values[0], pin: values[1])]
        case .search:
            return searchKey(key)
        case .inbox:
            switch key {
            case .up, .character("k"): inboxList.move(by: -1, count: inbox.count, visibleRows: height - 5)
            case .down, .character("j"): inboxList.move(by: 1, count: inbox.count, visibleRows: height - 5)
            case .escape, .character("q"), .character("i"): screen = .search
            default: break
            }
            return []
        case .record:
            guard var record else { return [] }
            if let breakGlass, breakGlass.tier == .summary, key == .character("c"), record.isReadingPlainly {
                var confirm = Dialog.confirm(strings.t("Dossier complet", "Full record"),
                                             strings.t("Ouvrir tout le dossier au-delà de la synthèse d'urgence ? Cette seconde étape est tracée à part et signalée au patient.",
                                                       "Open the whole record beyond the emergency summary? This second step is recorded on its own and shown to the patient."))
                confirm.confirmLabel = strings.t("o : ouvrir", "y: open")
                confirm.cancelLabel = strings.t("Échap : rester sur la synthèse", "Esc: stay on the summary")
                confirm.enterConfirms = false
                dialog = confirm
                return []
            }
            // As DESIGN.md says: q signs out to the login screen; Escape (with nothing else
            // open) closes the record and goes back to the search.
            if record.isReadingPlainly && !record.hasFilter {
                if key == .character("q") { return signOutKey() }
                if key == .escape { return recordEffects([.quit]) }
            }
            let effects = record.update(.event(.key(key)))
            self.record = record
            return recordEffects(effects)
        }
    }

    private mutating func searchKey(_ key: Key) -> [KioskEffect] {
        if search.inResults, let results = search.results {
            let rows = max(1, height - 12)
            switch key {
            case .up where search.list.selected == 0, .escape, .tab:
                search.inResults = false
            case .up, .character("k"): search.list.move(by: -1, count: results.count, visibleRows: rows)
            case .down, .character("j"): search.list.move(by: 1, count: results.count, visibleRows: rows)
            case .pageUp: search.list.move(by: -rows, count: results.count, visibleRows: rows)
            case .pageDown: search.list.move(by: rows, count: results.count, visibleRows: rows)
            case .enter:
                if let listing = results.item(at: search.list.selected) {
                    search.message = strings.t("Ouverture…", "Opening…")
                    return [.openRecord(listing)]
                }
            case .character("q"): return signOutKey()
            case .character("i"): return [.loadInbox]
            case .character("?"): showHelp = true
            default: break
            }
            return []
        }
        switch key {
        case .down where search.form.focus == search.form.fields.count - 1 && (search.results?.count ?? 0) > 0:
            search.inResults = true
            return []
        case .character("q") where search.form.values.allSatisfy(\.isEmpty):
            return signOutKey()
        case .character("i") where search.form.values.allSatisfy(\.isEmpty):
            return [.loadInbox]
        case .character("?") where search.form.values.allSatisfy(\.isEmpty):
            showHelp = true
            return []
        case .escape:
            search.form = KioskApp.searchForm(strings)
            return []
        default:
            guard let outcome = search.form.handle(key), case let .submitted(values) = outcome else { return [] }
            search.form.focus = 0
            search.message = strings.t("Recherche…", "Searching…")
            return [.search(query: values[0], birthDate: values[1])]
        }
    }

    /// The break-glass confirmations: only `o` (or `y`) confirms, never a bare Enter.
    private mutating func dialogOutcome(_ outcome: Dialog.Outcome) -> [KioskEffect] {
        guard outcome == .confirmed else {
            if screen == .breakGlass {
                breakGlassForm = nil
                screen = .search
                search.message = strings.t("Bris de glace abandonné : rien n'a été ouvert.", "Break-glass abandoned: nothing was opened.")
            }
            return []
        }
        if screen == .breakGlass, let listing = breakGlassPatient, let form = breakGlassForm {
            let values = form.values
            let reason = BreakGlassReason.allCases[(Int(values[0]) ?? 1) - 1]
            breakGlassForm = nil
            screen = .search
            search.message = strings.t("Ouverture en urgence…", "Opening in an emergency…")
            return [.startBreakGlass(listing, reason, justification: values[1])]
        }
        if screen == .record { return [.widenBreakGlass] }
        return []
    }

    static func breakGlassForm(_ s: Strings) -> Form {
        var form = Form(title: s.t("Bris de glace", "Break-glass access"), fields: [
            Form.Field(s.t("Motif (1, 2 ou 3)", "Reason (1, 2 or 3)"), required: true, maxLength: 1),
            Form.Field(s.t("Justification", "Justification"), required: true, maxLength: 500),
        ], hint: s.t("Tab : champ suivant · Entrée : valider · Échap : renoncer", "Tab: next field · Enter: submit · Esc: give up"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.tooLongWording = s.lengthLimitWording
        return form
    }

    var breakGlassWarning: String {
        let hours: String
        // Bounded before it is turned into minutes: the store accepts a day at most.
        if case let .emergency(window) = mode { hours = strings.duration(window.isFinite ? min(max(window, 0), 86_400) : 0) } else { hours = "" }
        return strings.t("Vous allez ouvrir en urgence le dossier de \(Sanitizer.clean(breakGlassPatient?.displayName ?? "")) sans son autorisation. L'accès est limité à \(hours), en lecture seule ; il est tracé et signalé au patient et à son médecin traitant, et il sera revu.",
                         "You are about to open \(Sanitizer.clean(breakGlassPatient?.displayName ?? ""))'s record in an emergency without their grant. The access lasts \(hours) at most, read-only; it is recorded, shown to the patient and their treating doctor, and reviewed.")
    }

    private mutating func signOutKey() -> [KioskEffect] {
        let ending: [KioskEffect] = breakGlass == nil ? [] : [.endBreakGlass(why: "logout")]
        signOut()
        login.message = strings.t("Déconnecté.", "Signed out.")
        return ending + [.signOut]
    }

    // MARK: - Render

    public func render() -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard width >= KioskApp.minimumWidth, height >= KioskApp.minimumHeight else {
            for (row, line) in TextWrap.wrap(strings.tooSmall, width: max(1, width)).enumerated() where row < height {
                buffer.write(line, x: 0, y: row, style: theme.error)
            }
            return buffer
        }
        let (bannerLine, body) = buffer.area.splitTop(1)
        // Red for the whole of a break-glass access; the mode's own colour otherwise.
        let bannerStyle = breakGlass != nil ? theme.alert : (mode == .kiosk ? theme.header : theme.banner)
        buffer.fill(bannerLine, style: bannerStyle)
        buffer.writeMarkingCut(" " + banner, x: 0, y: 0, style: bannerStyle, limit: width)
        switch screen {
        case .login:
            buffer.write(strings.t("Carnet — poste partagé", "Carnet — shared terminal"), x: 2, y: 2, style: theme.title)
            login.form.render(area: body.centered(width: 64, height: 8), into: &buffer, theme: theme)
            if let message = login.message {
                buffer.write(message, x: 2, y: body.maxY - 3, style: login.busy ? theme.muted : theme.error, limit: width - 4)
            }
        case .search: renderSearch(body, into: &buffer)
        case .inbox: renderInbox(body, into: &buffer)
        case .record:
            if let record { buffer.draw(record.render(), x: 0, y: 1) }
        case .breakGlass:
            renderBreakGlass(body, into: &buffer)
        }
        if let dialog { dialog.render(area: body, into: &buffer, theme: theme) }
        if showHelp { renderHelp(body, into: &buffer) }
        return buffer
    }

    /// Who is signed in and in which mode: always on the top line.
    var banner: String {
        if let breakGlass, let professional {
            // Bounded before the conversion: the window is at most a day.
            let seconds = min(max(0, breakGlassLeft ?? breakGlass.expiresAt.timeIntervalSince(breakGlass.startedAt)), 86_400 * 366)
            let left = Int(seconds)
            let countdown = "\(left / 3600):\(Padded.digits(left % 3600 / 60, 2)):\(Padded.digits(left % 60, 2))"
            // What must stay readable at 80 columns comes first: the state, the time left, who,
            // and the keys; the reason (on record, in the trail) goes last, cut with a mark.
            return strings.t("BRIS DE GLACE", "BREAK-GLASS") + " · " + strings.t("reste \(countdown)", "\(countdown) left")
                + " · \(Sanitizer.clean(professional.displayName))"
                + (breakGlass.tier == .summary ? " · " + strings.t("c dossier complet", "c full record") : "") + " · " + strings.t("q fin", "q end")
                + " · " + strings.breakGlassReason(breakGlass.reason.rawValue)
        }
        let mode = self.mode == .kiosk ? strings.t("KIOSQUE", "KIOSK") : strings.t("URGENCES", "EMERGENCY")
        guard let professional else { return "\(mode) · " + strings.t("personne n'est connecté", "nobody is signed in") }
        return "\(mode) · \(Sanitizer.clean(professional.displayName)) (\(professional.profession.frenchName)) · RPPS \(professional.rpps.digits)"

    }

    private func renderSearch(_ area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        var form = search.form
        if search.inResults { form.focus = -1 }
        form.render(area: Rect(x: area.x, y: area.y, width: area.width, height: 7), into: &buffer, theme: theme)
        // A refusal can take three lines: it says whose will applies and why.
        let messageLines = search.message.map { Array(TextWrap.wrap($0, width: area.width - 4).prefix(3)) } ?? []
        for (index, line) in messageLines.enumerated() {
            buffer.write(line, x: 2, y: area.y + 7 + index, style: theme.error, limit: area.width - 4)
        }
        guard let results = search.results, results.count > 0 else { return }
        let top = area.y + 8 + max(0, messageLines.count - 1)
        let listArea = Rect(x: area.x, y: top + 1, width: area.width, height: area.maxY - top - 2)
        buffer.write(s.t("Résultats (Entrée : ouvrir le dossier)", "Results (Enter: open the record)"), x: 1, y: top, style: theme.title)
        var state = search.list
        if !search.inResults { state.selected = -1 }
        ListView.render(results, state: state, area: listArea, into: &buffer, theme: theme)
        StatusBar.render(hints: [], message: s.t("↑↓ choisir · Entrée ouvrir · Échap retour à la recherche · i boîte de réception · q déconnexion",
                                                  "↑↓ choose · Enter open · Esc back to the search · i inbox · q sign out"),
                         area: Rect(x: 0, y: area.maxY - 1, width: area.width, height: 1), into: &buffer, theme: theme)
    }

    private func renderBreakGlass(_ area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        let name = Sanitizer.clean(breakGlassPatient?.displayName ?? "")
        var lines = TextWrap.wrap(s.t("Vous n'avez pas d'autorisation pour le dossier de \(name). Si le patient ne peut pas exprimer sa volonté et que l'urgence le justifie, vous pouvez forcer l'accès (bris de glace), sauf s'il l'a refusé à l'avance.",
                                      "You have no grant for \(name)'s record. If the patient cannot express their will and the emergency justifies it, you may force access (break-glass), unless they refused it in advance."),
                                  width: area.width - 4)
        lines += ["", s.t("Motifs :", "Reasons:")] + BreakGlassReason.allCases.enumerated().map { "  \($0 + 1)  " + s.breakGlassReason($1.rawValue) }
        for (index, line) in lines.enumerated() { buffer.write(line, x: 2, y: area.y + 1 + index, style: index == 0 ? theme.title : theme.normal, limit: area.width - 4) }
        breakGlassForm?.render(area: Rect(x: area.x, y: area.y + lines.count + 2, width: area.width, height: 7), into: &buffer, theme: theme)
    }

    private func renderInbox(_ area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        buffer.write("── " + s.t("Boîte de réception du médecin traitant", "Treating doctor's inbox") + " ──", x: 1, y: area.y, style: theme.title)
        let rows = inbox.map { "\(Sanitizer.clean($0.patient)) (INS \($0.ins)) · " + s.historyRow($0.entry).trimmingCharacters(in: .whitespaces) }
        let listArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
        ListView.render(InboxSource(rows: rows, emphasized: inbox.map(\.entry.isBreakGlass)), state: inboxList, area: listArea, into: &buffer,
                        theme: theme, emptyText: s.t("Rien à signaler sur vos patients.", "Nothing to report about your patients."))
        StatusBar.render(hints: [], message: s.t("↑↓ défiler · Échap retour", "↑↓ scroll · Esc back"),
                         area: Rect(x: 0, y: area.maxY - 1, width: area.width, height: 1), into: &buffer, theme: theme)
    }

    private func renderHelp(_ area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        let table = CommandTable<String>([
            Command("search", keys: [.enter], group: s.t("Recherche", "Search"), help: s.t("Chercher (INS, ou nom et date de naissance)", "Search (INS, or name and birth date)")),
            Command("results", keys: [.down], group: s.t("Recherche", "Search"), help: s.t("Aller aux résultats", "Go to the results")),
            Command("inbox", keys: [.character("i")], group: s.t("Recherche", "Search"), help: s.t("Boîte de réception (médecin traitant)", "Inbox (treating doctor)")),
            Command("quit", keys: [.character("q")], group: s.groupGeneral, help: s.t("Se déconnecter", "Sign out")),
        ])
        HelpOverlay.render(table, title: s.help, area: area, into: &buffer, theme: theme)
    }
}

/// The inbox's lines, break-glass ones standing out.
struct InboxSource: ListSource {
    let rows: [String]
    let emphasized: [Bool]
    var count: Int { rows.count }
    func row(at index: Int, width: Int) -> String { rows[index] }
    func isEmphasized(at index: Int) -> Bool { emphasized[index] }
}
