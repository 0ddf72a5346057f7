import ArgumentParser
import Foundation
import TerminalKit
import CarnetApp

/// `--lang`, shared by the three doors.
struct ScreenOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Language of the screens (default: from LC_ALL, LC_MESSAGES or LANG).", valueName: "lang"))
    var lang: Strings.Language?

    /// The screens' words: `--lang`, else the environment's locale.
    func strings(environment: [String: String]) -> Strings {
        Strings.from(option: lang?.rawValue, environment: environment)
    }
}

/// `--idle`, shared by the three doors: a kiosk and an emergency terminal are left
/// unattended, and a patient may walk away from theirs.
struct IdleOptions: ParsableArguments {
    /// From five seconds (time to read a screen) to a day: the timeouts built from it stay
    /// far inside what the terminal's wait (milliseconds in 32 bits) can take.
    static let bounds = 5...86_400

    @Option(help: ArgumentHelp("Seconds without a key before the screen locks (5 to 86400; default 300).", valueName: "seconds"))
    var idle: Int = 300

    func validate() throws {
        guard idle >= IdleOptions.bounds.lowerBound else { throw ValidationError("--idle must be 5 seconds or more (got \(idle))") }
        guard idle <= IdleOptions.bounds.upperBound else {
            throw ValidationError("--idle must be 86400 seconds (24 h) or less (got \(idle))")
        }
    }
}

/// Where this door runs, as the audit trail names it: the tty, the host, and the SSH client
/// when there is one ("/dev/pts/3 on kiosque-urgences from 10.0.4.21").
enum TerminalIdentity {
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let tty = ttyname(STDIN_FILENO).map { String(cString: $0) } ?? "no tty"
        var host = [CChar](repeating: 0, count: 256)
        // gethostname may fill the buffer without a terminating zero: read up to the first one.
        let hostname = gethostname(&host, host.count) == 0
            ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown host"
        let client = environment["SSH_CLIENT"]?.split(separator: " ").first.map { " from \($0)" } ?? ""
        return Sanitizer.clean("\(tty) on \(hostname)\(client)")
    }
}
