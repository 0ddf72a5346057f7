import CNCurses
import Foundation
import TerminalKit

/// The real terminal, through ncursesw: the only code that imports CNCurses. Frames are
/// diffed, so only changed cells are written; resize arrives as an event.
public final class CursesTerminal: Terminal {
    private var previous: CellBuffer?
    private var pairs: [Int: Int16] = [:]
    private let hasColor: Bool
    private var active = true

    /// Takes over the terminal (alternate screen, no echo, keypad, mouse) and arranges for
    /// it to be given back on SIGINT, SIGTERM and SIGHUP.
    /// - Parameter kiosk: a shared terminal's session: Ctrl-C, Ctrl-Z and Ctrl-\ arrive as
    ///   keys (raw mode) instead of signals, so they neither end the program nor reach a
    ///   shell; only SIGTERM or SIGHUP from outside end it.
    public init(kiosk: Bool = false) {
        setlocale(LC_ALL, "")
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
        set_escdelay(25)
        curs_set(0)
        hasColor = has_colors()
        if hasColor {
            start_color()
            use_default_colors()
        }
        mousemask(mmask_t(carnet_mouse_mask()), nil)
        mouseinterval(0)
        for sig in kiosk ? [SIGTERM, SIGHUP] : [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                // Give the terminal back before dying: a shell must not inherit a raw screen.
                endwin()
                _exit(128 + received)
            }
        }
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
        if let cursor = frame.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
        previous = frame
    }

    public func nextEvent(timeout: Double?) -> TerminalEvent? {
        carnet_timeout(timeout.map { Int32($0 * 1000) } ?? -1)
        var key: UInt32 = 0
        let result = carnet_get_wch(&key)
        if result == ERR { return nil }
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
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(UnicodeScalar(key + 96)!)))
        default:
            guard let scalar = UnicodeScalar(key) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

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
