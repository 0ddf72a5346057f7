import Foundation

/// Where a test is listed in the Résultats pane.
public enum ResultGroup: Hashable, Sendable, Comparable {
    /// Laboratory results, by the report (panel) that grouped them; nil: reported alone.
    case laboratory(report: String?)
    /// Weight, blood pressure, BMI, heart rate…
    case vitalSigns
    case other

    private var rank: Int {
        switch self {
        case .laboratory(let report): return report == nil ? 1 : 0
        case .vitalSigns: return 2
        case .other: return 3
        }
    }

    public static func < (lhs: ResultGroup, rhs: ResultGroup) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        if case let .laboratory(a?) = lhs, case let .laboratory(b?) = rhs { return SearchText.fold(a) < SearchText.fold(b) }
        return false
    }
}

/// The values of one test (by LOINC code when there is one, else by name), newest first:
/// every one in a test's history; in the Résultats pane, the latest of each code, the trend
/// drawn from the points read before them.
public struct ResultTest: Hashable, Sendable, Identifiable {
    public var id: String { key }
    /// "analyte:glucose", "loinc:4548-4", "name:ferritine", "blood-pressure".
    public let key: String
    public let values: [LabResult]
    public let group: ResultGroup
    public let analyte: Analyte?
    /// The numbers, oldest first, in the latest value's unit (converted where the unit
    /// converts, left out where it does not): the sparkline's values. For blood pressure,
    /// the systolic. Computed once: a frame draws it for every visible test.
    public let trend: [Double]

    /// - Parameters:
    ///   - values: newest first: every value (a test's history), or the latest of each of
    ///     its codes (the Résultats pane, which reads no more).
    ///   - earlier: the values before `values` as points, for the trend (the pane).
    public init(key: String, values: [LabResult], group: ResultGroup, analyte: Analyte?, earlier: [ResultPoint] = []) {
        self.key = key
        self.values = values
        self.group = group
        self.analyte = analyte
        var points = values.map { ResultPoint(id: $0.id?.rawValue, code: $0.code, date: $0.date, quantity: $0.quantity) }
        if !earlier.isEmpty {
            points += earlier
            points.sort(by: ResultPoint.newestFirst)
        }
        trend = ResultTest.trend(of: points, isBloodPressure: key == ResultTest.bloodPressureKey, analyte: analyte)
    }

    /// The latest value (for blood pressure, the latest systolic or diastolic).
    public var latest: LabResult { values[0] }
    public var name: String { latest.label }
    public var isBloodPressure: Bool { key == ResultTest.bloodPressureKey }

    public static let bloodPressureKey = "blood-pressure"
    public static let systolic: Set<String> = ["8480-6", "76215-3"]
    public static let diastolic: Set<String> = ["8462-4", "76213-8"]

    /// The latest value's flag, or for blood pressure the worst flag of its latest reading.
    public var flag: ResultFlag? {
        guard isBloodPressure else { return latest.flag }
        return latestReading.compactMap(\.?.flag).min()
    }

    public var isAbnormal: Bool { flag != nil }

    /// Blood pressure's latest reading: systolic and diastolic of the latest day.
    public var latestReading: [LabResult?] {
        let day = latest.date
        let systolic = values.first { $0.date == day && ResultTest.systolic.contains($0.code ?? "") }
        let diastolic = values.first { $0.date == day && ResultTest.diastolic.contains($0.code ?? "") }
        return [systolic, diastolic]
    }

    private static func trend(of points: [ResultPoint], isBloodPressure: Bool, analyte: Analyte?) -> [Double] {
        let series = isBloodPressure ? points.filter { ResultTest.systolic.contains($0.code ?? "") } : points
        guard let first = series.first else { return [] }
        let unit = first.quantity?.unit
        // One factor per spelling of a unit, not one per value.
        var factors: [String: Double?] = [:]
        return series.reversed().compactMap { point in
            guard let number = point.quantity?.number, point.date != nil else { return nil }
            guard let unit, let theirs = point.quantity?.unit else {
                return unit == nil && point.quantity?.unit == nil ? number : nil
            }
            if factors[theirs] == nil { factors[theirs] = ResultUnit.factor(from: theirs, to: unit, analyte: analyte) }
            return factors[theirs]!.map { number * $0 }
        }
    }
}

/// The Résultats pane's tests, grouped and ordered.
public struct ResultsBoard: Hashable, Sendable {
    public var tests: [ResultTest]
    /// Reports' own conclusions (a DiagnosticReport's words), newest first; a report that
    /// said nothing but its results has none.
    public var conclusions: [LabResult]

