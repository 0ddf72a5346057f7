import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import GRDB
import TerminalKit
import Testing

/// Marie's results, written here rather than taken from the demo so that the screens
/// below show known values, bad input included: words where a number is expected, a unit
/// no one knows, a range whose low is above its high, a date in the future, and a test with
/// 10 000 values.
enum ResultsSeed {
    struct Value {
        var code: String?
        var label: String
        var decimal: String?
        var unit: String?
        var text: String?
        var day: String
        var low: String?
        var high: String?
        var flag: String?
        var category = "laboratory"
        var report: String?
        var comparator: String?
    }

    static func write(_ values: [Value], into path: String, patient: PatientID) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM result WHERE patient_id = ?", arguments: [patient.rawValue])
            let insert = try db.makeStatement(sql: """
                INSERT INTO result (patient_id, code, label, value, date, author_kind, author_name, decimal, unit, comparator,
                                    range_low, range_high, range_unit, interpretation, category, report, series)
                VALUES (?, ?, ?, ?, ?, 'external', 'Laboratoire Cerballiance', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for value in values {
                let shown = value.text ?? [value.comparator, value.decimal, value.unit].compactMap { $0 }.joined(separator: " ")
                try insert.execute(arguments: [patient.rawValue, value.code, value.label, shown, value.day, value.decimal, value.unit, value.comparator,
                                               value.low, value.high, value.unit, value.flag, value.category, value.report,
                                               ResultsBoard.series(code: value.code, label: value.label, isReport: false, report: value.report)])
            }
        }
        try queue.close()
    }

    /// HbA1c every quarter for six years (above 7 % now and then), creatinine yearly with
    /// one in mg/L, a lipid panel, potassium high lately, blood pressure, and bad input.
    static var marie: [Value] {
        var values: [Value] = []
        let hba1c = ["6.4", "6.8", "7.2", "6.9", "7.4", "6.6", "6.5", "7.1", "6.8", "6.3", "6.6", "7.0",
                     "6.7", "6.9", "7.5", "7.8", "7.2", "6.9", "6.6", "6.8", "6.5", "6.9", "7.3", "7.1"]
        for (index, value) in hba1c.enumerated() {
            let day = CalendarDate(daysSinceEpoch: CalendarDate("2020-12-10")!.daysSinceEpoch + index * 91).iso
            values.append(Value(code: "4548-4", label: "Hémoglobine glyquée (HbA1c)", decimal: value, unit: "%", day: day, high: "7.0",
                                flag: Double(value)! > 7 ? "H" : nil, report: "Suivi du diabète"))
        }
        for (year, value) in [(2021, "72"), (2022, "75"), (2023, "79"), (2024, "84"), (2025, "88"), (2026, "93")] {
            values.append(Value(code: "2160-0", label: "Créatinine", decimal: value, unit: "µmol/L", day: "\(year)-03-10", low: "45", high: "90",
                                flag: Int(value)! > 90 ? "H" : nil, report: "Bilan rénal"))
        }
        values.append(Value(code: "2160-0", label: "Créatinine", decimal: "7.9", unit: "mg/L", day: "2020-03-10", low: "4.5", high: "9", report: "Bilan rénal"))
        values.append(Value(code: "2823-3", label: "Potassium", decimal: "5.4", unit: "mmol/L", day: "2026-10-02", low: "3.5", high: "5.0", flag: "H",
                            report: "Ionogramme"))
        values.append(Value(code: "2823-3", label: "Potassium", decimal: "4.2", unit: "mmol/L", day: "2025-10-02", low: "3.5", high: "5.0",
                            report: "Ionogramme"))
        values.append(Value(code: "2093-3", label: "Cholestérol total", decimal: "2.31", unit: "g/L", day: "2026-03-10", high: "2.0", flag: "H",
                            report: "Bilan lipidique"))
        values.append(Value(code: "13457-7", label: "Cholestérol LDL", decimal: "1.62", unit: "g/L", day: "2026-03-10", high: "1.3", flag: "H",
                            report: "Bilan lipidique"))
        values.append(Value(code: "2085-9", label: "Cholestérol HDL", decimal: "0.52", unit: "g/L", day: "2026-03-10", low: "0.4",
                            report: "Bilan lipidique"))
        for (index, reading) in [("138", "84"), ("142", "88"), ("131", "79"), ("146", "91")].enumerated() {
            let day = CalendarDate(daysSinceEpoch: CalendarDate("2025-11-20")!.daysSinceEpoch + index * 90).iso
            values.append(Value(code: "8480-6", label: "Pression artérielle systolique", decimal: reading.0, unit: "mm[Hg]", day: day, high: "140",
                                category: "vital-signs"))
            values.append(Value(code: "8462-4", label: "Pression artérielle diastolique", decimal: reading.1, unit: "mm[Hg]", day: day, high: "90",
                                category: "vital-signs"))
            values.append(Value(code: "29463-7", label: "Poids", decimal: String(71 + index), unit: "kg", day: day, category: "vital-signs"))
        }
        // Bad input, as other systems send it.
        values.append(Value(code: "5778-6", label: "Couleur des urines", text: "jaune trouble", day: "2026-06-01", category: "laboratory"))
        values.append(Value(code: "2276-4", label: "Ferritine", decimal: "120", unit: "furlongs/L", day: "2026-06-01", low: "300", high: "20"))
        values.append(Value(code: "2276-4", label: "Ferritine", decimal: "95", unit: "µg/L", day: "2025-06-01", low: "20", high: "300"))
        values.append(Value(code: "1988-5", label: "CRP", decimal: "5", unit: "mg/L", day: "2026-06-01", high: "5", comparator: "<"))
        values.append(Value(code: "1988-5", label: "CRP", decimal: "12", unit: "mg/L", day: "2027-02-01", high: "5", flag: "H"))
        return values
    }

    /// 10 000 capillary glucose values, several a day.
    static var manyGlucose: [Value] {
        (0..<10_000).map { index in
            Value(code: "14743-9", label: "Glycémie capillaire", decimal: String(format: "%.1f", 4.5 + Double((index * 37) % 60) / 10), unit: "mmol/L",
                  day: CalendarDate(daysSinceEpoch: CalendarDate("2020-01-01")!.daysSinceEpoch + index / 4).iso, low: "3.9", high: "7.0",
                  category: "laboratory")
        }
    }
}

/// A screen with its styles: the text, then one line of letters a row, each letter a style
/// named in the legend. Colour and `NO_COLOR` differ there, not in the text.
func styledScreen(_ terminal: TestTerminal) -> String {
    var legend: [Style] = [.plain]
    func describe(_ style: Style) -> String {
        var parts: [String] = []
        if let fg = style.foreground { parts.append("fg \(fg)") }
        if let bg = style.background { parts.append("bg \(bg)") }
        if style.bold { parts.append("bold") }
        if style.reverse { parts.append("reverse") }
        if style.underline { parts.append("underline") }
        if style.dim { parts.append("dim") }
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }
    let letters = Array("·abcdefghijklmnopqrstuvwxyz")
    var codes: [String] = []
    for y in 0..<terminal.frame.height {
        var line = ""
        for x in 0..<terminal.frame.width {
            let style = terminal.frame[x, y].style
            if !legend.contains(style) { legend.append(style) }
            let index = legend.firstIndex(of: style)!
            line.append(index < letters.count ? letters[index] : "?")
        }
        codes.append(line)
    }
    let key = legend.enumerated().map { "\(letters[min($0.offset, letters.count - 1)]) = \(describe($0.element))" }.joined(separator: "\n")
    return terminal.screenText + "\n\n" + codes.joined(separator: "\n") + "\n\n" + key
}

func expectStyledSnapshot(_ terminal: TestTerminal, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try expectSnapshot(text: styledScreen(terminal), name, sourceLocation: sourceLocation)
}

@Suite("The Résultats pane and a test's history")
struct ResultsScreenTests {
    static func marie(width: Int = 80, height: Int = 24, language: Strings.Language = .french, theme: Theme = .monochrome,
                      values: [ResultsSeed.Value] = ResultsSeed.marie) throws -> AppFixture {
        let app = try AppFixture(width: width, height: height, language: language, theme: theme)
        let listing = try #require(try Directory(database: app.database, cost: .testing).patient(ins: DemoAccounts.marieINS))
        try ResultsSeed.write(values, into: app.database.path, patient: listing.id)
        app.signInAsMarie()
        #expect(app.terminal.screenText.contains("Synthèse") || app.terminal.screenText.contains("Summary"), "the record is open")
        return app
    }

    struct Size: Sendable, CustomTestStringConvertible {
        let width: Int, height: Int, colour: Bool
        var testDescription: String { "\(width)×\(height) \(colour ? "colour" : "NO_COLOR")" }
        var tag: String { "\(width)x\(height)-\(colour ? "colour" : "nocolor")" }
    }

    static let sizes = [Size(width: 80, height: 24, colour: true), Size(width: 80, height: 24, colour: false),
                        Size(width: 120, height: 40, colour: true), Size(width: 120, height: 40, colour: false)]

    @Test("the pane and HbA1c's history, at 80×24 and 120×40, in colour and without", arguments: sizes)
    func snapshots(_ size: Size) throws {
        let app = try Self.marie(width: size.width, height: size.height, theme: size.colour ? .color : .monochrome)
        app.type("6")
        let screen = app.terminal.screenText
        #expect(screen.contains("Hémoglobine glyqu"))
        try expectStyledSnapshot(app.terminal, "results-pane-\(size.tag)")
        // HbA1c: its line, then Enter.
        app.type("/hba1c")
        app.keys(.enter, .down, .enter)
        #expect(app.terminal.screenText.contains("dernière valeur 7,1 % H (élevé) le"), "\(app.terminal.screenText)")
        try expectStyledSnapshot(app.terminal, "results-history-\(size.tag)")
    }

    @Test("each test's line: latest value with its unit, flag letters, range, date; bad input shown as reported")
    func paneLines() throws {
        let app = try Self.marie(width: 120, height: 40)
        app.type("6")
        let lines = app.terminal.screen
        func line(_ name: String) throws -> String { try #require(lines.first { $0.contains(name) }, "no line for \(name)") }
        let potassium = try line("Potassium")
        #expect(potassium.contains("5,4 mmol/L") && potassium.contains("  H  ") && potassium.contains("3,5–5,0  ") && potassium.contains("02/10/2026"))
        let pressure = try line("Tension artérielle")
        #expect(pressure.contains("146/91 mmHg") && pressure.contains("H"))
        #expect(try line("Couleur des urines").contains("jaune trouble"))
        // The unknown unit and the inverted range are shown as given, and said.
        let ferritin = try line("Ferritine")
        #expect(ferritin.contains("120 furlongs/L") && ferritin.contains("300–20"))
        // The future CRP is the latest as reported, with its date for all to see.
        #expect(try line("CRP").contains("01/02/2027"))
        // Groups, as headings.
        for heading in ["── Biologie · Bilan lipidique ──", "── Biologie · Suivi du diabète ──", "── Constantes ──"] {
            #expect(lines.contains { $0.contains(heading) }, "\(heading)")
        }
    }

    @Test("'a' lists the abnormal first, the most serious and newest first; again, by group")
    func abnormalFirst() throws {
        let app = try Self.marie(width: 120, height: 40)
        app.type("6a")
        let lines = app.terminal.screen
        let heading = try #require(lines.firstIndex { $0.contains("Anormaux") })
        #expect(lines[heading + 1].contains("CRP"), "H of 2027 first (newest), as reported")
        #expect(lines[heading + 2].contains("Potassium"))
        app.type("a")
        #expect(!app.terminal.screenText.contains("Anormaux, les plus graves"))
    }

    @Test("the history: ←/→ move from point to point and the table follows; units converted and named; what cannot be drawn listed")
    func history() throws {
        let app = try Self.marie(width: 120, height: 40)
        app.type("6/créat")
        app.keys(.enter, .down, .enter)
        var screen = app.terminal.screenText
        #expect(screen.contains("Converti pour le graphique : 1 mg/L = 8,84 µmol/L"), "\(screen)")
        #expect(screen.contains("▸ 10/03/2026 : 93 µmol/L"), "the cursor starts on the latest value")
        app.keys(.left)
        screen = app.terminal.screenText
        #expect(screen.contains("▸ 10/03/2025 : 88 µmol/L"))
        #expect(app.terminal.screen.contains { $0.hasPrefix("▸10/03/2025") }, "the table's selection follows the cursor")
        app.keys(.home)
        #expect(app.terminal.screenText.contains("▸ 10/03/2020 : 7,9 mg/L"), "the converted value, as reported")
        app.keys(.escape, .escape)
        // Ferritin: the value in an unknown unit is listed, not plotted.
        app.type("/ferrit")
        app.keys(.enter, .down, .enter)
        screen = app.terminal.screenText
        #expect(screen.contains("non tracée : unité furlongs/L non convertible"), "\(screen)")
        #expect(screen.contains("1 valeur(s) listée(s), non tracée(s)"))
    }

    @Test("10 000 values of one test: the pane and the history open, every value listed, the chart drawn")
    func manyValues() throws {
        let app = try Self.marie(width: 120, height: 40, values: ResultsSeed.manyGlucose)
        app.type("6")
        #expect(app.terminal.screenText.contains("Glycémie capillaire"))
        app.keys(.down, .enter)
        let screen = app.terminal.screenText
        #expect(screen.contains("1/10000"), "\(screen)")
        #expect(screen.contains("mmol/L"))
        #expect(screen.contains("⠀") || screen.contains { ("\u{2801}"..."\u{28FF}").contains(String($0)) }, "braille dots drawn")
    }

    @Test("English: the same pane and history in English words")
    func english() throws {
        let app = try Self.marie(width: 120, height: 40, language: .english)
        app.type("6")
        let screen = app.terminal.screenText
        #expect(screen.contains("── Laboratory · Bilan lipidique ──") && screen.contains("── Vital signs ──") && screen.contains("Blood pressure"))
        #expect(screen.contains("5.4 mmol/L"))
        app.type("/hba1c")
        app.keys(.enter, .down, .enter)
        #expect(app.terminal.screenText.contains("latest 7.1% H (high) on 2026-"), "\(app.terminal.screenText)")
    }
}
