import CarnetModel
import Foundation

extension AuditLog {
    /// Records what an operator command did, in a transaction of its own.
    public func recordOperatorAction(_ action: AuditAction, context: AccessContext, patient: String? = nil,
                                     outcome: AuditOutcome = .allowed, detail: String? = nil) throws {
        try append(AuditDraft(context: context, patient: patient, action: action, outcome: outcome, detail: detail))
    }
}

extension AuditLog {
    /// Appends `count` operator events, ten thousand per transaction: for load tests and the
    /// benchmark of `verify` over a million events, where one commit per event would take hours.
    public func appendForBenchmark(count: Int, context: AccessContext = .operatorAccount("benchmark")) throws {
        var written = 0
        while written < count {
            let batch = min(10_000, count - written)
            try database.write { db in
                for index in 0..<batch {
                    try append(AuditDraft(context: context, patient: nil, action: .auditRead, detail: "synthetic event \(written + index)"), in: db)
                }
            }
            written += batch
        }
    }
}
