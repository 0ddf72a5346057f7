import Testing
import TerminalKit

/// What the chart tests share, under one name so it meets no other test file's helpers.
enum ChartFixtures {
    /// A test's days as "dd/mm/yyyy", from seconds since the epoch: TerminalKit has no calendar,
    /// so the tests bring their own (days to civil date, proleptic Gregorian).
    @Sendable static func frenchDate(_ time: Double) -> String {
        let days = Int((time / 86_400).rounded(.down))
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(two(day))/\(two(month))/\(year)"
    }

    /// "J3": a day number, for charts whose dates do not matter.
    @Sendable static func dayNumber(_ time: Double) -> String { "J\(Int((time / 86_400).rounded(.down)))" }

    static let day = 86_400.0
    /// 15/01/2019.
    static let start2019 = 17_911 * day

    enum Samples {
        /// Six years of quarterly HbA1c, 6.1 to 8.4 %, the norm below 7.0 %.
        static let hba1cValues = [6.1, 6.3, 6.4, 6.8, 7.2, 7.6, 8.1, 8.4, 8.0, 7.5, 7.1, 6.9,
                                  6.7, 6.6, 6.8, 7.0, 7.3, 7.1, 6.9, 6.6, 6.5, 6.4, 6.3, 6.2]
        static func hba1c(cursor: Int? = nil, theme: Theme = .color) -> Chart {
            let points = hba1cValues.enumerated().map { index, value in
                Chart.Point(time: start2019 + Double(index) * 91.3 * day, value: value, isAbnormal: value > 7.0)
            }
            return Chart(series: [Chart.Series(name: "HbA1c", points: points)], referenceRange: .init(high: 7.0), unit: "%",
                         formatDate: frenchDate, cursor: cursor)
        }

        /// Blood pressure at irregular visits over two years: systolic and diastolic together,
        /// each with its own norm.
        static func bloodPressure() -> Chart {
            let visits: [(Double, Double, Double)] = [
                (0, 128, 82), (40, 135, 85), (61, 142, 91), (130, 151, 95), (150, 146, 92), (220, 138, 88), (300, 132, 84),
                (310, 129, 80), (400, 124, 79), (470, 136, 86), (520, 158, 98), (560, 141, 90), (640, 127, 81), (700, 122, 78),
            ]
            let systolic = visits.map { Chart.Point(time: start2019 + $0.0 * day, value: $0.1, isAbnormal: $0.1 > 140) }
            let diastolic = visits.map { Chart.Point(time: start2019 + $0.0 * day, value: $0.2, isAbnormal: $0.2 > 90) }
            return Chart(series: [Chart.Series(name: "Systolique", points: systolic, referenceRange: .init(high: 140)),
                                  Chart.Series(name: "Diastolique", points: diastolic, referenceRange: .init(high: 90))],
                         unit: "mmHg", formatDate: frenchDate)
        }
    }

    static func render(_ chart: Chart, width: Int, height: Int, theme: Theme = .color) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        chart.render(area: buffer.area, into: &buffer, theme: theme)
        return buffer
    }

    static func simple(_ values: [(time: Double, value: Double)], range: Chart.ReferenceRange? = nil, abnormal: Set<Int> = []) -> Chart {
        let points = values.enumerated().map { Chart.Point(time: $1.time, value: $1.value, isAbnormal: abnormal.contains($0)) }
        return Chart(series: [Chart.Series(name: "test", points: points)], referenceRange: range, unit: "mmol/L", formatDate: ChartFixtures.dayNumber)
    }

    /// The characters of the plot's cells.
    static func plotCharacters(_ buffer: CellBuffer, _ layout: Chart.Layout) -> [Character] {
        var characters: [Character] = []
        for y in layout.plot.y..<layout.plot.maxY {
            for x in layout.plot.x..<(layout.plot.x + layout.plot.width) { characters.append(buffer[x, y].character) }
        }
        return characters
    }

    static func isBraille(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { (0x2801...0x28FF).contains($0.value) } ?? false
    }
}

@Suite("Chart: scaling")
struct ChartScalingTests {
    let day = ChartFixtures.day

