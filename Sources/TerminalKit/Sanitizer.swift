/// The one gate for untrusted text (from the database, an import, a file) on its way to
/// the screen: no C0 or C1 control characters, no ESC, no bidirectional overrides, so text
/// can never move the cursor, set a title, write the clipboard or read back to front.
public enum Sanitizer {
    public static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if keepNewlines && value == 0x0A { scalars.append(scalar); continue }
            if value == 0x09 { scalars.append(" "); continue }
            if value < 0x20 || (0x7F...0x9F).contains(value) { continue }
            if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
                || value == 0x200E || value == 0x200F || value == 0x061C {
                continue
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
