import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// Marie's record on a TestTerminal, with a fixed clock so ages and dates hold still.
final class AppFixture: @unchecked Sendable {
    // Immutable after init.
    let folder: URL
    let database: CarnetDatabase
    let terminal: TestTerminal
    let session: DoorSession
    let store: RecordStore
    /// Moves the idle clock only: the wall clock holds still so that ages and dates do.
    let idleClock = MovableClock(Date(timeIntervalSince1970: 0))
    /// A screen made with `sharing:` leaves the database to the one that made it.
    private let ownsDatabase: Bool

    init(width: Int = 80, height: Int = 24, language: Strings.Language = .french, theme: Theme = .monochrome,
         idle: TimeInterval = 300) throws {
        (folder, database) = try temporaryDemo("carnet-app")
        ownsDatabase = true
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_000_000) } // 2026-11-18
        terminal = TestTerminal(width: width, height: height)
        store = RecordStore(database: database, policy: try .standard(), clock: clock)
        session = DoorSession(terminal: terminal, access: store,
                                 signIn: Credentials(database: database, cost: .testing, clock: clock), strings: Strings(language),
                                 theme: theme, idleLimit: idle, clock: clock, steadyClock: SteadyClock { [idleClock] in idleClock.steady })
    }

    /// A second screen on the same database (the patient signing in again).
    init(sharing other: AppFixture) throws {
        folder = other.folder.appendingPathComponent("second")
        database = other.database
        ownsDatabase = false
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_000_000) }
        terminal = TestTerminal(width: 80, height: 24)
        store = other.store
        session = DoorSession(terminal: terminal, access: store, signIn: Credentials(database: database, cost: .testing, clock: clock),
                                 strings: Strings(.french), theme: .monochrome, clock: clock)
    }

    deinit {
        // A second screen going away must not close the database under the first.
        guard ownsDatabase else { return }
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Types keys and runs until they are all handled; false once the app has quit.
    @discardableResult
    func keys(_ keys: Key...) -> Bool {
        terminal.send(contentsOf: keys.map { .key($0) })
        return session.run(untilIdle: true) == nil
    }

    @discardableResult
    func type(_ text: String) -> Bool {
        terminal.type(text)
        return session.run(untilIdle: true) == nil
    }

    func signInAsMarie() {
        type("258037511223324")
        keys(.enter)
        type("marie-demo")
        keys(.enter)
    }
}

/// A small demo database (cheap scrypt) in a folder of its own; the caller removes the folder.
func temporaryDemo(_ prefix: String) throws -> (URL, CarnetDatabase) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("carnet.sqlite").path
    var demo = DemoDatabase(patients: 3, seed: 1)
    demo.cost = .testing
    try demo.build(at: path, replacing: false, context: .operatorAccount("test"))
    return (folder, try CarnetDatabase.open(path: path))
}

extension TestTerminal {
    func send(contentsOf events: [TerminalEvent]) { for event in events { send(event) } }
}

/// Compares a screen with `Snapshots/<name>.txt`; `CARNET_RECORD_SNAPSHOTS=1` writes it instead.
func expectSnapshot(_ terminal: TestTerminal, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try expectSnapshot(text: terminal.screenText, name, sourceLocation: sourceLocation)
}

