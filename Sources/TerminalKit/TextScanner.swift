/// Reads a text's characters with their display widths, straight from its UTF-8 bytes.
///
/// Why not `for character in text` with `DisplayWidth.of`: that loop runs over every
/// character of every wrapped document and every drawn row, and breaking a text into
/// graphemes costs far more than most of what screens show needs. ASCII, the Latin
/// letters U+00A0–U+02FF (French accents, œ) and the CJK ideographs U+4E00–U+9FFF never
/// join the character before them (they are no combining mark, joiner or spacing mark),
/// nor pull in the one after (none is a prepended mark), except CR before LF: one of them
/// followed by another, or by the end, is a whole character, of width 1 (0 for an ASCII
/// control, 2 for an ideograph), read without the standard library's grapheme breaking.
/// Anything else is handed to it. A test holds these ranges to the standard library.
///
/// Positions are byte offsets into the UTF-8 bytes, always on character boundaries, so
/// callers can come back to a position (wrapping a long word measures it, then cuts it)
/// without walking from the start again.
struct TextScanner {
    /// One character: where it ends, its display width, and its byte when it is a single
    /// ASCII byte (what wrapping compares with a space or a newline).
    struct Step {
        let end: Int
        let width: Int
        let ascii: UInt8?
    }

    let text: Substring
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    /// Runs `body` with a scanner over `text`; the bytes are valid only inside `body`.
    static func scanning<Result>(_ text: String, _ body: (TextScanner) throws -> Result) rethrows -> Result {
        try scanning(text[...], body)
    }

    /// The same over a slice, read in place (a field's value is one, see `TextField`).
    static func scanning<Result>(_ text: Substring, _ body: (TextScanner) throws -> Result) rethrows -> Result {
        var text = text
        // A no-op for Swift's own strings; a bridged string is copied once into UTF-8.
        text.makeContiguousUTF8()
        let result = try text.utf8.withContiguousStorageIfAvailable { bytes in
            try body(TextScanner(text: text, bytes: bytes))
        }
        // Never nil after makeContiguousUTF8; kept total rather than trapping.
        if let result { return result }
        return try Array(text.utf8).withUnsafeBufferPointer { try body(TextScanner(text: text, bytes: $0)) }
    }

    /// The character that starts at `position` (a character boundary before `count`).
    func step(at position: Int) -> Step {
        let byte = bytes[position]
        if byte < 0x80 {
            if byte != 0x0D && isPlain(at: position + 1) {
                return Step(end: position + 1, width: byte >= 0x20 && byte != 0x7F ? 1 : 0, ascii: byte)
            }
        } else if isLatin(at: position) {
            // `DisplayWidth.of` gives a lone scalar of U+00A0–U+02FF one column.
            if isPlain(at: position + 2) { return Step(end: position + 2, width: 1, ascii: nil) }
        } else if isIdeograph(at: position) {
            if isPlain(at: position + 3) { return Step(end: position + 3, width: 2, ascii: nil) }
        }
        let character = self.character(at: position)
        let length = character.utf8.count
        return Step(end: position + length, width: DisplayWidth.of(character), ascii: length == 1 ? byte : nil)
    }

    /// The character that ends at `position` (a character boundary after 0): where it starts
    /// and its display width. For reading a text from its end (a field shows its last part).
    func stepBack(before position: Int) -> (start: Int, width: Int) {
        let byte = bytes[position - 1]
        if byte < 0x80 && (position == 1 || (bytes[position - 2] < 0x80 && !(byte == 0x0A && bytes[position - 2] == 0x0D))) {
            return (position - 1, byte >= 0x20 && byte != 0x7F ? 1 : 0)
        }
        let index = text.index(before: index(position))
        let character = text[index]
        return (position - character.utf8.count, DisplayWidth.of(character))
    }

    /// The character that starts at `position`, for drawing it.
    func character(at position: Int) -> Character {
        let byte = bytes[position]
        if byte < 0x80 && byte != 0x0D && isPlain(at: position + 1) {
            return Character(Unicode.Scalar(byte))
        }
        return text[index(position)]
    }

    /// The end of the text, an ASCII byte, a Latin letter or an ideograph: nothing that
    /// joins the character before it.
    private func isPlain(at position: Int) -> Bool {
        position == bytes.count || bytes[position] < 0x80 || isLatin(at: position) || isIdeograph(at: position)
    }

    /// A scalar of U+4E00–U+9FFF starts here: lead byte E4 (from E4 B8) to E9.
    private func isIdeograph(at position: Int) -> Bool {
        let byte = bytes[position]
        return byte >= 0xE4 && byte <= 0xE9 && position + 2 < bytes.count && (byte != 0xE4 || bytes[position + 1] >= 0xB8)
    }

    /// A scalar of U+00A0–U+02FF starts here: lead byte C2–CB, not a C1 control (C2 80–9F).
    private func isLatin(at position: Int) -> Bool {
        let byte = bytes[position]
        return byte >= 0xC2 && byte <= 0xCB && position + 1 < bytes.count && (byte != 0xC2 || bytes[position + 1] >= 0xA0)
    }

    /// The text between two character boundaries.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `String.Index` of a byte offset: constant time on a contiguous UTF-8 string.
    private func index(_ position: Int) -> String.Index {
        text.utf8.index(text.utf8.startIndex, offsetBy: position)
    }
}
