import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation
import GRDB

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
        subcommands: [PatientCommand.self, DemoCommand.self, AuditCommand.self, ProfessionalCommand.self],
        defaultSubcommand: PatientCommand.self
    )

    /// Parses, runs, and turns every error a person can act on into one line on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
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
        FileHandle.standardError.write(Data("carnet: \(TerminalText.clean(message))\n".utf8))
        Foundation.exit(code)
    }
}

/// A failure of a command that is neither the store's nor an identifier's.
struct CarnetFailure: Error, CustomStringConvertible {
    let description: String
    var exitCode: Int32 = 1
}

/// Messages may quote what someone typed or a file held: strip what a terminal would obey.
enum TerminalText {
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            let value = scalar.value
            if value == 0x0A || value == 0x09 { return true }
            if value < 0x20 || (0x7F...0x9F).contains(value) { return false }
            // Bidirectional overrides and isolates can make text read in another order than it is.
            if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F {
                return false
            }
            return true
        }))
    }
}
