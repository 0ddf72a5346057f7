import Foundation

/// Something a prescriber must see, and confirm, before a prescription is saved.
public struct SafetyWarning: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// The medicine belongs to a class the patient is allergic to.
        case allergy
        /// The medicine interacts with one the patient already takes.
        case interaction
        /// The patient already has an active prescription of the same substance.
        case duplicate
        /// The same laboratory test was prescribed less than its useful interval ago.
        case repeatedLabTest = "repeated-lab-test"
        /// The medicine is known by no ATC code, from its fields, its codes or its name: no
        /// allergy, interaction or duplicate could be checked, and the prescriber must know it.
        case unrecognised = "unrecognised-medicine"
    }

    public var kind: Kind
    /// Stable, for the audit trail and for confirming: "allergy:J01C", "interaction:B01AA+M01A"…
    public var code: String
    /// What the new prescription conflicts with: an allergy, a medicine, an earlier test.
    public var conflictsWith: String
    /// The interaction's level and risk, from the table (French, as its source).
    public var detail: String?
    /// The day of the earlier prescription, for duplicates and repeated tests.
    public var since: CalendarDate?

    public init(kind: Kind, code: String, conflictsWith: String, detail: String? = nil, since: CalendarDate? = nil) {
        self.kind = kind
        self.code = code
        self.conflictsWith = conflictsWith
        self.detail = detail
        self.since = since
    }
}

/// Medicines known by name, for their ATC code.
public struct Formulary: Sendable {
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var atc: String
    }
    public let entries: [Entry]
    /// The substances the entries name, for recognising a medicine or an allergy in words.
    let substanceNames: [SubstanceName]

    /// Lines of `name|ATC`.
    public init(lines: [String]) {
        entries = lines.compactMap { line in
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return fields.count == 2 ? Entry(name: fields[0], atc: fields[1]) : nil
        }
        substanceNames = entries.flatMap { SubstanceName.substances(ofFormularyName: $0.name, atc: $0.atc) }
    }

    /// The entries whose name the typed words begin, accents and case aside.
    public func matching(_ query: String) -> [Entry] {
        entries.filter { SearchText.matches($0.name, query: query) }
    }

    /// The entries whose name comes close to what was typed, for a misspelling that
    /// `matching` misses ("Amoxiciline 500 mg" → "Amoxicilline 500 mg" first): the first
    /// typed word (four letters or more) begins like a word of the name, its first five
    /// letters alike or within two edits (one for a word under six letters). The closest
    /// come first, then those the other typed words match best.
    public func closest(to query: String, limit: Int = 5) -> [Entry] {
        let typed = SearchText.fold(query).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let first = typed.first, first.count >= 4, first.allSatisfy(\.isLetter) else { return [] }
        let allowed = first.count >= 6 ? 2 : 1
        let rest = typed.dropFirst()
        let ranked: [(entry: Entry, distance: Int, misses: Int)] = entries.compactMap { entry in
            let words = SearchText.fold(entry.name).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            // Short words ("g", "mg", "de") would be "close" to anything.
            let names = words.filter { $0.count >= 4 }
            guard let distance = names.map({ Formulary.prefixDistance(first, $0) }).min() else { return nil }
            let sameStart = first.count >= 5 && names.contains { $0.hasPrefix(first.prefix(5)) }
            guard distance <= allowed || sameStart else { return nil }
            let misses = rest.filter { term in !words.contains { $0.hasPrefix(term) } }.count
            return (entry, distance, misses)
        }
        return ranked.sorted { ($0.distance, $0.misses, $0.entry.name) < ($1.distance, $1.misses, $1.entry.name) }
            .prefix(limit).map(\.entry)
    }

    /// The fewest edits (insert, delete, replace a letter) turning `typed` into a beginning
    /// of `word`: a word typed in part, with a slip, is still close to the whole word.
    static func prefixDistance(_ typed: String, _ word: String) -> Int {
        let a = Array(typed), b = Array(word)
        guard !a.isEmpty else { return 0 }
        // previous[j]: the edits from the typed letters so far to the first j letters of the word.
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous.min() ?? a.count
    }
}

/// Interactions by ATC prefix, both ways round.
public struct InteractionTable: Sendable {
    public struct Rule: Hashable, Sendable {
        public var first: String
        public var second: String
        public var level: String
        public var risk: String
    }
    public let rules: [Rule]

    /// Lines of `ATC prefix|ATC prefix|level|risk`.
    public init(lines: [String]) {
        rules = lines.compactMap { line in
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return fields.count == 4 ? Rule(first: fields[0], second: fields[1], level: fields[2], risk: fields[3]) : nil
        }
    }

    public func rules(between a: String, and b: String) -> [Rule] {
        rules.filter { (a.hasPrefix($0.first) && b.hasPrefix($0.second)) || (b.hasPrefix($0.first) && a.hasPrefix($0.second)) }
    }
}

/// Laboratory tests with the shortest useful interval between two.
public struct LabTestCatalog: Sendable {
    public struct Test: Hashable, Sendable {
        public var code: String
        public var name: String
        public var minimumDays: Int
    }
    public let tests: [Test]

    /// Lines of `NABM code|name|minimum days`.
    public init(lines: [String]) {
        tests = lines.compactMap { line in
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, let days = Int(fields[2]) else { return nil }
            return Test(code: fields[0], name: fields[1], minimumDays: days)
        }
    }

    public func test(_ code: String) -> Test? { tests.first { $0.code == code } }
    public func matching(_ query: String) -> [Test] { tests.filter { SearchText.matches($0.name, query: query) || $0.code == query } }
}

