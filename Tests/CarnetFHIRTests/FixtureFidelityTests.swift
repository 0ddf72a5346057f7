import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// Every fixture written by another system, compared field by field with what Carnet
/// stored and what it exports back. The source is read here with Foundation's own JSON
/// parser, independently of Carnet's reader. Each comparison is a row of a table
/// (resource, field, source, stored); a loss shows as a failing row.
@Suite("Fixture fidelity: nothing lost, nothing invented")
struct FixtureFidelityTests {
    struct Row: CustomStringConvertible {
        var file: String
        var resource: String
        var field: String
        var source: String
        var stored: String
        var description: String { "\(file) \(resource) \(field): source «\(source)» stored «\(stored)»" }
    }

    /// What is compared, by resource type (documentation as much as code: a new mapping adds its fields here).
    static let compared: [String: [String]] = [
        "Patient": ["birthDate", "gender", "deceased", "telecom", "contacts"],
        "AllergyIntolerance": ["codes", "clinicalStatus", "recordedDate"],
        "Condition": ["codes", "clinicalStatus", "onset (precision)", "abatement"],
        "Procedure": ["codes", "performed"],
        "Immunization": ["codes", "occurrence", "lotNumber"],
        "MedicationRequest": ["codes", "dosage (text, or structured in words)", "authoredOn"],
        "MedicationStatement": ["codes", "dosage"],
        "Observation": ["codes", "value (exact)", "unit", "comparator", "referenceRange", "interpretation", "category", "effective"],
        "Claim": ["currency"],
    ]

