import CarnetModel
import Foundation

/// How `carnet audit log` prints events.
enum AuditEventFormat {
    /// One JSON object per line, keys sorted, absent fields as null.
    static func json(_ event: AuditEvent) -> String {
        let object: [String: Any] = [
            "seq": event.seq, "at": Timestamp.string(from: event.at), "actor": event.actor,
            "patient": event.patient ?? NSNull(), "action": event.action, "section": event.section ?? NSNull(),
            "purpose": event.purpose, "outcome": event.outcome.rawValue, "reason": event.reason ?? NSNull(),
            "detail": event.detail ?? NSNull(), "hash": event.hash,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A line for people: sequence, time, actor, patient, what, outcome and why.
    static func line(_ event: AuditEvent) -> String {
        var text = "\(event.seq)\t\(Timestamp.string(from: event.at))\t\(event.actor)\t\(event.patient ?? "-")\t\(event.action)"
        if let section = event.section { text += " \(section)" }
        text += "\t\(event.outcome.rawValue)"
        if let reason = event.reason { text += " (\(reason))" }
        if let detail = event.detail { text += "\t\(detail)" }
        return text
    }
}