    @Test("time is to scale: points at t = 0, 1 and 10 stand at 0, a tenth and the whole width")
    func realTimeSpacing() throws {
        let chart = ChartFixtures.simple([(0, 5), (day, 6), (10 * day, 5.5)])
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let columns = [0, day, 10 * day].map { layout.column(time: $0) }
        #expect(columns[0] == layout.plot.x)
        #expect(columns[2] == layout.plot.x + layout.plot.width - 1)
        let share = Double(columns[1] - columns[0]) / Double(columns[2] - columns[0])
        #expect(abs(share - 0.1) < 0.03, "the second point is a tenth of the way, not a half")
        // Drawn where the layout says: the two older points with the series' mark, the
        // latest (the cursor) too, in the selected style.
        for (time, value) in [(0.0, 5.0), (day, 6.0)] {
            #expect(buffer[layout.column(time: time), layout.row(value: value)].character == "•")
        }
        let cursor = buffer[layout.column(time: 10 * day), layout.row(value: 5.5)]
        #expect(cursor.character == "•" && cursor.style == Theme.color.selected)
    }

    @Test("one point: a single marked point in the middle, and one date under it")
    func onePoint() throws {
        let chart = ChartFixtures.simple([(100 * day, 4.2)])
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let x = layout.column(time: 100 * day), y = layout.row(value: 4.2)
        #expect(abs(x - (layout.plot.x + layout.plot.width / 2)) <= 1)
        #expect(abs(y - (layout.plot.y + layout.plot.height / 2)) <= 1)
        #expect(buffer[x, y].character == "•")
        #expect(layout.timeLabels.map(\.label) == ["J100"])
        #expect(buffer.lines[layout.cursorRow].hasPrefix("▸ J100 : 4,2 mmol/L"))
        #expect(ChartFixtures.plotCharacters(buffer, layout).filter(ChartFixtures.isBraille).isEmpty, "no line to draw from a single point")
    }

    @Test("two points on the same day share a column, one above the other")
    func sameTime() throws {
        let chart = ChartFixtures.simple([(0, 5), (3 * day, 9), (3 * day, 4), (6 * day, 6)])
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let x = layout.column(time: 3 * day)
        #expect(layout.row(value: 9) < layout.row(value: 4))
        #expect(buffer[x, layout.row(value: 9)].character == "•")
        #expect(buffer[x, layout.row(value: 4)].character == "•")
        // Joined by a vertical run of dots between them.
        let between = (layout.row(value: 9) + 1)..<layout.row(value: 4)
        #expect(between.allSatisfy { ChartFixtures.isBraille(buffer[x, $0].character) })
    }

    @Test("all values equal: a flat line in the middle")
    func allEqual() throws {
        let chart = ChartFixtures.simple((0..<40).map { (Double($0) * day, 5.0) })
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let row = layout.row(value: 5)
        #expect(abs(row - (layout.plot.y + layout.plot.height / 2)) <= 1)
        let columns = layout.plot.x..<(layout.plot.x + layout.plot.width)
        #expect(columns.allSatisfy { buffer[$0, row].character != " " }, "a line across the whole plot")
        for y in layout.plot.y..<layout.plot.maxY where y != row {
            #expect(columns.allSatisfy { !ChartFixtures.isBraille(buffer[$0, y].character) })
        }
        #expect((3...5).contains(layout.valueTicks.count))
    }

    @Test("values far outside the range are still on screen, and marked abnormal even if not flagged")
    func farOutside() throws {
        let chart = ChartFixtures.simple([(0, 5), (day, 5.5), (2 * day, 48), (3 * day, 0.2)], range: .init(low: 4, high: 6))
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        #expect(layout.valueRange.contains(48) && layout.valueRange.contains(0.2))
        #expect(buffer[layout.column(time: 2 * day), layout.row(value: 48)].character == "◆")
        #expect(buffer[layout.column(time: 2 * day), layout.row(value: 48)].style == Theme.color.error)
        // The range is drawn even though the values dwarf it, and the in-range points are ordinary.
        #expect(layout.row(value: 4) >= layout.plot.y && layout.row(value: 6) < layout.plot.maxY)
        #expect(buffer[layout.column(time: 0), layout.row(value: 5)].character == "•")
        #expect(chart.isMarkedAbnormal(Chart.Point(time: 0, value: 48)))
        #expect(!chart.isMarkedAbnormal(Chart.Point(time: 0, value: 5)))
    }

