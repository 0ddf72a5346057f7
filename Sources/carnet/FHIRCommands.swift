import ArgumentParser
import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit

/// `carnet import FILE...`: FHIR R4 JSON into the record store, each file whole or not at all.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import FHIR R4 JSON files (Bundles or single resources); each file whole or not at all.",
        discussion: """
            Importing a file again changes nothing. Patients are matched by INS, then by any identifier with its system, \
            then by name, birth date and sex when exactly one patient agrees and no identifier contradicts; a contradiction \
            refuses the file. Each file ends with a summary: what was imported, which patient each of its patients became \
            and why, what was skipped and why, and what was kept as text only because its codes are unknown.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("INS of the patient that entries whose patient is not in the file belong to.", valueName: "ins"))
    var patient: String?
    @Argument(help: "FHIR R4 JSON files.") var files: [String]
    @Flag(help: "Print on stderr the time spent reading, mapping and writing (committed, wall clock), and the throughput.") var timing = false

    func run() throws {
        let named = try patient.map { try INS($0) }
        let opened = try database.open()
        let importer = RecordImporter(database: opened)
        let onTerminal = isatty(STDERR_FILENO) == 1
        var bytes = 0
        var writing = 0.0
        let started = Date()
        defer {
            // Wall-clock time of the whole command's work: reading and mapping overlap writing.
            let seconds = Date().timeIntervalSince(started)
            if timing, seconds > 0 {
                FileHandle.standardError.write(Data("timing: \(bytes) bytes in \(seconds) s, \(Double(bytes) / seconds / 1e6) MB/s (writing \(writing) s)\n".utf8))
            }
        }
        let prefetch = PlanPrefetch(files: files)
        defer { prefetch.cancel() }
        for (index, file) in files.enumerated() {
            let plan: ImportPlan
            switch prefetch.outcome(index) {
            case .unreadable:
                throw CarnetFailure(description: "\(file): cannot read the file (missing, a folder, or no permission)")
            case let .malformed(error):
                throw CarnetFailure(description: "\(error); nothing was imported from this file")
            case let .plan(read, count):
                plan = read
                bytes += count
            }
            let progress = Progress(file: file, shown: onTerminal && plan.items.count > 1_000)
            progress.step("writing", 0.6)
            let writeStarted = Date()
            let summary = try importer.apply(plan, file: file, namedPatient: named, context: OperatorIdentity.context)
            writing += Date().timeIntervalSince(writeStarted)
            progress.clear()
            print(ImportCommand.describe(file, plan, summary))
        }
    }

    static func describe(_ file: String, _ plan: ImportPlan, _ summary: ImportSummary) -> String {
        func list(_ counts: [String: Int]) -> String { counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        var lines = ["\(file): imported \(summary.imported.values.reduce(0, +))" + (summary.imported.isEmpty ? "" : " (\(list(summary.imported)))")]
        if !summary.unchanged.isEmpty { lines.append("  already there, unchanged: \(list(summary.unchanged))") }
        for patient in summary.patients { lines.append("  patient \(patient)") }
        if !plan.context.isEmpty { lines.append("  read as context: \(list(plan.context))") }
        if !plan.textOnly.isEmpty { lines.append("  kept as text only (codes in systems Carnet does not know): \(list(plan.textOnly))") }
        for (type, skipped) in plan.skipped.sorted(by: { $0.key < $1.key }) {
            lines.append("  skipped \(type) \(skipped.count): \(skipped.reason)")
        }
        for note in plan.notes { lines.append("  note: \(note)") }
        return lines.map { Sanitizer.clean($0) }.joined(separator: "\n")
    }

    /// A one-line bar on standard error, for large files on a terminal only.
    final class Progress {
        let file: String
        let shown: Bool
        init(file: String, shown: Bool) {
            self.file = file
            self.shown = shown
        }
        func step(_ what: String, _ fraction: Double) {
            guard shown else { return }
            let width = 30, filled = Int(fraction * Double(width))
            FileHandle.standardError.write(Data("\r\(file) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(what)…".utf8))
        }
        func clear() {
            guard shown else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}

/// `carnet export --ins INS`: the patient summary as a FHIR R4 IPS document Bundle.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a patient's summary as a FHIR R4 International Patient Summary (document Bundle).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "INS of the patient.") var ins: String
    @Option(help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file")) var output: String?

    func run() throws {
        let ins = try INS(self.ins)
        let opened = try database.open()
        let data = try ExportCommand.summary(of: ins, database: opened, context: OperatorIdentity.context)
        try write(data, to: output)
    }

    static func summary(of ins: INS, database: CarnetDatabase, context: AccessContext) throws -> Data {
        guard let listing = try Directory(database: database).patient(ins: ins) else {
            throw CarnetFailure(description: "no patient with INS \(ins) in \(database.path)")
        }
        return try summary(of: listing.id, database: database, context: context)
    }

    /// Reads the record through the store (each read audited) and writes the IPS.
    static func summary(of id: PatientID, database: CarnetDatabase, context: AccessContext) throws -> Data {
        let store = RecordStore(database: database, policy: try .standard())
        let summary = try store.summary(of: id, context: context)
        let record = ExportedRecord(patient: summary.patient,
                                    allergies: try store.allergies(of: id, context: context),
                                    prescriptions: try store.prescriptions(of: id, context: context),
                                    history: try store.history(of: id, context: context),
                                    vaccinations: try store.vaccinations(of: id, context: context),
                                    results: try store.results(of: id, context: context), statements: summary.statements)
        return try FHIRWriter.patientSummary(record, at: Date(), bundleID: UUID().uuidString.lowercased())
    }
}

func write(_ data: Data, to output: String?) throws {
    guard let output else {
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
        return
    }
    try PrivateFile.write(data, to: output)
}

extension AuditCommand {
    /// `carnet audit export --fhir [--ins INS]`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export the audit trail as FHIR R4 AuditEvent resources (a collection Bundle).")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "FHIR R4 JSON (the only format).") var fhir = false
        @Option(help: "Only the events of this patient.") var ins: String?
        @Option(help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file")) var output: String?

        func validate() throws {
            guard fhir else { throw ValidationError("say --fhir: the audit trail exports as FHIR AuditEvent resources") }
        }

        func run() throws {
            let patient = try ins.map { try INS($0).digits }
            let log = AuditLog(database: try database.open())
            var events: [AuditEvent] = []
            var after: Int64 = 0
            while true {
                let page = try log.events(patient: patient, after: after, limit: 5000)
                events += page.items
                guard let next = page.next else { break }
                after = next
            }
            try log.recordOperatorAction(.auditRead, context: OperatorIdentity.context, patient: patient, detail: "FHIR export: \(events.count) events")
            try write(try FHIRWriter.auditEvents(events, bundleID: UUID().uuidString.lowercased(), at: Date()), to: output)
        }
    }
}

/// The patient's export key: the IPS written to ~/Carnet/, readable by the patient only.
struct FileSummaryExport: SummaryExport {
    let database: CarnetDatabase
    let folder: String

    func exportSummary(of patient: PatientID, context: AccessContext) throws -> String {
        let data = try ExportCommand.summary(of: patient, database: database, context: context)
        try PrivateFile.ownFolder(folder)
        let path = (folder as NSString).appendingPathComponent("synthese-\(Timestamp.string(from: Date()).prefix(10)).json")
        try write(data, to: path)
        return path
    }
}
