import Testing
import TerminalKit

// Issue 16: advance directives and people to contact, with their phone numbers, must
// never be cut: their rows wrap onto continuation lines, and the selected one stays whole.

@Suite("Lists whose rows wrap")
struct WrappedListTests {
    static let contacts = LinesSource([
        "Paul DUPONT (fils) 06 11 22 33 44, joignable le soir et le week-end",
        "Claire PETIT (voisine) 01 23 45 67 89, a un double des clés",
        "Dr Paul MARTIN (médecin traitant) 04 72 00 00 00, cabinet",
        "Anne DURAND (sœur) 07 98 76 54 32, habite à Lyon",
        "Jeanne DUPONT (fille) 06 12 34 56 78, personne de confiance",
    ])

    static func render(_ source: LinesSource, selected: Int, offset: Int = 0, width: Int = 40, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        ListView.render(source, state: ListState(selected: selected, offset: offset), area: buffer.area, into: &buffer, theme: .monochrome,
                        wrap: true)
        return buffer
    }

    @Test("at 40 columns, every row wraps, continuation lines indented by two, nothing cut")
    func everythingFits() {
        let buffer = Self.render(Self.contacts, selected: 0, height: 12)
        #expect(buffer.lines == [
            "▸Paul DUPONT (fils) 06 11 22 33 44,     ",
            "   joignable le soir et le week-end     ",
            " Claire PETIT (voisine) 01 23 45 67 89, ",
            "   a un double des clés                 ",
            " Dr Paul MARTIN (médecin traitant) 04 72",
            "   00 00 00, cabinet                    ",
            " Anne DURAND (sœur) 07 98 76 54 32,     ",
            "   habite à Lyon                        ",
            " Jeanne DUPONT (fille) 06 12 34 56 78,  ",
            "   personne de confiance                ",
            "                                        ",
            "                                        ",
        ])
        #expect(!buffer.lines.joined().contains("…"))
    }

    @Test("the selected row near the bottom is drawn whole, highlighted on all its lines, and the position is on a line of its own")
    func selectedNearBottom() {
        let buffer = Self.render(Self.contacts, selected: 4, offset: 0, height: 6)
        #expect(buffer.lines == [
            " Anne DURAND (sœur) 07 98 76 54 32,     ",
            "   habite à Lyon                        ",
            "▸Jeanne DUPONT (fille) 06 12 34 56 78,  ",
            "   personne de confiance                ",
            "                                        ",
            "                                     5/5",
        ])
        for y in 2...3 {
            #expect((0..<40).allSatisfy { buffer[$0, y].style == Theme.monochrome.selected }, "line \(y)")
        }
        #expect(buffer[5, 1].style == Theme.monochrome.normal)
    }

    @Test("a click lands on the row drawn under it, continuation lines included")
    func hitTest() {
        let area = Rect(x: 0, y: 0, width: 40, height: 6)
        let state = ListState(selected: 4, offset: 0)
        let hits = (0..<7).map { ListView.row(at: $0, Self.contacts, state: state, area: area, wrap: true) }
        #expect(hits == [3, 3, 4, 4, nil, nil, nil])
        // Without wrapping, one line a row, from the offset.
        let plain = (0..<7).map { ListView.row(at: $0, Self.contacts, state: ListState(selected: 4, offset: 1), area: area) }
        #expect(plain == [1, 2, 3, 4, nil, nil, nil])
    }

    @Test("an offset above the selection is kept while the selection's lines still end on screen")
    func offsetKept() {
        let buffer = Self.render(Self.contacts, selected: 2, offset: 1, height: 6)
        #expect(buffer.lines[0].hasPrefix(" Claire PETIT"))
        #expect(buffer.lines[2].hasPrefix("▸Dr Paul MARTIN"))
        #expect(buffer.lines[3] == "   00 00 00, cabinet                    ")
        // The row below is cut by the bottom: its last line drawn says so.
        #expect(buffer.lines[4] == " Anne DURAND (sœur) 07 98 76 54 32,…    ")
        #expect(buffer.lines[5].hasSuffix("3/5"))
    }

    @Test("a row taller than the list shows its first lines, the last ending with …")
    func tallerThanList() {
        let long = LinesSource([String(repeating: "Pas d'acharnement thérapeutique. ", count: 20)])
        let buffer = Self.render(long, selected: 0, height: 3)
        #expect(buffer.lines[0].hasPrefix("▸Pas d'acharnement thérapeutique. Pas"))
        #expect(buffer.lines[2].hasPrefix("   "))
        #expect(buffer.lines[2].trimmingCharacters(in: " ").hasSuffix("…"))
        #expect(buffer.lines.allSatisfy { DisplayWidth.of($0) == 40 })
    }

    @Test("a 20 MB row wraps only what the list can show; selected, it takes the list, and the position says there is more")
    func twentyMegabytes() {
        let value = String(repeating: "Pénicilline ", count: 20 * 1024 * 1024 / 13)
        let buffer = Self.render(LinesSource(["court", value]), selected: 1, height: 4)
        #expect(buffer.lines[0] == "▸Pénicilline Pénicilline Pénicilline    ")
        #expect(buffer.lines[1] == "   Pénicilline Pénicilline Pénicilline  ")
        #expect(buffer.lines[2] == "   Pénicilline Pénicilline Pénicilline… ")
        #expect(buffer.lines[3] == "                                     2/2")
        let above = Self.render(LinesSource(["court", value]), selected: 0, height: 4)
        #expect(above.lines[0] == "▸court                                  ")
        #expect(above.lines[3] == "   Pénicilline Pénicilline Pénicilline… ")
    }

    @Test("without wrap, rows are cut with … as they always were")
    func unchanged() {
        var buffer = CellBuffer(width: 40, height: 3)
        ListView.render(Self.contacts, state: ListState(selected: 0), area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines[0] == "▸Paul DUPONT (fils) 06 11 22 33 44, joi…")
        #expect(buffer.lines[2].hasSuffix("1/5"))
    }

    @Test("too narrow to wrap: one line a row, cut")
    func narrow() {
        let buffer = Self.render(Self.contacts, selected: 0, width: 5, height: 5)
        #expect(buffer.lines[0] == "▸Pau…")
        #expect(buffer.lines[1] == " Cla…")
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
