import CarnetModel
import TerminalKit

/// One patient's record in panes `1`–`9`, at any door, drawn into the area it is given:
/// the header (who, age, INS, blood group), the allergy banner, the tabs, the pane, and the
/// footer. Pure state: `handle` returns effects for the runner, `render` draws.
struct RecordView {
    /// Who reads the record: the patient, or a professional (who may add entries where the
    /// store allows, never change access settings).
    enum Role: Equatable {
        case patient
        case professional(Professional, catalogs: Catalogs)
    }

    enum Outcome: Equatable {
        case effects([AppEffect])
        /// `q` with nothing open: the door decides what leaving the record means.
        case leave
        /// `Esc` with nothing open.
        case back
        case help(KeyPlace)
        /// `c` under a break-glass summary.
        case fullRecord
    }

    let role: Role
    let door: Door
    let strings: Strings
    let keys: KeyMap
    var patient: Patient
    var today: CalendarDate
    /// The banner's names, severe first; nil when they could not be read.
    var allergies: [String]?
    /// The panes this reader may add to (the store said so when the record opened).
    var writable: Set<RecordSection>
    /// Under a break-glass access, how far it reaches (set by the door).
    var breakGlass: BreakGlassAuthorization.Tier?
    var pane = RecordSection.summary
    var contents: [RecordSection: PaneContent] = [:]
    var lists: [RecordSection: ListState] = [:]
    /// The details of the selected row, when open.
    var detail: DetailText?
    var filter: TextField?
    var editingFilter = false
    /// A question being asked, and the act it is a step of.
    var dialog: Dialog?
    var flow: ControlFlow?
    /// What the last act did or why it failed, on the status line.
    var message: String?
    var history: AccessHistoryScreen?
    /// A test's history (table and chart), opened from the Résultats pane.
    var resultHistory: ResultHistoryScreen?
    /// A professional's entry form, and which entry it makes.
    var form: Form?
    var formKind: EntryForm?

    init(role: Role, door: Door, strings: Strings, patient: Patient, today: CalendarDate, allergies: [String]?, writable: Set<RecordSection>) {
        self.role = role
        self.door = door
        self.strings = strings
        keys = KeyMap(door: door, strings: strings)
        self.patient = patient
        self.today = today
        self.allergies = allergies
        self.writable = writable
    }

    var paneIndex: Int { RecordSection.allCases.firstIndex(of: pane) ?? 0 }

    /// Nothing open over the pane: letters are commands.
    var isReadingPlainly: Bool { dialog == nil && form == nil && !editingFilter && detail == nil && history == nil && resultHistory == nil }

    /// Where the keys are read now, for the key map, the footer and the help.
    var place: KeyPlace {
        if editingFilter { return .filterField }
        if let history { return history.place }
        if resultHistory != nil { return .resultHistory }
        if detail != nil { return .detail }
        return .record(RecordKeys(pane: pane, target: selectedTarget, canWrite: canWrite(pane), breakGlass: breakGlass))
    }

    func canWrite(_ section: RecordSection) -> Bool {
        switch role {
        case .patient: return section == .documents || section == .summary || section == .access
        case .professional: return writable.contains(section) && entryForm(for: section) != nil
        }
    }

    /// Shows a pane, asking for its content the first time.
    mutating func select(_ section: RecordSection) -> [AppEffect] {
        pane = section
        filter = nil
        detail = nil
        history = nil
        resultHistory = nil
        return contents[section] == nil ? [.loadPane(section)] : []
    }

    /// Rows of the list: the area less the header, banner, tabs and footer, and the filter line.
    func listRows(_ area: Rect) -> Int { max(1, area.height - 4 - (filter == nil ? 0 : 1)) }

    // MARK: - Keys

