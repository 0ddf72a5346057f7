/// A key as the program sees it, whatever the terminal sent.
public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    /// Ctrl plus a letter, lower-case.
    case control(Character)
    case function(Int)

    /// How the help screen and status bar name the key.
    public var label: String {
        switch self {
        case let .character(c): return c == " " ? "Espace" : String(c)
        case .enter: return "Entrée"
        case .escape: return "Échap"
        case .tab: return "Tab"
        case .backTab: return "⇧Tab"
        case .backspace: return "⌫"
        case .delete: return "Suppr"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Début"
        case .end: return "Fin"
        case let .control(c): return "Ctrl-\(c.uppercased())"
        case let .function(n): return "F\(n)"
        }
    }
}

public enum MouseAction: Hashable, Sendable { case click, wheelUp, wheelDown }

public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case mouse(x: Int, y: Int, action: MouseAction)
}

/// What a screen draws on. `CursesTerminal` is the real one; `TestTerminal` keeps the
/// screen in memory for tests.
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Shows a frame; a real terminal writes only the cells that changed since the last one.
    func present(_ frame: CellBuffer)
    /// The next input event, or nil when `timeout` seconds pass without one (nil: wait).
    func nextEvent(timeout: Double?) -> TerminalEvent?
}

/// An in-memory terminal whose screen reads back as lines of text.
public final class TestTerminal: Terminal {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var frame: CellBuffer
    /// How many cells each present would have written: the diff's effect, measurable.
    public private(set) var cellsWritten: [Int] = []
    private var pending: [TerminalEvent] = []

    public init(width: Int = 80, height: Int = 24) {
        self.width = width
        self.height = height
        frame = CellBuffer(width: width, height: height)
    }

    public func present(_ frame: CellBuffer) {
        cellsWritten.append(frame.changes(since: self.frame).reduce(0) { $0 + $1.cells.count })
        self.frame = frame
    }

    public func nextEvent(timeout: Double?) -> TerminalEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public func send(_ events: TerminalEvent...) { pending += events }
    public func type(_ text: String) { pending += text.map { .key(.character($0)) } }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        pending.append(.resize(width: width, height: height))
    }

    public var screen: [String] { frame.lines }
    public var screenText: String { screen.joined(separator: "\n") }
}
