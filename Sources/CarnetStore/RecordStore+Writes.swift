import CarnetModel
import Foundation
import GRDB

// MARK: - Writes
//
// The author of a new entry is the actor, never what the caller put in the value: a
// professional cannot write in another's name. Operators (imports) keep the author given.

extension RecordStore {
    private func author(_ given: Author, for context: AccessContext) -> Author {
        switch context.actor {
        case let .professional(professional): return .professional(professional.rpps, name: professional.displayName)
        case .patient: return .patient
        case .operatorAccount: return given
        }
    }

    public func add(_ item: HistoryItem, to patient: PatientID, context: AccessContext) throws -> EntryID {
        var item = item
        item.author = author(item.author, for: context)
        return try access(.write, .section(.history), patient: patient, context: context, audited: .write,
                          detail: "add \(item.kind.rawValue): \(item.label)") { db, patient, _ in
            try EntryRows.insert(item, patient: patient.id, in: db)
        }
    }

    public func add(_ allergy: Allergy, to patient: PatientID, context: AccessContext) throws -> EntryID {
        var allergy = allergy
        allergy.author = author(allergy.author, for: context)
        return try access(.write, .section(.allergies), patient: patient, context: context, audited: .write,
                          detail: "add allergy: \(allergy.substance)") { db, patient, _ in
            try EntryRows.insert(allergy, patient: patient.id, in: db)
        }
    }

    public func add(_ vaccination: Vaccination, to patient: PatientID, context: AccessContext) throws -> EntryID {
        var vaccination = vaccination
        vaccination.author = author(vaccination.author, for: context)
        return try access(.write, .section(.vaccinations), patient: patient, context: context, audited: .write,
                          detail: "add vaccination: \(vaccination.vaccine)") { db, patient, _ in
            try EntryRows.insert(vaccination, patient: patient.id, in: db)
        }
    }

    public func add(_ prescription: Prescription, to patient: PatientID, context: AccessContext) throws -> EntryID {
        var prescription = prescription
        prescription.prescriber = author(prescription.prescriber, for: context)
        return try access(.write, .section(.prescriptions), patient: patient, context: context, audited: .write,
                          detail: "add prescription: \(prescription.medicine)") { db, patient, _ in
            try EntryRows.insert(prescription, patient: patient.id, in: db)
        }
    }

    public func add(_ document: Document, to patient: PatientID, context: AccessContext) throws -> EntryID {
        var document = document
        document.author = author(document.author, for: context)
        return try access(.write, .section(.documents), patient: patient, context: context, audited: .write,
                          detail: "add document: \(document.title)") { db, patient, _ in
            try EntryRows.insert(document, patient: patient.id, in: db)
        }
    }

    // MARK: - Access settings (the patient's own)

    /// Grants a professional access at `level`, or changes the level of an existing grant.
    public func grant(_ level: AccessLevel, to rpps: RPPS, on patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.access), patient: patient, context: context, audited: .write,
                   detail: "grant \(level.rawValue) to rpps:\(rpps.digits)") { db, patient, _ in
            guard try ProfessionalRow.fetch(rpps, in: db) != nil else { throw StoreError.unknownProfessional(rpps) }
            try EntryRows.insertGrant(patient: patient.id, professional: rpps, level: level, since: clock(), in: db)
        }
    }

    /// Withdraws a grant; the professional is refused from the next call on.
    public func revoke(_ rpps: RPPS, on patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.access), patient: patient, context: context, audited: .write,
                   detail: "revoke rpps:\(rpps.digits)") { db, patient, _ in
            try db.execute(sql: "DELETE FROM access_grant WHERE patient_id = ? AND professional_rpps = ?",
                           arguments: [patient.id.rawValue, rpps.digits])
        }
    }

    /// Blocks a professional: refused even with a grant or a matrix right.
    public func block(_ rpps: RPPS, on patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.access), patient: patient, context: context, audited: .write,
                   detail: "block rpps:\(rpps.digits)") { db, patient, _ in
            guard try ProfessionalRow.fetch(rpps, in: db) != nil else { throw StoreError.unknownProfessional(rpps) }
            try EntryRows.insertBlock(patient: patient.id, professional: rpps, since: clock(), in: db)
        }
    }
}
