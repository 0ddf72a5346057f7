import CarnetModel
import Foundation

/// The record's reads, passed through to the store, noting whether one was refused because
/// the break-glass access is over: the pane shows the refusal, and the session then ends
/// the access on the screen too.
final class BreakGlassRefusalWatch: RecordAccess, @unchecked Sendable {
    // One pane load on the session's thread; the lock only makes the flag safe to share.
    private let base: any RecordAccess
    private let lock = NSLock()
    private var ended = false

    init(_ base: any RecordAccess) { self.base = base }

    var storeEnded: Bool { lock.withLock { ended } }

    private func watched<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch {
            if DoorSession.endsBreakGlass(error) { lock.withLock { ended = true } }
            throw error
        }
    }

    func openRecord(_ patient: PatientID, context: AccessContext) throws -> Patient {
        try watched { try base.openRecord(patient, context: context) }
    }
    func summary(of patient: PatientID, context: AccessContext) throws -> RecordSummary {
        try watched { try base.summary(of: patient, context: context) }
    }
    func history(of patient: PatientID, context: AccessContext) throws -> [HistoryItem] {
        try watched { try base.history(of: patient, context: context) }
    }
    func allergies(of patient: PatientID, context: AccessContext) throws -> [Allergy] {
        try watched { try base.allergies(of: patient, context: context) }
    }
    func vaccinations(of patient: PatientID, context: AccessContext) throws -> [Vaccination] {
        try watched { try base.vaccinations(of: patient, context: context) }
    }
    func prescriptions(of patient: PatientID, context: AccessContext) throws -> [Prescription] {
        try watched { try base.prescriptions(of: patient, context: context) }
    }
    func documents(of patient: PatientID, context: AccessContext) throws -> [Document] {
        try watched { try base.documents(of: patient, context: context) }
    }
    func reimbursements(of patient: PatientID, context: AccessContext) throws -> [Reimbursement] {
        try watched { try base.reimbursements(of: patient, context: context) }
    }
    func results(of patient: PatientID, context: AccessContext, detail: ResultsDetail) throws -> [LabResult] {
        try watched { try base.results(of: patient, context: context, detail: detail) }
    }
    func resultsOverview(of patient: PatientID, context: AccessContext, earlier: Int) throws -> ResultsOverview {
        try watched { try base.resultsOverview(of: patient, context: context, earlier: earlier) }
    }
    func results(of patient: PatientID, test: String, context: AccessContext) throws -> [LabResult] {
        try watched { try base.results(of: patient, test: test, context: context) }
    }
    func statements(of patient: PatientID, section: RecordSection, context: AccessContext) throws -> [RecordStatement] {
        try watched { try base.statements(of: patient, section: section, context: context) }
    }
    func accessSettings(of patient: PatientID, context: AccessContext) throws -> AccessSettings {
        try watched { try base.accessSettings(of: patient, context: context) }
    }
}