    mutating func handle(_ key: Key, area: Rect) -> Outcome? {
        if var dialog, let flow {
            guard let outcome = dialog.handle(key, area: area) else {
                self.dialog = dialog
                return nil
            }
            self.dialog = nil
            self.flow = nil
            return .effects(advance(flow, outcome))
        }
        if var form, let kind = formKind {
            return formKey(key, form: &form, kind: kind)
        }
        message = nil
        if editingFilter {
            switch keys.action(for: key, at: .filterField) {
            case .submit: editingFilter = false
            case .back: editingFilter = false; filter = nil
            default:
                if filter?.handle(key) == true { lists[pane] = ListState() }
            }
            return nil
        }
        if history != nil { return historyKey(key, area: area) }
        if var screen = resultHistory {
            let outcome = screen.handle(key, keys: keys, rows: ResultHistoryScreen.tableRows(bodyArea(area)))
            resultHistory = screen
            switch outcome {
            case .close?: resultHistory = nil
            case .help?: return .help(.resultHistory)
            case nil: break
            }
            return nil
        }
        if detail != nil {
            return DetailText.handle(key, in: &detail, keys: keys, width: area.width, rows: listRows(area)) == .help ? .help(.detail) : nil
        }
        guard let action = keys.action(for: key, at: place) else { return nil }
        // Another pane keeps its own selection: this one's list must not follow it there.
        if action == .pane {
            guard case let .character(c) = key, let n = Int(String(c)), RecordSection.allCases.indices.contains(n - 1) else { return nil }
            return .effects(select(RecordSection.allCases[n - 1]))
        }
        let rows = listRows(area)
        let visible = visibleRows
        var list = lists[pane] ?? ListState()
        defer { lists[pane] = list }
        switch action {
        case .up: list.move(by: -1, count: visible.count, visibleRows: rows)
        case .down: list.move(by: 1, count: visible.count, visibleRows: rows)
        case .pageUp: list.move(by: -rows, count: visible.count, visibleRows: rows)
        case .pageDown: list.move(by: rows, count: visible.count, visibleRows: rows)
        case .open:
            // The pane holds each test's newest values; the history reads them all.
            if case let .resultTest(key) = selectedTarget { return .effects([.openResultTest(key)]) }
            if let effects = activate(selectedTarget) { return .effects(effects) }
            // A heading has nothing more to say.
            if visible.indices.contains(list.selected), !visible[list.selected].detail.isEmpty { detail = DetailText(text: visible[list.selected].detail) }
        case .back:
            guard filter != nil else { return .back }
            filter = nil
        case .filter:
            editingFilter = true
            filter = filter ?? TextField()
        case .help: return .help(place)
        case .leave: return .leave
        case .fullRecord: return .fullRecord
        case .abnormalFirst:
            // The same tests in the other order; the selection goes back to the top.
            if let state = contents[.results]?.results {
                contents[.results] = ResultsPane.content(state.board, abnormalFirst: !state.abnormalFirst, statements: state.statements, strings: strings)
                list = ListState()
                message = state.abnormalFirst ? strings.t("Résultats par groupe.", "Results by group.")
                                              : strings.t("Résultats anormaux d'abord.", "Abnormal results first.")
            }
        case .export:
            message = strings.t("Export…", "Exporting…")
            return .effects([.exportSummary])
        case .grantAccess, .changeLevel, .revoke, .block, .unblock, .treatingDoctor, .history, .closeRecord, .mask, .newEntry, .editEmergency:
            return .effects(startControl(action))
        default: break
        }
        return nil
    }

    private mutating func formKey(_ key: Key, form: inout Form, kind: EntryForm) -> Outcome? {
        guard let outcome = form.handle(key) else {
            // While a medicine is typed, the formulary's names for it are offered under the fields.
            if kind == .prescription, case let .professional(_, catalogs) = role {
                form.note = formularyNote(for: form.values[0], catalogs: catalogs)
            }
            self.form = form
            return nil
        }
        self.form = nil
        formKind = nil
        switch outcome {
        case .cancelled:
            message = strings.t("Annulé : rien n'a été ajouté.", "Cancelled: nothing was added.")
            return nil
        case let .submitted(values):
            self.form = form
            formKind = kind
            let effects = submit(kind, values)
            // The form stays open only when `submit` put a problem on it.
            if self.form?.problem == nil { self.form = nil; formKind = nil }
            return .effects(effects)
        }
    }

    private mutating func historyKey(_ key: Key, area: Rect) -> Outcome? {
        guard var screen = history else { return nil }
        let outcome = screen.handle(key, keys: keys, strings: strings, width: area.width, rows: max(1, area.height - 5))
        history = screen
        switch outcome {
        case nil: return nil
        case let .effects(effects)?: return .effects(effects)
        case .close?: history = nil
        case let .pane(section)?: return .effects(select(section))
        case .help?: return .help(screen.place)
        case let .filter(which)?: return .effects(historyFilter(which))
        }
        return nil
    }

