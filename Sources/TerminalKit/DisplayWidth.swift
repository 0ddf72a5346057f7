/// How many terminal columns a character takes: 0 for combining marks and controls,
/// 2 for East Asian wide characters and emoji, 1 otherwise.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        // Fast path for what most screens hold: ASCII and Latin letters, one scalar below
        // the combining marks (U+0300). Property lookups cost far more than this test.
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value >= 0xA0 && first.value < 0x300 && scalars.index(after: scalars.startIndex) == scalars.endIndex { return 1 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation })
            || character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) {
            return 2
        }
        return of(first)
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(value) { return 2 }
        return 1
    }

    public static func of(_ text: String) -> Int {
        measure(text, upTo: .max).width
    }

    /// The width of `text`, but at most `limit`: reads only as far as `limit` columns, so
    /// laying out a box around a 20 MB value costs what the box can show.
    public static func of(_ text: String, atMost limit: Int) -> Int {
        min(limit, measure(text, upTo: limit).width)
    }

    /// Walks `text` until it is wider than `limit`: its width when it fits, else the first
    /// width found past `limit`.
    static func measure(_ text: String, upTo limit: Int) -> (width: Int, fits: Bool) {
        TextScanner.scanning(text) { scan in
            var width = 0
            var position = 0
            while position < scan.count {
                let step = scan.step(at: position)
                width += step.width
                if width > limit { return (width, false) }
                position = step.end
            }
            return (width, true)
        }
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, abridged to the blocks that occur).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `columns`, with "…" when it was cut.
    ///
    /// Reads only until the text is known to be wider than `columns`: a row holding a
    /// 20 MB value costs its first columns, not its length.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        return TextScanner.scanning(text) { scan in
            var used = 0
            // Where the prefix that leaves a column for "…" ends; it stops growing at the
            // first character that does not fit, as the text is cut there.
            var cut = 0
            var cutFrozen = false
            var position = 0
            while position < scan.count {
                let step = scan.step(at: position)
                if !cutFrozen {
                    if used + step.width > columns - 1 { cutFrozen = true } else { cut = step.end }
                }
                used += step.width
                if used > columns { return scan.string(0..<cut) + "…" }
                position = step.end
            }
            return text
        }
    }

    /// Pads with spaces to exactly `columns` (cutting if longer).
    public static func pad(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }
}
