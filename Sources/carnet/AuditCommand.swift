import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and check the tamper-evident audit trail.",
        subcommands: [Verify.self, Head.self, Log.self, Review.self, Export.self, Key.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and its MACs, compare it with its anchors, and name the first bad event.",
            discussion: """
                With --head, also check that the trail still holds a head kept earlier (from 'carnet audit head'): a cut-off \
                tail is caught. With a key ('carnet audit key'), every MAC is recomputed: a chain rewritten without the key is \
                caught. The anchor file (CARNET_ANCHOR_FILE, else $XDG_STATE_HOME/carnet/anchors.log) is read: an older copy \
                restored, or a chain rewritten before an anchor, is caught. With --state, the grants, blocks, consents and \
                document masks are replayed from the trail and any row no event explains is named. Exit status 2 when the \
                trail or the state does not hold.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("A head hash kept from 'carnet audit head'.", valueName: "hash"))
        var head: String?
        @Flag(help: "Also replay grants, blocks, consents and masks from the trail; name any row no event explains.")
        var state = false

        func run() throws {
            if let head, head.count != 64 || !head.allSatisfy(\.isHexDigit) {
                throw CarnetFailure(description: "invalid head '\(head)': 64 hexadecimal digits expected")
            }
            let log = AuditLog(database: try AuditSealing.open(database))
            let result = try log.verify(expectedHead: head?.lowercased())
            let replay = state ? try log.replayState() : nil
            var detail = result.firstBreak.map { "broken at \($0)" } ?? "\(plural(result.count, "event")) intact"
            if let replay { detail += "; state: \(plural(replay.unexplained.count, "unexplained row"))" }
            try log.recordOperatorAction(.auditVerify, context: OperatorIdentity.context,
                                         outcome: result.isIntact && replay?.unexplained.isEmpty != false ? .allowed : .refused,
                                         detail: detail)
            if result.isIntact { print("audit trail intact: \(plural(result.count, "event")), head \(result.head)") }
            for line in AuditVerifyReport.lines(result) + (replay.map(AuditVerifyReport.lines) ?? []) {
                print(Sanitizer.clean(line))
            }
            if let broken = result.firstBreak {
                throw CarnetFailure(description: "audit trail broken at \(broken)", exitCode: 2)
            }
            if let replay, !replay.unexplained.isEmpty {
                throw CarnetFailure(description: "\(plural(replay.unexplained.count, "row")) of the access state no audit event explains (listed above)",
                                    exitCode: 2)
            }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the audit key: from then on every event carries a MAC only its holder can make.",
            discussion: """
                The key is 32 random bytes in CARNET_AUDIT_KEY_FILE, else $XDG_CONFIG_HOME/carnet/audit.key, else \
                ~/.config/carnet/audit.key, mode 0400, outside the database. An existing key is never replaced (events keyed \
                with it could no longer be checked). Keep a copy apart from the database: whoever holds the database alone \
                can then no longer rewrite the trail unseen.
                """
        )

        func run() throws {
            guard let path = AuditSeal.keyPath(environment: ProcessInfo.processInfo.environment) else {
                throw CarnetFailure(description: "CARNET_AUDIT_KEY_FILE is empty: no path for the audit key")
            }
            do {
                let key = try AuditKey.create(at: path)
                print("audit key created at \(path) (32 bytes, mode 0400, fingerprint \(key.fingerprint))")
                print("keep a copy apart from the database: without the key, the MACs cannot be checked")
                // A running terminal read its seal when it started: until it restarts it writes
                // events without a MAC, which verify would rightly report.
                print("restart the kiosks and terminals running now: until then they write events without a MAC")
            } catch let error as AuditKeyError {
                throw CarnetFailure(description: error.description)
            }
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the number of events and the head hash, to keep elsewhere."
        )
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let log = AuditLog(database: try AuditSealing.open(database))
            // The head is read before this command's own event is appended, so that a later
            // `verify --head` finds it in the chain.
            let head = try log.head()
            try log.recordOperatorAction(.auditRead, context: OperatorIdentity.context, detail: "head")
            print("events: \(head.count)")
            print("head: \(head.hash)")
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List audit events, oldest first.",
            discussion: """
                One line per event, tab-separated under a line of column names: number, local time (TZ, else \
                Europe/Paris), who, which patient, what, whether it was allowed and why, detail; people are named beside \
                their INS or RPPS, in the language of --lang. --json keeps the trail's own codes and UTC times, for scripts.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var screen: ScreenOptions
        @Option(help: "Only the events about this patient.")
        var ins: String?
        @Flag(help: "One JSON object per line, as the trail stores it (codes, UTC times).")
        var json = false

        func run() throws {
            let wording = AuditWording(screen: screen)
            let patient: String?
            do {
                patient = try ins.map { try INS($0).digits }
            } catch let error as IdentifierError {
                throw CarnetFailure(description: wording.identifierError(error))
            }
            let opened = try AuditSealing.open(database)
            let log = AuditLog(database: opened)
            let words = AuditEventWords(wording: wording, names: AuditNames(database: opened, wording: wording))
            var after: Int64 = 0
            var printed = 0
            // Page by keyset so a million events never sit in memory at once.
            repeat {
                let page = try log.events(patient: patient, after: after)
                if !json && printed == 0 && !page.items.isEmpty { print(AuditEventFormat.header(wording)) }
                for event in page.items { print(json ? AuditEventFormat.json(event) : AuditEventFormat.line(event, words: words)) }
                printed += page.items.count
                guard let next = page.next else { break }
                after = next
            } while true
            if !json && printed == 0 {
                let whom = patient.map { wording.t(" pour ", " for ") + words.names.patient($0) } ?? ""
                FileHandle.standardError.write(Data("carnet: \(wording.t("aucun événement d'audit", "no audit events"))\(whom)\n".utf8))
            }
            // The trail keeps its own words: what `verify`, the replay and `--json` read.
            try log.recordOperatorAction(.auditRead, context: OperatorIdentity.context, patient: patient,
                                         detail: "log\(json ? " --json" : ""): \(plural(printed, "event"))")
        }
    }
}

/// "1 event", "2 events".
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
