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

    /// The one path of every added entry: the author set from the actor, then the policy,
    /// the insert and the audit event in one transaction.
    private func addEntry<Entry>(_ entry: Entry, author: WritableKeyPath<Entry, Author>, section: RecordSection,
                                 patient: PatientID, context: AccessContext, detail: String,
                                 insert: (Entry, PatientID, Database) throws -> EntryID) throws -> EntryID {
        var entry = entry
        entry[keyPath: author] = self.author(entry[keyPath: author], for: context)
        return try access(.write, .section(section), patient: patient, context: context, audited: .write, detail: detail) { db, patient, _ in
            try insert(entry, patient.id, db)
        }
    }

    public func add(_ item: HistoryItem, to patient: PatientID, context: AccessContext) throws -> EntryID {
        try addEntry(item, author: \.author, section: .history, patient: patient, context: context,
                     detail: "add \(item.kind.rawValue): \(item.label)") { try EntryRows.insert($0, patient: $1, in: $2) }
    }

    public func add(_ allergy: Allergy, to patient: PatientID, context: AccessContext) throws -> EntryID {
        try addEntry(allergy, author: \.author, section: .allergies, patient: patient, context: context,
                     detail: "add allergy: \(allergy.substance)") { try EntryRows.insert($0, patient: $1, in: $2) }
    }

    public func add(_ vaccination: Vaccination, to patient: PatientID, context: AccessContext) throws -> EntryID {
        try addEntry(vaccination, author: \.author, section: .vaccinations, patient: patient, context: context,
                     detail: "add vaccination: \(vaccination.vaccine)") { try EntryRows.insert($0, patient: $1, in: $2) }
    }

    /// Adds a prescription. A professional's goes through the safety checks and is refused
    /// while any warning stands (use `prescribe` to confirm them); operators (imports of
    /// what was prescribed elsewhere) add as given.
    public func add(_ prescription: Prescription, to patient: PatientID, context: AccessContext) throws -> EntryID {
        if case .professional = context.actor {
            switch try prescribe(prescription, for: patient, confirming: [], context: context) {
            case let .saved(id): return id
            case let .needsConfirmation(warnings): throw PrescriptionHeld(warnings: warnings)
            }
        }
        return try addEntry(prescription, author: \.prescriber, section: .prescriptions, patient: patient, context: context,
                     detail: "add prescription: \(prescription.medicine)") { try EntryRows.insert($0, patient: $1, in: $2) }
    }

    public func add(_ document: Document, to patient: PatientID, context: AccessContext) throws -> EntryID {
        try addEntry(document, author: \.author, section: .documents, patient: patient, context: context,
                     detail: "add document: \(document.title)") { try EntryRows.insert($0, patient: $1, in: $2) }
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

// MARK: - Closing the record (clôture)

extension RecordStore {
    /// Closes the record at the patient's request: from now on every professional is
    /// refused, break-glass included, and the patient can no longer sign in; the data is
    /// kept. Only an operator reopens it.
    public func closeRecord(_ patient: PatientID, context: AccessContext) throws {
        try access(.write, .record, patient: patient, context: context, audited: .write, detail: "close record") { db, patient, _ in
            try db.execute(sql: "UPDATE patient SET closed_at = ? WHERE id = ?",
                           arguments: [Timestamp.string(from: clock()), patient.id.rawValue])
        }
    }

    /// Reopens a closed record. The policy refuses everyone but an operator, since a
    /// closed record refuses its patient too.
    public func reopenRecord(_ patient: PatientID, context: AccessContext) throws {
        try access(.write, .record, patient: patient, context: context, audited: .write, detail: "reopen record") { db, patient, _ in
            try db.execute(sql: "UPDATE patient SET closed_at = NULL WHERE id = ?", arguments: [patient.id.rawValue])
        }
    }
}

/// A prescription the safety checks hold until the prescriber confirms its warnings.
public struct PrescriptionHeld: Error, Hashable, CustomStringConvertible {
    public let warnings: [SafetyWarning]
    public var description: String {
        "the prescription needs confirmation: " + warnings.map(\.code).joined(separator: ", ")
    }
}
