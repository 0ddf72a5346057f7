import Foundation

/// Who is asking. Every store call names one.
public enum Actor: Hashable, Sendable {
    case patient(PatientID, ins: INS?)
    case professional(Professional)
    /// Someone at the machine running an operator command with the database file's permissions.
    case operatorAccount(String)

    /// The actor as the audit trail writes it: `patient:<INS>`, `rpps:<RPPS>`, `operator:<user>`.
    public var auditName: String {
        switch self {
        case let .patient(id, ins): return "patient:\(ins?.digits ?? id.description)"
        case let .professional(professional): return "rpps:\(professional.rpps.digits)"
        case let .operatorAccount(user): return "operator:\(user)"
        }
    }
}

/// Which door the record was opened through.
public enum AccessMode: String, Sendable, Codable, CaseIterable {
    case patient, kiosk, emergency, `operator`
}

/// Why the record is being read or written: the audit trail keeps it.
public enum AccessPurpose: String, Sendable, Codable, CaseIterable {
    case selfAccess = "self"
    case care
    case emergency
    case administration
}

/// Why a professional broke the glass.
public enum BreakGlassReason: String, Sendable, Codable, CaseIterable {
    case patientUnableToExpressWill = "unable-to-express-will"
    case vitalEmergency = "vital-emergency"
    case samuRegulationCall = "samu-regulation-call"
}

/// A break-glass access in force: the emergency summary first, the full record only after
/// a second confirmation.
public struct BreakGlassAuthorization: Hashable, Sendable {
    public enum Tier: String, Sendable, Codable { case summary, fullRecord = "full-record" }

    public var patient: PatientID
    public var tier: Tier
    public var reason: BreakGlassReason
    public var justification: String
    public var startedAt: Date
    public var expiresAt: Date
    /// The audit event that started it: the store checks every call against the trail, so
    /// an authorisation not started through the store (or stopped) opens nothing.
    public var startEvent: Int64

    public init(patient: PatientID, tier: Tier, reason: BreakGlassReason, justification: String, startedAt: Date, expiresAt: Date,
                startEvent: Int64 = 0) {
        self.startEvent = startEvent
        self.patient = patient
        self.tier = tier
        self.reason = reason
        self.justification = justification
        self.startedAt = startedAt
        self.expiresAt = expiresAt
    }
}

/// What every store call carries: who, through which door, why.
public struct AccessContext: Hashable, Sendable {
    public var actor: Actor
    public var mode: AccessMode
    public var purpose: AccessPurpose
    public var breakGlass: BreakGlassAuthorization?

    public init(actor: Actor, mode: AccessMode, purpose: AccessPurpose, breakGlass: BreakGlassAuthorization? = nil) {
        self.actor = actor
        self.mode = mode
        self.purpose = purpose
        self.breakGlass = breakGlass
    }

    public static func patient(_ patient: Patient) -> AccessContext {
        AccessContext(actor: .patient(patient.id, ins: patient.ins), mode: .patient, purpose: .selfAccess)
    }

    public static func kiosk(_ professional: Professional) -> AccessContext {
        AccessContext(actor: .professional(professional), mode: .kiosk, purpose: .care)
    }

    /// An emergency terminal's context, with the break-glass access in force if any.
    public static func emergency(_ professional: Professional, breakGlass: BreakGlassAuthorization? = nil) -> AccessContext {
        AccessContext(actor: .professional(professional), mode: .emergency, purpose: breakGlass == nil ? .care : .emergency, breakGlass: breakGlass)
    }

    public static func operatorAccount(_ user: String) -> AccessContext {
        AccessContext(actor: .operatorAccount(user), mode: .operator, purpose: .administration)
    }
}

/// How the start of a break-glass access is written in the audit trail's detail: the
/// window it was opened for, then the doctor's justification as typed.
public enum BreakGlassDetail {
    public static func encode(window: TimeInterval, justification: String) -> String {
        "window=\(Int(window)); \(justification)"
    }

    public static func decode(_ detail: String?) -> (window: TimeInterval?, justification: String) {
        guard let detail else { return (nil, "") }
        guard detail.hasPrefix("window="), let end = detail.firstIndex(of: ";"),
              let seconds = Int(detail[detail.index(detail.startIndex, offsetBy: 7)..<end]) else { return (nil, detail) }
        return (TimeInterval(seconds), String(detail[detail.index(after: end)...]).trimmingCharacters(in: .whitespaces))
    }

    /// A justification is at least a sentence: three words and twenty characters.
    public static func isSufficient(_ justification: String) -> Bool {
        let trimmed = justification.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count >= 20 && trimmed.split(whereSeparator: \.isWhitespace).count >= 3
    }
}
