import Foundation

/// The store's own key for a patient: patients imported without an INS still need one.
public struct PatientID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { "carnet:\(rawValue)" }
    public static func < (lhs: PatientID, rhs: PatientID) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum Sex: String, Sendable, Codable, CaseIterable {
    case female, male, other, unknown
}

public enum BloodGroup: String, Sendable, Codable, CaseIterable {
    case aPositive = "A+", aNegative = "A-", bPositive = "B+", bNegative = "B-"
    case abPositive = "AB+", abNegative = "AB-", oPositive = "O+", oNegative = "O-"
}

/// What the patient has said about organ donation. In France consent is presumed unless
/// the person is on the national refusal register, so "not stated" is not "refused".
public enum OrganDonationStance: String, Sendable, Codable, CaseIterable {
    case notStated = "not-stated"
    case consents
    case refusesRegistered = "refuses-registered"
    case refusesToRelatives = "refuses-told-relatives"
}

/// Someone to call in an emergency.
public struct EmergencyContact: Hashable, Sendable, Codable {
    public var name: String
    public var relationship: String
    public var phone: String
    public init(name: String, relationship: String, phone: String) {
        self.name = name
        self.relationship = relationship
        self.phone = phone
    }
}

/// The patient's two advance consents to break-glass access; both are given by default
/// and either can be refused.
public struct BreakGlassConsents: Hashable, Sendable, Codable {
    public var emergencyPhysician: Bool
    public var samuRegulator: Bool
    public init(emergencyPhysician: Bool = true, samuRegulator: Bool = true) {
        self.emergencyPhysician = emergencyPhysician
        self.samuRegulator = samuRegulator
    }
}

/// The person a record belongs to, with the emergency data every clinician needs first.
public struct Patient: Hashable, Sendable, Codable {
    public var id: PatientID
    public var ins: INS?
    public var familyName: String
    public var givenNames: String
    public var birthDate: CalendarDate
    public var sex: Sex
    public var bloodGroup: BloodGroup?
    public var organDonation: OrganDonationStance
    public var advanceDirectives: String?
    public var contacts: [EmergencyContact]
    /// The *médecin traitant*, who sees the whole record, masked documents included.
    public var treatingDoctor: RPPS?
    public var consents: BreakGlassConsents
    /// Set when the patient closed the record (*clôture*); its data is kept.
    public var closedAt: Date?
    /// A source said the person has died; `deceasedOn` when it said when.
    public var isDeceased: Bool = false
    public var deceasedOn: CalendarDate?
    /// The postal address, on one line, as the source wrote it.
    public var address: String?
    /// Phone numbers and e-mail addresses, each as "phone: 06 12 34 56 78".
    public var telecom: [String] = []

    public init(id: PatientID, ins: INS?, familyName: String, givenNames: String,
                birthDate: CalendarDate, sex: Sex, bloodGroup: BloodGroup? = nil,
                organDonation: OrganDonationStance = .notStated, advanceDirectives: String? = nil,
                contacts: [EmergencyContact] = [], treatingDoctor: RPPS? = nil,
                consents: BreakGlassConsents = BreakGlassConsents(), closedAt: Date? = nil) {
        self.id = id
        self.ins = ins
        self.familyName = familyName
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
        self.bloodGroup = bloodGroup
        self.organDonation = organDonation
        self.advanceDirectives = advanceDirectives
        self.contacts = contacts
        self.treatingDoctor = treatingDoctor
        self.consents = consents
        self.closedAt = closedAt
    }

    public var isClosed: Bool { closedAt != nil }

    /// Age today, or at death.
    public func age(on today: CalendarDate) -> Int {
        birthDate.age(on: deceasedOn ?? today)
    }

    /// "Marie DUPONT": French usage writes the family name in capitals.
    public var displayName: String { "\(givenNames) \(familyName.uppercased())" }

    /// How the audit trail names this patient: the INS, else the store's key.
    public var auditName: String { ins?.digits ?? id.description }
}

