import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// The demo's results: what Marie's Résultats pane, her Synthèse and her emergency summary
/// show, and generated patients' series, on a real demo database.
@Suite("Demo results")
struct DemoResultsTests {
    /// The app's tests and snapshots read the record on this day (2026-11-18).
    static let appToday = Date(timeIntervalSince1970: 1_795_000_000)

    static func days(_ from: CalendarDate, _ to: CalendarDate) -> Int { to.daysSinceEpoch - from.daysSinceEpoch }

    @Test("Marie has six years of quarterly HbA1c, some above target, each in a laboratory report of hers")
    func marieHbA1c() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let results = try fixture.store.results(of: marie.id, context: .patient(marie))
        let hba1c = results.filter { $0.code == "4548-4" }
        #expect(hba1c.count >= 24)
        let dates = hba1c.compactMap(\.date).sorted()
        #expect(dates.count == hba1c.count)
        #expect(Double(Self.days(dates[0], dates[dates.count - 1])) >= 5.5 * 365.25)
        #expect(hba1c.contains { $0.flag == .high && ($0.number ?? 0) > 7 })
        #expect(hba1c.allSatisfy { $0.quantity?.unit == "%" && $0.category == .laboratory && $0.report != nil })
        // Never more than four months between two of them: quarterly.
        #expect(zip(dates, dates.dropFirst()).allSatisfy { Self.days($0, $1) <= 120 })
        // The latest is the 6,9 % her GP's document quotes.
        #expect(hba1c.first?.date == DemoAccounts.marieLatestSampling)
        #expect(hba1c.first?.value == "6.9 %")
        #expect(hba1c.first?.flag == nil)

