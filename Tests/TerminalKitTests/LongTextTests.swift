import TerminalKit
import Testing

// Issue 15, part 8: wrapping, measuring, cutting and drawing text cost its length once
// (and drawing, only what fits). The new code must say exactly what the old said on small
// texts: the old algorithms are kept below as the oracle, and compared on a table of
// cases and on many small texts made of awkward pieces. Speed is the benchmark's business
// (Benchmarks/Benchmarks/TextBenchmarks); here the long cases only have to finish.

/// The algorithms as they were before issue 15 (quadratic on long words and long values),
/// kept as the reference the new ones must agree with.
enum PreviousText {
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in Sanitizer.clean(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                var wordWidth = widthOf(word)
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
                    wordWidth = widthOf(word)
                }
                if lineWidth > 0 { line += " "; lineWidth += 1 }
                line += word
                lineWidth += wordWidth
            }
            lines.append(line)
        }
        return lines
    }

    static func widthOf(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.of($1) } }

    static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if widthOf(text) <= columns { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = DisplayWidth.of(character)
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// `CellBuffer.write` as it was: the whole text cleaned, then drawn until it is full.
    static func write(_ text: String, into buffer: inout CellBuffer, x: Int, y: Int, limit: Int? = nil) -> Int {
        guard y >= 0, y < buffer.height, x < buffer.width else { return 0 }
        let end = min(buffer.width, x + (limit ?? buffer.width))
        var column = x
        for character in Sanitizer.clean(text) {
            let characterWidth = DisplayWidth.of(character)
            if characterWidth == 0 { continue }
            if column + characterWidth > end { break }
            if column >= 0 {
                buffer[column, y] = Cell(character)
                if characterWidth == 2 { buffer[column + 1, y] = Cell(" ", isContinuation: true) }
            }
            column += characterWidth
        }
        return column - x
    }

    /// The end of a field's value the old field showed: the longest end within `columns`.
    static func visibleEnd(_ text: String, columns: Int) -> String {
        var visible = text
        while widthOf(visible) > columns, !visible.isEmpty { visible.removeFirst() }
        return visible
    }
}

/// Small texts built from pieces that have tripped text code before, drawn by a seeded
/// generator so that a failure names a case that can be replayed.
struct AwkwardTexts {
    static let pieces = [
        "a", "b", "mot", "Pénicilline", "é", "e\u{301}", "漢", "字", "🩺", "👩\u{200D}👩\u{200D}👧", "🇫🇷", "🇩🇪", "#\u{FE0F}\u{20E3}",
        " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u{200B}", "\u{301}", "\r\n", "\r", "\u{1B}[31m", "\u{202E}", "\u{85}", "\u{7F}",
        "\u{A0}", "ü", "—", "ﾊ", "\u{0600}", "x\u{300}\u{301}\u{302}", "ok.", "ALLERGIE", "1000mg", "œ", "\u{AD}", "ʰ", "˙", "\u{2FF}",
        "\u{300}", "\u{34F}", "\u{9F}", "\u{4DFF}", "\u{4E00}", "\u{9FFF}", "\u{A000}", "\u{3099}", "\u{FF9E}",
    ]

    var state: UInt64

    mutating func next(upTo bound: Int) -> Int {
        // xorshift64*: reproducible, no global state.
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 2685821657736338717) % UInt64(bound))
    }

    mutating func text() -> String {
        var text = ""
        for _ in 0..<next(upTo: 14) { text += Self.pieces[next(upTo: Self.pieces.count)] }
        return text
    }
}

