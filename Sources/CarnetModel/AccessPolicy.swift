import Foundation

public enum AccessAction: String, Sendable, Codable, CaseIterable {
    case read, write
    case breakGlass = "break-glass"
}

/// What an action is aimed at.
public enum AccessTarget: Hashable, Sendable {
    /// The record as a whole: opening it (header: name, age, INS, blood group, allergy banner).
    case record
    case section(RecordSection)
    /// A section's part of the Synthèse (active problems, allergies, current medicines, last
    /// vaccinations): shown by the emergency summary of a break-glass access before the full
    /// record is confirmed, and otherwise allowed exactly as its section.
    case summaryPart(RecordSection)
    /// One document, with what decides who may see it.
    case document(author: Author, state: DocumentState)
    /// A result reported in a document: read under the results' rights, hidden when its
    /// document is (masked from professionals, not yet released to the patient).
    /// `inSummary`: shown as part of the Synthèse (an emergency summary shows it).
    case reportedResult(documentAuthor: Author, state: DocumentState, inSummary: Bool)

    /// The state of the document the target is, or was reported in.
    var documentState: DocumentState? {
        switch self {
        case let .document(_, state), let .reportedResult(_, state, _): return state
        default: return nil
        }
    }

    public var section: RecordSection? {
        switch self {
        case .record: return nil
        case let .section(section), let .summaryPart(section): return section
        case .document: return .documents
        case .reportedResult: return .results
        }
    }
}

/// What the store knows of a record that matters to access, read in the same transaction
/// as the access itself.
public struct RecordAccessFacts: Hashable, Sendable {
    public var patient: PatientID
    public var isClosed: Bool
    public var treatingDoctor: RPPS?
    public var consents: BreakGlassConsents
    /// The actor's grant, if the actor is a professional holding one.
    public var grant: AccessLevel?
    /// Whether the patient blocked the actor.
    public var isBlocked: Bool

    public init(patient: PatientID, isClosed: Bool = false, treatingDoctor: RPPS? = nil,
                consents: BreakGlassConsents = BreakGlassConsents(), grant: AccessLevel? = nil, isBlocked: Bool = false) {
        self.patient = patient
        self.isClosed = isClosed
        self.treatingDoctor = treatingDoctor
        self.consents = consents
        self.grant = grant
        self.isBlocked = isBlocked
    }
}

public enum BreakGlassConsentKind: String, Sendable, Codable {
    case emergencyPhysician = "emergency-physician"
    case samuRegulator = "samu-regulator"
}

/// Why an access was refused. `code` goes to the audit trail; `description` to people.
public enum RefusalReason: Hashable, Sendable, CustomStringConvertible {
    case recordClosed
    case notOwnRecord
    case blocked
    case noGrant
    case readOnlyGrant
    case professionNotAllowed(Profession, RecordSection)
    case patientOnly(RecordSection)
    case patientCannotWrite(RecordSection)
    case consentRefused(BreakGlassConsentKind)
    case professionCannotBreakGlass(Profession)
    case breakGlassExpired
    case breakGlassNotStarted
    case justificationTooShort
    case breakGlassSummaryOnly
    case breakGlassReadOnly
    case documentMasked
    case documentNotYetReleased(CalendarDate)

