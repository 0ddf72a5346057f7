import Foundation

/// Units of concentration, and how one converts to another: within the same kind (mg/L and
/// g/L) always; between moles and mass (mmol/L and g/L) only for an analyte whose molar
/// mass Carnet knows. Anything else does not convert, and is never mixed on one chart.
public enum ResultUnit {
    /// The spelling units are compared in: "mmol/l" and "mmol/L", "umol/L" and "µmol/L",
    /// "mm[Hg]" and "mmHg" are the same unit.
    public static func normalise(_ unit: String) -> String {
        // Plain ASCII units without the spellings below ("mmol/L", "%", "kg") need only lower case.
        if unit.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x5B }), unit.utf8.first != 0x75 { return unit.lowercased() }
        var text = unit.trimmingCharacters(in: .whitespaces)
        text = text.replacingOccurrences(of: "μ", with: "µ")  // Greek mu and micro sign
        if text.hasPrefix("u") && text.count > 1 { text = "µ" + text.dropFirst() }
        text = text.replacingOccurrences(of: "[Hg]", with: "Hg")
        return text.lowercased()
    }

    /// Concentration units as (kind, factor to the kind's base: mol/L or g/L).
    private static let scales: [String: (kind: Kind, factor: Double)] = [
        "mol/l": (.molar, 1), "mmol/l": (.molar, 1e-3), "µmol/l": (.molar, 1e-6), "nmol/l": (.molar, 1e-9),
        "g/l": (.mass, 1), "g/dl": (.mass, 10), "mg/l": (.mass, 1e-3), "mg/dl": (.mass, 1e-2), "µg/l": (.mass, 1e-6),
    ]

    enum Kind { case molar, mass }

    /// Units Carnet knows: the concentrations it converts, and the usual units of vital
    /// signs and common tests.
    public static func isKnown(_ unit: String) -> Bool {
        let key = normalise(unit)
        return scales[key] != nil || ["%", "kg", "cm", "mmhg", "/min", "kg/m2", "g/dl", "ml/min/1.73m2", "mmol/mol", "ui/l", "u/l", "giga/l", "10*9/l", "°c", "cel"].contains(key)
    }

    /// The factor that turns a value in `from` into one in `to` (`to = from × factor`);
    /// nil when they do not convert for this analyte.
    public static func factor(from: String, to: String, analyte: Analyte?) -> Double? {
        let a = normalise(from), b = normalise(to)
        if a == b { return 1 }
        guard let source = scales[a], let target = scales[b] else { return nil }
        if source.kind == target.kind { return source.factor / target.factor }
        guard let molarMass = analyte?.molarMass else { return nil }
        // mol/L × g/mol = g/L.
        return source.kind == .molar ? source.factor * molarMass / target.factor : source.factor / molarMass / target.factor
    }
}

/// A measured substance that laboratories report under several LOINC codes and units
/// (glucose in mmol/L or g/L): its values belong on one chart, converted.
public struct Analyte: Hashable, Sendable {
    public let key: String
    public let loincs: Set<String>
    /// Folded words a name starts with when no LOINC code was given.
    public let names: [String]
    /// g/mol, to convert between moles and mass; nil when Carnet does not convert.
    public let molarMass: Double?

    public static let glucose = Analyte(key: "glucose", loincs: ["2345-7", "2339-0", "14749-6", "15074-8", "41653-7", "2341-6", "14743-9"],
                                        names: ["glucose", "glycemie"], molarMass: 180.156)
    public static let creatinine = Analyte(key: "creatinine", loincs: ["2160-0", "14682-9", "38483-4", "2161-8", "35674-1"],
                                           names: ["creatinine", "creatininemie"], molarMass: 113.12)
    public static let potassium = Analyte(key: "potassium", loincs: ["2823-3", "6298-4", "77142-8"], names: ["potassium", "kaliemie"], molarMass: nil)
    public static let haemoglobin = Analyte(key: "haemoglobin", loincs: ["718-7", "20509-6", "30313-1"], names: ["hemoglobine", "hemoglobin"], molarMass: nil)
    public static let inr = Analyte(key: "inr", loincs: ["6301-6", "34714-6", "38875-1"], names: ["inr"], molarMass: nil)

    public static let known: [Analyte] = [.glucose, .creatinine, .potassium, .haemoglobin, .inr]
    /// What an emergency summary shows first, in this order.
    public static let emergency: [Analyte] = [.potassium, .creatinine, .haemoglobin, .inr, .glucose]

    /// The analyte a result measures, by its LOINC code, else by its name's first words.
    public static func of(code: String?, label: String) -> Analyte? {
        if let code, let analyte = known.first(where: { $0.loincs.contains(code) }) { return analyte }
        guard code == nil || code?.isEmpty == true else { return nil }
        let folded = SearchText.fold(label).lowercased()
        return known.first { analyte in analyte.names.contains { folded.hasPrefix($0) && !folded.contains("hba1c") && !folded.contains("glyque") } }
    }
}