@Suite("Long text: the new algorithms say what the old ones said")
struct LongTextSameOutputTests {
    static let table: [String] = [
        "", " ", "  ", "a", "a b", "a  b", " a", "a ", "\n", "a\n", "\na", "a\n\nb",
        "Pénicilline — réaction sévère (œdème de Quincke)",
        "Allergie à la pénicilline : urticaire géante, 2019. Éviter toutes les bêta-lactamines.",
        "anticonstitutionnellement", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
        "漢字漢字漢字漢字漢字 かな カナ 한국어", "漢a漢b漢c漢d漢e漢f", "🩺🩺🩺🩺🩺 💊💊💊", "👩\u{200D}👩\u{200D}👧👩\u{200D}👩\u{200D}👧 🇫🇷🇩🇪🇫🇷",
        "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", "\u{301} a", "\u{200B} a \u{200B}\u{200B} b",
        "tab\there\tand\tthere", "ligne 1\r\nligne 2\rligne 3", "\u{1B}[31mrouge\u{1B}[0m \u{202E}inversé\u{202C}",
        "a\u{0}\u{301}b", "x\u{300}\u{301}\u{302}\u{303}\u{304}y", "mot  mot   mot    mot", "fin.\n\n\ndébut",
    ]

    @Test("wrapping: a table of small cases, every width from 1 to 14", arguments: table)
    func wrapTable(_ text: String) {
        for width in 0...14 {
            #expect(TextWrap.wrap(text, width: width) == PreviousText.wrap(text, width: width), "width \(width)")
        }
    }

    @Test("wrapping, measuring and cutting: 3 000 small texts of awkward pieces")
    func awkwardTexts() {
        var texts = AwkwardTexts(state: 0x15_0008)
        for _ in 0..<3_000 {
            let text = texts.text()
            let width = 1 + texts.next(upTo: 12)
            #expect(TextWrap.wrap(text, width: width) == PreviousText.wrap(text, width: width), "\(text.debugDescription) at \(width)")
            #expect(DisplayWidth.of(text) == PreviousText.widthOf(text), "\(text.debugDescription)")
            #expect(DisplayWidth.truncate(text, to: width) == PreviousText.truncate(text, to: width), "\(text.debugDescription) to \(width)")
        }
    }

    @Test("the scanner's shortcut holds: ASCII, U+00A0–U+02FF and U+4E00–U+9FFF never join a neighbour, CR LF aside")
    func plainCharacters() {
        let ranges: [(ClosedRange<UInt32>, Int)] = [(0x20...0x7E, 1), (0xA0...0x2FF, 1), (0x4E00...0x9FFF, 2)]
        for (range, width) in ranges {
            for value in range {
                let character = Character(Unicode.Scalar(value)!)
                for neighbour in [Character("a"), "é", "\u{2FF}", "漢", "\u{9FFF}", "\n", "\u{7}"] {
                    #expect((String(character) + String(neighbour)).count == 2, "\(character.debugDescription) \(neighbour.debugDescription)")
                    #expect((String(neighbour) + String(character)).count == 2, "\(neighbour.debugDescription) \(character.debugDescription)")
                }
                #expect(DisplayWidth.of(character) == width, "\(character.debugDescription)")
                #expect(DisplayWidth.of(String(character) + "a" + String(character)) == 2 * width + 1)
            }
        }
    }

    @Test("drawing clean text: the same cells as before")
    func drawing() {
        var texts = AwkwardTexts(state: 42)
        for _ in 0..<2_000 {
            let text = Sanitizer.clean(texts.text())
            let x = texts.next(upTo: 4) - 1, limit = texts.next(upTo: 12)
            var new = CellBuffer(width: 10, height: 1), old = new
            let used = new.write(text, x: x, y: 0, limit: limit)
            #expect(used == PreviousText.write(text, into: &old, x: x, y: 0, limit: limit), "\(text.debugDescription)")
            #expect(new == old, "\(text.debugDescription)")
        }
    }

    @Test("drawing unclean text: no control character reaches a cell, a tab is a space")
    func drawingUnclean() {
        var texts = AwkwardTexts(state: 7)
        for _ in 0..<2_000 {
            var buffer = CellBuffer(width: 12, height: 1)
            buffer.write(texts.text(), x: 0, y: 0)
            for cell in buffer.cells {
                #expect(Sanitizer.clean(String(cell.character)) == String(cell.character), "\(cell.character.debugDescription)")
            }
        }
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.write("a\tb", x: 0, y: 0)
        #expect(buffer.lines == ["a b   "])
    }

