/// The one gate for untrusted text (from the database, an import, a file) on its way to
/// the screen: no C0 or C1 control characters, no ESC, no bidirectional overrides, so text
/// can never move the cursor, set a title, write the clipboard or read back to front.
public enum Sanitizer {
    public static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        // Every frame passes its text through here: clean text, the usual case, is
        // returned as it is, without building a copy.
        if !containsUnsafe(text, keepNewlines: keepNewlines) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x09 { scalars.append(" "); continue }
            if isUnsafe(value, keepNewlines: keepNewlines) { continue }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Whether a character holds a scalar `clean` removes. Each such scalar is a character
    /// of its own (controls and these format characters always break graphemes on both
    /// sides; CR LF is the one pair, both removed), so looking at the first scalar is enough.
    static func isUnsafe(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return isUnsafe(first.value, keepNewlines: false)
    }

    /// The test of `clean`'s fast path, on the UTF-8 bytes: a 5 MB document is checked in
    /// milliseconds. Each unsafe scalar has a fixed encoding: C0 and DEL one byte, C1 `C2 80`
    /// to `C2 9F`, U+061C `D8 9C`, U+200E–U+200F `E2 80 8E–8F`, U+202A–U+202E `E2 80 AA–AE`,
    /// U+2066–U+2069 `E2 81 A6–A9`.
    private static func containsUnsafe(_ text: String, keepNewlines: Bool) -> Bool {
        TextScanner.scanning(text) { scan in
            let bytes = scan.bytes
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte < 0x80 {
                    if byte < 0x20 { if !(keepNewlines && byte == 0x0A) { return true } } else if byte == 0x7F { return true }
                } else if position + 1 < bytes.count {
                    let second = bytes[position + 1]
                    switch byte {
                    case 0xC2 where second <= 0x9F: return true
                    case 0xD8 where second == 0x9C: return true
                    case 0xE2 where position + 2 < bytes.count:
                        let third = bytes[position + 2]
                        if second == 0x80 && (third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third)) { return true }
                        if second == 0x81 && (0xA6...0xA9).contains(third) { return true }
                    default: break
                    }
                }
                position += 1
            }
            return false
        }
    }

    private static func isUnsafe(_ value: UInt32, keepNewlines: Bool) -> Bool {
        if value < 0x20 { return !(keepNewlines && value == 0x0A) }
        if value < 0x7F { return false }
        return value <= 0x9F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }
}
