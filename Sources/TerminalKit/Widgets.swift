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
            buffer.write(emptyText, x: area.x + 1, y: area.y, style: theme.muted, limit: area.width - 1)
            return
        }
        for row in 0..<area.height {
            let index = state.offset + row
            guard index < source.count else { break }
            let selected = index == state.selected
            let style = selected ? theme.selected : source.isEmphasized(at: index) ? theme.alert : theme.normal
            if style != theme.normal { buffer.fill(Rect(x: area.x, y: area.y + row, width: area.width, height: 1), style: style) }
            // The marker keeps the selection visible without colour or reverse video.
            let marker = selected ? "▸" : " "
            buffer.write(marker + source.row(at: index, width: area.width - 1), x: area.x, y: area.y + row, style: style, limit: area.width)
        }
        if source.count > area.height && area.width > 2 {
            let position = "\(state.selected + 1)/\(source.count)"
            buffer.write(position, x: area.x + area.width - DisplayWidth.of(position), y: area.y + area.height - 1, style: theme.muted)
        }
    }
}

/// Word wrapping by display width; words longer than a line are cut.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in Sanitizer.clean(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                var wordWidth = DisplayWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth > width {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while wordWidth > width {
                    var head = ""
                    var headWidth = 0
                    for character in word {
                        let w = DisplayWidth.of(character)
                        if headWidth + w > width - lineWidth { break }
                        head.append(character)
                        headWidth += w
                    }
                    if head.isEmpty { break }
                    lines.append(line + head)
                    line = ""
                    lineWidth = 0
                    word = String(word.dropFirst(head.count))
                    wordWidth = DisplayWidth.of(word)
                }
                if lineWidth > 0 { line += " "; lineWidth += 1 }
                line += word
                lineWidth += wordWidth
            }
            lines.append(line)
        }
        return lines
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
public struct TextField: Hashable, Sendable {
    public var text: String = ""
    public var isSecret: Bool
    public var maxLength: Int

    public init(isSecret: Bool = false, maxLength: Int = 64) {
        self.isSecret = isSecret
        self.maxLength = maxLength
    }

    /// Applies an editing key; returns false if the key is not an edit.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case let .character(character) where !character.isNewline:
            if text.count < maxLength { text.append(character) }
            return true
        case .backspace:
            if !text.isEmpty { text.removeLast() }
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
        let shown = isSecret ? String(repeating: "•", count: text.count) : text
        // Show the end of a long value: that is where the typing happens.
        var visible = shown
        while DisplayWidth.of(visible) > fieldWidth - 1, !visible.isEmpty { visible.removeFirst() }
        let used = buffer.write(visible, x: fieldX, y: area.y, style: theme.field, limit: fieldWidth)
        if focused { buffer.cursor = (min(fieldX + used, area.x + area.width - 1), area.y) }
    }
}

/// A framed box with a title and lines of text, centred in an area: dialogs and help.
public enum Box {
    public static func render(title: String, lines: [(String, Style?)], area: Rect, into buffer: inout CellBuffer, theme: Theme,
                              width preferredWidth: Int? = nil) -> Rect {
        let contentWidth = preferredWidth ?? (lines.map { DisplayWidth.of($0.0) }.max() ?? 0)
        let box = area.centered(width: max(contentWidth, DisplayWidth.of(title) + 2) + 4, height: lines.count + 2)
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
            buffer.write(line.0, x: box.x + 2, y: box.y + 1 + index, style: line.1 ?? theme.normal, limit: box.width - 4)
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
            buffer.write(" " + message, x: area.x, y: area.y, style: theme.hint, limit: area.width)
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
