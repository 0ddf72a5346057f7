import ArgumentParser
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

extension AuditCommand {
    /// After-the-fact review of break-glass accesses.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List break-glass accesses awaiting review, or record a verdict on one.",
            discussion: """
                Without --start: the accesses awaiting a verdict (--all: every one), each with who, whom, when, the reason, \
                the justification, how long it lasted and what was opened. With --start SEQ --verdict: records the \
                reviewer's verdict on the access that event SEQ started; the verdict is audited and shown to the patient.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "List reviewed accesses too, with their verdict.") var all = false
        @Option(help: ArgumentHelp("The audit event that started the access to judge.", valueName: "seq")) var start: Int64?
        @Option(help: "The reviewer's verdict on that access.") var verdict: ReviewVerdict?
        @Option(help: ArgumentHelp("The reviewer's comment.", valueName: "text")) var comment: String = ""

        func validate() throws {
            if (start == nil) != (verdict == nil) { throw ValidationError("--start and --verdict go together") }
        }

        func run() throws {
            let opened = try AuditSealing.open(database)
            let store = RecordStore(database: opened, policy: try .standard())
            if let start, let verdict {
                try store.reviewBreakGlass(start: start, justified: verdict == .justified, comment: comment, context: OperatorIdentity.context)
                print("recorded: break-glass access \(start) \(verdict == .justified ? "justified" : "not justified")")
                return
            }
            let cases = try store.breakGlassCases(pendingOnly: !all, context: OperatorIdentity.context)
            if cases.isEmpty {
                print(all ? "no break-glass access" : "no break-glass access awaiting review")
                return
            }
            for item in cases {
                print(Review.describe(item))
                print("")
            }
        }

        static func describe(_ item: BreakGlassCase) -> String {
            func duration(_ seconds: TimeInterval?) -> String {
                guard let seconds else { return "not stopped (bounded by its window)" }
                let minutes = Int(seconds / 60)
                return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
            }
            var lines = [
                "access \(item.start.seq)  \(Timestamp.string(from: item.start.at))",
                "  who:           \(item.professional) [\(item.start.actor)]",
                "  whom:          patient \(item.patient)",
                "  reason:        \(item.start.reason ?? "-")",
                "  justification: \(item.justification)",
                "  lasted:        \(duration(item.duration))" + (item.window.map { " of a \(duration($0)) window" } ?? "")
                    + (item.stopReason.map { "; ended: \($0)" } ?? ""),
                "  opened:        \(item.opened.isEmpty ? "nothing" : item.opened.joined(separator: ", "))" + (item.fullRecord ? " (full record confirmed)" : ""),
            ]
            if let verdict = item.verdict { lines.append("  verdict:       \(verdict)") }
            return lines.map { Sanitizer.clean($0) }.joined(separator: "\n")
        }
    }
}
