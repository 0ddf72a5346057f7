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
    /// One closed at the doctor's next sign-in lasted at most its window.
    public var duration: TimeInterval?
    /// Why it stopped, as the stop event says (`logout`, `expired`, `idle`, `hangup`,
    /// `not-stopped: closed at next sign-in`…); nil if it never stopped.
    public var stopReason: String?
    public var fullRecord: Bool
    /// The sections it read, in order of first reading.
    public var opened: [String]
    public var verdict: String?
}

extension RecordStore: BreakGlassAccess {
    enum BreakGlassCheck: Equatable {
        case valid
        /// Refused for `reason`; `note` says why in the refused event's detail.
        case invalid(RefusalReason, note: String? = nil)
    }

    /// The window a terminal may ask for: `--window` is bounded the same way at parse time.
    public static let breakGlassWindows: ClosedRange<TimeInterval> = 60...(24 * 3600)

    /// How far the clock may read behind a recorded start: an NTP correction of a moment must
    /// not end an access at once, and prolongs one by no more than this.
    static let clockTolerance: TimeInterval = 5

    /// Checks a claimed authorisation against the trail. The trail, not the claim, says when
    /// it began and for how long: a screen (or a process whose clock was stepped) cannot
    /// prolong it.
    static func verify(_ claimed: BreakGlassAuthorization, actor: Actor, patient: Patient, now: Date,
                       in db: Database) throws -> BreakGlassCheck {
        guard claimed.patient == patient.id else { return .invalid(.breakGlassNotStarted) }
        let arguments: StatementArguments = [claimed.startEvent, actor.auditName, patient.auditName]
        guard let start = try Row.fetchOne(db, sql: """
            SELECT at, detail FROM audit_event WHERE seq = ? AND actor = ? AND patient = ? AND action = 'break-glass-start' AND outcome = 'allowed'
            """, arguments: arguments) else { return .invalid(.breakGlassNotStarted) }
        // A start whose time or window cannot be read bounds nothing, so it opens nothing.
        guard let startedAt = Timestamp.date(from: start["at"]), let window = BreakGlassDetail.decode(start["detail"]).window else {
            return .invalid(.breakGlassExpired, note: "break-glass \(claimed.startEvent): its start records no window")
        }
        // The trail keeps milliseconds, rounded down: compare whole milliseconds, or a read
        // at the very instant of the start would seem to come before it.
        let nowMillis = (now.timeIntervalSince1970 * 1000).rounded(.down)
        let startMillis = (startedAt.timeIntervalSince1970 * 1000).rounded()
        if nowMillis + clockTolerance * 1000 < startMillis {
            // The clock was stepped back: the time since the start is unknown, so the
            // window cannot be said to hold.
            let behind = Int(((startMillis - nowMillis) / 1000).rounded(.up))
            return .invalid(.breakGlassExpired, note: "break-glass \(claimed.startEvent): the clock reads \(behind) s before its recorded start")
        }
        if nowMillis >= startMillis + window * 1000 {
            return .invalid(.breakGlassExpired, note: "break-glass \(claimed.startEvent): past its recorded window of \(Int(window)) s")
        }
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
        // Checked before anything is written: the window is encoded as whole seconds.
        guard RecordStore.breakGlassWindows.contains(window) else {
            throw StoreError.invalidInput("a break-glass window of \(window) s: from 1 min to 24 h")
        }
        let now = clock()
        let text = justification.trimmingCharacters(in: .whitespacesAndNewlines)
        // The reason rides on the context so that the audit event (allowed or refused) records it.
        var asking = context
        asking.purpose = .emergency
        asking.breakGlass = BreakGlassAuthorization(patient: patient, tier: .summary, reason: reason, justification: text,
                                                    startedAt: now, expiresAt: now.addingTimeInterval(window))
        let outcome: Result<Int64, Error> = try database.write { db in
            // The trail never runs backwards: behind its last event, the start would be dated
            // by that event, and every read refused as before its start (see `verify`). Say
            // so now, audited, rather than open an access that cannot be timed.
            if let last = try String.fetchOne(db, sql: "SELECT at FROM audit_event ORDER BY seq DESC LIMIT 1").flatMap(Timestamp.date(from:)),
               now.addingTimeInterval(RecordStore.clockTolerance) < last {
                let behind = Int(last.timeIntervalSince(now).rounded(.up))
                try audit.append(AuditDraft(context: asking, patient: try PatientRow.fetch(patient, in: db)?.auditName ?? patient.description,
                                            action: .breakGlassStart, outcome: .refused, reason: "clock-behind-trail",
                                            detail: BreakGlassDetail.encode(window: window, justification: text)), in: db)
                return .failure(StoreError.invalidInput(
                    "this terminal's clock reads \(behind) s before the last audit event: a break-glass window cannot be timed; set the clock right (nothing was opened)"))
            }
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

    /// Closes every break-glass access this professional started and never stopped (a
    /// terminal that crashed or lost its power): each gets a stop saying so. Called at the
    /// professional's sign-in: like the CPS card it stands for, a sign-in is in one place at
    /// a time, so an access still open elsewhere is one nobody is at.
    /// - Returns: the start events closed, oldest first.
    @discardableResult
    public func closeUnstoppedBreakGlass(context: AccessContext) throws -> [Int64] {
        guard case .professional = context.actor else { return [] }
        return try database.write { db in
            // The stop names its start (`start:<seq> <why>`), as `verify` reads it.
            let open = try Row.fetchAll(db, sql: """
                SELECT seq, patient, reason FROM audit_event s
                WHERE action = 'break-glass-start' AND outcome = 'allowed' AND actor = ?
                  AND NOT EXISTS (SELECT 1 FROM audit_event t WHERE t.patient = s.patient AND t.seq > s.seq AND t.actor = s.actor
                                  AND t.action = 'break-glass-stop' AND t.detail LIKE 'start:' || s.seq || ' %')
                ORDER BY seq
                """, arguments: [context.actor.auditName])
            var closed: [Int64] = []
            for start in open {
                let seq: Int64 = start["seq"]
                try audit.append(AuditDraft(context: context, patient: start["patient"], action: .breakGlassStop, reason: start["reason"],
                                            detail: "start:\(seq) \(RecordStore.closedAtNextSignIn)"), in: db)
                closed.append(seq)
            }
            return closed
        }
    }

    /// The why of a stop written for an access that was never stopped.
    public static let closedAtNextSignIn = "not-stopped: closed at next sign-in"

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
                let stopReason = stop?.detail.map { String($0.dropFirst("start:\(start.seq) ".count)) }
                var duration = stop.map { $0.at.timeIntervalSince(start.at) }
                // Closed at a later sign-in: it ended, unseen, by its window at the latest.
                if stopReason == RecordStore.closedAtNextSignIn, let window = detail.window, let lasted = duration { duration = min(lasted, window) }
                cases.append(BreakGlassCase(start: start, professional: try RecordStore.actorName(start.actor, in: db), patient: start.patient ?? "",
                                            justification: detail.justification, window: detail.window,
                                            duration: duration, stopReason: stopReason,
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