    @Test("the sanitizer's fast check finds every unsafe character, wherever it is")
    func sanitizer() {
        let unsafe = ["\u{0}", "\u{1B}", "\t", "\r", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{61C}", "\u{200E}", "\u{200F}",
                      "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}"]
        let safe = ["\u{A0}", "\u{A9}", "\u{60C}", "\u{200B}", "\u{200D}", "\u{2029}", "\u{202F}", "\u{2065}", "\u{206A}", "é", "漢", "🩺"]
        for character in unsafe {
            for text in [character, "a" + character, character + "é", "é" + character + "漢"] {
                #expect(Sanitizer.clean(text) == String(String.UnicodeScalarView(text.unicodeScalars.compactMap { scalar in
                    scalar == "\t" ? " " : unsafe.contains(String(scalar)) ? nil : scalar
                })), "\(text.debugDescription)")
            }
        }
        for character in safe { #expect(Sanitizer.clean("a" + character + "b") == "a" + character + "b") }
        #expect(Sanitizer.clean("l1\nl2", keepNewlines: true) == "l1\nl2")
        #expect(Sanitizer.clean("l1\nl2") == "l1l2")
    }

    @Test("a field shows the same end of its value as before, with … when its start is hidden")
    func fieldEnd() {
        var texts = AwkwardTexts(state: 99)
        for _ in 0..<1_000 {
            var field = TextField()
            field.text = Sanitizer.clean(texts.text())
            let columns = 2 + texts.next(upTo: 10)
            // A label of one column and a space: the field has `columns + 2`, of which the
            // value may take all but the cursor's.
            var buffer = CellBuffer(width: columns + 4, height: 1)
            field.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
            // Read from the cells, not from `lines`: a cell holding a lone extending mark
            // (U+FF9E) would join the cell before it in one string.
            let shown = String(buffer.cells.dropFirst(2).filter { !$0.isContinuation }.map(\.character)).trimmingSuffix(" ")
            let old = PreviousText.visibleEnd(field.text, columns: columns + 1)
            if old == field.text {
                #expect(shown == PreviousText.cellForm(old), "\(field.text.debugDescription)")
            } else {
                #expect(shown.unicodeScalars.first == "…", "\(field.text.debugDescription)")
                // What follows "…" is an end of what the old field showed, scalar for scalar.
                #expect(PreviousText.cellForm(old).unicodeScalars.reversed().starts(with: shown.unicodeScalars.dropFirst().reversed()),
                        "\(field.text.debugDescription)")
                #expect(PreviousText.widthOf(shown) <= columns + 1)
            }
        }
    }
}

extension PreviousText {
    /// How a text reads back from cells: zero-width characters draw nothing.
    static func cellForm(_ text: String) -> String {
        String(text.filter { DisplayWidth.of($0) > 0 }).trimmingSuffix(" ")
    }
}

extension StringProtocol {
    func trimmingSuffix(_ character: Character) -> String {
        var text = Substring(self)
        while text.last == character { text.removeLast() }
        return String(text)
    }
}

@Suite("Long text: 5 MB documents and 20 MB values")
struct LongTextTests {
    static let megabytes5 = 5 * 1024 * 1024

    @Test("a 5 MB one-line document of words wraps into lines of at most the width, losing nothing")
    func documentOfWords() {
        let words = ["Patiente", "de", "68 ans,", "allergie", "à", "la", "pénicilline", "(œdème),", "漢字", "🩺", "suivi."]
        var text = ""
        var index = 0
        while text.utf8.count < Self.megabytes5 {
            text += words[index % words.count] + " "
            index += 1
        }
        text += "fin"
        let lines = TextWrap.wrap(text, width: 78)
        #expect(lines.count > 60_000)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 78 })
        #expect(lines.joined(separator: " ") == text)
    }

