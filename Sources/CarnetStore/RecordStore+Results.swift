import CarnetModel
import Foundation
import GRDB

// Results are read by the thousand (a patient followed for years), so the reads step a
// cursor and take columns by position, decide each document's visibility once rather
// than once per result, and leave the sources' codes (JSON) to the reads that need them.
// The Résultats pane reads only each test's newest values (the `series` column and its
// index); a test's history reads that one test.

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

    public func resultsOverview(of patient: PatientID, context: AccessContext, earlier: Int) throws -> ResultsOverview {
        let now = clock()
        return try access(.read, .section(.results), patient: patient, context: context, audited: .read) { db, patient, facts in
            let documents = try resultDocuments(db, of: patient.id, context: context, facts: facts, now: now, inSummary: false)
            // Hidden results are left out before each test's latest are taken: a masked
            // report must not take the place of the visible values before it.
            let hidden = documents.filter { !$0.value.visible }.keys.sorted()
            let visible = hidden.isEmpty ? "" : " AND (document_id IS NULL OR document_id NOT IN (SELECT value FROM json_each(?3)))"
            // Each test's codes, then each one's newest values sought through the covering
            // index result_series: a few hundred rows, not thousands ranked (a window
            // function over 5 000 results cost 30 times more).
            func newest(_ columns: String, tests: String = "", values: String = "") -> String {
                """
                SELECT \(columns) FROM (SELECT DISTINCT series, code FROM result WHERE patient_id = ?1\(tests)) AS test
                JOIN result ON result.id IN (
                    SELECT id FROM result WHERE patient_id = ?1 AND series IS test.series AND code IS test.code\(visible)\(values)
                    ORDER BY date DESC, id DESC LIMIT ?2)
                ORDER BY result.date DESC, result.id DESC
                """
            }
            func arguments(limit: Int) -> [any DatabaseValueConvertible & Sendable] {
                var arguments: [any DatabaseValueConvertible & Sendable] = [patient.id.rawValue, limit]
                if !hidden.isEmpty { arguments.append("[" + hidden.map(String.init).joined(separator: ",") + "]") }
                return arguments
            }
            // The latest of each code, whatever it is (a bound, words, undated): read whole.
            let latest = try decodeResults(db, sql: newest(RecordStore.resultColumns), arguments(limit: 1), documents: documents, detail: .screen)
            let latestIDs = Set(latest.compactMap { $0.id?.rawValue })
            // The trend's points: only values it can draw (a dated number without a
            // comparator), so that a run of "< 5" does not leave a test without a trend while
            // older numbers exist; reports' rows have none. The latest may be among them.
            struct Code: Hashable { var series: String, code: String? }
            var kept: [Code: Int] = [:]
            var points: [String: [ResultPoint]] = [:]
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: newest(
                "result.id, test.series, result.code, result.date, result.decimal, result.unit",
                tests: " AND series NOT LIKE 'report:%'",
                values: " AND date IS NOT NULL AND decimal IS NOT NULL AND IFNULL(comparator, '') = ''")),
                                             arguments: StatementArguments(arguments(limit: earlier + 1)))
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                guard !latestIDs.contains(id) else { continue }
                let code = Code(series: row[1] ?? "", code: row[2])
                guard kept[code, default: 0] < earlier else { continue }
                kept[code, default: 0] += 1
                let decimal: String? = row[4]
                points[code.series, default: []].append(ResultPoint(
                    id: id, code: code.code, date: (row[3] as String?).flatMap(CalendarDate.init),
                    quantity: decimal.map { Quantity(decimal: $0, unit: row[5]) }))
            }
            return ResultsOverview(latest: latest, earlier: points)
        }
    }

    public func results(of patient: PatientID, test: String, context: AccessContext) throws -> [LabResult] {
        let now = clock()
        return try access(.read, .section(.results), patient: patient, context: context, audited: .read) { db, patient, facts in
            try readResults(db, of: patient.id, where: "AND series = ?", [test], detail: .screen, context: context, facts: facts, now: now, inSummary: false)
        }
    }

    /// - Parameters:
    ///   - condition: more of the WHERE clause ("AND date >= ?"), with its arguments.
    ///   - inSummary: read for the Synthèse, which an emergency summary shows.
    func readResults(_ db: Database, of patient: PatientID, where condition: String, _ arguments: [any DatabaseValueConvertible & Sendable],
                     detail: ResultsDetail, context: AccessContext, facts: RecordAccessFacts, now: Date, inSummary: Bool) throws -> [LabResult] {
        let documents = try resultDocuments(db, of: patient, context: context, facts: facts, now: now, inSummary: inSummary)
        let sql = "SELECT \(RecordStore.resultColumns)\(detail == .whole ? ", result.codes" : "") FROM result WHERE patient_id = ? \(condition) ORDER BY date DESC, id DESC"
        return try decodeResults(db, sql: sql, [patient.rawValue] + arguments, documents: documents, detail: detail)
    }

    /// The documents a patient's results were reported in: each one's title, and whether
    /// this reader may see it.
    private func resultDocuments(_ db: Database, of patient: PatientID, context: AccessContext, facts: RecordAccessFacts, now: Date,
                                 inSummary: Bool) throws -> [Int64: (title: String, visible: Bool)] {
        var documents: [Int64: (title: String, visible: Bool)] = [:]
        // `document_id = document.id` lets SQLite use the partial index on result(document_id).
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, title, masked, hidden_until, author_kind, author_rpps, author_name FROM document
            WHERE patient_id = ? AND EXISTS (SELECT 1 FROM result WHERE result.document_id = document.id)
            """), arguments: [patient.rawValue])
        // One laboratory writes most reports: each author is read, and its RPPS checked, once.
        var authors: [AuthorColumns: Author] = [:]
        while let row = try rows.next() {
            let state = DocumentState(maskedFromProfessionals: row[2], hiddenFromPatientUntil: (row[3] as String?).flatMap(CalendarDate.init))
            let columns = AuthorColumns(kind: row[4], rpps: row[5], name: row[6])
            let author = authors[columns] ?? Author(kind: columns.kind, rpps: columns.rpps, name: columns.name)
            authors[columns] = author
            let decision = policy.decide(.read, .reportedResult(documentAuthor: author, state: state, inSummary: inSummary),
                                         context: context, facts: facts, now: now)
            documents[row[0]] = (row[1], decision.isAllowed)
        }
        return documents
    }

    /// The columns `decodeResults` takes by position (`codes` may follow them), named
    /// with the table's: a join has other columns called `code`.
    static let resultColumns = ["id", "code", "label", "value", "date", "author_kind", "author_rpps", "author_name", "decimal", "unit",
                                "comparator", "range_low", "range_high", "range_unit", "range_text", "interpretation", "category", "report",
                                "is_report", "document_id"].map { "result." + $0 }.joined(separator: ", ")

    private func decodeResults(_ db: Database, sql: String, _ arguments: [any DatabaseValueConvertible & Sendable],
                               documents: [Int64: (title: String, visible: Bool)], detail: ResultsDetail) throws -> [LabResult] {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        // Authors repeat (one laboratory, one doctor): each is read, and its RPPS checked, once.
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

/// An author as its columns hold it: the key of the reads' author caches.
private struct AuthorColumns: Hashable { var kind, rpps, name: String? }
