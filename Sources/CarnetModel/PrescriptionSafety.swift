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

    /// Lines of `name|ATC`.
    public init(lines: [String]) {
        entries = lines.compactMap { line in
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return fields.count == 2 ? Entry(name: fields[0], atc: fields[1]) : nil
        }
    }

    /// The entries whose name the typed words begin, accents and case aside.
    public func matching(_ query: String) -> [Entry] {
        entries.filter { SearchText.matches($0.name, query: query) }
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
public struct PrescriptionSafety: Sendable {
    public let interactions: InteractionTable
    public let labTests: LabTestCatalog

    public init(interactions: InteractionTable, labTests: LabTestCatalog) {
        self.interactions = interactions
        self.labTests = labTests
    }

    public func check(_ new: Prescription, allergies: [Allergy], prescriptions: [Prescription], today: CalendarDate) -> [SafetyWarning] {
        var warnings: [SafetyWarning] = []
        if let atc = new.atc, !atc.isEmpty {
            for allergy in allergies where allergy.status == .active {
                guard let substanceClass = allergy.substanceClass, !substanceClass.isEmpty, atc.hasPrefix(substanceClass) else { continue }
                warnings.append(SafetyWarning(kind: .allergy, code: "allergy:\(substanceClass)", conflictsWith: allergy.substance,
                                              detail: allergy.reaction))
            }
            for current in prescriptions where current.status == .active {
                guard let other = current.atc, !other.isEmpty else { continue }
                if other == atc {
                    warnings.append(SafetyWarning(kind: .duplicate, code: "duplicate:\(atc)", conflictsWith: current.medicine, since: current.start))
                }
                for rule in interactions.rules(between: atc, and: other) {
                    warnings.append(SafetyWarning(kind: .interaction, code: "interaction:\(rule.first)+\(rule.second)",
                                                  conflictsWith: current.medicine, detail: "\(rule.level) — \(rule.risk)"))
                }
            }
        }
        if let code = new.labTest, let test = labTests.test(code) {
            let earliest = today.daysSinceEpoch - test.minimumDays
            if let last = prescriptions.filter({ $0.labTest == code && $0.start.daysSinceEpoch > earliest }).max(by: { $0.start < $1.start }) {
                warnings.append(SafetyWarning(kind: .repeatedLabTest, code: "repeated-lab-test:\(code)", conflictsWith: test.name,
                                              detail: "\(test.minimumDays)", since: last.start))
            }
        }
        // One warning per code: two active prescriptions of a class make one question.
        var seen = Set<String>()
        return warnings.filter { seen.insert($0.code).inserted }
    }
}