    @Test("every fixture file: each compared field of each resource is what the source says, stored and exported")
    func everyFixture() throws {
        let store = try EmptyStore()
        for name in Fixtures.files { _ = try store.importFile(name) }
        let queue = try DatabaseQueue(path: store.folder.appendingPathComponent("carnet.sqlite").path)
        defer { try? queue.close() }
        let exportedCodes = try Self.exportedCodings(store)
        var rows: [Row] = []
        var failures: [Row] = []
        for name in Fixtures.files {
            let data = try Fixtures.data(name)
            let sourceText = String(decoding: data, as: UTF8.self)
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let entries: [(fullUrl: String?, resource: [String: Any])] = json["resourceType"] as? String == "Bundle"
                ? (json["entry"] as? [[String: Any]] ?? []).compactMap { entry in
                    (entry["resource"] as? [String: Any]).map { (entry["fullUrl"] as? String, $0) } }
                : [(nil, json)]
            let medications = Dictionary(entries.compactMap { entry -> (String, [String: Any])? in
                guard entry.resource["resourceType"] as? String == "Medication" else { return nil }
                return [entry.fullUrl, (entry.resource["id"] as? String).map { "Medication/\($0)" }].compactMap { $0 }.first.map { ($0, entry.resource) }
            }, uniquingKeysWith: { first, _ in first })
            for (fullUrl, whole) in entries.flatMap({ entry in Self.parts(of: entry.resource).map { (entry.fullUrl, $0) } }) {
                let (part, resource): (String, [String: Any]) = whole
                guard let type = resource["resourceType"] as? String, Self.compared[type] != nil else { continue }
                let id = resource["id"] as? String ?? ""
                let key = "\(type)/\(id)\(part)"
                let found = try queue.read { db in
                    try GRDB.Row.fetchOne(db, sql: "SELECT patient_id, entry_id FROM import_source WHERE source_key = ? OR source_key LIKE ?",
                                          arguments: [(fullUrl ?? "-") + part, "%|\(key)"])
                }
                guard let found else {
                    if Self.skippedOnPurpose(resource) { continue }
                    failures.append(Row(file: name, resource: key, field: "imported", source: "present", stored: "absent"))
                    continue
                }
                let comparisons = try queue.read { db in
                    try Self.compare(type, resource, medications: medications, sourceText: sourceText,
                                     patient: found["patient_id"], entry: found["entry_id"], in: db)
                }
                for (field, source, stored) in comparisons {
                    let row = Row(file: name, resource: key, field: field, source: source, stored: stored)
                    rows.append(row)
                    if source != stored { failures.append(row) }
                }
                // Exported back: every code the source gave, with its system.
                if type != "Patient" && type != "Claim" {
                    for coding in Self.codings(of: type, resource, medications: medications) {
                        let row = Row(file: name, resource: key, field: "exported code", source: coding, stored: exportedCodes.contains(coding) ? coding : "missing")
                        rows.append(row)
                        if row.source != row.stored { failures.append(row) }
                    }
                }
            }
        }
        #expect(rows.count > 2000, "only \(rows.count) comparisons: the table lost its rows")
        // Grouped first (which field of which type, in which file), then the first rows.
        let groups = Dictionary(grouping: failures) { "\($0.file) \($0.resource.split(separator: "/").first ?? "") \($0.field)" }
            .map { "\($0.value.count)× \($0.key)" }.sorted()
        #expect(failures.isEmpty, "\(failures.count) of \(rows.count) comparisons differ:\n\(groups.joined(separator: "\n"))\n\(failures.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    /// Resources Carnet leaves out on purpose, and says so in its report.
    static func skippedOnPurpose(_ resource: [String: Any]) -> Bool {
        if resource["status"] as? String == "entered-in-error" || resource["status"] as? String == "not-done" { return true }
        // Statements of absence become RecordStatements, checked by ImportIdentityTests.
        let codes = codings(of: resource["resourceType"] as? String ?? "", resource, medications: [:])
        return codes.contains { $0.hasSuffix("|716186003") || $0.hasSuffix("|409137002") || $0.hasSuffix("|429625007") || $0.hasSuffix("|428607008") }
    }

    /// "system|code" of a resource's main concept (the Medication's, for a medicationReference).
    static func codings(of type: String, _ resource: [String: Any], medications: [String: [String: Any]]) -> [String] {
        var concept: [String: Any]?
        switch type {
        case "Immunization": concept = resource["vaccineCode"] as? [String: Any]
        case "MedicationRequest", "MedicationStatement":
            concept = resource["medicationCodeableConcept"] as? [String: Any]
            if concept == nil, let reference = (resource["medicationReference"] as? [String: Any])?["reference"] as? String {
                concept = medications[reference]?["code"] as? [String: Any]
            }
        default: concept = resource["code"] as? [String: Any]
        }
        return (concept?["coding"] as? [[String: Any]] ?? []).compactMap { coding in
            (coding["code"] as? String).map { "\(coding["system"] as? String ?? "")|\($0)" }
        }
    }

    /// The field rows of one resource: (field, what the source says, what Carnet stored).
    static func compare(_ type: String, _ resource: [String: Any], medications: [String: [String: Any]], sourceText: String,
                        patient: Int64?, entry: Int64?, in db: Database) throws -> [(String, String, String)] {
        func text(_ value: Any?) -> String { value.map { "\($0)" } ?? "" }
        func day(_ value: Any?) -> String { (value as? String).map { String($0.prefix(10)) } ?? "" }
        func status(_ key: String) -> String {
            (((resource[key] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String) ?? ""
        }
        func storedCodes(_ row: GRDB.Row) -> String {
            let codes = (row["codes"] as String?).flatMap { try? JSONDecoder().decode([Coding].self, from: Data($0.utf8)) } ?? []
            return codes.map { "\($0.system)|\($0.code)" }.sorted().joined(separator: " ")
        }
        let sourceCodes = codings(of: type, resource, medications: medications).sorted().joined(separator: " ")
        switch type {
        case "Patient":
            guard let patient, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM patient WHERE id = ?", arguments: [patient]) else {
                return [("row", "present", "absent")]
            }
            let contacts = try Int.fetchOne(db, sql: "SELECT count(*) FROM emergency_contact WHERE patient_id = ?", arguments: [patient]) ?? 0
            let deceased = (resource["deceasedDateTime"] as? String).map { String($0.prefix(10)) }
                ?? ((resource["deceasedBoolean"] as? Bool) == true ? "yes" : "")
            return [("birthDate", text(resource["birthDate"]), row["birth_date"] ?? ""),
                    ("gender", text(resource["gender"] ?? "unknown"), row["sex"] ?? ""),
                    ("deceased", deceased, row["deceased"] ?? ""),
                    // A contact point with no value ({"use": "home"}) carries nothing to keep.
                    ("telecom", text((resource["telecom"] as? [[String: Any]])?.filter { $0["value"] != nil }.count ?? 0),
                     text((row["telecom"] as String?).map { $0.split(separator: "\n").count } ?? 0)),
                    ("contacts", text((resource["contact"] as? [Any])?.count ?? 0), text(contacts))]
        case "AllergyIntolerance":
            guard let entry, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM allergy WHERE id = ?", arguments: [entry]) else { return [("row", "present", "absent")] }
            return [("codes", sourceCodes, storedCodes(row)),
                    ("clinicalStatus", status("clinicalStatus").isEmpty ? "active" : status("clinicalStatus"), row["status"] ?? ""),
                    ("recordedDate", day(resource["recordedDate"]), row["recorded_on"] ?? "")]
        case "Condition", "Procedure":
            guard let entry, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM history_item WHERE id = ?", arguments: [entry]) else { return [("row", "present", "absent")] }
            var rows = [("codes", sourceCodes, storedCodes(row))]
            if type == "Condition" {
                rows.append(("clinicalStatus", status("clinicalStatus").isEmpty ? "active" : status("clinicalStatus"), row["status"] ?? ""))
                rows.append(("onset", day(resource["onsetDateTime"] ?? resource["recordedDate"]), row["onset"] ?? ""))
                rows.append(("abatement", day(resource["abatementDateTime"]), row["end_date"] ?? ""))
            } else {
                rows.append(("performed", day(resource["performedDateTime"] ?? (resource["performedPeriod"] as? [String: Any])?["start"]), row["onset"] ?? ""))
            }
            return rows
        case "Immunization":
            guard let entry, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM vaccination WHERE id = ?", arguments: [entry]) else { return [("row", "present", "absent")] }
            return [("codes", sourceCodes, storedCodes(row)), ("occurrence", day(resource["occurrenceDateTime"]), row["date"] ?? ""),
                    ("lotNumber", text(resource["lotNumber"]), row["lot"] ?? "")]
        case "MedicationRequest", "MedicationStatement":
            guard let entry, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM prescription WHERE id = ?", arguments: [entry]) else { return [("row", "present", "absent")] }
            let dosage = ((resource["dosageInstruction"] ?? resource["dosage"]) as? [[String: Any]])?.first
            let dosageRow: (String, String, String)
            if let words = dosage?["text"] as? String {
                dosageRow = ("dosage", words, row["dosage"] ?? "")
            } else {
                // Structured: stored in words, never empty.
                dosageRow = ("dosage", dosage == nil ? "none" : "in words", dosage == nil ? ((row["dosage"] as String?) ?? "").isEmpty ? "none" : "invented"
                             : ((row["dosage"] as String?) ?? "").isEmpty ? "empty" : "in words")
            }
            var rows = [("codes", sourceCodes, storedCodes(row)), dosageRow]
            if type == "MedicationRequest" { rows.append(("authoredOn", day(resource["authoredOn"]), row["start_date"] ?? "")) }
            return rows
        case "Observation":
            guard let entry, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM result WHERE id = ?", arguments: [entry]) else { return [("row", "present", "absent")] }
            var rows = [("codes", sourceCodes, storedCodes(row))]
            let quantity = resource["valueQuantity"] as? [String: Any]
            // Foundation's parser may misread a 17th digit, so the value is compared to 12
            // significant digits, and the stored text must be the source's literal, verbatim.
            func digits(_ value: Double?) -> String { value.map { String(format: "%.12g", $0) } ?? "" }
            let stored: String? = row["decimal"]
            rows.append(("value", digits((quantity?["value"] as? NSNumber)?.doubleValue), digits(stored.flatMap(Double.init))))
            if let stored {
                let pattern = #""value"\s*:\s*"# + NSRegularExpression.escapedPattern(for: stored) + #"(?![0-9.eE])"#
                let verbatim = sourceText.range(of: pattern, options: .regularExpression) != nil
                rows.append(("value as written", "verbatim", verbatim ? "verbatim" : "rewritten as \(stored)"))
            }
            rows.append(("unit", text(quantity?["unit"] ?? quantity?["code"]), row["unit"] ?? ""))
            rows.append(("comparator", text(quantity?["comparator"]), row["comparator"] ?? ""))
            let range = (resource["referenceRange"] as? [[String: Any]])?.first
            rows.append(("range low", text(((range?["low"] as? [String: Any])?["value"] as? NSNumber)?.doubleValue), text((row["range_low"] as String?).flatMap(Double.init))))
            rows.append(("range high", text(((range?["high"] as? [String: Any])?["value"] as? NSNumber)?.doubleValue), text((row["range_high"] as String?).flatMap(Double.init))))
            let flag = ((resource["interpretation"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first?["code"] as? String
            rows.append(("interpretation", flag ?? "", row["interpretation"] ?? ""))
            let categories = ((resource["category"] as? [[String: Any]]) ?? []).flatMap { ($0["coding"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
            let category = categories.contains("vital-signs") ? "vital-signs" : categories.contains("laboratory") ? "laboratory" : "other"
            rows.append(("category", category, row["category"] ?? ""))
            if let effective = resource["effectiveDateTime"] ?? (resource["effectivePeriod"] as? [String: Any])?["start"] {
                rows.append(("effective", day(effective), row["date"] ?? ""))
            }
            return rows
        case "Claim":
            guard let entry, let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM reimbursement WHERE id = ?", arguments: [entry]) else { return [("row", "present", "absent")] }
            return [("currency", text((resource["total"] as? [String: Any])?["currency"] ?? "EUR"), row["currency"] ?? "")]
        default:
            return []
        }
    }

    /// "system|code" of every coding in every patient's exported IPS.
    static func exportedCodings(_ store: EmptyStore) throws -> Set<String> {
        var found = Set<String>()
        let ids = try DatabaseQueue(path: store.folder.appendingPathComponent("carnet.sqlite").path).read { try Int64.fetchAll($0, sql: "SELECT id FROM patient") }
        for id in ids {
            let store2 = RecordStore(database: store.database, policy: try .standard())
            let context = AccessContext.operatorAccount("test")
            let patient = PatientID(id)
            let summary = try store2.summary(of: patient, context: context)
            let record = ExportedRecord(patient: summary.patient, allergies: try store2.allergies(of: patient, context: context),
                                        prescriptions: try store2.prescriptions(of: patient, context: context),
                                        history: try store2.history(of: patient, context: context),
                                        vaccinations: try store2.vaccinations(of: patient, context: context),
                                        results: try store2.results(of: patient, context: context), statements: summary.statements)
            let json = try JSONSerialization.jsonObject(with: try FHIRWriter.patientSummary(record, at: Date(timeIntervalSince1970: 0), bundleID: "x"))
            func walk(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let code = object["code"] as? String, let system = object["system"] as? String { found.insert("\(system)|\(code)") }
                    object.values.forEach(walk)
                } else if let array = value as? [Any] {
                    array.forEach(walk)
                }
            }
            walk(json)
        }
        return found
    }
}

@Suite("Values as the source wrote them")
struct ResultValueTests {
    static func observation(_ members: String) -> Data {
        Data(#"{"resourceType": "Observation", "id": "o", "status": "final", "subject": {"reference": "Patient/p"}, "code": {"text": "Potassium"}, \#(members)}"#.utf8)
    }

    @Test("an exact decimal, its unit, comparator, range, interpretation and category are kept; the report's time is inherited")
    func keptWhole() throws {
        let bundle = Data("""
            {"resourceType": "Bundle", "type": "collection", "entry": [
              {"fullUrl": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000001", "resource": {"resourceType": "Patient", "id": "p",
                "name": [{"family": "Valeur"}], "birthDate": "1960", "deceasedDateTime": "2020-02-03T10:00:00Z",
                "telecom": [{"system": "phone", "value": "+33 6 12 34 56 78"}],
                "contact": [{"name": {"text": "Isabelle Valeur"}, "relationship": [{"text": "fille"}], "telecom": [{"system": "phone", "value": "06 98 76 54 32"}]}]}},
              {"fullUrl": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000002", "resource": {"resourceType": "DiagnosticReport", "id": "r", "status": "final",
                "code": {"text": "Ionogramme"}, "subject": {"reference": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000001"}, "effectiveDateTime": "2019-11-05",
                "result": [{"reference": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000003"}]}},
              {"fullUrl": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000003", "resource": {"resourceType": "Observation", "id": "k", "status": "final",
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
                "code": {"coding": [{"system": "http://loinc.org", "code": "2823-3", "display": "Potassium"}]},
                "subject": {"reference": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000001"},
                "valueQuantity": {"value": 0.0041, "comparator": "<", "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"},
                "referenceRange": [{"low": {"value": 3.50}, "high": {"value": 5.0, "unit": "mmol/L"}}],
                "interpretation": [{"coding": [{"code": "LL"}]}]}},
              {"resource": {"resourceType": "Condition", "id": "c", "subject": {"reference": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000001"},
                "clinicalStatus": {"coding": [{"code": "remission"}]}, "code": {"text": "Lymphome"}, "onsetDateTime": "2015-03"}},
              {"resource": {"resourceType": "MedicationRequest", "id": "m", "status": "active", "subject": {"reference": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000001"},
                "medicationCodeableConcept": {"text": "amoxicilline"},
                "dosageInstruction": [{"timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
                                       "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "comprimé"}}]}]}},
              {"resource": {"resourceType": "Claim", "id": "cl", "status": "active", "patient": {"reference": "urn:uuid:0b5e1e6e-0000-0000-0000-000000000001"},
                "created": "2019-11-05", "total": {"value": 125.5, "currency": "USD"}}}
            ]}
            """.utf8)
        let store = try EmptyStore()
        _ = try store.apply(bundle, file: "values.json")
        let record = try exported(nil, name: "valeur", from: store.database)
        #expect(record.patient.isDeceased && record.patient.deceasedOn?.iso == "2020-02-03")
        #expect(record.patient.birthDate.iso == "1960" && record.patient.birthDate.french == "1960")
        #expect(record.patient.age(on: CalendarDate(year: 2026, month: 11, day: 21)!) == 60)
        #expect(record.patient.telecom == ["phone: +33 6 12 34 56 78"])
        #expect(record.patient.contacts == [EmergencyContact(name: "Isabelle Valeur", relationship: "fille", phone: "06 98 76 54 32")])
        let potassium = try #require(record.results.first { $0.code == "2823-3" })
        #expect(potassium.quantity == Quantity(decimal: "0.0041", unit: "mmol/L", comparator: "<"))
        #expect(potassium.value == "< 0.0041 mmol/L")
        #expect(potassium.referenceRange == ReferenceRange(low: "3.50", high: "5.0", unit: "mmol/L", text: nil))
        #expect(potassium.interpretation == "LL" && potassium.category == .laboratory)
        #expect(potassium.date?.iso == "2019-11-05")
        let lymphoma = try #require(record.history.first)
        #expect(lymphoma.status == .remission && lymphoma.onset?.iso == "2015-03" && lymphoma.onset?.french == "03/2015")
        let amoxicillin = try #require(record.prescriptions.first)
        #expect(amoxicillin.dosage == "1 comprimé 3 fois par jour")
        #expect(amoxicillin.start == nil)
        let directory = Directory(database: store.database)
        let listing = try #require(try directory.searchPatients(name: "valeur", birthDate: nil, after: nil, limit: 1).items.first)
        let claims = try RecordStore(database: store.database, policy: try .standard()).reimbursements(of: listing.id, context: .operatorAccount("t"))
        #expect(claims.map(\.currency) == ["USD"] && claims.map(\.amountPaidCents) == [12550])
        // And back out: the same decimal, not a rounded one.
        let ips = String(decoding: try FHIRWriter.patientSummary(record, at: Date(timeIntervalSince1970: 0), bundleID: "v"), as: UTF8.self)
        #expect(ips.contains(#""value" : 0.0041"#) && ips.contains(#""comparator" : "<""#) && ips.contains(#""onsetDateTime" : "2015-03""#), "\(ips)")
    }

    @Test("a result of the blood group sets the record's blood group when it has none")
    func bloodGroup() throws {
        let store = try EmptyStore()
        _ = try store.importFile("r4spec_Patient-example.json")
        let observation = Data(#"{"resourceType": "Observation", "id": "abo", "status": "final", "subject": {"reference": "Patient/example"}, "code": {"coding": [{"system": "http://loinc.org", "code": "882-1"}]}, "valueCodeableConcept": {"text": "O Rh négatif"}}"#.utf8)
        _ = try store.apply(observation, file: "abo.json")
        #expect(try exported(nil, name: "chalmers", from: store.database).patient.bloodGroup == .oNegative)
    }

    /// A unit said to be UCUM that is not one, and a range whose low is above its high, are
    /// kept as reported (BadResultInputTests); what is refused is what cannot be read at all.
    @Test("bad values: one line with the file and the JSON path; nothing imported", arguments: [
        (#""valueQuantity": {"value": 1234567890123456789012345678901234567890, "unit": "mg"}"#, "v.json: $.valueQuantity.value: 123456789012345678901234…: 40 digits, more than the 18 a FHIR decimal holds"),
        (#""valueQuantity": {"value": {"number": 4.1}, "unit": "mg"}"#, "v.json: $.valueQuantity.value: expected a number, found an object"),
    ])
    func badValues(_ members: String, _ message: String) {
        #expect {
            try FHIRReader.read(Self.observation(members), file: "v.json")
        } throws: { error in
            String(describing: error).hasPrefix(message)
        }
    }

    @Test("a unit said to be UCUM that is not one, a range whose low is above its high: imported as reported, and said in the summary")
    func keptAsReported() throws {
        let plan = try FHIRReader.read(Self.observation(#""valueQuantity": {"value": 4.1, "system": "http://unitsofmeasure.org", "code": "milli moles"}, "referenceRange": [{"low": {"value": 5.0}, "high": {"value": 3.5}}]"#), file: "v.json")
        guard case let .result(result)? = plan.items.first?.entry else {
            Issue.record("no result in \(plan.items)")
            return
        }
        #expect(result.quantity == Quantity(decimal: "4.1", unit: "milli moles"))
        #expect(result.referenceRange == ReferenceRange(low: "5.0", high: "3.5", unit: nil, text: nil) && result.flag == nil)
        #expect(plan.notes == ["Observation/o: a unit said to be UCUM that is not one ('milli moles'); kept as reported",
                               "Observation/o: a reference range whose low is above its high ('5.0–3.5'); kept as reported"])
    }

    @Test("blood groups in words", arguments: [("A+", BloodGroup.aPositive), ("O Rh négatif", .oNegative), ("Group AB Rh(D) positive", .abPositive),
                                              ("B negative", .bNegative), ("Blood group A Rh(D) positive (finding)", .aPositive)])
    func bloodGroupWords(_ words: String, _ group: BloodGroup) {
        #expect(BloodGroup(observed: words) == group)
    }

    @Test("words that do not say a blood group say none", arguments: ["positive", "A", "A or B positive", "AB"])
    func noBloodGroup(_ words: String) {
        #expect(BloodGroup(observed: words) == nil)
    }
}

extension FixtureFidelityTests {
    /// A resource as Carnet stores it: whole, or a blood pressure given with components as
    /// one resource per component (its code, value, range and interpretation; the rest the
    /// Observation's), each with its part's suffix.
    static func parts(of resource: [String: Any]) -> [(String, [String: Any])] {
        guard resource["resourceType"] as? String == "Observation",
              resource["valueQuantity"] == nil, resource["valueString"] == nil, resource["valueCodeableConcept"] == nil,
              let components = resource["component"] as? [[String: Any]], !components.isEmpty,
              components.allSatisfy({ component in
                  component["valueQuantity"] != nil
                      && (((component["code"] as? [String: Any])?["coding"] as? [[String: Any]]) ?? []).contains { $0["system"] as? String == "http://loinc.org" }
              })
        else { return [("", resource)] }
        return components.enumerated().map { index, component in
            var part = resource
            part.removeValue(forKey: "component")
            for field in ["code", "valueQuantity", "referenceRange", "interpretation"] { part[field] = component[field] }
            return ("#component-\(index)", part)
        }
    }
}
