/// Key sequences a terminal sends that start with ESC, read by hand.
///
/// ncurses decodes the sequences its terminal description (terminfo) names. A terminal
/// that sends others (tmux under TERM=screen passing on xterm's, rxvt's Home and End) gets
/// them back as ESC then plain characters: Home read as Escape then `1` and `~` closed an
/// editor, then `4` of End's `ESC [ 4 ~` opened pane 4. So after ESC the terminal driver
/// reads on for as long as the escape delay, and hands the bytes here: a known sequence
/// becomes its key; an unknown one is dropped whole, never turned into Escape and letters
/// that act as commands; ESC alone stays Escape.
///
/// Pure and stateless: the driver keeps the bytes, `read` says after each byte whether
/// the sequence is done, and `timedOut` what to make of what came when nothing follows.
public enum EscapeSequence {
    public static let escape: UInt8 = 0x1B

    public enum Reading: Hashable, Sendable {
        /// A whole sequence, meaning this key.
        case key(Key)
        /// A whole sequence this program does not know (Alt and a letter, Insert, a mouse
        /// report ncurses did not take): dropped, nothing happens.
        case unknown
        /// The start of a sequence: read on (until the escape delay runs out).
        case incomplete
    }

    /// What the bytes read so far mean. `bytes` starts with ESC.
    public static func read(_ bytes: [UInt8]) -> Reading {
        guard bytes.first == escape else { return .unknown }
        guard bytes.count > 1 else { return .incomplete }
        switch bytes[1] {
        case escape:
            // ESC ESC …: some terminals send Alt and a key as ESC then the key's own
            // sequence (Alt-↑ as ESC ESC [ A): read as the key. A second ESC alone is the
            // first Escape pressed twice in a hurry (see `timedOut`).
            return read(Array(bytes.dropFirst()))
        case UInt8(ascii: "["):
            return readCSI(bytes.dropFirst(2))
        case UInt8(ascii: "O"):
            return readSS3(bytes.dropFirst(2))
        default:
            // Alt and a key (ESC q), or a key typed within the escape delay after Escape:
            // neither is a command here, and Escape then `q` must not quit.
            return .unknown
        }
    }

    /// What the bytes mean when nothing followed them within the escape delay: ESC alone
    /// (or twice) is Escape; a sequence cut short is dropped (nil).
    public static func timedOut(_ bytes: [UInt8]) -> Key? {
        if bytes == [escape] || bytes == [escape, escape] { return .escape }
        if case let .key(key) = read(bytes) { return key }
        return nil
    }

    /// The key of a whole sequence (ESC alone is Escape); nil for a sequence that is
    /// unknown or not yet whole.
    public static func decode(_ bytes: [UInt8]) -> Key? {
        if case let .key(key) = read(bytes) { return key }
        return bytes == [escape] ? .escape : nil
    }

    /// Longer than any sequence read here: past it, the bytes are dropped (a stray stream).
    public static let maximumLength = 32

    /// `ESC [` parameters (digits and `;`, or `<` of a mouse report) and a final byte.
    private static func readCSI(_ rest: ArraySlice<UInt8>) -> Reading {
        // X10 mouse report: ESC [ M then three bytes of button and position.
        if rest.first == UInt8(ascii: "M") { return rest.count >= 4 ? .unknown : .incomplete }
        // The Linux console's F1–F5: ESC [ [ A to E.
        if rest.first == UInt8(ascii: "[") {
            guard rest.count >= 2 else { return .incomplete }
            let letter = rest[rest.startIndex + 1]
            return (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(letter) ? .key(.function(Int(letter - UInt8(ascii: "A")) + 1)) : .unknown
        }
        var parameters: [UInt8] = []
        for byte in rest {
            switch byte {
            case 0x30...0x3F, 0x20...0x2F:
                // Parameter bytes (0-9 ; < = > ?) and intermediate bytes.
                parameters.append(byte)
            case 0x40...0x7E:
                return csiKey(parameters: parameters, final: byte).map(Reading.key) ?? .unknown
            default:
                // A control character or a non-ASCII byte inside: not a sequence.
                return .unknown
            }
        }
        return rest.count + 2 >= maximumLength ? .unknown : .incomplete
    }

    private static func csiKey(parameters: [UInt8], final: UInt8) -> Key? {
        // Modifiers (Shift, Ctrl, Alt: `ESC [ 1 ; 5 A` for Ctrl-↑) are set aside: the key
        // is read as itself, which is what the screens know.
        let numbers = String(decoding: parameters, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false)
        guard parameters.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ";") }) else { return nil }
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "~"):
            guard let first = numbers.first, let code = Int(first) else { return nil }
            switch code {
            case 1, 7: return .home // xterm and VT220; rxvt
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case 11...15: return .function(code - 10)
            case 17...21: return .function(code - 11)
            case 23, 24: return .function(code - 12)
            default: return nil // 2 is Insert, which nothing here uses
            }
        default:
            return nil
        }
    }

    /// `ESC O` and one byte: the arrows, Home and End in "application" mode, F1–F4.
    private static func readSS3(_ rest: ArraySlice<UInt8>) -> Reading {
        guard let byte = rest.first else { return .incomplete }
        switch byte {
        case UInt8(ascii: "A"): return .key(.up)
        case UInt8(ascii: "B"): return .key(.down)
        case UInt8(ascii: "C"): return .key(.right)
        case UInt8(ascii: "D"): return .key(.left)
        case UInt8(ascii: "H"): return .key(.home)
        case UInt8(ascii: "F"): return .key(.end)
        case UInt8(ascii: "M"): return .key(.enter) // Enter on the keypad
        case UInt8(ascii: "P"): return .key(.function(1))
        case UInt8(ascii: "Q"): return .key(.function(2))
        case UInt8(ascii: "R"): return .key(.function(3))
        case UInt8(ascii: "S"): return .key(.function(4))
        default: return .unknown
        }
    }
}
