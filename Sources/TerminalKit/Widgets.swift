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
        func label(_ index: Int, _ name: String?) -> String {
            let number = " \(index + 1)"
            guard let name else { return number }
            return number + " " + name + (index == selected ? " " : "")
        }
        let candidates: [[String]] = [
            titles.enumerated().map { label($0, $1.full) },
            titles.enumerated().map { label($0, $0 == selected ? $1.full : $1.short) },
            titles.enumerated().map { label($0, $0 == selected ? $1.full : nil) },
        ]
        let labels = candidates.first { $0.reduce(0) { $0 + DisplayWidth.of($1) } <= width } ?? candidates[2]
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
}

extension ListSource {
    public func isEmphasized(at index: Int) -> Bool { false }
}

/// A list of plain lines.
public struct LinesSource: ListSource {
    public let lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public var count: Int { lines.count }
    public func row(at index: Int, width: Int) -> String { lines[index] }
}

public enum ListView {
    public static func render(_ source: some ListSource, state: ListState, area: Rect, into buffer: inout CellBuffer,
                              theme: Theme, emptyText: String = "") {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        if source.count == 0 {
            buffer.writeMarkingCut(emptyText, x: area.x + 1, y: area.y, style: theme.muted, limit: area.width - 1)
            return
        }
        for row in 0..<area.height {
            let index = state.offset + row
            guard index < source.count else { break }
            let selected = index == state.selected
            let style = selected ? theme.selected : source.isEmphasized(at: index) ? theme.alert : theme.normal
            if style != theme.normal { buffer.fill(Rect(x: area.x, y: area.y + row, width: area.width, height: 1), style: style) }
            // The marker keeps the selection visible without colour or reverse video. It is
            // drawn apart from the row rather than joined to it, which would copy the row
            // whole: a row may hold a 20 MB value, of which the screen reads only what fits.
            let marker = selected ? "▸" : " "
            let used = buffer.write(marker, x: area.x, y: area.y + row, style: style, limit: area.width)
            buffer.writeMarkingCut(source.row(at: index, width: area.width - 1), x: area.x + used, y: area.y + row, style: style,
                                   limit: area.width - used)
        }
        if source.count > area.height && area.width > 2 {
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
    public static func render(_ lines: [String], offset: Int, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        for row in 0..<area.height {
            let index = offset + row
            guard index >= 0, index < lines.count else { break }
            buffer.write(lines[index], x: area.x, y: area.y + row, style: theme.normal, limit: area.width)
        }
        if lines.count > area.height && area.width > 8 {
            let percent = min(100, (offset + area.height) * 100 / max(1, lines.count))
            let label = " \(percent) % "
            buffer.write(label, x: area.x + area.width - DisplayWidth.of(label), y: area.y + area.height - 1, style: theme.muted)
        }
    }
}

/// A one-line text field; a secret one shows bullets, never the text.
///
/// A field holds at most `maxLength` characters: a key that would go beyond is refused
/// and `refusedTooLong` says so until the next edit, for the form or dialog around it to
/// tell the user (in its language: TerminalKit has none, see `LengthLimitWording`). A text
/// set by the program (`text = …`, an initial value) is kept whole even when longer, never
/// cut without a word: `isTooLong` then lets the screen refuse to submit it.
public struct TextField: Hashable, Sendable {
    /// The limit of a field that names none: long enough for any note typed in a terminal,
    /// short enough that a field's text never costs a key or a frame anything.
    public static let defaultMaxLength = 4096

    /// Setting it counts its characters once; typing keeps the count as it goes, because
    /// counting a long text's characters at every key costs its whole length.
    public var text: String {
        get { String(storage) }
        set {
            storage = newValue[...]
            length = newValue.count
            refusedTooLong = false
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
    /// slice where removing its last character would copy the whole buffer.
    private var storage: Substring = ""

    public init(isSecret: Bool = false, maxLength: Int = TextField.defaultMaxLength) {
        self.isSecret = isSecret
        self.maxLength = maxLength
    }

    /// More characters than `maxLength` (a text set by the program, never typed).
    public var isTooLong: Bool { length > maxLength }

    /// Nothing but spaces (or nothing): read up to the first letter, without copying.
    var isBlank: Bool { storage.allSatisfy(\.isWhitespace) }

    /// Applies an editing key; returns false if the key is not an edit.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case let .character(character) where !character.isNewline:
            guard length < maxLength else {
                refusedTooLong = true
                return true
            }
            refusedTooLong = false
            // A slice of a longer buffer (a long value cut down by Backspace) is copied on
            // its own first, so that appending never copies the whole buffer.
            if storage.utf8.count < storage.base.utf8.count { storage = Substring(String(storage)) }
            let end = storage.endIndex
            storage.append(character)
            // A combining accent typed after a letter joins its character: the count grows
            // only when a character starts where the text used to end. Looking back one
            // character costs that character, not the text.
            if storage.index(before: storage.endIndex) >= end { length += 1 }
            return true
        case .backspace:
            refusedTooLong = false
            if !storage.isEmpty {
                storage = storage[..<storage.index(before: storage.endIndex)]
                length -= 1
            }
            return true
        case .control("u"):
            text = ""
            return true
        default:
            return false
        }
    }

    public func render(label: String, focused: Bool, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let labelWidth = buffer.write(label, x: area.x, y: area.y, style: focused ? theme.title : theme.normal, limit: area.width)
        let fieldX = area.x + labelWidth + 1
        let fieldWidth = area.width - labelWidth - 1
        guard fieldWidth > 0 else { return }
        buffer.fill(Rect(x: fieldX, y: area.y, width: fieldWidth, height: 1), style: theme.field)
        let visible = visibleEnd(columns: fieldWidth - 1)
        let used = buffer.write(visible, x: fieldX, y: area.y, style: theme.field, limit: fieldWidth)
        if focused { buffer.cursor = (min(fieldX + used, area.x + area.width - 1), area.y) }
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

/// The bottom line: key hints from the command table, or a message.
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

/// The help overlay, generated from a command table.
public enum HelpOverlay {
    public static func render<ID>(_ table: CommandTable<ID>, title: String, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        var blocks: [[(String, Style?)]] = []
        for (group, commands) in table.groups {
            blocks.append([(group, theme.title)] + commands.map { ("  " + DisplayWidth.pad($0.keyLabel, to: 7) + $0.help, nil) })
        }
        func stack(_ blocks: ArraySlice<[(String, Style?)]>) -> [(String, Style?)] {
            blocks.enumerated().flatMap { index, block in index == 0 ? block : [("", nil)] + block }
        }
        var lines = stack(blocks[...])
        // When the groups do not fit one above the other, they go side by side in two
        // columns, split between groups.
        if lines.count + 2 > area.height, blocks.count > 1 {
            let total = lines.count
            var split = 1
            while split < blocks.count - 1, stack(blocks[..<(split + 1)]).count <= total / 2 { split += 1 }
            let left = stack(blocks[..<split]), right = stack(blocks[split...])
            let leftWidth = (left.map { DisplayWidth.of($0.0) }.max() ?? 0) + 3
            lines = (0..<max(left.count, right.count)).map { row in
                let l = row < left.count ? left[row] : ("", nil)
                let r = row < right.count ? right[row] : ("", nil)
                // A title on either side keeps the title style for the line.
                return (DisplayWidth.pad(l.0, to: leftWidth) + r.0, l.1 ?? r.1)
            }
        }
        _ = Box.render(title: title, lines: lines, area: area, into: &buffer, theme: theme)
    }
}
