// Results (issue 17). Budgets: opening the Résultats pane of a patient with 5 000 results
// (store read and audit, tests grouped, first frame drawn) ≤ 10 ms at p99; drawing a test's
// chart with 500 points at 200×60 ≤ 2 ms at p99.
//
// The screens are the real ones: Marie's record in a small demo database (cheap scrypt, in
// a temporary folder) to which 5 000 results are imported through the importer, as `carnet
// import` writes them; a DoorSession on a TestTerminal. A pane's content is kept by the
// record view once read (showing it again reads nothing), so each sample of the pane's
// opening is a new session, signed in before the measurement: every sample reads the store.
// The "part" benchmarks measure the opening's pieces through the same public calls, to tell
// where the time goes. No million-patient database is needed: `swift package benchmark
// --target ResultsBenchmarks` runs on its own.
import Benchmark
import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

// MARK: - Data

/// Deterministic numbers (SplitMix64): the same results at every run.
struct Numbers {
    private var source: SeededGenerator
    init(seed: UInt64) { source = SeededGenerator(seed: seed) }

    mutating func next() -> UInt64 { source.next() }

    /// In 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    /// About normal, mean 0, standard deviation 1.
    mutating func normal() -> Double { (unit() + unit() + unit() + unit() - 2) * 1.73 }
}

/// A test as a laboratory (or a consultation) reports it.
struct TestSpec: Sendable {
    var code: String?
    var label: String
    var unit: String?
    var low: Double?
    var high: Double?
    var mean: Double
    var sd: Double
    var decimals: Int
    var category: LabResult.Category = .laboratory
    /// The panel it is reported in; nil: reported alone.
    var report: String?
    /// The laboratory gives an interpretation code (H, L, N); else the range decides.
    var interpreted = true
}

