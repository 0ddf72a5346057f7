import CarnetModel
import TerminalKit

/// A line of the Résultats pane.
public enum ResultLine: Sendable, Equatable {
    case heading(String)
    /// One test: its latest value, flag, range, date and the trend of the values before.
    case test(ResultTest)
    /// A report's own conclusion, under its group.
    case conclusion(LabResult)
    /// What a source stated about results as a whole ("pas d'information").
    case statement(String, detail: String)
}

/// The Résultats pane: one line per test under its group's heading (biologie by report,
/// constantes, autres), or the abnormal tests first. Built from what the store gave the
/// pane; drawing lays the lines out in columns for the width at hand.
enum ResultsPane {
    static func content(_ board: ResultsBoard, abnormalFirst: Bool, statements: [ResultLine] = [], strings s: Strings) -> PaneContent {
        var lines: [ResultLine] = statements
        func grouped(_ tests: [ResultTest]) {
            var current: ResultGroup?
            for test in tests {
                if test.group != current {
                    current = test.group
                    lines.append(.heading(s.resultGroup(test.group)))
                    // The latest conclusion of this report, if the report gave one.
                    if case let .laboratory(report?) = test.group,
                       let conclusion = board.conclusions.first(where: { $0.report == report || $0.label == report }) {
                        lines.append(.conclusion(conclusion))
                    }
                }
                lines.append(.test(test))
            }
        }
        if abnormalFirst {
            let abnormal = board.tests.filter(\.isAbnormal)
            if !abnormal.isEmpty {
                lines.append(.heading(s.abnormalFirstTitle))
                lines += board.abnormalFirst.prefix(abnormal.count).map(ResultLine.test)
            }
            grouped(board.tests.filter { !$0.isAbnormal })
        } else {
            grouped(board.tests)
        }
        // Each test worded once, for its row, its detail and every frame's columns.
        let cells = lines.map { line -> ResultCells? in
            if case let .test(test) = line { return ResultCells(test, strings: s) }
            return nil
        }
        let rows = zip(lines, cells).map { plainRow($0, cells: $1, strings: s) }
        var content = PaneContent(rows: rows, details: zip(lines, rows).map { detail($0, row: $1, strings: s) },
                                  targets: lines.map { line in
                                      if case let .test(test) = line { return .resultTest(test.key) }
                                      return .none
                                  })
        content.results = ResultsPaneState(board: board, lines: lines, cells: cells, abnormalFirst: abnormalFirst, statements: statements)
        return content
    }

    /// The row as words, for the filter and for a reader without columns.
    static func plainRow(_ line: ResultLine, cells: ResultCells?, strings s: Strings) -> String {
        switch line {
        case let .heading(title): return "── \(title) ──"
        case let .statement(text, _): return text
        case let .conclusion(result): return "  " + s.field("\(s.conclusionLabel) (\(s.date(result.date)))", Sanitizer.clean(result.value ?? ""))
        case let .test(test):
            let c = cells ?? ResultCells(test, strings: s)
            return [c.name, c.value, c.flag, c.range, c.date].filter { !$0.isEmpty }.joined(separator: "  ")
        }
    }

    static func detail(_ line: ResultLine, row: String, strings s: Strings) -> String {
        switch line {
        case .heading: return ""
        case let .statement(_, detail): return detail
        case let .conclusion(result):
            return "\(Sanitizer.clean(result.label))\n\(s.date(result.date))\n\n" + Sanitizer.clean(result.value ?? "", keepNewlines: true)
        case let .test(test): return row + "\n\n" + s.author(test.latest.author, readByPatient: false, patientSex: nil)
        }
    }
}

/// What the Résultats pane holds beside its rows: the tests, for the history screen, and
/// the order they are listed in.
public struct ResultsPaneState: Sendable, Equatable {
    public var board: ResultsBoard
    public var lines: [ResultLine]
    /// Each test line's words (nil for the other lines), worded once.
    var cells: [ResultCells?]
    public var abnormalFirst: Bool
    /// The sources' statements, listed first whatever the order.
    public var statements: [ResultLine]
}

/// The pane's lines in columns: name, latest value, flag, range, date, trend. Columns are
/// as wide as their widest value, within bounds, so that a value is never cut while there
/// is room; what is cut ends with "…". Abnormal tests stand out in colour, and their flag
/// letters say it without.
struct ResultRows: ListSource {
    let lines: [ResultLine]
    let cells: [ResultCells?]
    let strings: Strings
    let columns: Columns

