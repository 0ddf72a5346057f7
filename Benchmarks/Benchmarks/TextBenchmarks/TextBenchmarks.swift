// Long text (issue 15, part 8): an attacker's 300 KB one-line document took 42 s to open,
// a 5 MB one never opened, and a 20 MB allergy name cost 1.5 s per key. Budgets: a 5 MB
// one-line document opens (wrapped and drawn at 80×24) in under a second; one key in a
// field holding 20 MB, rendered, in under 16 ms.
//
// The screens are the real ones: Marie's record in a small demo database (cheap scrypt, in
// a temporary folder), a PatientSession on an 80×24 TestTerminal, the long values written
// through the store. No million-patient database is needed: `swift package benchmark
// --target TextBenchmarks` runs on its own.
import Benchmark
import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

/// About `bytes` bytes of text, one line, as words: a clinical phrase repeated.
func oneLineDocument(bytes: Int) -> String {
    let phrase = "Patiente de 68 ans, allergie sévère à la pénicilline (œdème de Quincke en 2019), HbA1c 6,9 %. "
    return String(repeating: phrase, count: max(1, bytes / phrase.utf8.count))
}

let megabytes5 = 5 * 1024 * 1024
let megabytes20 = 20 * 1024 * 1024

/// Marie's record on an 80×24 test terminal, kept across samples as a screen is kept between
/// keys. Unchecked: the benchmark runner calls a benchmark from one thread at a time.
final class MarieOnScreen: @unchecked Sendable {
    let folder: URL
    let database: CarnetDatabase
    let store: RecordStore
    let marie: Patient
    let terminal = TestTerminal(width: 80, height: 24)
    let session: DoorSession

    /// - Parameter prepare: writes the long values into Marie's record before she signs in.
    init(_ prepare: (RecordStore, Patient) throws -> Void) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-text-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("carnet.sqlite").path
        var demo = DemoDatabase(patients: 3, seed: 1)
        demo.cost = .testing
        try demo.build(at: path, replacing: false, context: .operatorAccount("benchmark"))
        database = try CarnetDatabase.open(path: path)
        store = RecordStore(database: database, policy: try .standard())
        guard let listing = try Directory(database: database).patient(ins: DemoAccounts.marieINS) else {
            throw SetupError("Marie DUPONT is missing from the demo database")
        }
        marie = try store.openRecord(listing.id, context: .operatorAccount("benchmark"))
        try prepare(store, marie)
        session = DoorSession(terminal: terminal, access: store, signIn: Credentials(database: database, cost: .testing),
                                 strings: Strings(.french), theme: .color)
        type(DemoAccounts.marieINS.digits)
        keys(.enter)
        type(DemoAccounts.mariePassword)
        keys(.enter)
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    func keys(_ keys: Key...) {
        for key in keys { terminal.send(.key(key)) }
        session.run(untilIdle: true)
    }

    func type(_ text: String) {
        terminal.type(text)
        session.run(untilIdle: true)
    }

    func expect(_ text: String, _ what: String) throws {
        guard terminal.screenText.contains(text) else { throw SetupError("\(what): «\(text)» is not on screen:\n\(terminal.screenText)") }
    }
}

/// ↓ then ↑, then ↓…: a selection that moves back and forth stays where the long text is.
/// Unchecked: the benchmark runner calls a benchmark from one thread at a time.
final class Alternating: @unchecked Sendable {
    private var down = false
    func next() -> Key {
        down.toggle()
        return down ? .down : .up
    }
}

/// A field holding a long value, kept across samples as a form keeps it between keys.
/// Unchecked: the benchmark runner calls a benchmark from one thread at a time.
final class FieldBeingEdited: @unchecked Sendable {
    private var field = TextField(maxLength: 2000)
    init(_ text: String) { field.text = text }

    /// One Backspace and the frame that shows the field.
    func backspace() -> CellBuffer {
        _ = field.handle(.backspace)
        var frame = CellBuffer(width: 80, height: 24)
        field.render(label: "Directives :", focused: true, area: Rect(x: 2, y: 10, width: 76, height: 1), into: &frame, theme: .color)
        return frame
    }
}

struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Marie's Documents pane, the long document first (the newest), not yet opened.
func documentsPane(holding text: String, title: String) throws -> MarieOnScreen {
    let screen = try MarieOnScreen { store, marie in
        _ = try store.add(Document(loinc: "11506-3", title: title, author: .external(name: "Hôpital"), date: CalendarDate("2027-06-01")!,
                                   text: text),
                          to: marie.id, context: .operatorAccount("benchmark"))
    }
    screen.keys(.character("7"))
    try screen.expect(title, "the Documents pane")
    return screen
}

