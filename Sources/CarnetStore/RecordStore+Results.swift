import CarnetModel
import Foundation
import GRDB

// Results are read by the thousand (a patient followed for years), so the read steps a
// cursor and takes columns by position, decides each document's visibility once rather
// than once per result, and leaves the sources' codes (JSON) to the reads that need them.

extension RecordStore {
    /// Results (lab values, vital signs; imported Observations and DiagnosticReports),
    /// newest first. A result reported in a document the reader may not see (masked,
    /// not yet released) is left out as the document is.
    public func results(of patient: PatientID, context: AccessContext, detail: ResultsDetail) throws -> [LabResult] {
        let now = clock()
        return try access(.read, .section(.results), patient: patient, context: context, audited: .read) { db, patient, facts in
            try readResults(db, of: patient.id, where: "", [], detail: detail, context: context, facts: facts, now: now, inSummary: false)
        }
    }

    /// - Parameters:
    ///   - condition: more of the WHERE clause ("AND date >= ?"), with its arguments.
    ///   - inSummary: read for the Synthèse, which an emergency summary shows.
    func readResults(_ db: Database, of patient: PatientID, where condition: String, _ arguments: [any DatabaseValueConvertible & Sendable],
                     detail: ResultsDetail, context: AccessContext, facts: RecordAccessFacts, now: Date, inSummary: Bool) throws -> [LabResult] {
        let id = patient.rawValue
        // The documents results were reported in: each one's title, and whether this reader may see it.
        var documents: [Int64: (title: String, visible: Bool)] = [:]
        let documentRows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, title, masked, hidden_until, author_kind, author_rpps, author_name FROM document
            WHERE patient_id = ? AND id IN (SELECT document_id FROM result WHERE patient_id = ? AND document_id IS NOT NULL)
            """), arguments: [id, id])
        while let row = try documentRows.next() {
            let state = DocumentState(maskedFromProfessionals: row[2], hiddenFromPatientUntil: (row[3] as String?).flatMap(CalendarDate.init))
            let author = Author(kind: row[4], rpps: row[5], name: row[6])
            let decision = policy.decide(.read, .reportedResult(documentAuthor: author, state: state, inSummary: inSummary),
                                         context: context, facts: facts, now: now)
            documents[row[0]] = (row[1], decision.isAllowed)
        }
        let sql = """
            SELECT id, code, label, value, date, author_kind, author_rpps, author_name, decimal, unit, comparator,
                   range_low, range_high, range_unit, range_text, interpretation, category, report, is_report, document_id\(detail == .whole ? ", codes" : "")
            FROM result WHERE patient_id = ? \(condition) ORDER BY date DESC, id DESC
            """
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments([id] + arguments))
        // Authors repeat (one laboratory, one doctor): each is read, and its RPPS checked, once.
        struct AuthorColumns: Hashable { var kind, rpps, name: String? }
        var authors: [AuthorColumns: Author] = [:]
        var results: [LabResult] = []
        while let row = try cursor.next() {
            let document: Int64? = row[19]
            var title: String?
            if let document, let known = documents[document] {
                guard known.visible else { continue }
                title = known.title
            }
            let columns = AuthorColumns(kind: row[5], rpps: row[6], name: row[7])
            let author: Author
            if let known = authors[columns] {
                author = known
            } else {
                author = Author(kind: columns.kind, rpps: columns.rpps, name: columns.name)
                authors[columns] = author
            }
            let decimal: String? = row[8]
            let low: String? = row[11], high: String? = row[12], rangeText: String? = row[14]
            results.append(LabResult(
                id: EntryID(row[0]), code: row[1], label: row[2], value: row[3],
                quantity: decimal.map { Quantity(decimal: $0, unit: row[9], comparator: row[10]) },
                referenceRange: low == nil && high == nil && rangeText == nil ? nil : ReferenceRange(low: low, high: high, unit: row[13], text: rangeText),
                interpretation: row[15], category: LabResult.Category(rawValue: row[16] ?? "") ?? .other,
                date: (row[4] as String?).flatMap(CalendarDate.init), author: author,
                codes: detail == .whole ? EntryRows.codes(json: row[20]) : [],
                report: row[17], isReport: row[18] ?? false, document: document.map(EntryID.init), documentTitle: title))
        }
        return results
    }
}
