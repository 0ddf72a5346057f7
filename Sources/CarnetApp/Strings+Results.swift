import CarnetModel
import Foundation
import TerminalKit

/// How results read on screen: values as the laboratory wrote them (only the decimal
/// separator follows the language), flags as letters, ranges, conversions and why a value
/// is not drawn.
extension Strings {
    func resultGroup(_ group: ResultGroup) -> String {
        switch group {
        case let .laboratory(report?): return t("Biologie", "Laboratory") + " · " + Sanitizer.clean(report)
        case .laboratory(nil): return t("Biologie", "Laboratory")
        case .vitalSigns: return t("Constantes", "Vital signs")
        case .other: return t("Autres résultats", "Other results")
        }
    }

    /// "6.9" as a French reader writes it: "6,9". Only the separator changes: the digits
    /// are the laboratory's.
    func decimal(_ written: String) -> String {
        // "1.1E+2" reads "110": the same number, as a person writes it.
        let text = ResultNumber.plain(written)
        // Byte by byte: every value of the pane passes here, and Foundation's replacement
        // cost more than the rest of a row's wording.
        let point = UInt8(ascii: "."), comma = UInt8(ascii: ",")
        guard language == .french, text.utf8.contains(point) else { return text }
        return String(decoding: text.utf8.map { $0 == point ? comma : $0 }, as: UTF8.self)
    }

    /// "< 0,5 mg/L", "6,9 %" ("6.9%" in English), or the words the source gave ("positif").
    func resultValue(_ result: LabResult) -> String {
        if let quantity = result.quantity {
            return withUnit([quantity.comparator, decimal(quantity.decimal)].compactMap { $0.map { Sanitizer.clean($0) } }
                .filter { !$0.isEmpty }.joined(separator: " "), quantity.unit)
        }
        return Sanitizer.clean(result.value ?? "—")
    }

    /// A number and its unit: French puts a space before "%", English does not.
    func withUnit(_ number: String, _ unit: String?) -> String {
        // UCUM's "mm[Hg]" is written "mmHg" by everyone else, as in the table and the axis.
        guard let unit = unit.map({ Sanitizer.clean($0) }).map({ $0.contains("[Hg]") ? $0.replacingOccurrences(of: "[Hg]", with: "Hg") : $0 }),
              !unit.isEmpty else { return number }
        if unit == "%" && language == .english { return number.isEmpty ? unit : number + unit }
        return number.isEmpty ? unit : number + " " + unit
    }

    /// A test's latest value: for blood pressure the reading "135/85 mmHg".
    func latestValue(_ test: ResultTest) -> String {
        guard test.isBloodPressure else { return resultValue(test.latest) }
        return bloodPressure(test.latestReading)
    }

    /// "135/85 mmHg"; a missing half reads "?" (never invented).
    func bloodPressure(_ reading: [LabResult?]) -> String {
        let numbers = reading.map { $0?.quantity.map { decimal($0.decimal) } ?? $0?.value.map { Sanitizer.clean($0) } ?? "?" }
        let unit = reading.compactMap { $0?.quantity?.unit }.first.map { Sanitizer.clean($0).replacingOccurrences(of: "[Hg]", with: "Hg") }
        return numbers.joined(separator: "/") + (unit.map { " " + $0 } ?? "")
    }

    /// "3,5–5,0 mmol/L", "≤ 6,5 %", the range's words, or "—"; an inverted range is shown as
    /// given and said to be inconsistent.
    func resultRange(_ range: ReferenceRange?) -> String {
        guard let range else { return "—" }
        var shown = ReferenceRange(low: range.low.map(decimal), high: range.high.map(decimal), unit: nil, text: range.text).display
        if range.text == nil || range.low != nil || range.high != nil { shown = withUnit(shown, range.unit) }
        shown = Sanitizer.clean(shown)
        if range.bounds?.isInverted == true { shown += " " + t("(normes incohérentes)", "(inconsistent range)") }
        return shown.isEmpty ? "—" : shown
    }

