import CarnetModel
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
}

public enum KioskInput {
    case event(TerminalEvent)
    case signedIn(Professional)
    case signInFailed(String)
    case searchResults(PagedListSource<PatientListing>)
    case searchFailed(String)
    case recordOpened(Patient, today: CalendarDate, allergies: [String])
    case openRefused(String)
    case inbox([InboxItem])
    case record(AppInput)
    /// No key for the idle time: every patient detail leaves the screen.
    case idleLock
}

/// `carnet kiosk`: a shared terminal's session. A professional signs in (RPPS, PIN),
/// finds a patient, reads and adds to the record within what the patient allowed, and
/// walks away: `q` signs out, and so does the idle lock.
public struct KioskApp {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    enum Screen { case login, search, record, inbox }

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

    public init(strings: Strings, theme: Theme, width: Int, height: Int, catalogs: Catalogs) {
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
        return form
    }

    static func searchForm(_ s: Strings) -> Form {
        var form = Form(title: s.t("Rechercher un patient", "Find a patient"),
                        fields: [Form.Field(s.t("INS ou nom", "INS or name"), required: true, maxLength: 60),
                                 Form.Field(s.t("Né(e) le (facultatif)", "Born on (optional)"), maxLength: 10)],
                        hint: s.t("Entrée : chercher · ↓ résultats · i boîte de réception · q déconnexion",
                                  "Enter: search · ↓ results · i inbox · q sign out"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.submitsFromAnyField = true
        return form
    }

    public var isSignedIn: Bool { professional != nil }
    public var hasRecordOpen: Bool { record != nil }

    /// The embedded record view, for the runner to perform its effects.
    public var recordApp: PatientApp? { record }

    // MARK: - Update

    public mutating func update(_ input: KioskInput) -> [KioskEffect] {
        switch input {
        case let .event(.resize(width, height)):
            self.width = width
            self.height = height
            if var record { _ = record.update(.event(.resize(width: width, height: height - 1))); self.record = record }
            return []
        case let .event(.key(key)):
            return handle(key)
        case let .event(.mouse(x, y, action)):
            guard screen == .record, var record, y >= 1 else { return [] }
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
            signOut()
            login.message = strings.t("Session verrouillée après inactivité : reconnectez-vous.", "Session locked after inactivity: sign in again.")
            return [.signOut]
        }
    }

    /// Forgets the professional and every patient detail.
    private mutating func signOut() {
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
        switch screen {
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

    private mutating func signOutKey() -> [KioskEffect] {
        signOut()
        login.message = strings.t("Déconnecté.", "Signed out.")
        return [.signOut]
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
        buffer.fill(bannerLine, style: theme.banner)
        buffer.write(" " + banner, x: 0, y: 0, style: theme.banner, limit: width)
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
        }
        if showHelp { renderHelp(body, into: &buffer) }
        return buffer
    }

    /// Who is signed in and in which mode: always on the top line.
    var banner: String {
        let mode = strings.t("KIOSQUE", "KIOSK")
        guard let professional else { return "\(mode) · " + strings.t("personne n'est connecté", "nobody is signed in") }
        return "\(mode) · \(Sanitizer.clean(professional.displayName)) (\(professional.profession.frenchName)) · RPPS \(professional.rpps.digits)"
            + (record != nil ? " · " + strings.t("q : fermer le dossier", "q: close the record") : "")
    }

    private func renderSearch(_ area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        var form = search.form
        if search.inResults { form.focus = -1 }
        form.render(area: Rect(x: area.x, y: area.y, width: area.width, height: 7), into: &buffer, theme: theme)
        if let message = search.message {
            buffer.write(message, x: 2, y: area.y + 7, style: theme.error, limit: area.width - 4)
        }
        guard let results = search.results, results.count > 0 else { return }
        let listArea = Rect(x: area.x, y: area.y + 9, width: area.width, height: area.height - 10)
        buffer.write(s.t("Résultats (Entrée : ouvrir le dossier)", "Results (Enter: open the record)"), x: 1, y: area.y + 8, style: theme.title)
        var state = search.list
        if !search.inResults { state.selected = -1 }
        ListView.render(results, state: state, area: listArea, into: &buffer, theme: theme)
        StatusBar.render(hints: [], message: s.t("↑↓ choisir · Entrée ouvrir · Échap retour à la recherche · i boîte de réception · q déconnexion",
                                                  "↑↓ choose · Enter open · Esc back to the search · i inbox · q sign out"),
                         area: Rect(x: 0, y: area.maxY - 1, width: area.width, height: 1), into: &buffer, theme: theme)
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
