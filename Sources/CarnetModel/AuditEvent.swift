import Foundation

/// What an audit event records.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case open, read, write
    case login
    case breakGlassStart = "break-glass-start"
    case breakGlassStop = "break-glass-stop"
    /// The second confirmation: from the emergency summary to the full record.
    case breakGlassFullRecord = "break-glass-full-record"
    /// A reviewer's verdict on a break-glass access (detail: `start:<seq> verdict:<v>; comment`).
    case breakGlassReview = "break-glass-review"
    /// Records brought in from another system (FHIR), by an operator.
    case `import`
    case unblock
    case demo
    case auditRead = "audit-read"
    case auditVerify = "audit-verify"
    /// The patient has read the alerts shown at sign-in (detail: `through:<seq>`).
    case acknowledge
    /// A search of the patient directory (detail: what was typed, how many results): a list
    /// of names and birth dates is patient data too.
    case search
}

public enum AuditOutcome: String, Sendable, Codable {
    case allowed, refused
}

/// One event of the tamper-evident trail, as read back from the store.
public struct AuditEvent: Hashable, Sendable, Codable {
    public var seq: Int64
    public var at: Date
    /// `patient:<INS>`, `rpps:<RPPS>` or `operator:<user>`.
    public var actor: String
    /// The INS (or the store's key) of the patient whose record was touched, if any.
    public var patient: String?
    public var action: String
    public var section: String?
    public var purpose: String
    public var outcome: AuditOutcome
    /// Why it was refused, or the break-glass reason.
    public var reason: String?
    /// What else a reader of the trail needs (what was written, a justification).
    public var detail: String?
    public var hash: String

    public init(seq: Int64, at: Date, actor: String, patient: String?, action: String, section: String?,
                purpose: String, outcome: AuditOutcome, reason: String?, detail: String?, hash: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.patient = patient
        self.action = action
        self.section = section
        self.purpose = purpose
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
        self.hash = hash
    }
}