    struct Columns {
        var value: Int
        var flag: Int
        var range: Int
        var date: Int
        var trend: Int
    }

    init(lines: [ResultLine], cells: [ResultCells?], strings: Strings, width: Int) {
        self.lines = lines
        self.cells = cells
        self.strings = strings
        var value = 0, range = 0, flag = 0, date = 0, name = 0
        for case let cell? in cells {
            name = max(name, cell.nameWidth)
            value = max(value, cell.valueWidth)
            range = max(range, cell.rangeWidth)
            flag = max(flag, cell.flagWidth)
            date = max(date, cell.dateWidth)
        }
        // The name is what the line is about: it keeps up to 24 columns, and the others give
        // way in this order: the trend (down to 4), the range, the value (down to 10 each);
        // then the trend goes, and the name keeps what is left.
        let width = width - 1
        var c = Columns(value: min(value, 20), flag: flag, range: min(range, 18), date: date, trend: width >= 110 ? 16 : width >= 90 ? 10 : 8)
        func used(_ c: Columns) -> Int { [c.value, c.flag, c.range, c.date, c.trend].filter { $0 > 0 }.reduce(0) { $0 + $1 + 2 } }
        let nameWanted = min(max(name, 4), 24)
        func overflow() -> Int { used(c) + nameWanted - width }
        while overflow() > 0 && c.trend > 4 { c.trend -= 1 }
        while overflow() > 0 && c.range > 10 { c.range -= 1 }
        while overflow() > 0 && c.value > 10 { c.value -= 1 }
        if overflow() > 0 { c.trend = 0 }
        columns = c
    }

    var count: Int { lines.count }

    func row(at index: Int, width: Int) -> String {
        switch lines[index] {
        case .heading, .conclusion, .statement: return ResultsPane.plainRow(lines[index], cells: nil, strings: strings)
        case let .test(test):
            let words = cells[index] ?? ResultCells(test, strings: strings)
            let c = columns
            var tail = ""
            func cell(_ text: String, _ columns: Int, right: Bool = false) -> String {
                guard columns > 0 else { return "" }
                let cut = DisplayWidth.truncate(text, to: columns)
                let pad = String(repeating: " ", count: max(0, columns - DisplayWidth.of(cut)))
                return "  " + (right ? pad + cut : cut + pad)
            }
            tail += cell(words.value, c.value, right: true)
            tail += cell(words.flag, c.flag)
            tail += cell(words.range, c.range)
            tail += cell(words.date, c.date)
            if c.trend > 0 {
                let trend = test.trend
                let line = trend.count > 1 ? Sparkline.render(Array(trend.suffix(c.trend)), width: c.trend) : ""
                tail += "  " + line + String(repeating: " ", count: max(0, c.trend - DisplayWidth.of(line)))
            }
            // The last column stays free: a row that reaches the edge reads as cut.
            let nameWidth = max(1, width - 1 - DisplayWidth.of(tail))
            return DisplayWidth.pad(words.name, to: nameWidth) + tail
        }
    }

    func isEmphasized(at index: Int) -> Bool {
        if case let .test(test) = lines[index] { return test.isAbnormal }
        return false
    }

    /// Abnormal tests in the error colour (red; bold without colour), headings as titles:
    /// an abnormal row must not look like the selection, which is in reverse video.
    func style(at index: Int, theme: Theme) -> Style? {
        switch lines[index] {
        case .heading: return theme.title
        case .test(let test): return test.isAbnormal ? theme.error : nil
        case .conclusion, .statement: return nil
        }
    }
}

/// A test's words in the pane, and how wide each is (at most 40 columns counted: wider is
/// cut anyway): found when the pane is built, not at every frame.
struct ResultCells: Sendable, Equatable {
    let name, value, flag, range, date: String
    let nameWidth, valueWidth, flagWidth, rangeWidth, dateWidth: Int

    init(_ test: ResultTest, strings s: Strings) {
        name = s.testName(test)
        value = s.latestValue(test)
        flag = s.flagLetters(test.flag)
        range = s.testRange(test)
        date = s.date(test.latest.date)
        nameWidth = DisplayWidth.of(name, atMost: 40)
        valueWidth = DisplayWidth.of(value, atMost: 40)
        flagWidth = DisplayWidth.of(flag)
        rangeWidth = DisplayWidth.of(range, atMost: 40)
        dateWidth = DisplayWidth.of(date)
    }
}
