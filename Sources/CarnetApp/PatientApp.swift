import CarnetModel
import TerminalKit

/// What the app asks its runner to do; the runner reports back with an `AppInput`.
public enum AppEffect: Equatable, Sendable {
    case signIn(ins: String, password: String)
    case loadPane(RecordSection)
    case control(ControlRequest)
    case exportSummary
    case findProfessionals(String, ProfessionalSearch)
    case openHistory(AccessHistoryFilter)
    case loadHistoryActors
    case quit
}

public enum AppInput {
    case event(TerminalEvent)
    case signedIn(Patient, today: CalendarDate, allergies: [String]?, alerts: [AccessAlert])
    case signInFailed(String, recordClosed: Bool)
    case paneLoaded(RecordSection, PaneContent)
    case controlDone(ControlRequest)
    case controlFailed(String)
    /// A message for the status line (where an export was written).
    case said(String)
    case professionalsFound([Professional], ProfessionalSearch)
    case historyOpened(AccessHistoryList)
    case historyActors([(actor: String, name: String)])
    case prescriptionHeld(Prescription, [SafetyWarning])
    /// What may be read has changed (a break-glass access widened): read the panes again.
    case reload
    /// No key for the idle time, or the session ends from outside: every detail of the
    /// record leaves the screen and the sign-in returns, saying why.
    case lock(message: String?)
}

public enum PatientCommandID: Hashable, Sendable {
    case pane, up, down, pageUp, pageDown, open, back, filter, help, quit
    // Accès
    case grantAccess, changeLevel, revoke, block, unblock, treatingDoctor, history, closeRecord
    // Documents and Synthèse
    case mask, newEntry, editEmergency
    case export
}

/// The patient's door: sign in, then the record in panes `1`–`8`. Pure state: `update`
/// returns effects, `render` draws into a buffer.
public struct PatientApp {
    public static let minimumWidth = 80
    /// 24 rows on its own; one less under the kiosk's banner.
    public var minimumHeight = 24

    enum Focus: Sendable, Equatable { case ins, password }

    struct LoginState: Sendable {
        var ins = TextField(maxLength: 20)
        var password = TextField(isSecret: true, maxLength: 128)
        var focus = Focus.ins
        var message: String?
        var busy = false
        /// The patient's record is closed: a screen of its own says what that means.
        var recordClosed = false
    }

    struct RecordState {
        var patient: Patient
        var today: CalendarDate
        /// The banner's names, severe first; nil when they could not be read.
        var allergies: [String]?
        var pane = RecordSection.summary
        var contents: [RecordSection: PaneContent] = [:]
        var lists: [RecordSection: ListState] = [:]
        /// The details of the selected row, when open.
        var detail: DetailText?
        var filter: TextField?
        var editingFilter = false
        var showHelp = false
        /// A question being asked, and the act it is a step of.
        var dialog: Dialog?
        var flow: ControlFlow?
        /// What the last act did or why it failed, on the status line.
        var message: String?
        var history: HistoryScreen?
        /// A professional's entry form, and which entry it makes.
        var form: Form?
        var formKind: EntryForm?
        /// Shown before the record until the patient acknowledges them.
        var alerts: [AccessAlert] = []

        var paneIndex: Int { RecordSection.allCases.firstIndex(of: pane) ?? 0 }

        /// Shows a pane, asking for its content the first time.
        mutating func select(_ section: RecordSection) -> [AppEffect] {
            pane = section
            filter = nil
            detail = nil
            return contents[section] == nil ? [.loadPane(section)] : []
        }
    }

    let strings: Strings
    public let theme: Theme
    var login = LoginState()
    var record: RecordState?
    public var width: Int
    public var height: Int

    /// Who reads the record through these panes: the patient, or a professional at a kiosk
    /// or an emergency terminal (who may add entries, not change access settings).
    public enum Role: Sendable, Equatable {
        case patient
        case professional(Professional, catalogs: Catalogs)
    }

    public let role: Role

    public init(strings: Strings, theme: Theme, width: Int, height: Int, role: Role = .patient) {
        self.role = role
        self.strings = strings
        self.theme = theme
        self.width = width
        self.height = height
    }

