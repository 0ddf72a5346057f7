import CarnetModel
import GRDB

/// Generated patients' results: sparse, because every byte counts when a million patients
/// must build within the demo's budget (README, Performance): build time grows with the
/// bytes written, and a first version with 4.4 results a patient added a quarter to it.
/// Yet shaped by each patient's conditions, so that a followed patient's record has
/// something to chart.
///
/// - type 2 diabetes: two quarterly samplings of HbA1c and fasting glucose;
/// - chronic kidney disease: creatinine and eGFR a year apart, potassium with the latest;
/// - hypertension, diabetes or kidney disease, for three in ten of them: two follow-up
///   consultations in the last year, each with the weight, and blood pressure when
///   hypertensive. Laboratories send every report to the record, but few doctors' software
///   sends the measurements of a consultation: most real records hold none.
///
/// Laboratory values come from one laboratory per patient, in a report (a document) per
/// sampling; vital signs are their doctor's, in no document. Nothing before a condition's
/// diagnosis, nothing after the anchor.
extension DemoRecordGenerator {
    private struct Sampling {
        var date: CalendarDate
        var results: [LabResult] = []
    }

    func addResults(to demo: inout DemoPatient, female: Bool, active: [(code: String, onset: CalendarDate)],
                    doctor: Author, generator g: inout SeededGenerator) {
        let birth = demo.patient.birthDate
        let onset = { (code: String) in active.first { $0.code == code }?.onset }
        let hypertension = onset("I10"), diabetes = onset("E11"), kidneys = onset("N18")
        guard let followed = [hypertension, diabetes, kidneys].compactMap({ $0 }).min() else { return }

        // Follow-up consultations, newest first, when the doctor's software sends them.
        let sendsConsultations = g.chance(30)
        let adultWeight = female ? g.uniform(50...88) : g.uniform(62...102)
        let build = g.uniform(0.85...1.15)
        let systolic = g.uniform(122...152), diastolic = g.uniform(72...92)
        var date = max(anchor.adding(days: -g.below(120)), followed)
        for index in 0..<(sendsConsultations ? 2 : 0) {
            if index > 0 && date < followed { break }
            let ageThen = birth.age(on: date)
            // Children: a rough French growth curve, scaled by their build.
            let weight = ageThen >= 18 ? adultWeight + g.uniform(-2...2)
                : (Double(2 * ageThen + 8) + Double(max(0, ageThen - 12) * 3)) * build
            demo.results.append((DemoTest.weight.result(weight, on: date, by: doctor), nil))
            if let hypertension, date >= hypertension {
                demo.results.append((DemoTest.systolic.result(systolic + g.uniform(-8...8), on: date, by: doctor), nil))
                demo.results.append((DemoTest.diastolic.result(diastolic + g.uniform(-5...5), on: date, by: doctor), nil))
            }
            date = date.adding(days: -(90 + g.below(120)))
        }
        guard diabetes != nil || kidneys != nil, !professionals.laboratories.isEmpty else { return }
        let laboratory = g.pick(professionals.laboratories)
        let author = laboratory.author

        // Samplings, newest first.
        var samplings: [Sampling] = []
        if let diabetes {
            let level = g.uniform(6.2...8.6)
            var date = max(anchor.adding(days: -g.below(60)), diabetes)
            for index in 0..<2 {
                if index > 0 && date < diabetes { break }
                let hba1c = level + g.uniform(-0.4...0.4)
                samplings.append(Sampling(date: date, results: [
                    DemoTest.hba1c.result(hba1c, on: date, by: author),
                    DemoTest.fastingGlucose.result(1.1 * hba1c - 0.5 + g.uniform(-0.5...0.5), on: date, by: author),
                ]))
                date = date.adding(days: -(84 + g.below(21)))
            }
        }
        if let kidneys {
            var creatinine = female ? g.uniform(100...190) : g.uniform(120...240)
            // The latest with the diabetes follow-up's latest sampling, when there is one
            // since the kidney disease was diagnosed.
            let shared = samplings.first.map { $0.date >= kidneys } ?? false
            var date = shared ? samplings[0].date : max(anchor.adding(days: -g.below(90)), kidneys)
            for index in 0..<2 {
                if index > 0 && date < kidneys { break }
                if index > 0 || !shared { samplings.append(Sampling(date: date)) }
                let at = index == 0 && shared ? 0 : samplings.count - 1
                samplings[at].results.append(DemoTest.creatinine(female: female).result(creatinine, on: date, by: author))
                samplings[at].results.append(DemoTest.egfr.result(DemoTest.ckdEpi(creatinine: creatinine, age: birth.age(on: date), female: female),
                                                                  on: date, by: author))
                if index == 0 { samplings[at].results.append(DemoTest.potassium.result(g.uniform(4.0...5.6), on: date, by: author)) }
                // A year earlier, the kidneys filtered a little better.
                creatinine *= g.uniform(0.90...0.98)
                date = date.adding(days: -(330 + g.below(70)))
            }
        }

        for sampling in samplings.sorted(by: { $0.date < $1.date }) {
            let report = demo.documents.count
            demo.documents.append(laboratory.report(for: demo.patient.displayName, female: female, on: sampling.date,
                                                    results: sampling.results, full: false))
            demo.results += sampling.results.map { ($0, report) }
        }
    }
}

