@testable import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// Runs a shell command line and reads what it prints (stdout and stderr together), as
/// CarnetCLITests' `Shell` does for the same Python check.
enum PythonShell {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run(_ command: String) throws -> (status: Int32, output: String) {
        guard let pipe = popen(command + " 2>&1", "r") else { throw Failure(description: "cannot run \(command)") }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        let status = pclose(pipe)
        return ((status >> 8) & 0xff, String(decoding: output, as: UTF8.self))
    }

    /// Tests/interop/validate_fhir.py: Python `fhir.resources` (R4B), an independent
    /// implementation, parses each file. Like CLITests.fhirInterop, it needs python3 with
    /// fhir.resources (CONTRIBUTING.md, `.ci/run` installs it): without them the test fails.
    static let validator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../interop/validate_fhir.py")
        .standardized.path
}

/// What a result is, without its store id and author: what import and export must keep.
struct ResultContent: Hashable, CustomStringConvertible {
    var result: LabResult

    init(_ result: LabResult) {
        var kept = result
        kept.id = nil
        kept.author = .patient
        kept.document = nil
        kept.documentTitle = nil
        kept.codes = result.codes.sorted { "\($0.system)|\($0.code)" < "\($1.system)|\($1.code)" }
        self.result = kept
    }

    var description: String {
        let r = result
        return [r.report ?? "-", r.isReport ? "report" : "result", r.label, r.code ?? "", r.value ?? "", r.quantity.map { "\($0.comparator ?? "")\($0.decimal) \($0.unit ?? "")" } ?? "",
                r.referenceRange.map { "[\($0.low ?? "")..\($0.high ?? "") \($0.unit ?? "") \($0.text ?? "")]" } ?? "", r.interpretation ?? "",
                r.category.rawValue, r.date?.iso ?? "", r.codes.map { "\($0.system)|\($0.code)" }.joined(separator: ",")].joined(separator: " | ")
    }
}

enum ResultRecords {
    static let author = Author.external(name: "Laboratoire Pasteur")

    static func measured(_ label: String, loinc: String?, _ decimal: String, _ unit: String?, comparator: String? = nil,
                         range: ReferenceRange? = nil, interpretation: String? = nil, category: LabResult.Category = .laboratory,
                         date: String, report: String? = nil) -> LabResult {
        let quantity = Quantity(decimal: decimal, unit: unit, comparator: comparator)
        return LabResult(code: loinc, label: label, value: quantity.text, quantity: quantity, referenceRange: range, interpretation: interpretation,
                         category: category, date: CalendarDate(date), author: author,
                         codes: loinc.map { [Coding(system: Coding.loinc, code: $0, display: label)] } ?? [], report: report)
    }

