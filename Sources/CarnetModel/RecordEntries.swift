import Foundation

/// The panes of a record, in the order of keys `1`–`9`.
public enum RecordSection: String, Sendable, Codable, CaseIterable {
    case summary, history, allergies, vaccinations, prescriptions, results, documents, reimbursements, access
}

/// Who wrote an entry. Authors always see what they wrote.
public enum Author: Hashable, Sendable, Codable {
    case professional(RPPS, name: String)
    case patient
    /// Written elsewhere and imported (a hospital's software, say).
    case external(name: String)

    public var displayName: String {
        switch self {
        case let .professional(_, name): return name
        case .patient: return "patient"
        case let .external(name): return name
        }
    }

    public var rpps: RPPS? {
        if case let .professional(rpps, _) = self { return rpps }
        return nil
    }
}

/// An entry's key within its section, assigned by the store.
public struct EntryID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (lhs: EntryID, rhs: EntryID) -> Bool { lhs.rawValue < rhs.rawValue }
}

public struct HistoryItem: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case condition, procedure, familyHistory = "family-history" }
    /// FHIR's clinical statuses, with their nuance: a cancer in remission is neither active
    /// nor cured, a recurrence is active again.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, resolved, inactive, remission, recurrence, relapse }

    public var id: EntryID?
    public var kind: Kind
    public var label: String
    /// CIM-10 (ICD-10) for conditions, CCAM for procedures, when known.
    public var code: String?
    public var onset: CalendarDate?
    public var end: CalendarDate?
    public var status: Status
    public var author: Author
    /// Every code the source gave, with its system (empty for what Carnet's own screens wrote).
    public var codes: [Coding]

    public init(id: EntryID? = nil, kind: Kind, label: String, code: String? = nil, onset: CalendarDate?,
                end: CalendarDate? = nil, status: Status, author: Author, codes: [Coding] = []) {
        self.id = id
        self.kind = kind
        self.label = label
        self.code = code
        self.onset = onset
        self.end = end
        self.status = status
        self.author = author
        self.codes = codes
    }
}

public struct Allergy: Hashable, Sendable, Codable {
    public enum Severity: String, Sendable, Codable, CaseIterable { case mild, moderate, severe }
    public enum Status: String, Sendable, Codable, CaseIterable { case active, inactive, resolved }

    public var id: EntryID?
    public var substance: String
    /// The class the substance belongs to (e.g. ATC `J01C` for penicillins): a medicine of
    /// the same class conflicts with the allergy.
    public var substanceClass: String?
    public var reaction: String?
    public var severity: Severity
    public var status: Status
    public var recordedOn: CalendarDate?
    public var author: Author
    /// Every code the source gave, with its system (empty for what Carnet's own screens wrote).
    public var codes: [Coding]

    public init(id: EntryID? = nil, substance: String, substanceClass: String?, reaction: String?,
                severity: Severity, status: Status, recordedOn: CalendarDate?, author: Author, codes: [Coding] = []) {
        self.id = id
        self.substance = substance
        self.substanceClass = substanceClass
        self.reaction = reaction
        self.severity = severity
        self.status = status
        self.recordedOn = recordedOn
        self.author = author
        self.codes = codes
    }
}

public struct Vaccination: Hashable, Sendable, Codable {
    public var id: EntryID?
    public var vaccine: String
    public var date: CalendarDate
    public var dose: String?
    public var lot: String?
    public var author: Author
    /// Every code the source gave, with its system (empty for what Carnet's own screens wrote).
    public var codes: [Coding]

    public init(id: EntryID? = nil, vaccine: String, date: CalendarDate, dose: String?, lot: String?, author: Author, codes: [Coding] = []) {
        self.id = id
        self.vaccine = vaccine
        self.date = date
        self.dose = dose
        self.lot = lot
        self.author = author
        self.codes = codes
    }
}

public struct Prescription: Hashable, Sendable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case active, completed, stopped }

    public var id: EntryID?
    public var medicine: String
    /// ATC code of the substance (e.g. `A10BA02` metformine).
    public var atc: String?
    public var dosage: String
    /// Nil when the source did not say when: never a day nobody gave.
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var prescriber: Author
    public var status: Status
    /// For a laboratory test order: its NABM code (`medicine` then names the test).
    public var labTest: String?
    /// Every code the source gave, with its system (empty for what Carnet's own screens wrote).
    public var codes: [Coding]

    public init(id: EntryID? = nil, medicine: String, atc: String?, dosage: String, start: CalendarDate?,
                end: CalendarDate?, prescriber: Author, status: Status, labTest: String? = nil, codes: [Coding] = []) {
        self.id = id
        self.labTest = labTest
        self.medicine = medicine
        self.atc = atc
        self.dosage = dosage
        self.start = start
        self.end = end
        self.prescriber = prescriber
        self.status = status
        self.codes = codes
    }
}

/// A reimbursement by the Assurance Maladie; amounts in euro cents so sums are exact.
public struct Reimbursement: Hashable, Sendable, Codable {
    public var id: EntryID?
    public var date: CalendarDate
    public var act: String
    public var amountPaidCents: Int
    public var amountReimbursedCents: Int
    /// ISO 4217: "EUR" for the Assurance Maladie; an imported claim keeps its own.
    public var currency: String

    public init(id: EntryID? = nil, date: CalendarDate, act: String, amountPaidCents: Int, amountReimbursedCents: Int,
                currency: String = "EUR") {
        self.currency = currency
        self.id = id
        self.date = date
        self.act = act
        self.amountPaidCents = amountPaidCents
        self.amountReimbursedCents = amountReimbursedCents
    }
}
