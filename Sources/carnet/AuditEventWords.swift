import CarnetApp
import CarnetModel
import Foundation
import TerminalKit

/// An audit event in words: what was done, whether it was allowed and why, and its detail.
/// The codes are worded by the screens' `Strings` (`Strings+Audit`), the words a patient
/// reads in their access history; here is what only the operator's line needs: people named
/// beside their INS and RPPS, and a code this version does not know shown as written,
/// cleaned (a newer Carnet's, or free text an operator tool wrote), for the operator reads
/// the trail itself.
struct AuditEventWords {
    let wording: AuditWording
    let names: AuditNames

    private var strings: Strings { wording.strings }
    private func t(_ fr: String, _ en: String) -> String { wording.t(fr, en) }

    // MARK: What was done

    func action(_ event: AuditEvent) -> String { action(event.action, section: event.section) }

    /// An action code (`break-glass-start`) and the section it touched, if any.
    func action(_ code: String, section: String?) -> String {
        let verb = AuditAction(rawValue: code).map(strings.auditAction) ?? Sanitizer.clean(code)
        guard let section else { return verb }
        return "\(verb) · " + (RecordSection(rawValue: section).map(strings.pane) ?? Sanitizer.clean(section))
    }

    // MARK: Allowed or refused, and why

    /// "autorisé", "autorisé, motif : urgence vitale", "refusé : la patiente a bloqué ce professionnel".
    func outcome(_ event: AuditEvent) -> String {
        let outcome = strings.outcome(event.outcome)
        guard let code = event.reason else { return outcome }
        if let words = strings.auditReason(code, patientSex: names.sex(event.patient)) {
            return event.outcome == .refused ? strings.field(outcome, words) : outcome + t(", motif : ", ", reason: ") + words
        }
        // A code of a newer Carnet: said to be unknown rather than printed as a code.
        return event.outcome == .refused ? strings.field(outcome, t("règle inconnue de cette version de Carnet", "a rule this version of Carnet does not know"))
            : outcome + t(", motif inconnu de cette version de Carnet", ", a reason this version of Carnet does not know")
    }

    // MARK: The detail

    func detail(_ event: AuditEvent) -> String? {
        guard let detail = event.detail else { return nil }
        return strings.auditDetail(detail, action: event.action, professional: names.professional) ?? Sanitizer.clean(detail)
    }
}
