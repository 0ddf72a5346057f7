import CarnetModel
import CarnetStore
import Foundation
import Testing

/// Text crafted to attack a terminal: every family of control the sanitizer must stop.
enum Hostile {
    static let payloads = [
        "\u{1B}]0;PWNED-TITLE\u{07}",                 // OSC: window title
        "\u{1B}]52;c;UFdORUQtQ0xJUEJPQVJE\u{07}",     // OSC 52: write the clipboard
        "\u{1B}]8;;http://evil.example/\u{1B}\\lien\u{1B}]8;;\u{1B}\\", // OSC 8: hyperlink
        "\u{1B}P+q544e\u{1B}\\",                       // DCS: request termcap
        "\u{1B}[2J\u{1B}[31mROUGE",                    // CSI: clear screen, colour
        "\u{9B}2J",                                    // C1 CSI
        "\u{07}\u{07}",                                // BEL
        "ligne\rECRASE\u{08}\u{08}X",                  // CR and BS
        "\u{202E}txt.exe",                             // right-to-left override
    ]
    static var text: String { "Nom " + payloads.joined(separator: " ") }

    /// Byte sequences that must never reach the terminal (ncurses itself writes only CSI).
    static let forbidden: [(String, [UInt8])] = [
        ("OSC", [0x1B, 0x5D]), ("DCS", [0x1B, 0x50]), ("APC", [0x1B, 0x5F]), ("PM", [0x1B, 0x5E]), ("SOS", [0x1B, 0x58]),
        ("C1 CSI", [0xC2, 0x9B]), ("C1 OSC", [0xC2, 0x9D]), ("C1 DCS", [0xC2, 0x90]), ("BEL", [0x07]),
        ("RLO", [0xE2, 0x80, 0xAE]), ("LRO", [0xE2, 0x80, 0xAD]), ("RLI", [0xE2, 0x81, 0xA7]),
        // ncurses writes CSI itself (it clears the screen with ESC [2J): only the payload's own
        // colour change, followed by its word, is recognisable as injected.
        ("payload colour", Array("\u{1B}[31mROUGE".utf8)),
    ]

    static func findings(in bytes: [UInt8]) -> [String] {
        forbidden.compactMap { name, sequence in
            guard bytes.count >= sequence.count else { return nil }
            for start in 0...(bytes.count - sequence.count) where Array(bytes[start..<start + sequence.count]) == sequence { return name }
            return nil
        }
    }
}

@Suite("Hostile input", .tags(.slow, .fault, .tmux))
struct HostileInputTests {
    @Test("a record full of escape sequences, shown through a real pseudo-terminal: no control but ncurses' own reaches it")
    func terminalInjection() throws {
        let fixture = try CLIFixture()
        let database = try CarnetDatabase.open(path: fixture.path)
        let directory = Directory(database: database, cost: .testing)
        let victim = try directory.register(Patient(id: PatientID(0), ins: try INS.completing("2900575111222"), familyName: Hostile.text,
                                                    givenNames: Hostile.text, birthDate: CalendarDate("1990-05-01")!, sex: .female,
                                                    advanceDirectives: Hostile.text,
                                                    contacts: [EmergencyContact(name: Hostile.text, relationship: Hostile.text, phone: Hostile.text)]),
                                            password: "mot-de-passe-long", context: .operatorAccount("test"))
        let store = RecordStore(database: database, policy: try .standard())
        let author = Author.external(name: Hostile.text)
        let today = CalendarDate(Date())
        _ = try store.add(HistoryItem(kind: .condition, label: Hostile.text, code: Hostile.text, onset: today, end: nil, status: .active, author: author),
                          to: victim.id, context: .operatorAccount("test"))
        _ = try store.add(Allergy(substance: Hostile.text, substanceClass: nil, reaction: Hostile.text, severity: .severe, status: .active,
                                  recordedOn: today, author: author), to: victim.id, context: .operatorAccount("test"))
        _ = try store.add(Document(loinc: "11506-3", title: Hostile.text, author: author, date: today,
                                   text: (Hostile.payloads + ["fin"]).joined(separator: "\n")), to: victim.id, context: .operatorAccount("test"))
        try database.close()

        let capture = fixture.folder.appendingPathComponent("terminal.bytes").path
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) --db \(fixture.path)", capture: capture)
        #expect(try tmux.waitFor("INS"))
        try tmux.send(victim.ins!.digits, enter: true)
        try tmux.send("mot-de-passe-long", enter: true)
        #expect(try tmux.waitFor("ALLERGIES"))
        for key in ["2", "3", "6"] {
            try tmux.send(key)
            try tmux.key("Enter")
            Thread.sleep(forTimeInterval: 0.3)
            try tmux.key("Escape")
            // A key within the escape delay after Esc would read as one escape sequence.
            Thread.sleep(forTimeInterval: 0.2)
        }
        try tmux.send("1")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try tmux.screen().contains("PWNED-TITLE"), "the text itself is shown, made harmless")
        try tmux.send("q")
        #expect(try tmux.waitFor("PROMPT$"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: capture)))
        #expect(bytes.count > 5_000)
        #expect(Hostile.findings(in: bytes).isEmpty, "reached the terminal: \(Hostile.findings(in: bytes))")
    }

    @Test("error messages on stderr are sanitized too")
    func stderr() throws {
        let fixture = try CLIFixture()
        for arguments in [["export", "--ins", Hostile.text], ["import", fixture.folder.appendingPathComponent(Hostile.payloads[0] + ".json").path],
                          ["audit", "verify", "--head", Hostile.payloads[3]]] {
            let outcome = try fixture.run(arguments)
            #expect(outcome.status != 0)
            #expect(outcome.stderr.hasPrefix("carnet: "))
            #expect(Hostile.findings(in: Array(outcome.stderr.utf8)).isEmpty, "\(arguments[0]): \(outcome.stderr)")
            #expect(!outcome.stderr.unicodeScalars.contains { $0.value == 0x1B }, "\(arguments[0]): ESC on stderr")
        }
    }
}
