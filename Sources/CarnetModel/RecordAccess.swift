import Foundation

/// The one-screen summary a clinician wants first. A part the reader may not see is nil,
/// not empty: "no allergies known" and "not shown to you" must not look the same.
public struct RecordSummary: Hashable, Sendable {
    public var patient: Patient
    public var activeProblems: [HistoryItem]?
    public var allergies: [Allergy]?
    public var currentMedicines: [Prescription]?
    public var lastVaccinations: [Vaccination]?
    /// The latest value of each test that was abnormal in the last three months, newest
    /// first (nil: the reader may not see results).
    public var recentAbnormalResults: [LabResult]?
    /// The latest potassium, creatinine, haemoglobin, INR and glucose, with their dates:
    /// what an emergency doctor looks for first.
    public var keyResults: [LabResult]?
    /// Statements of absence ("no known allergy", "no information") of the sections the
    /// reader may see.
    public var statements: [RecordStatement]

    public init(patient: Patient, activeProblems: [HistoryItem]?, allergies: [Allergy]?,
                currentMedicines: [Prescription]?, lastVaccinations: [Vaccination]?, statements: [RecordStatement] = [],
                recentAbnormalResults: [LabResult]? = nil, keyResults: [LabResult]? = nil) {
        self.recentAbnormalResults = recentAbnormalResults
        self.keyResults = keyResults
        self.patient = patient
        self.activeProblems = activeProblems
        self.allergies = allergies
        self.currentMedicines = currentMedicines
        self.lastVaccinations = lastVaccinations
        self.statements = statements
    }
}

/// Thrown by a store call the policy refused; the refusal is already in the audit trail.
public struct AccessRefused: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: RefusalReason
    public init(_ reason: RefusalReason) { self.reason = reason }
    public var description: String { "access refused: \(reason)" }
}

/// A page of a long list, read by keyset: `next` is where the following page starts.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: Int64?
    public init(items: [Item], next: Int64?) {
        self.items = items
        self.next = next
    }
}

extension Page: Equatable where Item: Equatable {}

/// What a screen may ask of a record. Every call carries its access context; the store
/// behind it asks `AccessPolicy` and writes the audit event in the same transaction, so a
/// screen cannot read what the policy refuses.
public protocol RecordAccess: Sendable {
    /// Opens a record: the header (name, age, INS, blood group) and the allergy banner.
    func openRecord(_ patient: PatientID, context: AccessContext) throws -> Patient
    func summary(of patient: PatientID, context: AccessContext) throws -> RecordSummary
    func history(of patient: PatientID, context: AccessContext) throws -> [HistoryItem]
    func allergies(of patient: PatientID, context: AccessContext) throws -> [Allergy]
    func vaccinations(of patient: PatientID, context: AccessContext) throws -> [Vaccination]
    func prescriptions(of patient: PatientID, context: AccessContext) throws -> [Prescription]
    /// The documents this reader may see; masked or unreleased ones are left out.
    func documents(of patient: PatientID, context: AccessContext) throws -> [Document]
    func reimbursements(of patient: PatientID, context: AccessContext) throws -> [Reimbursement]
    /// Results (lab values, vital signs), newest first; those of a masked or unreleased
    /// document are left out as the document is.
    func results(of patient: PatientID, context: AccessContext, detail: ResultsDetail) throws -> [LabResult]
    /// What the Résultats pane lists: each test's latest values whole and `earlier` points
    /// before them for its trend, without reading a patient's thousands of values.
    func resultsOverview(of patient: PatientID, context: AccessContext, earlier: Int) throws -> ResultsOverview
    /// Every value of one test (`ResultTest.key`), newest first: a test's history.
    func results(of patient: PatientID, test: String, context: AccessContext) throws -> [LabResult]
    /// What a source stated about a whole section: "no known allergy", "no information".
    func statements(of patient: PatientID, section: RecordSection, context: AccessContext) throws -> [RecordStatement]
    func accessSettings(of patient: PatientID, context: AccessContext) throws -> AccessSettings
}

/// How much of each result a read decodes: a screen needs neither the codes the sources
/// gave nor more; an export needs them all.
public enum ResultsDetail: Sendable {
    /// Everything but the sources' codes (`codes` is empty): what the Résultats pane shows.
    case screen
    case whole
}

extension RecordAccess {
    /// Every result whole, codes included (the FHIR export).
    public func results(of patient: PatientID, context: AccessContext) throws -> [LabResult] {
        try results(of: patient, context: context, detail: .whole)
    }
}

/// Text folded for comparison: "Hélène" and "helene" fold to the same key.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "œ", with: "oe")
            .replacingOccurrences(of: "æ", with: "ae")
    }

    /// Whether every word of `query` begins a word of `text`, accents and case aside.
    public static func matches(_ text: String, query: String) -> Bool {
        let words = fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return fold(query).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).allSatisfy { term in
            words.contains { $0.hasPrefix(term) }
        }
    }
}
