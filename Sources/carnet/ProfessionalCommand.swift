import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation

struct ProfessionalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "professional",
        abstract: "Register professionals and unblock their cards.",
        subcommands: [Add.self, Unblock.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a professional.",
            discussion: "With --with-pin the PIN is read without echo from the terminal, or as one line from standard input."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "RPPS number (11 digits).") var rpps: String
        @Option(help: "Family name.") var familyName: String
        @Option(help: "Given names.") var givenName: String
        @Option(help: "Profession.") var profession: Profession
        @Option(help: "Specialty, for a médecin spécialiste.") var specialty: String?
        @Flag(help: "Ask for the card's PIN (4 to 8 digits).") var withPin = false

        func run() throws {
            let rpps = try RPPS(self.rpps)
            let pin = withPin ? try SecretInput.read(prompt: "PIN: ") : nil
            let professional = Professional(rpps: rpps, familyName: familyName, givenNames: givenName,
                                            profession: profession, specialty: specialty)
            try Directory(database: try database.open()).register(professional, pin: pin, context: OperatorIdentity.context)
            print("registered \(professional.displayName), \(profession.frenchName), RPPS \(rpps)\(pin == nil ? " (no PIN yet: cannot sign in)" : "")")
        }
    }

    struct Unblock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unblock a card blocked after three wrong PINs.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "RPPS number (11 digits).") var rpps: String

        func run() throws {
            let rpps = try RPPS(self.rpps)
            try Credentials(database: try database.open()).unblock(rpps, context: OperatorIdentity.context)
            print("unblocked RPPS \(rpps)")
        }
    }
}