    @Test("huge and tiny finite values place points without overflow")
    func extremes() throws {
        let sets: [[Double]] = [[1e308, -1e308, 0], [Double.leastNonzeroMagnitude, 0, Double.leastNonzeroMagnitude * 2000], [1e15 + 0.5, 1e15, 1e15 + 1]]
        for values in sets {
            let chart = ChartFixtures.simple(values.enumerated().map { (time: Double($0.offset) * day, value: $0.element) })
            let buffer = ChartFixtures.render(chart, width: 60, height: 16)
            let layout = try #require(chart.layout(area: buffer.area))
            for value in values {
                #expect(layout.row(value: value) >= layout.plot.y && layout.row(value: value) < layout.plot.maxY)
            }
            #expect(!layout.valueTicks.isEmpty)
            #expect(layout.valueTicks.allSatisfy { layout.plot.y..<layout.plot.maxY ~= $0.row })
        }
    }
}

@Suite("Chart: reference range")
struct ChartRangeTests {
    let day = ChartFixtures.day

    @Test("a range with only a high bound: one dashed line at that value, said in the legend")
    func onlyHigh() throws {
        let chart = ChartFixtures.Samples.hba1c()
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let row = layout.row(value: 7.0)
        let line = buffer.lines[row]
        #expect(line.contains("┈"))
        #expect(!chart.isRangeIgnored)
        #expect(buffer.lines[0].contains("┈ réf. ≤ 7"))
        #expect(layout.valueTicks.contains { $0.value == 7 && $0.row == row }, "the axis labels the line")
        // The only dashed row.
        let dashedRows = (layout.plot.y..<layout.plot.maxY).filter { buffer.lines[$0].contains("┈") }
        #expect(dashedRows == [row])
    }

    @Test("low above high: nothing drawn, the chart says so, and the scale ignores the bounds")
    func inverted() throws {
        let chart = ChartFixtures.simple([(0, 5), (day, 6), (2 * day, 5.5)], range: .init(low: 100, high: 1))
        #expect(chart.isRangeIgnored)
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        #expect(!ChartFixtures.plotCharacters(buffer, layout).contains("┈"))
        #expect(buffer.lines.contains { $0.contains("Normes incohérentes, non tracées") })
        // A short area has no row for it: the header says it before its legend.
        #expect(ChartFixtures.render(chart, width: 60, height: 8).lines[0].hasPrefix("mmol/L  Normes incohérentes"))
        #expect(!layout.valueRange.contains(100) && !layout.valueRange.contains(1))
        #expect(!ChartFixtures.plotCharacters(buffer, layout).contains("◆"), "points are not abnormal against an ignored range")
    }

    @Test("a bound that is not a number ignores the range", arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteBound(_ bound: Double) {
        let chart = ChartFixtures.simple([(0, 5), (day, 6)], range: .init(low: bound, high: 7))
        #expect(chart.isRangeIgnored)
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        #expect(!buffer.lines.joined().contains("┈"))
    }

    @Test("blood pressure: both series share the axes, each with its norm line and its legend")
    func bloodPressure() throws {
        let chart = ChartFixtures.Samples.bloodPressure()
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let header = buffer.lines[0]
        #expect(header.contains("• Systolique") && header.contains("◦ Diastolique"))
        // Too long for 60 columns, the legend drops the bounds: the value axis labels each line.
        #expect(header.hasSuffix("┈ réf.     "))
        #expect(ChartFixtures.render(chart, width: 100, height: 16).lines[0].contains("┈ réf. ≤ 140 / ≤ 90"))
        for bound in [140.0, 90] {
            let line = buffer.lines[layout.row(value: bound)]
            #expect(line.hasPrefix(bound == 90 ? " 90┤" : "140┤") && line.contains("┈"))
        }
        // Diastolic 91 is above its own norm (90) but under the systolic one: marked.
        #expect(chart.isMarkedAbnormal(Chart.Point(time: 0, value: 91), inSeries: 1))
        #expect(!chart.isMarkedAbnormal(Chart.Point(time: 0, value: 91), inSeries: 0))
        let cursorLine = buffer.lines[layout.cursorRow]
        #expect(cursorLine.contains("Systolique 122 mmHg") && cursorLine.contains("Diastolique 78 mmHg"))
    }
}

@Suite("Chart: bad input")
struct ChartBadInputTests {
    let day = ChartFixtures.day

