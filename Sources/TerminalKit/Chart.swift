// A chart of values against time: a test's history (HbA1c, creatinine) or a vital sign
// (blood pressure draws systolic and diastolic together). TerminalKit knows no medicine and
// no calendar: times come in as plain numbers (seconds since the epoch) with a function
// that turns one into a date label, and "abnormal" is a flag the caller sets.
//
// Drawing is O(points + cells): every point is read a fixed number of times, and lines are
// drawn per column of dots (a column's points become one vertical run), so 10 000 points
// cost what the screen holds, not what a zigzag through them would.

/// What a chart says on its own. TerminalKit has no language: a screen passes its wording;
/// the default is French, as TerminalKit's other default wordings are.
public struct ChartWording: Hashable, Sendable {
    /// Drawn instead of the chart when the area is too small for one.
    public var tooSmall: String
    /// Drawn when no value can be placed (none at all, or none that is a number).
    public var noData: String
    /// Before the reference range in the legend: "réf. ≤ 7".
    public var reference: String
    /// After a value outside the norms, and beside ◆ in the legend.
    public var abnormal: String
    /// Said when the reference range cannot be drawn (low above high, or not a number).
    public var rangeIgnored: String
    /// In the cursor line, for a selected value that could not be placed.
    public var notPlotted: String
    /// How many values were left off the chart, with `{count}` where the number goes.
    public var unplottedOne: String
    public var unplottedMany: String
    /// Between the date and the value in the cursor line: " : " in French, ": " in English.
    public var colon: String
    /// In the numbers the chart writes itself (axis ticks, range): "," in French, "." in English.
    public var decimalSeparator: String

    public init(tooSmall: String, noData: String, reference: String, abnormal: String, rangeIgnored: String, notPlotted: String,
                unplottedOne: String, unplottedMany: String, colon: String, decimalSeparator: String) {
        self.tooSmall = tooSmall
        self.noData = noData
        self.reference = reference
        self.abnormal = abnormal
        self.rangeIgnored = rangeIgnored
        self.notPlotted = notPlotted
        self.unplottedOne = unplottedOne
        self.unplottedMany = unplottedMany
        self.colon = colon
        self.decimalSeparator = decimalSeparator
    }

    public static let french = ChartWording(
        tooSmall: "Fenêtre trop petite pour le graphique", noData: "Aucune valeur à tracer", reference: "réf.",
        abnormal: "hors norme", rangeIgnored: "Normes incohérentes, non tracées", notPlotted: "valeur non tracée",
        unplottedOne: "{count} valeur non tracée", unplottedMany: "{count} valeurs non tracées", colon: " : ", decimalSeparator: ",")

    public static let english = ChartWording(
        tooSmall: "Window too small for the chart", noData: "No value to plot", reference: "ref.",
        abnormal: "abnormal", rangeIgnored: "Inconsistent reference range, not drawn", notPlotted: "value not plotted",
        unplottedOne: "{count} value not plotted", unplottedMany: "{count} values not plotted", colon: ": ", decimalSeparator: ".")

    /// "2 valeurs non tracées".
    public func unplotted(_ count: Int) -> String {
        (count == 1 ? unplottedOne : unplottedMany).replacingAll("{count}", with: String(count))
    }
}

/// Values against time, drawn in braille dots (2×4 a cell) with real time spacing.
///
/// - X: `x = (t − tmin) / (tmax − tmin)`; every point at one time (or one point) stands in
///   the middle; two points at the same time share a column.
/// - Y: covers the values and the reference range's bounds, with a margin, so a value far
///   outside the range and the range itself are both on screen. All values equal: a flat
///   line in the middle.
/// - The reference range is two dashed lines (┈), characters rather than colour, so it
///   survives `NO_COLOR`; one line when it has one bound. Series may have ranges of their
///   own (systolic ≤ 140, diastolic ≤ 90): each bound is drawn. A range whose low is above
///   its high, or whose bound is not a number, is not drawn, and the chart says so
///   (`isRangeIgnored`).
/// - A point is marked abnormal (◆, in the theme's error style) when the caller flags it
///   or when it lies outside its series' drawn range: a value the screen shows beyond the
///   norms is never drawn as an ordinary one.
/// - A point whose time or value is not a finite number is left off (never placed at a
///   guessed position) and counted (`unplottedCount`); the chart says how many.
/// - The cursor selects a point of the first series: drawn in the selected style, with a
///   guide (┊) down its column and its date and value in the line under the chart.
public struct Chart: Sendable {
    public struct Point: Hashable, Sendable {
        /// Seconds since the epoch (any origin works, as long as `formatDate` agrees).
        public var time: Double
        public var value: Double
        /// The source's interpretation said abnormal (H, L, HH…).
        public var isAbnormal: Bool
        /// The value as it reads ("6.9 %", "142 mmHg"), shown in the cursor line instead of
        /// the chart's own formatting: a clinical value is shown as it was written.
        public var text: String?

        public init(time: Double, value: Double, isAbnormal: Bool = false, text: String? = nil) {
            self.time = time
            self.value = value
            self.isAbnormal = isAbnormal
            self.text = text
        }

        /// Whether the point can be placed: a NaN or an infinity has no position.
        public var isPlottable: Bool { time.isFinite && value.isFinite }
    }

