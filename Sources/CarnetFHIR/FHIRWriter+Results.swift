import CarnetModel
import Foundation

/// The IPS "Results" section: Observations with their codes, values, units, ranges and
/// interpretations, and DiagnosticReports grouping those a report grouped.
extension FHIRWriter {
    static let observationInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
    static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    static let diagnosticServiceSections = "http://terminology.hl7.org/CodeSystem/v2-0074"

    /// The codes of HL7 v3 ObservationInterpretation (FHIR R4): a laboratory's flag in this
    /// list is written in that system; any other code is written without a system, as it
    /// came, rather than under a system that does not define it.
    static let interpretationCodes: Set<String> = [
        "CAR", "Carrier", "B", "D", "U", "W", "<", ">", "AC", "IE", "QCF", "TOX", "A", "AA", "HH", "LL", "H", "H>", "HU", "L", "L<",
        "LU", "N", "I", "MS", "NCL", "NS", "R", "SDD", "S", "SYN-R", "SYN-S", "VS", "EX", "HX", "LX", "IND", "E", "NEG", "ND", "POS",
        "DET", "EXP", "UNE", "NR", "RR", "WR",
    ]

    /// The comparators a FHIR Quantity may carry (a required binding).
    static let comparators: Set<String> = ["<", "<=", ">=", ">"]

    /// One resource of the section, named for its fullUrl.
    struct NamedResource {
        var name: String
        var resource: [String: Any]
    }

    /// What the Results section holds: every resource to add to the Bundle, and the names
    /// the section lists (reports, and the Observations no report groups).
    struct ResultsSection {
        var resources: [NamedResource] = []
        var listed: [String] = []
    }

    /// A report as the export rebuilds it: its title and date, the results it grouped
    /// (indices into the record's results) and the row that is the report itself, if any.
    struct ReportGroup {
        var title: String
        var date: CalendarDate?
        var members: [Int] = []
        var row: Int?
    }

    /// How far apart (in days) a report and the results it lists may be dated: a culture is
    /// reported days after the sample (the R4 example: report on the 15th, results on the
    /// 18th), a panel on the same day. A report row with no results on its own date claims
    /// the group of its title dated nearest, within this.
    static let reportWindow = 31

    /// The section's resources. Results with a `report` are grouped into one
    /// DiagnosticReport per (title, date), whose conclusion is that of the report row of the
    /// same title and date (or the nearest, see `reportWindow`); a report row that groups
    /// nothing is a DiagnosticReport of its own. The rest are Observations, listed alone.
    static func resultsSection(_ results: [LabResult], subject: [String: Any], bundleID: String,
                               decimals: inout DecimalLiterals) -> ResultsSection {
        // Groups of results, in the record's order (newest first).
        var groups: [ReportGroup] = []
        var groupOf: [Int: Int] = [:]
        var index: [String: Int] = [:]
        func key(_ title: String, _ date: CalendarDate?) -> String { title + "\u{0}" + (date?.iso ?? "") }
        for (position, result) in results.enumerated() where !result.isReport {
            guard let title = result.report, !title.isEmpty else { continue }
            let name = key(title, result.date)
            if index[name] == nil {
                index[name] = groups.count
                groups.append(ReportGroup(title: title, date: result.date))
            }
            groups[index[name]!].members.append(position)
            groupOf[position] = index[name]!
        }
        // Report rows: first the group of the same title and date, then the nearest of the
        // same title that no report row claimed; else a report of their own.
        var unmatched: [Int] = []
        for (position, row) in results.enumerated() where row.isReport {
            if let group = index[key(row.report ?? row.label, row.date)], groups[group].row == nil {
                groups[group].row = position
                groupOf[position] = group
            } else {
                unmatched.append(position)
            }
        }
        for position in unmatched {
            let row = results[position]
            let title = row.report ?? row.label
            let candidates = groups.indices.filter { groups[$0].row == nil && groups[$0].title == title }
                .compactMap { group -> (group: Int, distance: Int)? in
                    guard let mine = row.date, let theirs = groups[group].date else { return nil }
                    let distance = abs(mine.daysSinceEpoch - theirs.daysSinceEpoch)
                    return distance <= reportWindow ? (group, distance) : nil
                }
            if let nearest = candidates.min(by: { $0.distance < $1.distance }) {
                groups[nearest.group].row = position
                // The report's own date: its results keep theirs.
                groups[nearest.group].date = row.date
                groupOf[position] = nearest.group
            } else {
                groupOf[position] = groups.count
                groups.append(ReportGroup(title: title, date: row.date, row: position))
            }
        }

        var section = ResultsSection()
        func url(_ name: String) -> String { "urn:uuid:\(uuid(bundleID, name))" }
        var written = Set<Int>()
        for (position, result) in results.enumerated() {
            if !result.isReport {
                let name = "result-\(position)"
                section.resources.append(NamedResource(name: name, resource: observation(result, id: "result-\(position + 1)", subject: subject,
                                                                                           decimals: &decimals)))
                if groupOf[position] == nil { section.listed.append(name) }
            }
            // A report is listed where its newest result (or its own row) stands.
            guard let group = groupOf[position], written.insert(group).inserted else { continue }
            let name = "report-\(group)"
            let report = diagnosticReport(groups[group], results: results, id: "report-\(group + 1)", subject: subject,
                                          members: groups[group].members.map { url("result-\($0)") })
            section.resources.append(NamedResource(name: name, resource: report))
            section.listed.append(name)
        }
        return section
    }

