import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// The kiosk on a TestTerminal over a real demo database, with clocks the test moves.
final class KioskFixture: @unchecked Sendable {
    // Immutable after init, but for the clocks, which move under a lock.
    let folder: URL
    let database: CarnetDatabase
    let terminal: TestTerminal
    let session: DoorSession
    let store: RecordStore
    let clock: MovableClock
    /// Keys sent without a pause, when the fixture was made with one.
    let stream: KeyStream?
    private let owner: Bool

    init(idle: TimeInterval = 300, door: Door = .kiosk, streaming: Bool = false) throws {
        (folder, database) = try temporaryDemo("carnet-kiosk")
        owner = true
        clock = MovableClock(Date(timeIntervalSince1970: 1_795_000_000))
        terminal = TestTerminal(width: 80, height: 24)
        stream = streaming ? KeyStream(screen: terminal, clock: clock) : nil
        store = RecordStore(database: database, policy: try .standard(), clock: { [clock] in clock.now })
        session = try KioskFixture.session(on: stream ?? terminal, database: database, store: store, clock: clock, idle: idle, door: door)
    }

    /// A second terminal on the same database and clocks (the same doctor elsewhere, or later).
    init(sharing other: KioskFixture, idle: TimeInterval = 300, door: Door = .kiosk) throws {
        (folder, database, store, clock, owner, stream) = (other.folder, other.database, other.store, other.clock, false, nil)
        terminal = TestTerminal(width: 80, height: 24)
        session = try KioskFixture.session(on: terminal, database: database, store: store, clock: clock, idle: idle, door: door)
    }

    private static func session(on terminal: any Terminal, database: CarnetDatabase, store: RecordStore, clock: MovableClock,
                                idle: TimeInterval, door: Door) throws -> DoorSession {
        let catalogs = Catalogs(formulary: try .standard(), labTests: try PrescriptionSafety.standard().labTests)
        return DoorSession(terminal: terminal, store: store, finder: store,
                            signIn: Credentials(database: database, cost: .testing, clock: { [clock] in clock.now }), strings: Strings(.french),
                            theme: .monochrome, catalogs: catalogs, door: door, idleLimit: idle, clock: { [clock] in clock.now },
                            steadyClock: SteadyClock { [clock] in clock.steady })
    }

    deinit {
        guard owner else { return }
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    func advance(by seconds: TimeInterval) { clock.advance(by: seconds) }

    func keys(_ keys: Key...) {
        for key in keys { terminal.send(.key(key)) }
        session.run(untilIdle: true)
    }

    func type(_ text: String) {
        terminal.type(text)
        session.run(untilIdle: true)
    }

    func signIn(_ rpps: String, _ pin: String) {
        type(rpps)
        keys(.tab)
        type(pin)
        keys(.enter)
    }

    func open(_ query: String) {
        type(query)
        keys(.enter, .enter)
    }

    var text: String { terminal.screenText }
}

/// The two clocks of a session, moved by hand: the wall clock (dates, the store) and the
/// steady one (countdowns, idle lock). Time passing moves both; a person or NTP stepping
/// the wall clock moves only that one.
final class MovableClock: @unchecked Sendable {
    // Guarded by the lock.
    private let lock = NSLock()
    private var time: Date
    private var elapsed: TimeInterval = 1000
    init(_ start: Date) { time = start }
    var now: Date { lock.withLock { time } }
    var steady: TimeInterval { lock.withLock { elapsed } }
    func advance(by seconds: TimeInterval) {
        lock.withLock {
            time = time.addingTimeInterval(seconds)
            elapsed += seconds
        }
    }
    /// Sets the wall clock back or forward; the steady clock does not move.
    func stepWall(by seconds: TimeInterval) { lock.withLock { time = time.addingTimeInterval(seconds) } }
}

/// A terminal fed keys without a pause, one a second on the test's clocks, that remembers
/// each frame with the steady time it was shown at. Other events come from `screen`.
final class KeyStream: Terminal {
    let screen: TestTerminal
    let clock: MovableClock
    private var pending: [Key] = []
    private(set) var frames: [(at: TimeInterval, text: String)] = []

    init(screen: TestTerminal, clock: MovableClock) {
        self.screen = screen
        self.clock = clock
    }

    var width: Int { screen.width }
    var height: Int { screen.height }

    func present(_ frame: CellBuffer) {
        screen.present(frame)
        frames.append((clock.steady, screen.screenText))
    }

    func nextEvent(timeout: Double?) -> TerminalEvent? {
        guard !pending.isEmpty else { return screen.nextEvent(timeout: timeout) }
        clock.advance(by: 1)
        return .key(pending.removeFirst())
    }

