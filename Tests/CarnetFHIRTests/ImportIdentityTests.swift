import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

/// Bundles written the way other systems write them: every hospital's first patient is
/// "Patient/1". These tests hold the import to its first duty: never the wrong patient.
enum SmallBundles {
    /// A collection Bundle from one hospital: Patient/1 with an allergy and a treatment.
    static func hospital(ins: String?, family: String, given: String, birth: String, sex: String = "female",
                         identifier: (system: String, value: String)? = nil, allergy: String, medicine: String) -> Data {
        var identifiers: [String] = []
        if let ins { identifiers.append(#"{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "\#(ins)"}"#) }
        if let identifier { identifiers.append(#"{"system": "\#(identifier.system)", "value": "\#(identifier.value)"}"#) }
        return Data("""
            {"resourceType": "Bundle", "type": "collection", "entry": [
              {"resource": {"resourceType": "Patient", "id": "1", "identifier": [\(identifiers.joined(separator: ","))],
                            "name": [{"family": "\(family)", "given": ["\(given)"]}], "gender": "\(sex)", "birthDate": "\(birth)"}},
              {"resource": {"resourceType": "AllergyIntolerance", "id": "1", "patient": {"reference": "Patient/1"},
                            "code": {"text": "\(allergy)"}}},
              {"resource": {"resourceType": "MedicationStatement", "id": "1", "status": "active", "subject": {"reference": "Patient/1"},
                            "medicationCodeableConcept": {"text": "\(medicine)"}, "effectiveDateTime": "2024-01-10"}}
            ]}
            """.utf8)
    }

    /// An IPS document: "no known allergy" (SNOMED 716186003), a treatment named by a
    /// medicationReference to a Medication with its ATC code, and a problem list whose
    /// section says, by emptyReason, that nothing is known about it.
    static let ips = Data("""
        {"resourceType": "Bundle", "type": "document", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:ips-test-1"},
         "entry": [
          {"fullUrl": "urn:uuid:c0000000-0000-0000-0000-000000000001", "resource": {"resourceType": "Composition", "status": "final",
            "type": {"coding": [{"system": "http://loinc.org", "code": "60591-5"}]}, "date": "2024-05-02",
            "subject": {"reference": "urn:uuid:p0000000-0000-0000-0000-000000000001"}, "author": [{"display": "Dr Anne Martin"}], "title": "IPS",
            "section": [
              {"title": "Allergies", "code": {"coding": [{"system": "http://loinc.org", "code": "48765-2"}]},
               "entry": [{"reference": "urn:uuid:a0000000-0000-0000-0000-000000000001"}]},
              {"title": "Medication", "code": {"coding": [{"system": "http://loinc.org", "code": "10160-0"}]},
               "entry": [{"reference": "urn:uuid:m0000000-0000-0000-0000-000000000001"}]},
              {"title": "Problems", "code": {"coding": [{"system": "http://loinc.org", "code": "11450-4"}]},
               "emptyReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/list-empty-reason", "code": "unavailable",
                                           "display": "Unavailable"}]}}
            ]}},
          {"fullUrl": "urn:uuid:p0000000-0000-0000-0000-000000000001", "resource": {"resourceType": "Patient", "id": "pt",
            "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "279035121518989"}],
            "name": [{"family": "Lefèvre", "given": ["Sophie"]}], "gender": "female", "birthDate": "1979-03-05"}},
          {"fullUrl": "urn:uuid:a0000000-0000-0000-0000-000000000001", "resource": {"resourceType": "AllergyIntolerance", "id": "nka",
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "716186003", "display": "No known allergy"}]},
            "patient": {"reference": "urn:uuid:p0000000-0000-0000-0000-000000000001"}, "recordedDate": "2024-05-02"}},
          {"fullUrl": "urn:uuid:m0000000-0000-0000-0000-000000000001", "resource": {"resourceType": "MedicationStatement", "id": "ms",
            "status": "active", "medicationReference": {"reference": "urn:uuid:d0000000-0000-0000-0000-000000000001"},
            "subject": {"reference": "urn:uuid:p0000000-0000-0000-0000-000000000001"}, "effectivePeriod": {"start": "2023-11-01"},
            "dosage": [{"text": "1 comprimé par jour"}]}},
          {"fullUrl": "urn:uuid:d0000000-0000-0000-0000-000000000001", "resource": {"resourceType": "Medication", "id": "anastrozole",
            "code": {"coding": [{"system": "http://www.whocc.no/atc", "code": "L02BG03", "display": "anastrozole"}]},
            "form": {"text": "comprimé pelliculé"}}}
        ]}
        """.utf8)
}

extension EmptyStore {
    func apply(_ data: Data, file: String, patient: INS? = nil) throws -> ImportSummary {
        let plan = try FHIRReader.read(data, file: file)
        return try RecordImporter(database: database).apply(plan, file: file, namedPatient: patient, context: .operatorAccount("test"))
    }

    func record(_ ins: String) throws -> ExportedRecord { try exported(try INS(ins), name: "", from: database) }
}

@Suite("Import identity: never the wrong patient")
struct ImportIdentityTests {
    static let hospitals: [(file: String, ins: String, family: String, allergy: String, medicine: String)] = [
        ("hopital-a.json", "258037511223324", "DUPONT", "Pénicilline", "metformine 500 mg"),
        ("hopital-b.json", "171026912345697", "MOREAU", "Latex", "ramipril 5 mg"),
        ("hopital-c.json", "279035121518989", "LEFEVRE", "Arachide", "lévothyroxine 75 µg"),
    ]

    static func bundle(_ h: (file: String, ins: String, family: String, allergy: String, medicine: String)) -> Data {
        SmallBundles.hospital(ins: h.ins, family: h.family, given: "Test", birth: "1970-01-01", allergy: h.allergy, medicine: h.medicine)
    }

    @Test("three hospitals' Patient/1, each with its own INS, give three patients, each with exactly their own entries",
          arguments: [true, false])
    func threeHospitals(oneDatabase: Bool) throws {
        // Imported into one database one after the other, or each into its own.
        let shared = try EmptyStore()
        for hospital in Self.hospitals {
            let store = oneDatabase ? shared : try EmptyStore()
            let summary = try store.apply(Self.bundle(hospital), file: hospital.file)
            #expect(summary.imported["Patient"] == 1, "\(hospital.file): \(summary.patients)")
            #expect(summary.imported["AllergyIntolerance"] == 1 && summary.imported["MedicationStatement"] == 1)
            let record = try store.record(hospital.ins)
            #expect(record.patient.familyName == hospital.family)
            if oneDatabase {
                continue
            }
            #expect(record.allergies.map(\.substance) == [hospital.allergy])
            #expect(record.prescriptions.map(\.medicine) == [hospital.medicine])
        }
        guard oneDatabase else { return }
        #expect(try shared.count("patient") == 3)
        for hospital in Self.hospitals {
            let record = try shared.record(hospital.ins)
            #expect(record.allergies.map(\.substance) == [hospital.allergy], "\(hospital.family)")
            #expect(record.prescriptions.map(\.medicine) == [hospital.medicine], "\(hospital.family)")
        }
        // Importing them again changes nothing.
        for hospital in Self.hospitals {
            let again = try shared.apply(Self.bundle(hospital), file: hospital.file)
            #expect(again.imported.isEmpty, "\(hospital.file): \(again.imported)")
        }
        #expect(try shared.count("allergy") == 3)
    }

    @Test("a bare Patient/1 from a later file is refused when two sources have one, and filed where the operator says")
    func ambiguousBareReference() throws {
        let store = try EmptyStore()
        for hospital in Self.hospitals.prefix(2) { _ = try store.apply(Self.bundle(hospital), file: hospital.file) }
        let orphan = Data("""
            {"resourceType": "AllergyIntolerance", "id": "9", "patient": {"reference": "Patient/1"}, "code": {"text": "Iode"}}
            """.utf8)
        #expect {
            try store.apply(orphan, file: "orphan.json")
        } throws: { error in
            "\(error)".contains("orphan.json") && "\(error)".contains("Patient/1") && "\(error)".contains("2 patients")
                && "\(error)".contains("--patient")
        }
        #expect(try store.count("allergy") == 2)
        let named = try store.apply(orphan, file: "orphan.json", patient: try INS("171026912345697"))
        #expect(named.imported["AllergyIntolerance"] == 1)
        #expect(try store.record("171026912345697").allergies.map(\.substance).sorted() == ["Iode", "Latex"])
        #expect(try store.record("258037511223324").allergies.map(\.substance) == ["Pénicilline"])
    }

    @Test("a reference to a patient nowhere is refused, naming the file and the reference")
    func referenceToNobody() throws {
        let store = try EmptyStore()
        let orphan = Data(#"{"resourceType": "AllergyIntolerance", "id": "9", "patient": {"reference": "Patient/nobody"}, "code": {"text": "Iode"}}"#.utf8)
        #expect {
            try store.apply(orphan, file: "orphan.json")
        } throws: { error in
            // The resource as the file names it, not Carnet's internal key for it (its source digest).
            "\(error)".contains("orphan.json: AllergyIntolerance/9 refers to Patient/nobody") && "\(error)".contains("neither in this file nor in Carnet")
                && !"\(error)".contains("sha256") && !"\(error)".contains("|")
        }
        #expect(try store.count("allergy") == 0)
    }

    @Test("the same person in three files (name, birth date, national identifier; no INS) is one record")
    func samePersonThreeFiles() throws {
        let store = try EmptyStore()
        for (index, allergy) in ["Pollen", "Acariens", "Arachide"].enumerated() {
            let file = SmallBundles.hospital(ins: nil, family: "Martin", given: "Léa", birth: "1990-06-01",
                                             identifier: ("http://hl7.org/fhir/sid/us-ssn", "999-12-3456"),
                                             allergy: allergy, medicine: "paracétamol \(index)")
            let summary = try store.apply(file, file: "ips-\(index).json")
            #expect(summary.patients.count == 1)
            if index > 0 { #expect(summary.patients.first?.contains("merged into Léa MARTIN, by identifier http://hl7.org/fhir/sid/us-ssn|999-12-3456") == true) }
        }
        #expect(try store.count("patient") == 1)
        #expect(try store.count("allergy") == 3)
    }

    @Test("name, birth date and sex alone merge only when exactly one patient agrees and no identifier contradicts")
    func nameBirthSex() throws {
        let store = try EmptyStore()
        _ = try store.apply(SmallBundles.hospital(ins: nil, family: "Petit", given: "Hélène", birth: "1950-02-02", allergy: "Pollen", medicine: "a"), file: "a.json")
        let merged = try store.apply(SmallBundles.hospital(ins: nil, family: "PETIT", given: "Helene", birth: "1950-02-02", allergy: "Iode", medicine: "b"), file: "b.json")
        #expect(merged.patients.first?.contains("by name, birth date and sex") == true)
        #expect(try store.count("patient") == 1)
        // A different sex, or the same identifier system with another value: someone else.
        _ = try store.apply(SmallBundles.hospital(ins: nil, family: "Petit", given: "Hélène", birth: "1950-02-02", sex: "male",
                                                  allergy: "Latex", medicine: "c"), file: "c.json")
        #expect(try store.count("patient") == 2)
    }

    @Test("the same INS with another birth date refuses the file, naming both; nothing is written")
    func contradiction() throws {
        let store = try EmptyStore()
        _ = try store.apply(SmallBundles.hospital(ins: "258037511223324", family: "Dupont", given: "Marie", birth: "1958-03-12",
                                                  allergy: "Pénicilline", medicine: "metformine"), file: "a.json")
        let before = try store.count("audit_event")
        #expect {
            try store.apply(SmallBundles.hospital(ins: "258037511223324", family: "Dupont", given: "Marie", birth: "1985-03-12",
                                                  allergy: "Latex", medicine: "x"), file: "b.json")
        } throws: { error in
            "\(error)".contains("b.json") && "\(error)".contains("1985-03-12") && "\(error)".contains("1958-03-12")
                && "\(error)".contains("nothing was imported")
        }
        #expect(try store.count("allergy") == 1)
        #expect(try store.count("audit_event") == before)
    }

    @Test("no known allergy is a statement, not an allergy; a medicationReference keeps the drug's name and ATC; both survive an export")
    func ipsStatementsAndMedicationReference() throws {
        let store = try EmptyStore()
        let summary = try store.apply(SmallBundles.ips, file: "ips.json")
        #expect(summary.imported["AllergyIntolerance"] == 1)
        let record = try store.record("279035121518989")
        #expect(record.allergies.isEmpty)
        let none = try #require(record.statements.first { $0.section == .allergies })
        #expect(none.kind == .noneKnown && none.codes.first?.code == "716186003" && none.date?.iso == "2024-05-02")
        let problems = try #require(record.statements.first { $0.section == .history })
        #expect(problems.kind == .noInformation)
        let medicine = try #require(record.prescriptions.first)
        #expect(medicine.medicine == "anastrozole (comprimé pelliculé)")
        #expect(medicine.atc == "L02BG03")
        #expect(medicine.codes == [Coding(system: "http://www.whocc.no/atc", code: "L02BG03", display: "anastrozole")])

        // The summary's allergy part is empty, and says why.
        let patient = try #require(try Directory(database: store.database).patient(ins: try INS("279035121518989")))
        let read = try RecordStore(database: store.database, policy: try .standard()).summary(of: patient.id, context: .operatorAccount("test"))
        #expect(read.allergies == [])
        #expect(read.statements.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.noInformation, .noneKnown])

        // Exported the FHIR way, and read back the same.
        let ips = try FHIRWriter.patientSummary(record, at: Date(timeIntervalSince1970: 1_795_000_000), bundleID: "again")
        let text = String(decoding: ips, as: UTF8.self)
        #expect(text.contains("716186003") && text.contains("L02BG03") && text.contains("unavailable"))
        let second = try EmptyStore()
        _ = try second.apply(ips, file: "again.json")
        let copy = try second.record("279035121518989")
        #expect(copy.allergies.isEmpty)
        // Carnet wrote "unavailable" for the empty immunization section: read back, that is "no information" too.
        #expect(copy.statements.map { "\($0.section.rawValue) \($0.kind.rawValue)" }.sorted()
                == ["allergies none-known", "history no-information", "vaccinations no-information"])
        #expect(copy.prescriptions.first?.atc == "L02BG03")
    }

    @Test("a medicationReference that points nowhere is refused with its JSON path")
    func danglingMedicationReference() throws {
        let broken = String(decoding: SmallBundles.ips, as: UTF8.self)
            .replacingOccurrences(of: #""medicationReference": {"reference": "urn:uuid:d0000000"#, with: #""medicationReference": {"reference": "urn:uuid:x0000000"#)
        #expect {
            try FHIRReader.read(Data(broken.utf8), file: "broken.json")
        } throws: { error in
            "\(error)".hasPrefix("broken.json: $.entry[3].resource.medicationReference: medicationReference 'urn:uuid:x0000000")
        }
    }

    @Test("a test INS (OID 1.2.250.1.213.1.4.10) is read as an INS and said to be a test identity")
    func testINS() throws {
        let json = #"{"resourceType": "Patient", "id": "t", "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.10", "value": "279035121518989"}], "name": [{"family": "Test"}], "birthDate": "1979-03-05"}"#
        let plan = try FHIRReader.read(Data(json.utf8), file: "t.json")
        #expect(plan.patients.first?.patient.ins?.digits == "279035121518989")
        #expect(plan.notes.contains { $0.contains("test identity") })
    }
}
