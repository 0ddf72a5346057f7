import Testing
import TerminalKit

// The advance directives run to 2000 characters; on one line the patient read only the
// words around her cursor. A field over several lines shows whole lines of the text,
// broken between words, scrolls to the cursor, and says what it hides.

/// What a wrapped field drew: its lines (the underlined cells, the field's style in the
/// monochrome theme), where they start, and where the terminal's cursor stands.
struct DrawnField {
    var x: Int
    var y: Int
    var rows: [String]
    var cursor: (x: Int, y: Int)
    /// The character under the cursor, as drawn.
    var underCursor: Character

    init(_ buffer: CellBuffer) throws {
        let field = Theme.monochrome.field
        let cells = (0..<buffer.height).flatMap { y in (0..<buffer.width).map { (x: $0, y: y) } }
        let first = try #require(cells.first { buffer[$0.x, $0.y].style == field })
        x = first.x
        y = first.y
        var rows: [String] = []
        var row = first.y
        while row < buffer.height && buffer[first.x, row].style == field {
            var text = ""
            var column = first.x
            while column < buffer.width && buffer[column, row].style == field {
                if !buffer[column, row].isContinuation { text.append(buffer[column, row].character) }
                column += 1
            }
            rows.append(text)
            row += 1
        }
        self.rows = rows
        cursor = try #require(buffer.cursor)
        underCursor = buffer[cursor.x, cursor.y].character
    }

    /// The lines' words, marks left out, in order.
    var words: [String] {
        rows.joined(separator: " ").split(separator: " ").map { word in
            String(word.drop { $0 == "…" }.reversed().drop { $0 == "…" }.reversed())
        }.filter { !$0.isEmpty }
    }

    /// The cursor's line among the field's, and its column from the field's left.
    var cursorRow: Int { cursor.y - y }
    var cursorColumn: Int { cursor.x - x }
}

extension Dialog {
    var field: TextField? {
        if case let .enterText(field, _) = kind { return field }
        return nil
    }

    mutating func press(_ keys: Key..., area: Rect?) {
        for key in keys { _ = handle(key, area: area) }
    }

    func drawn(width: Int, height: Int = 24) throws -> DrawnField {
        var buffer = CellBuffer(width: width, height: height)
        render(area: buffer.area, into: &buffer, theme: .monochrome)
        return try DrawnField(buffer)
    }
}

@Suite("A text field over several lines")
struct MultiLineFieldTests {
    /// 200 characters of advance directives.
    static let directives = "Je ne souhaite pas d'acharnement thérapeutique. Personne de confiance : Pierre DUPONT, "
        + "mon époux. En cas de coma prolongé, je refuse la réanimation et je veux être soulagée de la douleur, même légère."
    /// Much longer than six lines: the field must scroll.
    static let long = (1...12).map { "Phrase \($0) de mes directives anticipées, écrite pour être lue." }.joined(separator: " ")

    /// The directives' editor as a screen opens it: a dialog 40 columns wide inside its frame.
    static func editor(_ text: String = directives, lines: Int = 6) -> Dialog {
        Dialog.enterText("Directives anticipées", "Vos directives anticipées (vide : aucune) :", initial: text, maxLength: 2000, lines: lines)
    }

    static let width = 44
    /// Where the editor is drawn: ↑ and ↓ move by the lines drawn there.
    static let area = Rect(x: 0, y: 0, width: width, height: 24)

    /// The character of the field's text under its cursor, or nil at the end.
    static func characterAtCursor(_ field: TextField) -> Character? {
        field.cursor < field.length ? Array(field.text)[field.cursor] : nil
    }

    /// The terminal's cursor stands on the field's cursor: on the character it is before,
    /// or just after the last one.
    static func expectCursorOnText(_ dialog: Dialog, width: Int = width, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let drawn = try dialog.drawn(width: width)
        let field = try #require(dialog.field)
        #expect(drawn.cursorRow >= 0 && drawn.cursorRow < drawn.rows.count, sourceLocation: sourceLocation)
        #expect(drawn.cursorColumn >= 0 && drawn.cursorColumn < DisplayWidth.of(drawn.rows[0]) + 1, sourceLocation: sourceLocation)
        if let character = characterAtCursor(field) {
            #expect(drawn.underCursor == character, sourceLocation: sourceLocation)
        }
    }

