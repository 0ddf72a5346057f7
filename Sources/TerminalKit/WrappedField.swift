// A text field over several lines. An advance directive runs to 2000 characters; on one
// line the patient sees a few words around the cursor and cannot read what she is
// changing. Wrapped, the field shows whole lines of it, broken between words.
//
// `TextWrap` wraps text for reading: it hands back lines as strings and forgets where they
// came from. Editing needs the other way round, the line and column of the cursor, which
// is a place in the text: so the field breaks its own lines, as ranges of the text, by the
// same rule (at a space when a word would not fit; a word wider than a line is cut).

extension TextField {
    /// Draws the value over the lines of `area`, broken between words, and puts the
    /// terminal's cursor at the field's when `focused`.
    ///
    /// The last column of every line is kept free, as the one-line field keeps one: for the
    /// cursor at the end of the text, and for the "…" that says lines follow. When the text
    /// has more lines than the area, the area shows those around the cursor: the lines turn
    /// by pages, keeping a line above and a line below the cursor's in sight (with three
    /// lines or more), so that the line just left is still read after a turn. Lines hidden
    /// above make the first line shown begin with "…"; lines hidden below make the last one
    /// end with "…". What is shown depends on the value and the cursor only (rendering
    /// keeps no state), as for the one-line field.
    ///
    /// A secret keeps to one line, drawn as `render` draws it (its bullets say nothing worth
    /// wrapping), and so does an area one line high.
    public func renderWrapped(area: Rect, focused: Bool, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        if isSecret || area.height == 1 {
            renderLine(x: area.x, y: area.y, width: area.width, focused: focused, into: &buffer, theme: theme)
            return
        }
        buffer.fill(area, style: theme.field)
        let view = TextScanner.scanning(storage) { scan in
            FieldLines.view(scan, cursor: cursorOffset, columns: Self.wrapColumns(area.width), rows: area.height)
        }
        for (row, line) in view.lines.enumerated() {
            let y = area.y + row
            var x = area.x
            let end = area.x + area.width
            // The marks and the text are written apart: a lone combining mark starting a
            // line would join "…" and draw over it.
            if row == 0 && view.hiddenAbove { x += buffer.write("…", x: x, y: y, style: theme.field, limit: end - x) }
            x += buffer.write(line, x: x, y: y, style: theme.field, limit: end - x)
            if row == view.lines.count - 1 && view.hiddenBelow { buffer.write("…", x: x, y: y, style: theme.field, limit: end - x) }
        }
        if focused {
            let shift = view.cursorRow == 0 && view.hiddenAbove ? 1 : 0
            buffer.cursor = (min(area.x + shift + view.cursorColumn, area.x + area.width - 1), area.y + view.cursorRow)
        }
    }

    /// Moves the cursor `delta` lines down (up when negative) in the field as
    /// `renderWrapped` draws it in an area `width` columns wide: to the character at the
    /// same column, or the end of a shorter line. Above the first line is the start of the
    /// text, below the last its end, as in the text boxes people know. Repeated, the moves
    /// keep to the column they started from, through shorter lines.
    ///
    /// A wrapped field's ↑ and ↓ (and a page of them for PgUp and PgDn); `handle` leaves
    /// them to the screen around the field, as a one-line field does not take them.
    public mutating func moveVertically(by delta: Int, width: Int) {
        guard delta != 0, !isSecret else { return }
        let columns = Self.wrapColumns(width)
        let (target, goal) = TextScanner.scanning(storage) { scan in
            FieldLines.moved(scan, cursor: cursorOffset, by: delta, goal: goalColumn, columns: columns)
        }
        placeCursor(atOffset: target)
        goalColumn = goal
    }

    /// The columns a line of text takes in an area `width` wide: all but the last, kept
    /// for the cursor and the "…".
    static func wrapColumns(_ width: Int) -> Int { max(1, width - 1) }
}

/// A field's text broken into lines, as byte ranges of it (the `TextScanner`'s positions).
enum FieldLines {
    struct Line: Equatable {
        /// Where its first character starts.
        var start: Int
        /// Where its last drawn character ends: before the space or line break it was
        /// broken at, which no line shows.
        var end: Int
        /// Where the next line starts: `end` when a word was cut, one past it when a space
        /// or a line break was left out between the two.
        var next: Int
        /// The text's last line: nothing follows `end`.
        var isLast: Bool
    }

    /// What a wrapped field shows: the lines in view and where the cursor is among them.
    struct View {
        var lines: [String]
        var hiddenAbove: Bool
        var hiddenBelow: Bool
        var cursorRow: Int
        var cursorColumn: Int
    }

    /// Breaks lines one at a time, so that a reader asks for only as many as it needs.
    struct Breaker {
        let scan: TextScanner
        let columns: Int
        private var position = 0
        private var done = false

        init(_ scan: TextScanner, columns: Int) {
            self.scan = scan
            self.columns = max(1, columns)
        }