    @Test("a 5 MB single word is cut at the width, line after line", arguments: ["a", "é", "漢", "e\u{301}"])
    func singleWord(_ piece: String) {
        let text = String(repeating: piece, count: Self.megabytes5 / piece.utf8.count)
        let lines = TextWrap.wrap(text, width: 78)
        let perLine = 78 / DisplayWidth.of(piece)
        #expect(lines.count == (text.count + perLine - 1) / perLine)
        #expect(lines.dropLast().allSatisfy { $0.count == perLine })
        #expect(lines.joined() == text)
    }

    @Test("a 20 MB value: measured, cut and drawn with the mark that it is cut")
    func twentyMegabytes() {
        let value = String(repeating: "Pénicilline ", count: 20 * 1024 * 1024 / 13)
        #expect(DisplayWidth.truncate(value, to: 20) == "Pénicilline Pénicil…")
        #expect(DisplayWidth.of(value, atMost: 80) == 80)
        var buffer = CellBuffer(width: 30, height: 3)
        ListView.render(LinesSource(["court", value]), state: ListState(selected: 1), area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == [" court                        ", "▸Pénicilline Pénicilline Péni…", "                              "])
        var status = CellBuffer(width: 20, height: 1)
        StatusBar.render(hints: [], message: value, area: status.area, into: &status, theme: .monochrome)
        #expect(status.lines == [" Pénicilline Pénici…"])
    }

    @Test("a row that fits is drawn whole, without a mark")
    func rowThatFits() {
        var buffer = CellBuffer(width: 12, height: 1)
        ListView.render(LinesSource(["Pénicilline"]), state: ListState(selected: 0), area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == ["▸Pénicilline"])
    }

    @Test("a field holding 20 MB: a key is refused, Backspace works, the end is shown after …")
    func twentyMegabyteField() {
        var field = TextField(maxLength: 4096)
        field.text = String(repeating: "Pénicilline ", count: 20 * 1024 * 1024 / 13) + "fin"
        #expect(field.isTooLong)
        let before = field.length
        let typed = field.handle(.character("x"))
        #expect(typed)
        #expect(field.refusedTooLong && field.length == before)
        let erased = field.handle(.backspace)
        #expect(erased)
        #expect(!field.refusedTooLong && field.length == before - 1 && field.text.hasSuffix("fi"))
        // 18 columns for the field, one kept for the cursor: "…" and the last 16.
        var buffer = CellBuffer(width: 20, height: 1)
        field.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == ["› …e Pénicilline fi "])
        #expect(buffer.cursor?.x == 19)
        var secret = TextField(isSecret: true)
        secret.text = String(repeating: "s", count: 1_000_000)
        secret.render(label: "›", focused: true, area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines == ["› …" + String(repeating: "•", count: 16) + " "])
    }
}

@Suite("Every field has a maximum length")
struct MaximumLengthTests {
    @Test("4 096 characters by default; typing or pasting beyond is refused, and the field says so")
    func defaultLimit() {
        var field = TextField()
        #expect(field.maxLength == 4096)
        for character in String(repeating: "é", count: 4100) { _ = field.handle(.character(character)) }
        #expect(field.length == 4096 && field.text.count == 4096)
        #expect(field.refusedTooLong)
        _ = field.handle(.backspace)
        #expect(!field.refusedTooLong && field.length == 4095)
        #expect(Form.Field("Note").input.maxLength == 4096)
    }

    @Test("the limit counts characters as the screen does: an accent typed apart joins its letter")
    func countsCharacters() {
        var field = TextField(maxLength: 3)
        for character: Character in ["e", "\u{301}", "🇫", "🇷", "a", "b"] { _ = field.handle(.character(character)) }
        #expect(field.text == "e\u{301}🇫🇷a")
        #expect(field.length == field.text.count)
        #expect(field.refusedTooLong)
        _ = field.handle(.control("u"))
        #expect(field.length == 0 && field.text.isEmpty)
    }

