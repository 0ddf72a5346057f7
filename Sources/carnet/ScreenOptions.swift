import ArgumentParser
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

/// `--idle`, shared by the kiosk and the emergency terminal: both are left unattended.
struct IdleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds without a key before the screen locks.", valueName: "seconds"))
    var idle: Int = 300

    func validate() throws {
        guard idle >= 5 else { throw ValidationError("--idle must be 5 seconds or more (got \(idle))") }
    }
}
