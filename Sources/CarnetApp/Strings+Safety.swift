import CarnetModel
import TerminalKit

/// The prescription safety checks' warnings, in words.
extension Strings {
    /// One warning, for the prescriber to confirm. The names are the record's own
    /// ("Pénicilline", "Amoxicilline 1 g"): French cannot take an article or an agreement from
    /// them ("allergique à la Pénicilline", "prescrite"), so the sentences need none.
    func warning(_ warning: SafetyWarning) -> String {
        let other = Sanitizer.clean(warning.conflictsWith)
        let detail = warning.detail.map { Sanitizer.clean($0) }.flatMap { $0.isEmpty ? nil : $0 }
        switch warning.kind {
        case .allergy:
            return field(t("ALLERGIE", "ALLERGY"), other) + (detail.map { " (" + field(t("réaction", "reaction"), $0) + ")" } ?? "")
        case .interaction:
            // The interaction table's words are French, as its source: kept as they are.
            return t("INTERACTION avec \(other)", "INTERACTION with \(other)") + (detail.map { t(" : ", ": ") + $0 } ?? "")
        case .duplicate:
            let since = warning.since.map { t(" depuis le \(date($0))", " since \(date($0))") } ?? ""
            return field(t("DOUBLON", "DUPLICATE"), other) + t(" (prescription en cours\(since))", " (current prescription\(since))")
        case .repeatedLabTest:
            var facts = warning.since.map { [t("dernière prescription le \(date($0))", "last prescribed on \(date($0))")] } ?? []
            if let days = detail.flatMap({ Int($0) }) { facts.append(field(t("intervalle utile", "useful interval"), t("\(days) jours", "\(days) days"))) }
            return field(t("ANALYSE RÉPÉTÉE", "REPEATED TEST"), other) + (facts.isEmpty ? "" : " (" + facts.joined(separator: t(" ; ", "; ")) + ")")
        case .unrecognised:
            return unrecognisedMedicine
        }
    }
}
