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

    /// Applies a plan in one transaction.
    /// - Parameters:
    ///   - namedPatient: the patient the operator names (`carnet import --patient INS`) for
    ///     entries whose patient is not in the file.
    /// - Throws: `StoreError.invalidInput` naming the file when identities contradict, or an
    ///   entry's patient can be neither found nor decided; nothing is written then.
    public func apply(_ plan: ImportPlan, file: String, namedPatient: INS? = nil, context: AccessContext) throws -> ImportSummary {
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
            let named: Patient? = try namedPatient.map { ins in
                guard let patient = try PatientRow.fetch(ins: ins, in: db) else {
                    throw StoreError.invalidInput("\(file): --patient \(ins): no patient with this INS in Carnet")
                }
                return patient
            }
            var patients: [String: Patient] = [:]
            for record in plan.patients {
                if let known = try RecordImporter.source(record.sourceKey, in: db), let id = known.patient, let patient = try PatientRow.fetch(id, in: db) {
                    patients[record.key] = patient
                    summary.unchanged["Patient", default: 0] += 1
                    summary.patients.append("\(record.key): \(patient.displayName), imported before from the same source")
                    continue
                }
                let patient: Patient
                if let (existing, how) = try PatientIdentity.match(record, file: file, in: db) {
                    // The same person, already in Carnet: the file's entries join that record.
                    patient = existing
                    try PatientRow.fillMissing(existing, from: record.patient, in: db)
                    summary.unchanged["Patient", default: 0] += 1
                    summary.patients.append("\(record.key): merged into \(existing.displayName)\(existing.ins.map { " (INS \($0))" } ?? ""), \(how)")
                } else {
                    var created = record.patient
                    created.id = try PatientRow.insert(created, in: db)
                    patient = created
                    summary.imported["Patient", default: 0] += 1
                    summary.patients.append("\(record.key): new record for \(created.displayName)")
                }
                for identifier in record.identifiers {
                    try db.execute(sql: "INSERT OR IGNORE INTO patient_identifier (patient_id, system, value) VALUES (?, ?, ?)",
                                   arguments: [patient.id.rawValue, identifier.system, identifier.value])
                }
                try RecordImporter.remember(record.sourceKey, resource: record.key, kind: "Patient", patient: patient.id, entry: nil, in: db)
                patients[record.key] = patient
            }
            var outside: [String: Patient] = [:]
            var written: [PatientID: (patient: Patient, count: Int)] = [:]
            for item in plan.items {
                let patient: Patient
                switch item.subject {
                case let .inFile(key):
                    guard let found = patients[key] else {
                        throw StoreError.invalidInput("\(file): \(RecordImporter.resource(of: item.sourceKey)) refers to \(key), which is not imported")
                    }
                    patient = found
                case let .outside(reference):
                    if let found = outside[reference] {
                        patient = found
                    } else {
                        let (found, how) = try named.map { ($0, "named by the operator (--patient)") }
                            ?? PatientIdentity.resolve(reference, file: file, item: RecordImporter.resource(of: item.sourceKey), in: db)
                        summary.patients.append("\(reference): \(found.displayName)\(found.ins.map { " (INS \($0))" } ?? ""), \(how)")
                        outside[reference] = found
                        patient = found
                    }
                }
                // A part of a resource ("…#component-1") is there when it is, or when the whole
                // resource was imported before Carnet split such resources: importing the file
                // again must not add the parts beside the whole.
                if try RecordImporter.source(item.sourceKey, in: db) != nil
                    || RecordImporter.whole(of: item.sourceKey).map({ try RecordImporter.source($0, in: db) != nil }) == true {
                    if !item.isFurtherPart { summary.unchanged[item.resourceType, default: 0] += 1 }
                    continue
                }
                let entry: EntryID
                switch item.entry {
                case let .history(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .allergy(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .vaccination(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .prescription(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .document(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .result(value):
                    entry = try EntryRows.insert(value, patient: patient.id, in: db)
                    // The blood group a laboratory reported becomes the record's, unless it already has one.
                    if value.code == BloodGroup.loinc, let words = value.value, let group = BloodGroup(observed: words) {
                        try db.execute(sql: "UPDATE patient SET blood_group = ? WHERE id = ? AND blood_group IS NULL",
                                       arguments: [group.rawValue, patient.id.rawValue])
                    }
                case let .reimbursement(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                case let .statement(value): entry = try EntryRows.insert(value, patient: patient.id, in: db)
                }
                try RecordImporter.remember(item.sourceKey, resource: RecordImporter.resource(of: item.sourceKey), kind: item.resourceType,
                                            patient: patient.id, entry: entry, in: db)
                if !item.isFurtherPart { summary.imported[item.resourceType, default: 0] += 1 }
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

    /// The key of the resource a part's key belongs to ("…|Observation/bp" for
    /// "…|Observation/bp#component-1"); nil for a whole resource's key.
    static func whole(of sourceKey: String) -> String? {
        // Only at the end, digits after it: a source's own URL may hold the words.
        guard let marker = sourceKey.range(of: "#component-", options: .backwards),
              !sourceKey[marker.upperBound...].isEmpty, sourceKey[marker.upperBound...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(sourceKey[..<marker.lowerBound])
    }

    /// "Type/id" of a source-scoped key ("sha256:…|Patient/1", "http://h/fhir/Patient/1"); a
    /// `urn:uuid:` key names no type.
    /// A part's key names its resource ("Observation/bp").
    static func resource(of sourceKey: String) -> String {
        let key = whole(of: sourceKey) ?? sourceKey
        let tail = key.split(separator: "|").last.map(String.init) ?? key
        let parts = tail.split(separator: "/")
        guard parts.count >= 2, !tail.hasPrefix("urn:") else { return tail }
        return "\(parts[parts.count - 2])/\(parts[parts.count - 1])"
    }

    static func remember(_ key: String, resource: String, kind: String, patient: PatientID?, entry: EntryID?, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO import_source (source_key, resource, kind, patient_id, entry_id) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [key, resource, kind, patient?.rawValue, entry?.rawValue])
    }
}

extension EntryRows {
    @discardableResult
    static func insert(_ result: LabResult, patient: PatientID, in db: Database) throws -> EntryID {
        let author = result.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO result (patient_id, code, label, value, date, author_kind, author_rpps, author_name, codes,
                                decimal, unit, comparator, range_low, range_high, range_unit, range_text, interpretation, category,
                                report, is_report, document_id, series)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, result.code, result.label, result.value, result.date?.iso, author.kind, author.rpps, author.name,
                                     json(result.codes), result.quantity?.decimal, result.quantity?.unit, result.quantity?.comparator,
                                     result.referenceRange?.low, result.referenceRange?.high, result.referenceRange?.unit,
                                     result.referenceRange?.text, result.interpretation, result.category.rawValue,
                                     result.report, result.isReport, result.document?.rawValue, ResultsBoard.series(of: result)])
        return EntryID(db.lastInsertedRowID)
    }

    @discardableResult
    static func insert(_ statement: RecordStatement, patient: PatientID, in db: Database) throws -> EntryID {
        let author = statement.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO record_statement (patient_id, section, kind, text, codes, date, author_kind, author_rpps, author_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, statement.section.rawValue, statement.kind.rawValue, statement.text,
                                     json(statement.codes), statement.date?.iso, author.kind, author.rpps, author.name])
        return EntryID(db.lastInsertedRowID)
    }

    static func statement(_ row: Row) -> RecordStatement? {
        guard let section = RecordSection(rawValue: row["section"]), let kind = RecordStatement.Kind(rawValue: row["kind"]) else { return nil }
        return RecordStatement(id: EntryID(row["id"]), section: section, kind: kind, text: row["text"], codes: codes(row),
                               date: (row["date"] as String?).flatMap(CalendarDate.init), author: Author(row: row))
    }
}
