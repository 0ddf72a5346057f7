import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation
import GRDB
import TerminalKit

@main
struct Carnet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carnet",
        abstract: "Browse a shared medical record (Dossier médical partagé) in the terminal.",
        discussion: """
        With no subcommand, Carnet opens the patient's door. The database is --db PATH, else
        $CARNET_DB, else $XDG_DATA_HOME/carnet/carnet.sqlite (~/.local/share/carnet/carnet.sqlite),
        created with demo data on first run.
        """,
        subcommands: [PatientCommand.self, KioskCommand.self, EmergencyCommand.self, ImportCommand.self, ExportCommand.self, DemoCommand.self, AuditCommand.self, ProfessionalCommand.self],
        defaultSubcommand: PatientCommand.self
    )

    /// Parses, runs, and turns every error a person can act on into one line on stderr.
    static func main() {
        ProcessHardening.apply()
        // Under a file-size limit, a write past it must fail (and be reported as a full
        // disk, with nothing half-written) rather than kill the program with SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        // Dates and ages are the patient's: in France unless `TZ` names another zone (set
        // before anything reads the zone, which Foundation then keeps).
        if getenv("TZ") == nil {
            setenv("TZ", "Europe/Paris", 1)
            tzset()
        }
        do {
            var command = try parseAsRoot()
            // Every audit log this run makes is keyed and anchored as the operator set up.
            try AuditSeal.$current.withValue(try AuditSealing.seal()) { try command.run() }
        } catch let error as CarnetFailure {
            fail(error.description, code: error.exitCode)
        } catch let error as StoreError {
            fail(error.description)
        } catch let error as LoginFailure {
            fail(error.description)
        } catch let error as IdentifierError {
            fail(error.description)
        } catch let error as AccessRefused {
            fail(error.description)
        } catch let error as DatabaseError {
            fail("database error: \(error.message ?? "\(error.resultCode)")")
        } catch {
            exit(withError: error)
        }
    }

    private static func fail(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("carnet: \(Sanitizer.clean(message))\n".utf8))
        Foundation.exit(code)
    }
}

/// A failure of a command that is neither the store's nor an identifier's.
struct CarnetFailure: Error, CustomStringConvertible {
    let description: String
    var exitCode: Int32 = 1
}
