import CarnetModel
import Foundation
import GRDB

// MARK: - Break-glass (bris de glace)
//
// Started, widened and stopped only here, each an audit event; every later call that
// claims the authorisation is checked against those events (`verify`).

/// A break-glass access awaiting, or having had, a reviewer's verdict.
public struct BreakGlassCase: Hashable, Sendable {
    public var start: AuditEvent
    public var professional: String
    public var patient: String
    public var justification: String
    public var window: TimeInterval?
    /// How long it lasted, to its stop event; nil if it never stopped (the window bounds it).
    public var duration: TimeInterval?
    public var fullRecord: Bool
    /// The sections it read, in order of first reading.
    public var opened: [String]
    public var verdict: String?
}

extension RecordStore: BreakGlassAccess {
    enum BreakGlassCheck { case valid, invalid(RefusalReason) }

    static func verify(_ claimed: BreakGlassAuthorization, actor: Actor, patient: Patient, in db: Database) throws -> BreakGlassCheck {
        guard claimed.patient == patient.id else { return .invalid(.breakGlassNotStarted) }
        let arguments: StatementArguments = [claimed.startEvent, actor.auditName, patient.auditName]
        guard try Bool.fetchOne(db, sql: """
            SELECT 1 FROM audit_event WHERE seq = ? AND actor = ? AND patient = ? AND action = 'break-glass-start' AND outcome = 'allowed'
            """, arguments: arguments) == true else { return .invalid(.breakGlassNotStarted) }
        // The stop of this access names its start: two sessions of the same doctor on the
        // same record (two terminals) end separately.
        if try Bool.fetchOne(db, sql: """
            SELECT 1 FROM audit_event WHERE seq > ? AND actor = ? AND patient = ? AND action = 'break-glass-stop' AND detail LIKE ? LIMIT 1
            """, arguments: arguments + ["start:\(claimed.startEvent) %"]) == true { return .invalid(.breakGlassExpired) }
        if claimed.tier == .fullRecord, try Bool.fetchOne(db, sql: """
            SELECT 1 FROM audit_event WHERE seq > ? AND actor = ? AND patient = ? AND action = 'break-glass-full-record' AND outcome = 'allowed' LIMIT 1
            """, arguments: arguments) != true { return .invalid(.breakGlassSummaryOnly) }
        return .valid
    }

    /// Starts a break-glass access: the policy checks the profession and the patient's
    /// consent; the start (reason, justification, window) is audited, and so is a refusal.
    public func startBreakGlass(on patient: PatientID, reason: BreakGlassReason, justification: String, window: TimeInterval,
                                context: AccessContext) throws -> BreakGlassAuthorization {
        let now = clock()
        let text = justification.trimmingCharacters(in: .whitespacesAndNewlines)
        // The reason rides on the context so that the audit event (allowed or refused) records it.
        var asking = context
        asking.purpose = .emergency
        asking.breakGlass = BreakGlassAuthorization(patient: patient, tier: .summary, reason: reason, justification: text,
                                                    startedAt: now, expiresAt: now.addingTimeInterval(window))
        let outcome: Result<Int64, Error> = try database.write { db in
            guard BreakGlassDetail.isSufficient(text) else {
                try audit.append(AuditDraft(context: asking, patient: try PatientRow.fetch(patient, in: db)?.auditName ?? patient.description,
                                            action: .breakGlassStart, outcome: .refused, reason: RefusalReason.justificationTooShort.code,
                                            detail: BreakGlassDetail.encode(window: window, justification: text)), in: db)
                return .failure(AccessRefused(.justificationTooShort))
            }
            let started = try access(.breakGlass, .record, patient: patient, context: asking, audited: .breakGlassStart,
                                     detail: { _ in BreakGlassDetail.encode(window: window, justification: text) }, in: db, now: now) { _, _, _ in () }
            switch started {
            case .success: return .success(try Int64.fetchOne(db, sql: "SELECT max(seq) FROM audit_event") ?? 0)
            case let .failure(error): return .failure(error)
            }
        }
        var authorization = asking.breakGlass!
        authorization.startEvent = try outcome.get()
        return authorization
    }

