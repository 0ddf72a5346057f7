import CarnetModel
import Testing

@Suite("Identifiers")
struct IdentifierTests {
    @Test("valid INS are accepted, spaces of the Carte Vitale included",
          arguments: ["258037511223324", "171026912345697", "2 58 03 75 112 233 24"])
    func validINS(_ text: String) throws {
        let ins = try INS(text)
        #expect(ins.digits.count == 15)
        #expect(!ins.digits.contains(" "))
    }

    @Test("an INS whose key is wrong is refused, and the message says which key was expected")
    func wrongINSKey() {
        #expect(throws: IdentifierError.wrongKey(input: "258037511223325", expectedKey: "24")) {
            try INS("258037511223325")
        }
        let message = String(describing: IdentifierError.wrongKey(input: "258037511223325", expectedKey: "24"))
        #expect(message.contains("wrong key 25"))
        #expect(message.contains("key 24"))
    }

    @Test("an INS key of 97 (first digits a multiple of 97) is computed, not 00")
    func keyOf97() throws {
        #expect(INS.key(forFirst13: "1710269123456") == "97")
        #expect(try INS.completing("0000000000097").digits.hasSuffix("97"))
    }

    @Test("a key below 10 keeps its leading zero")
    func leadingZeroKey() throws {
        // 97 - (x mod 97) = 5 when x mod 97 = 92.
        let first13 = String(format: "%013d", 92)
        #expect(INS.key(forFirst13: first13) == "05")
        #expect(try INS(first13 + "05").digits == first13 + "05")
    }

    @Test("malformed INS are refused with the reason", arguments: [
        ("25803751122332", "15 digits expected"),
        ("2580375112233245", "15 digits expected"),
        ("25803751122332A", "only digits"),
        ("", "15 digits expected"),
    ])
    func malformedINS(_ text: String, _ reason: String) {
        do {
            _ = try INS(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(String(describing: error).contains(reason))
            #expect(String(describing: error).contains("INS"))
        }
    }

    @Test("valid RPPS pass the Luhn check", arguments: ["10001234565", "10002345675", "10003456786", "10004567896"])
    func validRPPS(_ text: String) throws {
        #expect(try RPPS(text).digits == text)
    }

    @Test("an RPPS with a wrong check digit is refused", arguments: ["10001234566", "10002345670", "10003456789"])
    func wrongRPPS(_ text: String) {
        #expect(throws: IdentifierError.failsLuhn(input: text)) { try RPPS(text) }
    }

    @Test("an RPPS of the wrong length or with letters is refused")
    func malformedRPPS() {
        #expect(throws: IdentifierError.wrongLength(kind: "RPPS", input: "1000123456", expected: 11)) { try RPPS("1000123456") }
        #expect(throws: IdentifierError.notDigits(kind: "RPPS", input: "1000123456X")) { try RPPS("1000123456X") }
    }

    @Test("completing appends the check digit that makes a valid RPPS")
    func completingRPPS() throws {
        #expect(try RPPS.completing("1000123456").digits == "10001234565")
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("ISO and French forms parse to the same day")
    func parsing() {
        #expect(CalendarDate("1958-03-12") == CalendarDate("12/03/1958"))
        #expect(CalendarDate("1958-03-12")?.french == "12/03/1958")
        #expect(CalendarDate("2025-02-29") == nil)
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("12-03-1958") == CalendarDate("12/03/1958"))
        #expect(CalendarDate("12031958") == CalendarDate("12/03/1958"))
    }

    @Test("days since the epoch round-trip", arguments: [-800_000, -1, 0, 1, 19_000, 20_411, 2_900_000])
    func epochRoundTrip(_ days: Int) {
        #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }

    @Test("age counts whole years, the birthday itself included")
    func age() {
        let birth = CalendarDate(year: 1958, month: 3, day: 12)!
        #expect(birth.age(on: CalendarDate(year: 2026, month: 3, day: 11)!) == 67)
        #expect(birth.age(on: CalendarDate(year: 2026, month: 3, day: 12)!) == 68)
    }

    @Test("timestamps are written and read back to the millisecond")
    func timestamps() {
        let text = "2026-11-21T17:10:00.123Z"
        let date = Timestamp.date(from: text)
        #expect(date != nil)
        #expect(Timestamp.string(from: date!) == text)
    }
}

@Suite("Search text")
struct SearchTextTests {
    @Test("accents and case fold away")
    func folding() {
        #expect(SearchText.fold("Hélène LEFÈVRE") == "helene lefevre")
        #expect(SearchText.matches("Hélène DUPONT", query: "helene dup"))
        #expect(SearchText.matches("Hélène DUPONT", query: "dup hel"))
        #expect(!SearchText.matches("Hélène DUPONT", query: "marie"))
    }
}
