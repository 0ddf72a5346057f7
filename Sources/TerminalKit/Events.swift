/// A key as the program sees it, whatever the terminal sent.
public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    /// Ctrl plus a letter, lower-case.
    case control(Character)
    case function(Int)

    /// How the help screen and status bar name the key, in French (the default wording of
    /// TerminalKit, kept for the callers written before `KeyNames`).
    public var label: String { label(.french) }

    /// How the help screen and status bar name the key, in the screen's language.
    public func label(_ names: KeyNames) -> String { names.name(of: self) }
}

/// The names of the keys that have one, in a language. TerminalKit has no language of its
/// own: a screen passes the names it speaks, so that an English screen says "Enter" and
/// "Esc" where a French one says "Entrée" and "Échap". Printable characters name
/// themselves (but the space, which would read as nothing).
public struct KeyNames: Hashable, Sendable {
    public var enter: String
    public var escape: String
    public var space: String
    public var tab: String
    public var backTab: String
    public var backspace: String
    public var delete: String
    public var up: String
    public var down: String
    public var left: String
    public var right: String
    public var pageUp: String
    public var pageDown: String
    public var home: String
    public var end: String
    /// Put before the letter of a Ctrl key: "Ctrl-" gives "Ctrl-K".
    public var control: String
    /// Put before the number of a function key: "F" gives "F5".
    public var function: String

    public init(enter: String, escape: String, space: String, tab: String, backTab: String, backspace: String, delete: String,
                up: String, down: String, left: String, right: String, pageUp: String, pageDown: String, home: String, end: String,
                control: String, function: String) {
        self.enter = enter
        self.escape = escape
        self.space = space
        self.tab = tab
        self.backTab = backTab
        self.backspace = backspace
        self.delete = delete
        self.up = up
        self.down = down
        self.left = left
        self.right = right
        self.pageUp = pageUp
        self.pageDown = pageDown
        self.home = home
        self.end = end
        self.control = control
        self.function = function
    }

    /// As French keyboards and French software name the keys.
    public static let french = KeyNames(
        enter: "Entrée", escape: "Échap", space: "Espace", tab: "Tab", backTab: "⇧Tab", backspace: "⌫", delete: "Suppr",
        up: "↑", down: "↓", left: "←", right: "→", pageUp: "PgUp", pageDown: "PgDn", home: "Début", end: "Fin",
        control: "Ctrl-", function: "F")

    /// As English keyboards name them (the short forms printed on the keys).
    public static let english = KeyNames(
        enter: "Enter", escape: "Esc", space: "Space", tab: "Tab", backTab: "⇧Tab", backspace: "⌫", delete: "Del",
        up: "↑", down: "↓", left: "←", right: "→", pageUp: "PgUp", pageDown: "PgDn", home: "Home", end: "End",
        control: "Ctrl-", function: "F")

    public func name(of key: Key) -> String {
        switch key {
        case let .character(c): return c == " " ? space : String(c)
        case .enter: return enter
        case .escape: return escape
        case .tab: return tab
        case .backTab: return backTab
        case .backspace: return backspace
        case .delete: return delete
        case .up: return up
        case .down: return down
        case .left: return left
        case .right: return right
        case .pageUp: return pageUp
        case .pageDown: return pageDown
        case .home: return home
        case .end: return end
        case let .control(c): return control + c.uppercased()
        case let .function(n): return function + String(n)
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
