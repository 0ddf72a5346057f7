import CarnetStore
import Foundation

/// What `carnet audit verify` says besides the chain itself: whether the trail is keyed,
/// which anchors it was compared with, and what the state replay found.
enum AuditVerifyReport {
    static func lines(_ result: AuditVerification) -> [String] {
        [keying(result), anchoring(result.anchoring)]
    }

    static func keying(_ result: AuditVerification) -> String {
        switch result.keying {
        case let .unkeyed(eventsWithMAC):
            let unchecked = eventsWithMAC == 0 ? "" : " (\(plural(eventsWithMAC, "event")) carry a MAC that cannot be checked without the key)"
            return "unkeyed: anyone holding the file could rewrite it; run carnet audit key" + unchecked
        case let .keyed(fingerprint, nil, _):
            return "keyed (key \(fingerprint)), but no event carries a MAC yet: the trail was written before the key, or its MACs were stripped"
        case let .keyed(fingerprint, first?, checked):
            let before = first > 1 ? "; events 1–\(first - 1) were written before the key and rest on the chain alone" : ""
            return "keyed (key \(fingerprint)): \(plural(checked, "MAC")) valid, every event from \(first) on" + before
        }
    }

    static func anchoring(_ anchoring: AuditVerification.Anchoring) -> String {
        guard let file = anchoring.file else {
            return "anchors: off (CARNET_ANCHOR_FILE is empty): nothing kept outside the database was compared"
        }
        if let problem = anchoring.problem { return "anchors: none checked: \(problem)" }
        if anchoring.fileMissing { return "anchors: none yet (no file at \(file))" }
        var text: String
        if let last = anchoring.checked.last {
            let seqs = anchoring.checked.map { String($0.seq) }
            let listed = seqs.count <= 6 ? seqs.joined(separator: ", ")
                : (seqs.prefix(3) + ["…"] + seqs.suffix(3)).joined(separator: ", ")
            text = "anchors: \(anchoring.checked.count) checked in \(file) (\(seqs.count == 1 ? "event" : "events") \(listed); the last anchored on \(last.at))"
        } else {
            text = "anchors: none about this trail in \(file)"
        }
        if anchoring.otherTrails > 0 {
            text += "; \(anchoring.otherTrails) about another trail at this path (the file was replaced, or rewritten from its first event)"
        }
        if anchoring.unreadableLines > 0 { text += "; \(plural(anchoring.unreadableLines, "line")) not understood" }
        if anchoring.besideDatabase {
            text += "; warning: the anchor file is in the database's folder, where whoever replaces one can replace both"
        }
        return text
    }

    static func lines(_ replay: StateReplay) -> [String] {
        if replay.unexplained.isEmpty {
            let demo = replay.demoSetups.isEmpty ? "" : " (the demo's rows by its setup event \(replay.demoSetups.map(String.init).joined(separator: ", ")))"
            return ["state: every grant, block, break-glass consent and document mask is explained by the trail\(demo)"]
        }
        return replay.unexplained.map(\.description)
    }
}
