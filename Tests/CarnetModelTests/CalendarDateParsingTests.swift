import CarnetModel
import Testing

// Issue 16: dates typed as people type them. French first (day, month, year), whatever
// the separator or none; ISO as stored; a day that does not exist is no date.

@Suite("Calendar dates typed by people")
struct CalendarDateParsingTests {
    @Test("days, in every way they are typed", arguments: [
        ("12/03/1958", "1958-03-12"), ("12.03.1958", "1958-03-12"), ("12-03-1958", "1958-03-12"), ("12031958", "1958-03-12"),
        ("1958-03-12", "1958-03-12"), ("2/3/1958", "1958-03-02"), ("02.3.1958", "1958-03-02"), ("  12/03/1958 ", "1958-03-12"),
        ("29022024", "2024-02-29"), ("1958-3-12", "1958-03-12"), ("31/12/1999", "1999-12-31"),
    ])
    func days(_ text: String, _ iso: String) throws {
        let date = try #require(CalendarDate(text), "\(text)")
        #expect(date.iso == iso)
        #expect(date.precision == .day)
    }

    @Test("partial dates keep their precision", arguments: [
        ("1958", "1958", CalendarDate.Precision.year), ("1958-03", "1958-03", .month), ("03/1958", "1958-03", .month),
    ])
    func partial(_ text: String, _ iso: String, _ precision: CalendarDate.Precision) throws {
        let date = try #require(CalendarDate(text))
        #expect(date.iso == iso && date.precision == precision)
    }

    // Eight digits: DDMMYYYY, as the French write a date. YYYYMMDD (a compact ISO date
    // pasted from elsewhere) only when the digits start with 19 or 20 and are no real day
    // read the French way; when both readings are real days, the French one wins.
    @Test("eight digits: the French order first, YYYYMMDD when that is no day", arguments: [
        ("12031958", "1958-03-12"), // DDMMYYYY; as YYYYMMDD, month 19: no day
        ("19122001", "2001-12-19"), // DDMMYYYY 19/12/2001; YYYYMMDD 1912-20-01 is no day
        ("20121958", "1958-12-20"), // DDMMYYYY; YYYYMMDD 2012-19-58 is no day
        ("19580312", "1958-03-12"), // DDMMYYYY 19/58/0312 is no day: YYYYMMDD
        ("20260131", "2026-01-31"), // DDMMYYYY 20/26/0131 is no day: YYYYMMDD
        ("20010110", "2001-01-10"), // 20/01/0110 is no year anybody types: YYYYMMDD
    ])
    func eightDigits(_ text: String, _ iso: String) {
        #expect(CalendarDate(text)?.iso == iso)
    }

    @Test("no date: days that do not exist, slips, other orders", arguments: [
        "31/02/2020", "31022020", "29/02/2023", "00/01/2020", "12/13/1958", "20201331", "19581332", "12/03/58", "120358",
        "12/03-1958", "1958/03/12", "+1/03/1958", "12 03 1958", "", "abcd", "1958-3", "12//1958", "12/03/1958/", "1958-03-12-01",
        "123456789", "13/1958",
    ])
    func invalid(_ text: String) {
        #expect(CalendarDate(text) == nil, "\(text)")
    }

    @Test("what the program writes reads back")
    func roundTrip() throws {
        for text in ["1958-03-12", "1958-03", "1958"] {
            let date = try #require(CalendarDate(text))
            #expect(CalendarDate(date.iso) == date)
            #expect(CalendarDate(date.french) == date)
        }
    }
}