    @Test("NaN and infinite times or values are left off, counted and said; the cursor steps over them")
    func nonFinite() throws {
        let values: [(Double, Double)] = [(0, 5), (day, .nan), (2 * day, 6), (.infinity, 7), (3 * day, -.infinity), (4 * day, 5.5), (.nan, 1)]
        var chart = ChartFixtures.simple(values)
        #expect(chart.unplottedCount == 4)
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        #expect(layout.timeRange == 0...(4 * day))
        #expect(layout.valueRange.lowerBound > 4 && layout.valueRange.upperBound < 7)
        #expect(buffer.lines.contains { $0.contains("4 valeurs non tracées") })
        #expect(chart.cursor == 5, "the latest placeable point")
        chart.moveCursor(by: -1)
        #expect(chart.cursor == 2)
        chart.moveCursor(by: -1)
        #expect(chart.cursor == 0)
        chart.cursor = 1 // a NaN value, chosen in the table
        let onNaN = ChartFixtures.render(chart, width: 60, height: 16)
        #expect(onNaN.lines[layout.cursorRow].hasPrefix("▸ J1 : valeur non tracée"))
        chart.moveCursor(by: 1)
        #expect(chart.cursor == 2)
    }

    @Test("nothing placeable at all: a notice, not an empty frame")
    func nothingPlaceable() {
        let chart = ChartFixtures.simple([(0, .nan), (.nan, 3)])
        #expect(chart.layout(area: Rect(x: 0, y: 0, width: 60, height: 16)) == nil)
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        #expect(buffer.lines.contains { $0.contains("Aucune valeur à tracer") })
        #expect(ChartFixtures.render(Chart(series: [], formatDate: ChartFixtures.dayNumber), width: 60, height: 16).lines.contains { $0.contains("Aucune valeur") })
    }

    @Test("10 000 points render, at every size, into the area only")
    func manyPoints() throws {
        // A zigzag from top to bottom at every point: the worst case for line drawing.
        let points = (0..<10_000).map { (index: Int) -> Chart.Point in
            let value: Double = index % 2 == 0 ? 1 : 300
            return Chart.Point(time: Double(index) * 3600, value: value, isAbnormal: index % 97 == 0)
        }
        let chart = Chart(series: [Chart.Series(name: "x", points: points)], referenceRange: .init(low: 50, high: 200),
                          formatDate: ChartFixtures.frenchDate)
        for (width, height) in [(200, 60), (50, 14), (20, 6)] {
            let buffer = ChartFixtures.render(chart, width: width, height: height)
            let layout = try #require(chart.layout(area: buffer.area))
            #expect(ChartFixtures.plotCharacters(buffer, layout).contains("◆"))
        }
    }

    @Test("nothing is written outside the area, whatever its size or place", arguments: [
        Rect(x: 10, y: 5, width: 60, height: 16), Rect(x: 3, y: 2, width: 50, height: 14), Rect(x: 1, y: 1, width: 5, height: 3),
        Rect(x: 0, y: 0, width: 20, height: 6), Rect(x: 70, y: 30, width: 60, height: 16), Rect(x: -5, y: -3, width: 30, height: 10),
    ])
    func staysInside(_ area: Rect) {
        let sentinel = Cell("X", style: Style(foreground: .magenta))
        for chart in [ChartFixtures.Samples.hba1c(), ChartFixtures.Samples.bloodPressure(), ChartFixtures.simple([(0, .nan)]), ChartFixtures.simple([(0, 3)], range: .init(low: 9, high: 1))] {
            var buffer = CellBuffer(width: 100, height: 40)
            for y in 0..<40 { for x in 0..<100 { buffer[x, y] = sentinel } }
            chart.render(area: area, into: &buffer, theme: .color)
            for y in 0..<40 {
                for x in 0..<100 where !area.contains(x: x, y: y) {
                    #expect(buffer[x, y] == sentinel, "cell \(x),\(y) outside \(area)")
                }
            }
        }
    }

    @Test("an area too small draws the caller's one-line notice", arguments: [(19, 16), (60, 5), (8, 2)])
    func tooSmall(_ width: Int, _ height: Int) {
        let buffer = ChartFixtures.render(ChartFixtures.Samples.hba1c(), width: width, height: height)
        #expect(buffer.lines[0].hasPrefix(String("Fenêtre trop petite pour le graphique".prefix(width - 1))))
        #expect(buffer.lines.dropFirst().allSatisfy { $0.allSatisfy { $0 == " " } })
        var english = ChartFixtures.Samples.hba1c()
        english.wording = .english
        #expect(ChartFixtures.render(english, width: width, height: height).lines[0].hasPrefix("Window"))
    }

