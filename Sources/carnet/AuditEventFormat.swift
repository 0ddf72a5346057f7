import CarnetModel
import Foundation
import TerminalKit

/// How `carnet audit log` prints events. Every field may hold text a patient, a
/// professional or an imported file chose, so none reaches the operator's terminal as it is.
enum AuditEventFormat {
    /// One JSON object per line, keys sorted, absent fields as null. Control characters (C0,
    /// DEL, C1), bidirectional controls and line separators are written as `\u` escapes: the
    /// value is kept exactly, yet the line shown in a terminal holds none of them.
    static func json(_ event: AuditEvent) -> String {
        let fields: [(String, JSONValue)] = [
            ("action", .text(event.action)), ("actor", .text(event.actor)), ("at", .text(Timestamp.string(from: event.at))),
            ("detail", .optional(event.detail)), ("hash", .text(event.hash)), ("outcome", .text(event.outcome.rawValue)),
            ("patient", .optional(event.patient)), ("purpose", .text(event.purpose)), ("reason", .optional(event.reason)),
            ("section", .optional(event.section)), ("seq", .number(event.seq)),
        ]
        return "{" + fields.map { "\(quoted($0.0)):\($0.1.encoded)" }.joined(separator: ",") + "}"
    }

    /// The column names of `line`, tab-separated as it is.
    static func header(_ wording: AuditWording) -> String {
        wording.t("n°\tdate\tqui\tpatient\taction\tissue\tdétail", "no.\tdate\twho\tpatient\taction\toutcome\tdetail")
    }

    /// A line for people: sequence, local time, who (named), which patient (named), what,
    /// outcome and why, detail, tab-separated, in the operator's language. Each field is
    /// cleaned by `Sanitizer.clean` (so a tab inside a field cannot fake a column).
    static func line(_ event: AuditEvent, words: AuditEventWords) -> String {
        let clean = { (text: String) in Sanitizer.clean(text) }
        var fields = ["\(event.seq)", words.wording.time(event.at), clean(words.names.actor(event.actor)),
                      clean(event.patient.map(words.names.patient) ?? "-"), clean(words.action(event)), clean(words.outcome(event))]
        if let detail = words.detail(event) { fields.append(clean(detail)) }
        return fields.joined(separator: "\t")
    }

    private enum JSONValue {
        case text(String), number(Int64), optional(String?)

        var encoded: String {
            switch self {
            case let .text(text): return quoted(text)
            case let .number(number): return String(number)
            case let .optional(text): return text.map(quoted) ?? "null"
            }
        }
    }

    /// A JSON string literal that a terminal shows as inert text.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