    public struct Series: Hashable, Sendable {
        public var name: String
        /// In any order; usually oldest first.
        public var points: [Point]
        /// The character of the series' points when there is room to mark each (and in the
        /// legend); nil takes the chart's default for the series' rank (•, ◦, ▪, ▫).
        public var mark: Character?
        /// Colour for the series' line, on top of the characters; nil: the theme's normal.
        public var style: Style?
        /// The series' own norms, when the series of a chart have different ones (blood
        /// pressure: systolic ≤ 140, diastolic ≤ 90); nil: the chart's `referenceRange`.
        public var referenceRange: ReferenceRange?

        public init(name: String, points: [Point], mark: Character? = nil, style: Style? = nil, referenceRange: ReferenceRange? = nil) {
            self.name = name
            self.points = points
            self.mark = mark
            self.style = style
            self.referenceRange = referenceRange
        }
    }

    /// The norms: either bound may be missing ("< 7.0 %" has only a high).
    public struct ReferenceRange: Hashable, Sendable {
        public var low: Double?
        public var high: Double?
        public init(low: Double? = nil, high: Double? = nil) {
            self.low = low
            self.high = high
        }
    }

    public var series: [Series]
    /// The norms of every series that gives none of its own.
    public var referenceRange: ReferenceRange?
    /// Written above the value axis: "%", "mmHg", "mmol/L".
    public var unit: String
    /// A time as the cursor line shows it ("12/03/2024").
    public var formatDate: @Sendable (Double) -> String
    /// A time as the time axis shows it ("03/2024"); nil: `formatDate`.
    public var formatAxisDate: (@Sendable (Double) -> String)?
    /// A number as the value axis and the legend show it; nil: the chart's compact
    /// formatting (5,2 · 120 · 0,85: as few decimals as the axis step needs).
    public var formatValue: (@Sendable (Double) -> String)?
    /// The selected point: an index into `series[0].points` (the caller's own order, so a
    /// table beside the chart can select the same row). Clamped when drawn.
    public var cursor: Int
    public var wording: ChartWording

    /// Below this, a notice replaces the chart: there would be no room for axes and dots.
    public static let minimumWidth = 20
    public static let minimumHeight = 6
    /// An abnormal point, whatever its series.
    public static let abnormalMark: Character = "◆"
    /// The points of the first, second… series, when there is room to mark each point.
    public static let defaultMarks: [Character] = ["•", "◦", "▪", "▫"]
    static let rangeLine: Character = "┈"
    static let cursorGuide: Character = "┊"

    /// - Parameter cursor: nil selects the latest point of the first series.
    public init(series: [Series], referenceRange: ReferenceRange? = nil, unit: String = "",
                formatDate: @escaping @Sendable (Double) -> String, formatAxisDate: (@Sendable (Double) -> String)? = nil,
                formatValue: (@Sendable (Double) -> String)? = nil, cursor: Int? = nil, wording: ChartWording = .french) {
        self.series = series
        self.referenceRange = referenceRange
        self.unit = unit
        self.formatDate = formatDate
        self.formatAxisDate = formatAxisDate
        self.formatValue = formatValue
        self.cursor = 0
        self.wording = wording
        if let cursor {
            self.cursor = cursor
        } else if let latest = timeOrder.last {
            self.cursor = latest
        }
    }

    // MARK: - What the caller shows beside the chart

    /// A range is given (the chart's or a series') but cannot be drawn: low above high, or
    /// a bound that is not a finite number. The chart says so; a table may say it too.
    public var isRangeIgnored: Bool {
        if let range = referenceRange, !Self.isDrawable(range) { return true }
        return series.contains { $0.referenceRange.map { !Self.isDrawable($0) } ?? false }
    }

    static func isDrawable(_ range: ReferenceRange) -> Bool {
        if let low = range.low, !low.isFinite { return false }
        if let high = range.high, !high.isFinite { return false }
        if let low = range.low, let high = range.high, low > high { return false }
        return true
    }

    /// The range drawn for a series: its own or the chart's; nil when there is none, or it
    /// is ignored.
    func drawnRange(ofSeries index: Int) -> ReferenceRange? {
        guard let range = series[index].referenceRange ?? referenceRange, Self.isDrawable(range),
              range.low != nil || range.high != nil else { return nil }
        return range
    }

    /// Every drawn range, once each, in series order (the chart's alone when it has no series).
    var drawnRanges: [ReferenceRange] {
        var ranges: [ReferenceRange] = []
        if series.isEmpty, let range = referenceRange, Self.isDrawable(range), range.low != nil || range.high != nil { ranges.append(range) }
        for index in series.indices {
            if let range = drawnRange(ofSeries: index), !ranges.contains(range) { ranges.append(range) }
        }
        return ranges
    }

    /// Points of every series left off the chart (a time or a value that is not a number).
    public var unplottedCount: Int {
        series.reduce(0) { total, series in total + series.points.reduce(0) { $0 + ($1.isPlottable ? 0 : 1) } }
    }

    /// The selected point of the first series, if there is one.
    public var cursorPoint: Point? {
        guard let index = cursorIndex else { return nil }
        return series[0].points[index]
    }

    /// `cursor` clamped to the first series' points; nil when it has none.
    public var cursorIndex: Int? {
        guard let first = series.first, !first.points.isEmpty else { return nil }
        return min(max(0, cursor), first.points.count - 1)
    }