    /// Moving, reading, help and quit: the same for every role.
    private var browsingCommands: [Command<PatientCommandID>] {
        let s = strings
        let fr = s.language == .french
        let quitHelp: String
        if case .professional = role { quitHelp = s.t("Se déconnecter (Échap : autre patient)", "Sign out (Esc: another patient)") } else { quitHelp = s.t("Quitter", "Quit") }
        return [
            Command(.pane, keys: (1...8).map { .character(Character(String($0))) }, keyLabel: "1–8", group: s.groupPanes,
                    help: fr ? "Aller au volet" : "Go to pane"),
            Command(.up, keys: [.up, .character("k")], group: s.groupMove, help: fr ? "Monter" : "Up"),
            Command(.down, keys: [.down, .character("j")], group: s.groupMove, help: fr ? "Descendre" : "Down"),
            Command(.pageUp, keys: [.pageUp], group: s.groupMove, help: fr ? "Page précédente" : "Previous page"),
            Command(.pageDown, keys: [.pageDown], group: s.groupMove, help: fr ? "Page suivante" : "Next page"),
            Command(.open, keys: [.enter], group: s.groupMove, help: fr ? "Ouvrir le détail" : "Open details", hint: fr ? "détail" : "details"),
            Command(.back, keys: [.escape], group: s.groupMove, help: fr ? "Revenir" : "Back", hint: fr ? "retour" : "back"),
            Command(.filter, keys: [.character("/")], group: s.groupGeneral, help: fr ? "Filtrer (accents ignorés)" : "Filter (accents ignored)", hint: fr ? "filtrer" : "filter"),
            Command(.help, keys: [.character("?")], group: s.groupGeneral, help: fr ? "Aide" : "Help", hint: fr ? "aide" : "help"),
            Command(.quit, keys: [.character("q")], group: s.groupGeneral, help: quitHelp, hint: role == .patient ? (fr ? "quitter" : "quit") : (fr ? "déconnexion" : "sign out")),
        ]
    }

    public var commands: CommandTable<PatientCommandID> {
        let s = strings
        let fr = s.language == .french
        if case .professional = role {
            return CommandTable(browsingCommands + [
                Command(.newEntry, keys: [.character("n")], group: s.t("Écrire", "Writing"),
                        help: s.t("Ajouter au volet (antécédent, allergie, vaccin, prescription, compte rendu)",
                                  "Add to the pane (history, allergy, vaccine, prescription, report)"), hint: s.t("ajouter", "add")),
            ])
        }
        return CommandTable(browsingCommands + [
            Command(.grantAccess, keys: [.character("a")], group: s.groupAccess, help: fr ? "Autoriser un professionnel" : "Grant a professional access", hint: fr ? "autoriser" : "grant"),
            Command(.changeLevel, keys: [.character("l")], group: s.groupAccess, help: fr ? "Changer le niveau d'accès" : "Change the access level", hint: fr ? "niveau" : "level"),
            Command(.revoke, keys: [.character("r")], group: s.groupAccess, help: fr ? "Révoquer l'accès" : "Revoke access", hint: fr ? "révoquer" : "revoke"),
            Command(.block, keys: [.character("b")], group: s.groupAccess, help: fr ? "Bloquer le professionnel" : "Block the professional", hint: fr ? "bloquer" : "block"),
            Command(.unblock, keys: [.character("u")], group: s.groupAccess, help: fr ? "Débloquer le professionnel" : "Unblock the professional", hint: fr ? "débloquer" : "unblock"),
            Command(.treatingDoctor, keys: [.character("t")], group: s.groupAccess, help: fr ? "Choisir le médecin traitant" : "Choose the treating doctor", hint: fr ? "traitant" : "doctor"),
            Command(.history, keys: [.character("h")], group: s.groupAccess, help: fr ? "Historique des accès" : "Access history", hint: fr ? "historique" : "history"),
            Command(.closeRecord, keys: [.character("c")], group: s.groupAccess, help: fr ? "Clôturer le dossier" : "Close the record", hint: fr ? "clôturer" : "close"),
            Command(.mask, keys: [.character("m")], group: s.groupDocuments, help: fr ? "Masquer/démasquer un document" : "Mask/unmask a document", hint: fr ? "masquer" : "mask"),
            Command(.newEntry, keys: [.character("n")], group: s.groupDocuments, help: fr ? "Ajouter un fichier" : "Add a file", hint: fr ? "ajouter" : "add"),
            Command(.export, keys: [.character("x")], group: s.groupSummary, help: fr ? "Exporter ma synthèse (fichier FHIR IPS)" : "Export my summary (FHIR IPS file)",
                    hint: fr ? "exporter" : "export"),
            Command(.editEmergency, keys: [.character("e")], group: s.groupSummary, help: fr ? "Modifier mes données d'urgence" : "Edit my emergency data", hint: fr ? "modifier" : "edit"),
        ])
    }