let benchmarks: @Sendable () -> Void = {
    func setUp<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { fatalError("\(error)") }
    }
    let open: Benchmark.Configuration = .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 100)
    let key: Benchmark.Configuration = .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 1_000)

    // Enter on the row: the details are wrapped and the first frame drawn. Escape after
    // each sample (not measured), so every sample is a first opening.
    let words = setUp { try documentsPane(holding: oneLineDocument(bytes: megabytes5), title: "Compte rendu d'un seul tenant") }
    Benchmark("Open a 5 MB one-line document (details wrapped and drawn, 80×24)", configuration: open) { benchmark in
        benchmark.startMeasurement()
        words.keys(.enter)
        benchmark.stopMeasurement()
        precondition(words.terminal.screenText.contains("Patiente de 68 ans"), "the document did not open")
        words.keys(.escape)
    }

    let word = setUp { try documentsPane(holding: String(repeating: "A", count: megabytes5), title: "Un seul mot") }
    Benchmark("Open a 5 MB one-word document (no space to break at)", configuration: open) { benchmark in
        benchmark.startMeasurement()
        word.keys(.enter)
        benchmark.stopMeasurement()
        precondition(word.terminal.screenText.contains("AAAAAAAA"), "the document did not open")
        word.keys(.escape)
    }

    // Scrolling the open document: the wrapped lines are kept, a key draws one screen.
    let scrolled = setUp { () throws -> MarieOnScreen in
        let screen = try documentsPane(holding: oneLineDocument(bytes: megabytes5), title: "Compte rendu d'un seul tenant")
        screen.keys(.enter, .down)
        return screen
    }
    let scrolling = Alternating()
    Benchmark("One key (↓/↑) in an open 5 MB one-line document", configuration: key) { benchmark in
        let key = scrolling.next()
        benchmark.startMeasurement()
        scrolled.keys(key)
        benchmark.stopMeasurement()
    }

    // The patient edits her advance directives, which hold 20 MB (an import wrote them):
    // the field holds it all, refuses to grow past its 2 000 characters and says so.
    let directives = setUp { () throws -> MarieOnScreen in
        let screen = try MarieOnScreen { store, marie in
            try store.setEmergencyData(EmergencyData(organDonation: .notStated, advanceDirectives: oneLineDocument(bytes: megabytes20), contacts: []),
                                       of: marie.id, context: .operatorAccount("benchmark"))
        }
        screen.keys(.character("1"), .character("e"), .character("2"))
        try screen.expect("›", "the advance directives dialog")
        return screen
    }
    Benchmark("One key typed in a field holding 20 MB (refused, said, drawn)", configuration: key) { benchmark in
        benchmark.startMeasurement()
        directives.keys(.character("x"))
        benchmark.stopMeasurement()
    }
    Benchmark("Backspace in a field holding 20 MB (drawn)", configuration: key) { benchmark in
        benchmark.startMeasurement()
        directives.keys(.backspace)
        benchmark.stopMeasurement()
    }

    // The attack as reported: a 20 MB allergy name, in the banner, the Synthèse and the
    // Allergies pane; one key moves the selection and draws the frame.
    let allergy = setUp { () throws -> MarieOnScreen in
        let screen = try MarieOnScreen { store, marie in
            _ = try store.add(Allergy(substance: oneLineDocument(bytes: megabytes20), substanceClass: nil, reaction: "Urticaire", severity: .severe,
                                      status: .active, recordedOn: CalendarDate("2027-06-01")!, author: .external(name: "Import")),
                              to: marie.id, context: .operatorAccount("benchmark"))
        }
        screen.keys(.character("3"))
        try screen.expect("Patiente de 68 ans", "the Allergies pane")
        return screen
    }
    let moving = Alternating()
    Benchmark("One key (↓/↑) in the Allergies pane with a 20 MB allergy name", configuration: key) { benchmark in
        let key = moving.next()
        benchmark.startMeasurement()
        allergy.keys(key)
        benchmark.stopMeasurement()
    }

    // TerminalKit alone, without the app around it: what the widgets cost.
    let document = oneLineDocument(bytes: megabytes5)
    Benchmark("TextWrap: a 5 MB one-line document at 78 columns (control)", configuration: open) { benchmark in
        blackHole(TextWrap.wrap(document, width: 78))
    }
    let field = FieldBeingEdited(oneLineDocument(bytes: megabytes20))
    Benchmark("TextField: a key and a frame, 20 MB value (control)", configuration: key) { benchmark in
        blackHole(field.backspace())
    }
}