    func send(_ keys: [Key]) { pending += keys }
}

@Suite("Clinician kiosk")
struct KioskTests {
    @Test("Dr Paul MARTIN signs in, finds Marie by name, opens her record; the banner says who and where")
    func openMarie() throws {
        let kiosk = try KioskFixture()
        kiosk.session.run(untilIdle: true)
        #expect(kiosk.terminal.screen[0].contains("KIOSQUE · personne n'est connecté"))
        kiosk.signIn("10001234565", "1234")
        #expect(kiosk.terminal.screen[0].contains("KIOSQUE · Dr Paul MARTIN (médecin généraliste) · RPPS 10001234565"))
        kiosk.type("marie dup")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("▸DUPONT Marie  12/03/1958  INS 258037511223324"))
        kiosk.keys(.enter)
        #expect(kiosk.terminal.screen[1].contains("Marie DUPONT · 68 ans"))
        #expect(kiosk.terminal.screen[2].contains("Pénicilline"))
        try expectSnapshot(kiosk.terminal, "kiosk-record")
        // Escape closes the record for another patient; q signs out to the login screen.
        kiosk.keys(.escape)
        #expect(kiosk.text.contains("Rechercher un patient") && !kiosk.text.contains("Pénicilline"))
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Pénicilline"))
        // q closes the record (back to the results), then q signs out.
        kiosk.keys(.character("q"))
        #expect(kiosk.terminal.screen[0].contains("Dr Paul MARTIN") && kiosk.text.contains("DUPONT Marie"))
        kiosk.keys(.character("q"))
        #expect(kiosk.terminal.screen[0].contains("personne n'est connecté") && !kiosk.text.contains("DUPONT"))
    }