    @Test("a mark the caller gives that is wide or a control character falls back to the default")
    func badMark() throws {
        for mark: Character in ["漢", "\u{1B}", "🩺"] {
            let chart = Chart(series: [Chart.Series(name: "x", points: [.init(time: 0, value: 1), .init(time: day, value: 2)], mark: mark)],
                              formatDate: ChartFixtures.dayNumber, cursor: 1)
            let buffer = ChartFixtures.render(chart, width: 60, height: 16)
            let layout = try #require(chart.layout(area: buffer.area))
            #expect(buffer[layout.column(time: 0), layout.row(value: 1)].character == "•")
        }
    }
}

@Suite("Chart: cursor, axes, monochrome")
struct ChartDisplayTests {
    let day = ChartFixtures.day

    @Test("← and → move the cursor point to point, clamped; its date and value are written under the chart")
    func cursor() throws {
        var chart = ChartFixtures.Samples.hba1c()
        #expect(chart.cursor == 23)
        #expect(chart.cursorPoint?.value == 6.2)
        chart.moveCursor(by: 1)
        #expect(chart.cursor == 23)
        chart.moveCursor(by: -16)
        #expect(chart.cursor == 7)
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        let layout = try #require(chart.layout(area: buffer.area))
        let line = buffer.lines[layout.cursorRow]
        #expect(line.hasPrefix("▸ \(ChartFixtures.frenchDate(ChartFixtures.start2019 + 7 * 91.3 * day)) : 8,4 % ◆ hors norme"))
        #expect(line.hasSuffix("8/24"))
        let cell = buffer[layout.column(time: ChartFixtures.start2019 + 7 * 91.3 * day), layout.row(value: 8.4)]
        #expect(cell.character == "◆" && cell.style == Theme.color.selected)
        // The guide down the cursor's column, in the cells left empty.
        #expect((layout.plot.y..<layout.plot.maxY).contains { buffer[layout.column(time: ChartFixtures.start2019 + 7 * 91.3 * day), $0].character == "┊" })
        chart.moveCursor(by: .min)
        #expect(chart.cursor == 0)
        chart.moveCursor(by: .max)
        #expect(chart.cursor == 23)
        chart.moveCursorToFirst()
        #expect(chart.cursor == 0)
        chart.cursor = 999
        #expect(chart.cursorPoint?.value == 6.2, "clamped")
        chart.moveCursor(by: -1)
        #expect(chart.cursor == 22, "one step back from the point drawn as selected")
    }

    @Test("points out of time order: the cursor still walks in time order")
    func unordered() {
        var chart = ChartFixtures.simple([(5 * day, 1), (0, 2), (9 * day, 3), (2 * day, 4)])
        #expect(chart.cursor == 2)
        chart.moveCursor(by: -1)
        #expect(chart.cursor == 0)
        chart.moveCursor(by: -1)
        #expect(chart.cursor == 3)
        chart.moveCursor(by: -1)
        #expect(chart.cursor == 1)
    }

    @Test("a value's own text is shown as written")
    func valueText() throws {
        let points = [Chart.Point(time: 0, value: 0.5, text: "< 0.5 mg/L"), Chart.Point(time: day, value: 3.25, text: "3.25 mg/L")]
        var chart = Chart(series: [Chart.Series(name: "CRP", points: points)], unit: "mg/L", formatDate: ChartFixtures.dayNumber)
        let layout = try #require(chart.layout(area: Rect(x: 0, y: 0, width: 60, height: 16)))
        #expect(ChartFixtures.render(chart, width: 60, height: 16).lines[layout.cursorRow].hasPrefix("▸ J1 : 3.25 mg/L"))
        chart.moveCursor(by: -1)
        #expect(ChartFixtures.render(chart, width: 60, height: 16).lines[layout.cursorRow].hasPrefix("▸ J0 : < 0.5 mg/L"))
    }