/// About 60 tests: laboratory panels, tests reported alone, vital signs, others.
let testCatalogue: [TestSpec] = {
    func lab(_ report: String?, _ code: String, _ label: String, _ unit: String, _ low: Double?, _ high: Double?,
             _ mean: Double, _ sd: Double, _ decimals: Int, interpreted: Bool = true) -> TestSpec {
        TestSpec(code: code, label: label, unit: unit, low: low, high: high, mean: mean, sd: sd, decimals: decimals, report: report, interpreted: interpreted)
    }
    func vital(_ code: String, _ label: String, _ unit: String, _ low: Double?, _ high: Double?, _ mean: Double, _ sd: Double, _ decimals: Int) -> TestSpec {
        TestSpec(code: code, label: label, unit: unit, low: low, high: high, mean: mean, sd: sd, decimals: decimals, category: .vitalSigns,
                 interpreted: false)
    }
    let nfs = "NFS", iono = "Ionogramme sanguin", renal = "Bilan rénal", lipids = "Bilan lipidique", liver = "Bilan hépatique"
    let sugar = "Bilan glycémique", thyroid = "Bilan thyroïdien", clotting = "Hémostase", iron = "Bilan martial", inflammation = "Syndrome inflammatoire"
    return [
        lab(nfs, "718-7", "Hémoglobine", "g/dL", 12, 16, 12.6, 0.9, 1),
        lab(nfs, "789-8", "Hématies", "10*12/L", 4.0, 5.4, 4.4, 0.3, 2),
        lab(nfs, "4544-3", "Hématocrite", "%", 37, 47, 39, 2.5, 1),
        lab(nfs, "787-2", "VGM", "fL", 80, 100, 89, 4, 0),
        lab(nfs, "785-6", "TCMH", "pg", 27, 32, 29.5, 1.2, 1),
        lab(nfs, "786-4", "CCMH", "g/dL", 32, 36, 33.4, 0.8, 1),
        lab(nfs, "6690-2", "Leucocytes", "10*9/L", 4.0, 10.0, 7.1, 1.8, 2),
        lab(nfs, "751-8", "Polynucléaires neutrophiles", "10*9/L", 1.8, 7.5, 4.2, 1.3, 2),
        lab(nfs, "731-0", "Lymphocytes", "10*9/L", 1.0, 4.0, 2.1, 0.6, 2),
        lab(nfs, "742-7", "Monocytes", "10*9/L", 0.2, 1.0, 0.5, 0.15, 2),
        lab(nfs, "711-2", "Polynucléaires éosinophiles", "10*9/L", 0.0, 0.5, 0.2, 0.12, 2),
        lab(nfs, "704-7", "Polynucléaires basophiles", "10*9/L", 0.0, 0.1, 0.03, 0.02, 2),
        lab(nfs, "777-3", "Plaquettes", "10*9/L", 150, 400, 245, 55, 0),
        lab(iono, "2951-2", "Sodium", "mmol/L", 136, 145, 140, 2.2, 0),
        lab(iono, "2823-3", "Potassium", "mmol/L", 3.5, 5.0, 4.4, 0.45, 1),
        lab(iono, "2075-0", "Chlore", "mmol/L", 98, 107, 102, 2.5, 0),
        lab(iono, "1963-8", "Bicarbonates", "mmol/L", 22, 29, 25, 2, 0),
        lab(iono, "2885-2", "Protides totaux", "g/L", 64, 83, 71, 4, 0),
        lab(renal, "2160-0", "Créatinine", "µmol/L", 45, 90, 84, 12, 0),
        lab(renal, "62238-1", "DFG (CKD-EPI)", "mL/min/1.73m2", 60, nil, 68, 10, 0),
        lab(renal, "3091-6", "Urée", "mmol/L", 2.5, 7.5, 6.1, 1.2, 1),
        lab(renal, "3084-1", "Acide urique", "µmol/L", 150, 360, 320, 55, 0),
        lab(lipids, "2093-3", "Cholestérol total", "g/L", nil, 2.0, 2.05, 0.25, 2, interpreted: false),
        lab(lipids, "2085-9", "Cholestérol HDL", "g/L", 0.45, nil, 0.52, 0.08, 2, interpreted: false),
        lab(lipids, "13457-7", "Cholestérol LDL (calculé)", "g/L", nil, 1.3, 1.28, 0.22, 2, interpreted: false),
        lab(lipids, "2571-8", "Triglycérides", "g/L", nil, 1.5, 1.35, 0.35, 2, interpreted: false),
        lab(liver, "1920-8", "ASAT", "U/L", nil, 35, 27, 8, 0),
        lab(liver, "1742-6", "ALAT", "U/L", nil, 35, 31, 11, 0),
        lab(liver, "2324-2", "Gamma-GT", "U/L", nil, 38, 34, 14, 0),
        lab(liver, "6768-6", "Phosphatases alcalines", "U/L", 35, 104, 78, 16, 0),
        lab(liver, "1975-2", "Bilirubine totale", "µmol/L", nil, 17, 9, 3.5, 0),
        lab(liver, "1751-7", "Albumine", "g/L", 35, 52, 41, 3, 1),
        lab(sugar, "2345-7", "Glycémie à jeun", "mmol/L", 3.9, 6.1, 7.1, 1.0, 2),
        lab(sugar, "4548-4", "HbA1c", "%", nil, 7.0, 6.9, 0.45, 1),
        lab(thyroid, "3016-3", "TSH", "mUI/L", 0.4, 4.0, 2.1, 0.9, 2),
        lab(thyroid, "3024-7", "T4 libre", "pmol/L", 12, 22, 16, 2.2, 1),
        lab(clotting, "5894-1", "Taux de prothrombine", "%", 70, 100, 92, 7, 0),
        lab(clotting, "6301-6", "INR", "{INR}", 0.8, 1.2, 1.02, 0.09, 2),
        lab(clotting, "14979-9", "TCA (ratio)", "{ratio}", nil, 1.2, 1.05, 0.09, 2),
        lab(iron, "2276-4", "Ferritine", "µg/L", 15, 150, 78, 35, 0),
        lab(iron, "2498-4", "Fer sérique", "µmol/L", 9, 30, 16, 4.5, 1),
        lab(iron, "2502-3", "Coefficient de saturation de la transferrine", "%", 20, 40, 27, 7, 0),
        lab(inflammation, "1988-5", "CRP", "mg/L", nil, 5, 3, 4, 1),
        lab(inflammation, "4537-7", "Vitesse de sédimentation", "mm/h", nil, 20, 14, 7, 0),
        lab(nil, "1989-3", "Vitamine D (25-OH)", "nmol/L", 75, 250, 62, 18, 0),
        lab(nil, "2132-9", "Vitamine B12", "pmol/L", 145, 569, 310, 80, 0),
        lab(nil, "2284-8", "Folates sériques", "nmol/L", 7, 45, 17, 6, 1),
        lab(nil, "19123-9", "Magnésium", "mmol/L", 0.7, 1.05, 0.84, 0.08, 2),
        lab(nil, "17861-6", "Calcium", "mmol/L", 2.2, 2.6, 2.38, 0.09, 2),
        lab(nil, "2777-1", "Phosphore", "mmol/L", 0.8, 1.45, 1.1, 0.15, 2),
        lab(nil, "14959-1", "Microalbuminurie", "mg/L", nil, 30, 18, 12, 0),
        vital("29463-7", "Poids", "kg", nil, nil, 74, 2.5, 1),
        vital("8302-2", "Taille", "cm", nil, nil, 164, 0.4, 0),
        vital("39156-5", "IMC", "kg/m2", 18.5, 25, 27.5, 0.9, 1),
        vital("8480-6", "Pression artérielle systolique", "mm[Hg]", nil, 140, 134, 11, 0),
        vital("8462-4", "Pression artérielle diastolique", "mm[Hg]", nil, 90, 81, 7, 0),
        vital("8867-4", "Fréquence cardiaque", "/min", 50, 100, 74, 9, 0),
        vital("8310-5", "Température", "Cel", nil, nil, 36.8, 0.3, 1),
        vital("59408-5", "Saturation en oxygène", "%", 95, nil, 97, 1.2, 0),
        vital("9279-1", "Fréquence respiratoire", "/min", 12, 20, 15, 2, 0),
        TestSpec(code: "72514-3", label: "Douleur (EVA)", unit: nil, low: nil, high: 3, mean: 2, sd: 1.8, decimals: 0, category: .other, interpreted: false),
    ]
}()

