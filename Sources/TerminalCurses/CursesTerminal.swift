import CNCurses
import Foundation
import TerminalKit

/// The real terminal, through ncursesw: the only code that imports CNCurses. Frames are
/// diffed, so only changed cells are written; resize arrives as an event.
public final class CursesTerminal: Terminal {
    /// Why the terminal stopped giving keys: a signal from outside, or the terminal gone.
    /// The session reads it when `nextEvent` returns nil, ends what must be ended (a
    /// break-glass access gets its stop event), then gives the terminal back.
    public enum Interruption: Sendable, Equatable {
        case hangup, terminated, interrupted
        /// End of input, or the terminal hung up (its window closed, its connection dropped).
        case terminalLost

        /// The exit status a shell expects: 128 + the signal (a lost terminal as a hang-up).
        public var exitStatus: Int32 {
            switch self {
            case .hangup, .terminalLost: return 128 + SIGHUP
            case .terminated: return 128 + SIGTERM
            case .interrupted: return 128 + SIGINT
            }
        }
    }

    private var previous: CellBuffer?
    private var pairs: [Int: Int16] = [:]
    private let hasColor: Bool
    private var active = true
    /// Whether the terminal's cursor is shown; nil until the first frame says.
    private var cursorShown: Bool?
    /// Set once, read by the session after `nextEvent` returned nil.
    public private(set) var interruption: Interruption?

    /// Takes over the terminal (alternate screen, no echo, keypad, mouse). SIGTERM and
    /// SIGHUP (and, outside a kiosk, SIGINT) no longer kill the program: they end
    /// `nextEvent`, and `interruption` says which, so the session can close properly.
    /// - Parameter kiosk: a shared terminal's session: Ctrl-C, Ctrl-Z and Ctrl-\ arrive as
    ///   keys (raw mode) instead of signals, so they neither end the program nor reach a
    ///   shell; only SIGTERM or SIGHUP from outside end it.
    public init(kiosk: Bool = false) {
        // The screens are UTF-8 (accents, "—", "…"): a LANG naming a locale this machine does
        // not have (en_GB.UTF-8 over SSH, say) must not drop ncurses into ASCII and garble them.
        if setlocale(LC_ALL, "") == nil || String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
        initscr()
        if kiosk {
            raw()
            // Belt and braces: the same signals sent by another program are ignored too.
            for sig in [SIGINT, SIGQUIT, SIGTSTP] { signal(sig, SIG_IGN) }
        } else {
            cbreak()
        }
        noecho()
        nonl()
        carnet_keypad(true)
        // Let ncurses scroll lines with the terminal's own insert/delete-line when a list
        // moves by a line: far fewer bytes than redrawing every row.
        carnet_idlok(true)
        set_escdelay(Self.escapeDelay)
        curs_set(0)
        hasColor = has_colors()
        if hasColor {
            start_color()
            use_default_colors()
        }
        mousemask(mmask_t(carnet_mouse_mask()), nil)
        mouseinterval(0)
        // After initscr, which installs ncurses' own handlers for some of these.
        InterruptionPipe.shared.install(for: kiosk ? [SIGTERM, SIGHUP] : [SIGINT, SIGTERM, SIGHUP])
    }

    deinit { restore() }

    public var supportsColor: Bool { hasColor }
    public var width: Int { Int(carnet_cols()) }
    public var height: Int { Int(carnet_lines()) }

    /// Leaves curses mode; safe to call twice.
    public func restore() {
        guard active else { return }
        active = false
        endwin()
    }

    public func present(_ frame: CellBuffer) {
        for run in frame.changes(since: previous) {
            move(Int32(run.y), Int32(run.x))
            for cell in run.cells where !cell.isContinuation {
                attrset(attributes(cell.style))
                addstr(String(cell.character))
            }
        }
        // The cursor is shown where a field is being edited, and hidden everywhere else
        // (a list's cursor blinking at the end of the status bar is noise). Its visibility
        // is changed only when it changes: curs_set writes to the terminal each time.
        if let cursor = frame.cursor, frame.width > 0, frame.height > 0 {
            if cursorShown != true { curs_set(1); cursorShown = true }
            move(Int32(min(max(0, cursor.y), frame.height - 1)), Int32(min(max(0, cursor.x), frame.width - 1)))
        } else if cursorShown != false {
            curs_set(0)
            cursorShown = false
        }
        refresh()
        previous = frame
    }

