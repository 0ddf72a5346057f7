import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation

/// `--db PATH`, shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The Carnet database file.", valueName: "path"))
    var db: String?

    /// --db, else $CARNET_DB, else the XDG data folder.
    var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let db, !db.isEmpty { return db }
        if let fromEnvironment = environment["CARNET_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return DatabaseOptions.defaultPath(environment: environment)
    }

    /// Whether the path is the default one, which is created with demo data on first use.
    var isDefaultPath: Bool {
        (db ?? "").isEmpty && (ProcessInfo.processInfo.environment["CARNET_DB"] ?? "").isEmpty
    }

    static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/carnet/carnet.sqlite"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/carnet/carnet.sqlite"
    }

    /// Opens an existing database.
    func open() throws -> CarnetDatabase {
        try CarnetDatabase.open(path: path)
    }

    /// Opens the database, first building the demo one if the default path holds none.
    func openCreatingDemo() throws -> CarnetDatabase {
        let path = self.path
        if isDefaultPath && !FileManager.default.fileExists(atPath: path) {
            FileHandle.standardError.write(Data("carnet: first run: creating a demo database at \(path)…\n".utf8))
            try DemoDatabase(patients: 200, seed: 1).build(at: path, replacing: false, context: OperatorIdentity.context)
            FileHandle.standardError.write(Data("carnet: demo database ready (200 patients; accounts in README.md)\n".utf8))
        }
        return try CarnetDatabase.open(path: path)
    }
}

/// Operator commands are audited as `operator:<os user>`.
enum OperatorIdentity {
    static var user: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }

    static var context: AccessContext { .operatorAccount(user) }
}

/// Reads a secret without echoing it on a terminal; from standard input otherwise, so
/// scripts and tests can pipe it. Never from the command line, where `ps` would show it.
enum SecretInput {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data(prompt.utf8))
            var settings = termios()
            tcgetattr(STDIN_FILENO, &settings)
            var silent = settings
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let line = readLine(strippingNewline: true) else { throw CarnetFailure(description: "no secret given") }
            return line
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CarnetFailure(description: "no secret on standard input")
        }
        return line
    }
}