    static func observation(_ result: LabResult, id: String, subject: [String: Any], decimals: inout DecimalLiterals) -> [String: Any] {
        var resource: [String: Any] = ["resourceType": "Observation", "id": id, "status": "final",
                                       "code": coded(result.label, result.codes, adding: result.code.map { Coding(system: loinc, code: $0) }),
                                       "subject": subject]
        if let day = result.date { resource["effectiveDateTime"] = day.iso }
        // A number with a unit and a comparator FHIR knows is a valueQuantity; anything else
        // (a value that is not a number, "≤" as a comparator) goes out as the words stored.
        if let quantity = result.quantity, quantity.comparator.map(comparators.contains) ?? true,
           var value = self.quantity(quantity.decimal, unit: quantity.unit, decimals: &decimals) {
            if let comparator = quantity.comparator { value["comparator"] = comparator }
            resource["valueQuantity"] = value
        } else if let value = result.value ?? result.quantity?.text, !value.isEmpty {
            resource["valueString"] = value
        }
        if let range = result.referenceRange {
            var written: [String: Any] = [:]
            var unwritten = false
            for (name, bound) in [("low", range.low), ("high", range.high)] {
                guard let bound else { continue }
                if let quantity = quantity(bound, unit: range.unit, decimals: &decimals) { written[name] = quantity } else { unwritten = true }
            }
            // A bound that is not a number is not lost: the range goes out in words too.
            if let text = range.text ?? (unwritten ? range.display : nil), !text.isEmpty { written["text"] = text }
            if !written.isEmpty { resource["referenceRange"] = [written] }
        }
        if let flag = result.interpretation?.trimmingCharacters(in: .whitespaces), !flag.isEmpty {
            let coding: [String: Any] = interpretationCodes.contains(flag) ? ["system": observationInterpretation, "code": flag] : ["code": flag]
            resource["interpretation"] = [["coding": [coding]]]
        }
        if result.category != .other {
            resource["category"] = [concept(observationCategory, result.category.rawValue)]
        }
        return resource
    }

    /// A DiagnosticReport: final, laboratory, its title (with the report row's codes when
    /// there is one), its date, its results, and the report's conclusion when it gave one.
    static func diagnosticReport(_ group: ReportGroup, results: [LabResult], id: String, subject: [String: Any], members: [String]) -> [String: Any] {
        let row = group.row.map { results[$0] }
        var resource: [String: Any] = [
            "resourceType": "DiagnosticReport", "id": id, "status": "final",
            "category": [["coding": [["system": diagnosticServiceSections, "code": "LAB", "display": "Laboratory"]]]],
            "code": row.map { coded(group.title, $0.codes, adding: $0.code.map { Coding(system: loinc, code: $0) }) } ?? ["text": group.title],
            "subject": subject,
        ]
        if let day = group.date { resource["effectiveDateTime"] = day.iso }
        if !members.isEmpty { resource["result"] = members.map { ["reference": $0] } }
        if let conclusion = row?.value, !conclusion.isEmpty { resource["conclusion"] = conclusion }
        return resource
    }

    /// A Quantity of a number as its source wrote it, with its unit, and UCUM's system and
    /// code when the unit is UCUM; nil when the text is not a number.
    static func quantity(_ decimal: String, unit: String?, decimals: inout DecimalLiterals) -> [String: Any]? {
        guard let value = decimals.mark(decimal) else { return nil }
        var quantity: [String: Any] = ["value": value]
        if let unit, !unit.isEmpty {
            quantity["unit"] = unit
            if UCUM.isCode(unit) {
                quantity["system"] = UCUM.system
                quantity["code"] = unit
            }
        }
        return quantity
    }
}

/// Decimals written as their source wrote them ("6.90", "0.0041", "3.50"): JSONSerialization
/// prints a number in its own shortest form ("6.9"), which would change the value between
/// the laboratory and the next reader. Each decimal is serialised as a marker string,
/// then the marker (its quotes included) is replaced by the literal.
struct DecimalLiterals {
    /// Unique to one export, so that no text of the record can be taken for a marker.
    let marker = "carnet-decimal-\(UUID().uuidString)#"
    private(set) var literals: [String] = []

    /// The marker for `text` when it is a FHIR decimal (JSON's number grammar), else nil.
    mutating func mark(_ text: String) -> String? {
        let literal = text.trimmingCharacters(in: .whitespaces)
        guard DecimalLiterals.isDecimal(literal) else { return nil }
        literals.append(literal)
        return marker + String(literals.count - 1)
    }

    /// The serialised JSON with each quoted marker replaced by its literal.
    func splice(_ data: Data) -> Data {
        guard !literals.isEmpty else { return data }
        let parts = String(decoding: data, as: UTF8.self).components(separatedBy: "\"" + marker)
        var output = parts[0]
        for part in parts.dropFirst() {
            // "12\"…": the literal's number, its closing quote, the rest.
            guard let quote = part.firstIndex(of: "\""), let number = Int(part[..<quote]), literals.indices.contains(number) else {
                output += "\"" + marker + part
                continue
            }
            output += literals[number] + part[part.index(after: quote)...]
        }
        return Data(output.utf8)
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    static func isDecimal(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 48 && $0 <= 57 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
