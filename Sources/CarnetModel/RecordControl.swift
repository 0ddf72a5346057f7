import Foundation

/// One line of a patient's access history: an audit event, with who it was in words.
public struct AccessHistoryEntry: Hashable, Sendable {
    public var event: AuditEvent
    /// "Dr Paul MARTIN (médecin généraliste)", or the raw actor when not a known professional.
    public var actorName: String
    /// Recorded after the patient's previous sign-in.
    public var isNew: Bool
    /// For the start of a break-glass access: how long it lasted; nil while it goes on.
    public var breakGlassDuration: TimeInterval?

    public init(event: AuditEvent, actorName: String, isNew: Bool, breakGlassDuration: TimeInterval? = nil) {
        self.event = event
        self.actorName = actorName
        self.isNew = isNew
        self.breakGlassDuration = breakGlassDuration
    }

    public var isBreakGlass: Bool { event.action == AuditAction.breakGlassStart.rawValue || event.action == AuditAction.breakGlassStop.rawValue }
    public var isRefused: Bool { event.outcome == .refused }
}

/// Which events of the access history to show.
public struct AccessHistoryFilter: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable { case all, allowed, refused, breakGlass = "break-glass" }
    /// `rpps:<RPPS>` or another audit actor; nil for everyone.
    public var actor: String?
    public var section: RecordSection?
    public var kind: Kind

    public init(actor: String? = nil, section: RecordSection? = nil, kind: Kind = .all) {
        self.actor = actor
        self.section = section
        self.kind = kind
    }
}

/// What the patient must know at sign-in: break-glass accesses, a professional's first
/// access, attempts refused because the patient blocked the professional.
public struct AccessAlert: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case breakGlass = "break-glass", firstAccess = "first-access", blockedAttempt = "blocked-attempt" }
    public var kind: Kind
    public var entry: AccessHistoryEntry

    public init(kind: Kind, entry: AccessHistoryEntry) {
        self.kind = kind
        self.entry = entry
    }
}

/// The emergency data the patient keeps up to date themself.
public struct EmergencyData: Hashable, Sendable {
    public var organDonation: OrganDonationStance
    public var advanceDirectives: String?
    public var contacts: [EmergencyContact]

    public init(organDonation: OrganDonationStance, advanceDirectives: String?, contacts: [EmergencyContact]) {
        self.organDonation = organDonation
        self.advanceDirectives = advanceDirectives
        self.contacts = contacts
    }
}

/// What a patient's screens may change in their record. Like `RecordAccess`, every call is
/// decided by the policy and audited in the store's transaction.
public protocol RecordControl: Sendable {
    func grant(_ level: AccessLevel, to rpps: RPPS, on patient: PatientID, context: AccessContext) throws
    func revoke(_ rpps: RPPS, on patient: PatientID, context: AccessContext) throws
    func block(_ rpps: RPPS, on patient: PatientID, context: AccessContext) throws
    func unblock(_ rpps: RPPS, on patient: PatientID, context: AccessContext) throws
    /// Designates the médecin traitant (nil: none).
    func setTreatingDoctor(_ rpps: RPPS?, of patient: PatientID, context: AccessContext) throws
    func setConsent(_ kind: BreakGlassConsentKind, allowed: Bool, of patient: PatientID, context: AccessContext) throws
    func setDocument(_ document: EntryID, masked: Bool, of patient: PatientID, context: AccessContext) throws
    func add(_ document: Document, to patient: PatientID, context: AccessContext) throws -> EntryID
    func setEmergencyData(_ data: EmergencyData, of patient: PatientID, context: AccessContext) throws
    func closeRecord(_ patient: PatientID, context: AccessContext) throws
    /// Newest first, from before `before` (a sequence number; nil: the newest).
    func accessHistory(of patient: PatientID, filter: AccessHistoryFilter, before: Int64?, limit: Int,
                       context: AccessContext) throws -> Page<AccessHistoryEntry>
    /// The people who appear in the access history, for its filter.
    func accessHistoryActors(of patient: PatientID, context: AccessContext) throws -> [(actor: String, name: String)]
    func alerts(of patient: PatientID, context: AccessContext) throws -> [AccessAlert]
    func acknowledgeAlerts(through seq: Int64, of patient: PatientID, context: AccessContext) throws
    /// Professionals by RPPS, or by name (words begin names, accents and case aside).
    func findProfessionals(_ query: String, limit: Int) throws -> [Professional]
}