    /// Whether a point of a series is drawn (and said) as abnormal: flagged by the source,
    /// or outside the series' drawn range.
    public func isMarkedAbnormal(_ point: Point, inSeries index: Int = 0) -> Bool {
        if point.isAbnormal { return true }
        guard point.value.isFinite, series.indices.contains(index), let range = drawnRange(ofSeries: index) else { return false }
        if let low = range.low, point.value < low { return true }
        if let high = range.high, point.value > high { return true }
        return false
    }

    // MARK: - Keyboard

    /// Moves the cursor `delta` points along time (← −1, → +1), clamped to the first and
    /// the last point. Points that cannot be placed are stepped over; points are taken in
    /// time order even when the series is not, ties in the caller's order.
    public mutating func moveCursor(by delta: Int) {
        let order = timeOrder
        // From the point drawn as selected: a cursor beyond the end is on the last point.
        guard !order.isEmpty, let current = cursorIndex else { return }
        let target: Int
        if let position = order.firstIndex(of: current) {
            target = Self.clampedSum(position, delta, count: order.count)
        } else {
            // On a point that is not drawn (or out of bounds): the next drawn point after
            // it in the caller's order is one step forward, the one before it one step back.
            let next = order.firstIndex { $0 > current } ?? order.count
            target = delta > 0 ? Self.clampedSum(next, delta - 1, count: order.count) : Self.clampedSum(next, delta, count: order.count)
        }
        cursor = order[target]
    }

    /// Selects the first (oldest) or the last (latest) point: Home and End.
    public mutating func moveCursorToFirst() { if let first = timeOrder.first { cursor = first } }
    public mutating func moveCursorToLast() { if let last = timeOrder.last { cursor = last } }

    /// `position + delta` within `0..<count`, without overflowing on `Int.max`.
    private static func clampedSum(_ position: Int, _ delta: Int, count: Int) -> Int {
        let (sum, overflow) = position.addingReportingOverflow(delta)
        if overflow { return delta > 0 ? count - 1 : 0 }
        return min(max(0, sum), count - 1)
    }

    /// The placeable points of the first series, by time then index. Sorting an already
    /// ordered array is linear, which is the usual case.
    var timeOrder: [Int] {
        guard let first = series.first else { return [] }
        let points = first.points
        return points.indices.filter { points[$0].isPlottable }.sorted {
            points[$0].time != points[$1].time ? points[$0].time < points[$1].time : $0 < $1
        }
    }

    /// The first-series point drawn nearest to column `x` (a click), if any.
    public func pointIndex(nearColumn x: Int, area: Rect) -> Int? {
        guard let layout = layout(area: area), let first = series.first else { return nil }
        var best: (index: Int, distance: Int)?
        for (index, point) in first.points.enumerated() where point.isPlottable {
            let distance = abs(layout.column(time: point.time) - x)
            if best == nil || distance < best!.distance { best = (index, distance) }
        }
        return best?.index
    }

    // MARK: - Layout

    /// Where each part of the chart goes in an area. `render` draws from it; a caller may
    /// use it to map a click, and tests to check positions.
    public struct Layout: Sendable {
        public struct ValueTick: Hashable, Sendable {
            public var value: Double
            public var row: Int
            public var label: String
        }

        public struct TimeLabel: Hashable, Sendable {
            public var time: Double
            /// The column the time falls in, and where the label's text starts.
            public var column: Int
            public var x: Int
            public var label: String
        }

        /// The area laid out (`render` lays out its area clipped to the buffer).
        public var area: Rect
        /// The cells of dots, right of the value axis.
        public var plot: Rect
        public var headerRow: Int
        /// A row of its own for what the chart must say (range ignored, values left off),
        /// when the area is tall enough; otherwise that goes at the end of the header.
        public var noticeRow: Int?
        public var timeAxisRow: Int?
        public var timeLabelRow: Int
        public var cursorRow: Int
        public var valueTicks: [ValueTick]
        public var timeLabels: [TimeLabel]
        /// Time and value at the edges of the plot.
        public var timeRange: ClosedRange<Double>
        public var valueRange: ClosedRange<Double>

        var dotWidth: Int { plot.width * 2 }
        var dotHeight: Int { plot.height * 4 }

        /// The dot column of a time, 0 at the left; the middle when every time is the same.
        func dotX(_ time: Double) -> Int {
            let fraction = Chart.fraction(time, in: timeRange) ?? 0.5
            return min(dotWidth - 1, max(0, Int((fraction * Double(dotWidth - 1)).rounded())))
        }

        /// The dot row of a value, 0 at the top.
        func dotY(_ value: Double) -> Int {
            let fraction = Chart.fraction(value, in: valueRange) ?? 0.5
            return min(dotHeight - 1, max(0, Int(((1 - fraction) * Double(dotHeight - 1)).rounded())))
        }

        /// The screen column and row a point is drawn at.
        public func column(time: Double) -> Int { plot.x + dotX(time) / 2 }
        public func row(value: Double) -> Int { plot.y + dotY(value) / 4 }
    }