    /// Groups results (any order) into tests: laboratory by report, then vital signs, then
    /// the rest; within a group, the newest test first.
    /// - Parameter earlier: each test's values before `results`, by series (the pane).
    public init(results: [LabResult], earlier: [String: [ResultPoint]] = [:]) {
        var byKey: [String: [LabResult]] = [:]
        var order: [String] = []
        var conclusions: [LabResult] = []
        // A test's key depends on the code, or without one on the name: found once for each.
        var keys: [String: String] = [:]
        for result in results {
            if result.isReport {
                if let words = result.value, !words.isEmpty { conclusions.append(result) }
                continue
            }
            let known = result.code.flatMap { $0.isEmpty ? nil : "c" + $0 } ?? "n" + result.label
            let key: String
            if let found = keys[known] {
                key = found
            } else {
                key = ResultsBoard.key(of: result)
                keys[known] = key
            }
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(result)
        }
        // The store reads newest first: sorting is needed only for results given in another order.
        tests = order.map { key in
            var values = byKey[key, default: []]
            if !zip(values, values.dropFirst()).allSatisfy({ !ResultsBoard.newestFirst($1, $0) }) { values.sort(by: ResultsBoard.newestFirst) }
            let latest = values[0]
            let group: ResultGroup
            switch latest.category {
            case .vitalSigns: group = .vitalSigns
            case .laboratory: group = .laboratory(report: latest.report.flatMap { $0.isEmpty ? nil : $0 })
            case .other: group = key == ResultTest.bloodPressureKey ? .vitalSigns : .other
            }
            return ResultTest(key: key, values: values, group: group, analyte: Analyte.of(code: latest.code, label: latest.label),
                              earlier: earlier[key] ?? [])
        }
        // Groups compare by their folded report names: folded once each, not at every comparison.
        var folded: [ResultGroup: String] = [:]
        for test in tests where folded[test.group] == nil {
            if case let .laboratory(report?) = test.group { folded[test.group] = SearchText.fold(report) }
        }
        tests.sort { a, b in
            if a.group != b.group {
                if case .laboratory(_?) = a.group, case .laboratory(_?) = b.group { return folded[a.group]! < folded[b.group]! }
                return a.group < b.group
            }
            return ResultsBoard.newestFirst(a.latest, b.latest)
        }
        self.conclusions = conclusions.sorted(by: ResultsBoard.newestFirst)
    }

    /// Abnormal tests first (critical, then high/low, then "abnormal"), newest first among
    /// them; the rest as grouped.
    public var abnormalFirst: [ResultTest] {
        let abnormal = tests.filter(\.isAbnormal).sorted { a, b in
            if a.flag! != b.flag! { return a.flag! < b.flag! }
            return ResultsBoard.newestFirst(a.latest, b.latest)
        }
        return abnormal + tests.filter { !$0.isAbnormal }
    }

    /// The test a result belongs to: blood pressure's two readings together; an analyte's
    /// codes together; else its LOINC code; else its name, folded.
    public static func key(of result: LabResult) -> String { key(code: result.code, label: result.label) }

    public static func key(code: String?, label: String) -> String {
        if let code, ResultTest.systolic.contains(code) || ResultTest.diastolic.contains(code) { return ResultTest.bloodPressureKey }
        if let analyte = Analyte.of(code: code, label: label) { return "analyte:" + analyte.key }
        if let code, !code.isEmpty { return "loinc:" + code }
        let words = SearchText.fold(label).lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return "name:" + words.joined(separator: " ")
    }

    /// The series a result is stored under, so that a read can take a test's values
    /// without the others: its test's key, or for a report's own conclusion, the report.
    /// Stored with each result: a change to `key(code:label:)`, or to what it depends on
    /// (`Analyte`'s codes and names, `SearchText.fold`), needs a migration recomputing it.
    public static func series(of result: LabResult) -> String {
        series(code: result.code, label: result.label, isReport: result.isReport, report: result.report)
    }

    public static func series(code: String?, label: String, isReport: Bool, report: String?) -> String {
        guard isReport else { return key(code: code, label: label) }
        return "report:" + SearchText.fold(report ?? label).lowercased()
    }

    /// Newest first; undated last; then the later entry first.
    public static func newestFirst(_ a: LabResult, _ b: LabResult) -> Bool {
        newestFirst((a.date, a.id?.rawValue), (b.date, b.id?.rawValue))
    }

    /// The order itself, for results and for the points drawn from them alike.
    static func newestFirst(_ a: (date: CalendarDate?, id: Int64?), _ b: (date: CalendarDate?, id: Int64?)) -> Bool {
        switch (a.date, b.date) {
        case let (x?, y?) where x != y: return x > y
        case (nil, _?): return false
        case (_?, nil): return true
        default: return (a.id ?? 0) > (b.id ?? 0)
        }
    }
}