    /// The next key, resize or click; nil when `timeout` passes, or at once when a signal
    /// arrived or the terminal is gone (then `interruption` says which).
    public func nextEvent(timeout: Double?) -> TerminalEvent? {
        let deadline = timeout.map { DispatchTime.now().uptimeNanoseconds &+ InterruptionPipe.nanoseconds($0) }
        // ncurses may already hold bytes it read (the rest of a sequence): ask it first,
        // without waiting; only then wait on the terminal and on the signal pipe at once.
        // Once the terminal has input, ncurses gets a moment to read a whole character.
        var patience: Int32 = 0
        while interruption == nil {
            carnet_timeout(patience)
            var key: UInt32 = 0
            let result = carnet_get_wch(&key)
            if result != ERR {
                if let event = event(result, key) { return event }
                // A key that means nothing here (a sequence dropped, a mouse report of no
                // use): wait on, rather than return nil, which says time is up.
                patience = 0
                continue
            }
            // At most a second per wait: ncurses learns of a resize from its own SIGWINCH
            // handler, which may run just before poll starts and so not wake it; and poll
            // takes milliseconds in an Int32, which a long --idle must not overflow.
            var wait: Int32 = 1000
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < deadline else { return nil }
                wait = Int32((min(deadline - now, 1_000_000_000) + 999_999) / 1_000_000)
            }
            switch InterruptionPipe.shared.wait(milliseconds: wait) {
            case .again: patience = 0
            case .input: patience = 50
            case let .signal(number):
                interruption = number == SIGHUP ? .hangup : number == SIGINT ? .interrupted : .terminated
            case .terminalLost:
                interruption = .terminalLost
            }
        }
        return nil
    }

    private func event(_ result: Int32, _ key: UInt32) -> TerminalEvent? {
        if result == carnet_key_code_yes() {
            switch Int32(key) {
            case KEY_RESIZE:
                previous = nil // the whole screen is redrawn at the new size
                return .resize(width: width, height: height)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                let state = UInt(event.bstate)
                if state & carnet_mouse_wheel_up() != 0 { return .mouse(x: Int(event.x), y: Int(event.y), action: .wheelUp) }
                if carnet_mouse_wheel_down() != 0 && state & carnet_mouse_wheel_down() != 0 {
                    return .mouse(x: Int(event.x), y: Int(event.y), action: .wheelDown)
                }
                if state & carnet_mouse_click() != 0 { return .mouse(x: Int(event.x), y: Int(event.y), action: .click) }
                return nil
            default:
                if Int32(key) >= KEY_F0 && Int32(key) <= KEY_F0 + 12 { return .key(.function(Int(Int32(key) - KEY_F0))) }
                return nil
            }
        }
        switch key {
        case 10, 13: return .key(.enter)
        case 27: return escapeSequence()
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(UnicodeScalar(key + 96)!)))
        default:
            guard let scalar = UnicodeScalar(key) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// After ESC, the rest of a sequence ncurses did not decode (its terminfo does not name
    /// it: Home as `ESC [ 1 ~` under tmux, say), read for as long as the escape delay and
    /// decoded by `EscapeSequence`. ESC alone stays Escape; a sequence unknown or cut short
    /// is dropped whole, so that its letters never act as commands.
    private func escapeSequence() -> TerminalEvent? {
        var bytes: [UInt8] = [EscapeSequence.escape]
        while bytes.count < EscapeSequence.maximumLength {
            carnet_timeout(Self.escapeDelay)
            var key: UInt32 = 0
            let result = carnet_get_wch(&key)
            if result == ERR { return EscapeSequence.timedOut(bytes).map { .key($0) } }
            // A key ncurses decoded itself, after ESC (Alt and an arrow): the key alone.
            if result == carnet_key_code_yes() { return event(result, key) }
            // Alt and a letter beyond ASCII: nothing here.
            guard key < 0x80 else { return nil }
            bytes.append(UInt8(key))
            switch EscapeSequence.read(bytes) {
            case let .key(decoded): return .key(decoded)
            case .unknown: return nil
            case .incomplete: continue
            }
        }
        return nil
    }

    /// Milliseconds ncurses waits after ESC for the rest of a sequence (`set_escdelay`):
    /// long enough for a sequence's bytes, which come together, short enough that Escape
    /// pressed alone answers at once.
    static let escapeDelay: Int32 = 25

    private func attributes(_ style: Style) -> Int32 {
        var value = carnet_attr_normal()
        if style.bold { value |= carnet_attr_bold() }
        if style.reverse { value |= carnet_attr_reverse() }
        if style.underline { value |= carnet_attr_underline() }
        if style.dim { value |= carnet_attr_dim() }
        if hasColor, style.foreground != nil || style.background != nil {
            value |= carnet_color_pair(Int32(pair(style.foreground, style.background)))
        }
        return Int32(value)
    }

    /// Colour pairs are made on first use: (foreground, background), -1 being the default.
    private func pair(_ foreground: Color?, _ background: Color?) -> Int16 {
        let key = ((foreground?.rawValue ?? -1) + 1) * 16 + (background?.rawValue ?? -1) + 1
        if let existing = pairs[key] { return existing }
        let number = Int16(pairs.count + 1)
        init_pair(number, Int16(foreground?.rawValue ?? -1), Int16(background?.rawValue ?? -1))
        pairs[key] = number
        return number
    }
}

