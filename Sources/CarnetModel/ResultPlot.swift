import Foundation

/// What a test's chart shows: its values as numbers in one unit against their dates,
/// and, listed apart, the values it cannot plot truthfully.
public struct ResultPlot: Hashable, Sendable {
    public struct Point: Hashable, Sendable {
        public var date: CalendarDate
        /// In the plot's unit.
        public var value: Double
        public var isAbnormal: Bool
        /// The result as reported, for the table and the cursor.
        public var result: LabResult
        /// Where the result is in the test's values (newest first).
        public var valueIndex: Int
    }

    public struct Series: Hashable, Sendable {
        /// The reader's word for systolic, or the test's name.
        public var name: String
        /// Oldest first.
        public var points: [Point]
        /// The latest value's range, in the plot's unit; both nil when it has no numeric
        /// bound (or its low is above its high).
        public var rangeLow: Double?
        public var rangeHigh: Double?
    }

    public struct UnplottedValue: Hashable, Sendable {
        public var result: LabResult
        public var reason: Unplotted
        /// Where the result is in the test's values (newest first).
        public var valueIndex: Int
    }

    /// Why a value is listed but not plotted.
    public enum Unplotted: Hashable, Sendable {
        /// Words ("positif"), or a number the source wrote in a way Carnet does not read.
        case notANumber
        /// "< 0.5": a bound, not a measurement.
        case bound
        /// In a unit that does not convert to the plot's.
        case unit(String?)
        case undated
        /// Dated after today: shown as the source gave it, never drawn as a future point.
        case future
    }

    /// A conversion the plot applied: `to = from × factor`.
    public struct Conversion: Hashable, Sendable {
        public var from: String
        public var to: String
        public var factor: Double
    }

    public var series: [Series]
    public var unit: String?
    public var conversions: [Conversion]
    /// Oldest first, as the table lists them.
    public var unplotted: [UnplottedValue] = []

    /// The unit a test is plotted in: the one most of its numbers are in; on a tie, a unit
    /// Carnet knows how to convert before one it does not (a unit no one knows must not
    /// become the axis), then the latest.
    static func unit(of test: ResultTest) -> String? {
        var counts: [String: (count: Int, unit: String)] = [:]
        for value in test.values where value.number != nil {
            guard let unit = value.quantity?.unit else { continue }
            let key = ResultUnit.normalise(unit)
            // The spelling of the newest value in that unit (values come newest first).
            counts[key] = ((counts[key]?.count ?? 0) + 1, counts[key]?.unit ?? unit)
        }
        let order = test.values.compactMap { $0.quantity?.unit.map(ResultUnit.normalise) }
        let best = counts.max { a, b in
            if a.value.count != b.value.count { return a.value.count < b.value.count }
            if ResultUnit.isKnown(a.key) != ResultUnit.isKnown(b.key) { return !ResultUnit.isKnown(a.key) }
            return (order.firstIndex(of: a.key) ?? .max) > (order.firstIndex(of: b.key) ?? .max)
        }
        return best?.value.unit ?? test.latest.quantity?.unit
    }

    /// Plots `test` in the unit most of its values are in. `today` bounds the time axis: a date after
    /// it is not drawn.
    public init(_ test: ResultTest, today: CalendarDate, seriesNames: (systolic: String, diastolic: String)) {
        unit = ResultPlot.unit(of: test)
        conversions = []
        // Each series' values as indices into the test's values, newest first.
        let indexed = Array(test.values.enumerated())
        var groups: [(String, [(offset: Int, element: LabResult)])]
        if test.isBloodPressure {
            groups = [(seriesNames.systolic, indexed.filter { ResultTest.systolic.contains($0.element.code ?? "") }),
                      (seriesNames.diastolic, indexed.filter { ResultTest.diastolic.contains($0.element.code ?? "") })]
        } else {
            groups = [(test.name, indexed)]
        }
        series = []
        for (name, values) in groups {
            var points: [Point] = []
            for (valueIndex, result) in values.reversed() {
                func unplot(_ result: LabResult, _ reason: Unplotted) {
                    unplotted.append(UnplottedValue(result: result, reason: reason, valueIndex: valueIndex))
                }
                guard let date = result.date else { unplot(result, .undated); continue }
                guard date <= today else { unplot(result, .future); continue }
                guard let number = result.number else {
                    unplot(result, result.quantity?.comparator?.isEmpty == false ? .bound : .notANumber)
                    continue
                }
                let theirs = result.quantity?.unit
                var value = number
                if let unit, let theirs {
                    guard let factor = ResultUnit.factor(from: theirs, to: unit, analyte: test.analyte) else {
                        unplot(result, .unit(theirs))
                        continue
                    }
                    value = number * factor
                    if ResultUnit.normalise(theirs) != ResultUnit.normalise(unit),
                       !conversions.contains(where: { ResultUnit.normalise($0.from) == ResultUnit.normalise(theirs) }) {
                        conversions.append(Conversion(from: theirs, to: unit, factor: factor))
                    }
                } else if (unit == nil) != (theirs == nil) {
                    unplot(result, .unit(theirs))
                    continue
                }
                points.append(Point(date: date, value: value, isAbnormal: result.flag != nil, result: result, valueIndex: valueIndex))
            }
            var line = Series(name: name, points: points)
            // The range drawn is the latest value's (ranges change with methods), converted.
            // A value dated in the future is not the latest of what happened.
            let results = values.map(\.element)
            if let latest = results.first(where: { $0.date.map { $0 <= today } ?? false }) ?? results.first, let bounds = latest.referenceRange?.bounds, !bounds.isInverted {
                let rangeUnit = latest.referenceRange?.unit ?? latest.quantity?.unit
                let factor: Double? = {
                    guard let unit else { return rangeUnit == nil ? 1 : nil }
                    guard let rangeUnit else { return 1 }
                    return ResultUnit.factor(from: rangeUnit, to: unit, analyte: test.analyte)
                }()
                if let factor {
                    line.rangeLow = bounds.low.map { $0 * factor }
                    line.rangeHigh = bounds.high.map { $0 * factor }
                }
            }
            series.append(line)
        }
    }
}
