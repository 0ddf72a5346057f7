import CarnetModel
import Foundation

extension AuditLog {
    /// Records what an operator command did, in a transaction of its own.
    public func recordOperatorAction(_ action: AuditAction, context: AccessContext, patient: String? = nil,
                                     outcome: AuditOutcome = .allowed, detail: String? = nil) throws {
        try append(AuditDraft(context: context, patient: patient, action: action, outcome: outcome, detail: detail))
    }
}