    /// The reason an audit event's code names (the inverse of `code`), so that screens word
    /// it instead of showing the code; nil for a code this version does not know.
    public init?(code: String) {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let section = parts.count > 1 ? RecordSection(rawValue: parts[parts.count - 1]) : nil
        switch (parts[0], parts.count) {
        case ("record-closed", 1): self = .recordClosed
        case ("not-own-record", 1): self = .notOwnRecord
        case ("blocked-by-patient", 1): self = .blocked
        case ("no-grant", 1): self = .noGrant
        case ("read-only-grant", 1): self = .readOnlyGrant
        case ("profession-not-allowed", 3):
            guard let profession = Profession(rawValue: parts[1]), let section else { return nil }
            self = .professionNotAllowed(profession, section)
        case ("patient-only", 2):
            guard let section else { return nil }
            self = .patientOnly(section)
        case ("patient-cannot-write", 2):
            guard let section else { return nil }
            self = .patientCannotWrite(section)
        case ("consent-refused", 2):
            guard let kind = BreakGlassConsentKind(rawValue: parts[1]) else { return nil }
            self = .consentRefused(kind)
        case ("profession-cannot-break-glass", 2):
            guard let profession = Profession(rawValue: parts[1]) else { return nil }
            self = .professionCannotBreakGlass(profession)
        case ("break-glass-expired", 1): self = .breakGlassExpired
        case ("break-glass-not-started", 1): self = .breakGlassNotStarted
        case ("justification-too-short", 1): self = .justificationTooShort
        case ("break-glass-summary-only", 1): self = .breakGlassSummaryOnly
        case ("break-glass-read-only", 1): self = .breakGlassReadOnly
        case ("document-masked", 1): self = .documentMasked
        case ("not-yet-released", 2):
            guard let day = CalendarDate(parts[1]) else { return nil }
            self = .documentNotYetReleased(day)
        default: return nil
        }
    }

    public var code: String {
        switch self {
        case .recordClosed: return "record-closed"
        case .notOwnRecord: return "not-own-record"
        case .blocked: return "blocked-by-patient"
        case .noGrant: return "no-grant"
        case .readOnlyGrant: return "read-only-grant"
        case let .professionNotAllowed(profession, section): return "profession-not-allowed:\(profession.rawValue):\(section.rawValue)"
        case let .patientOnly(section): return "patient-only:\(section.rawValue)"
        case let .patientCannotWrite(section): return "patient-cannot-write:\(section.rawValue)"
        case let .consentRefused(kind): return "consent-refused:\(kind.rawValue)"
        case let .professionCannotBreakGlass(profession): return "profession-cannot-break-glass:\(profession.rawValue)"
        case .breakGlassExpired: return "break-glass-expired"
        case .breakGlassNotStarted: return "break-glass-not-started"
        case .justificationTooShort: return "justification-too-short"
        case .breakGlassSummaryOnly: return "break-glass-summary-only"
        case .breakGlassReadOnly: return "break-glass-read-only"
        case .documentMasked: return "document-masked"
        case let .documentNotYetReleased(day): return "not-yet-released:\(day.iso)"
        }
    }

    public var description: String {
        switch self {
        case .recordClosed: return "the record is closed"
        case .notOwnRecord: return "a patient may open only their own record"
        case .blocked: return "the patient has blocked this professional"
        case .noGrant: return "the patient has not granted this professional access"
        case .readOnlyGrant: return "the patient granted read access only"
        case let .professionNotAllowed(profession, section):
            return "a \(profession.englishName) may not \(section == .access ? "see" : "use") the \(section.rawValue) section"
        case let .patientOnly(section): return "only the patient may see the \(section.rawValue) section"
        case let .patientCannotWrite(section): return "a patient may not write in the \(section.rawValue) section"
        case let .consentRefused(kind):
            return kind == .emergencyPhysician
                ? "the patient refused break-glass access by emergency physicians"
                : "the patient refused break-glass access by SAMU regulating physicians"
        case let .professionCannotBreakGlass(profession): return "a \(profession.englishName) may not break the glass"
        case .breakGlassExpired: return "the break-glass access has expired"
        case .breakGlassNotStarted: return "no break-glass access was started for this record"
        case .justificationTooShort: return "a break-glass access needs a written justification of at least a sentence"
        case .breakGlassSummaryOnly: return "break-glass access shows the emergency summary until the full record is confirmed"
        case .breakGlassReadOnly: return "break-glass access is read-only"
        case .documentMasked: return "the patient masked this document from professionals"
        case let .documentNotYetReleased(day): return "this document will be released on \(day.french)"
        }
    }
}

public enum AccessDecision: Hashable, Sendable {
    case allowed
    case refused(RefusalReason)

    public var isAllowed: Bool { self == .allowed }
}

/// Who may do what with a record. One pure function: the store calls it inside the
/// transaction of every read and write, and screens never call it to decide anything.
///
/// ```swift
/// let decision = policy.decide(.read, .section(.history), context: kiosk, facts: facts, now: now)
/// ```
public struct AccessPolicy: Sendable {
    public let matrix: AccessMatrix