    /// A test's range, in the pane: without its unit when the value beside it has the same
    /// one ("3,5–5,0" beside "5,4 mmol/L"); for blood pressure, the systolic's and the
    /// diastolic's.
    func testRange(_ test: ResultTest) -> String {
        guard test.isBloodPressure else {
            guard var range = test.latest.referenceRange else { return "—" }
            if let unit = range.unit, let theirs = test.latest.quantity?.unit, ResultUnit.normalise(unit) == ResultUnit.normalise(theirs) {
                range.unit = nil
            }
            return resultRange(range)
        }
        let ranges = test.latestReading.compactMap { $0?.referenceRange }
        guard !ranges.isEmpty else { return "—" }
        // "≤ 140/≤ 90": the reading beside it says mmHg.
        return ranges.map { resultRange(ReferenceRange(low: $0.low, high: $0.high, unit: nil, text: $0.text)) }.joined(separator: "/")
    }

    func flagLetters(_ flag: ResultFlag?) -> String { flag?.rawValue ?? "" }

    func flagWords(_ flag: ResultFlag) -> String {
        switch flag {
        case .criticalHigh: return t("très élevé", "critically high")
        case .high: return t("élevé", "high")
        case .low: return t("bas", "low")
        case .criticalLow: return t("très bas", "critically low")
        case .abnormal: return t("anormal", "abnormal")
        }
    }

    var bloodPressureName: String { t("Tension artérielle", "Blood pressure") }
    var systolicName: String { t("Systolique", "Systolic") }
    var diastolicName: String { t("Diastolique", "Diastolic") }

    func testName(_ test: ResultTest) -> String {
        test.isBloodPressure ? bloodPressureName : Sanitizer.clean(test.name)
    }

    /// "1 g/L = 5,551 mmol/L": how a value in another unit was brought onto the chart.
    func conversion(_ conversion: ResultPlot.Conversion) -> String {
        "1 \(Sanitizer.clean(conversion.from)) = \(number(conversion.factor)) \(Sanitizer.clean(conversion.to))"
    }

    /// A factor with four significant digits, in the language's decimal style.
    func number(_ value: Double) -> String {
        var text = String(format: "%.4g", value)
        if text.contains("e") { text = String(format: "%.6f", value) }
        return decimal(text)
    }

    func unplottedReason(_ reason: ResultPlot.Unplotted) -> String {
        switch reason {
        case .notANumber: return t("non tracée : pas un nombre", "not plotted: not a number")
        case .bound: return t("non tracée : borne, pas une mesure", "not plotted: a bound, not a measurement")
        case let .unit(unit?): return t("non tracée : unité \(Sanitizer.clean(unit)) non convertible", "not plotted: unit \(Sanitizer.clean(unit)) does not convert")
        case .unit(nil): return t("non tracée : sans unité", "not plotted: no unit")
        case .undated: return t("non tracée : sans date", "not plotted: no date")
        case .future: return t("non tracée : date à venir", "not plotted: date in the future")
        }
    }

    /// How old a value is, when it is not of the last month: "il y a 3 mois", "il y a 2 ans".
    func valueAge(_ day: CalendarDate?, today: CalendarDate) -> String {
        guard let day else { return "" }
        let days = today.daysSinceEpoch - day.daysSinceEpoch
        if days < 31 { return "" }
        if days < 365 { let months = days / 30; return t("il y a \(months) mois", "\(months) month\(months > 1 ? "s" : "") ago") }
        let years = days / 365
        return t("il y a \(years) an\(years > 1 ? "s" : "")", "\(years) year\(years > 1 ? "s" : "") ago")
    }

    /// The emergency tests an emergency summary looks for, by name.
    var keyResultNames: String { t("potassium, créatinine, hémoglobine, INR, glycémie", "potassium, creatinine, haemoglobin, INR, glucose") }
    var keyResultsTitle: String { t("Biologie récente (K, créatinine, Hb, INR, glycémie)", "Recent laboratory (K, creatinine, Hb, INR, glucose)") }
    var abnormalResultsTitle: String { t("Résultats anormaux des 3 derniers mois", "Abnormal results of the last 3 months") }
    var abnormalFirstTitle: String { t("Anormaux, les plus graves et les plus récents d'abord", "Abnormal, most serious and newest first") }
    var conclusionLabel: String { t("Conclusion", "Conclusion") }
}
