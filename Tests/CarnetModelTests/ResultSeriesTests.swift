import CarnetModel
import Foundation
import Testing

/// Results as the pane and the chart read them: flags, units, tests, and what a chart may
/// and may not draw.
@Suite("Results: flags, units, tests and plots")
struct ResultSeriesTests {
    static let lab = Author.external(name: "Laboratoire")

    static func result(_ label: String, _ decimal: String?, _ unit: String? = nil, code: String? = nil, on day: String,
                       low: String? = nil, high: String? = nil, rangeUnit: String? = nil, flag: String? = nil, comparator: String? = nil,
                       text: String? = nil, category: LabResult.Category = .laboratory, report: String? = nil, id: Int64 = 0) -> LabResult {
        LabResult(id: EntryID(id), code: code, label: label, value: text ?? decimal.map { [$0, unit].compactMap { $0 }.joined(separator: " ") },
                  quantity: decimal.map { Quantity(decimal: $0, unit: unit, comparator: comparator) },
                  referenceRange: low == nil && high == nil ? nil : ReferenceRange(low: low, high: high, unit: rangeUnit ?? unit, text: nil),
                  interpretation: flag, category: category, date: CalendarDate(day), author: lab, report: report)
    }

    static let today = CalendarDate("2026-11-21")!
    /// Blood pressure's two series, as an English reader's screen names them.
    static let names = (systolic: "Systolic", diastolic: "Diastolic")

    // MARK: Flags

    @Test("the laboratory's flag wins; without one, the result's own range decides; N and words are no flag")
    func flags() {
        #expect(Self.result("K", "5.4", "mmol/L", on: "2026-10-01", low: "3.5", high: "5.0", flag: "H").flag == .high)
        #expect(Self.result("K", "6.8", "mmol/L", on: "2026-10-01", flag: "HH").flag == .criticalHigh)
        #expect(Self.result("K", "2.1", "mmol/L", on: "2026-10-01", flag: "LL").flag == .criticalLow)
        #expect(Self.result("K", "4.0", "mmol/L", on: "2026-10-01", low: "3.5", high: "5.0", flag: "N").flag == nil)
        // No flag given: the range says it.
        #expect(Self.result("K", "5.4", "mmol/L", on: "2026-10-01", low: "3.5", high: "5.0").flag == .high)
        #expect(Self.result("K", "3.1", "mmol/L", on: "2026-10-01", low: "3.5", high: "5.0").flag == .low)
        #expect(Self.result("HbA1c", "7.2", "%", on: "2026-10-01", high: "6.5").flag == .high)
        // A range in another unit, an inverted range, a bound: no flag invented.
        #expect(Self.result("Gly", "1.3", "g/L", on: "2026-10-01", low: "3.9", high: "5.5", rangeUnit: "mmol/L").flag == nil)
        #expect(Self.result("X", "4", "U", on: "2026-10-01", low: "5", high: "3").flag == nil)
        #expect(Self.result("CRP", "5", "mg/L", on: "2026-10-01", high: "3", comparator: "<").flag == nil)
        #expect(ResultFlag(interpretation: "POS") == nil)
        #expect(ResultFlag(interpretation: "A") == .abnormal)
        #expect([ResultFlag.abnormal, .high, .criticalLow].min() == .criticalLow)
    }

    @Test("numbers as laboratories write them; a bound or words are not a number")
    func numbers() {
        #expect(ResultNumber.parse("6.9") == 6.9)
        #expect(ResultNumber.parse("6,9") == 6.9)
        #expect(ResultNumber.parse("positif") == nil)
        #expect(ResultNumber.parse("") == nil)
        #expect(ResultNumber.parse("1e400") == nil)
        #expect(ResultNumber.parse("nan") == nil)
        #expect(Self.result("CRP", "0.5", "mg/L", on: "2026-10-01", comparator: "<").number == nil)
        #expect(Self.result("Ferritine", nil, on: "2026-10-01", text: "positif").number == nil)
    }

    // MARK: Units

