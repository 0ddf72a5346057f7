import Foundation
import TerminalKit
import Testing

/// The "3/46" position of a long list has a line of its own: it never covers a row's end.
@Suite("The list's position line")
struct ListPositionTests {
    let rows = (1...46).map { "row \($0) ends with 06 12 34 56 78" }

    func screen(selected: Int, offset: Int = 0) -> [String] {
        var buffer = CellBuffer(width: 40, height: 10)
        var state = ListState()
        state.selected = selected
        state.offset = offset
        ListView.render(LinesSource(rows), state: state, area: buffer.area, into: &buffer, theme: .monochrome)
        return buffer.lines
    }

    @Test("nine rows and the position on the tenth line; every drawn row whole")
    func ownLine() {
        let lines = screen(selected: 0)
        #expect(lines[9].trimmingCharacters(in: .whitespaces) == "1/46")
        for line in lines.prefix(9) { #expect(line.contains("06 12 34 56 78"), "\(line)") }
    }

    @Test("the selection on the last row of the area is moved up into view, not under the position")
    func selectionStaysVisible() {
        let lines = screen(selected: 9, offset: 0)
        #expect(lines.prefix(9).contains { $0.hasPrefix("▸row 10 ") })
        #expect(lines[9].trimmingCharacters(in: .whitespaces) == "10/46")
        #expect(ListView.row(at: 9, LinesSource(rows), state: { var s = ListState(); s.selected = 9; return s }(), area: Rect(x: 0, y: 0, width: 40, height: 10)) == nil)
    }
}