/// Generated results on their way to the `result` table, written many rows to a statement:
/// a million patients' results are millions of rows, and one statement per row spent more
/// time binding and stepping than SQLite spent storing them. The columns are those of
/// `EntryRows.insert(_:patient:in:)`, less the ones demo results leave empty.
struct DemoResultRows {
    private static let columns = ["patient_id", "code", "label", "value", "date", "author_kind", "author_rpps", "author_name",
                                  "decimal", "unit", "range_low", "range_high", "range_unit", "range_text", "interpretation",
                                  "category", "report", "document_id", "series"]
    private static let rowsPerStatement = 64
    private static let fullStatement = sql(rows: rowsPerStatement)

    private var values: [DatabaseValue] = []
    private var rows = 0
    /// Each test's series, found once per code (or name) rather than once per row.
    private var series: [String: DatabaseValue] = [:]

    init() { values.reserveCapacity(Self.rowsPerStatement * Self.columns.count) }

    private static func sql(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO result (" + columns.joined(separator: ", ") + ") VALUES "
            + Array(repeating: row, count: rows).joined(separator: ",")
    }

    mutating func append(_ result: LabResult, patient: PatientID, document: EntryID?, in db: Database) throws {
        assert(result.codes.isEmpty && result.quantity?.comparator == nil && !result.isReport, "a column DemoResultRows leaves empty")
        let author = result.author.columns
        let range = result.referenceRange
        func text(_ value: String?) -> DatabaseValue { value.map { $0.databaseValue } ?? .null }
        values.append(patient.rawValue.databaseValue)
        values.append(text(result.code))
        values.append(text(result.label))
        values.append(text(result.value))
        values.append(text(result.date?.iso))
        values.append(text(author.kind))
        values.append(text(author.rpps))
        values.append(text(author.name))
        values.append(text(result.quantity?.decimal))
        values.append(text(result.quantity?.unit))
        values.append(text(range?.low))
        values.append(text(range?.high))
        values.append(text(range?.unit))
        values.append(text(range?.text))
        values.append(text(result.interpretation))
        values.append(text(result.category.rawValue))
        values.append(text(result.report))
        values.append(document.map { $0.rawValue.databaseValue } ?? .null)
        let test = result.code ?? "name:" + result.label
        if series[test] == nil { series[test] = ResultsBoard.series(of: result).databaseValue }
        values.append(series[test]!)
        rows += 1
        if rows == Self.rowsPerStatement { try flush(in: db) }
    }

    /// Writes the rows not yet written.
    mutating func flush(in db: Database) throws {
        guard rows > 0 else { return }
        let statement = try db.cachedStatement(sql: rows == Self.rowsPerStatement ? Self.fullStatement : Self.sql(rows: rows))
        statement.setUncheckedArguments(StatementArguments(values))
        try statement.execute()
        values.removeAll(keepingCapacity: true)
        rows = 0
    }
}
