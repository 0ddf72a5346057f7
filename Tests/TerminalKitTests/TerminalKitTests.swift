import Testing
import TerminalKit

@Suite("Display width and sanitizer")
struct WidthTests {
    @Test("accents, dashes and ticks take one column; CJK and emoji two; combining marks none", arguments: [
        ("Hélène", 6), ("—", 1), ("✓", 1), ("漢字", 4), ("🩺", 2), ("e\u{301}", 1), ("", 0),
    ])
    func widths(_ text: String, _ expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test("no control character, escape or bidi override gets through")
    func sanitizer() {
        let hostile = "A\u{1B}[31mB\u{1B}]0;title\u{07}C\u{9B}2JD\u{202E}E\u{0008}F\rG\u{2066}H"
        let clean = Sanitizer.clean(hostile)
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!clean.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        #expect(clean == "A[31mB]0;titleC2JDEFGH")
        #expect(Sanitizer.clean("ligne 1\nligne 2", keepNewlines: true) == "ligne 1\nligne 2")
    }

    @Test("truncate and pad by display width")
    func truncation() {
        #expect(DisplayWidth.truncate("Pénicilline", to: 6) == "Pénic…")
        #expect(DisplayWidth.pad("漢字", to: 6) == "漢字  ")
        #expect(DisplayWidth.truncate("漢字漢字", to: 5) == "漢字…")
    }
}

@Suite("Cell buffer")
struct CellBufferTests {
    @Test("a wide character takes two cells and reads back once")
    func wide() {
        var buffer = CellBuffer(width: 6, height: 1)
        let used = buffer.write("a漢b", x: 0, y: 0)
        #expect(used == 4)
        #expect(buffer.lines == ["a漢b  "])
        #expect(buffer[2, 0].isContinuation)
    }

    @Test("writing is clipped to the buffer and to the limit, and never wraps")
    func clipping() {
        var buffer = CellBuffer(width: 5, height: 2)
        buffer.write("Pénicilline", x: 2, y: 0)
        buffer.write("漢字", x: 4, y: 1) // a wide character that does not fit is left out
        buffer.write("xyz", x: -1, y: 1, limit: 2)
        #expect(buffer.lines == ["  Pén", "y    "])
    }

    @Test("the diff holds only the changed cells")
    func diff() {
        var first = CellBuffer(width: 10, height: 3)
        first.write("Synthèse", x: 0, y: 0)
        var second = first
        second.write("X", x: 4, y: 1)
        let runs = second.changes(since: first)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 4 && runs.first?.y == 1 && runs.first?.cells.count == 1)
        #expect(second.changes(since: second).isEmpty)
        #expect(second.changes(since: nil).reduce(0) { $0 + $1.cells.count } == 30)
    }
}

@Suite("Widgets")
struct WidgetTests {
    static let sizes: [(Int, Int)] = [(1, 1), (20, 5), (2, 1), (1, 3), (0, 0)]

    @Test("every widget renders in tiny areas without crashing", arguments: sizes)
    func tiny(_ width: Int, _ height: Int) {
        var buffer = CellBuffer(width: width, height: height)
        let area = buffer.area
        let theme = Theme.color
        TabBar.render(["Synthèse", "Antécédents", "Allergies"].map { TabBar.Title($0) }, selected: 2, area: area, into: &buffer, theme: theme)
        for dialog in [Dialog.confirm("Révoquer", "Jean BERNARD ne pourra plus lire votre dossier."),
                       Dialog.choose("Niveau", "Quel accès ?", options: ["lecture", "lecture + écriture"]),
                       Dialog.enterText("Clôturer", "Tapez « clôturer ».", mustEqual: "clôturer")] {
            dialog.render(area: area, into: &buffer, theme: theme)
        }
        ListView.render(LinesSource((0..<100).map { "ligne \($0) — é漢" }), state: ListState(selected: 50, offset: 48), area: area,
                        into: &buffer, theme: theme)
        ListView.render(LinesSource([]), state: ListState(), area: area, into: &buffer, theme: theme, emptyText: "Rien")
        TextView.render(TextWrap.wrap("Un texte assez long pour être coupé en plusieurs lignes.", width: width), offset: 1, area: area,
                        into: &buffer, theme: theme)
        TextField(isSecret: true).render(label: "Mot de passe", focused: true, area: area, into: &buffer, theme: theme)
        _ = Box.render(title: "Confirmer", lines: [("Voulez-vous ?", nil)], area: area, into: &buffer, theme: theme)
        StatusBar.render(hints: [("q", "quitter"), ("?", "aide")], message: nil, area: area, into: &buffer, theme: theme)
        #expect(buffer.lines.count == height)
        #expect(buffer.lines.allSatisfy { DisplayWidth.of($0) == width })
    }

    @Test("the selected row is marked without colour")
    func selection() {
        var buffer = CellBuffer(width: 12, height: 3)
        ListView.render(LinesSource(["un", "deux", "trois"]), state: ListState(selected: 1), area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == [" un         ", "▸deux       ", " trois      "])
        #expect(buffer[3, 1].style.reverse)
    }

    @Test("list state keeps the selection visible and inside the list")
    func listState() {
        var state = ListState()
        state.move(by: 10, count: 100, visibleRows: 5)
        #expect(state.selected == 10 && state.offset == 6)
        state.move(by: -100, count: 100, visibleRows: 5)
        #expect(state.selected == 0 && state.offset == 0)
        state.move(by: 1_000, count: 100, visibleRows: 5)
        #expect(state.selected == 99 && state.offset == 95)
        state.move(by: 1, count: 0, visibleRows: 5)
        #expect(state.selected == 0)
    }

    @Test("wrapping respects width, keeps paragraphs, cuts words longer than a line")
    func wrapping() {
        #expect(TextWrap.wrap("Glycémie à jeun : 1,28 g/L", width: 12) == ["Glycémie à", "jeun : 1,28", "g/L"])
        #expect(TextWrap.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(TextWrap.wrap("anticonstitutionnellement", width: 10) == ["anticonsti", "tutionnell", "ement"])
        #expect(TextWrap.wrap("x", width: 0).isEmpty)
    }

    @Test("a secret field never shows its text")
    func secretField() {
        var field = TextField(isSecret: true)
        for character in "marie-demo" { _ = field.handle(.character(character)) }
        _ = field.handle(.backspace)
        #expect(field.text == "marie-dem")
        var buffer = CellBuffer(width: 30, height: 1)
        field.render(label: "Mot de passe", focused: true, area: buffer.area, into: &buffer, theme: .color)
        #expect(!buffer.lines[0].contains("marie"))
        #expect(buffer.lines[0].contains("•••••••••"))
    }
}
