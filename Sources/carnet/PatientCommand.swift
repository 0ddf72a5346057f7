import ArgumentParser
import CarnetModel
import CarnetStore
import CarnetApp
import Foundation
import TerminalCurses
import TerminalKit

/// `carnet [patient]`: the patient's door, and the operator's patient commands.
struct PatientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patient",
        abstract: "Open your record as a patient (the default), or register patients.",
        subcommands: [OpenRecordCommand.self, Add.self, Reopen.self],
        defaultSubcommand: OpenRecordCommand.self
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a patient.",
            discussion: "With --with-password the password is read without echo from the terminal, or as one line from standard input."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "INS (15 digits, key included).") var ins: String
        @Option(help: "Family name.") var familyName: String
        @Option(help: "Given names.") var givenName: String
        @Option(help: ArgumentHelp("Birth date, YYYY-MM-DD or DD/MM/YYYY.", valueName: "date")) var birthDate: String
        @Option(help: "Sex.") var sex: Sex = .unknown
        @Option(help: "RPPS of the médecin traitant.") var treatingDoctor: String?
        @Flag(help: "Ask for the patient's password (8 characters or more).") var withPassword = false

        func run() throws {
            let ins = try INS(self.ins)
            guard let birth = CalendarDate(birthDate) else {
                throw CarnetFailure(description: "invalid birth date '\(birthDate)': use YYYY-MM-DD or DD/MM/YYYY")
            }
            let doctor = try treatingDoctor.map { try RPPS($0) }
            let password = withPassword ? try SecretInput.read(prompt: "Password: ") : nil
            let patient = try Directory(database: try database.open()).register(
                Patient(id: PatientID(0), ins: ins, familyName: familyName, givenNames: givenName, birthDate: birth, sex: sex,
                        treatingDoctor: doctor),
                password: password, context: OperatorIdentity.context)
            print("registered \(patient.displayName), born \(birth.french), INS \(ins)\(password == nil ? " (no password yet: cannot sign in)" : "")")
        }
    }
}

extension PatientCommand {
    /// Reopens a record the patient closed: an operator's act, audited as such.
    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen a closed record (operator).",
            discussion: "A patient closes their record from the Accès pane; only an operator reopens it, at the patient's request."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "INS of the patient whose record to reopen.") var ins: String

        func run() throws {
            let ins = try INS(self.ins)
            let opened = try database.open()
            guard let listing = try Directory(database: opened).patient(ins: ins) else {
                throw CarnetFailure(description: "no patient with INS \(ins) in \(opened.path)")
            }
            let store = RecordStore(database: opened, policy: try .standard())
            let patient = try store.openRecord(listing.id, context: OperatorIdentity.context)
            guard patient.isClosed else {
                print("the record of \(patient.displayName) (INS \(ins)) is open already: nothing to do")
                return
            }
            try store.reopenRecord(listing.id, context: OperatorIdentity.context)
            print("reopened the record of \(patient.displayName) (INS \(ins))")
        }
    }
}

/// The patient's terminal session.
struct OpenRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Sign in with your INS and password and browse your record.",
        discussion: "After the idle time without a key (--idle), the record leaves the screen and the sign-in returns.",
        shouldDisplay: false
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var idle: IdleOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let opened = try database.openCreatingDemo()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CarnetFailure(description: "the patient's screens need a terminal (database: \(opened.path))")
        }
        let environment = ProcessInfo.processInfo.environment
        let store = RecordStore(database: opened, policy: try .standard())
        let terminal = CursesTerminal()
        // Whatever happens, the shell gets its terminal back.
        defer { terminal.restore() }
        let session = DoorSession(
            terminal: terminal, access: store,
            signIn: Credentials(database: opened, terminal: TerminalIdentity.current()), strings: screen.strings(environment: environment),
            theme: Theme.forEnvironment(environment, terminalHasColor: terminal.supportsColor),
            exporter: FileSummaryExport(database: opened, folder: ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent("Carnet")),
            idleLimit: TimeInterval(idle.idle))
        session.run(interruption: { terminal.interruption.map(SessionEnd.init) })
        // Ctrl-C, SIGTERM, SIGHUP or a lost terminal: the shell learns it from the status.
        if let interruption = terminal.interruption { throw ExitCode(interruption.exitStatus) }
    }
}