    @Test("200 characters in a 6-line dialog 40 columns wide: every word is shown whole, in order, and none is cut")
    func everyWord() throws {
        #expect(Self.directives.count == 200)
        let dialog = Self.editor()
        let drawn = try dialog.drawn(width: Self.width)
        #expect(drawn.rows.count == 6)
        // The rows, joined again, are the text: no word cut, none left out.
        #expect(drawn.rows.map { $0.trimmingSpaces }.joined(separator: " ") == Self.directives)
        #expect(!drawn.rows.joined().contains("…"))
        // The cursor (at the end, where typing goes on) is just after the last word.
        #expect(drawn.cursorRow == 5)
        #expect(drawn.cursorColumn == DisplayWidth.of(drawn.rows[5].trimmingSpaces))
    }

    @Test("the cursor is on screen and on its character after Début, Fin, ↑ and ↓")
    func cursorOnScreen() throws {
        var dialog = Self.editor()
        dialog.press(.home, area: Self.area)
        var drawn = try dialog.drawn(width: Self.width)
        #expect(drawn.cursorRow == 0 && drawn.cursorColumn == 0 && drawn.underCursor == "J")
        try Self.expectCursorOnText(dialog)
        // ↓ goes to the next line, at the same column: a column further each time here.
        for row in 1...5 {
            dialog.press(.right, .down, area: Self.area)
            drawn = try dialog.drawn(width: Self.width)
            #expect(drawn.cursorRow == row && drawn.cursorColumn == row)
            try Self.expectCursorOnText(dialog)
        }
        // ↑ comes back up, at the column reached.
        for row in (0...4).reversed() {
            dialog.press(.up, area: Self.area)
            drawn = try dialog.drawn(width: Self.width)
            #expect(drawn.cursorRow == row && drawn.cursorColumn == 5)
            try Self.expectCursorOnText(dialog)
        }
        // Above the first line is the start of the text; below the last, its end.
        dialog.press(.up, area: Self.area)
        #expect(dialog.field?.cursor == 0)
        dialog.press(.end, area: Self.area)
        drawn = try dialog.drawn(width: Self.width)
        #expect(drawn.cursorRow == 5)
        try Self.expectCursorOnText(dialog)
        dialog.press(.up, area: Self.area)
        drawn = try dialog.drawn(width: Self.width)
        #expect(drawn.cursorRow == 4)
        try Self.expectCursorOnText(dialog)
        dialog.press(.down, .down, area: Self.area)
        #expect(dialog.field?.cursor == Self.directives.count)
    }

    @Test("↑ and ↓ keep to the column they started from, through a shorter line")
    func goalColumn() throws {
        var field = TextField.holding("alpha beta gamma delta epsilon")
        // Eleven columns: ten of text and the cursor's. Lines: "alpha beta", "gamma delta", "epsilon".
        let area = Rect(x: 0, y: 0, width: 12, height: 3)
        field.press(.home)
        for _ in 0..<9 { _ = field.handle(.right) }
        field.moveVertically(by: 1, width: area.width)
        #expect(field.cursor == 11 + 9)
        field.moveVertically(by: 1, width: area.width)
        // "epsilon" is shorter: its end.
        #expect(field.cursor == field.length)
        field.moveVertically(by: -1, width: area.width)
        #expect(field.cursor == 11 + 9)
        field.moveVertically(by: -1, width: area.width)
        #expect(field.cursor == 9)
        // Another key forgets the column.
        field.press(.left)
        field.moveVertically(by: 1, width: area.width)
        #expect(field.cursor == 11 + 8)
    }

    @Test("typing in the middle inserts where the cursor is")
    func typingInTheMiddle() throws {
        var field = TextField.holding("alpha beta gamma delta")
        let area = Rect(x: 0, y: 0, width: 11, height: 3)
        field.press(.home)
        field.moveVertically(by: 1, width: area.width)
        field.press(.right, .right)
        field.type("-")
        #expect(field.text == "alpha beta ga-mma delta")
        var buffer = CellBuffer(width: 11, height: 3)
        field.renderWrapped(area: area, focused: true, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.map { $0.trimmingSpaces } == ["alpha beta", "ga-mma", "delta"])
        #expect(buffer.cursor?.x == 3 && buffer.cursor?.y == 1)

        // In the directives' editor: the start of the third line, then a word.
        var dialog = Self.editor()
        let before = try dialog.drawn(width: Self.width)
        dialog.press(.home, .down, .down, area: Self.area)
        for character in "très " { dialog.press(.character(character), area: Self.area) }
        let third = before.rows[2].trimmingSpaces
        let start = try #require(Self.directives.range(of: " " + third))
        var expected = Self.directives
        expected.insert(contentsOf: "très ", at: expected.index(after: start.lowerBound))
        #expect(dialog.field?.text == expected)
        try Self.expectCursorOnText(dialog)
        #expect(dialog.handle(.enter) == .entered(expected))
    }