/// Compares `text` with `Snapshots/<name>.txt`; `CARNET_RECORD_SNAPSHOTS=1` writes it instead.
func expectSnapshot(text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent("\(name).txt")
    let screen = text + "\n"
    if ProcessInfo.processInfo.environment["CARNET_RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try screen.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(screen == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
}

@Suite("Patient mode")
struct PatientAppTests {
    @Test("the login screen")
    func loginScreen() throws {
        let app = try AppFixture()
        app.type("2580375")
        try expectSnapshot(app.terminal, "login")
        #expect(app.terminal.screenText.contains("2580375"))
    }

    @Test("every pane of Marie DUPONT's record at 80×24", arguments: Array(1...9))
    func panes(_ number: Int) throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character(Character(String(number))))
        try expectSnapshot(app.terminal, "pane-\(number)-\(RecordSection.allCases[number - 1].rawValue)")
        // The header and the allergy banner stay on every pane.
        #expect(app.terminal.screen[0].contains("Marie DUPONT · 68 ans · INS 258037511223324 · Groupe A+"))
        #expect(app.terminal.screen[1].contains("Pénicilline"))
    }

    @Test("pressing 3 shows the allergies, Enter opens the details, Esc goes back")
    func allergiesJourney() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("3"))
        #expect(app.terminal.screen[3].contains("Pénicilline — sévère"))
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("Urticaire généralisée, œdème de Quincke"))
        #expect(app.terminal.screenText.contains("J01C"))
        app.keys(.escape)
        #expect(app.terminal.screen[3].contains("▸Pénicilline"))
    }

    @Test("a document opens as wrapped, scrollable text")
    func documentJourney() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("7"), .enter)
        try expectSnapshot(app.terminal, "document-open")
        #expect(app.terminal.screenText.contains("HbA1c : 6,9 %"))
    }

    @Test("details never scroll past their end: one Up after many Downs moves back at once")
    func detailScrollBounds() throws {
        let app = try AppFixture()
        let marie = try #require(try Directory(database: app.database).patient(ins: DemoAccounts.marieINS))
        _ = try app.store.add(Document(loinc: "11506-3", title: "Compte rendu long", author: .external(name: "Hôpital"),
                                       date: CalendarDate("2026-11-17")!, text: (1...60).map { "Ligne \($0)" }.joined(separator: "\n")),
                              to: marie.id, context: .operatorAccount("test"))
        app.signInAsMarie()
        app.keys(.character("7"), .enter)
        let top = app.terminal.screen
        for _ in 0..<50 { app.keys(.down) }
        let bottom = app.terminal.screen
        #expect(bottom != top)
        app.keys(.up)
        #expect(app.terminal.screen != bottom)
    }

    @Test("/ filters the pane, accents aside")
    func filter() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("2"), .character("/"))
        app.type("diabete")
        app.keys(.enter)
        let rows = app.terminal.screen[3...].filter { $0.contains("[actif]") || $0.contains("[résolu]") }
        #expect(rows.count == 1)
        #expect(rows.first?.contains("Diabète de type 2") == true)
        app.keys(.escape)
        #expect(app.terminal.screen[3...].filter { $0.contains("[actif]") || $0.contains("[résolu]") }.count == 4)
    }

    @Test("? shows help generated from the key map; q quits")
    func helpAndQuit() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("?"))
        try expectSnapshot(app.terminal, "help")
        app.keys(.character("x"))
        #expect(!app.terminal.screenText.contains("Filtrer (accents ignorés)"))
        #expect(app.keys(.character("q")) == false)
    }

    @Test("a wrong password says only that the INS or the password is wrong, and keeps the INS")
    func wrongPassword() throws {
        let app = try AppFixture()
        app.type("258037511223324")
        app.keys(.enter)
        app.type("wrong")
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("INS ou mot de passe incorrect"))
        #expect(!app.terminal.screenText.contains("essai"))
        #expect(app.terminal.screenText.contains("258037511223324"))
        #expect(!app.terminal.screenText.contains("•••••"))
    }

    @Test("an invalid INS is refused with the reason")
    func invalidINS() throws {
        let app = try AppFixture()
        app.type("258037511223325")
        app.keys(.enter, .enter)
        #expect(app.terminal.screenText.contains("INS invalide : la clé 25 ne correspond pas"))
    }

    @Test("below 80×24 a clear message; no crash at any size down to 1×1", arguments: [(79, 24), (80, 23), (20, 5), (1, 1), (3, 2)])
    func tooSmall(_ width: Int, _ height: Int) throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.terminal.resize(width: width, height: height)
        app.session.run(untilIdle: true)
        if width >= 20 { #expect(app.terminal.screenText.replacingOccurrences(of: "\n", with: " ").contains("terminal trop petit")) }
        app.terminal.resize(width: 80, height: 24)
        app.keys(.character("3"))
        #expect(app.terminal.screen[3].contains("Pénicilline"))
    }

    @Test("English when asked")
    func english() throws {
        let app = try AppFixture(language: .english)
        app.signInAsMarie()
        #expect(app.terminal.screen[0].contains("68 years"))
        #expect(app.terminal.screen[2].contains("1 Summary"))
        #expect(Strings.from(option: nil, environment: ["LANG": "en_GB.UTF-8"]).language == .english)
        #expect(Strings.from(option: nil, environment: ["LANG": "fr_FR.UTF-8"]).language == .french)
        #expect(Strings.from(option: "en", environment: ["LANG": "fr_FR.UTF-8"]).language == .english)
    }

    @Test("moving the selection rewrites only the cells that change")
    func diffing() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("4"))
        app.keys(.down)
        // Two rows change (old and new selection), not the whole 1 920-cell screen.
        let last = try #require(app.terminal.cellsWritten.last)
        #expect(last > 0 && last <= 2 * 80 + 10)
    }

    @Test("messages come in the screen's language: English screens get English errors")
    func englishErrors() throws {
        let app = try AppFixture(language: .english)
        app.type("25803751122332")
        app.keys(.enter, .enter)
        #expect(app.terminal.screenText.contains("Invalid INS: 15 digits expected, 14 typed"))
        app.keys(.escape, .control("u"))
        app.type("258037511223324")
        app.keys(.enter)
        app.type("nope")
        app.keys(.enter)
        // One message for every failed sign-in (SignInMessageTests), in the screen's language.
        #expect(app.terminal.screenText.contains("Wrong INS or password"))
    }

    @Test("a locked account says until when, in local time")
    func locked() throws {
        let app = try AppFixture()
        app.type("258037511223324")
        app.keys(.enter)
        for _ in 0..<5 {
            app.type("faux")
            app.keys(.enter)
        }
        // The clock stands at 1 795 000 000 s; the lock lasts 15 minutes.
        let until = Strings(.french).localTime(Date(timeIntervalSince1970: 1_795_000_000 + 15 * 60))
        let flat = app.terminal.screen.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("Compte verrouillé après trop d'essais, jusqu'au \(until)"))
        #expect(Strings(.french).localTime(Date(timeIntervalSince1970: 1_795_000_000), timeZone: TimeZone(identifier: "Europe/Paris")!)
                == "18/11/2026 à 12:06")
        #expect(Strings(.english).localTime(Date(timeIntervalSince1970: 1_795_000_000), timeZone: TimeZone(identifier: "UTC")!)
                == "2026-11-18 11:06")
    }

    @Test("a closed record has a screen of its own that says what closing means")
    func closedRecord() throws {
        let app = try AppFixture()
        let marie = try #require(try Directory(database: app.database).patient(ins: INS("258037511223324")))
        let patientContext = AccessContext(actor: .patient(marie.id, ins: marie.ins), mode: .patient, purpose: .selfAccess)
        try app.store.closeRecord(marie.id, context: patientContext)
        app.signInAsMarie()
        try expectSnapshot(app.terminal, "closed-record")
        #expect(app.terminal.screenText.contains("Dossier clôturé"))
        #expect(!app.terminal.screenText.contains("Pénicilline"))
        // Any key returns to an empty login form.
        app.keys(.character("x"))
        #expect(app.terminal.screenText.contains("Mot de passe"))
        #expect(!app.terminal.screenText.contains("258037511223324"))
    }

    @Test("after the idle time without a key the record leaves the screen and the sign-in returns, saying why")
    func idleLock() throws {
        let app = try AppFixture(idle: 300)
        app.signInAsMarie()
        app.keys(.character("3"))
        #expect(app.terminal.screenText.contains("Pénicilline"))
        app.idleClock.advance(by: 299)
        app.session.checkIdle()
        #expect(app.terminal.screenText.contains("Pénicilline"))
        app.idleClock.advance(by: 1)
        app.session.checkIdle()
        let locked = app.terminal.screenText
        #expect(!locked.contains("DUPONT") && !locked.contains("Pénicilline") && !locked.contains("258037511223324"))
        #expect(locked.contains("Session verrouillée après inactivité : reconnectez-vous."))
        // Signed in again, a key keeps the record: the idle time counts from the last key.
        app.signInAsMarie()
        app.idleClock.advance(by: 200)
        app.keys(.character("3"))
        app.idleClock.advance(by: 200)
        app.session.checkIdle()
        #expect(app.terminal.screenText.contains("Pénicilline"))
        // A key that comes after the idle time finds the sign-in, not the record.
        app.idleClock.advance(by: 301)
        app.keys(.character("5"))
        #expect(!app.terminal.screenText.contains("Pénicilline") && app.terminal.screenText.contains("Session verrouillée"))
        // Nothing was signed in meanwhile: the password field is empty, the INS field holds the key.
        #expect(!app.terminal.screenText.contains("Marie"))
    }

    @Test("a hang-up or SIGTERM takes the record off the screen before the terminal is given back")
    func interrupted() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        #expect(app.terminal.screenText.contains("DUPONT"))
        #expect(app.session.run(untilIdle: true, interruption: { .hangup }) == .hangup)
        #expect(!app.terminal.screenText.contains("DUPONT") && !app.terminal.screenText.contains("Pénicilline"))
    }

    @Test("a click on a tab opens its pane; a click on a row selects it")
    func mouse() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        let titles = RecordSection.allCases.map(Strings(.french).tab)
        let allergiesTab = try #require(TabBar.layout(titles, selected: 0, width: 80).first { $0.index == 2 })
        app.terminal.send(.mouse(x: allergiesTab.x + 2, y: 2, action: .click))
        app.session.run(untilIdle: true)
        #expect(app.terminal.screen[2].contains("3 Allergies "))
        #expect(app.terminal.screen[3].contains("▸Pénicilline"))
        app.keys(.character("4"))
        app.terminal.send(.mouse(x: 10, y: 4, action: .click))
        app.session.run(untilIdle: true)
        #expect(app.terminal.screen[4].hasPrefix("▸"))
        app.terminal.send(.mouse(x: 10, y: 4, action: .wheelUp))
        app.session.run(untilIdle: true)
        #expect(app.terminal.screen[3].hasPrefix("▸"))
    }
}
