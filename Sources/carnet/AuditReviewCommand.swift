import ArgumentParser
import CarnetApp
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
                reviewer's verdict on the access that event SEQ started; the verdict is audited and shown to the patient. \
                People are named beside their INS or RPPS, times are local (TZ, else Europe/Paris), words in the language \
                of --lang.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var screen: ScreenOptions
        @Flag(help: "List reviewed accesses too, with their verdict.") var all = false
        @Option(help: ArgumentHelp("The audit event that started the access to judge.", valueName: "seq")) var start: Int64?
        @Option(help: "The reviewer's verdict on that access.") var verdict: ReviewVerdict?
        @Option(help: ArgumentHelp("The reviewer's comment.", valueName: "text")) var comment: String = ""

        func validate() throws {
            if (start == nil) != (verdict == nil) {
                throw ValidationError(AuditWording(screen: screen).t("--start et --verdict vont ensemble", "--start and --verdict go together"))
            }
        }

        func run() throws {
            let wording = AuditWording(screen: screen)
            let t = wording.t
            let opened = try AuditSealing.open(database)
            let store = RecordStore(database: opened, policy: try .standard())
            if let start, let verdict {
                do {
                    try store.reviewBreakGlass(start: start, justified: verdict == .justified, comment: comment, context: OperatorIdentity.context)
                } catch StoreError.invalidInput {
                    // The store's one refusal here: the event is not a break-glass start.
                    throw CarnetFailure(description: t("l'événement \(start) n'est pas le début d'un accès en urgence (bris de glace)",
                                                       "event \(start) is not the start of a break-glass access"))
                }
                let said = wording.strings.verdict(verdict.rawValue) ?? verdict.rawValue
                print(t("avis enregistré : accès en urgence \(start) \(said)", "recorded: break-glass access \(start) \(said)"))
                return
            }
            let cases = try store.breakGlassCases(pendingOnly: !all, context: OperatorIdentity.context)
            if cases.isEmpty {
                print(all ? t("aucun accès en urgence (bris de glace)", "no break-glass access")
                          : t("aucun accès en urgence (bris de glace) en attente d'avis", "no break-glass access awaiting review"))
                return
            }
            let words = AuditEventWords(wording: wording, names: AuditNames(database: opened, wording: wording))
            let pending = cases.filter { $0.verdict == nil }
            let awaiting = wording.count(pending.count, "accès en urgence (bris de glace) en attente d'avis", "break-glass access awaiting review",
                                         frenchPlural: "accès en urgence (bris de glace) en attente d'avis",
                                         englishPlural: "break-glass accesses awaiting review")
            print(all ? wording.count(cases.count, "accès en urgence (bris de glace)", "break-glass access", frenchPlural: "accès en urgence (bris de glace)",
                                      englishPlural: "break-glass accesses") + t(", dont \(pending.count) en attente d'avis", ", \(pending.count) awaiting review")
                      : awaiting)
            print("")
            for item in cases {
                print(Review.describe(item, words: words))
                print("")
            }
            if let first = pending.first {
                print(Review.howToJudge(pending.count == 1 ? String(first.start.seq) : nil, database: database, wording: wording))
            }
        }

        /// The command that records a verdict, ready to copy: the access's number when one
        /// awaits, the database when the operator named one.
        static func howToJudge(_ seq: String?, database: DatabaseOptions, wording: AuditWording) -> String {
            let t = wording.t
            var command = "carnet audit review"
            if let db = database.db, !db.isEmpty { command += " --db \(shellQuoted(db))" }
            command += " --start \(seq ?? "N") --verdict \(ReviewVerdict.allCases.map(\.rawValue).joined(separator: "|")) [--comment "
                + t("TEXTE", "TEXT") + "]"
            let which = seq == nil ? t(" (N : le numéro de l'accès ci-dessus)", " (N: the number of the access above)") : ""
            return Sanitizer.clean(t("pour rendre un avis : ", "to record a verdict: ") + command + which)
        }

        /// A path as a shell reads it back: bare when it holds nothing a shell would act on.
        static func shellQuoted(_ text: String) -> String {
            if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+,:@%".contains($0)) }) { return text }
            return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        static func describe(_ item: BreakGlassCase, words: AuditEventWords) -> String {
            let wording = words.wording, strings = wording.strings
            let t = wording.t
            func opened(_ what: String) -> String {
                if let section = RecordSection(rawValue: what) { return strings.pane(section) }
                switch what {
                case "full-record": return t("dossier complet", "full record")
                case "record header": return t("en-tête du dossier", "record header")
                default: return words.action(what, section: nil)
                }
            }
            let labels = [t("qui", "who"), t("pour qui", "whom"), t("motif", "reason"), t("justification", "justification"),
                          t("durée", "lasted"), t("consulté", "opened"), t("avis", "verdict")]
            .map { $0 + t(" :", ":") }
            let width = labels.map(\.count).max() ?? 0
            /// "  qui :            …" / "  who:           …": values aligned in a column.
            func field(_ index: Int, _ value: String) -> String {
                "  " + labels[index] + String(repeating: " ", count: width + 1 - labels[index].count) + value
            }
            let patientSex = words.names.sex(item.patient.isEmpty ? nil : item.patient)
            let reason = item.start.reason.map { code in
                BreakGlassReason(rawValue: code).map { strings.breakGlassReason($0, patientSex: patientSex) } ?? Sanitizer.clean(code)
            } ?? "-"
            var lasted: String
            switch (item.duration, item.window) {
            case let (seconds?, window?): lasted = strings.duration(seconds) + t(" sur une durée autorisée de ", " of a ") + strings.duration(window) + t("", " window")
            case let (seconds?, nil): lasted = strings.duration(seconds)
            case let (nil, window?):
                lasted = t("non arrêté (borné par sa durée autorisée de \(strings.duration(window)))", "not stopped (bounded by its window of \(strings.duration(window)))")
            case (nil, nil): lasted = t("non arrêté", "not stopped")
            }
            if let stop = item.stopReason { lasted += t(" ; fin : ", "; ended: ") + (strings.stopReason(stop) ?? Sanitizer.clean(stop)) }
            var seen = item.opened.isEmpty ? t("rien", "nothing") : item.opened.map(opened).joined(separator: ", ")
            if item.fullRecord { seen += t(" (dossier complet confirmé)", " (full record confirmed)") }
            var lines = [
                t("accès \(item.start.seq)  ", "access \(item.start.seq)  ") + wording.time(item.start.at),
                field(0, words.names.actor(item.start.actor)),
                field(1, item.patient.isEmpty ? "-" : words.names.patient(item.patient)),
                field(2, reason),
                field(3, item.justification),
                field(4, lasted),
                field(5, seen),
            ]
            // The review's detail, `start:<seq> verdict:<v>; comment`, as its verdict and comment.
            if let verdict = item.verdict { lines.append(field(6, strings.reviewVerdict(verdict) ?? Sanitizer.clean(verdict))) }
            return lines.map { Sanitizer.clean($0) }.joined(separator: "\n")
        }
    }
}
