import Foundation

/// A code as its source wrote it: the system it belongs to, the code, and the words the
/// source gave it. Kept whole so that nothing is lost between systems: a SNOMED CT allergy
/// stays SNOMED CT, an RxNorm medicine stays RxNorm, beside whatever Carnet derives from them.
public struct Coding: Hashable, Sendable, Codable {
    public var system: String
    public var code: String
    public var display: String?

    public init(system: String, code: String, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }

    public static let snomed = "http://snomed.info/sct"
    public static let rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
    public static let atc = "http://www.whocc.no/atc"
    public static let loinc = "http://loinc.org"
    public static let icd10 = "http://hl7.org/fhir/sid/icd-10"
    public static let cvx = "http://hl7.org/fhir/sid/cvx"
    /// The IPS code system for absent and unknown data ("no-known-allergies"…).
    public static let ipsAbsentUnknown = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips"

    /// The system's usual short name, for a screen: "SNOMED CT", "ATC", else the system itself.
    public var systemName: String {
        switch Coding.family(of: system) {
        case .snomed: return "SNOMED CT"
        case .rxnorm: return "RxNorm"
        case .atc: return "ATC"
        case .loinc: return "LOINC"
        case .icd10: return "CIM-10"
        case .cvx: return "CVX"
        case .other: return system
        }
    }

    /// Code systems as sources spell them: URIs, OIDs, and the odd local name.
    public enum Family: Sendable { case snomed, rxnorm, atc, loinc, icd10, cvx, other }

    public static func family(of system: String) -> Family {
        let folded = system.lowercased()
        if folded.contains("snomed") || folded == "urn:oid:2.16.840.1.113883.6.96" { return .snomed }
        if folded.contains("rxnorm") || folded == "urn:oid:2.16.840.1.113883.6.88" { return .rxnorm }
        if folded.contains("whocc.no/atc") || folded == "atc" || folded == "urn:oid:2.16.840.1.113883.6.73" { return .atc }
        if folded.contains("loinc") || folded == "urn:oid:2.16.840.1.113883.6.1" { return .loinc }
        if folded.contains("icd-10") || folded.contains("icd10") || folded.contains("cim-10") || folded == "urn:oid:2.16.840.1.113883.6.3" { return .icd10 }
        if folded.contains("sid/cvx") || folded == "urn:oid:2.16.840.1.113883.12.292" { return .cvx }
        return .other
    }

    public var family: Family { Coding.family(of: system) }
}

extension Array where Element == Coding {
    /// The first code of a family of systems (ATC, SNOMED CT…).
    public func first(_ family: Coding.Family) -> Coding? { first { $0.family == family } }
}
