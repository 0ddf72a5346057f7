import Foundation

/// What a medicine or an allergen is, as ATC classes, whichever way the record says it: by
/// code (SNOMED CT, RxNorm, ATC) or in words. Records imported from other systems carry
/// codes and the source's text rather than Carnet's ATC fields, and allergies are often
/// written in words ("Anti-inflammatoires non stéroïdiens"); the prescription checks only
/// compare ATC codes, so everything is brought to ATC here.
///
/// Built from `substance-classes.txt` (an extract, not exhaustive): what it does not
/// know yields no class, and the checks then say that nothing could be checked.
public struct SubstanceClasses: Sendable {
    /// One line of the table: a code of a system, or words, and the class they belong to.
    public struct Row: Hashable, Sendable {
        public enum Key: Hashable, Sendable {
            case code(Coding.Family, String)
            /// Words that name the substance or class, folded (see `SubstanceName`).
            case name([String])
        }

        public var key: Key
        /// An ATC class prefix or code (`J01C`, `C10AA01`), or `NONDRUG:<name>`.
        public var substanceClass: String
        public var label: String

        /// Reads `system|code or words|class|label`; nil for a line that does not say
        /// something the checks can use (an unknown system, a class that is not ATC).
        public init?(line: String) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4, !fields[1].isEmpty, !fields[3].isEmpty,
                  SubstanceClasses.isATCPrefix(fields[2]) || SubstanceClasses.isNonDrug(fields[2]) else { return nil }
            if fields[0].lowercased() == "name" {
                let words = SubstanceName.words(fields[1])
                guard !words.isEmpty else { return nil }
                key = .name(words)
            } else {
                let family = Coding.family(of: fields[0])
                // Codes of these systems are digits; anything else is a typing error in the table.
                switch family {
                case .snomed, .rxnorm:
                    guard fields[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
                case .atc:
                    guard SubstanceClasses.isATCPrefix(fields[1]) else { return nil }
                case .loinc, .icd10, .cvx, .other:
                    return nil
                }
                key = .code(family, fields[1])
            }
            substanceClass = fields[2]
            label = fields[3]
        }
    }

    public let rows: [Row]
    private let byCode: [CodeKey: Set<String>]
    private let names: [SubstanceName]

    private struct CodeKey: Hashable {
        var family: Coding.Family
        var code: String
    }

    /// Lines of `system|code or words|ATC class|label` (see `substance-classes.txt`).
    public init(lines: [String]) {
        rows = lines.compactMap(Row.init(line:))
        var byCode: [CodeKey: Set<String>] = [:]
        var names: [SubstanceName] = []
        for row in rows {
            switch row.key {
            case let .code(family, code): byCode[CodeKey(family: family, code: code), default: []].insert(row.substanceClass)
            case let .name(words): names.append(SubstanceName(words: words, substanceClass: row.substanceClass))
            }
        }
        self.byCode = byCode
        self.names = names
    }

    /// The classes the codes belong to. An ATC coding is its own class; other systems go
    /// through the table; codes it does not know add nothing.
    public func classes(of codes: [Coding]) -> Set<String> {
        var classes = Set<String>()
        for coding in codes {
            let code = coding.code.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { continue }
            if coding.family == .atc {
                let atc = code.uppercased()
                if SubstanceClasses.isATCPrefix(atc) { classes.insert(atc) }
            } else if let found = byCode[CodeKey(family: coding.family, code: code)] {
                classes.formUnion(found)
            }
        }
        return classes
    }

    /// The classes a text names: the table's words (class names in French and English,
    /// "pénicillines", "AINS", "statin"…) and the formulary's substances ("amoxicilline",
    /// "Augmentin"), each matched as whole words one after the other, accents, case and a
    /// plural `s` aside. "Allergy to penicillin" names J01C; "Amoxiciline" names nothing.
    public func classes(ofName text: String, formulary: Formulary) -> Set<String> {
        let words = SubstanceName.words(text)
        guard !words.isEmpty else { return [] }
        var classes = Set<String>()
        for name in names where name.occurs(in: words) { classes.insert(name.substanceClass) }
        for name in formulary.substanceNames where name.occurs(in: words) { classes.insert(name.substanceClass) }
        return classes
    }

    /// Whether a class is something recognised that is not a medicine (latex): it names
    /// an allergen, never a drug.
    public static func isNonDrug(_ substanceClass: String) -> Bool {
        substanceClass.hasPrefix("NONDRUG:") && substanceClass.count > "NONDRUG:".count
    }

    /// Whether a text is an ATC code or one of its levels: `J`, `J01`, `J01C`, `J01CA`, `J01CA04`.
    public static func isATCPrefix(_ text: String) -> Bool {
        let characters = Array(text)
        guard [1, 3, 4, 5, 7].contains(characters.count) else { return false }
        for (index, character) in characters.enumerated() {
            let letter = character.isASCII && character.isUppercase
            switch index {
            case 0, 3, 4: if !letter { return false }
            default: if !(character.isASCII && character.isNumber) { return false }
            }
        }
        return true
    }
}

/// Words that name a substance or a class, as a sequence of folded words, so that
/// "Anti-inflammatoires non stéroïdiens" and "anti-inflammatoire non stéroïdien" meet.
struct SubstanceName: Hashable, Sendable {
    var words: [String]
    var substanceClass: String

    /// Folded words (accents and case aside), split at anything neither letter nor digit,
    /// with a final plural `s` dropped from words longer than three letters.
    static func words(_ text: String) -> [String] {
        SearchText.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
            word.count > 3 && word.hasSuffix("s") ? String(word.dropLast()) : String(word)
        }
    }

    /// Whether the name's words appear one after the other in `text` (already `words(_:)`).
    func occurs(in text: [String]) -> Bool {
        guard !words.isEmpty, words.count <= text.count else { return false }
        return (0...(text.count - words.count)).contains { start in
            text[start..<(start + words.count)].elementsEqual(words)
        }
    }

    /// The substances a formulary name names: the words before the dose ("Amoxicilline +
    /// acide clavulanique" in "Amoxicilline + acide clavulanique (Augmentin) 1 g"), and each
    /// name in brackets ("Augmentin"; "aspirine" in "Kardégic 75 mg (aspirine)").
    static func substances(ofFormularyName name: String, atc: String) -> [SubstanceName] {
        var outside = "", bracketed: [String] = [], current = "", depth = 0
        for character in name {
            switch character {
            case "(":
                depth += 1
                if depth == 1 { current = "" } else { current.append(character) }
            case ")" where depth > 0:
                depth -= 1
                if depth == 0 { bracketed.append(current) } else { current.append(character) }
            default:
                if depth > 0 { current.append(character) } else { outside.append(character) }
            }
        }
        return ([outside] + bracketed).compactMap { part in
            // The dose starts at the first word that starts with a digit.
            let words = Array(words(part).prefix { !($0.first?.isNumber ?? true) })
            return words.isEmpty ? nil : SubstanceName(words: words, substanceClass: atc)
        }
    }
}