    /// A test's values were read: its history opens. None left to read (a report masked
    /// meanwhile): the pane says so.
    mutating func openResultTest(_ key: String, values: [LabResult]) {
        guard let test = ResultsBoard(results: values).tests.first(where: { $0.key == key }) else {
            message = strings.t("Ce résultat n'est plus visible.", "This result can no longer be seen.")
            return
        }
        resultHistory = ResultHistoryScreen(test: test, today: today, strings: strings, readByPatient: role == .patient, patientSex: patient.sex)
    }

    /// A click at (x, y) in the record's area: a tab, or a row of the list.
    mutating func click(x: Int, y: Int, area: Rect) -> [AppEffect] {
        guard dialog == nil, form == nil, !editingFilter, history == nil, resultHistory == nil else { return [] }
        // The tab bar is the third line, under the header and the allergy banner.
        if y == 2 {
            guard let index = TabBar.tab(at: x, titles: tabTitles, selected: paneIndex, area: Rect(x: 0, y: 2, width: area.width, height: 1))
            else { return [] }
            return select(RecordSection.allCases[index])
        }
        // Rows start under the tabs.
        guard detail == nil, y >= 3, y < area.height - 1 else { return [] }
        var list = lists[pane] ?? ListState()
        let listArea = Rect(x: 0, y: 3, width: area.width, height: listRows(area))
        guard let row = ListView.row(at: y, LinesSource(visibleRows.map(\.row)), state: list, area: listArea, wrap: wrapsRows) else { return [] }
        list.selected = row
        list.scrollToSelection(visibleRows: listRows(area), count: visibleRows.count)
        lists[pane] = list
        return []
    }

    // MARK: - Answers from the runner

    /// A write went through: what changed may show in several panes, and in the banner.
    mutating func done(_ request: ControlRequest) -> [AppEffect] {
        message = strings.done(request)
        if case .acknowledgeAlerts = request { message = nil }
        contents = [:]
        return [.loadPane(pane), .readAllergies]
    }

    /// What may be read has changed: every pane is read again when shown.
    mutating func reload() -> [AppEffect] {
        contents = [:]
        return [.loadPane(pane), .readAllergies]
    }

    /// How the history names people: the patient knows the professionals of the Accès pane.
    var historyReader: HistoryReader {
        guard role == .patient else { return .professional(patientSex: patient.sex) }
        let known = (contents[.access]?.targets ?? []).compactMap { target -> Professional? in
            switch target {
            case let .grant(grant): return grant.professional
            case let .blocked(professional): return professional
            case let .treatingDoctor(professional): return professional
            default: return nil
            }
        }
        return .patient(patient, knowing: known)
    }

    /// The Synthèse wraps its rows instead of cutting them: advance directives and the
    /// people to contact, with their phone numbers, are read whole or not at all.
    var wrapsRows: Bool { pane == .summary }

    var tabTitles: [TabBar.Title] { RecordSection.allCases.map(strings.tab) }

    /// The rows of the current pane that pass the filter, with their details.
    var visibleRows: [(row: String, detail: String)] {
        guard let content = contents[pane] else { return [] }
        return visibleIndices.map { (row: content.rows[$0], detail: content.details[$0]) }
    }

    /// Which of the pane's rows pass the filter.
    var visibleIndices: [Int] {
        guard let content = contents[pane] else { return [] }
        guard let query = filter?.text, !query.isEmpty else { return Array(content.rows.indices) }
        return content.rows.indices.filter { SearchText.matches(content.rows[$0], query: query) }
    }

    /// The area under the header, banner and tabs, above the footer.
    func bodyArea(_ area: Rect) -> Rect {
        Rect(x: area.x, y: area.y + 3, width: area.width, height: max(0, area.height - 4))
    }

