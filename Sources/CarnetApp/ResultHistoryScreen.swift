import CarnetModel
import TerminalKit

/// Every value of one test: a table (date, value, flag, range, who reported it, the source
/// document) and a chart of the values against time, with a cursor that ←/→ moves from
/// point to point and the table follows. The chart sits above the table, or beside it on a
/// wide screen. Everything shown was read with the pane: opening it reads nothing more.
struct ResultHistoryScreen {
    /// One line of the table: a value, or for blood pressure a day's reading.
    struct Row: Equatable {
        var date: CalendarDate?
        var value: String
        var flag: ResultFlag?
        var range: String
        var source: String
        /// The chart point this row is (an index into the first series' points); nil when not plotted.
        var point: Int?
    }

    enum Outcome: Equatable {
        case close
        case help
    }

    let test: ResultTest
    let plot: ResultPlot
    let rows: [Row]
    var list = ListState()
    var cursor: Int?
    let strings: Strings
    /// Built once: a key moves the cursor, it does not change the points or the table.
    private let baseChart: Chart
    private let table: (header: String, lines: [String], abnormal: [Bool])

    init(test: ResultTest, today: CalendarDate, strings s: Strings, readByPatient: Bool, patientSex: Sex?) {
        self.test = test
        self.strings = s
        plot = ResultPlot(test, today: today, seriesNames: (s.systolicName, s.diastolicName))
        // Value index → its point on the chart (first series), and why it is not plotted:
        // by index, so that 10 000 values cost 10 000 steps, not their square.
        var pointOf = [Int?](repeating: nil, count: test.values.count)
        for (index, point) in (plot.series.first?.points ?? []).enumerated() { pointOf[point.valueIndex] = index }
        var reasonOf = [ResultPlot.Unplotted?](repeating: nil, count: test.values.count)
        for value in plot.unplotted where reasonOf[value.valueIndex] == nil { reasonOf[value.valueIndex] = value.reason }
        func source(_ result: LabResult, unplotted: ResultPlot.Unplotted?) -> String {
            var parts = [s.author(result.author, readByPatient: readByPatient, patientSex: patientSex)]
            if let title = result.documentTitle ?? result.report { parts.append(Sanitizer.clean(title)) }
            if let unplotted { parts.insert(s.unplottedReason(unplotted), at: 0) }
            return parts.joined(separator: " · ")
        }
        if test.isBloodPressure {
            // One row a day: systolic/diastolic together, as they were taken.
            var days: [CalendarDate?] = []
            var byDay: [CalendarDate?: (systolic: Int?, diastolic: Int?)] = [:]
            for (index, value) in test.values.enumerated() {
                if byDay[value.date] == nil { days.append(value.date); byDay[value.date] = (nil, nil) }
                if ResultTest.systolic.contains(value.code ?? ""), byDay[value.date]?.systolic == nil { byDay[value.date]?.systolic = index }
                if ResultTest.diastolic.contains(value.code ?? ""), byDay[value.date]?.diastolic == nil { byDay[value.date]?.diastolic = index }
            }
            rows = days.map { day in
                let pair = byDay[day] ?? (nil, nil)
                let systolic = pair.systolic.map { test.values[$0] }, diastolic = pair.diastolic.map { test.values[$0] }
                let any = (pair.systolic ?? pair.diastolic)!
                let flags = [systolic, diastolic].compactMap { $0?.flag }
                let ranges = [systolic, diastolic].compactMap { $0?.referenceRange }.map(s.resultRange)
                return Row(date: day, value: s.bloodPressure([systolic, diastolic]), flag: flags.min(), range: ranges.joined(separator: " / "),
                           source: source(test.values[any], unplotted: reasonOf[any]), point: pair.systolic.flatMap { pointOf[$0] })
            }
        } else {
            rows = test.values.enumerated().map { index, value in
                Row(date: value.date, value: s.resultValue(value), flag: value.flag, range: s.resultRange(value.referenceRange),
                    source: source(value, unplotted: reasonOf[index]), point: pointOf[index])
            }
        }
        cursor = rows.first?.point
        baseChart = Self.chart(of: plot, strings: s)
        table = Self.table(of: rows, strings: s)
    }

