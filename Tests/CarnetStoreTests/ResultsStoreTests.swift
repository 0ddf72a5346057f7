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
                                        range_unit, interpretation, category, report, document_id)
                    VALUES (?, ?, ?, ?, ?, 'external', 'Laboratoire', ?, ?, ?, ?, ?, ?, ?, 'Ionogramme', ?)
                    """, arguments: [id, code, label, "\(decimal) \(unit)", day, decimal, unit, low, high, unit, flag, category, document])
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
