import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// FHIR written by others, kept in the repository (provenance, licences and checksums in
/// Tests/Fixtures/fhir/SOURCES.md).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fhir")

    /// Patients first: other files refer to them ("Patient/example").
    static let files = [
        "r4spec_Patient-example.json", "frcore_Patient-FRCorePatientExample.json",
        "frcore_Observation-FRCoreObservationBPExample.json", "frcore_Observation-FRCoreObservationBodyWeightExample.json",
        "r4spec_AllergyIntolerance-example.json", "r4spec_Immunization-example.json", "r4spec_Bundle-father.json",
        "r4spec_Bundle-lri-example.json", "synthea-hiv_Soila394_Christiansen251_fbba2017.json",
        "synthea-iris_Kallie862_Frami345_9a0d7938.json", "synthea-smart_Carla_Echevarria_9a628ccd.json",
        "synthea-smart_Gil_Sanford_6642609a.json", "synthea-smart_Jorge_Brekke_ac7921e0.json",
        "synthea-smart_hospitalInformation1559319163815.json",
    ]

    static func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }
}

/// An empty database in a temporary folder.
final class EmptyStore: @unchecked Sendable {
    // Immutable after init.
    let folder: URL
    let database: CarnetDatabase

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-fhir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try CarnetDatabase.open(path: folder.appendingPathComponent("carnet.sqlite").path, creating: true)
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Rows of a table, read behind the store's back.
    func count(_ table: String) throws -> Int {
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("carnet.sqlite").path)
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    func importFile(_ name: String) throws -> (ImportPlan, ImportSummary) {
        let plan = try FHIRReader.read(try Fixtures.data(name), file: name)
        return (plan, try RecordImporter(database: database).apply(plan, file: name, context: .operatorAccount("test")))
    }
}

@Suite("FHIR import")
struct FHIRImportTests {
    /// What each fixture imports, by FHIR type (Claims carry their ExplanationOfBenefit).
    static let expected: [String: [String: Int]] = [
        "r4spec_Patient-example.json": ["Patient": 1],
        "frcore_Patient-FRCorePatientExample.json": ["Patient": 1],
        "frcore_Observation-FRCoreObservationBPExample.json": ["Observation": 1],
        "frcore_Observation-FRCoreObservationBodyWeightExample.json": ["Observation": 1],
        "r4spec_AllergyIntolerance-example.json": ["AllergyIntolerance": 1],
        "r4spec_Immunization-example.json": ["Immunization": 1],
        "r4spec_Bundle-father.json": ["AllergyIntolerance": 1, "MedicationRequest": 1, "MedicationStatement": 1, "Observation": 1, "Patient": 1],
        "r4spec_Bundle-lri-example.json": ["DiagnosticReport": 1, "Observation": 16],
        "synthea-hiv_Soila394_Christiansen251_fbba2017.json": ["Claim": 33, "Condition": 1, "DiagnosticReport": 33, "DocumentReference": 33,
                                                              "Immunization": 52, "Observation": 107, "Patient": 1],
        "synthea-iris_Kallie862_Frami345_9a0d7938.json": ["Claim": 55, "Condition": 9, "DiagnosticReport": 5, "Immunization": 12,
                                                         "MedicationRequest": 24, "Observation": 102, "Patient": 1, "Procedure": 17],
        "synthea-smart_Carla_Echevarria_9a628ccd.json": ["AllergyIntolerance": 5, "Claim": 28, "Condition": 4, "DiagnosticReport": 2,
                                                        "Immunization": 15, "MedicationRequest": 6, "Observation": 84, "Patient": 1, "Procedure": 3],
        "synthea-smart_Gil_Sanford_6642609a.json": ["AllergyIntolerance": 9, "Claim": 87, "Condition": 6, "DiagnosticReport": 1, "Immunization": 15,
                                                   "MedicationRequest": 6, "Observation": 97, "Patient": 1, "Procedure": 71],
        "synthea-smart_Jorge_Brekke_ac7921e0.json": ["AllergyIntolerance": 10, "Claim": 37, "Condition": 8, "DiagnosticReport": 2,
                                                    "Immunization": 35, "MedicationRequest": 7, "Observation": 136, "Patient": 1, "Procedure": 12],
        "synthea-smart_hospitalInformation1559319163815.json": [:],
    ]