    @Test("a wrong PIN says how many tries are left; another at once must wait; the third blocks the card")
    func wrongPIN() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "0000")
        #expect(kiosk.text.contains("Code PIN incorrect : il reste 2 essais"))
        // At once: not checked, not counted, and the screen says when to try again.
        kiosk.keys(.control("u"))
        kiosk.type("1234")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Code PIN faux à l'instant : réessayez à"))
        kiosk.clock.advance(by: 3)
        kiosk.keys(.control("u"))
        kiosk.type("0000")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Code PIN incorrect : il reste 1 essai"))
        kiosk.clock.advance(by: 11)
        kiosk.keys(.control("u"))
        kiosk.type("0000")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Carte bloquée après 3 codes PIN faux"))
    }

    @Test("Claire PETIT, blocked by Marie, does not find her by INS nor by name; each search is audited on Marie's record")
    func claireRefused() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10004567896", "4567")
        kiosk.open("258037511223324")
        #expect(!kiosk.text.contains("DUPONT Marie") && !kiosk.text.contains("Pénicilline"))
        let events = try AuditLog(database: kiosk.database).events(patient: "258037511223324", after: 0, limit: 10_000).items
        let last = try #require(events.last)
        #expect(last.actor == "rpps:10004567896" && last.action == "search" && last.outcome == .refused && last.reason == "blocked-by-patient")
        // By the store too: the record itself stays refused.
        let marie = try #require(try Directory(database: kiosk.database).patient(ins: DemoAccounts.marieINS))
        #expect(throws: AccessRefused.self) { try kiosk.store.openRecord(marie.id, context: .kiosk(DemoAccounts.clairePetit)) }
        let byName = try kiosk.store.searchPatients(name: "marie dupont", birthDate: nil, after: nil, limit: 50, context: .kiosk(DemoAccounts.clairePetit))
        #expect(!byName.items.contains { $0.id == marie.id })
    }

    @Test("Jean BERNARD (pharmacien) sees Prescriptions but not Antécédents")
    func pharmacist() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10003456786", "3456")
        kiosk.open("258037511223324")
        kiosk.keys(.character("5"))
        #expect(kiosk.text.contains("Metformine 1000 mg"))
        kiosk.keys(.character("2"))
        #expect(kiosk.text.contains("Accès refusé : les pharmaciens n'ont pas accès au volet Antécédents"))
        #expect(!kiosk.text.contains("Diabète de type 2"))
    }

    @Test("amoxicilline for Marie: the allergy warning, then « oui » prescribes and the override is audited")
    func amoxicillin() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "1234")
        kiosk.open("258037511223324")
        kiosk.keys(.character("5"), .character("n"))
        #expect(kiosk.text.contains("Nouvelle prescription"))
        kiosk.type("amoxicilline 1 g")
        kiosk.keys(.tab)
        kiosk.type("1 g matin et soir")
        kiosk.keys(.tab)
        kiosk.type("6")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("ALLERGIE : Pénicilline"))
        #expect(kiosk.text.contains("non exhaustifs"))
        try expectSnapshot(kiosk.terminal, "kiosk-allergy-warning")
        kiosk.keys(.enter) // Enter alone does not prescribe
        #expect(kiosk.text.contains("Tapez « oui » pour maintenir"))
        kiosk.type("oui")
        kiosk.keys(.enter)
        #expect(kiosk.terminal.screen[23].contains("Prescription enregistrée : Amoxicilline 1 g (avertissement maintenu, tracé)"))
        #expect(kiosk.text.contains("Amoxicilline 1 g  [en cours]"))
        let events = try AuditLog(database: kiosk.database).events(patient: "258037511223324", after: 0, limit: 10_000).items
        #expect(events.contains { $0.detail == "prescription held for confirmation: Amoxicilline 1 g; warnings: allergy:J01C" })
        #expect(events.contains { $0.detail == "add prescription: Amoxicilline 1 g; confirmed over warnings: allergy:J01C" })
    }

    @Test("adding a vaccination and an allergy; a bad date keeps the form open and says so")
    func writing() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "1234")
        kiosk.open("258037511223324")
        kiosk.keys(.character("4"), .character("n"))
        kiosk.type("Vaxigrip Tetra (grippe)")
        kiosk.keys(.tab)
        kiosk.type("saison 2026-2027")
        kiosk.keys(.tab)
        kiosk.type("X123")
        kiosk.keys(.tab, .control("u"))
        kiosk.type("31/02/2026")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Date invalide."))
        kiosk.keys(.control("u"))
        kiosk.type("18/11/2026")
        kiosk.keys(.enter)
        #expect(kiosk.terminal.screen[23].contains("Vaccination ajoutée."))
        #expect(kiosk.text.contains("18/11/2026  Vaxigrip Tetra (grippe)  saison 2026-2027"))
        kiosk.keys(.character("3"), .character("n"))
        kiosk.type("Arachide")
        kiosk.keys(.tab, .tab)
        kiosk.type("Œdème labial")
        kiosk.keys(.tab, .control("u"))
        kiosk.type("3")
        kiosk.keys(.enter)
        #expect(kiosk.text.contains("Arachide — sévère — Œdème labial"))
        // The banner is read again after every write: the new allergy shows at once.
        #expect(kiosk.terminal.screen[2].contains("Arachide (sévère)"))
    }

    @Test("after the idle time the screen shows no patient data and the sign-in returns")
    func idleLock() throws {
        let kiosk = try KioskFixture(idle: 300)
        kiosk.signIn("10001234565", "1234")
        kiosk.open("258037511223324")
        #expect(kiosk.text.contains("Pénicilline"))
        kiosk.advance(by: 299)
        kiosk.session.checkIdle()
        #expect(kiosk.text.contains("Pénicilline"))
        kiosk.advance(by: 2)
        kiosk.session.checkIdle()
        #expect(!kiosk.text.contains("DUPONT") && !kiosk.text.contains("Pénicilline") && !kiosk.text.contains("258037511223324"))
        #expect(kiosk.text.contains("Session verrouillée après inactivité"))
        #expect(kiosk.terminal.screen[0].contains("personne n'est connecté"))
        // A key resets the clock: no lock while someone types.
        kiosk.signIn("10001234565", "1234")
        kiosk.advance(by: 200)
        kiosk.keys(.character("m"))
        kiosk.advance(by: 200)
        kiosk.session.checkIdle()
        #expect(kiosk.terminal.screen[0].contains("Dr Paul MARTIN"))
    }

    @Test("Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing at the kiosk")
    func controlKeys() throws {
        let kiosk = try KioskFixture()
        kiosk.signIn("10001234565", "1234")
        let before = kiosk.text
        kiosk.keys(.control("c"), .control("z"), .control("\\"))
        #expect(kiosk.text == before)
    }

    @Test("the médecin traitant's inbox lists refused attempts on his patients")
    func inbox() throws {
        let kiosk = try KioskFixture()
        let marie = try #require(try Directory(database: kiosk.database).patient(ins: DemoAccounts.marieINS))
        _ = try? kiosk.store.history(of: marie.id, context: .kiosk(DemoAccounts.clairePetit))
        kiosk.signIn("10001234565", "1234")
        // In the search form i is text; F2 opens the inbox.
        kiosk.keys(.character("i"))
        #expect(!kiosk.text.contains("Boîte de réception du médecin traitant"))
        kiosk.keys(.backspace, .function(2))
        #expect(kiosk.text.contains("Boîte de réception du médecin traitant"))
        // The row is cut at 80 columns (with an ellipsis): Claire's name ends it.
        #expect(kiosk.text.contains("Marie DUPONT (INS 258037511223324)") && kiosk.text.contains("REFUSÉ  Claire PET"))
    }
}