    var selectedTarget: RowTarget {
        guard let content = contents[pane], !content.targets.isEmpty else { return .none }
        let index = lists[pane]?.selected ?? 0
        // The filter hides rows: the selection counts among the rows shown.
        let shown = filter.map { filter in content.rows.indices.filter { SearchText.matches(content.rows[$0], query: filter.text) } }
            ?? Array(content.rows.indices)
        return shown.indices.contains(index) ? content.targets[shown[index]] : .none
    }

    // MARK: - Drawing

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        let s = strings
        let p = patient
        let (rest, status) = area.splitBottom(1)
        let (header, afterHeader) = rest.splitTop(1)
        buffer.fill(header, style: theme.header)
        let identity = "\(Sanitizer.clean(p.displayName)) · \(s.lifespan(p, today: today)) · INS \(p.ins?.digits ?? s.t("non renseigné", "none recorded")) · \(s.bloodGroup) \(p.bloodGroup?.rawValue ?? s.unknown)"
        buffer.writeMarkingCut(" " + identity, x: header.x, y: header.y, style: theme.header, limit: header.width)
        let (banner, afterBanner) = afterHeader.splitTop(1)
        if let allergies, allergies.isEmpty {
            buffer.write(" " + s.noAllergyRecorded, x: banner.x, y: banner.y, style: theme.muted, limit: banner.width)
        } else if let allergies {
            buffer.fill(banner, style: theme.alert)
            buffer.writeMarkingCut(" " + s.allergyBannerLine(allergies, width: banner.width - 1), x: banner.x, y: banner.y, style: theme.alert, limit: banner.width)
        } else {
            // Not read is not "none": say so, in the alert's colour.
            buffer.fill(banner, style: theme.alert)
            buffer.writeMarkingCut(" " + s.allergiesUnreadable, x: banner.x, y: banner.y, style: theme.alert, limit: banner.width)
        }
        let (tabs, body) = afterBanner.splitTop(1)
        TabBar.render(tabTitles, selected: paneIndex, area: tabs, into: &buffer, theme: theme)
        var (listArea, filterLine) = body.splitBottom(filter == nil ? 0 : 1)
        if let history {
            history.render(area: body, into: &buffer, theme: theme, strings: s)
        } else if let resultHistory {
            resultHistory.render(area: body, into: &buffer, theme: theme)
        } else if let detail {
            detail.render(area: listArea, into: &buffer, theme: theme, wording: s.wording)
        } else if let content = contents[pane] {
            if let notice = content.notice {
                for (index, line) in TextWrap.wrap(notice, width: max(1, listArea.width - 2)).prefix(max(0, listArea.height - 1)).enumerated() {
                    buffer.write(line, x: listArea.x + 1, y: listArea.y + 1 + index, style: theme.error, limit: listArea.width - 2)
                }
            } else if let results = content.results {
                let visible = visibleIndices
                ListView.render(ResultRows(lines: visible.map { results.lines[$0] }, cells: visible.map { results.cells[$0] }, strings: s,
                                           width: listArea.width - 1), state: lists[pane] ?? ListState(), area: listArea,
                                into: &buffer, theme: theme,
                                emptyText: filter == nil ? s.empty : s.t("Aucune ligne ne correspond au filtre.", "No row matches the filter."))
            } else {
                ListView.render(LinesSource(visibleRows.map(\.row)), state: lists[pane] ?? ListState(), area: listArea, into: &buffer,
                                theme: theme, emptyText: filter == nil ? s.empty : s.t("Aucune ligne ne correspond au filtre.", "No row matches the filter."),
                                wrap: wrapsRows)
            }
        } else {
            buffer.write(s.t("Lecture…", "Reading…"), x: listArea.x + 1, y: listArea.y, style: theme.muted, limit: listArea.width - 2)
        }
        if let filter {
            filterLine.height = 1
            filter.render(label: s.t("/ Filtre :", "/ Filter:"), focused: editingFilter, area: filterLine, into: &buffer, theme: theme)
        }
        // Under a dialog or a form the record's keys do not act: their frame says which do.
        let hints = dialog == nil && form == nil ? keys.footer(at: place, width: status.width) : []
        StatusBar.render(hints: hints, message: message, area: status, into: &buffer, theme: theme)
        if let form { form.render(area: rest, into: &buffer, theme: theme) }
        if let dialog { dialog.render(area: rest, into: &buffer, theme: theme) }
    }
}