/// The professions that may hold a card (CPS) and sign in at a kiosk.
public enum Profession: String, Sendable, Codable, CaseIterable {
    case generalPractitioner = "medecin-generaliste"
    case specialist = "medecin-specialiste"
    case emergencyPhysician = "medecin-urgentiste"
    case samuRegulator = "medecin-regulateur-samu"
    case pharmacist = "pharmacien"
    case nurse = "infirmier"
    case physiotherapist = "masseur-kinesitherapeute"
    case midwife = "sage-femme"
    case dentist = "chirurgien-dentiste"
    /// A medical biologist (a physician or a pharmacist by training), who reports results.
    case biologist = "biologiste"

    /// The French name of the profession, as it reads on a CPS card.
    public var frenchName: String {
        switch self {
        case .generalPractitioner: return "médecin généraliste"
        case .specialist: return "médecin spécialiste"
        case .emergencyPhysician: return "médecin urgentiste"
        case .samuRegulator: return "médecin régulateur SAMU"
        case .pharmacist: return "pharmacien"
        case .nurse: return "infirmier"
        case .physiotherapist: return "masseur-kinésithérapeute"
        case .midwife: return "sage-femme"
        case .dentist: return "chirurgien-dentiste"
        case .biologist: return "biologiste"
        }
    }

    /// The English name, for logs and the command line; screens word it through `Strings`.
    public var englishName: String {
        switch self {
        case .generalPractitioner: return "general practitioner"
        case .specialist: return "specialist physician"
        case .emergencyPhysician: return "emergency physician"
        case .samuRegulator: return "SAMU regulating physician"
        case .pharmacist: return "pharmacist"
        case .nurse: return "nurse"
        case .physiotherapist: return "physiotherapist"
        case .midwife: return "midwife"
        case .dentist: return "dentist"
        case .biologist: return "medical biologist"
        }
    }

    public var isPhysician: Bool {
        switch self {
        case .generalPractitioner, .specialist, .emergencyPhysician, .samuRegulator: return true
        default: return false
        }
    }
}

/// A health professional known to the store.
public struct Professional: Hashable, Sendable, Codable {
    public var rpps: RPPS
    public var familyName: String
    public var givenNames: String
    public var profession: Profession
    public var specialty: String?
    /// For the profession's feminine form ("infirmière", "pharmacienne"); nil when not
    /// known, which is never guessed from the given names. Not stored yet: the store reads
    /// every professional back with nil.
    public var sex: Sex?

    public init(rpps: RPPS, familyName: String, givenNames: String, profession: Profession, specialty: String? = nil, sex: Sex? = nil) {
        self.rpps = rpps
        self.familyName = familyName
        self.givenNames = givenNames
        self.profession = profession
        self.specialty = specialty
        self.sex = sex
    }

    /// "Dr Paul MARTIN" for physicians, "Jean BERNARD" otherwise.
    public var displayName: String {
        let name = "\(givenNames) \(familyName.uppercased())"
        return profession.isPhysician ? "Dr \(name)" : name
    }
}

extension BloodGroup {
    /// LOINC "ABO and Rh group" (882-1): the result whose value is the blood group.
    public static let loinc = "882-1"

    /// The group a result's words give: "A+", "O Rh négatif", "Group AB Rh(D) positive";
    /// nil when the words do not say both the group and the Rh unambiguously.
    public init?(observed text: String) {
        let folded = SearchText.fold(text).uppercased()
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "+" && $0 != "-" }).map(String.init)
        let groups = words.compactMap { word -> String? in
            let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            return ["A", "B", "AB", "O"].contains(bare) ? bare : nil
        }
        let positive = folded.contains("POSITI") || folded.contains("+") || words.contains("POS")
        let negative = folded.contains("NEGATI") || words.contains { $0.hasSuffix("-") && $0.count <= 3 } || words.contains("NEG")
        guard Set(groups).count == 1, let group = groups.first, positive != negative else { return nil }
        self.init(rawValue: group + (positive ? "+" : "-"))
    }
}