    /// A filter is applied to the pane (Escape clears it first).
    public var hasFilter: Bool { record?.filter != nil }

    /// No dialog, form, filter, help or details open: a letter key is a command.
    public var isReadingPlainly: Bool {
        guard let record else { return false }
        return record.dialog == nil && record.form == nil && !record.editingFilter && !record.showHelp && record.detail == nil
    }

    // MARK: - Update

    public mutating func update(_ input: AppInput) -> [AppEffect] {
        // While the screen is too small to be read, no key may act on what it would show (a
        // dialog nobody can see must not be confirmed): only `q` leaves.
        if width < Self.minimumWidth || height < minimumHeight {
            switch input {
            case let .event(.key(key)): return key == .character("q") ? [.quit] : []
            case .event(.mouse): return []
            default: break
            }
        }
        switch input {
        case let .event(.resize(width, height)):
            self.width = width
            self.height = height
            return []
        case let .event(.mouse(x, y, action)):
            guard record != nil else { return [] }
            switch action {
            case .wheelUp: return recordKey(.up)
            case .wheelDown: return recordKey(.down)
            case .click:
                guard var state = record, !state.showHelp, !state.editingFilter else { return [] }
                // The tab bar is the third line, under the header and the allergy banner.
                if y == 2 {
                    guard let index = TabBar.tab(at: x, titles: tabTitles, selected: state.paneIndex, area: Rect(x: 0, y: 2, width: width, height: 1))
                    else { return [] }
                    defer { record = state }
                    return state.select(RecordSection.allCases[index])
                }
                // Rows start under the tabs.
                guard state.detail == nil, y >= 3, y < height - 1 else { return [] }
                var list = state.lists[state.pane] ?? ListState()
                list.selected = list.offset + (y - 3)
                list.scrollToSelection(visibleRows: listRows, count: visibleRows(state).count)
                state.lists[state.pane] = list
                record = state
                return []
            }
        case let .event(.key(key)):
            return record == nil ? loginKey(key) : recordKey(key)
        case let .signedIn(patient, today, allergies, alerts):
            record = RecordState(patient: patient, today: today, allergies: allergies)
            record?.alerts = alerts
            login = LoginState()
            return [.loadPane(.summary)]
        case let .signInFailed(message, recordClosed):
            login.busy = false
            login.message = message
            login.recordClosed = recordClosed
            login.password.text = ""
            login.focus = .password
            return []
        case let .paneLoaded(section, content):
            record?.contents[section] = content
            return []
        case let .controlDone(request):
            guard var state = record else { return [] }
            if request == .closeRecord {
                record = nil
                login = LoginState()
                login.recordClosed = true
                return []
            }
            state.message = strings.done(request)
            if case .acknowledgeAlerts = request { state.message = nil }
            // What changed may show in several panes: they are read again when shown.
            let current = state.pane
            state.contents = [:]
            record = state
            return [.loadPane(current)]
        case let .controlFailed(message), let .said(message):
            record?.message = message
            return []
        case let .professionalsFound(found, purpose):
            guard var state = record else { return [] }
            professionalsFound(found, purpose, state: &state)
            record = state
            return []
        case let .historyOpened(list):
            record?.history = HistoryScreen(list: list)
            record?.message = nil
            return []
        case let .historyActors(actors):
            guard var state = record else { return [] }
            historyActors(actors, state: &state)
            record = state
            return []
        case let .lock(message):
            record = nil
            login = LoginState()
            login.message = message
            return []
        case .reload:
            guard var state = record else { return [] }
            state.contents = [:]
            record = state
            return [.loadPane(state.pane)]
        case let .prescriptionHeld(prescription, warnings):
            guard var state = record else { return [] }
            prescriptionHeld(prescription, warnings, state: &state)
            record = state
            return []
        }
    }

