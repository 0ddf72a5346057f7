/// The one gate for untrusted text (from the database, an import, a file) on its way to
/// the screen: no C0 or C1 control characters, no ESC, no bidirectional overrides, so text
/// can never move the cursor, set a title, write the clipboard or read back to front.
public enum Sanitizer {
    public static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        // Every frame passes its text through here: clean text, the usual case, is
        // returned as it is, without building a copy.
        if !text.unicodeScalars.contains(where: { isUnsafe($0.value, keepNewlines: keepNewlines) }) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x09 { scalars.append(" "); continue }
            if isUnsafe(value, keepNewlines: keepNewlines) { continue }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    private static func isUnsafe(_ value: UInt32, keepNewlines: Bool) -> Bool {
        if value < 0x20 { return !(keepNewlines && value == 0x0A) }
        if value < 0x7F { return false }
        return value <= 0x9F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }
}
