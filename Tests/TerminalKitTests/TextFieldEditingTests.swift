import Testing
import TerminalKit

// Issue 16, point 4: a text field worth typing in. The cursor counts characters as the
// user sees them (an accented letter, a flag, an ideograph is one), and the keys are the
// ones fingers know from shells.

extension TextField {
    /// Types text, one key a character, as a terminal sends it.
    mutating func type(_ text: String) {
        for character in text { _ = handle(.character(character)) }
    }

    /// Types each Unicode scalar as a key of its own: an accent typed apart from its letter
    /// (a dead key some terminals send as two).
    mutating func typeApart(_ text: String) {
        for scalar in text.unicodeScalars { _ = handle(.character(Character(scalar))) }
    }

    mutating func press(_ keys: Key...) {
        for key in keys { _ = handle(key) }
    }

    static func holding(_ text: String, maxLength: Int = TextField.defaultMaxLength, isSecret: Bool = false) -> TextField {
        var field = TextField(isSecret: isSecret, maxLength: maxLength)
        field.text = text
        return field
    }
}

@Suite("Text field: the cursor and the edits at it")
struct TextFieldEditingTests {
    @Test("a value set by the program leaves the cursor at its end, where typing goes on")
    func cursorAtEnd() {
        var field = TextField.holding("Jean")
        #expect(field.cursor == 4)
        field.type(" Dupont")
        #expect(field.text == "Jean Dupont" && field.cursor == 11 && field.length == 11)
    }

    @Test("← → move by a character, and stop at either end")
    func arrows() {
        var field = TextField.holding("abc")
        field.press(.left, .left)
        #expect(field.cursor == 1)
        field.press(.left, .left, .left)
        #expect(field.cursor == 0)
        field.press(.right, .right, .right, .right, .right)
        #expect(field.cursor == 3)
    }

    @Test("typing in the middle inserts at the cursor, and the cursor follows what was typed")
    func insertInMiddle() {
        var field = TextField.holding("Jean Dupont")
        for _ in 0..<7 { field.press(.left) }
        field.type("-Pierre")
        #expect(field.text == "Jean-Pierre Dupont")
        #expect(field.cursor == 11 && field.length == 18)
    }

    @Test("Début (and Ctrl-A) then typing inserts at the start; Fin (and Ctrl-E) goes back to the end")
    func homeThenType() {
        var field = TextField.holding("Dupont")
        field.press(.home)
        #expect(field.cursor == 0)
        field.type("Jean ")
        #expect(field.text == "Jean Dupont" && field.cursor == 5)
        field.press(.end)
        field.type(" fils")
        #expect(field.text == "Jean Dupont fils")
        field.press(.control("a"))
        field.type("M. ")
        field.press(.control("e"))
        field.type(".")
        #expect(field.text == "M. Jean Dupont fils." && field.cursor == field.length)
    }

    @Test("⌫ deletes before the cursor, Suppr under it; Suppr at the end and ⌫ at the start change nothing")
    func deleting() {
        var field = TextField.holding("abcd")
        field.press(.left, .left)
        field.press(.backspace)
        #expect(field.text == "acd" && field.cursor == 1)
        field.press(.delete)
        #expect(field.text == "ad" && field.cursor == 1)
        field.press(.end)
        let deleted = field.handle(.delete)
        #expect(deleted)
        #expect(field.text == "ad" && field.cursor == 2 && field.length == 2)
        field.press(.home)
        let erased = field.handle(.backspace)
        #expect(erased)
        #expect(field.text == "ad" && field.cursor == 0)
        field.press(.delete, .delete, .delete)
        #expect(field.text.isEmpty && field.length == 0 && field.cursor == 0)
    }

    @Test("Ctrl-W on « Jean Dupont| » kills the word before the cursor, then the spaces and the word before")
    func killWord() {
        var field = TextField.holding("Jean Dupont")
        field.press(.control("w"))
        #expect(field.text == "Jean " && field.cursor == 5 && field.length == 5)
        field.press(.control("w"))
        #expect(field.text.isEmpty && field.cursor == 0)
        field = TextField.holding("Jean Dupont   ")
        field.press(.control("w"))
        #expect(field.text == "Jean ")
        // In the middle: only what is before the cursor, back to the previous space.
        field = TextField.holding("Jean Dupont Martin")
        for _ in 0..<7 { field.press(.left) }
        field.press(.control("w"))
        #expect(field.text == "Jean  Martin" && field.cursor == 5 && field.length == 12)
        field.press(.home, .control("w"))
        #expect(field.text == "Jean  Martin" && field.cursor == 0)
    }