    @Test("axes are labelled at 80×24 (a 50×14 pane) and at 200×60", arguments: [(50, 14), (200, 60), (60, 16), (20, 6)])
    func axes(_ width: Int, _ height: Int) throws {
        let chart = ChartFixtures.Samples.hba1c()
        let buffer = ChartFixtures.render(chart, width: width, height: height)
        let layout = try #require(chart.layout(area: buffer.area))
        #expect(buffer.lines[0].hasPrefix("%"), "the unit above the value axis")
        #expect((height >= 14 ? 3 : 2)...(layout.plot.height >= 24 ? 7 : 5) ~= layout.valueTicks.count)
        for tick in layout.valueTicks {
            #expect(buffer.lines[tick.row].hasPrefix(String(repeating: " ", count: layout.plot.x - 1 - tick.label.count) + tick.label + "┤"))
        }
        let rows = layout.valueTicks.map(\.row)
        #expect(rows == rows.sorted() && Set(rows).count == rows.count)
        let dates = buffer.lines[layout.timeLabelRow]
        #expect(dates.contains(ChartFixtures.frenchDate(ChartFixtures.start2019)))
        #expect(dates.contains(ChartFixtures.frenchDate(ChartFixtures.start2019 + 23 * 91.3 * day)) || width < 25)
        if width >= 50 { #expect(layout.timeLabels.count >= (width >= 200 ? 5 : 2)) }
        if let axis = layout.timeAxisRow { #expect(buffer.lines[axis].contains("└") && buffer.lines[axis].contains("┬")) }
        #expect(layout.valueTicks.map(\.label).allSatisfy { $0.allSatisfy { $0.isNumber || $0 == "," } })
    }

    @Test("without colour the range, abnormal points and the cursor are still characters and attributes")
    func monochrome() throws {
        let chart = ChartFixtures.Samples.hba1c()
        let buffer = ChartFixtures.render(chart, width: 60, height: 16, theme: .monochrome)
        let layout = try #require(chart.layout(area: buffer.area))
        let plot = ChartFixtures.plotCharacters(buffer, layout)
        #expect(plot.contains("┈") && plot.contains("◆") && plot.contains("•"))
        #expect(buffer.lines[0].contains("◆ hors norme"))
        #expect(buffer.cells.allSatisfy { $0.style.foreground == nil && $0.style.background == nil })
        let cursor = buffer[layout.column(time: ChartFixtures.start2019 + 23 * 91.3 * day), layout.row(value: 6.2)]
        #expect(cursor.style.reverse)
    }

    @Test("English wording and a caller's number format")
    func wording() throws {
        var chart = ChartFixtures.Samples.hba1c()
        chart.wording = .english
        let buffer = ChartFixtures.render(chart, width: 60, height: 16)
        #expect(buffer.lines[0].contains("◆ abnormal") && buffer.lines[0].contains("ref. ≤ 7"))
        let layout = try #require(chart.layout(area: buffer.area))
        #expect(layout.valueTicks.contains { $0.label.contains(".") } || layout.valueTicks.allSatisfy { !$0.label.contains(",") })
        chart.formatValue = { "<\(Int($0))>" }
        let custom = try #require(chart.layout(area: buffer.area))
        #expect(custom.valueTicks.allSatisfy { $0.label.hasPrefix("<") })
    }

    @Test("a click maps to the nearest point")
    func click() throws {
        let chart = ChartFixtures.simple([(0, 5), (day, 6), (10 * day, 5.5)])
        let area = Rect(x: 0, y: 0, width: 60, height: 16)
        let layout = try #require(chart.layout(area: area))
        #expect(chart.pointIndex(nearColumn: layout.column(time: day) + 1, area: area) == 1)
        #expect(chart.pointIndex(nearColumn: 59, area: area) == 2)
    }
}

@Suite("Sparkline")
struct SparklineTests {
    @Test("one block a value, lowest to highest")
    func levels() {
        #expect(Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8], width: 20) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([0, 10], width: 20) == "▁█")
    }

    @Test("the last `width` values only, scaled among themselves")
    func lastValues() {
        #expect(Sparkline.render([100, 1, 2], width: 2) == "▁█")
        #expect(Sparkline.render([1, 2, 3], width: 0) == "")
        #expect(Sparkline.render([], width: 5) == "")
    }

    @Test("all equal: a flat middle line; one value too")
    func flat() {
        #expect(Sparkline.render([5, 5, 5], width: 10) == "▄▄▄")
        #expect(Sparkline.render([42], width: 10) == "▄")
    }

    @Test("a value that is not a number is a space, in its place")
    func nonFinite() {
        #expect(Sparkline.render([1, .nan, 8, .infinity, -.infinity], width: 10) == "▁ █  ")
        #expect(Sparkline.render([.nan, .nan], width: 10) == "  ")
        #expect(Sparkline.render([1e308, -1e308], width: 10) == "█▁")
    }
}