    private mutating func loginKey(_ key: Key) -> [AppEffect] {
        guard !login.busy else { return [] }
        if login.recordClosed {
            // Any key leaves the explanation for the login form; q still quits.
            if key == .character("q") { return [.quit] }
            login = LoginState()
            return []
        }
        switch key {
        case .escape where login.focus == .password:
            login.focus = .ins
        case .control("c"), .control("d"):
            return [.quit]
        case .tab, .down:
            login.focus = login.focus == .ins ? .password : .ins
        case .backTab, .up:
            login.focus = .ins
        case .enter:
            if login.focus == .ins {
                login.focus = .password
            } else {
                login.busy = true
                login.message = strings.signingIn
                return [.signIn(ins: login.ins.text, password: login.password.text)]
            }
        default:
            if login.focus == .ins { _ = login.ins.handle(key) } else { _ = login.password.handle(key) }
        }
        return []
    }

    private var listRows: Int { max(1, height - 5) }

    private mutating func recordKey(_ key: Key) -> [AppEffect] {
        guard var state = record else { return [] }
        defer { record = state }
        if !state.alerts.isEmpty {
            switch key {
            case .enter, .character(" "):
                let through = state.alerts.map(\.entry.event.seq).max() ?? 0
                state.alerts = []
                return [.control(.acknowledgeAlerts(through: through))]
            case .character("q"): return [.quit]
            default: return []
            }
        }
        if state.showHelp { state.showHelp = false; return [] }
        if var dialog = state.dialog, let flow = state.flow {
            guard let outcome = dialog.handle(key) else {
                state.dialog = dialog
                return []
            }
            state.dialog = nil
            state.flow = nil
            return advance(flow, outcome, state: &state)
        }
        if var form = state.form, let kind = state.formKind {
            guard let outcome = form.handle(key) else {
                // While a medicine is typed, the formulary's names for it are offered under the fields.
                if kind == .prescription, case let .professional(_, catalogs) = role {
                    form.note = formularyNote(for: form.values[0], catalogs: catalogs)
                }
                state.form = form
                return []
            }
            state.form = nil
            state.formKind = nil
            switch outcome {
            case .cancelled:
                state.message = strings.t("Annulé : rien n'a été ajouté.", "Cancelled: nothing was added.")
                return []
            case let .submitted(values):
                state.form = form
                state.formKind = kind
                let effects = submit(kind, values, state: &state)
                // The form stays open only when `submit` put a problem on it.
                if state.form?.problem == nil { state.form = nil; state.formKind = nil }
                return effects
            }
        }
        state.message = nil
        if state.editingFilter {
            switch key {
            case .enter: state.editingFilter = false
            case .escape: state.editingFilter = false; state.filter = nil
            default:
                if state.filter?.handle(key) == true { state.lists[state.pane] = ListState() }
            }
            return []
        }
        if var detail = state.detail {
            // The details take the body under the tabs, less the filter line when there is one.
            switch detail.handle(key, width: width - 2, rows: max(1, height - 4 - (state.filter == nil ? 0 : 1))) {
            case .stay: state.detail = detail
            case .close: state.detail = nil
            case .quit: return [.quit]
            }
            return []
        }
        if state.history != nil { return historyKey(key, state: &state) }
        guard let command = commands.command(for: key) else { return [] }
        let visible = visibleRows(state)
        var list = state.lists[state.pane] ?? ListState()
        switch command.id {
        case .pane:
            guard case let .character(c) = key, let n = Int(String(c)), (1...8).contains(n) else { return [] }
            return state.select(RecordSection.allCases[n - 1])
        case .up: list.move(by: -1, count: visible.count, visibleRows: listRows)
        case .down: list.move(by: 1, count: visible.count, visibleRows: listRows)
        case .pageUp: list.move(by: -listRows, count: visible.count, visibleRows: listRows)
        case .pageDown: list.move(by: listRows, count: visible.count, visibleRows: listRows)
        case .open:
            if let effects = activate(state.selectedTarget, state: &state) { return effects }
            if visible.indices.contains(list.selected) { state.detail = DetailText(text: visible[list.selected].detail) }
        case .back: state.filter = nil
        case .filter: state.editingFilter = true; state.filter = state.filter ?? TextField()
        case .help: state.showHelp = true
        case .quit: return [.quit]
        case .export:
            state.message = strings.t("Export…", "Exporting…")
            return [.exportSummary]
        case .grantAccess, .changeLevel, .revoke, .block, .unblock, .treatingDoctor, .history, .closeRecord, .mask, .newEntry, .editEmergency:
            return startControl(command.id, state: &state)
        }
        state.lists[state.pane] = list
        return []
    }