    @Test("Ctrl-K kills from the cursor to the end; typing goes on from there")
    func killToEnd() {
        var field = TextField.holding("Jean Dupont")
        for _ in 0..<7 { field.press(.left) }
        field.press(.control("k"))
        #expect(field.text == "Jean" && field.cursor == 4 && field.length == 4)
        field.type("ne")
        #expect(field.text == "Jeanne")
        field.press(.control("k"))
        #expect(field.text == "Jeanne")
    }

    @Test("Ctrl-U kills from the start to the cursor (as readline), not the whole line")
    func killToStart() {
        var field = TextField.holding("Jean Dupont")
        for _ in 0..<6 { field.press(.left) }
        field.press(.control("u"))
        #expect(field.text == "Dupont" && field.cursor == 0 && field.length == 6)
        field.press(.end, .control("u"))
        #expect(field.text.isEmpty && field.length == 0)
    }

    @Test("an accent typed apart joins its letter wherever the cursor is, and the cursor steps over the whole letter")
    func combiningMarks() {
        var field = TextField()
        field.typeApart("he\u{301}le\u{300}ne")
        #expect(field.text == "hélène" && field.length == 6 && field.cursor == 6)
        field.press(.left, .left, .left, .left)
        #expect(field.cursor == 2)
        field.press(.backspace)
        #expect(field.text == "hlène" && field.cursor == 1)
        // An accent typed after an "e" in the middle: one character, and the cursor after it.
        field = TextField.holding("ex")
        field.press(.left)
        field.type("\u{301}")
        #expect(field.text == "e\u{301}x" && field.length == 2 && field.cursor == 1)
        field.type("y")
        #expect(field.text == "e\u{301}yx" && field.cursor == 2)
        // A letter typed before a lone accent takes it: the cursor lands after the pair.
        field = TextField.holding("\u{301}bc")
        #expect(field.length == 3)
        field.press(.home)
        field.type("e")
        #expect(field.text == "e\u{301}bc" && field.length == 3 && field.cursor == 1)
    }

    @Test("flags and ideographs are one character each to the cursor", arguments: [("🇫🇷🇩🇪", "🇩🇪"), ("漢字", "字"), ("👩\u{200D}👩\u{200D}👧é", "é")])
    func wideCharacters(_ text: String, _ afterDeletingFirst: String) {
        var field = TextField.holding(text)
        field.press(.home, .right)
        #expect(field.cursor == 1)
        field.press(.backspace)
        #expect(field.text == afterDeletingFirst && field.cursor == 0 && field.length == afterDeletingFirst.count)
        field.type("a")
        #expect(field.text == "a" + afterDeletingFirst && field.cursor == 1)
    }

    @Test("removing what stood between two halves of a flag joins them: the count and the cursor follow")
    func joiningAfterDeletion() {
        var field = TextField.holding("🇫x🇷")
        #expect(field.length == 3)
        field.press(.left)
        field.press(.backspace)
        #expect(field.text == "🇫🇷" && field.length == 1)
        #expect(field.cursor == 1)
    }

    @Test("the limit holds in the middle too: a key that would go beyond is refused")
    func limitInMiddle() {
        var field = TextField.holding("abcde", maxLength: 5)
        field.press(.home)
        field.type("x")
        #expect(field.text == "abcde" && field.refusedTooLong)
        field.press(.delete)
        #expect(!field.refusedTooLong)
        field.type("x")
        #expect(field.text == "xbcde" && field.cursor == 1)
    }

    @Test("every printable character is text, q and i too; Enter, Tab, ↑ ↓ and Escape are the form's")
    func whatAFieldTakes() {
        var field = TextField()
        for key: Key in [.character("q"), .character("i"), .character("?"), .character("/"), .character(" "), .character("1"),
                         .left, .right, .home, .end, .delete, .backspace,
                         .control("a"), .control("e"), .control("k"), .control("u"), .control("w")] {
            let handled = field.handle(key)
            #expect(handled, "\(key)")
        }
        for key: Key in [.enter, .tab, .backTab, .up, .down, .escape, .pageUp, .pageDown, .function(1), .character("\n")] {
            let handled = field.handle(key)
            #expect(!handled, "\(key)")
        }
    }

    @Test("the cursor can be set, and is brought inside the text")
    func settingCursor() {
        var field = TextField.holding("Hélène")
        field.cursor = 2
        field.type("X")
        #expect(field.text == "HéXlène")
        field.cursor = 99
        #expect(field.cursor == 7)
        field.cursor = -3
        #expect(field.cursor == 0)
    }

