import Foundation

/// What an import will write, in model terms (FHIR types stay in CarnetFHIR). Every
/// item keeps the key of the resource it came from, so importing it again changes nothing.
public struct ImportPlan: Sendable {
    /// Whose record an entry belongs to: a patient of the same file, or one outside it,
    /// named by the bare or absolute reference the file gave ("Patient/example").
    public enum Subject: Hashable, Sendable {
        case inFile(String)
        case outside(reference: String)
    }

    public enum Entry: Hashable, Sendable {
        case history(HistoryItem)
        case allergy(Allergy)
        case vaccination(Vaccination)
        case prescription(Prescription)
        case document(Document)
        case result(LabResult)
        case reimbursement(Reimbursement)
        /// "No known allergy", "no information": a statement about a section, not an entry in it.
        case statement(RecordStatement)
    }

    public struct PatientRecord: Hashable, Sendable {
        /// "Patient/<id>": how the file's own resources refer to this patient.
        public var key: String
        /// The key that identifies this resource among every source's (see `Item.sourceKey`).
        public var sourceKey: String
        public var patient: Patient
        /// Every identifier the source gave, kept; patients are matched by them first.
        public var identifiers: [Identifier]

        public init(key: String, sourceKey: String, patient: Patient, identifiers: [Identifier]) {
            self.key = key
            self.sourceKey = sourceKey
            self.patient = patient
            self.identifiers = identifiers
        }
    }

    public struct Identifier: Hashable, Sendable {
        public var system: String
        public var value: String
        public init(system: String, value: String) {
            self.system = system
            self.value = value
        }
    }

    public struct Item: Hashable, Sendable {
        /// The idempotency key, which carries the resource's source: its `urn:uuid:` or
        /// absolute fullUrl, else the Bundle's `meta.source` or identifier, else the file's
        /// content digest, followed by "Type/id". Never a bare "Type/id": two hospitals'
        /// "AllergyIntolerance/1" are two allergies.
        public var sourceKey: String
        public var resourceType: String
        public var subject: Subject
        public var entry: Entry
        /// A later part of a resource that gives several entries (an Observation's second
        /// component, a blood pressure's diastolic): the import report counts resources, so
        /// it is not counted again.
        public var isFurtherPart: Bool

        public init(sourceKey: String, resourceType: String, subject: Subject, entry: Entry, isFurtherPart: Bool = false) {
            self.sourceKey = sourceKey
            self.resourceType = resourceType
            self.subject = subject
            self.entry = entry
            self.isFurtherPart = isFurtherPart
        }
    }

    public var patients: [PatientRecord] = []
    public var professionals: [Professional] = []
    public var items: [Item] = []
    /// Resources read but not stored, by type, with why (an unknown type is not fatal).
    public var skipped: [String: (count: Int, reason: String)] = [:]
    /// Resources used as context of the others (Encounter), by type.
    public var context: [String: Int] = [:]
    /// What the summary must say besides counts (an INS refused and kept as an identifier).
    public var notes: [String] = []
    /// Entries kept with their text only, because none of their codes is one Carnet knows
    /// (no ATC, CIM-10, LOINC or SNOMED CT code), by resource type.
    public var textOnly: [String: Int] = [:]

    public init() {}

    public mutating func skip(_ type: String, _ reason: String) {
        skipped[type, default: (0, reason)].count += 1
    }
}

/// What an import did, by resource type.
public struct ImportSummary: Sendable, Equatable {
    public var imported: [String: Int] = [:]
    /// Already there from an earlier import of the same resources: left as they were.
    public var unchanged: [String: Int] = [:]
    /// How each of the file's patients was identified: created, or merged into which
    /// existing patient and why ("by INS", "by name, birth date and sex"…), in words.
    public var patients: [String] = []
    public init() {}
}