    private var tabTitles: [TabBar.Title] { RecordSection.allCases.map(strings.tab) }

    /// Keys while the access history is shown; its filters are dialogs of their own.
    private mutating func historyKey(_ key: Key, state: inout RecordState) -> [AppEffect] {
        guard var history = state.history else { return [] }
        if var detail = history.detail {
            switch detail.handle(key, width: width - 2, rows: listRows) {
            case .stay: history.detail = detail
            case .close: history.detail = nil
            case .quit: return [.quit]
            }
            state.history = history
            return []
        }
        // Under the tabs, the history's title line, then its list.
        let count = history.list.source.count
        let rows = listRows
        switch key {
        case .up, .character("k"): history.state.move(by: -1, count: count, visibleRows: rows)
        case .down, .character("j"): history.state.move(by: 1, count: count, visibleRows: rows)
        case .pageUp: history.state.move(by: -rows, count: count, visibleRows: rows)
        case .pageDown: history.state.move(by: rows, count: count, visibleRows: rows)
        case .enter:
            if let entry = history.list.source.item(at: history.state.selected) { history.detail = DetailText(text: strings.historyDetail(entry)) }
        case .escape, .character("h"):
            state.history = nil
            return []
        case .character("p"), .character("s"), .character("f"): return historyFilterKey(key, state: &state)
        case .character("?"): state.showHelp = true
        case .character("q"): return [.quit]
        case let .character(c) where ("1"..."8").contains(c):
            state.history = nil
            return state.select(RecordSection.allCases[Int(String(c))! - 1])
        default: break
        }
        state.history = history
        return []
    }

    /// The rows of the current pane that pass the filter, with their details.
    private func visibleRows(_ state: RecordState) -> [(row: String, detail: String)] {
        guard let content = state.contents[state.pane] else { return [] }
        let pairs = zip(content.rows, content.details).map { (row: $0, detail: $1) }
        guard let query = state.filter?.text, !query.isEmpty else { return pairs }
        return pairs.filter { SearchText.matches($0.row, query: query) }
    }

    // MARK: - Render

