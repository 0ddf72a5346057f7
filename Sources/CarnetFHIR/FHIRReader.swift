import CarnetModel
import Crypto
import Foundation

/// Reads a FHIR R4 JSON file (a Bundle or a single resource) into an `ImportPlan`.
/// Nothing is written here: the store applies the plan in one transaction.
public struct FHIRReader {
    /// The OID of the INS-NIR (France), as FR Core writes it.
    public static let insSystem = "urn:oid:1.2.250.1.213.1.4.8"
    /// The OID of test INS (the ANS's test patients): read as an INS, and said to be a test identity.
    public static let testINSSystem = "urn:oid:1.2.250.1.213.1.4.10"
    /// The OID of RPPS numbers (the national identifier of health professionals).
    static let rppsSystems = ["urn:oid:1.2.250.1.71.4.2.1", "http://rpps.fr"]
    static let bundleTypes: Set<String> = ["collection", "transaction", "batch", "document", "searchset"]

    let file: String
    /// Bundle fullUrl → "Type/id".
    private var keys: [String: String] = [:]
    /// "Type/id" → the resource, for references between resources of the file.
    private var resources: [String: JSONNode] = [:]
    /// "Type/id" → the key that identifies the resource among every source's.
    private var sourceKeys: [String: String] = [:]
    /// Where resources without a globally unique fullUrl come from: the Bundle's
    /// meta.source or identifier, else the digest of the file's bytes (`source()`).
    private var declaredSource: String?
    private var digest: String?
    private var bytes = Data()
    private var practitionerNames: [String: String] = [:]
    /// Observation key → the DiagnosticReport that lists it (directly, or through an
    /// Observation's hasMember): its time, title and category, which the Observation takes
    /// when it has none of its own.
    private var listings: [String: Listing] = [:]
    /// Results kept as their source reported them although something in them is odd (a
    /// range whose low is above its high, a value that is not a number): said once a kind
    /// in the summary, with how many and the first, so that 10 000 of them are one line.
    private var oddities: [Oddity] = []
    private var plan = ImportPlan()

    public static func read(_ data: Data, file: String) throws -> ImportPlan {
        var reader = FHIRReader(file: file)
        return try reader.read(data)
    }

    init(file: String) { self.file = file }