/// How a number reads in a FHIR valueQuantity: "6.9", "142".
func decimal(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

/// A result of `spec` on `date`, near its mean with a slow drift; now and then outside its
/// range, with the laboratory's interpretation when it gives one.
func result(_ spec: TestSpec, on date: CalendarDate, visit: Int, author: Author, document: EntryID?, numbers: inout Numbers) -> LabResult {
    let drift = sin(Double(visit) / 9) * spec.sd * 0.8
    var value = max(0, spec.mean + drift + spec.normal(&numbers))
    var unit = spec.unit
    var comparator: String?
    var interpretation: String?
    if spec.code == "1988-5", value < 5, numbers.unit() < 0.5 {
        // "< 5 mg/L": a bound, listed and not plotted.
        value = 5
        comparator = "<"
    }
    if spec.interpreted, comparator == nil {
        if let high = spec.high, value > high { interpretation = value > high * 1.5 ? "HH" : "H" }
        else if let low = spec.low, value < low { interpretation = value < low * 0.6 ? "LL" : "L" }
        else { interpretation = "N" }
    }
    var range = ReferenceRange(low: spec.low.map { decimal($0, spec.decimals) }, high: spec.high.map { decimal($0, spec.decimals) },
                               unit: spec.unit, text: nil)
    if spec.code == "2160-0", visit % 7 == 3 {
        // Another laboratory: creatinine in mg/L (converted for the chart, conversion named).
        value /= 8.84
        unit = "mg/L"
        range = ReferenceRange(low: "5.1", high: "10.2", unit: "mg/L", text: nil)
        interpretation = nil
    }
    if spec.code == "2345-7", visit % 5 == 1 {
        // Glucose in g/L.
        value *= 0.180
        unit = "g/L"
        range = ReferenceRange(low: "0.70", high: "1.10", unit: "g/L", text: nil)
        interpretation = nil
    }
    let decimals = unit == spec.unit ? spec.decimals : 2
    let quantity = Quantity(decimal: decimal(value, decimals), unit: unit, comparator: comparator)
    return LabResult(code: spec.code, label: spec.label, value: quantity.text, quantity: quantity,
                     referenceRange: spec.low == nil && spec.high == nil ? nil : range, interpretation: interpretation,
                     category: spec.category, date: date, author: author,
                     codes: spec.code.map { [Coding(system: "http://loinc.org", code: $0, display: spec.label)] } ?? [],
                     report: spec.report, document: spec.category == .laboratory ? document : nil)
}

extension TestSpec {
    func normal(_ numbers: inout Numbers) -> Double { numbers.normal() * sd }
}

/// Text values, now and then: serologies, a urine culture, the blood group once.
func textResult(visit: Int, on date: CalendarDate, author: Author, document: EntryID?) -> LabResult? {
    let texts: [(String, String, String)] = [
        ("16935-9", "Anticorps anti-HBs", "positif (immunisée)"),
        ("16128-1", "Sérologie VHC", "négatif"),
        ("630-4", "ECBU — culture", "stérile"),
        ("7905-3", "Antigène HBs", "négatif"),
        ("5196-1", "Sérologie VIH 1/2", "négatif"),
    ]
    guard visit % 4 == 0 else { return nil }
    let (code, label, value) = texts[(visit / 4) % texts.count]
    return LabResult(code: code, label: label, value: value, category: .laboratory, date: date, author: author,
                     codes: [Coding(system: "http://loinc.org", code: code, display: label)], report: "Sérologies", document: document)
}

/// A report's own conclusion (a DiagnosticReport's words), one per panel now and then.
func conclusion(_ report: String, on date: CalendarDate, author: Author, document: EntryID?) -> LabResult {
    LabResult(code: "11502-2", label: report, value: "Conclusion : \(report.lowercased()) sans anomalie majeure ; à contrôler dans trois mois.",
              category: .laboratory, date: date, author: author, report: report, isReport: true, document: document)
}

let laboratories: [Author] = [.external(name: "Laboratoire Cerballiance Paris 15"), .external(name: "Biogroup Bordeaux Gambetta"),
                              .external(name: "Synlab Île-de-France")]

/// `count` results for one patient: one visit a month or so, ending last month, each
/// giving every test (~60) a value (vital signs on the visit's day, each panel a day or two
/// after), with a report conclusion and a text value now and then. The newest `count`.
func results(count: Int, today: CalendarDate, documents: (Int, CalendarDate) throws -> EntryID?) rethrows -> [LabResult] {
    var numbers = Numbers(seed: 17)
    // Each visit gives every test of the catalogue a value, and a little more now and then.
    let visits = count / testCatalogue.count + 2
    var day = today.adding(days: -20)
    var dates: [CalendarDate] = []
    for _ in 0..<visits {
        dates.append(day)
        day = day.adding(days: -numbers.int(24...38))
    }
    dates.reverse()
    var all: [LabResult] = []
    for (visit, date) in dates.enumerated() {
        let laboratory = laboratories[visit % laboratories.count]
        let consultation = Author.external(name: "Cabinet médical Lamarck")
        let labDay = date.adding(days: -numbers.int(1...3))
        let document = try documents(visit, labDay)
        var panels: [String] = []
        for spec in testCatalogue {
            let vital = spec.category != .laboratory
            all.append(result(spec, on: vital ? date : labDay, visit: visit, author: vital ? consultation : laboratory, document: document,
                              numbers: &numbers))
            if let report = spec.report, !panels.contains(report) { panels.append(report) }
        }
        if let text = textResult(visit: visit, on: labDay, author: laboratory, document: document) { all.append(text) }
        if visit % 3 == 0 { all.append(conclusion(panels[(visit / 3) % panels.count], on: labDay, author: laboratory, document: document)) }
    }
    // The blood group, reported once, years ago.
    precondition(all.count >= count - 1, "\(visits) visits gave \(all.count) results, not \(count - 1)")
    let kept = Array(all.suffix(count - 1))
    let bloodGroup = LabResult(code: "882-1", label: "Groupe sanguin ABO et Rhésus", value: "A Rh+", category: .laboratory,
                               date: kept.first?.date ?? today, author: laboratories[0],
                               codes: [Coding(system: "http://loinc.org", code: "882-1", display: "ABO+Rh")])
    return [bloodGroup] + kept
}

// MARK: - The record on screen

/// Marie's record in a small demo database with results imported, and sessions on it.
/// Unchecked: the benchmark runner calls a benchmark from one thread at a time.
final class RecordWithResults: @unchecked Sendable {
    let folder: URL
    let database: CarnetDatabase
    let store: RecordStore
    let marie: Patient
    let today = CalendarDate(Date())
    /// What the import said it wrote.
    var imported = ImportSummary()

    /// - Parameter results: the results to import (the store's documents they refer to are
    ///   written first, through `prepare`).
    init(_ prepare: (RecordStore, Patient, CalendarDate) throws -> [LabResult]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-results-bench-\(UUID().uuidString)")
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
        // As `carnet import` writes them: an import plan applied in one transaction.
        var plan = ImportPlan()
        for (index, result) in try prepare(store, marie, today).enumerated() {
            plan.items.append(ImportPlan.Item(sourceKey: "urn:uuid:carnet-bench-result-\(index)", resourceType: result.isReport ? "DiagnosticReport" : "Observation",
                                              subject: .outside(reference: "Patient/marie"), entry: .result(result)))
        }
        imported = try RecordImporter(database: database).apply(plan, file: "benchmark-results.json", namedPatient: DemoAccounts.marieINS,
                                                                context: .operatorAccount("benchmark"))
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// How many results Marie reads in her record.
    func count() throws -> Int { try store.results(of: marie.id, context: .patient(marie)).count }

    /// Marie signed in on a new terminal, her Synthèse on screen. The password check
    /// (scrypt) is not what is measured: this sign-in lets her in as the real check would.
    func signedIn(width: Int, height: Int) -> OnScreen {
        let screen = OnScreen(terminal: TestTerminal(width: width, height: height), record: self)
        screen.type(DemoAccounts.marieINS.digits)
        screen.keys(.enter)
        screen.type(DemoAccounts.mariePassword)
        screen.keys(.enter)
        return screen
    }
}

struct AlreadyVerified: PatientSignIn {
    let patient: Patient
    func patientLogin(ins: INS, password: String) throws -> Patient { patient }
}

/// A session and its terminal. Unchecked: the benchmark runner calls a benchmark from one
/// thread at a time.
final class OnScreen: @unchecked Sendable {
    let terminal: TestTerminal
    let session: DoorSession
    /// Kept open while its session is on screen.
    let record: RecordWithResults

    init(terminal: TestTerminal, record: RecordWithResults) {
        self.terminal = terminal
        self.record = record
        // No idle lock: a screen kept across samples stays signed in however long the run.
        session = DoorSession(terminal: terminal, access: record.store, signIn: AlreadyVerified(patient: record.marie), strings: Strings(.french),
                              theme: .color, idleLimit: 24 * 3600)
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

struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One key then the other, then the first…: a selection or a cursor that moves back and
/// forth stays where it is measured. Unchecked: the benchmark runner calls a benchmark from
/// one thread at a time.
final class Alternating: @unchecked Sendable {
    private let keys: (Key, Key)
    private var first = false
    init(_ one: Key, _ other: Key) { keys = (one, other) }
    func next() -> Key {
        first.toggle()
        return first ? keys.0 : keys.1
    }
}

// MARK: - Charts alone

/// `count` points over about `years` years, at irregular intervals (real time spacing),
/// around `mean`; those the caller's range leaves out flagged as the laboratory would.
func points(_ count: Int, years: Double, mean: Double, sd: Double, low: Double?, high: Double?, unit: String, seed: UInt64) -> [Chart.Point] {
    var numbers = Numbers(seed: seed)
    let end = Double(CalendarDate(Date()).daysSinceEpoch) * 86_400
    let step = years * 365 * 86_400 / Double(count)
    var time = end - years * 365 * 86_400
    return (0..<count).map { index in
        time += step * (0.3 + 1.4 * numbers.unit())
        let value = mean + sin(Double(index) / 40) * sd + numbers.normal() * sd
        let shown = (value * 10).rounded() / 10
        let abnormal = (high.map { shown > $0 } ?? false) || (low.map { shown < $0 } ?? false)
        return Chart.Point(time: time, value: shown, isAbnormal: abnormal, text: decimal(shown, 1).replacingOccurrences(of: ".", with: ",") + " " + unit)
    }
}

/// Dates as the history screen writes them: "12/03/2024" under the cursor, "03/2024" on the axis.
func frenchDay(_ time: Double) -> String { CalendarDate(daysSinceEpoch: Int((time / 86_400).rounded(.down))).french }
func frenchMonth(_ time: Double) -> String {
    let month = CalendarDate(daysSinceEpoch: Int((time / 86_400).rounded(.down))).iso.prefix(7)
    return month.split(separator: "-").reversed().joined(separator: "/")
}

/// A chart to draw, and a frame to draw it in. Unchecked: the benchmark runner calls a
/// benchmark from one thread at a time.
final class ChartToDraw: @unchecked Sendable {
    let series: [Chart.Series]
    let referenceRange: Chart.ReferenceRange?
    let unit: String
    let area = Rect(x: 0, y: 0, width: 200, height: 60)

    init(series: [Chart.Series], referenceRange: Chart.ReferenceRange?, unit: String) {
        self.series = series
        self.referenceRange = referenceRange
        self.unit = unit
    }

    /// The chart as the history screen builds it for a frame, drawn.
    func draw(into frame: inout CellBuffer) {
        let chart = Chart(series: series, referenceRange: referenceRange, unit: unit, formatDate: frenchDay, formatAxisDate: frenchMonth,
                          cursor: nil, wording: .french)
        chart.render(area: area, into: &frame, theme: .color)
    }

    func check() {
        var frame = CellBuffer(width: area.width, height: area.height)
        draw(into: &frame)
        let text = frame.lines.joined(separator: "\n")
        precondition(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "the chart drew no braille dot:\n\(text)")
    }
}

// MARK: - Benchmarks

let benchmarks: @Sendable () -> Void = {
    func setUp<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { fatalError("\(error)") }
    }
    // CPU time beside wall clock: what is not CPU is waiting (the audit event's durable commit).
    let open: Benchmark.Configuration = .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 1_000)
    let key: Benchmark.Configuration = .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 2_000)
    let draw: Benchmark.Configuration = .init(metrics: [.wallClock], maxDuration: .seconds(5), maxIterations: 10_000)

    // Marie with 5 000 results: ~60 tests × ~80 values (laboratory panels, tests alone,
    // vital signs with blood pressure, a pain score), report conclusions, text values; the
    // laboratory results each linked to their stored report (so each is checked against
    // that document's masking as it is read).
    let results5000 = 5_000
    let record = setUp { () throws -> RecordWithResults in
        let record = try RecordWithResults { store, marie, today in
            // The demo's own results of Marie count towards the 5 000.
            let before = try store.results(of: marie.id, context: .patient(marie)).count
            return try results(count: results5000 - before, today: today) { visit, day in
                try store.add(Document(loinc: "11502-2", title: "Compte rendu de biologie du \(day.french)", author: laboratories[visit % laboratories.count],
                                       date: day, text: "Résultats détaillés joints."),
                              to: marie.id, context: .operatorAccount("benchmark"))
            }
        }
        let count = try record.count()
        guard count == results5000 else {
            throw SetupError("Marie reads \(count) results, not \(results5000); imported \(record.imported.imported), unchanged \(record.imported.unchanged)")
        }
        // The pane opens with key 6 and shows the first group's tests.
        let screen = record.signedIn(width: 80, height: 24)
        screen.keys(.character("6"))
        try screen.expect("HbA1c", "the Résultats pane")
        return record
    }

    // Key 6 on a session signed in just before (not measured): the pane's first opening in
    // the session, so the store is read every sample (a pane read once is kept by the
    // record view). Measured: the key, the results read and audited, the statements read
    // and audited, the tests grouped, the rows formatted, the frame drawn (80×24).
    Benchmark("Results pane: key 6 opens it, 5 000 results (store read + audit, grouped, first frame 80×24)", configuration: open) { benchmark in
        let screen = record.signedIn(width: 80, height: 24)
        benchmark.startMeasurement()
        screen.keys(.character("6"))
        benchmark.stopMeasurement()
        precondition(screen.terminal.screenText.contains("HbA1c"), "the Résultats pane did not open")
    }

    // The pane open, one key: the selection moves and the frame is drawn (each visible
    // line's sparkline is computed from its test's values at every frame).
    let pane = setUp { () throws -> OnScreen in
        let screen = record.signedIn(width: 80, height: 24)
        screen.keys(.character("6"), .down)
        try screen.expect("HbA1c", "the Résultats pane")
        return screen
    }
    let moving = Alternating(.down, .up)
    Benchmark("Results pane: one key (↓/↑), 5 000 results, frame drawn at 80×24", configuration: key) { benchmark in
        let key = moving.next()
        benchmark.startMeasurement()
        pane.keys(key)
        benchmark.stopMeasurement()
        precondition(pane.terminal.screenText.contains("HbA1c"), "the Résultats pane is not on screen")
    }

    // What one frame of the open pane costs: `DoorSession.run(untilIdle:)` draws the screen
    // once before it reads keys, so a measured key above is two frames; with no key it is one.
    Benchmark("Results pane, part: one frame drawn, no key (5 000 results, 80×24) (control)", configuration: key) { benchmark in
        benchmark.startMeasurement()
        pane.keys()
        benchmark.stopMeasurement()
    }

    // The same opening, in parts, to tell where the time goes.
    let marie = record.marie
    let strings = Strings(.french)
    Benchmark("Results pane, part: an audited read of a section with nothing in it (Marie's reimbursements: policy, audit, commit) (control)",
              configuration: open) { benchmark in
        blackHole(try record.store.reimbursements(of: marie.id, context: .patient(marie)))
    }
    Benchmark("Results pane, part: store read as the pane reads it (each code's latest value, 15 points before it), audited (control)",
              configuration: open) { benchmark in
        blackHole(try record.store.resultsOverview(of: marie.id, context: .patient(marie), earlier: ResultsOverview.earlierPerCode))
    }
    Benchmark("Results pane, part: store read of all 5 000 results (no codes), audited, as before the overview (control)", configuration: open) { benchmark in
        blackHole(try record.store.results(of: marie.id, context: .patient(marie), detail: .screen))
    }
    let read = setUp { try record.store.resultsOverview(of: marie.id, context: .patient(marie), earlier: ResultsOverview.earlierPerCode) }
    Benchmark("Results pane, part: the pane's values grouped into tests (ResultsBoard, control)", configuration: open) { benchmark in
        blackHole(ResultsBoard(overview: read))
    }
    let board = ResultsBoard(overview: read)
    Benchmark("Results pane, part: sparkline values of every test (ResultTest.trend, ~65 tests) (control)", configuration: open) { benchmark in
        for test in board.tests { blackHole(test.trend) }
    }
    Benchmark("Results pane, part: pane content loaded (reads, audit, board, rows; no drawing) (control)", configuration: open) { benchmark in
        blackHole(PaneContent.load(.results, of: marie.id, access: record.store, context: .patient(marie), strings: strings))
    }

    // A test's chart alone (TerminalKit): built as the history screen builds it at each
    // frame, and drawn into a 200×60 frame.
    let creatinine = ChartToDraw(series: [Chart.Series(name: "Créatinine",
                                                       points: points(500, years: 12, mean: 84, sd: 12, low: 45, high: 90, unit: "µmol/L", seed: 1))],
                                 referenceRange: Chart.ReferenceRange(low: 45, high: 90), unit: "µmol/L")
    creatinine.check()
    Benchmark("Chart: 500 points with a reference range, drawn at 200×60", configuration: draw) { benchmark in
        var frame = CellBuffer(width: 200, height: 60)
        benchmark.startMeasurement()
        creatinine.draw(into: &frame)
        benchmark.stopMeasurement()
        blackHole(frame)
    }
    let pressure = ChartToDraw(series: [
        Chart.Series(name: "Systolique", points: points(500, years: 12, mean: 134, sd: 11, low: nil, high: 140, unit: "mmHg", seed: 2),
                     referenceRange: Chart.ReferenceRange(high: 140)),
        Chart.Series(name: "Diastolique", points: points(500, years: 12, mean: 81, sd: 7, low: nil, high: 90, unit: "mmHg", seed: 3),
                     referenceRange: Chart.ReferenceRange(high: 90)),
    ], referenceRange: nil, unit: "mmHg")
    pressure.check()
    Benchmark("Chart: blood pressure, 2 × 500 points (systolic, diastolic, own ranges), drawn at 200×60", configuration: draw) { benchmark in
        var frame = CellBuffer(width: 200, height: 60)
        benchmark.startMeasurement()
        pressure.draw(into: &frame)
        benchmark.stopMeasurement()
        blackHole(frame)
    }

    // The chart in its screen: a test with 500 values (creatinine, one a week or so over
    // ten years, some in mg/L from another laboratory), its history at 200×60.
    let history = setUp { () throws -> OnScreen in
        let record = try RecordWithResults { store, marie, today in
            var numbers = Numbers(seed: 5)
            let spec = testCatalogue.first { $0.code == "2160-0" }!
            // The demo's own creatinine values of Marie count towards the 500.
            let before = ResultsBoard(results: try store.results(of: marie.id, context: .patient(marie))).tests
                .first { $0.analyte == .creatinine }?.values.count ?? 0
            var day = today.adding(days: -3)
            var values: [LabResult] = []
            for visit in 0..<(500 - before) {
                values.append(result(spec, on: day, visit: visit, author: laboratories[visit % 3], document: nil, numbers: &numbers))
                day = day.adding(days: -numbers.int(3...11))
            }
            return values
        }
        let screen = record.signedIn(width: 200, height: 60)
        screen.keys(.character("6"))
        try screen.expect("Créatinine", "the Résultats pane")
        // The filter leaves the creatinine line alone, selected, whatever else the record holds.
        screen.keys(.character("/"))
        screen.type("Créatinine")
        screen.keys(.enter)
        screen.keys(.enter)
        try screen.expect("Créatinine — dernière valeur", "the creatinine history")
        let plotted = ResultsBoard(results: try record.store.results(of: record.marie.id, context: .patient(record.marie))).tests
            .first { $0.analyte == .creatinine }?.values.count ?? 0
        guard plotted == 500 else { throw SetupError("Marie's creatinine has \(plotted) values, not 500") }
        screen.keys(.escape)
        return screen
    }
    Benchmark("Test history: Enter on a 500-value test opens it (table and chart drawn, 200×60)", configuration: open) { benchmark in
        benchmark.startMeasurement()
        history.keys(.enter)
        benchmark.stopMeasurement()
        precondition(history.terminal.screenText.contains("dernière valeur"), "the history did not open")
        history.keys(.escape)
    }
    let cursor = Alternating(.left, .right)
    Benchmark("Test history: one key (←/→) moves the chart's cursor, 500 values, 200×60", configuration: key) { benchmark in
        // Opened once, then kept open.
        if !history.terminal.screenText.contains("dernière valeur") { history.keys(.enter) }
        let key = cursor.next()
        benchmark.startMeasurement()
        history.keys(key)
        benchmark.stopMeasurement()
        precondition(history.terminal.screenText.contains("dernière valeur"), "the history is not on screen")
    }
}