    @Test("a form says the field is full, in the caller's words, and the next edit clears it")
    func formMessage() {
        var form = Form(title: "Allergie", fields: [Form.Field("Substance", maxLength: 5)])
        form.tooLongWording = LengthLimitWording("Text too long ({max} characters at most)", groupSeparator: ",")
        for character in "Pénicilline" { _ = form.handle(.character(character)) }
        #expect(form.values == ["Pénic"])
        #expect(form.problem == "Text too long (5 characters at most)")
        _ = form.handle(.backspace)
        #expect(form.problem == nil)
        var buffer = CellBuffer(width: 80, height: 24)
        _ = form.handle(.character("x"))
        _ = form.handle(.character("y"))
        form.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("Text too long (5 characters at most)") })
    }

    @Test("the default wording is French, with the digits grouped", arguments: [
        (4096, "Texte trop long (4\u{A0}096 caractères au plus)"), (200, "Texte trop long (200 caractères au plus)"),
        (1_000_000, "Texte trop long (1\u{A0}000\u{A0}000 caractères au plus)"),
    ])
    func frenchWording(_ limit: Int, _ expected: String) {
        #expect(LengthLimitWording.french.message(maxLength: limit) == expected)
        #expect(LengthLimitWording("text too long ({max} characters at most)", groupSeparator: ",").message(maxLength: 4096)
            == "text too long (4,096 characters at most)")
    }

    @Test("a field is a value: editing a copy leaves the original as it was, even a long one cut down")
    func valueSemantics() {
        var original = TextField(maxLength: 5)
        original.text = "abcdefghij"
        var copy = original
        for _ in 0..<6 { _ = copy.handle(.backspace) }
        _ = copy.handle(.character("z"))
        #expect(copy.text == "abcdz" && copy.length == 5)
        _ = copy.handle(.character("y"))
        #expect(copy.refusedTooLong && copy.text == "abcdz")
        #expect(original.text == "abcdefghij" && original.length == 10 && original.isTooLong)
        #expect(copy != original)
        var same = TextField(maxLength: 5)
        same.text = "abcdz"
        _ = copy.handle(.control("u"))
        _ = same.handle(.control("u"))
        #expect(copy == same)
    }

    @Test("a value set longer than its field is kept whole, but not submitted until shortened")
    func tooLongInitial() {
        var form = Form(title: "Directives", fields: [Form.Field("Nom", initial: "Marie", required: true), Form.Field("Texte", initial: "abcdef", maxLength: 4)])
        #expect(form.fields[1].input.text == "abcdef")
        let first = form.handle(.enter), second = form.handle(.enter)
        #expect(first == nil && second == nil)
        #expect(form.focus == 1)
        #expect(form.problem == "Texte trop long (4 caractères au plus)")
        _ = form.handle(.backspace)
        _ = form.handle(.backspace)
        let submitted = form.handle(.enter)
        #expect(submitted == .submitted(["Marie", "abcd"]))
    }

    @Test("a dialog says so too, and will not confirm a value longer than its field")
    func dialog() {
        var dialog = Dialog.enterText("Directives", "Vos directives :", initial: "abc", maxLength: 3)
        let refused = dialog.handle(.character("d"))
        #expect(refused == nil)
        #expect(dialog.problem == "Texte trop long (3 caractères au plus)")
        let erased = dialog.handle(.backspace)
        #expect(erased == nil)
        #expect(dialog.problem == nil)
        let entered = dialog.handle(.enter)
        #expect(entered == .entered("ab"))
        var long = Dialog.enterText("Directives", "Vos directives :", initial: String(repeating: "x", count: 5_000_000), maxLength: 2000)
        let refusedLong = long.handle(.enter)
        #expect(refusedLong == nil)
        #expect(long.problem == "Texte trop long (2\u{A0}000 caractères au plus)")
        var buffer = CellBuffer(width: 80, height: 24)
        long.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("› …xxxx") })
    }
}
