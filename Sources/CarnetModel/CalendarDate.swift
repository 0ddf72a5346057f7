import Foundation

/// A day on the calendar, with no time and no time zone: a birth date, a vaccination date.
///
/// Medical dates are days, not instants: a birth date must not move with the reader's
/// time zone, so they are kept apart from `Date`. A source may know only the year or the
/// month ("diabetes since 2015"): the date keeps that precision, and is never shown as
/// a day nobody said.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public enum Precision: String, Sendable, Codable { case year, month, day }

    public let year: Int
    /// 1 when only the year is known.
    public let month: Int
    /// 1 when only the year or the month is known.
    public let day: Int
    public let precision: Precision

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        precision = .day
    }

    /// A year ("2015") or a month ("2015-03") as the source gave it.
    public init?(year: Int, month: Int? = nil) {
        guard (1...9999).contains(year), month.map({ (1...12).contains($0) }) ?? true else { return nil }
        self.year = year
        self.month = month ?? 1
        day = 1
        precision = month == nil ? .year : .month
    }

    /// Parses a date as stored or as people type it:
    ///
    /// - `YYYY-MM-DD` (ISO 8601, as stored), `YYYY-MM` and `YYYY` (a partial date);
    /// - `DD/MM/YYYY` as French people write it, and `DD.MM.YYYY`, `DD-MM-YYYY` (day and
    ///   month of one or two digits); `MM/YYYY`, as `french` writes a month;
    /// - eight digits typed without separators: `12031958` is DDMMYYYY, the French order.
    ///   Eight digits starting with 19 or 20 that are no real day as DDMMYYYY but are one
    ///   as YYYYMMDD (`19580312`, a compact ISO date pasted from another program) are read
    ///   as YYYYMMDD. A DDMMYYYY reading whose year is before 1800 is no date anybody
    ///   types (`20010110` is not 20/01/0110): it is read as YYYYMMDD, 2001-01-10, so a
    ///   vaccination typed that way is not filed in the year 110.
    ///
    /// A day that does not exist (31/02/2020) is no date: nil, never the next valid day.
    /// Digits only (ASCII): no sign, no spaces inside.
    public init?(_ text: String) {
        // YYYY-MM-DD, as the store writes it, read without Foundation: a record's results
        // are read by the thousand.
        if text.utf8.count == 10 {
            var numbers = (0, 0, 0), index = 0, isISO = true
            for byte in text.utf8 {
                switch index {
                case 4, 7: isISO = isISO && byte == 0x2D
                default:
                    guard (0x30...0x39).contains(byte) else { isISO = false; break }
                    let digit = Int(byte) - 0x30
                    if index < 4 { numbers.0 = numbers.0 * 10 + digit } else if index < 7 { numbers.1 = numbers.1 * 10 + digit } else { numbers.2 = numbers.2 * 10 + digit }
                }
                index += 1
            }
            if isISO {
                guard let date = CalendarDate(year: numbers.0, month: numbers.1, day: numbers.2) else { return nil }
                self = date
                return
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func digits(_ part: Substring) -> Int? {
            guard !part.isEmpty, part.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return Int(part)
        }
        if trimmed.count == 8, let _ = digits(trimmed[...]) {
            let all = Array(trimmed.utf8).map { Int($0) - 0x30 }
            func number(_ range: Range<Int>) -> Int { all[range].reduce(0) { $0 * 10 + $1 } }
            if number(4..<8) >= 1800, let date = CalendarDate(year: number(4..<8), month: number(2..<4), day: number(0..<2)) {
                self = date
            } else if trimmed.hasPrefix("19") || trimmed.hasPrefix("20"),
                      let date = CalendarDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)) {
                self = date
            } else {
                return nil
            }
            return
        }
        // One separator through the date: "12/03-1958" is a typing slip, not a date.
        guard let separator = trimmed.first(where: { $0 == "-" || $0 == "/" || $0 == "." }) else {
            guard trimmed.count == 4, let year = digits(trimmed[...]) else { return nil }
            self.init(year: year)
            return
        }
        let parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
        guard !trimmed.contains(where: { ($0 == "-" || $0 == "/" || $0 == ".") && $0 != separator }),
              parts.allSatisfy({ digits($0) != nil }) else { return nil }
        let numbers = parts.compactMap(digits)
        switch (separator, parts.count) {
        case ("-", 2) where parts[0].count == 4 && parts[1].count == 2:
            self.init(year: numbers[0], month: numbers[1])
        case ("-", 3) where parts[0].count == 4:
            self.init(year: numbers[0], month: numbers[1], day: numbers[2])
        case ("/", 2) where parts[0].count <= 2 && parts[1].count == 4:
            self.init(year: numbers[1], month: numbers[0])
        case (_, 3) where parts[0].count <= 2 && parts[1].count <= 2 && parts[2].count == 4:
            self.init(year: numbers[2], month: numbers[1], day: numbers[0])
        default:
            return nil
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
        precision = .day
    }

    /// The calendar day of an instant in UTC.
    public init(_ date: Date) {
        self.init(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Age in whole years on a given day.
    public func age(on today: CalendarDate) -> Int {
        var years = today.year - year
        if (today.month, today.day) < (month, day) { years -= 1 }
        return years
    }

    /// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` as precise as it is), the stored form.
    public var iso: String {
        switch precision {
        case .year: return Padded.digits(year, 4)
        case .month: return "\(Padded.digits(year, 4))-\(Padded.digits(month, 2))"
        case .day: return "\(Padded.digits(year, 4))-\(Padded.digits(month, 2))-\(Padded.digits(day, 2))"
        }
    }

    /// `DD/MM/YYYY` (or `MM/YYYY`, `YYYY`), as French readers expect it.
    public var french: String {
        switch precision {
        case .year: return Padded.digits(year, 4)
        case .month: return "\(Padded.digits(month, 2))/\(Padded.digits(year, 4))"
        case .day: return "\(Padded.digits(day, 2))/\(Padded.digits(month, 2))/\(Padded.digits(year, 4))"
        }
    }

    public var description: String { iso }

    /// Encoded as its ISO text, precision included.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Instants written as `YYYY-MM-DDTHH:MM:SS.mmmZ`: the audit trail hashes this exact text,
/// so it must not depend on locale or on Foundation's formatter versions.
public enum Timestamp {
    public static func string(from date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int(floorDiv(millis, 86_400_000))
        let rest = Int(millis - Int64(days) * 86_400_000)
        let day = CalendarDate(daysSinceEpoch: days)
        return "\(day.iso)T\(Padded.digits(rest / 3_600_000, 2)):\(Padded.digits(rest / 60_000 % 60, 2)):"
            + "\(Padded.digits(rest / 1000 % 60, 2)).\(Padded.digits(rest % 1000, 3))Z"
    }

    public static func date(from text: String) -> Date? {
        // 2026-11-21T17:10:00.000Z
        guard text.count == 24, text.hasSuffix("Z"),
              let day = CalendarDate(String(text.prefix(10))) else { return nil }
        let time = text.dropFirst(11).dropLast()
        let parts = time.split(separator: ":")
        guard parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]),
              let s = Double(parts[2]) else { return nil }
        let seconds = Double(day.daysSinceEpoch) * 86_400 + Double(h * 3600 + m * 60) + s
        return Date(timeIntervalSince1970: seconds)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}

/// Zero-padded numbers without `String(format:)`, which goes through CoreFoundation and is
/// slow on the paths that write dates by the million (demo build, audit appends).
public enum Padded {
    public static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
