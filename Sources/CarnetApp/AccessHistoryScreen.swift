import CarnetModel
import TerminalKit

/// Who read or changed the patient's record, newest first, read page by page as the
/// patient scrolls (each page an effect: rendering never reads the store).
struct AccessHistoryScreen {
    enum Outcome: Equatable {
        case effects([AppEffect])
        case close
        case pane(RecordSection)
        case help
        /// A filter to choose: by professional, pane or kind (dialogs of the record view).
        case filter(KeyAction)
    }

    let filter: AccessHistoryFilter
    /// Who reads the history: names beside the RPPS numbers the patient knows.
    let reader: HistoryReader
    var list: PagedList<AccessHistoryEntry>
    var state = ListState()
    var detail: DetailText?

    init(filter: AccessHistoryFilter, page: Page<AccessHistoryEntry>, reader: HistoryReader = .owner) {
        self.filter = filter
        self.reader = reader
        list = PagedList(page)
    }

    var place: KeyPlace { detail == nil ? .history : .detail }

    mutating func handle(_ key: Key, keys: KeyMap, strings s: Strings, width: Int, rows: Int) -> Outcome? {
        if detail != nil {
            return DetailText.handle(key, in: &detail, keys: keys, width: width, rows: rows) == .help ? .help : nil
        }
        let count = list.count
        switch keys.action(for: key, at: .history) {
        case .up: state.move(by: -1, count: count, visibleRows: rows)
        case .down: state.move(by: 1, count: count, visibleRows: rows)
        case .pageUp: state.move(by: -rows, count: count, visibleRows: rows)
        case .pageDown: state.move(by: rows, count: count, visibleRows: rows)
        case .open:
            if list.items.indices.contains(state.selected) { detail = DetailText(text: s.historyDetail(list.items[state.selected], reader: reader)) }
            return nil
        case .back, .leave: return .close
        case .help: return .help
        case .byProfessional: return .filter(.byProfessional)
        case .byPane: return .filter(.byPane)
        case .byKind: return .filter(.byKind)
        case .pane:
            guard case let .character(c) = key, let n = Int(String(c)), RecordSection.allCases.indices.contains(n - 1) else { return nil }
            return .pane(RecordSection.allCases[n - 1])
        default: return nil
        }
        guard let cursor = list.cursorToLoad(near: state.selected, screen: rows) else { return nil }
        return .effects([.historyMore(filter, before: cursor)])
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, strings s: Strings) {
        let (titleLine, listArea) = area.splitTop(1)
        var title = "── " + s.t("Historique des accès", "Access history") + " ──"
        var parts: [String] = []
        if let actor = filter.actor { parts.append(actor) }
        if let section = filter.section { parts.append(s.pane(section)) }
        if filter.kind != .all { parts.append(s.historyKind(filter.kind)) }
        title += parts.isEmpty ? " " + s.t("tout (● nouveau depuis votre dernière connexion)", "everything (● new since your last sign-in)")
                               : " " + parts.joined(separator: " · ")
        buffer.writeMarkingCut(title, x: titleLine.x + 1, y: titleLine.y, style: theme.title, limit: titleLine.width - 1)
        if let detail {
            detail.render(area: listArea, into: &buffer, theme: theme, wording: s.wording)
            return
        }
        let (rowsArea, errorLine) = listArea.splitBottom(list.error == nil ? 0 : 1)
        ListView.render(EmphasizedLines(rows: list.items.map { s.historyRow($0, reader: reader) }, emphasized: list.items.map(\.isBreakGlass)), state: state, area: rowsArea,
                        into: &buffer, theme: theme, emptyText: s.t("Aucun accès à montrer.", "No access to show."))
        if let error = list.error {
            buffer.writeMarkingCut(error, x: errorLine.x + 1, y: errorLine.y, style: theme.error, limit: errorLine.width - 2)
        }
    }
}

/// Details opened from a row: wrapped text, scrolled by line and by page, never past its end.
struct DetailText: Equatable {
    let text: String
    var offset = 0
    /// The text wrapped at a width, kept from key to key: wrapping a long document costs
    /// its whole length, which a scrolling key must not pay again (issue 15).
    private var wrapped: Wrapped?

    private struct Wrapped: Equatable {
        var width: Int
        var lines: [String]
    }

    init(text: String) { self.text = text }

    enum Outcome { case help }

    /// The keys of an open detail, the same wherever it is opened: Esc or q closes it (nil
    /// afterwards), ? asks for help, the moving keys scroll.
    static func handle(_ key: Key, in detail: inout DetailText?, keys: KeyMap, width: Int, rows: Int) -> Outcome? {
        guard var open = detail else { return nil }
        switch keys.action(for: key, at: .detail) {
        case .back, .leave: detail = nil
        case .help: return .help
        default:
            open.scroll(key, width: width - 2, rows: rows)
            detail = open
        }
        return nil
    }

    /// Scrolls for a moving key; other keys do nothing.
    mutating func scroll(_ key: Key, width: Int, rows: Int) {
        let width = max(1, width)
        if wrapped?.width != width { wrapped = Wrapped(width: width, lines: TextWrap.wrap(text, width: width)) }
        let last = max(0, (wrapped?.lines.count ?? 0) - rows)
        switch key {
        case .down, .character("j"): offset += 1
        case .up, .character("k"): offset -= 1
        case .pageDown, .character(" "): offset += rows
        case .pageUp: offset -= rows
        case .home: offset = 0
        case .end: offset = last
        default: break
        }
        offset = min(max(0, offset), last)
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, wording: Wording) {
        // Rendering cannot keep what it wraps; the first key does (`scroll`), at the same width.
        let lines = wrapped.flatMap { $0.width == area.width - 2 ? $0.lines : nil } ?? TextWrap.wrap(text, width: max(1, area.width - 2))
        // One column of margin, as every other line of the screens has.
        let inner = Rect(x: area.x + 1, y: area.y, width: max(0, area.width - 1), height: area.height)
        TextView.render(lines, offset: min(offset, max(0, lines.count - area.height)), area: inner, into: &buffer, theme: theme, wording: wording)
    }
}