    @Test("a text longer than the lines scrolls to the cursor and marks with … what is hidden above and below")
    func scrolls() throws {
        var dialog = Self.editor(Self.long)
        let words = Self.long.split(separator: " ").map(String.init)
        // At the end: the last lines, the text above them hidden.
        var drawn = try dialog.drawn(width: Self.width)
        #expect(drawn.rows.count == 6)
        #expect(drawn.rows[0].hasPrefix("…"))
        #expect(drawn.rows[5].trimmingSpaces.hasSuffix("lue."))
        #expect(!drawn.rows[5].contains("…"))
        try Self.expectCursorOnText(dialog)
        // At the start: the first lines, the text below them hidden.
        dialog.press(.home, area: Self.area)
        drawn = try dialog.drawn(width: Self.width)
        #expect(drawn.rows[0].hasPrefix("Phrase 1 "))
        #expect(drawn.rows[5].trimmingSpaces.hasSuffix("…"))
        // Line by line to the end: the cursor always on screen, on its character, and
        // every word read whole on the way.
        var seen: [String] = []
        var both = false
        while dialog.field?.cursor != dialog.field?.length {
            dialog.press(.down, area: Self.area)
            drawn = try dialog.drawn(width: Self.width)
            try Self.expectCursorOnText(dialog)
            for word in drawn.words where !seen.contains(word) { seen.append(word) }
            both = both || (drawn.rows[0].hasPrefix("…") && drawn.rows[5].trimmingSpaces.hasSuffix("…"))
        }
        #expect(both)
        #expect(Set(words).isSubset(of: Set(seen)))
        // A page at a time too.
        dialog.press(.pageUp, .pageUp, area: Self.area)
        try Self.expectCursorOnText(dialog)
        dialog.press(.pageDown, area: Self.area)
        try Self.expectCursorOnText(dialog)
    }

    @Test("wide characters and combining accents keep the cursor's column right")
    func wideAndCombining() throws {
        // Seven columns of text: "日本語" (6), "日本語", "café" (with a combining accent), "café".
        let text = "日本語 日本語 cafe\u{301} cafe\u{301}"
        var field = TextField.holding(text)
        let area = Rect(x: 2, y: 1, width: 8, height: 4)
        func draw() -> (buffer: CellBuffer, cursor: (x: Int, y: Int)) {
            var buffer = CellBuffer(width: 12, height: 6)
            field.renderWrapped(area: area, focused: true, into: &buffer, theme: .monochrome)
            return (buffer, buffer.cursor ?? (-1, -1))
        }
        var (buffer, cursor) = draw()
        #expect(Array(buffer.lines[1...4]).map { $0.trimmingSpaces } == ["日本語", "日本語", "café", "café"])
        #expect(cursor.x == 2 + 4 && cursor.y == 4)
        field.press(.home, .right, .right)
        (buffer, cursor) = draw()
        #expect(cursor.x == 2 + 4 && cursor.y == 1 && buffer[cursor.x, cursor.y].character == "語")
        field.moveVertically(by: 1, width: area.width)
        (buffer, cursor) = draw()
        #expect(field.cursor == 6)
        #expect(cursor.x == 2 + 4 && cursor.y == 2 && buffer[cursor.x, cursor.y].character == "語")
        field.moveVertically(by: 1, width: area.width)
        (buffer, cursor) = draw()
        // Four columns into "café": its end, before the space the line was broken at.
        #expect(field.cursor == 12)
        #expect(cursor.x == 2 + 4 && cursor.y == 3)
        field.press(.left)
        (buffer, cursor) = draw()
        #expect(cursor.x == 2 + 3 && buffer[cursor.x, cursor.y].character == "é")
        // Up from the accent: column 3 falls inside "本"; the cursor goes before it.
        field.moveVertically(by: -1, width: area.width)
        (buffer, cursor) = draw()
        #expect(cursor.x == 2 + 2 && cursor.y == 2 && buffer[cursor.x, cursor.y].character == "本")
        // Typing before the ideograph keeps its line and the cursor after what was typed.
        field.type("x")
        (buffer, cursor) = draw()
        #expect(field.text == "日本語 日x本語 cafe\u{301} cafe\u{301}")
        #expect(buffer.lines[2].trimmingSpaces == "日x本語")
        #expect(cursor.x == 2 + 3 && buffer[cursor.x, cursor.y].character == "本")
    }

