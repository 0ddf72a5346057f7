import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and check the tamper-evident audit trail.",
        subcommands: [Verify.self, Head.self, Log.self, Review.self, Export.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and name the first bad event.",
            discussion: "With --head, also check that the trail still holds a head kept earlier (from 'carnet audit head'): a cut-off tail is caught."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("A head hash kept from 'carnet audit head'.", valueName: "hash"))
        var head: String?

        func run() throws {
            if let head, head.count != 64 || !head.allSatisfy(\.isHexDigit) {
                throw CarnetFailure(description: "invalid head '\(head)': 64 hexadecimal digits expected")
            }
            let log = AuditLog(database: try database.open())
            let result = try log.verify(expectedHead: head?.lowercased())
            try log.recordOperatorAction(.auditVerify, context: OperatorIdentity.context,
                                         outcome: result.isIntact ? .allowed : .refused,
                                         detail: result.firstBreak.map { "broken at \($0)" } ?? "\(plural(result.count, "event")) intact")
            if let broken = result.firstBreak {
                throw CarnetFailure(description: "audit trail broken at \(broken)", exitCode: 2)
            }
            print("audit trail intact: \(plural(result.count, "event")), head \(result.head)")
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the number of events and the head hash, to keep elsewhere."
        )
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let log = AuditLog(database: try database.open())
            // The head is read before this command's own event is appended, so that a later
            // `verify --head` finds it in the chain.
            let head = try log.head()
            try log.recordOperatorAction(.auditRead, context: OperatorIdentity.context, detail: "head")
            print("events: \(head.count)")
            print("head: \(head.hash)")
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit events, oldest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only the events about this patient.")
        var ins: String?
        @Flag(help: "One JSON object per line.")
        var json = false

        func run() throws {
            let patient = try ins.map { try INS($0).digits }
            let log = AuditLog(database: try database.open())
            var after: Int64 = 0
            var printed = 0
            // Page by keyset so a million events never sit in memory at once.
            repeat {
                let page = try log.events(patient: patient, after: after)
                for event in page.items { print(json ? AuditEventFormat.json(event) : AuditEventFormat.line(event)) }
                printed += page.items.count
                guard let next = page.next else { break }
                after = next
            } while true
            if !json && printed == 0 { FileHandle.standardError.write(Data("carnet: no audit events\(patient.map { " for INS \($0)" } ?? "")\n".utf8)) }
            try log.recordOperatorAction(.auditRead, context: OperatorIdentity.context, patient: patient,
                                         detail: "log\(json ? " --json" : ""): \(plural(printed, "event"))")
        }
    }
}

/// "1 event", "2 events".
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