    public init(matrix: AccessMatrix) {
        self.matrix = matrix
    }

    /// - Parameters:
    ///   - action: read, write, or starting a break-glass access.
    ///   - target: the record, a section or a document.
    ///   - context: who asks, through which door, under which break-glass authorisation.
    ///   - facts: the record's access facts, as the store read them.
    ///   - now: the injected clock's time (break-glass expiry, document release).
    public func decide(_ action: AccessAction, _ target: AccessTarget, context: AccessContext,
                       facts: RecordAccessFacts, now: Date) -> AccessDecision {
        switch context.actor {
        case .operatorAccount:
            // Operators hold the database file itself; what they do is audited, not refused.
            return .allowed
        case let .patient(id, _):
            return decideForPatient(id, action, target, facts: facts, now: now)
        case let .professional(professional):
            return decideForProfessional(professional, action, target, context: context, facts: facts, now: now)
        }
    }

    private func decideForPatient(_ id: PatientID, _ action: AccessAction, _ target: AccessTarget,
                                  facts: RecordAccessFacts, now: Date) -> AccessDecision {
        guard id == facts.patient else { return .refused(.notOwnRecord) }
        guard !facts.isClosed else { return .refused(.recordClosed) }
        switch action {
        case .breakGlass:
            return .refused(.notOwnRecord)
        case .read:
            if let state = target.documentState, let release = state.hiddenFromPatientUntil,
               CalendarDate(now) < release {
                return .refused(.documentNotYetReleased(release))
            }
            return .allowed
        case .write:
            // The patient controls access, keeps their emergency data and adds their own
            // documents; clinical sections are written by professionals.
            switch target.section {
            case nil, .access?, .summary?, .documents?: return .allowed
            case let section?: return .refused(.patientCannotWrite(section))
            }
        }
    }

    private func decideForProfessional(_ professional: Professional, _ action: AccessAction, _ target: AccessTarget,
                                       context: AccessContext, facts: RecordAccessFacts, now: Date) -> AccessDecision {
        guard !facts.isClosed else { return .refused(.recordClosed) }
        guard !facts.isBlocked else { return .refused(.blocked) }

        if action == .breakGlass {
            switch professional.profession {
            case .emergencyPhysician:
                return facts.consents.emergencyPhysician ? .allowed : .refused(.consentRefused(.emergencyPhysician))
            case .samuRegulator:
                return facts.consents.samuRegulator ? .allowed : .refused(.consentRefused(.samuRegulator))
            default:
                return .refused(.professionCannotBreakGlass(professional.profession))
            }
        }
        if target.section == .access { return .refused(.patientOnly(.access)) }

        let isTreatingDoctor = facts.treatingDoctor == professional.rpps
        let isAuthor: Bool = {
            switch target {
            case let .document(author, _), let .reportedResult(author, _, _): return author.rpps == professional.rpps
            default: return false
            }
        }()

        if isTreatingDoctor { return .allowed }

        // The basis for any access: a grant, or a break-glass authorisation for this record.
        let level: AccessLevel
        if let grant = facts.grant {
            level = grant
        } else if let breakGlass = context.breakGlass, breakGlass.patient == facts.patient {
            guard now < breakGlass.expiresAt else { return .refused(.breakGlassExpired) }
            guard action == .read else { return .refused(.breakGlassReadOnly) }
            if breakGlass.tier == .summary {
                switch target {
                case .record, .section(.summary), .summaryPart, .reportedResult(_, _, inSummary: true): break
                default: return .refused(.breakGlassSummaryOnly)
                }
            }
            level = .read
        } else {
            return .refused(.noGrant)
        }

        if action == .write, level != .readWrite { return .refused(.readOnlyGrant) }
        if isAuthor { return .allowed }
        if let section = target.section {
            let needed: MatrixRight = action == .write ? .readWrite : .read
            guard matrix.right(professional.profession, section) >= needed else {
                return .refused(.professionNotAllowed(professional.profession, section))
            }
        }
        if let state = target.documentState, state.maskedFromProfessionals {
            return .refused(.documentMasked)
        }
        return .allowed
    }
}