    private mutating func read(_ data: Data) throws -> ImportPlan {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(data)
        } catch {
            throw FHIRError(file: file, path: "$", problem: "not JSON (\(error))")
        }
        let root = JSONNode(value: parsed, location: JSONPath(nil, "$"), file: file)
        guard root.isObject else { throw root.fail("not FHIR: expected a resource object, found \(root.value.kind)") }
        guard let type = try root.string("resourceType") else { throw root.fail("not FHIR: no resourceType") }
        declaredSource = try FHIRReader.declaredSource(of: root)
        bytes = data
        var fullUrls: [String: String] = [:]
        var entries: [JSONNode] = []
        if type == "Bundle" {
            guard let bundleType = try root.string("type") else { throw root.fail("a Bundle needs a type") }
            guard FHIRReader.bundleTypes.contains(bundleType) else {
                throw root.fail("Bundle type '\(bundleType)' is not imported (collection, transaction, batch, document or searchset)")
            }
            for entry in try root.nodes("entry") {
                guard entry.isObject else { throw entry.fail("expected an object, found \(entry.value.kind)") }
                guard let resource = try entry.node("resource") else { continue }
                entries.append(resource)
                let key = try FHIRReader.key(of: resource)
                if let fullUrl = try entry.string("fullUrl") {
                    keys[fullUrl] = key
                    fullUrls[key] = fullUrl
                }
            }
        } else {
            entries = [root]
        }
        for resource in entries {
            let key = try FHIRReader.key(of: resource)
            resources[key] = resource
            sourceKeys[key] = globalKey(key, fullUrl: fullUrls[key])
        }
        // Names of practitioners first: the other resources name their authors with them.
        for resource in entries where try resource.string("resourceType") == "Practitioner" { try readPractitioner(resource) }
        for report in entries where try report.string("resourceType") == "DiagnosticReport" { try readListing(report) }
        for resource in entries { try readResource(resource) }
        for oddity in oddities {
            plan.notes.append(oddity.count == 1 ? "\(oddity.place): \(oddity.kind) ('\(oddity.detail)'); kept as reported"
                : "\(oddity.count) results with \(oddity.kind), the first \(oddity.place) ('\(oddity.detail)'); kept as reported")
        }
        return plan
    }

    /// What a DiagnosticReport gives the Observations it lists.
    struct Listing {
        var time: String?
        var title: String?
        var category: LabResult.Category?
    }

    /// Something odd in one result: its kind ("a value that is not a number") and what
    /// the source wrote ("non mesurable").
    struct Problem {
        var kind: String
        var detail: String
    }

    struct Oddity {
        var kind: String
        /// The first result with it, and what it wrote ("Observation/o", "milli moles").
        var place: String
        var detail: String
        var count: Int
    }

    private mutating func odd(_ problem: Problem, at place: String) {
        if let index = oddities.firstIndex(where: { $0.kind == problem.kind }) {
            oddities[index].count += 1
        } else {
            // What the source wrote, cut short: a note is one line.
            let detail = problem.detail.count > 40 ? String(problem.detail.prefix(40)) + "…" : problem.detail
            oddities.append(Oddity(kind: problem.kind, place: place, detail: detail, count: 1))
        }
    }

    /// Laboratory sections of HL7 v2 table 0074 (DiagnosticReport.category): chemistry,
    /// haematology, microbiology, serology… all read as laboratory.
    static let laboratorySections: Set<String> = ["LAB", "BG", "BLB", "CG", "CH", "CP", "GE", "HM", "IMM", "MB", "MCB", "MYC", "OSL",
                                                  "SP", "SR", "TX", "VR"]

    /// The category a DiagnosticReport's codes say: laboratory for a laboratory section,
    /// else none (an imaging or a note report says nothing about its Observations).
    static func reportCategory(_ report: JSONNode) throws -> LabResult.Category? {
        let codes = try report.nodes("category").flatMap { try $0.nodes("coding").compactMap { try $0.string("code") } }
        if codes.contains("vital-signs") { return .vitalSigns }
        if codes.contains(where: { $0 == "laboratory" || laboratorySections.contains($0) }) { return .laboratory }
        return nil
    }

    /// Records, for each Observation a DiagnosticReport lists, the report's time, title and
    /// category; members of a listed panel (hasMember) belong to the report too. The first
    /// report that lists an Observation is its report.
    private mutating func readListing(_ report: JSONNode) throws {
        let listing = Listing(time: try report.string("effectiveDateTime") ?? report.node("effectivePeriod")?.string("start") ?? report.string("issued"),
                              title: try report.conceptText("code"), category: try FHIRReader.reportCategory(report))
        var pending = try report.nodes("result").compactMap { try $0.string("reference").flatMap(resolve) }
        var seen = Set<String>()
        while let key = pending.popLast() {
            guard seen.insert(key).inserted else { continue }
            if listings[key] == nil { listings[key] = listing }
            // hasMember is followed for grouping only: one that is not a list of references
            // is left unread here, as it was before reports grouped their results.
            let members = (try? resources[key]?.nodes("hasMember")) ?? []
            for member in members {
                if let reference = try? member.string("reference"), let target = resolve(reference) { pending.append(target) }
            }
        }
    }

    /// The source a file declares: the Bundle's (or lone resource's) meta.source, else the
    /// Bundle's identifier.
    static func declaredSource(of root: JSONNode) throws -> String? {
        if let declared = try root.node("meta")?.string("source"), !declared.isEmpty { return "source:" + declared }
        if try root.string("resourceType") == "Bundle", let identifier = try root.node("identifier"),
           let value = try identifier.string("value"), !value.isEmpty {
            return "bundle:" + (try identifier.string("system") ?? "") + "|" + value
        }
        return nil
    }

    /// The source of the file's resources: the declared one, else the SHA-256 of its bytes
    /// (the same file imported twice is the same source; two files that merely share ids
    /// are not). The digest is a pass over the bytes, made only when a resource needs it.
    private mutating func source() -> String {
        if let declaredSource { return declaredSource }
        if let digest { return digest }
        let computed = "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        digest = computed
        return computed
    }

    /// A `urn:uuid:`/`urn:oid:` or absolute fullUrl names the resource worldwide; anything
    /// else is qualified by its source.
    private mutating func globalKey(_ key: String, fullUrl: String?) -> String {
        if let fullUrl, fullUrl.hasPrefix("urn:uuid:") || fullUrl.hasPrefix("urn:oid:") || fullUrl.contains("://") {
            return fullUrl
        }
        return source() + "|" + key
    }

    static func key(of resource: JSONNode) throws -> String {
        guard let type = try resource.string("resourceType") else { throw resource.fail("not FHIR: no resourceType") }
        // A resource without an id (a transaction's POST) is keyed by where it stands.
        return "\(type)/\(try resource.string("id") ?? "#" + resource.path)"
    }

    // MARK: References

    /// The key of what a reference points to inside the file, if it does.
    private func resolve(_ reference: String) -> String? {
        if let key = keys[reference] { return key }
        if resources[reference] != nil { return reference }
        // Absolute URLs end in Type/id.
        let parts = reference.split(separator: "/")
        if parts.count >= 2, reference.contains("://") {
            let key = "\(parts[parts.count - 2])/\(parts[parts.count - 1])"
            if resources[key] != nil { return key }
        }
        // Conditional references ("Practitioner?identifier=system|value") match an identifier in the file.
        if let question = reference.firstIndex(of: "?") {
            let type = String(reference[..<question])
            let query = reference[reference.index(after: question)...]
            if query.hasPrefix("identifier=") {
                let wanted = query.dropFirst("identifier=".count).split(separator: "|").last.map(String.init) ?? ""
                for (key, resource) in resources where key.hasPrefix(type + "/") {
                    if (try? resource.nodes("identifier"))?.contains(where: { (try? $0.string("value")) == wanted }) == true { return key }
                }
            }
        }
        return nil
    }

    /// The patient an entry belongs to. A reference to nothing is an error, except one to a
    /// Patient ("Patient/<id>", an absolute URL, "Patient?identifier=…"), which the store
    /// resolves against what it holds, or the operator names (`import --patient`).
    private func subject(of resource: JSONNode, _ keysToTry: [String]) throws -> ImportPlan.Subject? {
        for name in keysToTry {
            guard let node = try resource.node(name), let reference = try node.string("reference") else { continue }
            if let key = resolve(reference) {
                guard key.hasPrefix("Patient/") else { throw node.fail("\(name) must refer to a Patient, not \(key)") }
                return .inFile(key)
            }
            if reference.hasPrefix("Patient/") || reference.hasPrefix("Patient?identifier=") || reference.contains("/Patient/") {
                return .outside(reference: reference)
            }
            throw node.fail("reference to nothing: '\(reference)' is not in this file")
        }
        return nil
    }

    /// The author of an entry, in words: a practitioner's name if the file has it.
    private func author(of resource: JSONNode, _ keysToTry: [String]) throws -> Author {
        for name in keysToTry {
            // A Reference, or an array of them (performer, author), or of {actor: Reference}.
            let first: JSONNode?
            if let array = try? resource.nodes(name) { first = array.first } else { first = try resource.node(name) }
            guard var node = first, node.isObject else { continue }
            if let actor = try node.node("actor") { node = actor }
            if let reference = try node.string("reference"), let key = resolve(reference), let named = practitionerNames[key] {
                return .external(name: named)
            }
            if let display = try node.string("display") { return .external(name: display) }
        }
        return .external(name: "import FHIR")
    }

    // MARK: Resources

    private mutating func readResource(_ resource: JSONNode) throws {
        let type = try resource.string("resourceType") ?? ""
        let key = try FHIRReader.key(of: resource)
        let sourceKey = sourceKeys[key] ?? globalKey(key, fullUrl: nil)
        /// - Parameter part: which part of the resource the entry is, when the resource
        ///   gives several (its components): its own source key ("…#component-1"), so a
        ///   second import finds it; the resource is counted (and skipped) once, by its first.
        func add(_ entry: ImportPlan.Entry, subject names: [String] = ["subject", "patient"], part: Int? = nil) throws {
            guard let subject = try subject(of: resource, names) else {
                if (part ?? 0) == 0 { plan.skip(type, "no patient: a Carnet entry belongs to a record") }
                return
            }
            plan.items.append(ImportPlan.Item(sourceKey: sourceKey + (part.map { "#component-\($0)" } ?? ""), resourceType: type, subject: subject,
                                              entry: entry, isFurtherPart: (part ?? 0) > 0))
            if FHIRReader.textOnly(entry) { plan.textOnly[type, default: 0] += 1 }
        }
        // A statement of absence ("no known allergy") is not an entry of its section.
        func addUnlessAbsence(_ concept: String, section: RecordSection, date: String?, entry: () throws -> ImportPlan.Entry) throws {
            let codes = try resource.codings(concept)
            if let kind = codes.lazy.compactMap(RecordStatement.kind(of:)).first {
                let text = try resource.conceptText(concept) ?? codes.first?.display ?? codes.first?.code ?? ""
                try add(.statement(RecordStatement(section: section, kind: kind, text: text, codes: codes,
                                                   date: date.flatMap(FHIRReader.day), author: try author(of: resource, ["recorder", "asserter", "informationSource", "performer"]))))
                return
            }
            try add(entry())
        }
        if try FHIRReader.enteredInError(resource) {
            plan.skip(type, "entered in error: not current data")
            return
        }
        switch type {
        case "Patient": try readPatient(resource, key: key)
        case "Practitioner": break // read first
        case "AllergyIntolerance":
            try addUnlessAbsence("code", section: .allergies, date: try resource.string("recordedDate")) { .allergy(try allergy(resource)) }
        case "Immunization":
            if try resource.string("status") == "not-done" { plan.skip(type, "not done"); return }
            try addUnlessAbsence("vaccineCode", section: .vaccinations, date: try resource.string("occurrenceDateTime")) {
                .vaccination(try vaccination(resource))
            }
        case "MedicationRequest", "MedicationStatement":
            try addUnlessAbsence("medicationCodeableConcept", section: .prescriptions,
                                 date: try resource.string("authoredOn") ?? resource.string("dateAsserted")) { .prescription(try prescription(resource)) }
        case "Condition":
            try addUnlessAbsence("code", section: .history, date: try resource.string("recordedDate")) { .history(try history(resource, kind: .condition)) }
        case "Procedure":
            try addUnlessAbsence("code", section: .history, date: try resource.string("performedDateTime")) { .history(try history(resource, kind: .procedure)) }
        case "Composition": try readComposition(resource, sourceKey: sourceKey)
        case "Observation", "DiagnosticReport":
            let whole = try result(resource)
            // An Observation whose values are its components (a blood pressure from Synthea
            // or FR Core: systolic and diastolic) is a result per component, so that each is
            // charted and flagged as its own.
            let parts = try components(of: resource, whole: whole)
            if parts.isEmpty {
                try add(.result(whole))
            } else {
                for (index, part) in parts.enumerated() { try add(.result(part), part: index) }
            }
        case "DocumentReference": try add(.document(document(resource)))
        case "Claim", "ExplanationOfBenefit": try readBilling(resource, sourceKey: sourceKey, type: type)
        case "Encounter": plan.context[type, default: 0] += 1
        default: plan.skip(type, "not part of a Carnet record")
        }
    }

    private mutating func readPatient(_ resource: JSONNode, key: String) throws {
        let names = try resource.nodes("name")
        let name = try names.first { try $0.string("use") == "official" } ?? names.first
        let family = try name?.string("family") ?? ""
        let given = try name?.strings("given").joined(separator: " ") ?? ""
        guard !family.isEmpty || !given.isEmpty else { throw resource.fail("a Patient needs a name") }
        let birth: CalendarDate
        if let text = try resource.string("birthDate") {
            guard let day = FHIRReader.day(text) else { throw resource.fail("invalid birthDate '\(text)'") }
            birth = day
        } else {
            throw resource.fail("a Patient needs a birthDate (Carnet finds patients by name and birth date)")
        }
        var identifiers: [ImportPlan.Identifier] = []
        var ins: INS?
        for identifier in try resource.nodes("identifier") {
            guard let value = try identifier.string("value") else { continue }
            let system = try identifier.string("system") ?? ""
            identifiers.append(ImportPlan.Identifier(system: system, value: value))
            if system == FHIRReader.insSystem || system == FHIRReader.testINSSystem, ins == nil {
                do {
                    ins = try INS(value)
                    if system == FHIRReader.testINSSystem { plan.notes.append("\(key): INS \(value) is a test identity (OID 1.2.250.1.213.1.4.10)") }
                } catch {
                    plan.notes.append("\(key): \(error); kept as an identifier, the patient is imported without an INS")
                }
            }
        }
        let sex = Sex(rawValue: try resource.string("gender") ?? "unknown") ?? .unknown
        var patient = Patient(id: PatientID(0), ins: ins, familyName: family.uppercased(), givenNames: given, birthDate: birth, sex: sex)
        if let when = try resource.string("deceasedDateTime") {
            patient.isDeceased = true
            patient.deceasedOn = FHIRReader.day(when)
        } else if try resource.bool("deceasedBoolean") == true {
            patient.isDeceased = true
        }
        if let address = try resource.nodes("address").first {
            let parts = try address.strings("line") + [try address.string("postalCode"), try address.string("city"), try address.string("country")].compactMap { $0 }
            let line = parts.filter { !$0.isEmpty }.joined(separator: ", ")
            patient.address = line.isEmpty ? try address.string("text") : line
        }
        patient.telecom = try resource.nodes("telecom").compactMap { point in
            guard let value = try point.string("value") else { return nil }
            return "\(try point.string("system") ?? "contact"): \(value)"
        }
        // The people to contact: a name and a phone, so that nobody's number is lost.
        patient.contacts = try resource.nodes("contact").compactMap { contact in
            let name = try contact.node("name")
            let words = try name?.string("text") ?? ([try name?.strings("given").joined(separator: " "), try name?.string("family")]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
            let relationship = try contact.nodes("relationship").first.flatMap { try $0.string("text") ?? $0.nodes("coding").first?.string("display")
                ?? $0.nodes("coding").first?.string("code") } ?? ""
            let telecom = try contact.nodes("telecom").compactMap { try $0.string("value") }
            guard !words.isEmpty || !telecom.isEmpty else { return nil }
            return EmergencyContact(name: words, relationship: relationship, phone: telecom.joined(separator: ", "))
        }
        plan.patients.append(ImportPlan.PatientRecord(key: key, sourceKey: sourceKeys[key] ?? globalKey(key, fullUrl: nil),
                                                      patient: patient, identifiers: identifiers))
    }

    private mutating func readPractitioner(_ resource: JSONNode) throws {
        let key = try FHIRReader.key(of: resource)
        let name = try resource.nodes("name").first
        let family = try name?.string("family") ?? ""
        let given = try name?.strings("given").joined(separator: " ") ?? ""
        let prefix = try name?.strings("prefix").first.map { $0 + " " } ?? ""
        practitionerNames[key] = (prefix + given + " " + family).trimmingCharacters(in: .whitespaces)
        var rpps: RPPS?
        for identifier in try resource.nodes("identifier") {
            guard let system = try identifier.string("system"), FHIRReader.rppsSystems.contains(system),
                  var value = try identifier.string("value") else { continue }
            // IDNPS: "8" followed by the RPPS number.
            if value.count == 12, value.hasPrefix("8") { value.removeFirst() }
            rpps = try? RPPS(value)
        }
        guard let rpps else {
            plan.skip("Practitioner", "no RPPS identifier: named as author, not registered")
            return
        }
        plan.professionals.append(Professional(rpps: rpps, familyName: family.uppercased(), givenNames: given, profession: .generalPractitioner))
    }

    private func allergy(_ resource: JSONNode) throws -> Allergy {
        let reaction = try resource.nodes("reaction").first
        let manifestation = try reaction?.nodes("manifestation").first.flatMap { node -> String? in
            if let text = try node.string("text") { return text }
            return try node.nodes("coding").first.flatMap { try $0.string("display") }
        }
        let severity: Allergy.Severity
        switch try reaction?.string("severity") ?? resource.string("criticality") {
        case "severe"?, "high"?: severity = .severe
        case "mild"?, "low"?: severity = .mild
        default: severity = .moderate
        }
        let status: Allergy.Status
        switch try resource.firstCode("clinicalStatus") {
        case "inactive"?: status = .inactive
        case "resolved"?: status = .resolved
        default: status = .active
        }
        return Allergy(substance: try resource.conceptText("code") ?? "allergie", substanceClass: try resource.code("code", system: "atc"),
                       reaction: manifestation, severity: severity, status: status,
                       recordedOn: try resource.string("recordedDate").flatMap(FHIRReader.day),
                       author: try author(of: resource, ["recorder", "asserter"]), codes: try resource.codings("code"))
    }

    private func vaccination(_ resource: JSONNode) throws -> Vaccination {
        let applied = try resource.nodes("protocolApplied").first
        let dose = try applied?.string("doseNumberString") ?? applied?.number("doseNumberPositiveInt").map { "dose \(FHIRReader.integer($0))" }
        guard let date = try resource.string("occurrenceDateTime").flatMap(FHIRReader.day) else {
            throw resource.fail("an Immunization needs an occurrenceDateTime")
        }
        return Vaccination(vaccine: try resource.conceptText("vaccineCode") ?? "vaccin", date: date, dose: dose,
                           lot: try resource.string("lotNumber"), author: try author(of: resource, ["performer"]),
                           codes: try resource.codings("vaccineCode"))
    }

    private func prescription(_ resource: JSONNode) throws -> Prescription {
        var medicine = try resource.conceptText("medicationCodeableConcept")
        var codes = try resource.codings("medicationCodeableConcept")
        if medicine == nil, let reference = try resource.node("medicationReference") {
            if let target = try reference.string("reference") {
                let medication = try self.medication(target, in: resource, at: reference)
                medicine = try medication.conceptText("code")
                codes = try medication.codings("code")
                if let form = try medication.conceptText("form"), let name = medicine, !SearchText.fold(name).contains(SearchText.fold(form)) {
                    medicine = "\(name) (\(form))"
                }
            }
            if medicine == nil { medicine = try reference.string("display") }
        }
        guard let medicine, !medicine.isEmpty else { throw resource.fail("a \(try resource.string("resourceType") ?? "medication") names no medicine") }
        let dosage = try (resource.nodes("dosageInstruction") + resource.nodes("dosage")).first.map(FHIRReader.dosage) ?? ""
        let start = try resource.string("authoredOn") ?? resource.string("effectiveDateTime")
            ?? resource.node("effectivePeriod")?.string("start") ?? resource.string("dateAsserted")
        let status: Prescription.Status
        switch try resource.string("status") {
        case "active"?, "intended"?, "on-hold"?: status = .active
        case "stopped"?, "cancelled"?, "entered-in-error"?, "not-taken"?: status = .stopped
        default: status = .completed
        }
        return Prescription(medicine: medicine, atc: codes.first(.atc)?.code, dosage: dosage,
                            start: start.flatMap(FHIRReader.day), end: nil,
                            prescriber: try author(of: resource, ["requester", "informationSource"]), status: status, codes: codes)
    }

    private func history(_ resource: JSONNode, kind: HistoryItem.Kind) throws -> HistoryItem {
        let onset = try resource.string("onsetDateTime") ?? resource.string("performedDateTime") ?? resource.node("performedPeriod")?.string("start")
            ?? resource.string("recordedDate")
        let status: HistoryItem.Status
        switch try resource.firstCode("clinicalStatus") {
        case "inactive"?: status = .inactive
        case "remission"?: status = .remission
        case "recurrence"?: status = .recurrence
        case "relapse"?: status = .relapse
        case "resolved"?: status = .resolved
        case nil where kind == .procedure: status = .resolved
        default: status = .active
        }
        // The CIM-10 column holds CIM-10 only; every other code stays in `codes`, with its system.
        return HistoryItem(kind: kind, label: try resource.conceptText("code") ?? "—",
                           code: try resource.codings("code").first(.icd10)?.code,
                           onset: onset.flatMap(FHIRReader.day), end: try resource.string("abatementDateTime").flatMap(FHIRReader.day),
                           status: status, author: try author(of: resource, ["recorder", "asserter"]), codes: try resource.codings("code"))
    }

    /// An Observation, or a DiagnosticReport as a row of its own (`isReport`: its conclusion,
    /// else how many results it lists). Whatever a laboratory reported is kept as it
    /// reported it, even when it is odd (a value that is not a number, a unit nobody knows,
    /// a range whose low is above its high, a date to come): refusing the file would lose
    /// everything in it, and the screen shows such values as text, never plotted wrongly.
    private mutating func result(_ resource: JSONNode) throws -> LabResult {
        let key = try FHIRReader.key(of: resource)
        let isReport = try resource.string("resourceType") == "DiagnosticReport"
        var problems: [Problem] = []
        // One count a kind a result, however many of its quantities share the oddity.
        defer {
            var counted = Set<String>()
            for problem in problems where counted.insert(problem.kind).inserted { odd(problem, at: key) }
        }
        var value: String?
        var measured: Quantity?
        if let quantity = try resource.node("valueQuantity") {
            measured = try FHIRReader.measurement(quantity, problems: &problems)
            value = measured?.text
        }
        if value == nil, let text = try resource.string("valueString") { value = text }
        if value == nil, let concept = try resource.conceptText("valueCodeableConcept") { value = concept }
        if value == nil {
            let parts = try resource.nodes("component").compactMap { component -> String? in
                guard let quantity = try component.node("valueQuantity") else { return nil }
                return "\(try component.conceptText("code") ?? ""): \(try FHIRReader.measurement(quantity, problems: &problems)?.text ?? "")"
            }
            if !parts.isEmpty { value = parts.joined(separator: " ; ") }
        }
        if value == nil, let conclusion = try resource.string("conclusion") { value = conclusion }
        // A report without a conclusion has no value: its results are its content, and a
        // count would read on screen as the laboratory's words.
        // An Observation without its own time, or category, takes its report's.
        let listing = listings[key]
        let date = try resource.string("effectiveDateTime") ?? resource.node("effectivePeriod")?.string("start") ?? resource.string("issued")
            ?? listing?.time
        let range = try FHIRReader.referenceRange(of: resource, problems: &problems)
        let interpretation = try resource.nodes("interpretation").first.flatMap { try $0.nodes("coding").first?.string("code") }
        let category: LabResult.Category
        if isReport {
            category = try FHIRReader.reportCategory(resource) ?? .other
        } else {
            let categories = try resource.nodes("category").flatMap { try $0.nodes("coding").compactMap { try $0.string("code") } }
            category = categories.contains("vital-signs") ? .vitalSigns
                : categories.contains(where: { $0 == "laboratory" || $0 == "LAB" }) ? .laboratory
                : categories.isEmpty ? listing?.category ?? .other : .other
        }
        let title = try resource.conceptText("code")
        return LabResult(code: try resource.code("code", system: "loinc"), label: title ?? "résultat", value: value,
                         quantity: measured, referenceRange: range, interpretation: interpretation, category: category,
                         date: date.flatMap(FHIRReader.day), author: try author(of: resource, ["performer"]), codes: try resource.codings("code"),
                         report: isReport ? title : listing?.title, isReport: isReport)
    }

    static let invertedRange = "a reference range whose low is above its high"

    /// A resource's (or a component's) first reference range. Kept as reported when it is
    /// inverted: the model says so, nothing is flagged or drawn against it, and the
    /// problem is noted.
    static func referenceRange(of node: JSONNode, problems: inout [Problem]) throws -> ReferenceRange? {
        guard let range = try node.nodes("referenceRange").first else { return nil }
        let low = try range.node("low").flatMap { try FHIRReader.measurement($0, problems: &problems) }
        let high = try range.node("high").flatMap { try FHIRReader.measurement($0, problems: &problems) }
        let found = ReferenceRange(low: low?.decimal, high: high?.decimal, unit: low?.unit ?? high?.unit, text: try range.string("text"))
        if found.bounds?.isInverted == true { problems.append(Problem(kind: invertedRange, detail: found.display)) }
        return found
    }

    /// The components of an Observation with no value of its own, each a result, when every
    /// one is a LOINC-coded quantity (blood pressure's systolic and diastolic); else none, and
    /// the Observation is one result whose value lists them. A component takes the
    /// Observation's date, category, performer and report; its own code, value, range and
    /// interpretation. An Observation that gives a range of its own, or an interpretation a
    /// component does not repeat, is kept whole: split, its parts would lose it (and copied
    /// onto a part, it could flag the wrong number). The panel's own code (85354-9) is not
    /// kept on the parts, which are not panels.
    private mutating func components(of resource: JSONNode, whole: LabResult) throws -> [LabResult] {
        guard try resource.string("resourceType") == "Observation", whole.quantity == nil,
              try resource.string("valueString") == nil, try resource.node("valueCodeableConcept") == nil,
              try resource.nodes("referenceRange").isEmpty else { return [] }
        let nodes = try resource.nodes("component")
        if try !resource.nodes("interpretation").isEmpty, try nodes.contains(where: { try $0.nodes("interpretation").isEmpty }) { return [] }
        // What is odd in a component's quantity was counted when the whole was read; what is
        // odd in its range (inverted) is counted here.
        var counted: [Problem] = [], ranges: [Problem] = []
        var parts: [LabResult] = []
        for node in nodes {
            guard let code = try node.code("code", system: "loinc"), let quantityNode = try node.node("valueQuantity"),
                  let quantity = try FHIRReader.measurement(quantityNode, problems: &counted) else { return [] }
            let range = try FHIRReader.referenceRange(of: node, problems: &ranges)
            var part = whole
            part.code = code
            part.label = try node.conceptText("code") ?? code
            part.value = quantity.text
            part.quantity = quantity
            part.referenceRange = range
            part.interpretation = try node.nodes("interpretation").first.flatMap { try $0.nodes("coding").first?.string("code") }
            part.codes = try node.codings("code")
            parts.append(part)
        }
        for problem in ranges where problem.kind == FHIRReader.invertedRange { odd(problem, at: try FHIRReader.key(of: resource)) }
        return parts
    }

    private func document(_ resource: JSONNode) throws -> Document {
        let content = try resource.nodes("content").first
        let attachment = try content?.node("attachment")
        let contentType = try attachment?.string("contentType") ?? "application/octet-stream"
        var text: String?
        var file: Attachment?
        if let encoded = try attachment?.string("data") {
            guard let bytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw (attachment ?? resource).fail("attachment data is not base64")
            }
            if contentType.hasPrefix("text/"), let decoded = String(data: bytes, encoding: .utf8) {
                text = decoded
            } else {
                file = Attachment(mediaType: contentType, byteCount: bytes.count, data: bytes)
            }
        } else if let url = try attachment?.string("url") {
            text = "Document externe : \(url)"
        }
        let title = try resource.string("description") ?? attachment?.string("title") ?? resource.conceptText("type") ?? "Document"
        return Document(loinc: try resource.code("type", system: "loinc") ?? DocumentType.progressNote.rawValue, title: title,
                        author: try author(of: resource, ["author", "authenticator"]),
                        date: (try resource.string("date")).flatMap(FHIRReader.day) ?? CalendarDate(daysSinceEpoch: 0), text: text,
                        state: DocumentState(superseded: try resource.string("status") == "superseded"), attachment: file)
    }

    /// A Claim gives what was paid; its ExplanationOfBenefit what was reimbursed: one
    /// reimbursement per claim.
    private mutating func readBilling(_ resource: JSONNode, sourceKey: String, type: String) throws {
        let date = try resource.node("billablePeriod")?.string("start") ?? resource.string("created")
        // Claim.total is Money; ExplanationOfBenefit.total is a list of {category, amount}.
        let total = type == "Claim" ? try resource.node("total")?.number("value")
            : try resource.nodes("total").first.flatMap { try $0.node("amount")?.number("value") }
        let paidBack = try resource.node("payment")?.node("amount")?.number("value")
        let act = try resource.nodes("item").first.flatMap { try $0.conceptText("productOrService") } ?? resource.conceptText("type") ?? type
        if type == "ExplanationOfBenefit", let claim = try resource.node("claim")?.string("reference"), let claimKey = resolve(claim),
           let index = plan.items.firstIndex(where: { $0.sourceKey == sourceKeys[claimKey] }), case var .reimbursement(existing) = plan.items[index].entry {
            existing.amountReimbursedCents = try FHIRReader.cents(paidBack ?? 0, resource)
            plan.items[index].entry = .reimbursement(existing)
            plan.context[type, default: 0] += 1
            return
        }
        guard let subject = try subject(of: resource, ["patient"]) else {
            plan.skip(type, "no patient")
            return
        }
        let currency = try (type == "Claim" ? resource.node("total")?.string("currency")
            : resource.nodes("total").first?.node("amount")?.string("currency")) ?? "EUR"
        let reimbursement = Reimbursement(date: date.flatMap(FHIRReader.day) ?? CalendarDate(daysSinceEpoch: 0), act: act,
                                          amountPaidCents: try FHIRReader.cents(total ?? 0, resource), amountReimbursedCents: try FHIRReader.cents(paidBack ?? 0, resource),
                                          currency: currency)
        plan.items.append(ImportPlan.Item(sourceKey: sourceKey, resourceType: type, subject: subject, entry: .reimbursement(reimbursement)))
    }

    /// The Medication a `medicationReference` points at: contained (`#id`) or in the file.
    private func medication(_ reference: String, in resource: JSONNode, at node: JSONNode) throws -> JSONNode {
        if reference.hasPrefix("#") {
            let id = String(reference.dropFirst())
            if let contained = try resource.nodes("contained").first(where: { try $0.string("id") == id }) {
                guard try contained.string("resourceType") == "Medication" else {
                    throw node.fail("medicationReference '\(reference)' is a \(try contained.string("resourceType") ?? "resource"), not a Medication")
                }
                return contained
            }
            throw node.fail("medicationReference '\(reference)' is not among the resource's contained resources")
        }
        guard let key = resolve(reference), let medication = resources[key] else {
            throw node.fail("medicationReference '\(reference)' is not in this file")
        }
        guard key.hasPrefix("Medication/") else { throw node.fail("medicationReference '\(reference)' is a \(key), not a Medication") }
        return medication
    }

    /// A Composition's sections that say, with an emptyReason, that they hold nothing: "no
    /// known allergy" (nilknown) or "no information" (any other reason) for that section.
    private mutating func readComposition(_ resource: JSONNode, sourceKey: String) throws {
        plan.context["Composition", default: 0] += 1
        guard let subject = try subject(of: resource, ["subject"]) else { return }
        // One statement a pane: problems and procedures both say "history".
        var stated = Set<RecordSection>()
        for (index, section) in try resource.nodes("section").enumerated() {
            guard let reason = try section.node("emptyReason"), try section.nodes("entry").isEmpty else { continue }
            guard let loinc = try section.code("code", system: "loinc"), let target = FHIRReader.compositionSections[loinc],
                  stated.insert(target).inserted else { continue }
            let codes = try reason.nodes("coding").compactMap { coding -> Coding? in
                guard let code = try coding.string("code") else { return nil }
                return Coding(system: try coding.string("system") ?? "", code: code, display: try coding.string("display"))
            }
            let kind: RecordStatement.Kind = codes.contains { $0.code == "nilknown" } ? .noneKnown : .noInformation
            let title = try section.string("title") ?? section.conceptText("code") ?? loinc
            let why = try reason.string("text") ?? codes.first?.display ?? codes.first?.code ?? ""
            let statement = RecordStatement(section: target, kind: kind, text: why.isEmpty ? title : "\(title) : \(why)", codes: codes,
                                            date: try resource.string("date").flatMap(FHIRReader.day),
                                            author: try author(of: resource, ["author"]))
            plan.items.append(ImportPlan.Item(sourceKey: "\(sourceKey)#section\(index)", resourceType: "Composition", subject: subject,
                                              entry: .statement(statement)))
        }
    }

    /// IPS section codes (LOINC) and the pane each belongs to.
    static let compositionSections: [String: RecordSection] = [
        "48765-2": .allergies, "10160-0": .prescriptions, "11450-4": .history, "47519-4": .history,
        "11348-0": .history, "11369-6": .vaccinations,
    ]

    /// A resource its source withdrew: kept out of the record, said in the summary.
    static func enteredInError(_ resource: JSONNode) throws -> Bool {
        if try resource.string("status") == "entered-in-error" { return true }
        return try resource.firstCode("verificationStatus") == "entered-in-error" || resource.firstCode("clinicalStatus") == "entered-in-error"
    }

    /// An entry whose codes are all in systems Carnet does not know: it is kept with its text only.
    static func textOnly(_ entry: ImportPlan.Entry) -> Bool {
        let codes: [Coding]
        switch entry {
        case let .allergy(value): codes = value.codes
        case let .history(value): codes = value.codes
        case let .prescription(value): codes = value.codes
        case let .vaccination(value): codes = value.codes
        case let .result(value): codes = value.codes
        case .document, .reimbursement, .statement: return false
        }
        return !codes.contains { $0.family != .other }
    }

    // MARK: Values

    /// A Dosage in words: its text, else its structure in French ("1 comprimé, 2 fois par
    /// jour, si besoin"), so that a structured dosage is not stored empty.
    static func dosage(_ node: JSONNode) throws -> String {
        if let text = try node.string("text"), !text.isEmpty { return text }
        var parts: [String] = []
        var dose: String?
        if let quantity = try node.nodes("doseAndRate").first?.node("doseQuantity"), let amount = try quantity.decimal("value") {
            let unit = try quantity.string("unit") ?? quantity.string("code")
            dose = [amount, unit ?? (amount == "1" ? "prise" : "prises")].joined(separator: " ")
        }
        if let repeats = try node.node("timing")?.node("repeat") {
            let frequency = try repeats.number("frequency").map { Int($0) } ?? 1
            let period = try repeats.decimal("period")
            let unit = try repeats.string("periodUnit").map { unit -> (one: String, many: String) in
                switch unit {
                case "s": return ("seconde", "secondes")
                case "min": return ("minute", "minutes")
                case "h": return ("heure", "heures")
                case "d": return ("jour", "jours")
                case "wk": return ("semaine", "semaines")
                case "mo": return ("mois", "mois")
                case "a": return ("an", "ans")
                default: return (unit, unit)
                }
            }
            if let unit {
                let times = frequency == 1 ? "" : "\(frequency) fois "
                // "tous les 2 jours", "toutes les 8 heures": French agrees with the unit.
                let every = ["semaine", "heure", "minute", "seconde"].contains(unit.one) ? "toutes les" : "tous les"
                // "1 comprimé par jour", "1 comprimé 3 fois par jour".
                let rhythm = period.flatMap { $0 == "1" ? nil : "\(times)\(every) \($0) \(unit.many)" } ?? "\(times)par \(unit.one)"
                dose = [dose, rhythm].compactMap { $0 }.joined(separator: " ")
            }
        }
        if let dose { parts.append(dose) }
        if try node.bool("asNeededBoolean") == true { parts.append("si besoin") }
        if let route = try node.conceptText("route") { parts.append("voie : \(route)") }
        return parts.joined(separator: ", ")
    }

    /// "2010-05-09T22:53:17+00:00" or "1974-12-25": the day; "2012-03" or "2012": a month or a
    /// year, kept as precise as the source was (never shown as a day it did not give).
    static func day(_ text: String) -> CalendarDate? {
        let date = text.prefix(10)
        switch date.count {
        case 10, 7, 4: return CalendarDate(String(date))
        default: return nil
        }
    }

    /// A Quantity as written: its decimal untouched, its unit, its comparator. What is odd
    /// is kept as reported and named in `problems`: a value written as a string ("6,9",
    /// "non mesurable": the screen shows it as text), a unit said to be UCUM that cannot be
    /// one (spaces, non-ASCII: kept as the words the source wrote).
    static func measurement(_ node: JSONNode, problems: inout [Problem]) throws -> Quantity? {
        let decimal: String
        // A number is read as a FHIR decimal (and refused beyond 18 digits); only a string
        // is a value that is not a number.
        if let text = try? node.string("value") {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            problems.append(Problem(kind: "a value that is not a number", detail: text))
            decimal = text
        } else {
            guard let number = try node.decimal("value") else { return nil }
            decimal = number
        }
        let code = try node.string("code")
        if try node.string("system") == "http://unitsofmeasure.org", let code,
           code.isEmpty || code.contains(where: { !$0.isASCII || $0 == " " || $0.isNewline }) {
            problems.append(Problem(kind: "a unit said to be UCUM that is not one", detail: code))
        }
        return Quantity(decimal: decimal, unit: try node.string("unit") ?? code, comparator: try node.string("comparator"))
    }

    /// Euro cents; an amount no claim can have (a trillion) is refused, not wrapped.
    static func cents(_ amount: Double, _ node: JSONNode) throws -> Int {
        guard abs(amount) < 1e12 else { throw node.fail("amount \(amount) out of range") }
        return Int((amount * 100).rounded())
    }

    /// A count written as a JSON number, within what a count can be.
    static func integer(_ number: Double) -> String {
        abs(number) < 1e9 ? String(Int(number)) : String(number)
    }
}
