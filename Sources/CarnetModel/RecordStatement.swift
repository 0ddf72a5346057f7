import Foundation

/// A statement about a whole section rather than an entry in it: "no known allergy" is
/// something a clinician asserted, on a day, from a source; "no information" says nobody
/// asked. Neither is an allergy (never in the allergy banner, never checked against a
/// prescription), and neither is the silence of a section nobody filled in.
public struct RecordStatement: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Asserted absence: "no known allergy", "no known medication" (IPS no-known-*, SNOMED 716186003…).
        case noneKnown = "none-known"
        /// Nothing is known either way: IPS no-*-info, Composition.section.emptyReason other than nilknown.
        case noInformation = "no-information"
    }

    public var id: EntryID?
    public var section: RecordSection
    public var kind: Kind
    /// The source's own words ("No known food allergy"), kept as written.
    public var text: String
    /// The codes that said it, with their systems, so that an export writes them back.
    public var codes: [Coding]
    public var date: CalendarDate?
    public var author: Author

    public init(id: EntryID? = nil, section: RecordSection, kind: Kind, text: String, codes: [Coding],
                date: CalendarDate?, author: Author) {
        self.id = id
        self.section = section
        self.kind = kind
        self.text = text
        self.codes = codes
        self.date = date
        self.author = author
    }

    /// SNOMED CT "no known …" concepts, as the IPS uses them.
    public static let snomedNoneKnown: [String: String] = [
        "716186003": "No known allergy",
        "409137002": "No known drug allergy",
        "429625007": "No known food allergy",
        "428607008": "No known environmental allergy",
        "428197003": "No known insect allergy",
        "160245001": "No current problems or disability",
        "787481004": "No known medication",
        "1066001000000106": "No known medication",
    ]

    /// What exactly is said absent, in French and English: "no known FOOD allergy" is not
    /// "no known allergy", and a screen must not widen it.
    public static let scopes: [String: (fr: String, en: String)] = [
        "716186003": ("Aucune allergie connue", "No known allergy"),
        "no-known-allergies": ("Aucune allergie connue", "No known allergy"),
        "409137002": ("Aucune allergie médicamenteuse connue", "No known drug allergy"),
        "429625007": ("Aucune allergie alimentaire connue", "No known food allergy"),
        "428607008": ("Aucune allergie environnementale connue", "No known environmental allergy"),
        "428197003": ("Aucune allergie aux insectes connue", "No known insect allergy"),
        "160245001": ("Aucun problème de santé actuel connu", "No current problems or disability"),
        "no-known-problems": ("Aucun problème de santé connu", "No known problems"),
        "no-known-procedures": ("Aucun acte connu", "No known procedures"),
        "787481004": ("Aucun traitement connu", "No known medication"),
        "1066001000000106": ("Aucun traitement connu", "No known medication"),
        "no-known-medications": ("Aucun traitement connu", "No known medication"),
        "no-known-immunizations": ("Aucune vaccination connue", "No known immunization"),
    ]

    /// The scope of an absence, if one of its codes names it.
    public var scope: (fr: String, en: String)? {
        codes.lazy.compactMap { RecordStatement.scopes[$0.code] }.first
    }

    /// The kind of statement a coding makes, if it is one of absence.
    public static func kind(of coding: Coding) -> Kind? {
        if coding.family == .snomed, snomedNoneKnown[coding.code] != nil { return .noneKnown }
        guard coding.system == Coding.ipsAbsentUnknown else { return nil }
        if coding.code.hasPrefix("no-known-") { return .noneKnown }
        if coding.code.hasSuffix("-info") { return .noInformation }
        return nil
    }
}
