import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// Results through the store: their own access-matrix column, one audit event per read,
/// refusals audited, masked reports hiding their results, and the Synthèse's parts.
@Suite("Results in the store")
struct ResultsStoreTests {
    /// Marie's results replaced by a known set: a lab report document (masked or not), and
    /// values dated against the fixture's clock (2026-09-21 for 1 790 000 000).
    static func seed(_ fixture: StoreFixture, masked: Bool = false) throws -> (Patient, EntryID) {
        let marie = try fixture.marie()
        let id = marie.id.rawValue
        var document: Int64 = 0
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM result WHERE patient_id = ?", arguments: [id])
            try db.execute(sql: """
                INSERT INTO document (patient_id, loinc, title, date, text, masked, archived, author_kind, author_name)
                VALUES (?, '11502-2', 'Biologie du 01/09/2026', '2026-09-01', 'K 5,4 mmol/L', ?, 0, 'external', 'Laboratoire')
                """, arguments: [id, masked])
            document = db.lastInsertedRowID
            func add(_ code: String, _ label: String, _ decimal: String, _ unit: String, _ day: String, flag: String? = nil,
                     low: String? = nil, high: String? = nil, document: Int64? = nil, category: String = "laboratory") throws {
                try db.execute(sql: """
                    INSERT INTO result (patient_id, code, label, value, date, author_kind, author_name, decimal, unit, range_low, range_high,
                                        range_unit, interpretation, category, report, document_id, series)
                    VALUES (?, ?, ?, ?, ?, 'external', 'Laboratoire', ?, ?, ?, ?, ?, ?, ?, 'Ionogramme', ?, ?)
                    """, arguments: [id, code, label, "\(decimal) \(unit)", day, decimal, unit, low, high, unit, flag, category, document,
                                     ResultsBoard.series(code: code, label: label, isReport: false, report: "Ionogramme")])
            }
            try add("2823-3", "Potassium", "5.4", "mmol/L", "2026-09-01", flag: "H", low: "3.5", high: "5.0", document: document)
            try add("2823-3", "Potassium", "4.1", "mmol/L", "2025-09-01", low: "3.5", high: "5.0")
            try add("2160-0", "Créatinine", "95", "µmol/L", "2024-03-01", flag: "H", low: "45", high: "90")
            try add("718-7", "Hémoglobine", "12.9", "g/dL", "2026-08-15", low: "12", high: "16")
            try add("4548-4", "HbA1c", "7.4", "%", "2026-07-01", flag: "H", high: "6.5")
            try add("4548-4", "HbA1c", "8.1", "%", "2026-01-01", flag: "H", high: "6.5")
        }
        try queue.close()
        return (marie, EntryID(document))
    }

    @Test("a read is one audit event under the results section; a physiotherapist is refused by the matrix, and that is audited too")
    func auditedReads() throws {
        let fixture = try StoreFixture()
        let (marie, _) = try Self.seed(fixture)
        let store = fixture.store
        let before = try fixture.auditCount()
        let results = try store.results(of: marie.id, context: .patient(marie))
        #expect(results.count == 6)
        #expect(try fixture.auditCount() == before + 1)
        let read = try fixture.lastEvent()
        #expect(read.section == "results" && read.action == "read" && read.outcome == .allowed)
        let physiotherapist = Professional(rpps: try RPPS.completing("1000999990"), familyName: "KINE", givenNames: "Karim", profession: .physiotherapist)
        try fixture.directory.register(physiotherapist, pin: nil, context: .operatorAccount("test"))
        try store.grant(.read, to: physiotherapist.rpps, on: marie.id, context: .patient(marie))
        let refused = #expect(throws: AccessRefused.self) { try store.results(of: marie.id, context: .kiosk(physiotherapist)) }
        #expect(refused?.reason == .professionNotAllowed(.physiotherapist, .results))
        let event = try fixture.lastEvent()
        #expect(event.outcome == .refused && event.section == "results")
        // A pharmacist with a grant reads them (the matrix says R).
        #expect(try store.results(of: marie.id, context: .kiosk(DemoAccounts.jeanBernard)).count == 6)
    }

    @Test("a masked report hides its results from professionals, not from the patient nor the médecin traitant")
    func maskedReport() throws {
        let fixture = try StoreFixture()
        let (marie, document) = try Self.seed(fixture)
        let store = fixture.store
        try store.setDocument(document, masked: true, of: marie.id, context: .patient(marie))
        let jean = AccessContext.kiosk(DemoAccounts.jeanBernard)
        let seenByJean = try store.results(of: marie.id, context: jean)
        #expect(seenByJean.count == 5)
        #expect(!seenByJean.contains { $0.document == document }, "the masked report's potassium is not shown")
        #expect(try store.results(of: marie.id, context: .patient(marie)).count == 6)
        #expect(try store.results(of: marie.id, context: .kiosk(DemoAccounts.paulMartin)).count == 6)
        // Nor does the Synthèse let it through.
        let summary = try store.summary(of: marie.id, context: jean)
        #expect(summary.recentAbnormalResults?.contains { $0.code == "2823-3" } == false)
        #expect(summary.keyResults?.first { $0.code == "2823-3" }?.decimal == "4.1", "the older potassium, the one he may see")
        // The document's title comes with the result, for the history's "source" column.
        #expect(try store.results(of: marie.id, context: .patient(marie)).first { $0.document == document }?.documentTitle == "Biologie du 01/09/2026")
    }

    @Test("the pane reads each test's latest value whole and 15 points before it; a masked report does not take the place of the values before it; a test's history reads that test, audited")
    func overviewAndHistory() throws {
        let fixture = try StoreFixture()
        let (marie, _) = try Self.seed(fixture)
        let id = marie.id.rawValue
        let queue = try DatabaseQueue(path: fixture.path)
        var masked: Int64 = 0
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO document (patient_id, loinc, title, date, text, masked, archived, author_kind, author_name)
                VALUES (?, '11502-2', 'Suivi du diabète', '2026-09-10', 'HbA1c', 1, 0, 'external', 'Laboratoire')
                """, arguments: [id])
            masked = db.lastInsertedRowID
            // 30 monthly HbA1c, 5.0 % to 7.9 % (the newest the highest); the newest three in the masked report.
            for month in 0..<30 {
                let decimal = String(format: "%.1f", 7.9 - Double(month) / 10)
                let day = CalendarDate(daysSinceEpoch: CalendarDate("2026-09-10")!.daysSinceEpoch - month * 30).iso
                try db.execute(sql: """
                    INSERT INTO result (patient_id, code, label, value, date, author_kind, author_name, decimal, unit, category, report, document_id, series)
                    VALUES (?, '4548-4', 'HbA1c', ?, ?, 'external', 'Laboratoire', ?, '%', 'laboratory', 'Suivi du diabète', ?, ?)
                    """, arguments: [id, decimal + " %", day, decimal, month < 3 ? masked : nil,
                                     ResultsBoard.series(code: "4548-4", label: "HbA1c", isReport: false, report: "Suivi du diabète")])
            }
        }
        try queue.close()
        let store = fixture.store
        // The patient sees every value: the latest whole, fifteen before it as points.
        let mine = try store.resultsOverview(of: marie.id, context: .patient(marie), earlier: ResultsOverview.earlierPerCode)
        let hba1c = try #require(ResultsBoard(overview: mine).tests.first { $0.key == "loinc:4548-4" })
        #expect(hba1c.latest.quantity?.decimal == "7.9" && hba1c.values.count == 1, "the latest value of its one code, whole")
        #expect(mine.earlier["loinc:4548-4"]?.count == 15, "15 points before it, of the 31")
        #expect(hba1c.trend.suffix(3) == [7.7, 7.8, 7.9], "the trend ends with the newest values, oldest first")
        // The same trend as when every value is read.
        let whole = try #require(ResultsBoard(results: try store.results(of: marie.id, context: .patient(marie))).tests.first { $0.key == "loinc:4548-4" })
        #expect(Array(whole.trend.suffix(16)) == Array(hba1c.trend.suffix(16)))
        // A pharmacist does not see the masked report: the latest he sees is the seed's July
        // value, and his trend still has the values before it (the masked ones are not
        // counted in the 15).
        let jean = AccessContext.kiosk(DemoAccounts.jeanBernard)
        let his = try #require(ResultsBoard(overview: try store.resultsOverview(of: marie.id, context: jean, earlier: 15)).tests.first { $0.key == "loinc:4548-4" })
        #expect(his.latest.quantity?.decimal == "7.4" && his.latest.date == CalendarDate("2026-07-01"))
        #expect(!his.trend.contains(7.9) && his.trend.count >= 16, "no masked value, and a full trend")
        // A test's history: every value of it, one audit event; the masked ones left out for him.
        let before = try fixture.auditCount()
        let history = try store.results(of: marie.id, test: "loinc:4548-4", context: .patient(marie))
        #expect(history.count == 32 && history.allSatisfy { $0.code == "4548-4" })
        #expect(try fixture.auditCount() == before + 1)
        #expect(try fixture.lastEvent().section == "results")
        #expect(try store.results(of: marie.id, test: "loinc:4548-4", context: jean).count == 29)
        // A physiotherapist is refused the history as the pane, and the refusal is audited.
        let physiotherapist = Professional(rpps: try RPPS.completing("1000999990"), familyName: "KINE", givenNames: "Karim", profession: .physiotherapist)
        try fixture.directory.register(physiotherapist, pin: nil, context: .operatorAccount("test"))
        try store.grant(.read, to: physiotherapist.rpps, on: marie.id, context: .patient(marie))
        #expect(throws: AccessRefused.self) { try store.results(of: marie.id, test: "loinc:4548-4", context: .kiosk(physiotherapist)) }
        #expect(try fixture.lastEvent().outcome == .refused)
    }

    @Test("a run of bounds (\"< 5\") does not leave a test without its trend: the pane's points are values a trend can draw")
    func trendSkipsBounds() throws {
        let fixture = try StoreFixture()
        let (marie, _) = try Self.seed(fixture)
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in
            // 20 CRP « < 5 » (the newest), 10 numbers before them, one undated.
            for index in 0..<31 {
                let day = index == 30 ? nil : CalendarDate(daysSinceEpoch: CalendarDate("2026-09-01")!.daysSinceEpoch - index * 20).iso
                let bound = index < 20
                let decimal = bound ? "5" : String(8 + index % 5)
                try db.execute(sql: """
                    INSERT INTO result (patient_id, code, label, value, date, author_kind, author_name, decimal, unit, comparator, category, series)
                    VALUES (?, '1988-5', 'CRP', ?, ?, 'external', 'Laboratoire', ?, 'mg/L', ?, 'laboratory', ?)
                    """, arguments: [marie.id.rawValue, (bound ? "< " : "") + decimal + " mg/L", day, decimal, bound ? "<" : nil,
                                     ResultsBoard.series(code: "1988-5", label: "CRP", isReport: false, report: nil)])
            }
        }
        try queue.close()
        let overview = try fixture.store.resultsOverview(of: marie.id, context: .patient(marie), earlier: ResultsOverview.earlierPerCode)
        let crp = try #require(ResultsBoard(overview: overview).tests.first { $0.key == "loinc:1988-5" })
        #expect(crp.latest.quantity?.comparator == "<", "the latest is the bound, shown as reported")
        #expect(crp.trend.count == 10, "the ten dated numbers before the bounds, not an empty trend")
        #expect(overview.earlier["loinc:1988-5"]?.allSatisfy { $0.quantity?.comparator == nil && $0.date != nil } == true)
    }

    @Test("the Synthèse: abnormal results of the last three months, and the emergency tests with their dates")
    func summaryParts() throws {
        let fixture = try StoreFixture()
        let (marie, _) = try Self.seed(fixture)
        let summary = try fixture.store.summary(of: marie.id, context: .patient(marie))
        let abnormal = try #require(summary.recentAbnormalResults)
        // The potassium of 2026-09-01 and the HbA1c of 2026-07-01 (within 92 days of 2026-09-21), not the 2024 creatinine.
        #expect(abnormal.map(\.code) == ["2823-3", "4548-4"])
        let key = try #require(summary.keyResults)
        #expect(key.map(\.code) == ["2823-3", "2160-0", "718-7"], "potassium, creatinine, haemoglobin: in that order, the latest of each")
        #expect(key[1].date == CalendarDate("2024-03-01"), "an old creatinine comes with its date")
        // Under a break-glass summary, the emergency tests are part of the summary.
        let sophie = DemoAccounts.sophieLeroy
        let authorization = try fixture.store.startBreakGlass(on: marie.id, reason: .vitalEmergency, justification: "Patiente inconsciente aux urgences.",
                                                              window: 3600, context: .emergency(sophie))
        let emergency = AccessContext.emergency(sophie, breakGlass: authorization)
        // The potassium reported in a document too: the summary shows the latest, 5.4.
        let emergencySummary = try fixture.store.summary(of: marie.id, context: emergency)
        #expect(emergencySummary.keyResults?.map(\.decimal) == ["5.4", "95", "12.9"])
        #expect(emergencySummary.recentAbnormalResults?.map(\.code) == ["2823-3", "4548-4"])
        #expect(throws: AccessRefused.self) { try fixture.store.results(of: marie.id, context: emergency) }
    }
}

extension LabResult {
    var decimal: String? { quantity?.decimal }
}