        // Every laboratory result is in a report signed by the biologist, listed in her documents.
        let documents = try fixture.store.documents(of: marie.id, context: .patient(marie))
        let reports = Dictionary(uniqueKeysWithValues: documents.compactMap { document in document.id.map { ($0, document) } })
        for result in results where result.category == .laboratory {
            let id = try #require(result.document, "\(result.label) of \(result.date?.iso ?? "?") has no report")
            let report = try #require(reports[id])
            #expect(report.loinc == DocumentType.laboratoryReport.rawValue)
            #expect(report.author == .professional(DemoAccounts.antoineFaure.rpps, name: DemoAccounts.antoineFaure.displayName))
            #expect(report.date == result.date)
            #expect(report.text?.contains(result.label) == true)
            #expect(result.author == report.author)
        }
        let biologist = try #require(try fixture.directory.professional(DemoAccounts.antoineFaure.rpps))
        #expect(biologist.profession == .biologist)
    }

    @Test("Marie's latest potassium is recent and high: her Synthèse shows it, her emergency summary too")
    func mariePotassium() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let results = try fixture.store.results(of: marie.id, context: .patient(marie))
        let potassium = try #require(results.first { $0.code == "2823-3" })
        let date = try #require(potassium.date)
        #expect(potassium.flag == .high)
        #expect(potassium.value == "5.4 mmol/L")
        // Her record runs past the demo's anchor (to her latest sampling), never past the
        // day the store's and the app's tests read it.
        #expect(abs(Self.days(DemoDatabase.anchor, date)) <= 92)
        #expect(date <= CalendarDate(fixture.now))
        #expect(Self.days(date, CalendarDate(Self.appToday)) <= 92)
        #expect(results.allSatisfy { $0.date != nil })
        #expect(results.compactMap(\.date).allSatisfy { $0 <= DemoAccounts.marieLatestSampling })

        for clock in [fixture.now, Self.appToday] {
            let store = RecordStore(database: fixture.database, policy: fixture.policy, clock: { clock })
            let summary = try store.summary(of: marie.id, context: .kiosk(DemoAccounts.paulMartin))
            #expect(summary.recentAbnormalResults?.contains { $0.code == "2823-3" && $0.flag == .high } == true)
            let key = try #require(summary.keyResults)
            #expect(key.contains { $0.code == "2823-3" && $0.date == date })
            #expect(key.contains { $0.code == "2160-0" })
            #expect(key.contains { $0.code == "718-7" })
            #expect(key.contains { Analyte.glucose.loincs.contains($0.code ?? "") })
            // No anticoagulant in her treatments: no INR invented.
            #expect(!key.contains { Analyte.inr.loincs.contains($0.code ?? "") })
        }
    }

    @Test("Marie's other series: kidneys, lipids, blood count, vital signs, blood group, units to convert")
    func marieSeries() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let results = try fixture.store.results(of: marie.id, context: .patient(marie))
        func values(_ code: String) -> [LabResult] { results.filter { $0.code == code } }

        // Yearly creatinine and eGFR; the filtration declines slowly.
        #expect(values("2160-0").count >= 6)
        let egfr = values("62238-1").compactMap(\.number)
        #expect(egfr.count >= 6)
        #expect(egfr.first! < egfr.last!)  // newest first
        // One creatinine in mg/L and one glucose in g/L, which the chart converts.
        #expect(values("2160-0").filter { $0.quantity?.unit == "mg/L" }.count == 1)
        #expect(values("2345-7").count == 1 && values("2345-7")[0].quantity?.unit == "g/L")
        #expect(values("14749-6").count >= 20)
        // Lipid panels, LDL sometimes above the bound.
        for code in ["2093-3", "2085-9", "13457-7", "2571-8"] {
            #expect(values(code).count >= 3)
            #expect(values(code).allSatisfy { $0.report == "Bilan lipidique" })
        }
        #expect(values("13457-7").contains { $0.flag == .high })
        // Two blood counts.
        for code in ["718-7", "6690-2", "777-3"] {
            #expect(values(code).count == 2)
            #expect(values(code).allSatisfy { $0.report == "NFS" })
        }
        // Vital signs at each consultation, in no report and no document.
        let vitals = results.filter { $0.category == .vitalSigns }
        for code in ["29463-7", "39156-5", "8480-6", "8462-4", "8867-4"] {
            #expect(vitals.filter { $0.code == code }.count >= 24)
        }
        #expect(vitals.allSatisfy { $0.report == nil && $0.document == nil && $0.quantity?.unit != nil })
        #expect(vitals.filter { $0.code == "8480-6" }.allSatisfy { $0.label == "Pression artérielle systolique" })
        #expect(vitals.filter { $0.code == "8480-6" }.contains { $0.flag == .high })
        // The blood group result says what her record says.
        let group = try #require(values(BloodGroup.loinc).first)
        #expect(group.value.flatMap(BloodGroup.init(observed:)) == marie.bloodGroup)
        #expect(group.report == "Immuno-hématologie" && group.category == .laboratory)

        // The board groups them as the pane will: panels, then vital signs.
        let board = ResultsBoard(results: results)
        let groups = Set(board.tests.map(\.group))
        for report in ["Équilibre glycémique", "Bilan rénal", "Ionogramme sanguin", "Bilan lipidique", "NFS", "Immuno-hématologie"] {
            #expect(groups.contains(.laboratory(report: report)), "\(report)")
        }
        #expect(board.tests.contains { $0.isBloodPressure && $0.group == .vitalSigns })
        // Each glucose and creatinine value converts to the latest's unit: one chart each.
        for analyte in [Analyte.glucose, .creatinine] {
            let test = try #require(board.tests.first { $0.analyte == analyte })
            let unit = try #require(test.latest.quantity?.unit)
            #expect(test.values.allSatisfy { ResultUnit.factor(from: $0.quantity?.unit ?? "", to: unit, analyte: analyte) != nil })
            #expect(Set(test.values.compactMap(\.quantity?.unit)).count == 2)
        }
    }

    @Test("masking a laboratory report hides its results from professionals")
    func maskedReport() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let me = AccessContext.patient(marie)
        let before = try fixture.store.results(of: marie.id, context: me)
        let latest = try #require(before.first { $0.code == "2823-3" }?.document)
        try fixture.store.setDocument(latest, masked: true, of: marie.id, context: me)
        try fixture.store.grant(.read, to: try RPPS.completing("1100000000"), on: marie.id, context: me)
        let gp = try #require(try fixture.directory.professional(try RPPS.completing("1100000000")))
        let theirs = try fixture.store.results(of: marie.id, context: .kiosk(gp))
        #expect(!theirs.contains { $0.document == latest })
        #expect(theirs.count == before.count - before.filter { $0.document == latest }.count)
    }

    @Test("generated results: dated up to the anchor, with units, in their own patient's reports")
    func generated() throws {
        let fixture = try StoreFixture(demoPatients: 800, seed: 3)
        let anchor = DemoDatabase.anchor.iso
        struct Facts {
            var results: Int = 0
            var foreign: Int = 0
            var unreported: Int = 0
            var reportTypes: [String] = []
            var misdated: Int = 0
            var unitless: Int = 0
            var beforeDiagnosis: Int = 0
            var diabeticsWithout: Int = 0
            var diabetics: Int = 0
            var hypertensivesWithPressure: Int = 0
            var kidneyPatientsWithEGFR: Int = 0
            var followed: Int = 0
            var weighed: Int = 0
            var weighedOthers: Int = 0
            var hba1c: [Double] = []
            var biologists: Int = 0
            var laboratory: Int = 0
            var patients: Int = 0
        }
        let facts = try fixture.inspect { db -> Facts in
            var facts = Facts()
            facts.results = try Int.fetchOne(db, sql: "SELECT count(*) FROM result") ?? 0
            // A result's document is always its own patient's.
            facts.foreign = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM result r LEFT JOIN document d ON d.id = r.document_id
                    WHERE r.document_id IS NOT NULL AND (d.id IS NULL OR d.patient_id != r.patient_id)
                    """) ?? -1
            // Laboratory results have a report, vital signs none.
            facts.unreported = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM result WHERE (category = 'laboratory') != (document_id IS NOT NULL)
                    """) ?? -1
            facts.reportTypes = try String.fetchAll(db, sql: """
                    SELECT DISTINCT d.loinc FROM result r JOIN document d ON d.id = r.document_id
                    """)
            // Generated patients: never after the anchor nor before birth, always a unit.
            facts.misdated = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM result r JOIN patient p ON p.id = r.patient_id
                    WHERE p.ins NOT IN (?, ?) AND (r.date IS NULL OR r.date > ? OR r.date < p.birth_date)
                    """, arguments: [DemoAccounts.marieINS.digits, DemoAccounts.lucINS.digits, anchor]) ?? -1
            facts.unitless = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM result r JOIN patient p ON p.id = r.patient_id
                    WHERE p.ins NOT IN (?, ?) AND (r.unit IS NULL OR r.unit = '' OR r.decimal IS NULL)
                    """, arguments: [DemoAccounts.marieINS.digits, DemoAccounts.lucINS.digits]) ?? -1
            // Nothing measured for a condition before it was diagnosed.
            facts.beforeDiagnosis = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM result r JOIN history_item h ON h.patient_id = r.patient_id AND h.status = 'active'
                    WHERE r.date < h.onset AND ((h.code = 'E11' AND r.code IN ('4548-4', '14749-6'))
                        OR (h.code = 'N18' AND r.code IN ('2160-0', '62238-1', '2823-3'))
                        OR (h.code = 'I10' AND r.code IN ('8480-6', '8462-4')))
                    """) ?? -1
            // A diabetic's follow-up, a hypertensive's blood pressure, a kidney patient's eGFR.
            facts.diabeticsWithout = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM history_item h WHERE h.code = 'E11' AND h.status = 'active'
                    AND NOT EXISTS (SELECT 1 FROM result r WHERE r.patient_id = h.patient_id AND r.code = '4548-4')
                    """) ?? -1
            facts.diabetics = try Int.fetchOne(db, sql: "SELECT count(*) FROM history_item WHERE code = 'E11' AND status = 'active'") ?? 0
            facts.hypertensivesWithPressure = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT h.patient_id) FROM history_item h JOIN result r ON r.patient_id = h.patient_id
                    WHERE h.code = 'I10' AND h.status = 'active' AND r.code = '8480-6'
                    """) ?? 0
            facts.kidneyPatientsWithEGFR = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT h.patient_id) FROM history_item h JOIN result r ON r.patient_id = h.patient_id
                    WHERE h.code = 'N18' AND h.status = 'active' AND r.code = '62238-1'
                    """) ?? 0
            // Followed patients: weighed when their doctor's software sends consultations.
            facts.followed = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT patient_id) FROM history_item WHERE code IN ('I10', 'E11', 'N18') AND status = 'active'
                    """) ?? 0
            facts.weighed = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT h.patient_id) FROM history_item h JOIN result r ON r.patient_id = h.patient_id
                    WHERE h.code IN ('I10', 'E11', 'N18') AND h.status = 'active' AND r.code = '29463-7'
                    """) ?? 0
            facts.weighedOthers = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT r.patient_id) FROM result r WHERE r.code = '29463-7' AND NOT EXISTS (
                        SELECT 1 FROM history_item h WHERE h.patient_id = r.patient_id AND h.code IN ('I10', 'E11', 'N18') AND h.status = 'active')
                    """) ?? -1
            facts.hba1c = try Double.fetchAll(db, sql: "SELECT CAST(decimal AS REAL) FROM result WHERE code = '4548-4'")
            facts.biologists = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM result r JOIN professional p ON p.rpps = r.author_rpps
                    WHERE r.category = 'laboratory' AND p.profession = 'biologiste'
                    """) ?? 0
            facts.laboratory = try Int.fetchOne(db, sql: "SELECT count(*) FROM result WHERE category = 'laboratory'") ?? 0
            facts.patients = try Int.fetchOne(db, sql: "SELECT count(*) FROM patient") ?? 0
            return facts
        }
        #expect(facts.foreign == 0)
        #expect(facts.unreported == 0)
        #expect(facts.reportTypes == [DocumentType.laboratoryReport.rawValue])
        #expect(facts.misdated == 0)
        #expect(facts.unitless == 0)
        #expect(facts.beforeDiagnosis == 0)
        #expect(facts.diabetics > 10)
        #expect(facts.diabeticsWithout == 0)
        #expect(facts.hypertensivesWithPressure > 20)
        #expect(facts.kidneyPatientsWithEGFR > 0)
        // Three in ten doctors' software sends consultations.
        let weighedRange = (facts.followed * 15 / 100)...(facts.followed * 45 / 100)
        #expect(weighedRange.contains(facts.weighed))
        #expect(facts.weighedOthers == 0)
        #expect(facts.hba1c.allSatisfy { (5.5...9.5).contains($0) })
        #expect(facts.biologists == facts.laboratory)
        // Sparse: about one row a patient, so that a million patients build in time.
        #expect(facts.results < facts.patients * 2)
    }

    /// Every result row of a demo, in key order.
    static func resultDump(_ fixture: StoreFixture) throws -> [String] {
        try fixture.inspect { db in
            try Row.fetchAll(db, sql: "SELECT * FROM result ORDER BY id").map(\.description)
        }
    }

    @Test("the same seed gives the same results; another seed other results")
    func deterministic() throws {
        let first = try Self.resultDump(try StoreFixture(demoPatients: 300, seed: 11))
        let second = try Self.resultDump(try StoreFixture(demoPatients: 300, seed: 11))
        let other = try Self.resultDump(try StoreFixture(demoPatients: 300, seed: 12))
        #expect(first.count > 300)
        #expect(first == second)
        #expect(first != other)
    }
}
