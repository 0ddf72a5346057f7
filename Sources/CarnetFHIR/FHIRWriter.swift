import CarnetModel
import Foundation

/// A record as the export reads it through the store (each part audited there).
public struct ExportedRecord: Sendable {
    public var patient: Patient
    public var allergies: [Allergy]
    public var prescriptions: [Prescription]
    public var history: [HistoryItem]
    public var vaccinations: [Vaccination]
    public var results: [LabResult]
    /// "No known allergy", "no information": written back as their sources said them.
    public var statements: [RecordStatement]

    public init(patient: Patient, allergies: [Allergy], prescriptions: [Prescription], history: [HistoryItem],
                vaccinations: [Vaccination], results: [LabResult], statements: [RecordStatement] = []) {
        self.patient = patient
        self.allergies = allergies
        self.prescriptions = prescriptions
        self.history = history
        self.vaccinations = vaccinations
        self.results = results
        self.statements = statements
    }
}

/// Writes FHIR R4 JSON: the patient summary as an International Patient Summary document
/// Bundle, and the audit trail as AuditEvent resources.
public enum FHIRWriter {
    static let loinc = "http://loinc.org"
    static let emptyReason = "http://terminology.hl7.org/CodeSystem/list-empty-reason"

    /// The IPS: a Composition with the sections Allergies, Medication Summary, Problem List,
    /// Immunizations, Results, History of Procedures and Advance Directives; `emptyReason`
    /// where nothing is known.
    public static func patientSummary(_ record: ExportedRecord, at now: Date, bundleID: String) throws -> Data {
        let patientURL = "urn:uuid:\(uuid(bundleID, "patient"))"
        var entries: [[String: Any]] = []
        func add(_ resource: [String: Any], _ name: String) -> String {
            let url = "urn:uuid:\(uuid(bundleID, name))"
            entries.append(["fullUrl": url, "resource": resource])
            return url
        }
        let subject = ["reference": patientURL]
        let p = record.patient
        var patient: [String: Any] = ["resourceType": "Patient", "id": uuid(bundleID, "patient"),
                                      "name": [["family": p.familyName, "given": p.givenNames.split(separator: " ").map(String.init)]],
                                      "gender": p.sex.rawValue, "birthDate": p.birthDate.iso]
        if let ins = p.ins {
            patient["identifier"] = [["system": FHIRReader.insSystem, "value": ins.digits]]
        }

        var allergyRefs: [String] = []
        for (index, allergy) in record.allergies.enumerated() {
            var resource: [String: Any] = [
                "resourceType": "AllergyIntolerance", "id": "allergy-\(index + 1)",
                "clinicalStatus": concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", allergy.status.rawValue),
                "code": coded(allergy.substance, allergy.codes, adding: allergy.substanceClass.map { Coding(system: Coding.atc, code: $0) }),
                "patient": subject,
            ]
            // Criticality says only the extremes; a moderate allergy leaves it out.
            if allergy.severity != .moderate { resource["criticality"] = allergy.severity == .severe ? "high" : "low" }
            if let reaction = allergy.reaction {
                resource["reaction"] = [["manifestation": [["text": reaction]], "severity": allergy.severity.rawValue]]
            }
            if let day = allergy.recordedOn { resource["recordedDate"] = day.iso }
            allergyRefs.append(add(resource, "allergy-\(index)"))
        }
        var medicationRefs: [String] = []
        for (index, prescription) in record.prescriptions.enumerated() {
            var resource: [String: Any] = [
                "resourceType": "MedicationStatement", "id": "medication-\(index + 1)",
                "status": prescription.status == .active ? "active" : prescription.status == .stopped ? "stopped" : "completed",
                "medicationCodeableConcept": coded(prescription.medicine, prescription.codes, adding: prescription.atc.map { Coding(system: Coding.atc, code: $0) }),
                "subject": subject,
            ]
            if let start = prescription.start { resource["effectiveDateTime"] = start.iso }
            if !prescription.dosage.isEmpty { resource["dosage"] = [["text": prescription.dosage]] }
            medicationRefs.append(add(resource, "medication-\(index)"))
        }
        var problemRefs: [String] = [], procedureRefs: [String] = []
        for (index, item) in record.history.enumerated() {
            if item.kind == .procedure {
                var resource: [String: Any] = ["resourceType": "Procedure", "id": "procedure-\(index + 1)", "status": "completed",
                                               "code": coded(item.label, item.codes, adding: item.code.map { Coding(system: codeSystem($0), code: $0) }), "subject": subject]
                if let day = item.onset { resource["performedDateTime"] = day.iso }
                procedureRefs.append(add(resource, "procedure-\(index)"))
            } else {
                var resource: [String: Any] = [
                    "resourceType": "Condition", "id": "condition-\(index + 1)",
                    "clinicalStatus": concept("http://terminology.hl7.org/CodeSystem/condition-clinical", item.status.rawValue),
                    "code": coded(item.label, item.codes, adding: item.code.map { Coding(system: codeSystem($0), code: $0) }), "subject": subject,
                ]
                if let day = item.onset { resource["onsetDateTime"] = day.iso }
                if let day = item.end { resource["abatementDateTime"] = day.iso }
                problemRefs.append(add(resource, "condition-\(index)"))
            }
        }
        var immunizationRefs: [String] = []
        for (index, vaccination) in record.vaccinations.enumerated() {
            var resource: [String: Any] = ["resourceType": "Immunization", "id": "immunization-\(index + 1)", "status": "completed",
                                           "vaccineCode": coded(vaccination.vaccine, vaccination.codes, adding: nil), "patient": subject,
                                           "occurrenceDateTime": vaccination.date.iso]
            if let lot = vaccination.lot { resource["lotNumber"] = lot }
            if let dose = vaccination.dose { resource["protocolApplied"] = [["doseNumberString": dose]] }
            immunizationRefs.append(add(resource, "immunization-\(index)"))
        }
        var decimals = DecimalLiterals()
        let results = resultsSection(record.results, subject: subject, bundleID: bundleID, decimals: &decimals)
        for named in results.resources { _ = add(named.resource, named.name) }
        // The section lists reports and the results no report groups, as IPS allows.
        let resultRefs = results.listed.map { "urn:uuid:\(uuid(bundleID, $0))" }

        // A statement coded as an absence ("no known allergy", SNOMED or IPS) goes back as
        // the resource that said it; one from a section's emptyReason, as that emptyReason.
        var reasons: [RecordSection: [String: Any]] = [:]
        for (index, statement) in record.statements.enumerated() {
            let absence = statement.codes.contains { RecordStatement.kind(of: $0) != nil }
            let code = coded(statement.text, statement.codes, adding: nil)
            var resource: [String: Any]?
            switch statement.section {
            case .allergies where absence:
                resource = ["resourceType": "AllergyIntolerance", "id": "statement-\(index + 1)", "code": code, "patient": subject]
            case .prescriptions where absence:
                resource = ["resourceType": "MedicationStatement", "id": "statement-\(index + 1)", "status": "active",
                            "medicationCodeableConcept": code, "subject": subject]
            case .history where absence:
                resource = ["resourceType": "Condition", "id": "statement-\(index + 1)", "code": code, "subject": subject]
            default:
                let listCodes = statement.codes.filter { $0.system == emptyReason }
                let coding = listCodes.isEmpty
                    ? [statement.kind == .noneKnown ? ["system": emptyReason, "code": "nilknown", "display": "Nil Known"]
                                                    : ["system": emptyReason, "code": "unavailable", "display": "Unavailable"]]
                    : listCodes.map { coding -> [String: Any] in
                        var written: [String: Any] = ["system": coding.system, "code": coding.code]
                        if let display = coding.display { written["display"] = display }
                        return written
                    }
                reasons[statement.section] = ["coding": coding, "text": statement.text]
            }
            if var resource {
                if let day = statement.date { resource[statement.section == .allergies ? "recordedDate" : "dateAsserted"] = day.iso }
                if statement.section == .history { resource.removeValue(forKey: "dateAsserted"); if let day = statement.date { resource["recordedDate"] = day.iso } }
                let url = add(resource, "statement-\(index)")
                switch statement.section {
                case .allergies: allergyRefs.append(url)
                case .prescriptions: medicationRefs.append(url)
                default: problemRefs.append(url)
                }
            }
        }
        func section(_ title: String, _ code: String, _ refs: [String], narrative: String? = nil, about: RecordSection? = nil) -> [String: Any] {
            var section: [String: Any] = ["title": title, "code": ["coding": [["system": loinc, "code": code]]]]
            if let narrative {
                section["text"] = ["status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">\(escape(narrative))</div>"]
            } else if refs.isEmpty {
                section["emptyReason"] = about.flatMap { reasons[$0] }
                    ?? ["coding": [["system": emptyReason, "code": "unavailable", "display": "Unavailable"]]]
            }
            if !refs.isEmpty { section["entry"] = refs.map { ["reference": $0] } }
            return section
        }
        let composition: [String: Any] = [
            "resourceType": "Composition", "id": uuid(bundleID, "composition"), "status": "final",
            "type": ["coding": [["system": loinc, "code": "60591-5", "display": "Patient summary Document"]]],
            "subject": subject, "date": timestamp(now), "author": [["display": "Carnet"]], "title": "Patient Summary",
            "section": [
                section("Allergies and Intolerances", "48765-2", allergyRefs, about: .allergies),
                section("Medication Summary", "10160-0", medicationRefs, about: .prescriptions),
                section("Problem List", "11450-4", problemRefs, about: .history),
                section("Immunizations", "11369-6", immunizationRefs, about: .vaccinations),
                section("Results", "30954-2", resultRefs),
                section("History of Procedures", "47519-4", procedureRefs),
                section("Advance Directives", "42348-3", [], narrative: p.advanceDirectives),
            ],
        ]
        let compositionEntry: [String: Any] = ["fullUrl": "urn:uuid:\(uuid(bundleID, "composition"))", "resource": composition]
        let patientEntry: [String: Any] = ["fullUrl": patientURL, "resource": patient]
        let bundle: [String: Any] = [
            "resourceType": "Bundle", "id": bundleID, "type": "document", "timestamp": timestamp(now),
            "identifier": ["system": "urn:ietf:rfc:3986", "value": "urn:uuid:\(bundleID)"],
            "entry": [compositionEntry, patientEntry] + entries,
        ]
        return decimals.splice(try JSONSerialization.data(withJSONObject: bundle, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
    }

    /// The audit trail as a collection Bundle of AuditEvent resources (DICOM codes; break-glass
    /// as Security Alert 110113, subtypes 110127 started / 110128 stopped, purpose BTG).
    public static func auditEvents(_ events: [AuditEvent], bundleID: String, at now: Date) throws -> Data {
        let dicom = "http://dicom.nema.org/resources/ontology/DCM"
        let entries: [[String: Any]] = events.map { event in
            var type: [String: Any] = ["system": dicom, "code": "110110", "display": "Patient Record"]
            var subtype: [[String: Any]] = []
            var purpose: [[String: Any]] = []
            let action: String
            switch event.action {
            case AuditAction.breakGlassStart.rawValue, AuditAction.breakGlassStop.rawValue:
                type = ["system": dicom, "code": "110113", "display": "Security Alert"]
                let started = event.action == AuditAction.breakGlassStart.rawValue
                subtype = [["system": dicom, "code": started ? "110127" : "110128",
                            "display": started ? "Emergency Override Started" : "Emergency Override Stopped"]]
                purpose = [["coding": [["system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "BTG", "display": "break the glass"]]]]
                action = "E"
            case AuditAction.login.rawValue:
                type = ["system": dicom, "code": "110114", "display": "User Authentication"]
                action = "E"
            case AuditAction.write.rawValue, AuditAction.import.rawValue: action = "U"
            case AuditAction.read.rawValue, AuditAction.open.rawValue, AuditAction.breakGlassFullRecord.rawValue: action = "R"
            default: action = "E"
            }
            if event.purpose == AccessPurpose.emergency.rawValue, purpose.isEmpty {
                purpose = [["coding": [["system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "BTG", "display": "break the glass"]]]]
            }
            var resource: [String: Any] = [
                "resourceType": "AuditEvent", "id": "carnet-\(event.seq)", "type": type, "action": action,
                "recorded": timestamp(event.at), "outcome": event.outcome == .allowed ? "0" : "4",
                "agent": [["who": ["identifier": ["system": "urn:carnet:actor", "value": event.actor]], "requestor": true]],
                "source": ["observer": ["display": "Carnet"], "type": [["system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4"]]],
            ]
            if !subtype.isEmpty { resource["subtype"] = subtype }
            if !purpose.isEmpty { resource["purposeOfEvent"] = purpose }
            var description = [event.action]
            if let section = event.section { description.append("section \(section)") }
            if let reason = event.reason { description.append("reason \(reason)") }
            if let detail = event.detail { description.append(detail) }
            resource["outcomeDesc"] = description.joined(separator: "; ")
            if let patient = event.patient {
                resource["entity"] = [["what": ["identifier": ["system": patient.count == 15 ? FHIRReader.insSystem : "urn:carnet:patient", "value": patient]],
                                       "type": ["system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "1", "display": "Person"]]]
            }
            return ["fullUrl": "urn:uuid:\(uuid(bundleID, "audit-\(event.seq)"))", "resource": resource]
        }
        let bundle: [String: Any] = ["resourceType": "Bundle", "id": bundleID, "type": "collection", "timestamp": timestamp(now), "entry": entries]
        return try JSONSerialization.data(withJSONObject: bundle, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    // MARK: Helpers

    /// CIM-10 codes start with a letter (E11, I10); SNOMED CT codes are all digits; CCAM
    /// codes are four letters and three digits.
    static func codeSystem(_ code: String) -> String {
        if code.allSatisfy(\.isNumber) { return "http://snomed.info/sct" }
        if code.count == 7, code.prefix(4).allSatisfy(\.isLetter) { return "https://www.ameli.fr/ccam" }
        return "http://hl7.org/fhir/sid/icd-10"
    }

    static func concept(_ system: String, _ code: String) -> [String: Any] { ["coding": [["system": system, "code": code]]] }

    /// A CodeableConcept with the source's words and every code it gave, with its system
    /// (plus one Carnet derived, such as an ATC class, when the source did not give it).
    static func coded(_ text: String, _ codes: [Coding], adding extra: Coding?) -> [String: Any] {
        var all = codes
        if let extra, !all.contains(where: { $0.family == extra.family && $0.code == extra.code }) { all.append(extra) }
        var concept: [String: Any] = ["text": text]
        if !all.isEmpty {
            concept["coding"] = all.map { coding -> [String: Any] in
                var written: [String: Any] = ["system": coding.system, "code": coding.code]
                if let display = coding.display { written["display"] = display }
                return written
            }
        }
        return concept
    }

    static func text(_ text: String, system: String?, code: String?) -> [String: Any] {
        var concept: [String: Any] = ["text": text]
        if let system, let code { concept["coding"] = [["system": system, "code": code]] }
        return concept
    }

    static func timestamp(_ date: Date) -> String { Timestamp.string(from: date).replacingOccurrences(of: ".000Z", with: "Z") }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A UUID derived from the bundle's id and a name: stable within a bundle, unique across.
    static func uuid(_ bundle: String, _ name: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        var second: UInt64 = 0x84222325cbf29ce4
        for byte in (bundle + "/" + name).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100000001b3
            second = (second &+ UInt64(byte)) &* 0x9E3779B97F4A7C15
        }
        let hex = String(hash, radix: 16).leftPadded(16) + String(second, radix: 16).leftPadded(16)
        let c = Array(hex)
        // Version 8 (custom) and the RFC 4122 variant, so validators accept the form.
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-8\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }
}

extension String {
    func leftPadded(_ length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