    // MARK: - Keys

    mutating func handle(_ key: Key, keys: KeyMap, rows visibleRows: Int) -> Outcome? {
        switch keys.action(for: key, at: .resultHistory) {
        case .up: select(list.selected - 1, visibleRows: visibleRows)
        case .down: select(list.selected + 1, visibleRows: visibleRows)
        case .pageUp: select(list.selected - visibleRows, visibleRows: visibleRows)
        case .pageDown: select(list.selected + visibleRows, visibleRows: visibleRows)
        // The chart runs left to right, oldest to newest; the table newest first.
        case .previousPoint: movePoint(by: -1, visibleRows: visibleRows)
        case .nextPoint: movePoint(by: 1, visibleRows: visibleRows)
        case .firstPoint: movePoint(by: -Int.max / 2, visibleRows: visibleRows)
        case .lastPoint: movePoint(by: Int.max / 2, visibleRows: visibleRows)
        case .back, .leave: return .close
        case .help: return .help
        default: break
        }
        return nil
    }

    /// Selects a table row, and its point on the chart when it has one.
    private mutating func select(_ index: Int, visibleRows: Int) {
        list.selected = min(max(0, index), max(0, rows.count - 1))
        list.scrollToSelection(visibleRows: visibleRows, count: rows.count)
        if let point = rows.indices.contains(list.selected) ? rows[list.selected].point : nil { cursor = point }
    }

    private mutating func movePoint(by delta: Int, visibleRows: Int) {
        var chart = self.chart
        chart.moveCursor(by: delta)
        cursor = chart.cursorIndex
        if let cursor, let row = rows.firstIndex(where: { $0.point == cursor }) {
            list.selected = row
            list.scrollToSelection(visibleRows: visibleRows, count: rows.count)
        }
    }

    // MARK: - Drawing

    /// The chart, its cursor where the screen has it.
    var chart: Chart {
        var chart = baseChart
        if let cursor { chart.cursor = cursor }
        return chart
    }

    private static func chart(of plot: ResultPlot, strings: Strings) -> Chart {
        let french = strings.language == .french
        let series = plot.series.map { line in
            Chart.Series(name: line.name,
                         points: line.points.map { Chart.Point(time: Double($0.date.daysSinceEpoch) * 86_400, value: $0.value, isAbnormal: $0.isAbnormal,
                                                               text: strings.resultValue($0.result)) },
                         referenceRange: line.rangeLow == nil && line.rangeHigh == nil ? nil : Chart.ReferenceRange(low: line.rangeLow, high: line.rangeHigh))
        }
        let unit = plot.unit.map { Sanitizer.clean($0).replacingOccurrences(of: "[Hg]", with: "Hg") } ?? ""
        return Chart(series: series, unit: unit,
                     formatDate: { time in let day = CalendarDate(daysSinceEpoch: Int((time / 86_400).rounded(.down))); return french ? day.french : day.iso },
                     formatAxisDate: { time in
                         let day = CalendarDate(daysSinceEpoch: Int((time / 86_400).rounded(.down)))
                         let month = String(day.iso.prefix(7))
                         return french ? month.split(separator: "-").reversed().joined(separator: "/") : month
                     },
                     cursor: nil, wording: french ? .french : .english)
    }

    /// Rows of the table for an area of this size.
    static func tableRows(_ area: Rect) -> Int {
        let (_, table) = layout(area)
        return max(1, table.height - 1)
    }

