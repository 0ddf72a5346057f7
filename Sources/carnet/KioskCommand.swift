import ArgumentParser
import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalCurses
import TerminalKit

/// `carnet kiosk`: a shared terminal's login shell for clinicians.
struct KioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Run a clinician kiosk: professional sign-in (RPPS, PIN), patient search, consultation and writing.",
        discussion: """
            Meant as a shared terminal's login shell: Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing; only SIGTERM or SIGHUP \
            (or the terminal going away) end it. After the idle time without a key, every patient detail leaves the \
            screen and the sign-in returns.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var idle: IdleOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        try KioskCommand.runSession(database: database, screen: screen, idle: idle.idle, door: .kiosk, what: "the kiosk")
    }

    /// A shared terminal's session, kiosk or emergency: curses in raw mode, the store behind it.
    /// A signal (SIGTERM, SIGHUP) or a lost terminal ends it in order: a break-glass access
    /// gets its stop event, then the terminal is given back, then the exit status says why.
    static func runSession(database: DatabaseOptions, screen: ScreenOptions, idle: Int, door: Door, what: String) throws {
        let opened = try database.openCreatingDemo()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CarnetFailure(description: "\(what) needs a terminal (database: \(opened.path))")
        }
        let catalogs = Catalogs(formulary: try .standard(), labTests: try PrescriptionSafety.standard().labTests)
        let environment = ProcessInfo.processInfo.environment
        let store = RecordStore(database: opened, policy: try .standard())
        let terminal = CursesTerminal(kiosk: true)
        defer { terminal.restore() }
        let session = DoorSession(
            terminal: terminal, store: store, finder: store,
            signIn: Credentials(database: opened, terminal: TerminalIdentity.current()), strings: screen.strings(environment: environment),
            theme: Theme.forEnvironment(environment, terminalHasColor: terminal.supportsColor), catalogs: catalogs,
            door: door, idleLimit: TimeInterval(idle))
        // Runs before the terminal is restored (defers run last first). After an orderly end it
        // finds nothing to stop; on any other way out (an error thrown from here on) it writes
        // the stop. A crash cannot run it: the window, and the doctor's next sign-in, bound that.
        defer { session.end(.error) }
        session.run(interruption: { terminal.interruption.map(SessionEnd.init) })
        if let interruption = terminal.interruption { throw ExitCode(interruption.exitStatus) }
    }
}

extension SessionEnd {
    /// The terminal's words for why it stopped, as the session's.
    init(_ interruption: CursesTerminal.Interruption) {
        switch interruption {
        case .hangup: self = .hangup
        case .terminated: self = .terminated
        case .interrupted: self = .interrupted
        case .terminalLost: self = .terminalLost
        }
    }
}
