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
    }

    public struct Series: Hashable, Sendable {
        /// "Systolique", or the test's name.
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

    /// Plots `test` in its latest value's unit. `today` bounds the time axis: a date after
    /// it is not drawn.
    public init(_ test: ResultTest, today: CalendarDate, seriesNames: (systolic: String, diastolic: String) = ("Systolique", "Diastolique")) {
        let reference = test.latest
        unit = reference.quantity?.unit
        conversions = []
        var groups: [(String, [LabResult])]
        if test.isBloodPressure {
            groups = [(seriesNames.systolic, test.values.filter { ResultTest.systolic.contains($0.code ?? "") }),
                      (seriesNames.diastolic, test.values.filter { ResultTest.diastolic.contains($0.code ?? "") })]
        } else {
            groups = [(test.name, test.values)]
        }
        series = []
        for (name, values) in groups {
            var points: [Point] = []
            for result in values.reversed() {
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
                points.append(Point(date: date, value: value, isAbnormal: result.flag != nil, result: result))
            }
            var line = Series(name: name, points: points)
            // The range drawn is the latest value's (ranges change with methods), converted.
            if let latest = values.first, let bounds = latest.referenceRange?.bounds, !bounds.isInverted {
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

    private mutating func unplot(_ result: LabResult, _ reason: Unplotted) {
        unplotted.append(UnplottedValue(result: result, reason: reason))
    }
}