/// The checks run before a prescription is saved (the seed's fight against drug
/// interactions and redundant acts). Pure: the store gives it the record, in the
/// transaction that will save the prescription.
///
/// Every entry takes part, whatever system wrote it: a medicine is known by its ATC code,
/// by the codes its source gave (RxNorm, SNOMED CT, ATC) and by its name; an allergy by
/// its class, its codes and its words (`SubstanceClasses`). A medicine known by none of
/// them is said to be unrecognised rather than silently passed.
public struct PrescriptionSafety: Sendable {
    public let interactions: InteractionTable
    public let labTests: LabTestCatalog
    public let substances: SubstanceClasses
    public let formulary: Formulary

    public init(interactions: InteractionTable, labTests: LabTestCatalog, substances: SubstanceClasses, formulary: Formulary) {
        self.interactions = interactions
        self.labTests = labTests
        self.substances = substances
        self.formulary = formulary
    }

    /// The ATC codes a prescription is known by: its own, those of its codes, those its
    /// name (or its codes' words) gives. Only medicines: latex names no drug.
    public func atcCodes(of prescription: Prescription) -> Set<String> {
        var codes = Set<String>()
        if let atc = prescription.atc?.trimmingCharacters(in: .whitespaces).uppercased(), !atc.isEmpty { codes.insert(atc) }
        codes.formUnion(substances.classes(of: prescription.codes))
        for text in [prescription.medicine] + prescription.codes.compactMap(\.display) {
            codes.formUnion(substances.classes(ofName: text, formulary: formulary))
        }
        return codes.filter { !SubstanceClasses.isNonDrug($0) }
    }

    /// The classes an allergy is to: its class, those of its codes, those its words name.
    public func classes(of allergy: Allergy) -> Set<String> {
        var classes = Set<String>()
        if let substanceClass = allergy.substanceClass?.trimmingCharacters(in: .whitespaces), !substanceClass.isEmpty {
            classes.insert(substanceClass)
        }
        classes.formUnion(substances.classes(of: allergy.codes))
        for text in [allergy.substance] + allergy.codes.compactMap(\.display) {
            classes.formUnion(substances.classes(ofName: text, formulary: formulary))
        }
        return classes
    }

    public func check(_ new: Prescription, allergies: [Allergy], prescriptions: [Prescription], today: CalendarDate) -> [SafetyWarning] {
        var warnings: [SafetyWarning] = []
        let atcs = atcCodes(of: new)
        // Sorted, so that the same record always gives the same warnings in the same order:
        // the prescriber confirms by code what was shown.
        let sortedATCs = atcs.sorted()
        if new.labTest == nil && atcs.isEmpty {
            warnings.append(SafetyWarning(kind: .unrecognised, code: SafetyWarning.Kind.unrecognised.rawValue, conflictsWith: new.medicine))
        }
        for allergy in allergies where allergy.status == .active {
            let matched = classes(of: allergy).filter { substanceClass in atcs.contains { $0.hasPrefix(substanceClass) } }
            // One warning per allergy. Its code names the class the allergy was recorded
            // with when that one matched (so a confirmation reads as the allergy did), else
            // the widest class that matched.
            let recorded = allergy.substanceClass?.trimmingCharacters(in: .whitespaces)
            guard let named = recorded.flatMap({ matched.contains($0) ? $0 : nil }) ?? matched.min(by: { ($0.count, $0) < ($1.count, $1) })
            else { continue }
            warnings.append(SafetyWarning(kind: .allergy, code: "allergy:\(named)", conflictsWith: allergy.substance, detail: allergy.reaction))
        }
        for current in prescriptions where current.status == .active && current.labTest == nil {
            let others = atcCodes(of: current)
            let same = atcs.intersection(others)
            // The code names the new prescription's own ATC when it is the one shared.
            let ownATC = new.atc?.trimmingCharacters(in: .whitespaces).uppercased()
            if let substance = ownATC.flatMap({ same.contains($0) ? $0 : nil }) ?? same.min() {
                warnings.append(SafetyWarning(kind: .duplicate, code: "duplicate:\(substance)", conflictsWith: current.medicine, since: current.start))
            }
            for atc in sortedATCs {
                for other in others.sorted() {
                    for rule in interactions.rules(between: atc, and: other) {
                        warnings.append(SafetyWarning(kind: .interaction, code: "interaction:\(rule.first)+\(rule.second)",
                                                      conflictsWith: current.medicine, detail: "\(rule.level) — \(rule.risk)"))
                    }
                }
            }
        }
        if let code = new.labTest, let test = labTests.test(code) {
            let earliest = today.daysSinceEpoch - test.minimumDays
            let recent = prescriptions.compactMap { earlier -> CalendarDate? in
                guard earlier.labTest == code, let day = earlier.start, day.daysSinceEpoch > earliest else { return nil }
                return day
            }
            if let last = recent.max() {
                warnings.append(SafetyWarning(kind: .repeatedLabTest, code: "repeated-lab-test:\(code)", conflictsWith: test.name,
                                              detail: "\(test.minimumDays)", since: last))
            }
        }
        // One warning per code: two active prescriptions of a class make one question. And
        // one per risk with the same medicine: aspirin is both N02BA01 and B01AC06, and
        // the table names "AVK + aspirine" under both; the prescriber reads it once.
        var seen = Set<String>()
        var risks = Set<[String]>()
        return warnings.filter { warning in
            guard seen.insert(warning.code).inserted else { return false }
            guard warning.kind == .interaction, let detail = warning.detail else { return true }
            return risks.insert([warning.conflictsWith, detail]).inserted
        }
    }
}