    /// Title lines, then the chart and the table: side by side from 160 columns, else the
    /// chart above the table, each about half.
    static func layout(_ area: Rect) -> (chart: Rect, table: Rect) {
        let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: max(0, area.height - 2))
        if body.width >= 160 {
            let tableWidth = body.width * 9 / 20
            return (Rect(x: body.x + tableWidth + 1, y: body.y, width: body.width - tableWidth - 1, height: body.height),
                    Rect(x: body.x, y: body.y, width: tableWidth, height: body.height))
        }
        let chartHeight = max(Chart.minimumHeight, min(body.height / 2, 24))
        return (Rect(x: body.x, y: body.y, width: body.width, height: chartHeight),
                Rect(x: body.x, y: body.y + chartHeight, width: body.width, height: max(0, body.height - chartHeight)))
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        let s = strings
        buffer.fill(area, style: theme.normal)
        // The title: the test, its latest value and flag, and its range.
        let latest = rows.first
        var title = s.testName(test)
        if let latest {
            title += " — " + s.t("dernière valeur", "latest") + " " + latest.value
            if let flag = latest.flag { title += " " + flag.rawValue + " (" + s.flagWords(flag) + ")" }
            title += " " + s.t("le", "on") + " " + s.date(latest.date)
        }
        buffer.writeMarkingCut(" " + title, x: area.x, y: area.y, style: theme.title, limit: area.width)
        // What the chart did to the values: conversions named, values left off counted.
        var notes: [String] = []
        if !plot.conversions.isEmpty {
            notes.append(s.t("Converti pour le graphique : ", "Converted for the chart: ") + plot.conversions.map(s.conversion).joined(separator: " ; "))
        }
        if !plot.unplotted.isEmpty {
            notes.append(s.t("\(plot.unplotted.count) valeur(s) listée(s), non tracée(s)", "\(plot.unplotted.count) value(s) listed, not plotted"))
        }
        if notes.isEmpty, let range = latest?.range, range != "—" { notes.append(s.t("Normes : ", "Reference range: ") + range) }
        buffer.writeMarkingCut(" " + notes.joined(separator: " · "), x: area.x, y: area.y + 1, style: theme.muted, limit: area.width)
        let (chartArea, tableArea) = Self.layout(area)
        // The last column stays free: a line of dots that reaches the edge reads as cut.
        chart.render(area: Rect(x: chartArea.x, y: chartArea.y, width: max(0, chartArea.width - 1), height: chartArea.height), into: &buffer, theme: theme)
        renderTable(area: tableArea, into: &buffer, theme: theme)
    }

    private static func table(of rows: [Row], strings s: Strings) -> (header: String, lines: [String], abnormal: [Bool]) {
        let valueWidth = min(24, max(DisplayWidth.of(s.t("Valeur", "Value")), rows.map { DisplayWidth.of($0.value, atMost: 30) }.max() ?? 0))
        let rangeWidth = min(22, max(DisplayWidth.of(s.t("Normes", "Range")), rows.map { DisplayWidth.of($0.range, atMost: 30) }.max() ?? 0))
        let dateWidth = max(10, rows.map { DisplayWidth.of(s.date($0.date)) }.max() ?? 0)
        func line(_ date: String, _ value: String, _ flag: String, _ range: String, _ source: String) -> String {
            DisplayWidth.pad(date, to: dateWidth) + "  " + DisplayWidth.pad(value, to: valueWidth) + "  " + DisplayWidth.pad(flag, to: 2)
                + "  " + DisplayWidth.pad(range, to: rangeWidth) + "  " + source
        }
        let header = line(s.t("Date", "Date"), s.t("Valeur", "Value"), "", s.t("Normes", "Range"), s.t("Rapporté par · document", "Reported by · document"))
        return (header, rows.map { line(s.date($0.date), $0.value, $0.flag?.rawValue ?? "", $0.range, $0.source) }, rows.map { $0.flag != nil })
    }

    private func renderTable(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard area.height > 1 else { return }
        buffer.writeMarkingCut(" " + table.header, x: area.x, y: area.y, style: theme.muted, limit: area.width)
        let source = TableSource(lines: table.lines, abnormal: table.abnormal)
        ListView.render(source, state: list, area: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), into: &buffer, theme: theme)
    }

    private struct TableSource: ListSource {
        let lines: [String]
        let abnormal: [Bool]
        var count: Int { lines.count }
        func row(at index: Int, width: Int) -> String { lines[index] }
        func isEmphasized(at index: Int) -> Bool { abnormal[index] }
        func style(at index: Int, theme: Theme) -> Style? { abnormal[index] ? theme.error : nil }
    }
}