    /// The second confirmation: the full record, audited on its own.
    public func widenBreakGlass(_ authorization: BreakGlassAuthorization, context: AccessContext) throws -> BreakGlassAuthorization {
        var widened = authorization
        try access(.read, .record, patient: authorization.patient, context: context, audited: .breakGlassFullRecord,
                   detail: "start:\(authorization.startEvent)") { _, _, _ in }
        widened.tier = .fullRecord
        return widened
    }

    /// Ends the access (logout, expiry); audited even when the window has already passed.
    public func stopBreakGlass(_ authorization: BreakGlassAuthorization, why: String, context: AccessContext) throws {
        try database.write { db in
            let name = try PatientRow.fetch(authorization.patient, in: db)?.auditName ?? authorization.patient.description
            try audit.append(AuditDraft(context: context, patient: name, action: .breakGlassStop,
                                        reason: authorization.reason.rawValue, detail: "start:\(authorization.startEvent) \(why)"), in: db)
        }
    }

    // MARK: Review

    /// Break-glass accesses, newest first; with `pendingOnly`, those without a verdict.
    public func breakGlassCases(pendingOnly: Bool, context: AccessContext) throws -> [BreakGlassCase] {
        try database.write { db in
            let starts = try Row.fetchAll(db, sql: """
                SELECT * FROM audit_event WHERE action = 'break-glass-start' AND outcome = 'allowed' ORDER BY seq DESC
                """).map(AuditLog.event)
            var cases: [BreakGlassCase] = []
            for start in starts {
                let verdict = try String.fetchOne(db, sql: """
                    SELECT detail FROM audit_event WHERE action = 'break-glass-review' AND detail LIKE ? ORDER BY seq DESC LIMIT 1
                    """, arguments: ["start:\(start.seq) %"])
                if pendingOnly && verdict != nil { continue }
                let later = try Row.fetchAll(db, sql: """
                    SELECT * FROM audit_event WHERE seq > ? AND actor = ? AND patient = ? ORDER BY seq
                    """, arguments: [start.seq, start.actor, start.patient]).map(AuditLog.event)
                func isThisStop(_ event: AuditEvent) -> Bool {
                    event.action == AuditAction.breakGlassStop.rawValue && event.detail?.hasPrefix("start:\(start.seq) ") == true
                }
                let stop = later.first(where: isThisStop)
                let during = later.prefix { !isThisStop($0) }
                var opened: [String] = []
                for event in during where event.outcome == .allowed {
                    let what = event.section ?? (event.action == AuditAction.breakGlassFullRecord.rawValue ? "full-record"
                        : event.action == AuditAction.open.rawValue ? "record header" : event.action)
                    if !opened.contains(what) { opened.append(what) }
                }
                let detail = BreakGlassDetail.decode(start.detail)
                cases.append(BreakGlassCase(start: start, professional: try RecordStore.actorName(start.actor, in: db), patient: start.patient ?? "",
                                            justification: detail.justification, window: detail.window,
                                            duration: stop.map { $0.at.timeIntervalSince(start.at) },
                                            fullRecord: during.contains { $0.action == AuditAction.breakGlassFullRecord.rawValue },
                                            opened: opened, verdict: verdict))
            }
            try audit.append(AuditDraft(context: context, patient: nil, action: .auditRead, detail: "break-glass review list: \(cases.count)"), in: db)
            return cases
        }
    }

    /// Records a reviewer's verdict on the break-glass access started by event `start`.
    public func reviewBreakGlass(start: Int64, justified: Bool, comment: String, context: AccessContext) throws {
        try database.write { db in
            guard let event = try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE seq = ? AND action = 'break-glass-start' AND outcome = 'allowed'",
                                               arguments: [start]).map(AuditLog.event) else {
                throw StoreError.invalidInput("event \(start) is not the start of a break-glass access")
            }
            let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
            try audit.append(AuditDraft(context: context, patient: event.patient, action: .breakGlassReview, reason: event.reason,
                                        detail: "start:\(start) verdict:\(justified ? "justified" : "not-justified")" + (text.isEmpty ? "" : "; \(text)")), in: db)
        }
    }
}
