import CarnetModel
import TerminalKit

/// What the app asks its runner to do; the runner reports back with an `AppInput`.
public enum AppEffect: Equatable, Sendable {
    case signIn(ins: String, password: String)
    case loadPane(RecordSection)
    case quit
}

public enum AppInput: Sendable {
    case event(TerminalEvent)
    case signedIn(Patient, today: CalendarDate, allergies: [String])
    case signInFailed(String, recordClosed: Bool)
    case paneLoaded(RecordSection, PaneContent)
}

public enum PatientCommandID: Hashable, Sendable {
    case pane, up, down, pageUp, pageDown, open, back, filter, help, quit
}

/// The patient's door: sign in, then the record in panes `1`–`8`. Pure state: `update`
/// returns effects, `render` draws into a buffer.
public struct PatientApp: Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

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

    struct RecordState: Sendable {
        var patient: Patient
        var today: CalendarDate
        var allergies: [String]
        var pane = RecordSection.summary
        var contents: [RecordSection: PaneContent] = [:]
        var lists: [RecordSection: ListState] = [:]
        /// The details of the selected row, when open, and their scroll offset.
        var detail: (text: String, offset: Int)?
        var filter: TextField?
        var editingFilter = false
        var showHelp = false

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

    public init(strings: Strings, theme: Theme, width: Int, height: Int) {
        self.strings = strings
        self.theme = theme
        self.width = width
        self.height = height
    }

    public var commands: CommandTable<PatientCommandID> {
        let s = strings
        let fr = s.language == .french
        return CommandTable([
            Command(.pane, keys: (1...8).map { .character(Character(String($0))) }, keyLabel: "1–8", group: s.groupPanes,
                    help: fr ? "Aller au volet" : "Go to pane"),
            Command(.up, keys: [.up, .character("k")], group: s.groupMove, help: fr ? "Monter" : "Up"),
            Command(.down, keys: [.down, .character("j")], group: s.groupMove, help: fr ? "Descendre" : "Down"),
            Command(.pageUp, keys: [.pageUp], group: s.groupMove, help: fr ? "Page précédente" : "Previous page"),
            Command(.pageDown, keys: [.pageDown], group: s.groupMove, help: fr ? "Page suivante" : "Next page"),
            Command(.open, keys: [.enter], group: s.groupMove, help: fr ? "Ouvrir le détail" : "Open details", hint: fr ? "détail" : "details"),
            Command(.back, keys: [.escape], group: s.groupMove, help: fr ? "Revenir" : "Back", hint: fr ? "retour" : "back"),
            Command(.filter, keys: [.character("/")], group: s.groupGeneral, help: fr ? "Filtrer le volet (sans accents)" : "Filter the pane (accents ignored)", hint: fr ? "filtrer" : "filter"),
            Command(.help, keys: [.character("?")], group: s.groupGeneral, help: fr ? "Aide" : "Help", hint: fr ? "aide" : "help"),
            Command(.quit, keys: [.character("q")], group: s.groupGeneral, help: fr ? "Quitter" : "Quit", hint: fr ? "quitter" : "quit"),
        ])
    }

    public var isSignedIn: Bool { record != nil }

    // MARK: - Update

    public mutating func update(_ input: AppInput) -> [AppEffect] {
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
        case let .signedIn(patient, today, allergies):
            record = RecordState(patient: patient, today: today, allergies: allergies)
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
        if state.showHelp { state.showHelp = false; return [] }
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
            switch key {
            case .escape, .backspace: state.detail = nil
            case .down, .character("j"): detail.offset += 1; state.detail = detail
            case .up, .character("k"): detail.offset = max(0, detail.offset - 1); state.detail = detail
            case .pageDown: detail.offset += listRows; state.detail = detail
            case .pageUp: detail.offset = max(0, detail.offset - listRows); state.detail = detail
            case .character("q"): return [.quit]
            default: break
            }
            return []
        }
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
            if visible.indices.contains(list.selected) { state.detail = (visible[list.selected].detail, 0) }
        case .back: state.filter = nil
        case .filter: state.editingFilter = true; state.filter = state.filter ?? TextField()
        case .help: state.showHelp = true
        case .quit: return [.quit]
        }
        state.lists[state.pane] = list
        return []
    }

    private var tabTitles: [TabBar.Title] { RecordSection.allCases.map(strings.tab) }

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
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
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
        let identity = "\(Sanitizer.clean(p.displayName)) · \(s.age(p.birthDate.age(on: state.today))) · INS \(p.ins?.digits ?? p.id.description) · \(s.bloodGroup) \(p.bloodGroup?.rawValue ?? s.unknown)"
        buffer.write(" " + identity, x: header.x, y: header.y, style: theme.header, limit: header.width)
        let (banner, afterBanner) = afterHeader.splitTop(1)
        if state.allergies.isEmpty {
            buffer.write(" " + s.noAllergy, x: banner.x, y: banner.y, style: theme.muted, limit: banner.width)
        } else {
            buffer.fill(banner, style: theme.alert)
            buffer.write(" \(s.allergiesBanner) " + state.allergies.joined(separator: ", "), x: banner.x, y: banner.y, style: theme.alert, limit: banner.width)
        }
        let (tabs, body) = afterBanner.splitTop(1)
        TabBar.render(tabTitles, selected: state.paneIndex, area: tabs, into: &buffer, theme: theme)
        var (listArea, filterLine) = body.splitBottom(state.filter == nil ? 0 : 1)
        if let detail = state.detail {
            let lines = TextWrap.wrap(detail.text, width: listArea.width - 2)
            TextView.render(lines, offset: min(detail.offset, max(0, lines.count - listArea.height)), area: listArea.inset(by: 0),
                            into: &buffer, theme: theme)
        } else if let content = state.contents[state.pane] {
            if let notice = content.notice {
                buffer.write(notice, x: listArea.x + 1, y: listArea.y + 1, style: theme.error, limit: listArea.width - 2)
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
        StatusBar.render(hints: [("1–8", s.language == .french ? "volets" : "panes")] + commands.hints, message: nil, area: status,
                         into: &buffer, theme: theme)
        if state.showHelp {
            HelpOverlay.render(commands, title: s.help, area: rest, into: &buffer, theme: theme)
        }
    }
}
