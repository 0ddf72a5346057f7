// Widgets render into a buffer for an area: `render(…, area:, into:)`. State that persists
// (selection, scroll offset, text being typed) lives apart in small value types.

/// A row of tabs: `1 Synthèse  2 Antécédents …`, the selected one highlighted.
public enum TabBar {
    /// A tab's name, and a shorter one for narrow terminals.
    public struct Title: Hashable, Sendable {
        public var full: String
        public var short: String
        public init(_ full: String, short: String? = nil) {
            self.full = full
            self.short = short ?? full
        }
    }

    /// Where each tab is drawn: the same layout serves drawing and mouse clicks.
    public static func layout(_ titles: [Title], selected: Int, width: Int) -> [(index: Int, x: Int, label: String)] {
        // Whole names if they fit; else the selected one whole and the others short; else
        // the others as their numbers. The selected tab always shows its whole name.
        // Each tab reads " 3 Allergies"; the selected one has a trailing space so its
        // highlight is balanced.
        // `tight`: no space before the first tab nor after the selected one, the two columns
        // that let nine short names and a long selected one share 80 columns.
        func label(_ index: Int, _ name: String?, tight: Bool = false) -> String {
            let number = (tight && index == 0 ? "" : " ") + "\(index + 1)"
            guard let name else { return number }
            return number + " " + name + (index == selected && !tight ? " " : "")
        }
        let candidates: [[String]] = [
            titles.enumerated().map { label($0, $1.full) },
            titles.enumerated().map { label($0, $0 == selected ? $1.full : $1.short) },
            titles.enumerated().map { label($0, $0 == selected ? $1.full : $1.short, tight: true) },
            titles.enumerated().map { label($0, $0 == selected ? $1.full : nil) },
        ]
        // The last column stays free: a name that reaches the edge reads as cut.
        let labels = candidates.first { $0.reduce(0) { $0 + DisplayWidth.of($1) } < width } ?? candidates[3]
        var x = 0
        return labels.enumerated().map { index, label in
            defer { x += DisplayWidth.of(label) }
            return (index, x, label)
        }
    }

    public static func render(_ titles: [Title], selected: Int, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: theme.normal)
        for tab in layout(titles, selected: selected, width: area.width) {
            let remaining = area.width - tab.x
            guard remaining > 0 else { break }
            buffer.write(tab.label, x: area.x + tab.x, y: area.y, style: tab.index == selected ? theme.selected : theme.normal,
                         limit: remaining)
        }
    }

    /// The tab under column `x` of the bar, if any.
    public static func tab(at x: Int, titles: [Title], selected: Int, area: Rect) -> Int? {
        let column = x - area.x
        return layout(titles, selected: selected, width: area.width)
            .first { column >= $0.x && column < $0.x + DisplayWidth.of($0.label) }?.index
    }
}