    @Test("every shared fixture imports, with its counts by type; unknown types are counted as skipped")
    func everyFixture() throws {
        let store = try EmptyStore()
        for name in Fixtures.files {
            let (plan, summary) = try store.importFile(name)
            #expect(summary.imported == Self.expected[name], "\(name)")
            if name.hasPrefix("synthea-smart_hospital") { #expect(plan.skipped["Organization"]?.count == 102) }
        }
        // Importing them all again changes nothing.
        let before = try store.database.integrityCheck()
        for name in Fixtures.files {
            let (_, again) = try store.importFile(name)
            #expect(again.imported.isEmpty, "\(name) imported again: \(again.imported)")
        }
        #expect(before == "ok")
    }

    @Test("an INS with a wrong key is refused and kept as an identifier; patients without an INS are found by name and birth date")
    func identities() throws {
        let store = try EmptyStore()
        let (plan, _) = try store.importFile("frcore_Patient-FRCorePatientExample.json")
        // The FR Core example's INS-NIR, 123456789012244, fails the NIR key rule (97 − n mod 97 = 12, not 44).
        #expect(plan.notes == ["Patient/FRCorePatientExample: invalid INS '123456789012244': wrong key 44, the first 13 digits give key 12; kept as an identifier, the patient is imported without an INS"])
        _ = try store.importFile("r4spec_Patient-example.json")
        let directory = Directory(database: store.database)
        let durand = try #require(try directory.searchPatients(name: "pierre durand", birthDate: nil, after: nil, limit: 5).items.first)
        #expect(durand.ins == nil)
        let chalmers = try #require(try directory.searchPatients(name: "chalmers", birthDate: CalendarDate("1974-12-25"), after: nil, limit: 5).items.first)
        #expect(chalmers.ins == nil && chalmers.givenNames == "Peter James")
    }

    @Test("malformed input: one message with the file and the JSON path, and nothing written", arguments: [
        ("not json {", "bad.json: $: not JSON"),
        ("[1, 2]", "bad.json: $: not FHIR: expected a resource object, found an array"),
        ("{\"id\": \"x\"}", "bad.json: $: not FHIR: no resourceType"),
        ("{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": []}", "bad.json: $: Bundle type 'history' is not imported"),
        ("{\"resourceType\": \"Patient\", \"id\": \"p\", \"name\": [{\"family\": \"X\"}], \"birthDate\": 1974}",
         "bad.json: $.birthDate: expected a string, found a number"),
        ("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [{\"resource\": {\"resourceType\": \"AllergyIntolerance\", \"id\": \"a\", \"patient\": {\"reference\": \"urn:uuid:nowhere\"}}}]}",
         "bad.json: $.entry[0].resource.patient: reference to nothing: 'urn:uuid:nowhere' is not in this file"),
    ])
    func malformed(_ text: String, _ message: String) throws {
        #expect(throws: FHIRError.self) { try FHIRReader.read(Data(text.utf8), file: "bad.json") }
        do {
            _ = try FHIRReader.read(Data(text.utf8), file: "bad.json")
        } catch {
            #expect(String(describing: error).hasPrefix(message), "\(error)")
        }
    }

    @Test("a file whose patient is neither in it nor imported before is refused whole")
    func wholeOrNothing() throws {
        let store = try EmptyStore()
        #expect(throws: StoreError.self) { try store.importFile("r4spec_Bundle-lri-example.json") }
        #expect(try store.database.integrityCheck() == "ok")
        #expect(try store.count("result") == 0 && store.count("import_source") == 0)
        #expect(try AuditLog(database: store.database).head().count == 0)
    }
}