    /// `(value − lower) / (upper − lower)` in 0…1, nil when the range has no width. Halves
    /// are subtracted, not the values: the difference of two huge finite numbers (1e308
    /// and −1e308) would overflow to infinity and place every point at NaN.
    static func fraction(_ value: Double, in range: ClosedRange<Double>) -> Double? {
        let width = range.upperBound * 0.5 - range.lowerBound * 0.5
        guard width > 0, width.isFinite else { return nil }
        let fraction = (value * 0.5 - range.lowerBound * 0.5) / width
        guard fraction.isFinite else { return nil }
        return min(1, max(0, fraction))
    }

    /// The span of the placeable points.
    struct Extent {
        var firstTime = Double.infinity
        var lastTime = -Double.infinity
        var lowest = Double.infinity
        var highest = -Double.infinity
        var plotted = 0
        var hasAbnormal = false
    }

    func extent() -> Extent {
        var extent = Extent()
        for (index, series) in series.enumerated() {
            for point in series.points where point.isPlottable {
                extent.firstTime = min(extent.firstTime, point.time)
                extent.lastTime = max(extent.lastTime, point.time)
                extent.lowest = min(extent.lowest, point.value)
                extent.highest = max(extent.highest, point.value)
                extent.plotted += 1
                if !extent.hasAbnormal && isMarkedAbnormal(point, inSeries: index) { extent.hasAbnormal = true }
            }
        }
        return extent
    }

    /// What the chart must say besides drawing: the range it ignored, the values it left off.
    func notices() -> [String] {
        var notices: [String] = []
        if isRangeIgnored { notices.append(wording.rangeIgnored) }
        let unplotted = unplottedCount
        if unplotted > 0 { notices.append(wording.unplotted(unplotted)) }
        return notices
    }

    /// The layout in `area`; nil when the area is too small or there is nothing to place.
    public func layout(area: Rect) -> Layout? {
        layout(area: area, extent: extent(), hasNotices: !notices().isEmpty)
    }

    func layout(area: Rect, extent: Extent, hasNotices: Bool) -> Layout? {
        guard area.width >= Self.minimumWidth, area.height >= Self.minimumHeight, extent.plotted > 0 else { return nil }
        // Rows: header, (notices), plot, (time axis), time labels, cursor line.
        var top = area.y + 1
        var noticeRow: Int?
        if hasNotices && area.height >= 10 {
            noticeRow = top
            top += 1
        }
        var bottom = area.maxY - 2
        var timeAxisRow: Int?
        // The axis line costs a row: only when the plot keeps eight.
        if bottom - top >= 9 {
            timeAxisRow = bottom - 1
            bottom -= 1
        }
        let plotRows = bottom - top
        let valueRange = Self.valueRange(extent: extent, ranges: drawnRanges)

        // Value ticks need the rows only; their labels then decide where the plot starts.
        var probe = Layout(area: area, plot: Rect(x: area.x, y: top, width: 1, height: plotRows), headerRow: area.y,
                           noticeRow: noticeRow, timeAxisRow: timeAxisRow, timeLabelRow: area.maxY - 2, cursorRow: area.maxY - 1,
                           valueTicks: [], timeLabels: [], timeRange: extent.firstTime...extent.lastTime, valueRange: valueRange)
        let ticks = valueTicks(in: probe)
        let widest = ticks.reduce(1) { max($0, DisplayWidth.of($1.label, atMost: area.width)) }
        let labelWidth = min(widest, area.width / 4)
        probe.plot = Rect(x: area.x + labelWidth + 1, y: top, width: area.width - labelWidth - 1, height: plotRows)
        probe.valueTicks = ticks
        probe.timeLabels = timeLabels(in: probe)
        return probe
    }

    /// The values the plot covers: the points and the range's bounds, with a margin of 6 %
    /// of the span either side; around a single value, ±10 % of it (±1 around zero).
    static func valueRange(extent: Extent, ranges: [ReferenceRange]) -> ClosedRange<Double> {
        var lowest = extent.lowest
        var highest = extent.highest
        for bound in ranges.flatMap({ [$0.low, $0.high] }).compactMap({ $0 }) {
            lowest = min(lowest, bound)
            highest = max(highest, bound)
        }
        let huge = Double.greatestFiniteMagnitude
        func finite(_ value: Double) -> Double { value.isNaN ? 0 : min(huge, max(-huge, value)) }
        if highest * 0.5 - lowest * 0.5 > 0 {
            let span = highest - lowest
            let margin = (span.isFinite ? span : huge) * 0.06
            return finite(lowest - margin)...finite(highest + margin)
        }
        let half = lowest == 0 ? 1 : abs(lowest) * 0.1
        return finite(lowest - half)...finite(lowest + half)
    }

    // MARK: - Value axis