    /// Three reports (two lipid panels a year apart, one with the laboratory's conclusion; a
    /// blood count), a culture whose report row is dated before its result, vital signs,
    /// a value with a comparator, interpretations in and out of HL7's code system, text
    /// values, units that are UCUM and units that are not.
    static let grouped: [LabResult] = [
        measured("Cholestérol total", loinc: "2093-3", "5.20", "mmol/L", range: ReferenceRange(low: nil, high: "5.00", unit: "mmol/L", text: nil),
                 interpretation: "H", date: "2024-03-10", report: "Bilan lipidique"),
        measured("Cholestérol HDL", loinc: "2085-9", "1.30", "mmol/L", range: ReferenceRange(low: "1.00", high: nil, unit: "mmol/L", text: nil),
                 date: "2024-03-10", report: "Bilan lipidique"),
        LabResult(code: "57698-3", label: "Bilan lipidique", value: "Hypercholestérolémie modérée.", category: .laboratory,
                  date: CalendarDate("2024-03-10"), author: author, codes: [Coding(system: Coding.loinc, code: "57698-3")],
                  report: "Bilan lipidique", isReport: true),
        measured("Cholestérol total", loinc: "2093-3", "4.90", "mmol/L", date: "2023-03-02", report: "Bilan lipidique"),
        measured("Hémoglobine", loinc: "718-7", "13.5", "g/dL", range: ReferenceRange(low: "12.0", high: "16.0", unit: "g/dL", text: nil),
                 date: "2024-03-10", report: "NFS"),
        measured("Leucocytes", loinc: "6690-2", "7.20", "10*9/L", date: "2024-03-10", report: "NFS"),
        LabResult(code: "630-4", label: "Bactéries identifiées", value: "négatif", interpretation: "NEG", category: .laboratory,
                  date: CalendarDate("2024-02-03"), author: author, codes: [Coding(system: Coding.loinc, code: "630-4")], report: "ECBU"),
        LabResult(code: nil, label: "ECBU", value: "Pas de croissance significative.", category: .laboratory, date: CalendarDate("2024-02-01"),
                  author: author, report: "ECBU", isReport: true),
        measured("CRP", loinc: "1988-5", "0.5", "mg/L", comparator: "<", range: ReferenceRange(low: nil, high: "5", unit: "mg/L", text: nil), date: "2024-03-10"),
        measured("Poids", loinc: "29463-7", "72.50", "kg", category: .vitalSigns, date: "2024-03-10"),
        measured("Pression systolique", loinc: "8480-6", "142", "mm[Hg]", interpretation: "H", category: .vitalSigns, date: "2024-03-10"),
        measured("Pression diastolique", loinc: "8462-4", "95", "mmHg", category: .vitalSigns, date: "2024-03-10"),
        measured("Fréquence cardiaque", loinc: "8867-4", "72", "/min", category: .vitalSigns, date: "2024-03-10"),
        measured("Créatinine", loinc: "2160-0", "88", "µmol/L", range: ReferenceRange(low: "45", high: "90", unit: "µmol/L", text: nil), date: "2024-03-10"),
        LabResult(code: nil, label: "Aspect du sérum", value: "lactescent", interpretation: "HIGH", category: .other, date: CalendarDate("2024-03-10"),
                  author: author),
    ]

    static func record(_ results: [LabResult], family: String = "RESULTAT") -> ExportedRecord {
        ExportedRecord(patient: Patient(id: PatientID(0), ins: nil, familyName: family, givenNames: "Marthe", birthDate: CalendarDate("1960-04-02")!, sex: .female),
                       allergies: [], prescriptions: [], history: [], vaccinations: [], results: results)
    }

    static func resources(_ data: Data) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (json?["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
    }
}

@Suite("Results: reports group their results, on import and on export")
struct ResultsFHIRTests {
    static let bundle = Data("""
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001", "resource": {"resourceType": "Patient", "id": "p",
            "name": [{"family": "Groupe", "given": ["Rémi"]}], "birthDate": "1971-05-04"}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000002", "resource": {"resourceType": "DiagnosticReport", "id": "lipids", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "CH"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "57698-3", "display": "Lipid panel"}], "text": "Bilan lipidique"},
            "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-10",
            "conclusion": "Hypercholestérolémie modérée.",
            "result": [{"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000003"}, {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000004"}]}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000003", "resource": {"resourceType": "Observation", "id": "chol", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2093-3"}], "text": "Cholestérol total"},
            "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"},
            "valueQuantity": {"value": 5.20, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000004", "resource": {"resourceType": "Observation", "id": "panel", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
            "code": {"text": "Fractions"}, "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"},
            "hasMember": [{"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000005"}]}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000005", "resource": {"resourceType": "Observation", "id": "hdl", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2085-9"}], "text": "Cholestérol HDL"},
            "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-11",
            "valueQuantity": {"value": 1.30, "unit": "mmol/L"}}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000006", "resource": {"resourceType": "DiagnosticReport", "id": "nfs", "status": "final",
            "code": {"text": "NFS"}, "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-10",
            "result": [{"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000007"}]}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000007", "resource": {"resourceType": "Observation", "id": "hb", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
            "code": {"text": "Hémoglobine"}, "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"},
            "valueQuantity": {"value": 13.5, "unit": "g/dL"}}},
          {"fullUrl": "urn:uuid:7e5b1c00-0000-4000-8000-000000000008", "resource": {"resourceType": "Observation", "id": "weight", "status": "final",
            "code": {"text": "Poids"}, "subject": {"reference": "urn:uuid:7e5b1c00-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-10",
            "valueQuantity": {"value": 72.5, "unit": "kg"}}}
        ]}
        """.utf8)

