import CarnetModel
import TerminalKit

/// The treating doctor's inbox: what happened to their patients' records (break-glass
/// accesses first among them), newest first.
struct InboxScreen {
    enum Outcome: Equatable { case back, help }

    var items: [InboxItem]
    var list = ListState()
    /// The whole of an alert: a row is cut at the screen's width, its details are not.
    var detail: DetailText?

    init(items: [InboxItem]) { self.items = items }

    mutating func handle(_ key: Key, keys: KeyMap, strings s: Strings, width: Int, height: Int) -> Outcome? {
        let rows = max(1, height - 4)
        if detail != nil {
            return DetailText.handle(key, in: &detail, keys: keys, width: width, rows: rows) == .help ? .help : nil
        }
        switch keys.action(for: key, at: .inbox) {
        case .open:
            guard items.indices.contains(list.selected) else { return nil }
            let item = items[list.selected]
            detail = DetailText(text: "\(Sanitizer.clean(item.patient)) (INS \(item.ins))\n\n" + s.historyDetail(item.entry, reader: .professional()))
        case .up: list.move(by: -1, count: items.count, visibleRows: rows)
        case .down: list.move(by: 1, count: items.count, visibleRows: rows)
        case .pageUp: list.move(by: -rows, count: items.count, visibleRows: rows)
        case .pageDown: list.move(by: rows, count: items.count, visibleRows: rows)
        case .back, .leave: return .back
        case .help: return .help
        default: break
        }
        return nil
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, strings s: Strings, keys: KeyMap) {
        let (body, status) = area.splitBottom(1)
        buffer.writeMarkingCut("── " + s.t("Boîte de réception du médecin traitant", "Treating doctor's inbox") + " ──", x: body.x + 1, y: body.y,
                               style: theme.title, limit: body.width - 2)
        let rows = items.map { "\(Sanitizer.clean($0.patient)) (INS \($0.ins)) · " + s.historyRow($0.entry, reader: .professional()).trimmingCharacters(in: .whitespaces) }
        if let detail {
            detail.render(area: Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1), into: &buffer, theme: theme, wording: s.wording)
            StatusBar.render(hints: keys.footer(at: .detail, width: area.width), message: nil, area: status, into: &buffer, theme: theme)
            return
        }
        ListView.render(EmphasizedLines(rows: rows, emphasized: items.map(\.entry.isBreakGlass)), state: list,
                        area: Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1), into: &buffer, theme: theme,
                        emptyText: s.t("Rien à signaler sur vos patients.", "Nothing to report about your patients."))
        StatusBar.render(hints: keys.footer(at: .inbox, width: area.width), message: nil, area: status, into: &buffer, theme: theme)
    }
}

/// Lines of which some stand out (break-glass accesses in the inbox and the history).
struct EmphasizedLines: ListSource {
    let rows: [String]
    let emphasized: [Bool]
    var count: Int { rows.count }
    func row(at index: Int, width: Int) -> String { rows[index] }
    func isEmphasized(at index: Int) -> Bool { emphasized[index] }
}
