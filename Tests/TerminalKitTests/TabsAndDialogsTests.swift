import Testing
import TerminalKit

@Suite("Tab bar")
struct TabBarTests {
    static let titles = [("Synthèse", "Synth."), ("Antécédents", "Antéc."), ("Allergies", "Allerg."), ("Vaccins", "Vacc."),
                         ("Prescriptions", "Presc."), ("Documents", "Docs"), ("Remboursements", "Rembt."), ("Accès", "Accès")]
        .map { TabBar.Title($0.0, short: $0.1) }

    @Test("at 80 columns every tab keeps a name: the selected one whole, the others short")
    func eighty() {
        var buffer = CellBuffer(width: 80, height: 1)
        TabBar.render(Self.titles, selected: 6, area: buffer.area, into: &buffer, theme: .monochrome)
        let line = buffer.lines[0]
        #expect(line.contains(" 7 Remboursements "))
        #expect(line.hasPrefix(" 1 Synth. 2 Antéc.") && line.contains(" 8 Accès"))
        #expect(!line.contains("Antécédents"))
    }

    @Test("wide enough, every name is whole; very narrow, the others shrink to numbers")
    func widths() {
        var wide = CellBuffer(width: 120, height: 1)
        TabBar.render(Self.titles, selected: 0, area: wide.area, into: &wide, theme: .monochrome)
        #expect(wide.lines[0].contains("2 Antécédents") && wide.lines[0].contains("7 Remboursements"))
        var narrow = CellBuffer(width: 50, height: 1)
        TabBar.render(Self.titles, selected: 4, area: narrow.area, into: &narrow, theme: .monochrome)
        #expect(narrow.lines[0].hasPrefix(" 1 2 3 4 5 Prescriptions  6 7 8"))
    }

    @Test("a click lands on the tab drawn under it")
    func hit() {
        let area = Rect(x: 0, y: 2, width: 80, height: 1)
        let layout = TabBar.layout(Self.titles, selected: 0, width: 80)
        for tab in layout {
            #expect(TabBar.tab(at: tab.x, titles: Self.titles, selected: 0, area: area) == tab.index)
        }
        let end = layout.last.map { $0.x + DisplayWidth.of($0.label) } ?? 0
        #expect(TabBar.tab(at: end + 1, titles: Self.titles, selected: 0, area: area) == nil)
    }
}

@Suite("Dialogs")
struct DialogTests {
    @Test("confirm: Enter or o confirms, Escape or n cancels, other keys wait")
    func confirm() {
        var dialog = Dialog.confirm("Révoquer l'accès", "Jean BERNARD ne pourra plus lire votre dossier.")
        #expect(dialog.handle(.character("x")) == nil)
        #expect(dialog.handle(.enter) == .confirmed)
        #expect(dialog.handle(.character("o")) == .confirmed)
        #expect(dialog.handle(.escape) == .cancelled)
        #expect(dialog.handle(.character("n")) == .cancelled)
    }

    @Test("choose: arrows move within bounds, Enter chooses, a number chooses directly")
    func choose() {
        var dialog = Dialog.choose("Niveau", "Quel accès ?", options: ["lecture", "lecture + écriture"])
        #expect(dialog.handle(.up) == nil)
        #expect(dialog.handle(.down) == nil)
        #expect(dialog.handle(.down) == nil)
        #expect(dialog.handle(.enter) == .chose(1))
        #expect(dialog.handle(.character("1")) == .chose(0))
        #expect(dialog.handle(.character("3")) == nil)
        var buffer = CellBuffer(width: 80, height: 24)
        dialog.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("▸ 2 lecture + écriture") })
    }

    @Test("enter text: a required word must be typed exactly (case aside), else the dialog says so and stays")
    func requiredWord() {
        var dialog = Dialog.enterText("Clôturer", "Tapez « clôturer » pour confirmer.", mustEqual: "clôturer")
        dialog.mismatchHint = "Tapez exactement « clôturer »."
        for c in "cloturer" { _ = dialog.handle(.character(c)) }
        #expect(dialog.handle(.enter) == nil)
        #expect(dialog.problem == "Tapez exactement « clôturer ».")
        var buffer = CellBuffer(width: 80, height: 24)
        dialog.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("Tapez exactement") })
        #expect(buffer.lines.contains { $0.contains("› cloturer") })
        dialog = Dialog.enterText("Clôturer", "", mustEqual: "clôturer")
        for c in " CLÔTURER " { _ = dialog.handle(.character(c)) }
        #expect(dialog.handle(.enter) == .entered("CLÔTURER"))
    }

    @Test("a dialog draws over the screen inside its area, framed")
    func drawing() {
        var buffer = CellBuffer(width: 40, height: 10)
        buffer.fill(buffer.area)
        Dialog.confirm("Bloquer", "Claire PETIT ne pourra plus ouvrir votre dossier.").render(area: buffer.area, into: &buffer, theme: .color)
        #expect(buffer.lines.contains { $0.contains("┌─ Bloquer ") })
        #expect(buffer.lines.contains { $0.contains("Entrée : confirmer · Échap : annuler") })
        #expect(buffer.lines.allSatisfy { DisplayWidth.of($0) == 40 })
    }
}

@Suite("Paged list source")
struct PagedListSourceTests {
    /// A stand-in for a keyset query over a table of `total` rows keyed 10, 20, 30, …
    final class Table {
        let total: Int
        var reads: [Int64?] = []
        init(total: Int) { self.total = total }
        func fetch(after: Int64?, limit: Int) -> (items: [Int], next: Int64?) {
            reads.append(after)
            let first = Int((after ?? 0) / 10) + 1
            let items = Array(first..<min(total + 1, first + limit))
            return (items, items.count == limit ? Int64(items.last! * 10) : nil)
        }
    }

    @Test("rows come a page at a time, keyset after keyset, and only nearby pages stay in memory")
    func paging() {
        let table = Table(total: 100_000)
        let source = PagedListSource<Int>(pageSize: 100, cachedPages: 3, count: 100_000, fetch: table.fetch) { item, _ in "ligne \(item)" }
        #expect(source.row(at: 0, width: 20) == "ligne 1")
        #expect(source.row(at: 99, width: 20) == "ligne 100")
        #expect(table.reads == [nil])
        #expect(source.row(at: 100, width: 20) == "ligne 101")
        #expect(table.reads == [nil, 1_000])
        // A jump walks the pages between once; going back to them reads by their cursor.
        #expect(source.row(at: 1_050, width: 20) == "ligne 1051")
        #expect(table.reads.count == 11)
        #expect(source.row(at: 550, width: 20) == "ligne 551")
        #expect(table.reads.last == 5_000)
        #expect(source.pageReads == 12)
    }

    @Test("without a count, the end is found by reading; rows past it are empty")
    func discoveredCount() {
        let table = Table(total: 250)
        let source = PagedListSource<Int>(pageSize: 100, fetch: table.fetch) { item, _ in String(item) }
        #expect(source.count == 200) // one page read, more to come
        #expect(source.row(at: 249, width: 10) == "250")
        #expect(source.count == 250)
        #expect(source.row(at: 250, width: 10) == "")
    }

    @Test("a failing read shows nothing and keeps the error for the screen")
    func failure() {
        struct Jammed: Error {}
        let source = PagedListSource<Int>(pageSize: 10, count: 50, fetch: { _, _ in throw Jammed() }) { item, _ in String(item) }
        #expect(source.row(at: 3, width: 10) == "")
        #expect(source.lastError is Jammed)
    }
}