    /// 3 to 5 labelled values (up to 7 on a tall plot): the reference range's bounds, where their dashed lines are
    /// (so the axis says what each line is), and round values (steps of 1, 2, 2.5 or 5 × 10ⁿ)
    /// evenly spaced, with a blank row between labels when the plot is tall enough. Each
    /// label stands on the row a point of its value is drawn on.
    func valueTicks(in layout: Layout) -> [Layout.ValueTick] {
        let rows = layout.plot.height
        let range = layout.valueRange
        let separator = wording.decimalSeparator
        var bounds: [(value: Double, row: Int)] = []
        for bound in drawnRanges.flatMap({ [$0.low, $0.high] }).compactMap({ $0 }) {
            let row = layout.row(value: bound)
            if !bounds.contains(where: { $0.row == row }) { bounds.append((bound, row)) }
        }
        // How many labels in all, the bounds with the round values that do not crowd them:
        // up to 5, or 7 on a tall plot, where 6,0 6,5 … 8,5 reads better than 6 7 8 alone.
        let most = max(rows >= 24 ? 7 : 5, bounds.count + 1)
        let target = rows >= 12 ? 5 : rows >= 7 ? 4 : 3
        func merged(_ ticks: [(value: Double, row: Int)], gap: Int) -> [(value: Double, row: Int)] {
            bounds + ticks.filter { tick in !bounds.contains { abs($0.row - tick.row) < gap } }
        }
        var best: (ticks: [(value: Double, row: Int)], step: Double, gap: Int)?
        // Round values keep their even spacing: a step whose labels would crowd is passed
        // over, never thinned (which would leave 6,0 6,4 6,9 on the axis).
        for gap in rows >= 9 ? [2, 1] : [1] where best == nil {
            guard let power = Self.powerOfTen(atMost: (range.upperBound * 0.5 - range.lowerBound * 0.5) * 0.5) else { break }
            for multiple in [1.0, 2, 2.5, 5, 10, 20] {
                let step = power * multiple
                guard step > 0, step.isFinite else { continue }
                let first = (range.lowerBound / step).rounded(.up)
                let last = (range.upperBound / step).rounded(.down)
                // Beyond 2⁵³ consecutive multiples are not distinct doubles: no round
                // values at this step (the edges are labelled instead).
                guard first.isFinite, last.isFinite, abs(first) < 1e15, abs(last) < 1e15, last >= first, last - first <= 40 else { continue }
                var ticks: [(value: Double, row: Int)] = []
                var even = true
                for multiple in Int(first)...Int(last) {
                    let value = Double(multiple) * step
                    guard range.contains(value) else { continue }
                    let row = layout.row(value: value)
                    if let previous = ticks.last, previous.row - row < gap { even = false; break }
                    ticks.append((value, row))
                }
                let count = merged(ticks, gap: gap).count
                guard even, ticks.count >= 2, count <= most else { continue }
                if best == nil || abs(count - target) < abs(merged(best!.ticks, gap: gap).count - target) { best = (ticks, step, gap) }
            }
        }
        let decimals = best.flatMap { Self.decimals(for: $0.step) }
        func label(_ value: Double) -> String {
            if let formatValue { return formatValue(value) }
            // A bound reads with the round values' decimals when it has no more (7,0 beside
            // 6,5), else as it is (0,85).
            if let decimals, let own = Self.decimals(for: abs(value)), own <= decimals {
                return Self.fixed(value, decimals: decimals, separator: separator)
            }
            return Self.shortest(value, separator: separator)
        }
        // No round values fit: the edges of the plot, as they are.
        let round = best?.ticks ?? [(range.upperBound, layout.plot.y), (range.lowerBound, layout.plot.y + rows - 1)]
        let gap = best?.gap ?? 1
        return merged(round, gap: gap).sorted { $0.row < $1.row }.map { Layout.ValueTick(value: $0.value, row: $0.row, label: label($0.value)) }
    }

    /// The largest power of ten not above `value`, without logarithms (no Foundation).
    static func powerOfTen(atMost value: Double) -> Double? {
        guard value > 0, value.isFinite else { return nil }
        var power = 1.0
        if value >= 1 {
            while power * 10 <= value { power *= 10 }
        } else {
            while power > value && power > 0 { power /= 10 }
        }
        return power > 0 ? power : nil
    }

    /// The decimals a step needs to be written exactly: 0 for 5 or 20, 1 for 0.5, 2 for
    /// 0.25; nil beyond 12 (the shortest form is used then).
    static func decimals(for step: Double) -> Int? {
        var scaled = step
        for decimals in 0...12 {
            if abs(scaled - scaled.rounded()) <= 1e-6 * max(1, scaled) { return decimals }
            scaled *= 10
        }
        return nil
    }

