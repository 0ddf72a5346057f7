import CarnetModel
import TerminalKit

/// A professional finds a patient: by INS, or by name and birth date. In the form every
/// printable key is text ("quentin" is a name, not `q` then "uentin"); the results are a
/// list, where letters are commands.
struct SearchScreen {
    enum Outcome: Equatable {
        case effects([AppEffect])
        case signOut
        case inbox
        case help
    }

    var form: Form
    var query: PatientQuery?
    var results: PagedList<PatientListing>?
    var list = ListState()
    var inResults = false
    var message: String?

    init(strings s: Strings) {
        form = Form(title: s.t("Rechercher un patient", "Find a patient"),
                    fields: [Form.Field(s.t("INS ou nom", "INS or name"), required: true, maxLength: 60),
                             Form.Field(s.t("Date de naissance (facultatif)", "Birth date (optional)"), maxLength: 10)],
                    hint: s.t("12/03/1958, 12031958 ou 1958-03-12", "12/03/1958, 12031958 or 1958-03-12"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.tooLongWording = s.lengthLimitWording
        form.submitsFromAnyField = true
    }

    var place: KeyPlace { inResults ? .searchResults : .searchForm }

    /// The rows of the results list, under the form and the message.
    func listRows(height: Int) -> Int { max(1, height - 12) }

    mutating func handle(_ key: Key, keys: KeyMap, strings s: Strings, height: Int) -> Outcome? {
        let action = keys.action(for: key, at: place)
        if inResults, let results {
            let rows = listRows(height: height)
            switch action {
            case .up where list.selected == 0, .back: inResults = false
            case .up: list.move(by: -1, count: results.count, visibleRows: rows)
            case .down: list.move(by: 1, count: results.count, visibleRows: rows)
            case .pageUp: list.move(by: -rows, count: results.count, visibleRows: rows)
            case .pageDown: list.move(by: rows, count: results.count, visibleRows: rows)
            case .open:
                guard results.items.indices.contains(list.selected) else { return nil }
                message = s.t("Ouverture…", "Opening…")
                return .effects([.openRecord(results.items[list.selected])])
            case .leave: return .signOut
            case .inbox: return .inbox
            case .help: return .help
            default: return nil
            }
            return more(rows: rows)
        }
        switch action {
        case .results where (results?.count ?? 0) > 0:
            inResults = true
            return nil
        case .inbox: return .inbox
        case .help: return .help
        case .leave:
            guard form.values.allSatisfy(\.isEmpty) else {
                form = SearchScreen(strings: s).form
                return nil
            }
            return .signOut
        default:
            guard let outcome = form.handle(key), case let .submitted(values) = outcome else { return nil }
            form.focus = 0
            message = s.t("Recherche…", "Searching…")
            return .effects([.search(query: values[0], birthDate: values[1])])
        }
    }

    /// Asks for the next page when the selection nears the end of what is held.
    private mutating func more(rows: Int) -> Outcome? {
        guard let query, var results, let cursor = results.cursorToLoad(near: list.selected, screen: rows) else { return nil }
        self.results = results
        return .effects([.searchMore(query, after: cursor)])
    }

    mutating func found(_ query: PatientQuery?, _ page: Page<PatientListing>, strings s: Strings) {
        self.query = query
        results = PagedList(page)
        list = ListState()
        message = page.items.isEmpty ? s.t("Aucun patient ne correspond.", "No patient matches.") : nil
        inResults = !page.items.isEmpty
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, strings s: Strings, keys: KeyMap) {
        let (body, status) = area.splitBottom(1)
        var form = self.form
        if inResults { form.focus = -1 }
        form.render(area: Rect(x: body.x, y: body.y, width: body.width, height: 7), into: &buffer, theme: theme)
        // A refusal can take three lines: it says whose will applies and why.
        let messageLines = message.map { Array(TextWrap.wrap($0, width: body.width - 4).prefix(3)) } ?? []
        for (index, line) in messageLines.enumerated() {
            buffer.write(line, x: body.x + 2, y: body.y + 7 + index, style: theme.error, limit: body.width - 4)
        }
        if let results, results.count > 0 {
            let top = body.y + 8 + max(0, messageLines.count - 1)
            let listArea = Rect(x: body.x, y: top + 1, width: body.width, height: max(0, body.maxY - top - 1))
            buffer.write(s.t("Résultats", "Results") + (results.isComplete ? " (\(results.count))" : ""), x: body.x + 1, y: top, style: theme.title)
            var state = list
            if !inResults { state.selected = -1 }
            ListView.render(LinesSource(results.items.map(s.listing)), state: state, area: listArea, into: &buffer, theme: theme)
            if let error = results.error {
                buffer.writeMarkingCut(error, x: body.x + 2, y: body.maxY - 1, style: theme.error, limit: body.width - 4)
            }
        }
        StatusBar.render(hints: keys.footer(at: place, width: area.width), message: nil, area: status, into: &buffer, theme: theme)
    }
}
