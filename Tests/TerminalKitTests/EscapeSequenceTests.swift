import Testing
import TerminalKit

// Issue 16, point 4: under tmux with TERM=screen, Home came as ESC [ 1 ~, read as Escape
// (closing an editor) then "1" and "~"; End's "4" opened pane 4. The sequences ncurses
// does not decode are decoded here; what is not known is dropped whole.

@Suite("Escape sequences")
struct EscapeSequenceTests {
    static func bytes(_ text: String) -> [UInt8] { [0x1B] + Array(text.utf8) }

    static let table: [(String, Key)] = [
        ("[1~", .home), ("[4~", .end), ("[7~", .home), ("[8~", .end), ("[H", .home), ("[F", .end), ("OH", .home), ("OF", .end),
        ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown),
        ("[A", .up), ("[B", .down), ("[C", .right), ("[D", .left), ("OA", .up), ("OB", .down), ("OC", .right), ("OD", .left),
        ("[Z", .backTab), ("OM", .enter), ("OP", .function(1)), ("[15~", .function(5)), ("[24~", .function(12)), ("[[A", .function(1)),
        // With a modifier (Ctrl-↑, Shift-Fin): read as the key itself.
        ("[1;5A", .up), ("[1;2F", .end), ("[3;5~", .delete),
        // Alt and an arrow, as ESC then the arrow's own sequence.
        ("\u{1B}[D", .left),
    ]

    @Test("known sequences decode to their key", arguments: table)
    func known(_ sequence: String, _ key: Key) {
        #expect(EscapeSequence.decode(Self.bytes(sequence)) == key)
        #expect(EscapeSequence.read(Self.bytes(sequence)) == .key(key))
    }

    @Test("every shorter start of a known sequence asks for more, never a key", arguments: table)
    func prefixes(_ sequence: String, _ key: Key) {
        let whole = Self.bytes(sequence)
        for length in 1..<whole.count {
            #expect(EscapeSequence.read(Array(whole.prefix(length))) == .incomplete, "\(length) bytes of \(sequence)")
        }
    }

    @Test("ESC alone is Escape; twice in a hurry, one Escape")
    func loneEscape() {
        #expect(EscapeSequence.decode([0x1B]) == .escape)
        #expect(EscapeSequence.timedOut([0x1B]) == .escape)
        #expect(EscapeSequence.timedOut([0x1B, 0x1B]) == .escape)
    }

    @Test("unknown sequences are dropped whole, never Escape then letters", arguments: [
        "q", "i", "4", "[2~", "[99~", "[<0;12;5M", "[1;5Q", "Oz", "[[Z", "\u{7F}",
    ])
    func unknown(_ sequence: String) {
        #expect(EscapeSequence.read(Self.bytes(sequence)) == .unknown)
        #expect(EscapeSequence.decode(Self.bytes(sequence)) == nil)
    }

    @Test("a sequence cut short by the escape delay is dropped, not read as Escape")
    func cutShort() {
        #expect(EscapeSequence.timedOut(Self.bytes("[")) == nil)
        #expect(EscapeSequence.timedOut(Self.bytes("[1")) == nil)
        #expect(EscapeSequence.timedOut(Self.bytes("O")) == nil)
        #expect(EscapeSequence.timedOut(Self.bytes("[4~")) == .end)
    }

    @Test("an X10 mouse report waits for its three bytes, then is dropped")
    func x10Mouse() {
        #expect(EscapeSequence.read(Self.bytes("[M")) == .incomplete)
        #expect(EscapeSequence.read(Self.bytes("[M !")) == .incomplete)
        #expect(EscapeSequence.read(Self.bytes("[M !!")) == .unknown)
    }

    @Test("a stream that never ends is given up after the longest sequence")
    func endless() {
        let endless = Self.bytes("[" + String(repeating: "1", count: EscapeSequence.maximumLength))
        #expect(EscapeSequence.read(endless) == .unknown)
    }
}