    /// `value` with exactly `decimals` decimals: 6,5 · 120 · 0,25.
    static func fixed(_ value: Double, decimals: Int, separator: String) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (value * factor).rounded()
        guard scaled.magnitude < 1e15 else { return shortest(value, separator: separator) }
        let number = Int64(scaled)
        var digits = String(number.magnitude)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits }
            digits.insert(contentsOf: separator, at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (number < 0 ? "-" : "") + digits
    }

    /// The shortest text that reads back as `value`: 6,1 · 120 · 0,85 · 1e-05.
    static func shortest(_ value: Double, separator: String) -> String {
        guard value.isFinite else { return "?" }
        if value == 0 { return "0" }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return separator == "." ? text : text.replacingAll(".", with: separator)
    }

    func valueText(_ value: Double) -> String {
        formatValue?(value) ?? Self.shortest(value, separator: wording.decimalSeparator)
    }

    // MARK: - Time axis

    /// The dates under the plot: the first and the last point's, and as many evenly spaced
    /// ones between as fit with two spaces apart (up to 9 on a wide terminal).
    func timeLabels(in layout: Layout) -> [Layout.TimeLabel] {
        let format = formatAxisDate ?? formatDate
        let area = layout.area
        let plot = layout.plot
        let start = layout.timeRange.lowerBound
        let end = layout.timeRange.upperBound
        func label(_ time: Double) -> (text: String, width: Int) {
            let text = format(time)
            return (text, DisplayWidth.of(text, atMost: area.width))
        }
        if Self.fraction(start, in: layout.timeRange) == nil {
            // One time: one label, under the middle where every point stands.
            let (text, width) = label(start)
            let column = layout.column(time: start)
            let x = min(max(area.x, column - width / 2), max(area.x, area.endX - width))
            return [Layout.TimeLabel(time: start, column: column, x: x, label: text)]
        }
        let most = max(2, min(9, plot.width / 10))
        for count in stride(from: most, through: 2, by: -1) {
            var labels: [Layout.TimeLabel] = []
            var fits = true
            for index in 0..<count {
                let share = Double(index) / Double(count - 1)
                // Weighted, not `start + share × (end − start)`: exact at both ends, never overflows.
                let time = index == 0 ? start : index == count - 1 ? end : start * (1 - share) + end * share
                let (text, width) = label(time)
                let column = layout.column(time: time)
                let x = index == 0 ? plot.x : index == count - 1 ? plot.endX - width : column - width / 2
                if let previous = labels.last, x < previous.x + DisplayWidth.of(previous.label, atMost: area.width) + 2 { fits = false; break }
                if x < area.x || x + width > area.endX { fits = false; break }
                labels.append(Layout.TimeLabel(time: time, column: column, x: x, label: text))
            }
            if fits { return labels }
        }
        // Not even two under the plot: the first from the area's left edge (under the value
        // labels), the last against its right edge; or the first alone.
        let first = label(start)
        let last = label(end)
        let firstLabel = Layout.TimeLabel(time: start, column: plot.x, x: area.x, label: first.text)
        if first.width + 1 + last.width <= area.width {
            return [firstLabel, Layout.TimeLabel(time: end, column: plot.endX - 1, x: area.endX - last.width, label: last.text)]
        }
        return [firstLabel]
    }

    // MARK: - Drawing

    func mark(ofSeries index: Int) -> Character {
        let fallback = Self.defaultMarks[index % Self.defaultMarks.count]
        guard let mark = series[index].mark else { return fallback }
        // A mark takes one cell: a wide or control character would spill or reach the terminal.
        return DisplayWidth.of(mark) == 1 && !Sanitizer.isUnsafe(mark) ? mark : fallback
    }

    /// Draws the chart in `area` (clipped to the buffer), and nothing outside it.
    public func render(area requested: Rect, into buffer: inout CellBuffer, theme: Theme) {
        let area = Self.clip(requested, to: buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.normal)
        guard area.width >= Self.minimumWidth, area.height >= Self.minimumHeight else {
            buffer.writeMarkingCut(wording.tooSmall, x: area.x, y: area.y, style: theme.muted, limit: area.width)
            return
        }
        let extent = extent()
        let notices = notices()
        guard let layout = layout(area: area, extent: extent, hasNotices: !notices.isEmpty) else {
            drawHeader(area: area, row: area.y, extent: extent, notices: notices, into: &buffer, theme: theme)
            buffer.writeMarkingCut(wording.noData, x: area.x + 1, y: area.y + area.height / 2, style: theme.muted, limit: area.width - 1)
            return
        }
        drawHeader(area: area, row: layout.headerRow, extent: extent, notices: layout.noticeRow == nil ? notices : [],
                   into: &buffer, theme: theme)
        if let row = layout.noticeRow {
            buffer.writeMarkingCut(notices.joined(separator: " · "), x: area.x, y: row, style: theme.error, limit: area.width)
        }
        drawPlot(layout, into: &buffer, theme: theme)
        drawAxes(layout, into: &buffer, theme: theme)
        drawCursorLine(layout, into: &buffer, theme: theme)
    }

    static func clip(_ rect: Rect, to bounds: Rect) -> Rect {
        let x = max(rect.x, bounds.x)
        let y = max(rect.y, bounds.y)
        return Rect(x: x, y: y, width: min(rect.x + rect.width, bounds.x + bounds.width) - x, height: min(rect.maxY, bounds.maxY) - y)
    }

    /// The unit; what the chart must say, if it has no row of its own; the series' legend,
    /// ◆ and the range.
    private func drawHeader(area: Rect, row: Int, extent: Extent, notices: [String], into buffer: inout CellBuffer, theme: Theme) {
        var pieces: [(String, Style)] = []
        if !unit.isEmpty { pieces.append((unit, theme.normal)) }
        // What the chart must say comes before the legend, which a narrow row may cut.
        for notice in notices { pieces.append((notice, theme.error)) }
        if series.count > 1 {
            for index in series.indices { pieces.append(("\(mark(ofSeries: index)) \(series[index].name)", series[index].style ?? theme.normal)) }
        }
        if extent.hasAbnormal { pieces.append(("\(Self.abnormalMark) \(wording.abnormal)", theme.error)) }
        let ranges = drawnRanges
        if !ranges.isEmpty {
            // Several ranges (systolic, diastolic) in the order of the series' legend.
            let bounds = ranges.map { range -> String in
                switch (range.low, range.high) {
                case let (low?, high?): return low == high ? "= \(valueText(low))" : "\(valueText(low))–\(valueText(high))"
                case let (low?, nil): return "≥ \(valueText(low))"
                case let (nil, high?): return "≤ \(valueText(high))"
                case (nil, nil): return ""
                }
            }
            pieces.append(("\(Self.rangeLine) \(wording.reference) " + bounds.joined(separator: " / "), theme.muted))
        }
        // Too long for the row: the range's bounds go first, as the value axis labels its lines.
        let total = pieces.reduce(0) { $0 + DisplayWidth.of($1.0, atMost: area.width + 1) + 2 } - 2
        if total > area.width, let index = pieces.firstIndex(where: { $0.0.hasPrefix(String(Self.rangeLine)) }) {
            pieces[index].0 = "\(Self.rangeLine) \(wording.reference)"
        }
        var x = area.x
        for (text, style) in pieces {
            if x > area.x { x += 2 }
            guard x < area.endX else { break }
            x += buffer.writeMarkingCut(text, x: x, y: row, style: style, limit: area.endX - x)
        }
    }

    /// Lines in braille, point marks over them, then the range lines and the cursor's
    /// guide in the cells left empty.
    private func drawPlot(_ layout: Layout, into buffer: inout CellBuffer, theme: Theme) {
        let plot = layout.plot
        let columns = plot.width
        let cellCount = columns * plot.height
        let dotWidth = layout.dotWidth
        let dotHeight = layout.dotHeight
        var dots = [UInt8](repeating: 0, count: cellCount)
        // Which series drew a cell's dots, or its mark (its colour); and the mark: 0 none,
        // 1 the series' point, 2 abnormal.
        var dotOwner = [Int](repeating: 0, count: cellCount)
        var marks = [UInt8](repeating: 0, count: cellCount)
        var markOwner = [Int](repeating: 0, count: cellCount)

        // Braille: dot (column, row) of a cell is bit `bits[column][row]` of U+2800 + bits.
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        func setDot(_ x: Int, _ y: Int, _ owner: Int) {
            guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return }
            let cell = (y >> 2) * columns + (x >> 1)
            dots[cell] |= bits[x & 1][y & 3]
            dotOwner[cell] = owner
        }
        func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), _ owner: Int) {
            // Bresenham: every dot between, none twice.
            let dx = abs(end.x - start.x), dy = -abs(end.y - start.y)
            let sx = start.x < end.x ? 1 : -1, sy = start.y < end.y ? 1 : -1
            var error = dx + dy
            var x = start.x, y = start.y
            while true {
                setDot(x, y, owner)
                if x == end.x && y == end.y { break }
                let doubled = 2 * error
                if doubled >= dy { error += dy; x += sx }
                if doubled <= dx { error += dx; y += sy }
            }
        }

        // Per dot column, in time order: the first and the last point's row, the lowest and
        // highest row. A column's points join into one vertical run (a path through them
        // covers exactly that), and each column joins the next from its last point to the
        // next one's first: the same drawing as segment by segment, in O(points + dots).
        var firstTime = [Double](repeating: 0, count: dotWidth)
        var lastTime = [Double](repeating: 0, count: dotWidth)
        var firstY = [Int](repeating: 0, count: dotWidth)
        var lastY = [Int](repeating: 0, count: dotWidth)
        var topY = [Int](repeating: 0, count: dotWidth)
        var bottomY = [Int](repeating: 0, count: dotWidth)
        var used = [Bool](repeating: false, count: dotWidth)
        for (owner, series) in series.enumerated() {
            for x in 0..<dotWidth { used[x] = false }
            var plotted = 0
            for point in series.points where point.isPlottable {
                plotted += 1
                let x = layout.dotX(point.time), y = layout.dotY(point.value)
                if !used[x] {
                    used[x] = true
                    firstTime[x] = point.time; lastTime[x] = point.time
                    firstY[x] = y; lastY[x] = y; topY[x] = y; bottomY[x] = y
                    continue
                }
                if point.time < firstTime[x] { firstTime[x] = point.time; firstY[x] = y }
                if point.time >= lastTime[x] { lastTime[x] = point.time; lastY[x] = y }
                topY[x] = min(topY[x], y)
                bottomY[x] = max(bottomY[x], y)
            }
            var previous: (x: Int, y: Int)?
            for x in 0..<dotWidth where used[x] {
                if let previous { line(from: previous, to: (x, firstY[x]), owner) }
                for y in topY[x]...bottomY[x] { setDot(x, y, owner) }
                previous = (x, lastY[x])
            }
            // Each point its own mark only when there is room for them to stand apart;
            // abnormal points always.
            let marksEveryPoint = plotted * 2 <= columns
            for point in series.points where point.isPlottable {
                let kind: UInt8 = isMarkedAbnormal(point, inSeries: owner) ? 2 : marksEveryPoint ? 1 : 0
                let cell = (layout.dotY(point.value) >> 2) * columns + (layout.dotX(point.time) >> 1)
                if kind > marks[cell] {
                    marks[cell] = kind
                    markOwner[cell] = owner
                }
            }
        }

        let rangeRows = Set(drawnRanges.flatMap { [$0.low, $0.high] }.compactMap { $0 }.map { layout.row(value: $0) - plot.y })
        var cursorCell: (x: Int, y: Int)?
        if let point = cursorPoint, point.isPlottable {
            cursorCell = (layout.dotX(point.time) >> 1, layout.dotY(point.value) >> 2)
        }
        let marksOfSeries = series.indices.map { mark(ofSeries: $0) }
        let styles = series.map { $0.style ?? theme.normal }
        for row in 0..<plot.height {
            for column in 0..<columns {
                let cell = row * columns + column
                let character: Character
                let style: Style
                switch marks[cell] {
                case 2: (character, style) = (Self.abnormalMark, theme.error)
                case 1: (character, style) = (marksOfSeries[markOwner[cell]], styles[markOwner[cell]])
                default:
                    if dots[cell] != 0 {
                        (character, style) = (Character(Unicode.Scalar(0x2800 + UInt32(dots[cell]))!), styles[dotOwner[cell]])
                    } else if rangeRows.contains(row) {
                        (character, style) = (Self.rangeLine, theme.muted)
                    } else if column == cursorCell?.x {
                        (character, style) = (Self.cursorGuide, theme.muted)
                    } else {
                        continue
                    }
                }
                buffer[plot.x + column, plot.y + row] = Cell(character, style: style)
            }
        }
        if let cursorCell, let point = cursorPoint {
            let character = isMarkedAbnormal(point) ? Self.abnormalMark : marksOfSeries[0]
            buffer[plot.x + cursorCell.x, plot.y + cursorCell.y] = Cell(character, style: theme.selected)
        }
    }

    /// The value axis (│ with ┤ at each labelled value), the time axis (└──┬──) and dates.
    private func drawAxes(_ layout: Layout, into buffer: inout CellBuffer, theme: Theme) {
        let area = layout.area
        let plot = layout.plot
        let axisX = plot.x - 1
        let tickRows = Set(layout.valueTicks.map(\.row))
        for row in plot.y..<plot.maxY {
            buffer[axisX, row] = Cell(tickRows.contains(row) ? "┤" : "│", style: theme.muted)
        }
        let labelWidth = axisX - area.x
        for tick in layout.valueTicks {
            let width = DisplayWidth.of(tick.label, atMost: labelWidth + 1)
            buffer.writeMarkingCut(tick.label, x: max(area.x, axisX - width), y: tick.row, style: theme.normal, limit: labelWidth)
        }
        if let row = layout.timeAxisRow {
            let tickColumns = Set(layout.timeLabels.map(\.column))
            buffer[axisX, row] = Cell("└", style: theme.muted)
            for column in plot.x..<plot.endX {
                buffer[column, row] = Cell(tickColumns.contains(column) ? "┬" : "─", style: theme.muted)
            }
        }
        for label in layout.timeLabels {
            buffer.writeMarkingCut(label.label, x: label.x, y: layout.timeLabelRow, style: theme.normal, limit: area.endX - label.x)
        }
    }

    /// "▸ 12/03/2024 : 7,4 % ◆ hors norme", with the other series' values at the same time
    /// ("Systolique 152 mmHg ◆ · Diastolique 95 mmHg"), and the point's place ("3/24").
    private func drawCursorLine(_ layout: Layout, into buffer: inout CellBuffer, theme: Theme) {
        guard let index = cursorIndex else { return }
        let area = layout.area
        let point = series[0].points[index]
        let date = point.time.isFinite ? formatDate(point.time) : "?"
        var text = "▸ " + date + wording.colon
        var style = theme.normal
        var position = ""
        if point.isPlottable {
            // Its place in time among the drawn points, counted rather than sorted: O(points).
            var rank = 1
            var count = 0
            for (other, candidate) in series[0].points.enumerated() where candidate.isPlottable {
                count += 1
                if candidate.time < point.time || (candidate.time == point.time && other < index) { rank += 1 }
            }
            position = "\(rank)/\(count)"
            func said(_ point: Point) -> String {
                point.text ?? (valueText(point.value) + (unit.isEmpty ? "" : " " + unit))
            }
            if series.count == 1 {
                text += said(point)
                if isMarkedAbnormal(point) { text += " \(Self.abnormalMark) \(wording.abnormal)" }
            } else {
                var parts: [String] = []
                for (rank, other) in series.enumerated() {
                    let match = rank == 0 ? point : other.points.first { $0.isPlottable && $0.time == point.time }
                    guard let match else { continue }
                    parts.append("\(other.name) \(said(match))" + (isMarkedAbnormal(match, inSeries: rank) ? " \(Self.abnormalMark)" : ""))
                }
                text += parts.joined(separator: " · ")
            }
            if isMarkedAbnormal(point) { style = theme.error }
        } else {
            text += wording.notPlotted
            style = theme.muted
        }
        let positionWidth = DisplayWidth.of(position)
        let textWidth = DisplayWidth.of(text, atMost: area.width + 1)
        if !position.isEmpty && textWidth + 2 + positionWidth <= area.width {
            buffer.write(text, x: area.x, y: layout.cursorRow, style: style, limit: area.width)
            buffer.write(position, x: area.endX - positionWidth, y: layout.cursorRow, style: theme.muted)
        } else {
            buffer.writeMarkingCut(text, x: area.x, y: layout.cursorRow, style: style, limit: area.width)
        }
    }
}

extension Rect {
    /// The column just right of the rectangle. File-private, under a name of its own, so a
    /// `maxX` added to `Rect` one day cannot collide with it.
    fileprivate var endX: Int { x + width }
}
