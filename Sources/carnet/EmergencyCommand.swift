import ArgumentParser
import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalCurses
import TerminalKit

/// `carnet emergency`: an emergency-room terminal, where a doctor may break the glass.
struct EmergencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emergency",
        abstract: "Run an emergency terminal: a doctor without a grant may break the glass (justified, time-limited, audited).",
        discussion: """
            The emergency summary opens at once; the full record only after a second confirmation. A red banner shows \
            BRIS DE GLACE, the doctor, the reason and the time left. The access ends at expiry (measured on a clock \
            that never goes back; the store also refuses reads past the window it recorded), at sign-out, at the idle \
            lock, on SIGTERM or SIGHUP, or when the terminal is lost; each writes a stop event, and the patient sees \
            the access at next sign-in. A stop that could not be written (a crash) is written at the doctor's next sign-in.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("How long a break-glass access lasts: e.g. 4h (the default), 90m, 600s.", valueName: "duration"))
    var window: String = "4h"
    @OptionGroup var idle: IdleOptions
    @OptionGroup var screen: ScreenOptions

    static func seconds(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let value = Double(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "h": return value * 3600
        case "m": return value * 60
        case "s": return value
        default: return nil
        }
    }

    /// The store refuses any other window too (`RecordStore.breakGlassWindows`); checking it
    /// here says so at once, before the terminal is taken over.
    func validate() throws {
        guard let seconds = EmergencyCommand.seconds(window), RecordStore.breakGlassWindows.contains(seconds) else {
            throw ValidationError("invalid --window '\(window)': a duration from 1m to 24h, such as 4h, 90m or 600s")
        }
    }

    func run() throws {
        try KioskCommand.runSession(database: database, screen: screen, idle: idle.idle,
                                    door: .emergency(window: EmergencyCommand.seconds(window) ?? 4 * 3600), what: "the emergency terminal")
    }
}