    @Test("a report's results take its title, its category when they have none, and its time when they have none; the report is a row of its own")
    func readGrouped() throws {
        let store = try EmptyStore()
        let summary = try store.apply(Self.bundle, file: "grouped.json")
        #expect(summary.imported == ["Patient": 1, "DiagnosticReport": 2, "Observation": 5])
        let results = try exported(nil, name: "groupe", from: store.database).results
        func named(_ label: String) throws -> LabResult { try #require(results.first { $0.label == label }, "\(label)") }
        let cholesterol = try named("Cholestérol total")
        #expect(cholesterol.report == "Bilan lipidique" && !cholesterol.isReport)
        // No category of its own: the report's (CH, chemistry: a laboratory section).
        #expect(cholesterol.category == .laboratory)
        #expect(cholesterol.date?.iso == "2024-03-10")
        // Through the panel's hasMember: the report's too, with its own date kept.
        let hdl = try named("Cholestérol HDL")
        #expect(hdl.report == "Bilan lipidique" && hdl.category == .laboratory && hdl.date?.iso == "2024-03-11")
        #expect(try named("Fractions").report == "Bilan lipidique")
        // A category of its own stays its own.
        let haemoglobin = try named("Hémoglobine")
        #expect(haemoglobin.report == "NFS" && haemoglobin.category == .vitalSigns)
        let weight = try named("Poids")
        #expect(weight.report == nil && weight.category == .other)
        let reports = results.filter(\.isReport).sorted { $0.label < $1.label }
        #expect(reports.map(\.label) == ["Bilan lipidique", "NFS"])
        #expect(reports.map(\.report) == ["Bilan lipidique", "NFS"])
        #expect(reports.map(\.value) == ["Hypercholestérolémie modérée.", nil])
        #expect(reports.map(\.category) == [.laboratory, .other])
        #expect(reports[0].code == "57698-3")
        // Imported again: nothing new, nothing changed.
        let again = try store.apply(Self.bundle, file: "grouped.json")
        #expect(again.imported.isEmpty)
        #expect(try exported(nil, name: "groupe", from: store.database).results.count == results.count)
    }

    @Test("a file with reports and one malformed resource is still refused whole: nothing written")
    func stillWholeOrNothing() throws {
        let store = try EmptyStore()
        let text = String(decoding: Self.bundle, as: UTF8.self)
            .replacingOccurrences(of: #""id": "weight", "status": "final","#, with: #""id": "weight", "status": "final", "performer": 3,"#)
        #expect(throws: FHIRError.self) { try store.apply(Data(text.utf8), file: "broken.json") }
        #expect(try store.count("result") == 0 && store.count("import_source") == 0)
    }

    @Test("Synthea's blood counts and lipid panels group their results; the R4 example's culture groups its organisms and their susceptibilities")
    func fixturesGroup() throws {
        let store = try EmptyStore()
        _ = try store.importFile("synthea-iris_Kallie862_Frami345_9a0d7938.json")
        let results = try exported(nil, name: "frami", from: store.database).results
        let reports = results.filter(\.isReport)
        #expect(reports.count == 5)
        let grouped = results.filter { !$0.isReport && $0.report != nil }
        // Two blood counts of 11, three lipid panels of 4.
        #expect(grouped.count == 2 * 11 + 3 * 4, "\(grouped.count)")
        #expect(Set(grouped.compactMap(\.report)) == Set(reports.compactMap(\.report)))
        #expect(grouped.contains { $0.report == "Lipid Panel" && $0.code == "2093-3" })
        #expect(reports.allSatisfy { $0.category == .laboratory && $0.value == nil })

        _ = try store.importFile("r4spec_Patient-example.json")
        _ = try store.importFile("r4spec_Bundle-lri-example.json")
        let culture = try exported(nil, name: "chalmers", from: store.database).results
        #expect(culture.filter(\.isReport).count == 1)
        // The 7 the report lists and the 9 their hasMember name.
        #expect(culture.filter { !$0.isReport && $0.report != nil }.count == 16)
    }

    @Test("a blood pressure given as one Observation with components (Synthea, FR Core) is two results, charted together; a second import adds nothing")
    func bloodPressureComponents() throws {
        let store = try EmptyStore()
        let (plan, first) = try store.importFile("synthea-iris_Kallie862_Frami345_9a0d7938.json")
        let panels = plan.items.filter { $0.sourceKey.hasSuffix("#component-0") }.count
        #expect(panels > 1, "Kallie's file has blood pressures given whole")
        let results = try exported(nil, name: "frami", from: store.database).results
        #expect(!results.contains { $0.code == "85354-9" }, "no blood pressure left as words")
        let systolic = results.filter { $0.code == "8480-6" }, diastolic = results.filter { $0.code == "8462-4" }
        #expect(systolic.count == panels && diastolic.count == panels)
        #expect(systolic.allSatisfy { $0.quantity?.unit == "mm[Hg]" && $0.number != nil && $0.category == .vitalSigns })
        // Each pair shares its date: the reading's.
        #expect(Set(systolic.compactMap(\.date)) == Set(diastolic.compactMap(\.date)))
        let pressure = try #require(ResultsBoard(results: results).tests.first { $0.isBloodPressure })
        #expect(pressure.trend.count == panels, "every systolic on the trend")
        #expect(pressure.latestReading.allSatisfy { $0 != nil }, "the latest reading has both numbers")
        // The import report counts resources: a blood pressure is one Observation.
        let observations = plan.items.filter { $0.resourceType == "Observation" && !$0.isFurtherPart }.count
        #expect(first.imported["Observation"] == observations)
        // Again: every part is found by its own key, nothing is added.
        let (_, again) = try store.importFile("synthea-iris_Kallie862_Frami345_9a0d7938.json")
        #expect(again.imported["Observation"] == nil && again.unchanged["Observation"] == observations)
        #expect(try exported(nil, name: "frami", from: store.database).results.count == results.count)
        // FR Core's example: systolic 107 (N), diastolic 60 (L, « En dessous de la normale »).
        _ = try store.importFile("frcore_Patient-FRCorePatientExample.json")
        let (frPlan, fr) = try store.importFile("frcore_Observation-FRCoreObservationBPExample.json")
        #expect(fr.imported["Observation"] == 1 && frPlan.items.count == 2)
        let frResults = frPlan.items.compactMap { item -> LabResult? in if case let .result(value) = item.entry { value } else { nil } }
        #expect(frResults.map(\.code) == ["8480-6", "8462-4"])
        #expect(frResults.map { $0.quantity?.decimal } == ["107", "60"])
        #expect(frResults.map(\.flag) == [nil, .low])

        // A database that imported the file before blood pressures were split holds it
        // whole under the resource's own key: importing it again adds no parts beside it.
        let earlier = try EmptyStore()
        _ = try earlier.importFile("frcore_Patient-FRCorePatientExample.json")
        let wholeKey = String(frPlan.items[0].sourceKey.dropLast("#component-0".count))
        let queue = try DatabaseQueue(path: earlier.folder.appendingPathComponent("carnet.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO import_source (source_key, resource, kind) VALUES (?, 'Observation/FRCoreObservationBPExample', 'Observation')",
                           arguments: [wholeKey])
        }
        try queue.close()
        let (_, later) = try earlier.importFile("frcore_Observation-FRCoreObservationBPExample.json")
        #expect(later.imported["Observation"] == nil && later.unchanged["Observation"] == 1)
        #expect(try earlier.count("result") == 0)
    }

    @Test("an Observation whose own flag a component does not repeat is kept whole: split, the flag would be lost or put on the wrong number")
    func panelFlagKeepsWhole() throws {
        let observation = Data(#"""
            {"resourceType": "Observation", "id": "bp", "status": "final", "subject": {"reference": "Patient/p"},
             "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}], "text": "Tension artérielle"},
             "effectiveDateTime": "2026-03-01",
             "interpretation": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "H"}]}],
             "component": [
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]}, "valueQuantity": {"value": 162, "unit": "mm[Hg]"}},
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]}, "valueQuantity": {"value": 84, "unit": "mm[Hg]"}}]}
            """#.utf8)
        let plan = try FHIRReader.read(observation, file: "bp.json")
        #expect(plan.items.count == 1)
        guard case let .result(whole)? = plan.items.first?.entry else { Issue.record("no result"); return }
        #expect(whole.code == "85354-9" && whole.flag == .high)
        #expect(whole.value?.contains("162") == true && whole.value?.contains("84") == true, "both numbers kept, as words")
    }

    @Test("the Results section: one DiagnosticReport per report and date, the conclusion from the report's row, Observations with codes, exact values, units, ranges and interpretations")
    func exportGrouped() throws {
        let data = try FHIRWriter.patientSummary(ResultRecords.record(ResultRecords.grouped), at: Date(timeIntervalSince1970: 1_795_000_000), bundleID: "results")
        let resources = try ResultRecords.resources(data)
        let reports = resources.filter { $0["resourceType"] as? String == "DiagnosticReport" }
        let observations = resources.filter { $0["resourceType"] as? String == "Observation" }
        // The two report rows are reports, not Observations.
        #expect(observations.count == ResultRecords.grouped.count - 2)
        func text(_ resource: [String: Any]) -> String? { (resource["code"] as? [String: Any])?["text"] as? String }
        #expect(reports.map { "\(text($0) ?? "") \($0["effectiveDateTime"] as? String ?? "")" }.sorted()
                == ["Bilan lipidique 2023-03-02", "Bilan lipidique 2024-03-10", "ECBU 2024-02-01", "NFS 2024-03-10"])
        let lipids = try #require(reports.first { text($0) == "Bilan lipidique" && $0["effectiveDateTime"] as? String == "2024-03-10" })
        #expect(lipids["conclusion"] as? String == "Hypercholestérolémie modérée." && lipids["status"] as? String == "final")
        #expect(((lipids["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "57698-3")
        let category = ((lipids["category"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first
        #expect(category?["system"] as? String == "http://terminology.hl7.org/CodeSystem/v2-0074" && category?["code"] as? String == "LAB")
        #expect((lipids["result"] as? [[String: Any]])?.count == 2)
        #expect(reports.first { $0["effectiveDateTime"] as? String == "2023-03-02" }?["conclusion"] == nil)
        // The culture's report row is dated before its result: it still claims it.
        let culture = try #require(reports.first { text($0) == "ECBU" })
        #expect(culture["conclusion"] as? String == "Pas de croissance significative." && (culture["result"] as? [[String: Any]])?.count == 1)
        // Every reference of a report is an Observation of the Bundle.
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(json["entry"] as? [[String: Any]])
        let urls = Dictionary(uniqueKeysWithValues: entries.compactMap { entry -> (String, String)? in
            guard let url = entry["fullUrl"] as? String, let type = (entry["resource"] as? [String: Any])?["resourceType"] as? String else { return nil }
            return (url, type)
        })
        let listed = reports.flatMap { ($0["result"] as? [[String: Any]] ?? []).compactMap { $0["reference"] as? String } }
        #expect(listed.count == 6 && listed.allSatisfy { urls[$0] == "Observation" })
        // The section lists the reports and the Observations no report groups.
        let composition = try #require(resources.first { $0["resourceType"] as? String == "Composition" })
        let section = try #require((composition["section"] as? [[String: Any]])?.first {
            (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "30954-2" })
        let sectionRefs = (section["entry"] as? [[String: Any]] ?? []).compactMap { $0["reference"] as? String }
        #expect(sectionRefs.count == 4 + 7 && Set(sectionRefs).isDisjoint(with: listed))
        #expect(sectionRefs.filter { urls[$0] == "DiagnosticReport" }.count == 4)

        let ips = String(decoding: data, as: UTF8.self)
        // Decimals as written: trailing zeros kept.
        for literal in ["5.20", "1.30", "72.50", "7.20", "5.00", "1.00", "12.0", "16.0"] {
            #expect(ips.contains(#""value" : \#(literal)"#), "\(literal)")
        }
        #expect(!ips.contains("carnet-decimal"))
        func observation(_ loinc: String) throws -> [String: Any] {
            try #require(observations.first { (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.contains { $0["code"] as? String == loinc } == true })
        }
        func quantity(_ loinc: String) throws -> [String: Any] { try #require(try observation(loinc)["valueQuantity"] as? [String: Any]) }
        // UCUM's system and code for UCUM units only.
        #expect(try quantity("8480-6")["system"] as? String == "http://unitsofmeasure.org" && quantity("8480-6")["code"] as? String == "mm[Hg]")
        #expect(try quantity("6690-2")["code"] as? String == "10*9/L" && quantity("8867-4")["code"] as? String == "/min")
        #expect(try quantity("8462-4")["system"] == nil && quantity("8462-4")["unit"] as? String == "mmHg")
        #expect(try quantity("2160-0")["system"] == nil && quantity("2160-0")["unit"] as? String == "µmol/L")
        #expect(try quantity("1988-5")["comparator"] as? String == "<")
        let range = try #require((try observation("718-7")["referenceRange"] as? [[String: Any]])?.first)
        #expect((range["low"] as? [String: Any])?["unit"] as? String == "g/dL" && (range["high"] as? [String: Any])?["code"] as? String == "g/dL")
        func interpretation(_ resource: [String: Any]) -> [String: Any]? {
            ((resource["interpretation"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first
        }
        #expect(interpretation(try observation("2093-3"))?["system"] as? String == "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")
        #expect(interpretation(try observation("2093-3"))?["code"] as? String == "H")
        let serum = try #require(observations.first { text($0) == "Aspect du sérum" })
        #expect(serum["valueString"] as? String == "lactescent" && serum["category"] == nil)
        // A code HL7's system does not define goes out without a system.
        #expect(interpretation(serum)?["code"] as? String == "HIGH" && interpretation(serum)?["system"] == nil)
        let weight = try observation("29463-7")
        #expect(((weight["category"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first?["code"] as? String == "vital-signs")
        #expect(weight["effectiveDateTime"] as? String == "2024-03-10")
    }

    @Test("round trip: exported, imported into a fresh store, the results read back with the same values, units, ranges, interpretations and grouping")
    func roundTrip() throws {
        let original = ResultRecords.record(ResultRecords.grouped)
        let data = try FHIRWriter.patientSummary(original, at: Date(timeIntervalSince1970: 1_795_000_000), bundleID: "round")
        let store = try EmptyStore()
        let summary = try store.apply(data, file: "ips.json")
        #expect(summary.imported["DiagnosticReport"] == 4 && summary.imported["Observation"] == ResultRecords.grouped.count - 2)
        let copy = try exported(nil, name: "resultat", from: store.database).results
        // The lipid panel of 2023 and the blood count had no report row: their reports come
        // back as rows without a value, as any report without a conclusion does.
        let added = [("Bilan lipidique", "2023-03-02"), ("NFS", "2024-03-10")].map { title, date in
            LabResult(code: nil, label: title, value: nil, category: .laboratory, date: CalendarDate(date),
                      author: .patient, report: title, isReport: true)
        }
        let expected = (ResultRecords.grouped + added).map(ResultContent.init).map(\.description).sorted()
        let found = copy.map(ResultContent.init).map(\.description).sorted()
        #expect(found == expected)
        // And exported again: the same Results section.
        let again = try FHIRWriter.patientSummary(try exported(nil, name: "resultat", from: store.database), at: Date(timeIntervalSince1970: 1_795_000_000),
                                                  bundleID: "round")
        let reports = try ResultRecords.resources(again).filter { $0["resourceType"] as? String == "DiagnosticReport" }
        #expect(reports.count == 4 && reports.compactMap { $0["conclusion"] as? String }.sorted()
                == ["Hypercholestérolémie modérée.", "Pas de croissance significative."])
    }

    @Test("what the Results section writes parses in Python fhir.resources (R4B), grouped results and odd values alike")
    func pythonParses() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let grouped = folder.appendingPathComponent("grouped.json").path
        try FHIRWriter.patientSummary(ResultRecords.record(ResultRecords.grouped), at: Date(timeIntervalSince1970: 1_795_000_000), bundleID: "py")
            .write(to: URL(fileURLWithPath: grouped))
        // Odd values, as the import keeps them, exported.
        let store = try EmptyStore()
        _ = try store.apply(BadResults.bundle(repeats: 3), file: "odd.json")
        let odd = folder.appendingPathComponent("odd.json").path
        try FHIRWriter.patientSummary(try exported(nil, name: "bizarre", from: store.database), at: Date(timeIntervalSince1970: 1_795_000_000), bundleID: "odd")
            .write(to: URL(fileURLWithPath: odd))
        // The check can fail: a report without its required code is refused.
        let broken = folder.appendingPathComponent("broken.json").path
        try #"{"resourceType": "Bundle", "type": "document", "entry": [{"resource": {"resourceType": "DiagnosticReport", "status": "final"}}]}"#
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let python = try PythonShell.run("python3 '\(PythonShell.validator)' '\(grouped)' '\(odd)' '\(broken)'")
        #expect(python.output.contains("ok \(grouped): Bundle document"), "\(python.output)")
        #expect(python.output.contains("DiagnosticReport") && python.output.contains("Observation"), "\(python.output)")
        #expect(python.output.contains("ok \(odd): Bundle document"), "\(python.output)")
        #expect(python.output.contains("refused \(broken)"), "\(python.output)")
        #expect(python.status == 1)
    }

    @Test("UCUM: what the export writes as a UCUM code", arguments: [
        ("mmol/L", true), ("mg/dL", true), ("10*9/L", true), ("10*3/uL", true), ("kg/m2", true), ("mm[Hg]", true), ("/min", true), ("%", true),
        ("mL/min/{1.73_m2}", true), ("{score}", true), ("ug/mL", true), ("kU/L", true), ("fL", true), ("Cel", true), ("[IU]/L", true),
        ("s-1", true), ("g.m-2", true), ("(mL/min)/{1.73_m2}", true), ("[arb'U]/mL", true), ("cm[H2O]", true),
        ("mmHg", false), ("µmol/L", false), ("UI/L", false), ("G/L", false), ("bpm", false), ("beats/minute", false), ("Kg", false),
        ("milli moles", false), ("", false), ("m-", false), ("{open", false), ("[Hg", false), ("mg/", false), ("g//L", false),
    ])
    func ucum(_ unit: String, _ isCode: Bool) {
        #expect(UCUM.isCode(unit) == isCode, "\(unit)")
    }

    @Test("decimals as JSON numbers", arguments: [("0.0041", true), ("6.90", true), ("-1", true), ("1e-7", true), ("2E+3", true), ("0", true),
                                                   ("6,9", false), ("01", false), ("1.", false), (".5", false), ("abc", false), ("", false), ("-", false), ("1e", false)])
    func decimals(_ text: String, _ isDecimal: Bool) {
        #expect(DecimalLiterals.isDecimal(text) == isDecimal, "\(text)")
    }
}

/// The issue's bad input: a value that is not a number, units no one knows, a range with
/// low above high, a date to come, 10 000 values of one test.
enum BadResults {
    static func observation(_ id: String, _ members: String) -> String {
        #"{"fullUrl": "urn:uuid:0dd00000-0000-4000-8000-\#(id)", "resource": {"resourceType": "Observation", "id": "o\#(id)", "status": "final", "subject": {"reference": "urn:uuid:0dd00000-0000-4000-8000-000000000000"}, \#(members)}}"#
    }

    static func bundle(repeats: Int) -> Data {
        var entries = [
            #"{"fullUrl": "urn:uuid:0dd00000-0000-4000-8000-000000000000", "resource": {"resourceType": "Patient", "id": "p", "name": [{"family": "Bizarre", "given": ["Odile"]}], "birthDate": "1950-01-01"}}"#,
            observation("100000000001", #""code": {"text": "Potassium"}, "effectiveDateTime": "2024-01-05", "valueQuantity": {"value": "non mesurable", "unit": "mmol/L"}"#),
            observation("100000000002", #""code": {"text": "Zorglub"}, "effectiveDateTime": "2024-01-05", "valueQuantity": {"value": 12.50, "unit": "bananes/L"}"#),
            observation("100000000003", #""code": {"text": "Sodium"}, "effectiveDateTime": "2024-01-05", "valueQuantity": {"value": 4.1, "system": "http://unitsofmeasure.org", "code": "milli moles"}"#),
            observation("100000000004", #""code": {"text": "Kaliémie"}, "effectiveDateTime": "2024-01-05", "valueQuantity": {"value": 4.1, "unit": "mmol/L"}, "referenceRange": [{"low": {"value": 5.0, "unit": "mmol/L"}, "high": {"value": 3.5, "unit": "mmol/L"}}]"#),
            observation("100000000005", #""code": {"text": "Ferritine"}, "effectiveDateTime": "2099-06-01", "valueQuantity": {"value": 88, "unit": "ug/L"}"#),
        ]
        let start = CalendarDate("2000-01-01")!
        for index in 0..<repeats {
            let id = String(200_000_000_000 + index)
            entries.append(observation(id, #""code": {"coding": [{"system": "http://loinc.org", "code": "2345-7"}], "text": "Glycémie"}, "effectiveDateTime": "\#(start.adding(days: index).iso)", "valueQuantity": {"value": \#(5 + index % 30).\#(index % 10)0, "unit": "mmol/L"}"#))
        }
        return Data(#"{"resourceType": "Bundle", "type": "collection", "entry": [\#(entries.joined(separator: ",\n"))]}"#.utf8)
    }
}

@Suite("Results: bad input is imported and kept as reported")
struct BadResultInputTests {
    @Test("a file with a value that is not a number, unknown units, an inverted range, a date to come and 10 000 values of one test imports whole")
    func keptAsReported() throws {
        let data = BadResults.bundle(repeats: 10_000)
        let plan = try FHIRReader.read(data, file: "odd.json")
        #expect(plan.notes.contains("Observation/o100000000001: a value that is not a number ('non mesurable'); kept as reported"), "\(plan.notes)")
        #expect(plan.notes.contains("Observation/o100000000003: a unit said to be UCUM that is not one ('milli moles'); kept as reported"), "\(plan.notes)")
        #expect(plan.notes.contains("Observation/o100000000004: a reference range whose low is above its high ('5.0–3.5 mmol/L'); kept as reported"), "\(plan.notes)")
        #expect(plan.notes.count == 3)
        let store = try EmptyStore()
        let summary = try RecordImporter(database: store.database).apply(plan, file: "odd.json", context: .operatorAccount("test"))
        #expect(summary.imported == ["Patient": 1, "Observation": 10_005])
        let results = try exported(nil, name: "bizarre", from: store.database).results
        func named(_ label: String) throws -> LabResult { try #require(results.first { $0.label == label }, "\(label)") }

        let potassium = try named("Potassium")
        #expect(potassium.quantity == Quantity(decimal: "non mesurable", unit: "mmol/L") && potassium.value == "non mesurable mmol/L")
        #expect(potassium.number == nil && potassium.flag == nil)
        let zorglub = try named("Zorglub")
        #expect(zorglub.quantity == Quantity(decimal: "12.50", unit: "bananes/L") && zorglub.number == 12.5)
        #expect(try named("Sodium").quantity == Quantity(decimal: "4.1", unit: "milli moles"))
        let kalaemia = try named("Kaliémie")
        #expect(kalaemia.referenceRange == ReferenceRange(low: "5.0", high: "3.5", unit: "mmol/L", text: nil))
        #expect(kalaemia.referenceRange?.bounds?.isInverted == true)
        // 4.1 is below 5.0 and above 3.5: an inverted range says neither.
        #expect(kalaemia.interpretation == nil && kalaemia.flag == nil)
        #expect(try named("Ferritine").date?.iso == "2099-06-01")
        let glucose = results.filter { $0.code == "2345-7" }
        #expect(glucose.count == 10_000)
        #expect(Set(glucose.compactMap(\.date)).count == 10_000)
        #expect(glucose.contains { $0.quantity?.decimal == "14.90" && $0.date?.iso == CalendarDate("2000-01-01")!.adding(days: 9_999).iso })
        // Imported again: nothing.
        #expect(try RecordImporter(database: store.database).apply(try FHIRReader.read(data, file: "odd.json"), file: "odd.json",
                                                                   context: .operatorAccount("test")).imported.isEmpty)
    }

    @Test("exported back: a value that is not a number goes out as words, an inverted range as reported, a date to come as it is")
    func exportedAsReported() throws {
        let store = try EmptyStore()
        _ = try store.apply(BadResults.bundle(repeats: 2), file: "odd.json")
        let resources = try ResultRecords.resources(try FHIRWriter.patientSummary(try exported(nil, name: "bizarre", from: store.database),
                                                                                   at: Date(timeIntervalSince1970: 0), bundleID: "odd"))
        func observation(_ label: String) throws -> [String: Any] {
            try #require(resources.first { ($0["code"] as? [String: Any])?["text"] as? String == label })
        }
        #expect(try observation("Potassium")["valueString"] as? String == "non mesurable mmol/L")
        #expect(try observation("Potassium")["valueQuantity"] == nil)
        let zorglub = try #require(try observation("Zorglub")["valueQuantity"] as? [String: Any])
        #expect(zorglub["unit"] as? String == "bananes/L" && zorglub["system"] == nil)
        let range = try #require((try observation("Kaliémie")["referenceRange"] as? [[String: Any]])?.first)
        #expect((range["low"] as? [String: Any])?["value"] as? Double == 5 && (range["high"] as? [String: Any])?["value"] as? Double == 3.5)
        #expect(try observation("Ferritine")["effectiveDateTime"] as? String == "2099-06-01")
    }
}