/// Selection and scroll of a list; the list itself is asked only for the rows on screen.
public struct ListState: Hashable, Sendable {
    public var selected: Int
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta`, clamped to `count`, and scrolls to keep it visible.
    public mutating func move(by delta: Int, count: Int, visibleRows: Int) {
        guard count > 0 else { selected = 0; offset = 0; return }
        selected = min(max(0, selected + delta), count - 1)
        scrollToSelection(visibleRows: visibleRows, count: count)
    }

    public mutating func scrollToSelection(visibleRows: Int, count: Int) {
        let rows = max(1, visibleRows)
        selected = min(max(0, selected), max(0, count - 1))
        if selected < offset { offset = selected }
        if selected >= offset + rows { offset = selected - rows + 1 }
        offset = min(max(0, offset), max(0, count - rows))
    }
}

/// What a list shows: it may hold a million rows, and is asked for one row at a time.
public protocol ListSource {
    var count: Int { get }
    func row(at index: Int, width: Int) -> String
    /// Whether a row must stand out (a break-glass access in a history, say).
    func isEmphasized(at index: Int) -> Bool
    /// How a row that is not selected is drawn; nil: the theme's normal style. By default an
    /// emphasized row is drawn as an alert.
    func style(at index: Int, theme: Theme) -> Style?
}

extension ListSource {
    public func isEmphasized(at index: Int) -> Bool { false }
    public func style(at index: Int, theme: Theme) -> Style? { isEmphasized(at: index) ? theme.alert : nil }
}

/// A list of plain lines.
public struct LinesSource: ListSource, Sendable {
    public let lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public var count: Int { lines.count }
    public func row(at index: Int, width: Int) -> String { lines[index] }
}

public enum ListView {
    /// - Parameter wrap: a row wider than the list goes on over continuation lines, indented
    ///   by two columns, instead of being cut with "…": for rows that must be read whole (an
    ///   advance directive, a contact and their phone number). The selected row is then kept
    ///   whole on screen (see `wrappedLayout`); a row taller than the list shows what fits,
    ///   its last line ending with "…". Without it, one line a row, as it always was.
    public static func render(_ source: some ListSource, state: ListState, area: Rect, into buffer: inout CellBuffer,
                              theme: Theme, emptyText: String = "", wrap: Bool = false) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        if source.count == 0 {
            buffer.writeMarkingCut(emptyText, x: area.x + 1, y: area.y, style: theme.muted, limit: area.width - 1)
            return
        }
        if wrap, let layout = wrappedLayout(source, state: state, area: area) {
            renderWrapped(layout, source: source, state: state, area: area, into: &buffer, theme: theme)
            return
        }
        let (rows, offset) = plainLayout(count: source.count, state: state, area: area)
        for row in 0..<rows {
            let index = offset + row
            guard index < source.count else { break }
            let selected = index == state.selected
            let style = selected ? theme.selected : source.style(at: index, theme: theme) ?? theme.normal
            if style != theme.normal { buffer.fill(Rect(x: area.x, y: area.y + row, width: area.width, height: 1), style: style) }
            // The marker keeps the selection visible without colour or reverse video. It is
            // drawn apart from the row rather than joined to it, which would copy the row
            // whole: a row may hold a 20 MB value, of which the screen reads only what fits.
            let marker = selected ? "▸" : " "
            let used = buffer.write(marker, x: area.x, y: area.y + row, style: style, limit: area.width)
            buffer.writeMarkingCut(source.row(at: index, width: area.width - 1), x: area.x + used, y: area.y + row, style: style,
                                   limit: area.width - used)
        }
        if rows < area.height && area.width > 2 {
            let position = "\(state.selected + 1)/\(source.count)"
            buffer.write(position, x: area.x + area.width - DisplayWidth.of(position), y: area.y + area.height - 1, style: theme.muted)
        }
    }

    /// The row drawn at screen line `y` (a click), or nil: below the last row, on the
    /// position line, or outside the list. Laid out as `render` lays it out, wrapped or not.
    public static func row(at y: Int, _ source: some ListSource, state: ListState, area: Rect, wrap: Bool = false) -> Int? {
        guard !area.isEmpty, y >= area.y, y < area.maxY, source.count > 0 else { return nil }
        if wrap, let layout = wrappedLayout(source, state: state, area: area) {
            return layout.rows.first { y - area.y >= $0.line && y - area.y < $0.line + $0.lines.count }?.index
        }
        let (rows, offset) = plainLayout(count: source.count, state: state, area: area)
        guard y - area.y < rows else { return nil }
        let index = offset + (y - area.y)
        return index < source.count ? index : nil
    }

    /// One line a row: how many rows are drawn and from which. When they do not all fit, the
    /// last line says where the selection stands ("3/46") and holds no row, so the position
    /// never covers the end of one; the first drawn row moves so the selection stays on screen.
    static func plainLayout(count: Int, state: ListState, area: Rect) -> (rows: Int, offset: Int) {
        let rows = count > area.height && area.height > 1 ? area.height - 1 : area.height
        var offset = max(0, state.offset)
        if state.selected >= offset + rows { offset = state.selected - rows + 1 }
        if state.selected >= 0 && state.selected < offset { offset = state.selected }
        return (rows, offset)
    }

    /// Where wrapped rows go in an area: each drawn row's index, its first line (from the
    /// top of the area) and its lines of text.
    public struct WrappedLayout: Hashable, Sendable {
        public struct Row: Hashable, Sendable {
            public var index: Int
            public var line: Int
            /// The row's text, line by line; continuation lines do not hold their indent.
            public var lines: [String]
            /// Lines of the row were left out (below the area, or beyond its height): the
            /// last drawn one ends with "…".
            public var isCut: Bool
        }
        public var rows: [Row]
        /// Not every row is on screen: the last line of the area says where the selection
        /// stands ("3/12") and holds no row, so that it never hides the end of one.
        public var showsPosition: Bool
    }

    /// The continuation lines' indent, after the marker's column.
    static let wrapIndent = 2

    /// Lays out wrapped rows; nil when the area is too narrow to wrap (one line a row then).
    ///
    /// `render` cannot move the list's state, so the first row drawn is worked out here:
    /// from `state.offset`, moved down as little as needed for the selected row's last line
    /// to be on screen (a row taller than the area shows its first lines). Only the rows
    /// that can be on screen are asked for and wrapped, however long the list.
    public static func wrappedLayout(_ source: some ListSource, state: ListState, area: Rect) -> WrappedLayout? {
        guard area.width >= 2 + wrapIndent + 2, area.height > 0, source.count > 0 else { return nil }
        let count = source.count
        let selected = min(max(0, state.selected), count - 1)
        // A row's lines, at most the area's height of them, and whether it had more.
        var cache: [Int: (lines: [String], longer: Bool)] = [:]
        func wrapped(_ index: Int) -> (lines: [String], longer: Bool) {
            if let cached = cache[index] { return cached }
            let first = area.width - 1
            let text = source.row(at: index, width: first)
            // Read no more of a row than the area can show: a row may hold a 20 MB value.
            // Cut, it ends with "…", and wraps to more lines than the area has anyway.
            let shown = DisplayWidth.truncate(text, to: area.height * first)
            var lines: [String]
            if !shown.contains("\n") && DisplayWidth.of(shown, atMost: first + 1) <= first {
                lines = [shown]
            } else {
                lines = wrapIndented(shown, first: first, rest: first - wrapIndent)
            }
            let result = (Array(lines.prefix(area.height)), lines.count > area.height)
            cache[index] = result
            return result
        }
        func height(_ index: Int, most: Int) -> Int { min(most, wrapped(index).lines.count) }

        func layout(height available: Int) -> (rows: [WrappedLayout.Row], everything: Bool) {
            // The first row: no later than the selection, and no earlier than needed for
            // the selection's lines to end on screen. Each row takes a line at least, so
            // more rows than lines before the selection cannot all fit.
            var first = min(max(0, state.offset), selected)
            first = max(first, selected - available + 1)
            var total = (first...selected).reduce(0) { $0 + height($1, most: available) }
            while total > available && first < selected {
                total -= height(first, most: available)
                first += 1
            }
            var rows: [WrappedLayout.Row] = []
            var line = 0
            var index = first
            while line < available && index < count {
                let row = wrapped(index)
                let fitting = Array(row.lines.prefix(available - line))
                rows.append(.init(index: index, line: line, lines: fitting, isCut: row.longer || fitting.count < row.lines.count))
                line += fitting.count
                index += 1
            }
            // Every row at least begun on screen: a row cut short says so with its "…",
            // and no position line is needed.
            return (rows, first == 0 && index == count)
        }

        let whole = layout(height: area.height)
        if whole.everything || area.height < 2 { return WrappedLayout(rows: whole.rows, showsPosition: false) }
        return WrappedLayout(rows: layout(height: area.height - 1).rows, showsPosition: true)
    }

    /// Wraps a row: its first line `first` columns wide, the continuation lines `rest`.
    /// TextWrap wraps to one width, so the first line is taken from a wrapping at its
    /// width, and what follows it is wrapped again at the narrower one. A first line is
    /// the start of the (cleaned) text; should it not be, one width serves every line.
    static func wrapIndented(_ text: String, first: Int, rest: Int) -> [String] {
        let cleaned = Sanitizer.clean(text, keepNewlines: true)
        guard let head = TextWrap.wrap(cleaned, width: first).first else { return [""] }
        guard cleaned.hasPrefix(head) else { return TextWrap.wrap(cleaned, width: rest) }
        var remainder = cleaned.dropFirst(head.count)
        // The space or the line break the line ended at; none when a word was cut.
        if remainder.first == " " || remainder.first == "\n" { remainder = remainder.dropFirst() }
        if remainder.isEmpty { return [head] }
        return [head] + TextWrap.wrap(String(remainder), width: rest)
    }

    private static func renderWrapped(_ layout: WrappedLayout, source: some ListSource, state: ListState, area: Rect,
                                      into buffer: inout CellBuffer, theme: Theme) {
        for row in layout.rows {
            let selected = row.index == state.selected
            let style = selected ? theme.selected : source.isEmphasized(at: row.index) ? theme.alert : theme.normal
            for (number, text) in row.lines.enumerated() {
                let y = area.y + row.line + number
                // Every line of the selected row stands out, not only its first.
                if style != theme.normal { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
                let indent = number == 0 ? 0 : wrapIndent
                let used = buffer.write(number == 0 && selected ? "▸" : " ", x: area.x, y: y, style: style, limit: area.width) + indent
                let last = number == row.lines.count - 1
                if last && row.isCut {
                    // What is left out is said, even when this line has room to spare.
                    let columns = area.width - used
                    let drawn = buffer.write(text, x: area.x + used, y: y, style: style, limit: columns - 1)
                    buffer.write("…", x: area.x + used + drawn, y: y, style: style, limit: 1)
                } else {
                    buffer.writeMarkingCut(text, x: area.x + used, y: y, style: style, limit: area.width - used)
                }
            }
        }
        if layout.showsPosition {
            let position = "\(state.selected + 1)/\(source.count)"
            buffer.write(position, x: area.x + area.width - DisplayWidth.of(position), y: area.y + area.height - 1, style: theme.muted)
        }
    }
}

/// Word wrapping by display width; words longer than a line are cut.
///
/// One pass over the text (two over a word longer than a line: it is measured, then cut),
/// so a 5 MB document wraps in linear time: a word is never copied or measured again
/// from its start after each cut, and a line is one slice of the text, copied once.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        return TextScanner.scanning(Sanitizer.clean(text, keepNewlines: true)) { scan in
            var lines: [String] = []
            var line = PendingLine()
            var lineWidth = 0
            var position = 0
            // Paragraphs end at "\n", words at " ": each piece between them is a word, empty
            // ones included (two spaces keep a space between their words).
            while true {
                let wordStart = position
                var wordWidth = 0
                var separator: UInt8?
                while position < scan.count {
                    let step = scan.step(at: position)
                    if step.ascii == 0x20 || step.ascii == 0x0A {
                        separator = step.ascii
                        break
                    }
                    wordWidth += step.width
                    position = step.end
                }
                let wordEnd = position
                if lineWidth > 0 && lineWidth + 1 + wordWidth > width {
                    lines.append(line.take(in: scan))
                    lineWidth = 0
                }
                // A word wider than a line is cut at the width, line after line; what is
                // left of it is measured by subtraction, never walked again.
                var start = wordStart
                var remaining = wordWidth
                while remaining > width {
                    var headEnd = start
                    var headWidth = 0
                    while headEnd < wordEnd {
                        let step = scan.step(at: headEnd)
                        if headWidth + step.width > width - lineWidth { break }
                        headWidth += step.width
                        headEnd = step.end
                    }
                    if headEnd == start { break }
                    line.append(start..<headEnd, afterSpace: false, in: scan)
                    lines.append(line.take(in: scan))
                    lineWidth = 0
                    start = headEnd
                    remaining -= headWidth
                }
                line.append(start..<wordEnd, afterSpace: lineWidth > 0, in: scan)
                lineWidth += (lineWidth > 0 ? 1 : 0) + remaining
                switch separator {
                case 0x0A?:
                    lines.append(line.take(in: scan))
                    lineWidth = 0
                    position += 1
                case 0x20?:
                    position += 1
                default:
                    lines.append(line.take(in: scan))
                    return lines
                }
            }
        }
    }

    /// The line being filled. Words and the single spaces between them make it one slice
    /// of the text, copied once when the line is done rather than word by word; it is
    /// built piece by piece only when it is not a slice (a space left out after a line
    /// that so far shows nothing, say).
    private struct PendingLine {
        var start = 0
        var end = 0
        var built: String?

        mutating func append(_ range: Range<Int>, afterSpace: Bool, in scan: TextScanner) {
            if built == nil {
                if start == end && !afterSpace {
                    (start, end) = (range.lowerBound, range.upperBound)
                    return
                }
                let follows = afterSpace ? end + 1 == range.lowerBound && scan.bytes[end] == 0x20 : end == range.lowerBound
                if follows {
                    end = range.upperBound
                    return
                }
                built = scan.string(start..<end)
            }
            if afterSpace { built? += " " }
            built? += scan.string(range)
        }

        mutating func take(in scan: TextScanner) -> String {
            defer { self = PendingLine() }
            return built ?? scan.string(start..<end)
        }
    }
}

/// Scrollable wrapped text (a document, an entry's details).
public enum TextView {
    /// - Parameter wording: how the position reads ("42 %" in French, "42%" in English).
    public static func render(_ lines: [String], offset: Int, area: Rect, into buffer: inout CellBuffer, theme: Theme,
                              wording: Wording = .french) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        for row in 0..<area.height {
            let index = offset + row
            guard index >= 0, index < lines.count else { break }
            buffer.write(lines[index], x: area.x, y: area.y + row, style: theme.normal, limit: area.width)
        }
        if lines.count > area.height && area.width > 8 {
            let percent = min(100, (offset + area.height) * 100 / max(1, lines.count))
            let label = " \(wording.percent(percent)) "
            buffer.write(label, x: area.x + area.width - DisplayWidth.of(label), y: area.y + area.height - 1, style: theme.muted)
        }
    }
}

/// A text field, drawn on one line (`render`) or, for a long text to read whole while it
/// is edited, over several (`renderWrapped`, with ↑ ↓ from `moveVertically`); a secret one
/// shows bullets, never the text, on one line.
///
/// A field holds at most `maxLength` characters: a key that would go beyond is refused
/// and `refusedTooLong` says so until the next edit, for the form or dialog around it to
/// tell the user (in its language: TerminalKit has none, see `LengthLimitWording`). A text
/// set by the program (`text = …`, an initial value) is kept whole even when longer, never
/// cut without a word: `isTooLong` then lets the screen refuse to submit it.
///
/// Editing happens at a cursor, counted in characters (what the user sees as one, an
/// accented letter or a flag): ← → Début Fin move it, Suppr deletes the character under
/// it, ⌫ the one before, and the readline keys people's fingers know from shells work too
/// (Ctrl-A, Ctrl-E, Ctrl-K, Ctrl-U, Ctrl-W). Every printable character is text: a field
/// never takes `q` for a command, that is for the screen around it to decide.
///
/// Cost: typing and erasing at the end (the common case) costs the character, even on a
/// long value; an edit elsewhere costs the text's length, as the characters after it are
/// counted again (an insertion may join its neighbours: a combining accent, half a flag).
public struct TextField: Hashable, Sendable {
    /// The limit of a field that names none: long enough for any note typed in a terminal,
    /// short enough that a field's text never costs a key or a frame anything.
    public static let defaultMaxLength = 4096

    /// Setting it counts its characters once, and puts the cursor at its end (where a
    /// user goes on typing a value the program filled in); typing keeps the count as it
    /// goes, because counting a long text's characters at every key costs its whole length.
    public var text: String {
        get { String(storage) }
        set {
            storage = newValue[...]
            length = newValue.count
            cursorOffset = storage.utf8.count
            cursorCount = length
            refusedTooLong = false
            goalColumn = nil
        }
    }
    public var isSecret: Bool
    public var maxLength: Int
    /// The number of characters in `text`.
    public private(set) var length = 0
    /// The last key was refused because the text would have gone beyond `maxLength`.
    public private(set) var refusedTooLong = false
    /// The text, kept as a slice: the screens copy their state at every key, so a field's
    /// buffer is shared, and Backspace on a long value set by the program shortens the
    /// slice where removing its last character would copy the whole buffer. Read by the
    /// wrapped layout (WrappedField.swift); only this file changes it.
    private(set) var storage: Substring = ""
    /// The cursor as a UTF-8 offset from the start of `storage`, always between two
    /// characters: an offset rather than a `String.Index`, so that two fields holding the
    /// same text with the cursor at the same place are equal whatever their buffers.
    private(set) var cursorOffset = 0
    /// The characters before the cursor, kept as it moves (counting them costs the text).
    private var cursorCount = 0
    /// The column ↑ and ↓ aim for in a wrapped field, kept while they alone move the
    /// cursor: going down through a short line and on, the cursor comes back to the column
    /// it left, as in every editor. Any other key or change forgets it.
    var goalColumn: Int?

    public init(isSecret: Bool = false, maxLength: Int = TextField.defaultMaxLength) {
        self.isSecret = isSecret
        self.maxLength = maxLength
    }

    /// Where the cursor stands: the number of characters before it, from 0 to `length`.
    /// Setting it walks the text up to there; a value outside the text is brought inside.
    public var cursor: Int {
        get { cursorCount }
        set {
            let count = min(max(0, newValue), length)
            if count == length {
                cursorOffset = storage.utf8.count
            } else {
                cursorOffset = offset(of: storage.index(storage.startIndex, offsetBy: count))
            }
            cursorCount = count
            goalColumn = nil
        }
    }

    /// Puts the cursor at the UTF-8 offset `offset`, a character boundary of the text (a
    /// wrapped field's ↑ and ↓ find it on the line above or below). The characters before
    /// it are counted from where the cursor was, so a move costs the distance moved.
    mutating func placeCursor(atOffset offset: Int) {
        let offset = min(max(0, offset), storage.utf8.count)
        let utf8 = storage.utf8
        let target = utf8.index(utf8.startIndex, offsetBy: offset)
        cursorCount += storage.distance(from: cursorIndex, to: target)
        cursorOffset = offset
    }

    /// More characters than `maxLength` (a text set by the program, never typed).
    public var isTooLong: Bool { length > maxLength }

    /// Nothing but spaces (or nothing): read up to the first letter, without copying.
    var isBlank: Bool { storage.allSatisfy(\.isWhitespace) }

    private var atEnd: Bool { cursorOffset == storage.utf8.count }
    private var cursorIndex: String.Index { storage.utf8.index(storage.startIndex, offsetBy: cursorOffset) }
    private func offset(of index: String.Index) -> Int { storage.utf8.distance(from: storage.startIndex, to: index) }

    /// Applies an editing key; returns false if the key is not an edit (Enter, Tab, the
    /// arrows up and down, Escape, function keys: the form or the screen's), true for every
    /// key the field takes, even when it changes nothing (Suppr at the end).
    public mutating func handle(_ key: Key) -> Bool {
        goalColumn = nil
        switch key {
        case let .character(character) where !character.isNewline:
            insert(character)
        case .backspace:
            refusedTooLong = false
            deleteBackward()
        case .delete:
            refusedTooLong = false
            deleteForward()
        case .left:
            if cursorOffset > 0 {
                cursorOffset = offset(of: storage.index(before: cursorIndex))
                cursorCount -= 1
            }
        case .right:
            if !atEnd {
                cursorOffset = offset(of: storage.index(after: cursorIndex))
                cursorCount += 1
            }
        case .home, .control("a"):
            cursorOffset = 0
            cursorCount = 0
        case .end, .control("e"):
            cursorOffset = storage.utf8.count
            cursorCount = length
        case .control("k"):
            // What follows the cursor goes; what is left is a prefix, so the slice is
            // shortened in place, and it holds exactly the characters before the cursor.
            refusedTooLong = false
            storage = storage[..<cursorIndex]
            length = cursorCount
        case .control("u"):
            // As in readline: from the start of the line to the cursor, not the whole line.
            refusedTooLong = false
            if atEnd {
                text = ""
            } else {
                replace(0..<cursorOffset, with: "")
            }
        case .control("w"):
            refusedTooLong = false
            deleteWordBackward()
        default:
            return false
        }
        return true
    }

    private mutating func insert(_ character: Character) {
        guard length < maxLength else {
            refusedTooLong = true
            return
        }
        refusedTooLong = false
        guard atEnd else {
            replace(cursorOffset..<cursorOffset, with: String(character)[...])
            return
        }
        // A slice of a longer buffer (a long value cut down by Backspace) is copied on
        // its own first, so that appending never copies the whole buffer.
        if storage.utf8.count < storage.base.utf8.count { storage = Substring(String(storage)) }
        let end = storage.endIndex
        storage.append(character)
        // A combining accent typed after a letter joins its character: the count grows
        // only when a character starts where the text used to end. Looking back one
        // character costs that character, not the text.
        if storage.index(before: storage.endIndex) >= end { length += 1 }
        cursorOffset = storage.utf8.count
        cursorCount = length
    }

    private mutating func deleteBackward() {
        guard cursorOffset > 0 else { return }
        let previous = storage.index(before: cursorIndex)
        guard atEnd else {
            replace(offset(of: previous)..<cursorOffset, with: "")
            return
        }
        storage = storage[..<previous]
        length -= 1
        cursorOffset = storage.utf8.count
        cursorCount = length
    }

    private mutating func deleteForward() {
        guard !atEnd else { return }
        replace(cursorOffset..<offset(of: storage.index(after: cursorIndex)), with: "")
    }

    /// Ctrl-W, as readline's: the spaces before the cursor, then the word before them.
    private mutating func deleteWordBackward() {
        var start = cursorIndex
        var removed = 0
        while start > storage.startIndex, storage[storage.index(before: start)].isWhitespace {
            start = storage.index(before: start)
            removed += 1
        }
        while start > storage.startIndex, !storage[storage.index(before: start)].isWhitespace {
            start = storage.index(before: start)
            removed += 1
        }
        guard removed > 0 else { return }
        guard atEnd else {
            replace(offset(of: start)..<cursorOffset, with: "")
            return
        }
        storage = storage[..<start]
        length -= removed
        cursorOffset = storage.utf8.count
        cursorCount = length
    }

    /// Replaces the bytes `range` of the text, then puts the cursor after what was
    /// inserted (or where the removal was). The characters are counted again: an edit may
    /// join what was apart ("e" typed before a lone accent, a letter removed between two
    /// halves of a flag), so the cursor goes to the first character boundary at or after
    /// that place, never inside a character.
    private mutating func replace(_ range: Range<Int>, with inserted: Substring) {
        let utf8 = storage.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        var rebuilt = String()
        rebuilt.reserveCapacity(utf8.count - range.count + inserted.utf8.count)
        rebuilt.append(contentsOf: storage[..<lower])
        rebuilt.append(contentsOf: inserted)
        rebuilt.append(contentsOf: storage[upper...])
        let target = range.lowerBound + inserted.utf8.count
        var count = 0
        var index = rebuilt.startIndex
        var cursor: (offset: Int, count: Int)?
        while index < rebuilt.endIndex {
            if cursor == nil {
                let offset = rebuilt.utf8.distance(from: rebuilt.startIndex, to: index)
                if offset >= target { cursor = (offset, count) }
            }
            rebuilt.formIndex(after: &index)
            count += 1
        }
        storage = rebuilt[...]
        length = count
        let placed = cursor ?? (rebuilt.utf8.count, count)
        cursorOffset = placed.offset
        cursorCount = placed.count
    }

    public func render(label: String, focused: Bool, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let labelWidth = buffer.write(label, x: area.x, y: area.y, style: focused ? theme.title : theme.normal, limit: area.width)
        renderLine(x: area.x + labelWidth + 1, y: area.y, width: area.width - labelWidth - 1, focused: focused, into: &buffer, theme: theme)
    }

    /// The value on one line of `width` columns from (x, y), without its label: what
    /// `render` draws after the label, and a wrapped field with one line or a secret.
    func renderLine(x fieldX: Int, y: Int, width fieldWidth: Int, focused: Bool, into buffer: inout CellBuffer, theme: Theme) {
        guard fieldWidth > 0 else { return }
        let area = Rect(x: fieldX, y: y, width: fieldWidth, height: 1)
        buffer.fill(area, style: theme.field)
        let column: Int
        if atEnd {
            // At the end, where the typing happens: the end of the value, and a column
            // kept free for the cursor.
            let visible = visibleEnd(columns: fieldWidth - 1)
            column = buffer.write(visible, x: fieldX, y: area.y, style: theme.field, limit: fieldWidth)
        } else {
            let window = visibleWindow(columns: fieldWidth)
            var x = fieldX
            // The marks and the text are written apart: a lone combining mark starting the
            // text would join "…" and draw over it.
            if window.hiddenBefore { x += buffer.write("…", x: x, y: area.y, style: theme.field, limit: fieldX + fieldWidth - x) }
            x += buffer.write(window.text, x: x, y: area.y, style: theme.field, limit: fieldX + fieldWidth - x)
            if window.hiddenAfter { buffer.write("…", x: x, y: area.y, style: theme.field, limit: fieldX + fieldWidth - x) }
            column = window.cursorColumn
        }
        if focused { buffer.cursor = (min(fieldX + column, area.x + area.width - 1), area.y) }
    }

    /// What a field shows when its cursor is not at the end: a part of the value around
    /// the cursor, "…" marking what is hidden on either side, and the cursor's column.
    struct Window: Equatable {
        var hiddenBefore: Bool
        var text: String
        var hiddenAfter: Bool
        var cursorColumn: Int
    }

    /// The part of the value shown in `columns` when the cursor is before its end. It
    /// depends on the value and the cursor only (rendering keeps no state), and is chosen
    /// so that the view moves as little as it can: the whole value when it fits; else the
    /// end the field shows while typing, as long as the cursor is inside it; else the
    /// start, as long as the cursor is inside it; else a part centred on the cursor, cut
    /// on both sides. Only what is shown is read, plus a line's worth around it, so a long
    /// value costs what the field can show.
    func visibleWindow(columns: Int) -> Window {
        if isSecret { return secretWindow(columns: columns) }
        return TextScanner.scanning(storage) { scan in
            let cursor = cursorOffset
            // The whole value, when it fits; the cursor's column is found on the way.
            var position = 0
            var used = 0
            var cursorColumn = 0
            while position < scan.count {
                if position == cursor { cursorColumn = used }
                let step = scan.step(at: position)
                used += step.width
                if used > columns { break }
                position = step.end
            }
            if position == scan.count { return Window(hiddenBefore: false, text: String(storage), hiddenAfter: false, cursorColumn: cursorColumn) }
            func width(_ range: Range<Int>) -> Int {
                var position = range.lowerBound
                var width = 0
                while position < range.upperBound {
                    let step = scan.step(at: position)
                    width += step.width
                    position = step.end
                }
                return width
            }
            guard columns >= 3 else {
                // No room for marks: the characters from the cursor on.
                var end = cursor
                var used = 0
                while end < scan.count {
                    let step = scan.step(at: end)
                    if used + step.width > columns { break }
                    used += step.width
                    end = step.end
                }
                return Window(hiddenBefore: false, text: scan.string(cursor..<end), hiddenAfter: false, cursorColumn: 0)
            }
            // The end, as shown while typing: "…" then what fits in the columns but one
            // (the cursor's), from its first drawn character (see `visibleEnd`).
            var start = scan.count
            var tailUsed = 0
            var drawnStart = scan.count
            while start > 0 {
                let step = scan.stepBack(before: start)
                if tailUsed + step.width > columns - 2 { break }
                tailUsed += step.width
                start = step.start
                if step.width > 0 { drawnStart = start }
            }
            if cursor >= drawnStart {
                return Window(hiddenBefore: true, text: scan.string(drawnStart..<scan.count), hiddenAfter: false,
                              cursorColumn: 1 + width(drawnStart..<cursor))
            }
            // The start, then "…" in the last column.
            var headEnd = 0
            var headUsed = 0
            while headEnd < scan.count {
                let step = scan.step(at: headEnd)
                if headUsed + step.width > columns - 1 { break }
                headUsed += step.width
                headEnd = step.end
            }
            if cursor < headEnd {
                return Window(hiddenBefore: false, text: scan.string(0..<headEnd), hiddenAfter: true, cursorColumn: width(0..<cursor))
            }
            // A part around the cursor, between two marks: about as much before it as after.
            let inner = columns - 2
            let cursorWidth = scan.step(at: cursor).width
            var lower = cursor
            var before = 0
            while lower > 0 {
                let step = scan.stepBack(before: lower)
                if before + step.width > (inner - cursorWidth) / 2 { break }
                before += step.width
                lower = step.start
            }
            var upper = cursor
            var shown = before
            while upper < scan.count {
                let step = scan.step(at: upper)
                if shown + step.width > inner { break }
                shown += step.width
                upper = step.end
            }
            return Window(hiddenBefore: lower > 0, text: scan.string(lower..<upper), hiddenAfter: upper < scan.count,
                          cursorColumn: (lower > 0 ? 1 : 0) + before)
        }
    }

    /// The same for bullets, one a character, by arithmetic: a secret's text is never read.
    private func secretWindow(columns: Int) -> Window {
        func bullets(_ count: Int) -> String { String(repeating: "•", count: max(0, count)) }
        let cursor = cursorCount
        if length <= columns { return Window(hiddenBefore: false, text: bullets(length), hiddenAfter: false, cursorColumn: cursor) }
        guard columns >= 3 else { return Window(hiddenBefore: false, text: bullets(columns), hiddenAfter: false, cursorColumn: 0) }
        let tailStart = length - (columns - 2)
        if cursor >= tailStart { return Window(hiddenBefore: true, text: bullets(columns - 2), hiddenAfter: false, cursorColumn: 1 + cursor - tailStart) }
        if cursor < columns - 1 { return Window(hiddenBefore: false, text: bullets(columns - 1), hiddenAfter: true, cursorColumn: cursor) }
        let inner = columns - 2
        let lower = cursor - (inner - 1) / 2
        return Window(hiddenBefore: true, text: bullets(inner), hiddenAfter: true, cursorColumn: 1 + cursor - lower)
    }

    /// The end of the value that fits in `columns` (that is where the typing happens), read
    /// from the end, so a long value costs what is shown. When its start is hidden, "…"
    /// takes the first column: a value cut off on screen says it is cut.
    func visibleEnd(columns: Int) -> String {
        guard columns > 0 else { return "" }
        if isSecret {
            if length <= columns { return String(repeating: "•", count: length) }
            return "…" + String(repeating: "•", count: columns - 1)
        }
        return TextScanner.scanning(storage) { scan in
            // The longest end that fits in `columns`; if it is not the whole text, the
            // longest that fits in one column less, after "…", from its first drawn
            // character: a lone combining mark would join "…" and draw over it.
            var start = scan.count
            var used = 0
            var drawnStart = scan.count
            var markedStart: Int?
            while start > 0 {
                let step = scan.stepBack(before: start)
                if markedStart == nil && used + step.width > columns - 1 { markedStart = drawnStart }
                if used + step.width > columns { return "…" + scan.string((markedStart ?? drawnStart)..<scan.count) }
                used += step.width
                start = step.start
                if step.width > 0 { drawnStart = start }
            }
            return String(storage)
        }
    }
}

/// How a form or a dialog says that a field refused text beyond its maximum length.
/// TerminalKit has no language: the screen gives the sentence, TerminalKit the number.
/// The default is French, as TerminalKit's other default wordings are.
public struct LengthLimitWording: Hashable, Sendable {
    /// The sentence, with `{max}` where the limit goes.
    public var template: String
    /// Between groups of three digits: a no-break space in French (4 096), a comma in
    /// English (4,096).
    public var groupSeparator: String

    public init(_ template: String, groupSeparator: String) {
        self.template = template
        self.groupSeparator = groupSeparator
    }

    public static let french = LengthLimitWording("Texte trop long ({max} caractères au plus)", groupSeparator: "\u{00A0}")
    public static let english = LengthLimitWording("Text too long ({max} characters at most)", groupSeparator: ",")

    /// The sentence for a field of `maxLength` characters.
    public func message(maxLength: Int) -> String {
        var digits = String(max(0, maxLength))
        var grouped = ""
        while digits.count > 3 {
            grouped = groupSeparator + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        return template.replacingAll("{max}", with: digits + grouped)
    }
}

extension String {
    /// Without Foundation's `replacingOccurrences`: TerminalKit imports nothing.
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// A framed box with a title and lines of text, centred in an area: dialogs and help.
public enum Box {
    public static func render(title: String, lines: [(String, Style?)], area: Rect, into buffer: inout CellBuffer, theme: Theme,
                              width preferredWidth: Int? = nil) -> Rect {
        // Measured only up to the area's width, as the box never grows past it: a line
        // holding a 20 MB value costs what the box can show.
        let contentWidth = preferredWidth ?? (lines.map { DisplayWidth.of($0.0, atMost: area.width) }.max() ?? 0)
        let box = area.centered(width: max(contentWidth, DisplayWidth.of(title, atMost: area.width) + 2) + 4, height: lines.count + 2)
        guard box.width >= 2, box.height >= 2 else { return box }
        buffer.fill(box, style: theme.normal)
        let horizontal = String(repeating: "─", count: box.width - 2)
        buffer.write("┌" + horizontal + "┐", x: box.x, y: box.y)
        buffer.write("└" + horizontal + "┘", x: box.x, y: box.maxY - 1)
        for y in (box.y + 1)..<(box.maxY - 1) {
            buffer.write("│", x: box.x, y: y)
            buffer.write("│", x: box.x + box.width - 1, y: y)
        }
        buffer.write(" \(title) ", x: box.x + 2, y: box.y, style: theme.title, limit: box.width - 4)
        for (index, line) in lines.enumerated() where box.y + 1 + index < box.maxY - 1 {
            buffer.writeMarkingCut(line.0, x: box.x + 2, y: box.y + 1 + index, style: line.1 ?? theme.normal, limit: box.width - 4)
        }
        return box
    }
}

/// The bottom line: key hints (from the key map), or a message.
public enum StatusBar {
    public static func render(hints: [(key: String, text: String)], message: String?, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.hint)
        if let message {
            let used = buffer.write(" ", x: area.x, y: area.y, style: theme.hint, limit: area.width)
            buffer.writeMarkingCut(message, x: area.x + used, y: area.y, style: theme.hint, limit: area.width - used)
            return
        }
        var x = area.x
        for hint in hints {
            let text = " \(hint.key) \(hint.text) "
            guard x + DisplayWidth.of(text) <= area.x + area.width else { break }
            x += buffer.write(text, x: x, y: area.y, style: theme.hint)
        }
    }
}