    @Test("a secret field: the cursor moves and edits happen at it, bullets only on screen")
    func secret() {
        var field = TextField.holding("motdepasse", isSecret: true)
        field.press(.home, .delete)
        field.type("M")
        #expect(field.text == "Motdepasse" && field.cursor == 1)
        var buffer = CellBuffer(width: 20, height: 1)
        field.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == ["› ••••••••••        "])
        #expect(buffer.cursor?.x == 3)
    }

    @Test("a field is still a value: same text and cursor, equal fields")
    func equality() {
        var typed = TextField()
        typed.type("Jean Dupont")
        typed.press(.home)
        var set = TextField.holding("Jean Dupont")
        #expect(typed != set)
        set.cursor = 0
        #expect(typed == set)
    }

    @Test("a long value: moving to the start and back, then typing at the end, stays cheap")
    func longValue() {
        var field = TextField.holding(String(repeating: "Pénicilline ", count: 200_000), maxLength: .max)
        field.press(.home, .right, .right, .end)
        for _ in 0..<2_000 { _ = field.handle(.character("x")) }
        for _ in 0..<1_000 { _ = field.handle(.backspace) }
        #expect(field.length == 12 * 200_000 + 1_000)
        #expect(field.text.hasSuffix(" " + String(repeating: "x", count: 1_000)))
        field.press(.home)
        var buffer = CellBuffer(width: 20, height: 1)
        field.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == ["› Pénicilline Pénic…"])
        #expect(buffer.cursor?.x == 2)
    }
}

@Suite("Text field: the cursor is always on screen")
struct TextFieldRenderingTests {
    static let alphabet = "abcdefghijklmnopqrstuvwxyz"

    /// Renders in 12 columns: "›", a space, and 10 for the field.
    func render(_ field: TextField, width: Int = 12) -> (line: String, cursor: Int?) {
        var buffer = CellBuffer(width: width, height: 1)
        field.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
        return (buffer.lines[0], buffer.cursor?.x)
    }

    @Test("at the end: the end of the value after …, the cursor in the column after it")
    func atEnd() {
        let shown = render(.holding(Self.alphabet))
        #expect(shown.line == "› …stuvwxyz ")
        #expect(shown.cursor == 11)
    }

    @Test("at the start: the start of the value, … at the end for what is hidden")
    func atStart() {
        var field = TextField.holding(Self.alphabet)
        field.press(.home)
        let shown = render(field)
        #expect(shown.line == "› abcdefghi…")
        #expect(shown.cursor == 2)
    }

    @Test("in the middle: … at both ends, the cursor on its character")
    func middle() {
        var field = TextField.holding(Self.alphabet)
        field.cursor = 13
        let shown = render(field)
        #expect(shown.line == "› …klmnopqr…")
        #expect(shown.cursor == 6)
        // The cell under the cursor holds the character after it: "n".
        #expect(Array(shown.line)[6] == "n")
    }

    @Test("near the end: the view typing showed stays, the cursor moves in it")
    func nearEnd() {
        var field = TextField.holding(Self.alphabet)
        field.press(.left, .left, .left, .left, .left, .left)
        let shown = render(field)
        #expect(shown.line == "› …stuvwxyz ")
        #expect(shown.cursor == 5)
        #expect(Array(shown.line)[5] == "u")
    }

    @Test("walking the cursor through a long value, its character is always drawn under it")
    func walk() throws {
        var field = TextField.holding(Self.alphabet + "漢字" + Self.alphabet.uppercased())
        field.press(.home)
        let characters = Array(field.text)
        for index in 0..<characters.count {
            #expect(field.cursor == index)
            var buffer = CellBuffer(width: 12, height: 1)
            field.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
            let x = try #require(buffer.cursor?.x)
            #expect(x >= 2 && x < 12)
            #expect(buffer[x, 0].character == characters[index], "cursor at \(index)")
            field.press(.right)
        }
    }

    @Test("a value that fits is shown whole wherever the cursor is")
    func fits() {
        var field = TextField.holding("Jean")
        field.press(.home, .right)
        let shown = render(field)
        #expect(shown.line == "› Jean      ")
        #expect(shown.cursor == 3)
    }

    @Test("wide characters: the cursor's column counts two for each ideograph before it")
    func wide() {
        var field = TextField.holding("漢字漢字漢字漢字")
        field.press(.home, .right)
        let shown = render(field)
        #expect(shown.line == "› 漢字漢字… ")
        #expect(shown.cursor == 4)
    }

    @Test("a secret field scrolls its bullets the same way", arguments: [(0, "› •••••••••…", 2), (13, "› …••••••••…", 6), (26, "› …•••••••• ", 11)])
    func secret(_ cursor: Int, _ line: String, _ x: Int) {
        var field = TextField.holding(Self.alphabet, isSecret: true)
        field.cursor = cursor
        let shown = render(field)
        #expect(shown.line == line)
        #expect(shown.cursor == x)
    }

    @Test("an unfocused field sets no cursor")
    func unfocused() {
        var buffer = CellBuffer(width: 12, height: 1)
        TextField.holding("abc").render(label: "›", focused: false, area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.cursor == nil)
    }
}