    @Test("units convert within their kind always, between moles and mass only for a known analyte")
    func conversions() throws {
        #expect(ResultUnit.factor(from: "mg/L", to: "g/L", analyte: nil) == 0.001)
        #expect(ResultUnit.factor(from: "umol/l", to: "µmol/L", analyte: nil) == 1)
        #expect(ResultUnit.factor(from: "mm[Hg]", to: "mmHg", analyte: nil) == 1)
        let glucose = try #require(ResultUnit.factor(from: "g/L", to: "mmol/L", analyte: .glucose))
        #expect(abs(glucose - 5.551) < 0.001)
        let creatinine = try #require(ResultUnit.factor(from: "mg/L", to: "µmol/L", analyte: .creatinine))
        #expect(abs(creatinine - 8.840) < 0.001)
        let back = try #require(ResultUnit.factor(from: "µmol/L", to: "mg/L", analyte: .creatinine))
        #expect(abs(back * creatinine - 1) < 1e-12)
        // Moles to mass without a molar mass, and units of other kinds, do not convert.
        #expect(ResultUnit.factor(from: "mmol/L", to: "g/L", analyte: .potassium) == nil)
        #expect(ResultUnit.factor(from: "%", to: "mmol/mol", analyte: nil) == nil)
        #expect(ResultUnit.factor(from: "kg", to: "g/L", analyte: nil) == nil)
    }

    // MARK: Tests

    @Test("one test per LOINC code, per analyte across its codes, per name without a code; blood pressure's two readings together")
    func grouping() throws {
        let board = ResultsBoard(results: [
            Self.result("Glycémie à jeun", "6.1", "mmol/L", code: "14749-6", on: "2026-06-01", id: 1),
            Self.result("Glucose", "1.02", "g/L", code: "2345-7", on: "2025-06-01", id: 2),
            Self.result("HbA1c", "7.1", "%", code: "4548-4", on: "2026-06-01", id: 3),
            Self.result("Ferritine", "80", "µg/L", on: "2026-06-01", id: 4),
            Self.result("FERRITINE ", "70", "µg/L", on: "2025-06-01", id: 5),
            Self.result("Pression artérielle systolique", "150", "mm[Hg]", code: "8480-6", on: "2026-05-15", high: "140", category: .vitalSigns, id: 6),
            Self.result("Pression artérielle diastolique", "85", "mm[Hg]", code: "8462-4", on: "2026-05-15", high: "90", category: .vitalSigns, id: 7),
            Self.result("Cholestérol total", "2.4", "g/L", code: "2093-3", on: "2026-06-01", report: "Bilan lipidique", id: 8),
            Self.result("Poids", "72", "kg", code: "29463-7", on: "2026-05-15", category: .vitalSigns, id: 9),
        ])
        let keys = board.tests.map(\.key)
        #expect(Set(keys) == ["analyte:glucose", "loinc:4548-4", "name:ferritine", ResultTest.bloodPressureKey, "loinc:2093-3", "loinc:29463-7"])
        let glucose = try #require(board.tests.first { $0.key == "analyte:glucose" })
        #expect(glucose.values.map(\.id) == [EntryID(1), EntryID(2)], "newest first")
        // The glucose in g/L is converted into the latest value's unit for the trend.
        #expect(glucose.trend.count == 2)
        #expect(abs(glucose.trend[0] - 1.02 * 5.5507) < 0.01)
        let pressure = try #require(board.tests.first { $0.isBloodPressure })
        #expect(pressure.values.count == 2)
        #expect(pressure.group == .vitalSigns)
        #expect(pressure.flag == .high, "150 is above 140: the reading's worst flag")
        // Groups: reported panels first, then laboratory alone, then vital signs.
        #expect(board.tests.first?.group == .laboratory(report: "Bilan lipidique"))
        #expect(board.tests.last?.group == .vitalSigns)
        // Abnormal first: the blood pressure (H) and the HbA1c? Only what is flagged.
        #expect(board.abnormalFirst.first?.isBloodPressure == true)
    }

    @Test("abnormal first: critical before high or low, then newest")
    func abnormalOrder() {
        let board = ResultsBoard(results: [
            Self.result("A", "7", "U", code: "1-1", on: "2026-10-01", flag: "H", id: 1),
            Self.result("B", "9", "U", code: "2-2", on: "2026-01-01", flag: "HH", id: 2),
            Self.result("C", "1", "U", code: "3-3", on: "2026-11-01", flag: "L", id: 3),
            Self.result("D", "5", "U", code: "4-4", on: "2026-11-02", id: 4),
        ])
        #expect(board.abnormalFirst.map(\.name) == ["B", "C", "A", "D"])
    }

    // MARK: Plots

