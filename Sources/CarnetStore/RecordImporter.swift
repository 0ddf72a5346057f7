import CarnetModel
import Foundation
import GRDB

/// Writes an `ImportPlan` (read from a FHIR file by CarnetFHIR) into the store: a file
/// imports whole or not at all, in one transaction; a resource already imported (same
/// source key) is left as it is; each record written gets an operator audit event.
public struct RecordImporter: Sendable {
    let database: CarnetDatabase
    let audit: AuditLog

    public init(database: CarnetDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        audit = AuditLog(database: database, clock: clock)
    }

    public func apply(_ plan: ImportPlan, file: String, context: AccessContext) throws -> ImportSummary {
        try database.write { db in
            var summary = ImportSummary()
            for professional in plan.professionals {
                if try ProfessionalRow.fetch(professional.rpps, in: db) == nil {
                    try ProfessionalRow.insert(professional, in: db)
                    summary.imported["Practitioner", default: 0] += 1
                } else {
                    summary.unchanged["Practitioner", default: 0] += 1
                }
            }
            var patients: [String: Patient] = [:]
            for record in plan.patients {
                if let known = try RecordImporter.source(record.key, in: db), let id = known.patient, let patient = try PatientRow.fetch(id, in: db) {
                    patients[record.key] = patient
                    summary.unchanged["Patient", default: 0] += 1
                    continue
                }
                var patient = record.patient
                if let ins = patient.ins, let existing = try PatientRow.fetch(ins: ins, in: db) {
                    // The same person, already in Carnet: the file's entries join that record.
                    patient = existing
                    summary.unchanged["Patient", default: 0] += 1
                } else {
                    patient.id = try PatientRow.insert(patient, in: db)
                    summary.imported["Patient", default: 0] += 1
                }
                for identifier in record.identifiers {
                    try db.execute(sql: "INSERT OR IGNORE INTO patient_identifier (patient_id, system, value) VALUES (?, ?, ?)",
                                   arguments: [patient.id.rawValue, identifier.system, identifier.value])
                }
                try RecordImporter.remember(record.key, kind: "Patient", patient: patient.id, entry: nil, in: db)
                patients[record.key] = patient
            }
            var written: [PatientID: (patient: Patient, count: Int)] = [:]
            for item in plan.items {
                let patient: Patient
                switch item.subject {
                case let .inFile(key):
                    guard let found = patients[key] else { throw StoreError.invalidInput("\(file): \(item.sourceKey) refers to \(key), which is not imported") }
                    patient = found
                case let .earlier(fhirID):
                    guard let id = try RecordImporter.source("Patient/\(fhirID)", in: db)?.patient, let found = try PatientRow.fetch(id, in: db) else {
                        throw StoreError.invalidInput("\(file): \(item.sourceKey) refers to Patient/\(fhirID), which is neither in this file nor imported before")
                    }
                    patient = found
                }
                if try RecordImporter.source(item.sourceKey, in: db) != nil {
                    summary.unchanged[item.resourceType, default: 0] += 1
                    continue
                }
                let entry: EntryID
                switch item.entry {
                case let .history(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .allergy(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .vaccination(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .prescription(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .document(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .result(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .reimbursement(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                }
                try RecordImporter.remember(item.sourceKey, kind: item.resourceType, patient: patient.id, entry: entry, in: db)
                summary.imported[item.resourceType, default: 0] += 1
                written[patient.id, default: (patient, 0)].count += 1
            }
            for (_, record) in written.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try audit.append(AuditDraft(context: context, patient: record.patient.auditName, action: .import,
                                            detail: "import \(file): \(record.count) entries"), in: db)
            }
            let total = summary.imported.values.reduce(0, +)
            try audit.append(AuditDraft(context: context, patient: nil, action: .import,
                                        detail: "import \(file): \(total) resources imported, \(summary.unchanged.values.reduce(0, +)) unchanged"), in: db)
            return summary
        }
    }

    static func source(_ key: String, in db: Database) throws -> (patient: PatientID?, entry: Int64?)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT patient_id, entry_id FROM import_source WHERE source_key = ?"), arguments: [key])
            .map { row in ((row["patient_id"] as Int64?).map(PatientID.init), row["entry_id"]) }
    }

    static func remember(_ key: String, kind: String, patient: PatientID?, entry: EntryID?, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO import_source (source_key, kind, patient_id, entry_id) VALUES (?, ?, ?, ?)")
            .execute(arguments: [key, kind, patient?.rawValue, entry?.rawValue])
    }
}

extension EntryRows {
    @discardableResult
    static func insert(_ result: LabResult, patient: PatientID, in db: Database) throws -> EntryID {
        let author = result.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO result (patient_id, code, label, value, date, author_kind, author_rpps, author_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, result.code, result.label, result.value, result.date?.iso, author.kind, author.rpps, author.name])
        return EntryID(db.lastInsertedRowID)
    }

    static func result(_ row: Row) -> LabResult {
        LabResult(id: EntryID(row["id"]), code: row["code"], label: row["label"], value: row["value"],
                  date: (row["date"] as String?).flatMap(CalendarDate.init), author: Author(row: row))
    }
}
