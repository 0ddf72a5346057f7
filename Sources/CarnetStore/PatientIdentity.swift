import CarnetModel
import Foundation
import GRDB

/// Who an imported patient is. Filing a file's entries into the wrong person's record is
/// the worst thing an import can do, so a patient is matched by business identifiers
/// first (the INS, then any identifier with its system), by name + birth date + sex only
/// when exactly one candidate agrees and no identifier contradicts, and a contradiction
/// refuses the whole file rather than guess.
enum PatientIdentity {
    /// The existing patient a file's patient is, with how it was decided in words; nil
    /// when nobody in Carnet is that person (a new record is then created).
    static func match(_ record: ImportPlan.PatientRecord, file: String, in db: Database) throws -> (Patient, String)? {
        let incoming = record.patient
        if let ins = incoming.ins, let existing = try PatientRow.fetch(ins: ins, in: db) {
            try agree(record, existing, on: "INS \(ins)", file: file)
            return (existing, "by INS")
        }
        // Any identifier with a system names one patient in that system.
        var byIdentifier: [PatientID: ImportPlan.Identifier] = [:]
        for identifier in record.identifiers where !identifier.system.isEmpty {
            let owners = try Int64.fetchAll(db.cachedStatement(sql: "SELECT patient_id FROM patient_identifier WHERE value = ? AND system = ?"),
                                            arguments: [identifier.value, identifier.system])
            for owner in owners { byIdentifier[PatientID(owner), default: identifier] = identifier }
        }
        if byIdentifier.count > 1 {
            let names = try byIdentifier.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { try PatientRow.fetch($0, in: db)?.displayName }
            throw StoreError.invalidInput("\(file): \(record.key)'s identifiers belong to \(byIdentifier.count) different patients in Carnet "
                + "(\(names.joined(separator: ", "))); nothing was imported from this file")
        }
        if let (id, identifier) = byIdentifier.first, let existing = try PatientRow.fetch(id, in: db) {
            let by = "identifier \(identifier.system)|\(identifier.value)"
            if let theirs = existing.ins, let ours = incoming.ins, theirs != ours {
                throw StoreError.invalidInput("\(file): \(record.key) has INS \(ours), but its \(by) belongs to \(existing.displayName) "
                    + "with INS \(theirs) in Carnet; nothing was imported from this file")
            }
            try agree(record, existing, on: by, file: file)
            return (existing, "by \(by)")
        }
        // Name, birth date and sex: only one candidate, and nothing that says otherwise.
        // Namesakes born that day, through the accent-folding name index: a scan of
        // everyone born on a day would hold the write lock for as long as it takes.
        guard let words = Directory.ftsQuery(incoming.familyName) else { return nil }
        let sameDay = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(PatientRow.columns) FROM patient
            WHERE birth_date = ? AND id IN (SELECT rowid FROM patient_name_search WHERE patient_name_search MATCH ?)
            """), arguments: [incoming.birthDate.iso, words]).map(PatientRow.decode)
        var candidates: [Patient] = []
        for candidate in sameDay where sameName(candidate, incoming) && compatible(candidate.sex, incoming.sex) {
            if let theirs = candidate.ins, let ours = incoming.ins, theirs != ours { continue }
            if try contradictsIdentifiers(candidate.id, record.identifiers, in: db) { continue }
            candidates.append(candidate)
        }
        guard candidates.count == 1, let only = candidates.first, let existing = try PatientRow.fetch(only.id, in: db) else { return nil }
        return (existing, "by name, birth date and sex (no identifier decides)")
    }

    /// The patient an out-of-file reference names ("Patient/example", an absolute URL,
    /// "Patient?identifier=system|value"): only when exactly one patient answers.
    static func resolve(_ reference: String, file: String, item: String, in db: Database) throws -> (Patient, String) {
        var owners: [Int64]
        if let question = reference.firstIndex(of: "?") {
            let query = reference[reference.index(after: question)...]
            let wanted = query.dropFirst("identifier=".count).split(separator: "|", maxSplits: 1).map(String.init)
            let system = wanted.count == 2 ? wanted[0] : nil
            let value = wanted.last ?? ""
            owners = try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT patient_id FROM patient_identifier WHERE value = ? AND (? IS NULL OR system = ?)"),
                                        arguments: [value, system, system])
            if let ins = try? INS(value), system == nil || system == "urn:oid:1.2.250.1.213.1.4.8" || system == "urn:oid:1.2.250.1.213.1.4.10",
               let patient = try PatientRow.fetch(ins: ins, in: db), !owners.contains(patient.id.rawValue) {
                owners.append(patient.id.rawValue)
            }
        } else if reference.contains("://") {
            owners = try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT patient_id FROM import_source WHERE source_key = ? AND kind = 'Patient'"),
                                        arguments: [reference])
        } else {
            owners = try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT patient_id FROM import_source WHERE resource = ? AND kind = 'Patient'"),
                                        arguments: [reference])
        }
        let found = try owners.compactMap { try PatientRow.fetch(PatientID($0), in: db) }
        switch found.count {
        case 1:
            return (found[0], "the only patient imported as \(reference)")
        case 0:
            throw StoreError.invalidInput("\(file): \(item) refers to \(reference), which is neither in this file nor in Carnet "
                + "(name the patient with --patient INS); nothing was imported from this file")
        default:
            let names = found.map { "\($0.displayName)\($0.ins.map { " (INS \($0))" } ?? "")" }
            throw StoreError.invalidInput("\(file): \(item) refers to \(reference), which names \(found.count) patients from different sources "
                + "(\(names.joined(separator: ", "))); name the patient with --patient INS; nothing was imported from this file")
        }
    }

    /// The same person must be born the same day and, when both say, be of the same sex.
    private static func agree(_ record: ImportPlan.PatientRecord, _ existing: Patient, on by: String, file: String) throws {
        let incoming = record.patient
        if incoming.birthDate != existing.birthDate {
            throw StoreError.invalidInput("\(file): \(record.key) (\(incoming.displayName), born \(incoming.birthDate.iso)) has the \(by) of "
                + "\(existing.displayName), born \(existing.birthDate.iso), in Carnet; nothing was imported from this file")
        }
        if !compatible(incoming.sex, existing.sex) {
            throw StoreError.invalidInput("\(file): \(record.key) (\(incoming.displayName), sex \(incoming.sex.rawValue)) has the \(by) of "
                + "\(existing.displayName), sex \(existing.sex.rawValue), in Carnet; nothing was imported from this file")
        }
    }

    private static func sameName(_ a: Patient, _ b: Patient) -> Bool {
        SearchText.fold(a.familyName) == SearchText.fold(b.familyName)
            && SearchText.fold(a.givenNames).split(separator: " ").first == SearchText.fold(b.givenNames).split(separator: " ").first
    }

    private static func compatible(_ a: Sex, _ b: Sex) -> Bool {
        a == b || a == .unknown || b == .unknown
    }

    /// A candidate known under the same identifier system with another value is someone else.
    private static func contradictsIdentifiers(_ candidate: PatientID, _ identifiers: [ImportPlan.Identifier], in db: Database) throws -> Bool {
        for identifier in identifiers where !identifier.system.isEmpty {
            let values = try String.fetchAll(db.cachedStatement(sql: "SELECT value FROM patient_identifier WHERE patient_id = ? AND system = ?"),
                                             arguments: [candidate.rawValue, identifier.system])
            if !values.isEmpty && !values.contains(identifier.value) { return true }
        }
        return false
    }
}
