import CarnetModel
import CarnetResources

/// The French words demo records are made of, read from `Resources/data/demo/`.
struct DemoVocabulary: Sendable {
    struct ConditionEntry { let kind: HistoryItem.Kind; let label: String; let code: String; let weight: Int }
    struct MedicineEntry { let name: String; let atc: String; let dosage: String; let treats: String? }
    struct AllergyEntry { let substance: String; let substanceClass: String; let reaction: String; let severity: Allergy.Severity; let weight: Int }
    struct VaccineEntry {
        let vaccine: String
        let dose: String
        let ageInMonths: Int
        var lotPrefix: String { String(vaccine.prefix(2)).uppercased() }
    }

    /// A document text with `{name}`-style holes, split once so filling it is concatenation.
    struct DocumentTemplate {
        let loinc: String
        let title: String
        private let pieces: [(text: String, hole: String?)]

        init(loinc: String, title: String, text: String) {
            self.loinc = loinc
            self.title = title
            var pieces: [(String, String?)] = []
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                pieces.append((String(rest[..<open]), String(rest[rest.index(after: open)..<close])))
                rest = rest[rest.index(after: close)...]
            }
            pieces.append((String(rest), nil))
            self.pieces = pieces
        }

        func fill(_ values: [String: String]) -> String {
            var text = ""
            for piece in pieces {
                text += piece.text
                if let hole = piece.hole { text += values[hole] ?? "{\(hole)}" }
            }
            return text
        }
    }
    struct Act { let name: String; let paidCents: Int; let reimbursedCents: Int }

    let familyNames: [String]
    let femaleNames: [String]
    let maleNames: [String]
    let conditions: [ConditionEntry]
    let medicines: [MedicineEntry]
    let allergies: [AllergyEntry]
    let vaccines: [VaccineEntry]
    let documents: [DocumentTemplate]
    let acts: [Act]

    struct Malformed: Error, CustomStringConvertible {
        let file: String
        let line: String
        var description: String { "demo vocabulary \(file): malformed line '\(line)'" }
    }

    static func load() throws -> DemoVocabulary {
        func rows(_ file: String, fields: Int) throws -> [[String]] {
            try CarnetResources.lines("demo/\(file)").map { line in
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard cells.count == fields else { throw Malformed(file: file, line: line) }
                return cells
            }
        }
        func int(_ text: String, _ file: String) throws -> Int {
            guard let value = Int(text) else { throw Malformed(file: file, line: text) }
            return value
        }
        let given = try rows("given-names.txt", fields: 2)
        return DemoVocabulary(
            familyNames: try CarnetResources.lines("demo/family-names.txt"),
            femaleNames: given.filter { $0[0] == "female" }.map { $0[1] },
            maleNames: given.filter { $0[0] == "male" }.map { $0[1] },
            conditions: try rows("conditions.txt", fields: 4).map {
                guard let kind = HistoryItem.Kind(rawValue: $0[0]) else { throw Malformed(file: "conditions.txt", line: $0[0]) }
                return ConditionEntry(kind: kind, label: $0[1], code: $0[2], weight: try int($0[3], "conditions.txt"))
            },
            medicines: try rows("medicines.txt", fields: 4).map {
                MedicineEntry(name: $0[0], atc: $0[1], dosage: $0[2], treats: $0[3].isEmpty ? nil : $0[3])
            },
            allergies: try rows("allergies.txt", fields: 5).map {
                guard let severity = Allergy.Severity(rawValue: $0[3]) else { throw Malformed(file: "allergies.txt", line: $0[3]) }
                return AllergyEntry(substance: $0[0], substanceClass: $0[1], reaction: $0[2], severity: severity,
                                    weight: try int($0[4], "allergies.txt"))
            },
            vaccines: try rows("vaccines.txt", fields: 3).map {
                VaccineEntry(vaccine: $0[0], dose: $0[1], ageInMonths: try int($0[2], "vaccines.txt"))
            },
            documents: try rows("documents.txt", fields: 3).map {
                DocumentTemplate(loinc: $0[0], title: $0[1], text: $0[2].replacingOccurrences(of: "\\n", with: "\n"))
            },
            acts: try rows("acts.txt", fields: 3).map {
                Act(name: $0[0], paidCents: try int($0[1], "acts.txt"), reimbursedCents: try int($0[2], "acts.txt"))
            })
    }
}
