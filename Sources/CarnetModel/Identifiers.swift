import Foundation

/// Why an identifier typed by a person or read from a file was refused.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(kind: String, input: String, expected: Int)
    case notDigits(kind: String, input: String)
    case wrongKey(input: String, expectedKey: String)
    case failsLuhn(input: String)

    public var description: String {
        switch self {
        case let .wrongLength(kind, input, expected):
            return "invalid \(kind) '\(input)': \(expected) digits expected, got \(input.count) characters"
        case let .notDigits(kind, input):
            return "invalid \(kind) '\(input)': only digits are allowed"
        case let .wrongKey(input, expectedKey):
            return "invalid INS '\(input)': wrong key \(input.suffix(2)), the first 13 digits give key \(expectedKey)"
        case let .failsLuhn(input):
            return "invalid RPPS '\(input)': the check digit is wrong (Luhn)"
        }
    }
}

/// The patient's national health identifier (INS, the NIR as used in care).
///
/// Thirteen digits followed by a two-digit key equal to 97 − (the 13 digits mod 97).
/// ```swift
/// let ins = try INS("258037511223324")
/// ```
public struct INS: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let digits: String

    /// - Throws: `IdentifierError` naming the input and what is wrong with it.
    public init(_ text: String) throws {
        // People paste INS with the spaces of the Carte Vitale ("2 58 03 75 112 233 24").
        let compact = text.filter { $0 != " " }
        guard compact.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw IdentifierError.notDigits(kind: "INS", input: text)
        }
        guard compact.count == 15 else {
            throw IdentifierError.wrongLength(kind: "INS", input: text, expected: 15)
        }
        let expected = INS.key(forFirst13: String(compact.prefix(13)))
        guard compact.suffix(2) == expected else {
            throw IdentifierError.wrongKey(input: compact, expectedKey: expected)
        }
        digits = compact
    }

    /// The two-digit key of thirteen digits.
    public static func key(forFirst13 first13: String) -> String {
        let value = UInt64(first13) ?? 0
        let key = 97 - value % 97
        return key < 10 ? "0\(key)" : "\(key)"
    }

    /// Builds an INS from thirteen digits by appending their key (demo data, tests).
    public static func completing(_ first13: String) throws -> INS {
        try INS(first13 + key(forFirst13: first13))
    }

    public var description: String { digits }
    public static func < (lhs: INS, rhs: INS) -> Bool { lhs.digits < rhs.digits }
}

/// A health professional's national identifier (RPPS): eleven digits, Luhn-checked.
public struct RPPS: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let digits: String

    /// - Throws: `IdentifierError` naming the input and what is wrong with it.
    public init(_ text: String) throws {
        let compact = text.filter { $0 != " " }
        guard compact.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw IdentifierError.notDigits(kind: "RPPS", input: text)
        }
        guard compact.count == 11 else {
            throw IdentifierError.wrongLength(kind: "RPPS", input: text, expected: 11)
        }
        guard RPPS.luhnSum(compact) % 10 == 0 else {
            throw IdentifierError.failsLuhn(input: compact)
        }
        digits = compact
    }

    /// Builds an RPPS from ten digits by appending their Luhn check digit (demo data, tests).
    public static func completing(_ first10: String) throws -> RPPS {
        let sum = luhnSum(first10 + "0")
        return try RPPS(first10 + String((10 - sum % 10) % 10))
    }

    private static func luhnSum(_ digits: String) -> Int {
        var sum = 0
        for (position, character) in digits.reversed().enumerated() {
            var digit = Int(String(character)) ?? 0
            if position % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum
    }

    public var description: String { digits }
    public static func < (lhs: RPPS, rhs: RPPS) -> Bool { lhs.digits < rhs.digits }
}
