import Foundation

/// Whether a unit, as Carnet keeps it (the words the source wrote), can be written back as
/// a UCUM code. The export says `system: http://unitsofmeasure.org` only for a unit that
/// parses as UCUM (its grammar, with the atoms laboratories and vital signs use), so that
/// it never tells a reader that "mmHg", "UI/L", "G/L" or "µmol/L" are UCUM codes (UCUM
/// spells them mm[Hg], [IU]/L, 10*9/L and umol/L); such units are written as `unit` only.
/// The atom table is deliberately short: a valid but rare UCUM unit missing from it loses
/// only its `system`, while a non-UCUM unit claimed as UCUM would mislead a reader.
enum UCUM {
    static let system = "http://unitsofmeasure.org"

    /// Metric atoms: they take a prefix (mg, µL as uL, kU, mmol, dL, mm[Hg]). Left out on
    /// purpose: atoms that are common mistakes for something else (G, gauss, for the
    /// French "G/L"; C, coulomb, and K, kelvin, for degrees; F, farad; T, tesla).
    static let metricAtoms: Set<String> = [
        "m", "s", "g", "mol", "L", "l", "Pa", "J", "W", "V", "A", "Hz", "N", "cal", "eq", "osm", "kat", "U", "[iU]", "[IU]",
        "Bq", "Gy", "Sv", "Ci", "Cel", "bar", "Ohm", "g%", "m[Hg]", "m[H2O]", "[CFU]", "[PFU]", "[FFU]", "[TCID_50]", "[CCID_50]", "[EID_50]",
    ]

    /// Atoms without a prefix.
    static let otherAtoms: Set<String> = [
        "10*", "10^", "%", "[ppth]", "[ppm]", "[ppb]", "[pptr]", "min", "h", "d", "wk", "mo", "a", "deg", "[pi]",
        "[in_i]", "[ft_i]", "[yd_i]", "[mi_i]", "[sft_i]", "[sin_i]", "[lb_av]", "[oz_av]", "[degF]", "[pH]", "[drp]", "[MET]",
        "[arb'U]", "[USP'U]", "[GPL'U]", "[MPL'U]", "[APL'U]", "[beth'U]", "[ka'U]", "[hnsf'U]", "[tb'U]", "[AU]", "[BAU]",
        "[EU]", "[FEU]", "[ELU]", "[Lf]", "[HPF]", "[LPF]",
    ]

    /// UCUM prefixes, the two-letter one first so that "dam" reads as deca-metre.
    static let prefixes = ["da", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d", "c", "m", "u", "n", "p", "f", "a", "z", "y"]

    /// True when `unit` is a UCUM expression: "mmol/L", "10*9/L", "kg/m2", "mL/min/{1.73_m2}",
    /// "/min", "{score}", "mm[Hg]".
    static func isCode(_ unit: String) -> Bool {
        // UCUM is printable ASCII without spaces.
        guard !unit.isEmpty, unit.utf8.count <= 64, unit.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else { return false }
        var parser = Parser(text: Array(unit))
        return parser.term() && parser.index == parser.text.count
    }

    /// A recursive-descent reading of UCUM's grammar: term = ["/"] component (("." | "/")
    /// component)*; component = "(" term ")" | annotation | factor | simple unit [exponent]
    /// [annotation].
    struct Parser {
        let text: [Character]
        var index = 0

        var next: Character? { index < text.count ? text[index] : nil }

        mutating func term() -> Bool {
            if next == "/" { index += 1 }
            guard component() else { return false }
            while next == "." || next == "/" {
                index += 1
                guard component() else { return false }
            }
            return true
        }

        mutating func component() -> Bool {
            guard let first = next else { return false }
            switch first {
            case "(":
                index += 1
                guard term(), next == ")" else { return false }
                index += 1
                return true
            case "{":
                return annotation()
            default:
                break
            }
            if first.isASCII, first.isNumber, !startsPowerOfTen {
                while let digit = next, digit.isASCII, digit.isNumber { index += 1 }
                return true
            }
            guard simpleUnit() else { return false }
            // An exponent: "m2", "s-1".
            if next == "+" || next == "-" {
                index += 1
                guard let digit = next, digit.isASCII, digit.isNumber else { return false }
            }
            while let digit = next, digit.isASCII, digit.isNumber { index += 1 }
            return next == "{" ? annotation() : true
        }

        var startsPowerOfTen: Bool {
            index + 2 < text.count && text[index] == "1" && text[index + 1] == "0" && (text[index + 2] == "*" || text[index + 2] == "^")
        }

        /// An atom, with a prefix when it is metric.
        mutating func simpleUnit() -> Bool {
            if startsPowerOfTen {
                index += 3
                return true
            }
            var symbol = ""
            while let character = next, !".()/{}+-".contains(character), !(character.isASCII && character.isNumber) {
                if character == "[" {
                    // A bracketed atom is read whole: digits inside it ("[H2O]") are not an exponent.
                    guard let close = text[index...].firstIndex(of: "]") else { return false }
                    symbol += String(text[index...close])
                    index = close + 1
                } else {
                    symbol.append(character)
                    index += 1
                }
            }
            if symbol.isEmpty { return false }
            if UCUM.metricAtoms.contains(symbol) || UCUM.otherAtoms.contains(symbol) { return true }
            return UCUM.prefixes.contains { prefix in
                symbol.hasPrefix(prefix) && UCUM.metricAtoms.contains(String(symbol.dropFirst(prefix.count)))
            }
        }

        /// "{...}": any printable ASCII but braces.
        mutating func annotation() -> Bool {
            guard next == "{" else { return false }
            index += 1
            while let character = next, character != "}" {
                if character == "{" { return false }
                index += 1
            }
            guard next == "}" else { return false }
            index += 1
            return true
        }
    }
}