    public func render() -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard width >= Self.minimumWidth, height >= minimumHeight else {
            let lines = TextWrap.wrap(strings.tooSmall, width: max(1, width))
            for (row, line) in lines.enumerated() where row < height {
                buffer.write(line, x: 0, y: row, style: theme.error)
            }
            return buffer
        }
        if let record { renderRecord(record, into: &buffer) } else { renderLogin(into: &buffer) }
        return buffer
    }

    private func renderLogin(into buffer: inout CellBuffer) {
        let area = buffer.area
        buffer.write(strings.appTitle, x: 2, y: 1, style: theme.title)
        if login.recordClosed {
            let lines = TextWrap.wrap(strings.recordClosedText, width: 56).map { ($0, Style?.none) }
            _ = Box.render(title: strings.recordClosedTitle, lines: lines, area: area, into: &buffer, theme: theme, width: 56)
            let (_, status) = area.splitBottom(1)
            StatusBar.render(hints: [], message: strings.closedRecordKeys, area: status, into: &buffer, theme: theme)
            return
        }
        let form = area.centered(width: 60, height: 8)
        // Both labels padded to the wider one, so the two fields line up in any language.
        let labelWidth = max(DisplayWidth.of(strings.insLabel), DisplayWidth.of(strings.passwordLabel))
        login.ins.render(label: DisplayWidth.pad(strings.insLabel, to: labelWidth), focused: login.focus == .ins, area: Rect(x: form.x, y: form.y, width: form.width, height: 1),
                         into: &buffer, theme: theme)
        login.password.render(label: DisplayWidth.pad(strings.passwordLabel, to: labelWidth), focused: login.focus == .password,
                              area: Rect(x: form.x, y: form.y + 2, width: form.width, height: 1), into: &buffer, theme: theme)
        if let message = login.message {
            for (index, line) in TextWrap.wrap(message, width: form.width).prefix(2).enumerated() {
                buffer.write(line, x: form.x, y: form.y + 4 + index, style: login.busy ? theme.muted : theme.error)
            }
        }
        let (_, status) = area.splitBottom(1)
        StatusBar.render(hints: [], message: strings.loginHelp, area: status, into: &buffer, theme: theme)
    }

    private func renderRecord(_ state: RecordState, into buffer: inout CellBuffer) {
        let s = strings
        let p = state.patient
        let (rest, status) = buffer.area.splitBottom(1)
        let (header, afterHeader) = rest.splitTop(1)
        buffer.fill(header, style: theme.header)
        let identity = "\(Sanitizer.clean(p.displayName)) · \(s.lifespan(p, today: state.today)) · INS \(p.ins?.digits ?? s.t("non renseigné", "none")) · \(s.bloodGroup) \(p.bloodGroup?.rawValue ?? s.unknown)"
        buffer.writeMarkingCut(" " + identity, x: header.x, y: header.y, style: theme.header, limit: header.width)
        let (banner, afterBanner) = afterHeader.splitTop(1)
        if let allergies = state.allergies, allergies.isEmpty {
            buffer.write(" " + s.noAllergyRecorded, x: banner.x, y: banner.y, style: theme.muted, limit: banner.width)
        } else if state.allergies == nil {
            // Not read is not "none": say so, in the alert's colour.
            buffer.fill(banner, style: theme.alert)
            buffer.writeMarkingCut(" " + s.allergiesUnreadable, x: banner.x, y: banner.y, style: theme.alert, limit: banner.width)
        } else {
            buffer.fill(banner, style: theme.alert)
            buffer.writeMarkingCut(" " + s.allergyBannerLine(state.allergies ?? [], width: banner.width - 1),
                                   x: banner.x, y: banner.y, style: theme.alert, limit: banner.width)
        }
        let (tabs, body) = afterBanner.splitTop(1)
        TabBar.render(tabTitles, selected: state.paneIndex, area: tabs, into: &buffer, theme: theme)
        var (listArea, filterLine) = body.splitBottom(state.filter == nil ? 0 : 1)
        if let history = state.history {
            renderHistory(history, area: body, into: &buffer)
        } else if let detail = state.detail {
            detail.render(area: listArea, into: &buffer, theme: theme)
        } else if let content = state.contents[state.pane] {
            if let notice = content.notice {
                for (index, line) in TextWrap.wrap(notice, width: max(1, listArea.width - 2)).prefix(max(0, listArea.height - 1)).enumerated() {
                    buffer.write(line, x: listArea.x + 1, y: listArea.y + 1 + index, style: theme.error, limit: listArea.width - 2)
                }
            } else {
                let rows = visibleRows(state).map(\.row)
                ListView.render(LinesSource(rows), state: state.lists[state.pane] ?? ListState(), area: listArea, into: &buffer,
                                theme: theme, emptyText: s.empty)
            }
        }
        if let filter = state.filter {
            filterLine.height = 1
            filter.render(label: "/ \(s.filter) :", focused: state.editingFilter, area: filterLine, into: &buffer, theme: theme)
        }
        StatusBar.render(hints: hints(for: state), message: state.message, area: status, into: &buffer, theme: theme)
        if !state.alerts.isEmpty { renderAlerts(state.alerts, area: rest, into: &buffer) }
        if let form = state.form { form.render(area: rest, into: &buffer, theme: theme) }
        if let dialog = state.dialog { dialog.render(area: rest, into: &buffer, theme: theme) }
        if state.showHelp {
            HelpOverlay.render(commands, title: s.help, area: rest, into: &buffer, theme: theme)
        }
    }

    /// The keys that matter where the patient is: the pane's own acts first.
    private func hints(for state: RecordState) -> [(key: String, text: String)] {
        let fr = strings.language == .french
        if state.history != nil {
            return [("↑↓", fr ? "défiler" : "scroll"), ("Entrée", fr ? "détail" : "details"), ("p", fr ? "professionnel" : "professional"),
                    ("s", fr ? "volet" : "pane"), ("f", fr ? "type" : "kind"), ("Échap", fr ? "retour" : "back")]
        }
        // The acts of the selected row first, then the pane's, then help and quit: at 80
        // columns there is room for about eight; the help overlay lists them all.
        var own: [PatientCommandID] = []
        var enterHint: String?
        switch state.pane {
        case .access:
            switch state.selectedTarget {
            case .grant: own = [.revoke, .changeLevel, .block]
            case .blocked: own = [.unblock]
            case .consent: enterHint = fr ? "changer" : "change"
            case .treatingDoctor: own = [.treatingDoctor]
            case .history: enterHint = fr ? "ouvrir" : "open"
            default: break
            }
            own += [.grantAccess, .history, .closeRecord]
        case .documents: own = [.open, .mask, .newEntry]
        case .summary: own = [.editEmergency, .export]
        default: own = [.open]
        }
        if case .professional = role { own = [.open, .newEntry] }
        var result: [(key: String, text: String)] = enterHint.map { [("Entrée", $0)] } ?? []
        result += own.compactMap { id in commands.commands.first { $0.id == id }.flatMap { c in c.hint.map { (c.keyLabel, $0) } } }
        result += [("?", fr ? "aide" : "help"), ("q", role == .patient ? (fr ? "quitter" : "quit") : (fr ? "déconnexion" : "sign out"))]
        if state.pane != .access { result += [("/", fr ? "filtrer" : "filter"), ("1–8", fr ? "volets" : "panes")] }
        return result
    }

    private func renderHistory(_ history: HistoryScreen, area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        let (titleLine, listArea) = area.splitTop(1)
        let filter = history.list.filter
        var title = "── " + s.t("Historique des accès", "Access history") + " ──"
        var parts: [String] = []
        if let actor = filter.actor { parts.append(actor) }
        if let section = filter.section { parts.append(s.pane(section)) }
        if filter.kind != .all { parts.append(s.historyKind(filter.kind)) }
        title += parts.isEmpty ? " " + s.t("tout (● nouveau depuis votre dernière connexion)", "everything (● new since your last sign-in)") : " " + parts.joined(separator: " · ")
        buffer.write(title, x: titleLine.x + 1, y: titleLine.y, style: theme.title, limit: titleLine.width - 1)
        if let detail = history.detail {
            detail.render(area: listArea, into: &buffer, theme: theme)
        } else if let error = history.list.source.lastError {
            buffer.write(s.message(for: error), x: listArea.x + 1, y: listArea.y, style: theme.error, limit: listArea.width - 2)
        } else {
            ListView.render(history.list.source, state: history.state, area: listArea, into: &buffer, theme: theme,
                            emptyText: s.t("Aucun accès à montrer.", "No access to show."))
        }
    }

    private func renderAlerts(_ alerts: [AccessAlert], area: Rect, into buffer: inout CellBuffer) {
        let s = strings
        let width = max(1, min(74, area.width - 6))
        var lines: [(String, Style?)] = [(s.t("Depuis votre dernière connexion :", "Since your last sign-in:"), theme.title), ("", nil)]
        for alert in alerts {
            for line in TextWrap.wrap(s.alertLine(alert), width: width) { lines.append((line, alert.kind == .breakGlass ? theme.error : nil)) }
        }
        lines += [("", nil), (s.t("Vous retrouverez ces accès dans le volet Accès (8), touche h.", "You will find these in the Access pane (8), key h."), theme.muted),
                  (s.t("Entrée : j'ai pris connaissance · q : quitter", "Enter: I have read this · q: quit"), theme.muted)]
        buffer.fill(area, style: theme.normal)
        _ = Box.render(title: s.t("À savoir sur votre dossier", "About your record"), lines: lines, area: area, into: &buffer, theme: theme, width: width)
    }
}