    @Test("in an 80-column screen, ↑ ↓ need no area; in a narrower one, given the area, they move by the lines drawn")
    func areas() throws {
        var wide = Self.editor(Self.long)
        wide.press(.home, .down, .down, area: nil)
        var drawn = try wide.drawn(width: 80)
        #expect(drawn.cursorRow == 2 && drawn.cursorColumn == 0)
        let narrowArea = Rect(x: 0, y: 0, width: 30, height: 24)
        var narrow = Self.editor(Self.long)
        narrow.press(.home, area: narrowArea)
        for row in 1...4 {
            narrow.press(.down, area: narrowArea)
            drawn = try narrow.drawn(width: 30)
            #expect(drawn.cursorRow == row && drawn.cursorColumn == 0)
        }
        // A short screen gives the field fewer lines, and keeps the footer in the box.
        var short = CellBuffer(width: 80, height: 8)
        wide.render(area: short.area, into: &short, theme: .monochrome)
        #expect(short.lines.contains { $0.contains("Échap : annuler") })
        drawn = try DrawnField(short)
        #expect(drawn.rows.count == 2)
    }

    @Test("one line stays one line: the default, and a secret whatever it asks")
    func singleLine() throws {
        var dialog = Dialog.enterText("Directives", "Vos directives :", initial: Self.directives, maxLength: 2000)
        let drawn = try dialog.drawn(width: 80)
        #expect(drawn.rows.count == 1 && drawn.rows[0].hasPrefix("…"))
        dialog.press(.up, .down, .pageUp, area: nil)
        #expect(dialog.field?.cursor == Self.directives.count)
        var secret = Dialog.enterText("Code", "Votre code :", initial: "123456", isSecret: true, lines: 6)
        let hidden = try secret.drawn(width: 80)
        #expect(hidden.rows.count == 1 && hidden.rows[0].hasPrefix("••••••"))
        secret.press(.home, .down, area: nil)
        #expect(secret.field?.cursor == 0)
    }
}

@Suite("A text field over several lines: small screens, long values")
struct MultiLineFieldLimitsTests {
    @Test("on screens too small for it, the dialog draws what fits, and its keys still work")
    func tinyScreens() {
        for width in 1...14 {
            for height in 1...9 {
                var dialog = MultiLineFieldTests.editor()
                let area = Rect(x: 0, y: 0, width: width, height: height)
                for key: Key in [.home, .down, .down, .pageDown, .up, .character("x"), .pageUp, .end] {
                    _ = dialog.handle(key, area: area)
                    var buffer = CellBuffer(width: width, height: height)
                    dialog.render(area: area, into: &buffer, theme: .monochrome)
                    if let cursor = buffer.cursor { #expect(area.contains(x: cursor.x, y: cursor.y)) }
                }
            }
        }
    }

    @Test("a value of a megabyte set by the program is laid out in one pass, and says what it hides")
    func longValue() throws {
        var dialog = Dialog.enterText("Directives", "Vos directives :", initial: String(repeating: "mot ", count: 250_000),
                                      maxLength: 2000, lines: 6)
        dialog.press(.up, area: nil)
        var drawn = try dialog.drawn(width: 80)
        #expect(drawn.rows.count == 6 && drawn.rows[0].hasPrefix("…") && !drawn.rows[5].contains("…"))
        dialog.press(.home, .down, area: nil)
        drawn = try dialog.drawn(width: 80)
        #expect(drawn.cursorRow == 1 && drawn.rows[0].hasPrefix("mot mot") && drawn.rows[5].trimmingSpaces.hasSuffix("…"))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
