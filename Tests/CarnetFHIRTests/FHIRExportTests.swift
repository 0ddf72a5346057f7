import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation
import Testing

/// A record without its keys and authors: what a round trip must keep.
struct RecordContent: Equatable {
    var allergies: [String]
    var prescriptions: [String]
    var history: [String]
    var vaccinations: [String]
    var results: [String]

    init(_ record: ExportedRecord) {
        allergies = record.allergies.map { "\($0.substance)|\($0.substanceClass ?? "")|\($0.reaction ?? "")|\($0.severity)|\($0.status)|\($0.recordedOn?.iso ?? "")" }.sorted()
        prescriptions = record.prescriptions.map { "\($0.medicine)|\($0.atc ?? "")|\($0.dosage)|\($0.start?.iso ?? "")|\($0.status)" }.sorted()
        history = record.history.map { "\($0.kind)|\($0.label)|\($0.code ?? "")|\($0.onset?.iso ?? "")|\($0.end?.iso ?? "")|\($0.status)" }.sorted()
        vaccinations = record.vaccinations.map { "\($0.vaccine)|\($0.date.iso)|\($0.dose ?? "")|\($0.lot ?? "")" }.sorted()
        results = record.results.map { "\($0.code ?? "")|\($0.label)|\($0.value ?? "")|\($0.date?.iso ?? "")|\($0.report ?? "")|\($0.isReport)" }.sorted()
    }
}

func exported(_ ins: INS?, name: String, from database: CarnetDatabase) throws -> ExportedRecord {
    let directory = Directory(database: database)
    let listing = try #require(try ins.flatMap { try directory.patient(ins: $0) } ?? directory.searchPatients(name: name, birthDate: nil, after: nil, limit: 1).items.first)
    let store = RecordStore(database: database, policy: try .standard())
    let context = AccessContext.operatorAccount("test")
    let summary = try store.summary(of: listing.id, context: context)
    return ExportedRecord(patient: summary.patient,
                          allergies: try store.allergies(of: listing.id, context: context),
                          prescriptions: try store.prescriptions(of: listing.id, context: context),
                          history: try store.history(of: listing.id, context: context),
                          vaccinations: try store.vaccinations(of: listing.id, context: context),
                          results: try store.results(of: listing.id, context: context), statements: summary.statements)
}

@Suite("FHIR export")
struct FHIRExportTests {
    @Test("round trip: import Carla's Synthea file, export the IPS, import it into a fresh database: the same record")
    func roundTrip() throws {
        let first = try EmptyStore()
        _ = try first.importFile("synthea-smart_Carla_Echevarria_9a628ccd.json")
        let original = try exported(nil, name: "echevarria", from: first.database)
        let ips = try FHIRWriter.patientSummary(original, at: Date(timeIntervalSince1970: 1_795_000_000), bundleID: "roundtrip")
        let second = try EmptyStore()
        let plan = try FHIRReader.read(ips, file: "ips.json")
        let summary = try RecordImporter(database: second.database).apply(plan, file: "ips.json", context: .operatorAccount("test"))
        #expect(summary.imported["Patient"] == 1)
        #expect(plan.context["Composition"] == 1)
        let copy = try exported(nil, name: "echevarria", from: second.database)
        #expect(copy.patient.displayName == original.patient.displayName && copy.patient.birthDate == original.patient.birthDate)
        #expect(RecordContent(copy) == RecordContent(original))
        #expect(!original.allergies.isEmpty && !original.results.isEmpty && !original.vaccinations.isEmpty)
        // Her two blood counts group their results, on import and after the round trip.
        #expect(original.results.filter(\.isReport).count == 2)
        #expect(original.results.filter { !$0.isReport && $0.report != nil }.count == 22)
    }

    @Test("the IPS has its seven sections, with emptyReason where nothing is known, and the INS")
    func sections() throws {
        let store = try EmptyStore()
        _ = try store.importFile("r4spec_Patient-example.json")
        var record = try exported(nil, name: "chalmers", from: store.database)
        record.patient.ins = try INS("258037511223324")
        let json = try JSONSerialization.jsonObject(with: try FHIRWriter.patientSummary(record, at: Date(), bundleID: "b")) as? [String: Any]
        let entries = try #require(json?["entry"] as? [[String: Any]])
        let composition = try #require(entries.first?["resource"] as? [String: Any])
        let sections = try #require(composition["section"] as? [[String: Any]])
        #expect(sections.compactMap { ($0["code"] as? [String: Any])?["coding"] as? [[String: Any]] }.compactMap { $0.first?["code"] as? String }
                == ["48765-2", "10160-0", "11450-4", "11369-6", "30954-2", "47519-4", "42348-3"])
        #expect(sections.allSatisfy { $0["emptyReason"] != nil })
        #expect(json?["type"] as? String == "document")
        let patient = try #require(entries[1]["resource"] as? [String: Any])
        #expect((patient["identifier"] as? [[String: Any]])?.first?["system"] as? String == "urn:oid:1.2.250.1.213.1.4.8")
    }

    @Test("audit events: break-glass as 110113 with subtypes 110127 and 110128, purpose BTG")
    func auditEvents() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let start = AuditEvent(seq: 7, at: now, actor: "rpps:10002345675", patient: "258037511223324", action: "break-glass-start", section: nil,
                               purpose: "emergency", outcome: .allowed, reason: "vital-emergency", detail: "window=14400; Patiente inconsciente.", hash: "h")
        var stop = start
        stop.seq = 8
        stop.action = "break-glass-stop"
        let read = AuditEvent(seq: 9, at: now, actor: "rpps:10003456786", patient: "258037511223324", action: "read", section: "allergies",
                              purpose: "care", outcome: .refused, reason: "no-grant", detail: nil, hash: "h")
        let json = try JSONSerialization.jsonObject(with: try FHIRWriter.auditEvents([start, stop, read], bundleID: "a", at: now)) as? [String: Any]
        let resources = try #require((json?["entry"] as? [[String: Any]])?.compactMap { $0["resource"] as? [String: Any] })
        func code(_ resource: [String: Any], _ key: String) -> String? {
            ((resource[key] as? [[String: Any]])?.first ?? resource[key] as? [String: Any])?["code"] as? String
        }
        #expect(code(resources[0], "type") == "110113" && code(resources[0], "subtype") == "110127")
        #expect(code(resources[1], "subtype") == "110128")
        let purpose = (resources[0]["purposeOfEvent"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]]
        #expect(purpose?.first?["code"] as? String == "BTG")
        #expect(code(resources[2], "type") == "110110" && resources[2]["outcome"] as? String == "4")
    }
}