        /// The next line, nil after the last. Greedy, as `TextWrap`: words go on a line while
        /// they fit; the space at which a line is broken is shown on neither line (a space
        /// that does not fit hangs, left out too); a word wider than a line is cut.
        mutating func next() -> Line? {
            guard !done else { return nil }
            let start = position
            var position = start
            var used = 0
            // The last space after the line's first character: where it breaks, if a word
            // does not fit.
            var lastSpace: Int?
            while position < scan.count {
                let step = scan.step(at: position)
                if FieldLines.isLineBreak(step, at: position, in: scan) {
                    self.position = step.end
                    return Line(start: start, end: position, next: step.end, isLast: false)
                }
                let width = FieldLines.width(step)
                if used + width > columns {
                    if step.ascii == 0x20 {
                        self.position = step.end
                        return Line(start: start, end: position, next: step.end, isLast: false)
                    }
                    if let lastSpace {
                        self.position = lastSpace + 1
                        return Line(start: start, end: lastSpace, next: lastSpace + 1, isLast: false)
                    }
                    // A character wider than the whole line (an ideograph in one column)
                    // goes on a line of its own rather than stopping the wrapping.
                    let end = position == start ? step.end : position
                    self.position = end
                    return Line(start: start, end: end, next: end, isLast: false)
                }
                if step.ascii == 0x20 && position > start { lastSpace = position }
                used += width
                position = step.end
            }
            done = true
            return Line(start: start, end: scan.count, next: scan.count, isLast: true)
        }
    }

    /// A character's columns as `CellBuffer.write` draws it: a tab is drawn as a space.
    static func width(_ step: TextScanner.Step) -> Int {
        step.ascii == 0x09 ? 1 : step.width
    }

    /// A line break the text holds (set by the program: typing never inserts one).
    static func isLineBreak(_ step: TextScanner.Step, at position: Int, in scan: TextScanner) -> Bool {
        step.ascii == 0x0A || (step.end - position == 2 && scan.bytes[position] == 0x0D && scan.bytes[position + 1] == 0x0A)
    }

    /// The columns from `line`'s start to `offset` (inside the line, or at its end).
    static func column(of offset: Int, in line: Line, _ scan: TextScanner) -> Int {
        var position = line.start
        var used = 0
        while position < min(offset, line.end) {
            let step = scan.step(at: position)
            used += width(step)
            position = step.end
        }
        return used
    }

    /// Whether the cursor at `offset` stands on `line`: from its start to its end, but for
    /// the end of a line whose word was cut, which is the start of the next one. (Lines
    /// follow one another without a gap, so every place of the text is on one line.)
    static func holds(_ line: Line, _ offset: Int) -> Bool {
        offset >= line.start && (offset < line.next || line.isLast)
    }

    /// The first line shown when the cursor is on line `cursorLine`: lines turn by pages
    /// of `rows` less a line kept above and below the cursor (with three rows or more).
    static func firstRow(cursorLine: Int, rows: Int) -> Int {
        let margin = rows >= 3 ? 1 : 0
        let page = rows - 2 * margin
        guard cursorLine >= margin else { return 0 }
        return (cursorLine - margin) / page * page
    }

    /// The lines in view of an area `rows` high, the text wrapped at `columns`. Only the
    /// lines up to the last one shown are broken (and one more, to know whether it is the
    /// last): a cursor near the start of a long value costs what is shown.
    static func view(_ scan: TextScanner, cursor: Int, columns: Int, rows: Int) -> View {
        var breaker = Breaker(scan, columns: columns)
        var lines: [Line] = []
        var cursorLine: Int?
        var top = 0
        while let line = breaker.next() {
            lines.append(line)
            if cursorLine == nil && holds(line, cursor) {
                cursorLine = lines.count - 1
                top = firstRow(cursorLine: lines.count - 1, rows: rows)
            }
            if cursorLine != nil && lines.count > top + rows { break }
        }
        let line = cursorLine ?? lines.count - 1
        let complete = lines.last?.isLast ?? true
        // Near the end, the last page is filled rather than left half empty.
        if complete { top = min(top, max(0, lines.count - rows)) }
        let shown = lines[top..<min(lines.count, top + rows)]
        return View(lines: shown.map { scan.string($0.start..<$0.end) },
                    hiddenAbove: top > 0, hiddenBelow: lines.count > top + rows,
                    cursorRow: line - top, cursorColumn: column(of: cursor, in: lines[line], scan))
    }

    /// Where the cursor goes `delta` lines away, and the column it aims for (`goal`, or
    /// the cursor's own). Breaks the lines only as far as the one it goes to.
    static func moved(_ scan: TextScanner, cursor: Int, by delta: Int, goal: Int?, columns: Int) -> (offset: Int, goal: Int) {
        var breaker = Breaker(scan, columns: columns)
        var lines: [Line] = []
        var cursorLine: Int?
        while let line = breaker.next() {
            lines.append(line)
            if cursorLine == nil && holds(line, cursor) { cursorLine = lines.count - 1 }
            if let cursorLine, lines.count > cursorLine + delta { break }
        }
        let from = cursorLine ?? lines.count - 1
        let goal = goal ?? column(of: cursor, in: lines[from], scan)
        let target = from + delta
        if target < 0 { return (0, goal) }
        if target >= lines.count { return (scan.count, goal) }
        let line = lines[target]
        // The line's end is a place on it, but for a line whose word was cut: there the end
        // is the next line's start, and the last place is before its last character.
        let endIsOnLine = line.end < line.next || line.isLast
        var position = line.start
        var used = 0
        while position < line.end {
            let step = scan.step(at: position)
            let stepWidth = width(step)
            if used == goal || used + stepWidth > goal || (!endIsOnLine && step.end == line.end) { break }
            used += stepWidth
            position = step.end
        }
        return (position, goal)
    }
}
