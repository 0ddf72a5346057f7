import Foundation

/// A line of a patient search: enough to tell people apart, nothing clinical.
public struct PatientListing: Hashable, Sendable {
    public var id: PatientID
    public var ins: INS?
    public var familyName: String
    public var givenNames: String
    public var birthDate: CalendarDate
    public var sex: Sex

    public init(id: PatientID, ins: INS?, familyName: String, givenNames: String, birthDate: CalendarDate, sex: Sex) {
        self.id = id
        self.ins = ins
        self.familyName = familyName
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
    }

    public var displayName: String { "\(givenNames) \(familyName.uppercased())" }
}

/// How a professional signs in (RPPS and PIN); the store implements it.
public protocol ProfessionalSignIn: Sendable {
    /// - Throws: `LoginFailure`; the third wrong PIN blocks the card. Every attempt is audited.
    func professionalLogin(rpps: RPPS, pin: String) throws -> Professional
}

/// Finding a patient to open: by INS, or by name (and birth date).
/// How a terminal finds a patient. Every search is audited (who, what was typed, how many
/// results); a result shows the INS only to someone who may open that record, and a
/// professional the patient blocked does not see the patient at all.
public protocol PatientFinder: Sendable {
    func patient(ins: INS, context: AccessContext) throws -> PatientListing?
    func searchPatients(name: String, birthDate: CalendarDate?, after: Int64?, limit: Int, context: AccessContext) throws -> Page<PatientListing>
}

/// What a médecin traitant is told about their patients' records.
public struct InboxItem: Hashable, Sendable {
    public var patient: String
    public var ins: String
    public var entry: AccessHistoryEntry

    public init(patient: String, ins: String, entry: AccessHistoryEntry) {
        self.patient = patient
        self.ins = ins
        self.entry = entry
    }
}

public protocol TreatingDoctorInbox: Sendable {
    /// Break-glass accesses and refused attempts on the records of the patients whose
    /// médecin traitant is the signed-in professional, newest first. Audited.
    func inbox(context: AccessContext, limit: Int) throws -> [InboxItem]
}

/// What became of a prescription: saved, or held until the prescriber confirms warnings.
public enum PrescriptionOutcome: Hashable, Sendable {
    case saved(EntryID)
    case needsConfirmation([SafetyWarning])
}

/// What a professional's screens may add to a record; the store decides and audits.
public protocol RecordWriting: Sendable {
    func add(_ item: HistoryItem, to patient: PatientID, context: AccessContext) throws -> EntryID
    func add(_ allergy: Allergy, to patient: PatientID, context: AccessContext) throws -> EntryID
    func add(_ vaccination: Vaccination, to patient: PatientID, context: AccessContext) throws -> EntryID
    func add(_ document: Document, to patient: PatientID, context: AccessContext) throws -> EntryID
    /// Runs the safety checks; a warning whose code is not in `confirming` holds the prescription.
    func prescribe(_ prescription: Prescription, for patient: PatientID, confirming: Set<String>,
                   context: AccessContext) throws -> PrescriptionOutcome
    /// Where this reader may add entries now; the screens offer "add" only there.
    func writableSections(of patient: PatientID, context: AccessContext) throws -> Set<RecordSection>
}

/// Break-glass as an emergency terminal asks for it; the store decides, records and checks.
public protocol BreakGlassAccess: Sendable {
    func startBreakGlass(on patient: PatientID, reason: BreakGlassReason, justification: String, window: TimeInterval,
                         context: AccessContext) throws -> BreakGlassAuthorization
    func widenBreakGlass(_ authorization: BreakGlassAuthorization, context: AccessContext) throws -> BreakGlassAuthorization
    func stopBreakGlass(_ authorization: BreakGlassAuthorization, why: String, context: AccessContext) throws
    /// At a professional's sign-in: stops, saying so, every access they left open (a crashed
    /// terminal). Returns the start events it closed.
    @discardableResult
    func closeUnstoppedBreakGlass(context: AccessContext) throws -> [Int64]
}

/// Writes a patient's summary somewhere the patient can take it (a FHIR IPS file); the
/// executable wires CarnetFHIR behind it. Returns where it was written.
public protocol SummaryExport: Sendable {
    func exportSummary(of patient: PatientID, context: AccessContext) throws -> String
}