    @Test("a plot converts what converts and names it, lists what it cannot draw, and keeps the latest value's range")
    func plot() throws {
        let creatinine = ResultsBoard(results: [
            Self.result("Créatinine", "90", "µmol/L", code: "2160-0", on: "2026-03-10", low: "45", high: "90", id: 1),
            Self.result("Créatinine", "8.9", "mg/L", code: "2160-0", on: "2020-03-10", low: "4.5", high: "9", id: 2),
            Self.result("Créatinine", "1.0", "mmol/mol", code: "2160-0", on: "2019-03-10", id: 3),
            Self.result("Créatinine", nil, code: "2160-0", on: "2018-03-10", text: "hémolysé", id: 4),
            Self.result("Créatinine", "40", "µmol/L", code: "2160-0", on: "2017-03-10", comparator: "<", id: 5),
            Self.result("Créatinine", "85", "µmol/L", code: "2160-0", on: "2027-01-01", id: 6),
        ]).tests[0]
        let plot = ResultPlot(creatinine, today: Self.today, seriesNames: Self.names)
        #expect(plot.unit == "µmol/L")
        let points = try #require(plot.series.first?.points)
        #expect(points.map(\.result.id) == [EntryID(2), EntryID(1)], "oldest first; only what can be drawn truthfully")
        #expect(abs(points[0].value - 78.7) < 0.1, "8.9 mg/L is 78.7 µmol/L")
        #expect(plot.conversions.map(\.from) == ["mg/L"])
        #expect(Set(plot.unplotted.map(\.reason)) == [.unit("mmol/mol"), .notANumber, .bound, .future])
        #expect(plot.series[0].rangeLow == 45 && plot.series[0].rangeHigh == 90)
    }

    @Test("a range in another unit is converted; an inverted one is not drawn; blood pressure gives two series")
    func ranges() throws {
        let glucose = ResultsBoard(results: [
            Self.result("Glycémie", "1.10", "g/L", code: "2345-7", on: "2026-03-10", low: "3.9", high: "5.5", rangeUnit: "mmol/L"),
        ]).tests[0]
        let plot = ResultPlot(glucose, today: Self.today, seriesNames: Self.names)
        #expect(abs((plot.series[0].rangeHigh ?? 0) - 5.5 / 5.5507) < 0.001)
        let inverted = ResultPlot(ResultsBoard(results: [Self.result("X", "4", "U", code: "9-9", on: "2026-01-01", low: "5", high: "3")]).tests[0],
                                  today: Self.today, seriesNames: Self.names)
        #expect(inverted.series[0].rangeLow == nil && inverted.series[0].rangeHigh == nil)
        #expect(inverted.series[0].points.count == 1, "the value is still drawn, without norms")
        let pressure = ResultsBoard(results: [
            Self.result("Systolique", "150", "mm[Hg]", code: "8480-6", on: "2026-05-15", high: "140", category: .vitalSigns),
            Self.result("Diastolique", "85", "mm[Hg]", code: "8462-4", on: "2026-05-15", high: "90", category: .vitalSigns),
        ]).tests[0]
        let both = ResultPlot(pressure, today: Self.today, seriesNames: Self.names)
        #expect(both.series.map(\.points.count) == [1, 1])
        #expect(both.series.map(\.rangeHigh) == [140, 90])
        #expect(both.series.map(\.name) == ["Systolic", "Diastolic"], "named in the reader's words, not always in French")
    }

    @Test("10 000 values of one test: one test, every value kept, the plot holds them all")
    func manyValues() {
        let values = (0..<10_000).map { index in
            Self.result("Glycémie capillaire", String(format: "%.1f", 5 + Double(index % 40) / 10), "mmol/L", code: "14743-9",
                        on: CalendarDate(daysSinceEpoch: 10_000 + index / 3).iso, id: Int64(index))
        }
        let board = ResultsBoard(results: values)
        #expect(board.tests.count == 1)
        #expect(board.tests[0].values.count == 10_000)
        #expect(ResultPlot(board.tests[0], today: Self.today, seriesNames: Self.names).series[0].points.count == 10_000)
    }

    @Test("a decimal written with an exponent reads as a person writes it, digit for digit", arguments: [
        ("1.1E+2", "110"), ("8E+1", "80"), ("1.25e-1", "0.125"), ("5E-1", "0.5"), ("-2.5E+1", "-25"), ("1E+0", "1"),
        ("6.9", "6.9"), ("142", "142"), ("0.0041", "0.0041"), ("1e99", "1e99"), ("positif", "positif"), ("see below", "see below"),
    ])
    func plainDecimal(_ written: String, _ plain: String) {
        #expect(ResultNumber.plain(written) == plain)
        // The same number either way.
        if let a = ResultNumber.parse(written), let b = ResultNumber.parse(plain) { #expect(abs(a - b) <= abs(a) * 1e-12) }
    }

}
