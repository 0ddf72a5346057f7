import Foundation

/// How far a result lies from normal: the laboratory's own flag (HL7 v3
/// ObservationInterpretation) or, when it gave none, what its own reference range says.
/// Shown as letters so that it survives a screen without colour.
public enum ResultFlag: String, Sendable, CaseIterable, Comparable {
    case criticalLow = "LL", low = "L", abnormal = "A", high = "H", criticalHigh = "HH"

    /// The flag an interpretation code gives; nil for "normal" and for codes that do not
    /// say a result is out of range ("POS", "IND", "S"…: shown as words, not as a flag).
    public init?(interpretation code: String) {
        switch code.trimmingCharacters(in: .whitespaces).uppercased() {
        case "H", "HU", ">", "H>": self = .high
        case "HH": self = .criticalHigh
        case "L", "LU", "<", "L<": self = .low
        case "LL": self = .criticalLow
        case "A", "AA": self = .abnormal
        default: return nil
        }
    }

    /// LL and HH: the values a clinician is called about.
    public var isCritical: Bool { self == .criticalLow || self == .criticalHigh }

    /// Critical first, then high and low, then "abnormal".
    public var urgency: Int {
        switch self {
        case .criticalHigh, .criticalLow: return 0
        case .high, .low: return 1
        case .abnormal: return 2
        }
    }

    public static func < (lhs: ResultFlag, rhs: ResultFlag) -> Bool { lhs.urgency < rhs.urgency }
}

extension Quantity {
    /// The measured number, when there is one to plot: a value with a comparator ("< 0.5")
    /// is a bound, not a measurement, and is not plotted.
    public var number: Double? {
        guard comparator?.isEmpty ?? true else { return nil }
        return ResultNumber.parse(decimal)
    }
}

extension LabResult {
    /// The measured number, when there is one to plot: a value with a comparator ("< 0.5")
    /// is a bound, not a measurement, and is not plotted.
    public var number: Double? { quantity?.number }

    /// The laboratory's flag; without one, the result's own numeric range decides (H above
    /// it, L below it), only when value and range share a unit.
    public var flag: ResultFlag? {
        if let interpretation, !interpretation.isEmpty {
            return ResultFlag(interpretation: interpretation)
        }
        guard let number, let range = referenceRange, let bounds = range.bounds, !bounds.isInverted else { return nil }
        if let unit = range.unit, let mine = quantity?.unit, ResultUnit.normalise(unit) != ResultUnit.normalise(mine) { return nil }
        if let high = bounds.high, number > high { return .high }
        if let low = bounds.low, number < low { return .low }
        return nil
    }
}

extension ReferenceRange {
    /// The bounds as numbers; nil when neither bound is one.
    public var bounds: (low: Double?, high: Double?, isInverted: Bool)? {
        let low = self.low.flatMap(ResultNumber.parse), high = self.high.flatMap(ResultNumber.parse)
        guard low != nil || high != nil else { return nil }
        return (low, high, { if let low, let high { return low > high } else { return false } }())
    }
}

/// Numbers as laboratories write them: "6.9", "6,9", " 142 ".
public enum ResultNumber {
    public static func parse(_ text: String) -> Double? {
        // Most numbers are plain ("6.9"): read them without Foundation.
        if !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2E }), let value = Double(text) { return value }
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
              let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// A decimal written with an exponent ("1.1E+2", "8E+1": Synthea writes some so) as
    /// a reader expects it ("110", "80"), digit for digit, without going through a binary
    /// number; any other text as it is. Up to 20 places of shifting: beyond, as written.
    public static func plain(_ text: String) -> String {
        guard let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        var mantissa = Substring(text[..<marker])
        guard let exponent = Int(text[text.index(after: marker)...]), abs(exponent) <= 20 else { return text }
        let negative = mantissa.hasPrefix("-")
        if negative || mantissa.hasPrefix("+") { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !mantissa.isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return text }
        var digits = String(parts[0]) + (parts.count == 2 ? String(parts[1]) : "")
        // Where the point falls in `digits`, once moved by the exponent.
        var point = parts[0].count + exponent
        if point <= 0 { digits = String(repeating: "0", count: 1 - point) + digits; point = 1 }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        var whole = String(digits.prefix(point)), fraction = String(digits.dropFirst(point))
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        // Trailing zeros after the point say precision when written plainly; moved by an
        // exponent they say nothing more than the digits before them.
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }
}