/// Where signals meet the input loop. A signal handler may do almost nothing safely: this
/// one writes the signal's number to a pipe (`write` is async-signal-safe) and returns; the
/// input loop polls that pipe beside the terminal and the session does the rest (the stop
/// event, the terminal given back) in ordinary code.
///
/// One per process, made before any handler is installed; its two descriptors never change
/// afterwards. A C signal handler can capture nothing, so it reaches the pipe through this
/// constant: immutable, hence no shared mutable state.
final class InterruptionPipe: Sendable {
    static let shared = InterruptionPipe()

    let readEnd: Int32
    let writeEnd: Int32

    enum Wake: Equatable {
        /// The terminal has bytes to read.
        case input
        /// Time is up, or another signal (a resize) woke the wait: ask again.
        case again
        case signal(Int32)
        /// The terminal hung up, or input ended.
        case terminalLost
    }

    private init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                // Never block: neither the handler on a full pipe nor the loop draining it.
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    /// Routes these signals to the pipe instead of their default action (death).
    func install(for signals: [Int32]) {
        for sig in signals {
            signal(sig) { received in
                let saved = errno
                var number = UInt8(truncatingIfNeeded: received)
                _ = write(InterruptionPipe.shared.writeEnd, &number, 1)
                errno = saved
            }
        }
    }

    /// Waits for input on the terminal or a signal, at most `milliseconds`.
    func wait(milliseconds: Int32) -> Wake {
        var watched = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&watched, nfds_t(watched.count), milliseconds)
        if ready < 0 { return errno == EINTR ? .again : .terminalLost }
        if watched[1].revents & Int16(POLLIN) != 0 {
            // The first signal is the one that counts; the others are drained with it.
            var first: Int32?
            var number: UInt8 = 0
            while read(readEnd, &number, 1) == 1 { first = first ?? Int32(number) }
            return .signal(first ?? SIGTERM)
        }
        if watched[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .terminalLost }
        if watched[0].revents & Int16(POLLIN) != 0 {
            // Readable with nothing to read: the end of input (a terminal in raw or cbreak
            // mode has no end-of-file key, so only a vanished one says this).
            var pending: Int32 = 0
            if ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0 && pending == 0 { return .terminalLost }
            return .input
        }
        return .again
    }

    /// Seconds as nanoseconds for a deadline, bounded so that no timeout can overflow.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }
        // A year is longer than any wait the program asks for.
        return UInt64(min(seconds, 365 * 86_400) * 1_000_000_000)
    }
}
