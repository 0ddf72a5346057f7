import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// Today and ages are the patient's, not UTC's: at 00:30 in Paris on Marie's birthday she is
/// a year older there, while it is still the day before in UTC.
@Suite("Dates in the patient's zone")
struct TimeZoneTests {
    /// 2026-03-11 23:30 UTC: 2026-03-12 00:30 in Paris, Marie's 68th birthday.
    let midnightInParis = Date(timeIntervalSince1970: TimeInterval(CalendarDate(year: 2026, month: 3, day: 11)!.daysSinceEpoch * 86_400 + 23 * 3600 + 1800))

    func header(in zone: String) throws -> String {
        let (folder, database) = try temporaryDemo("carnet-zone")
        defer {
            try? database.close()
            try? FileManager.default.removeItem(at: folder)
        }
        let clock: @Sendable () -> Date = { [midnightInParis] in midnightInParis }
        let terminal = TestTerminal(width: 80, height: 24)
        let store = RecordStore(database: database, policy: try .standard(), clock: clock)
        let session = DoorSession(terminal: terminal, access: store, signIn: Credentials(database: database, cost: .testing, clock: clock),
                                  strings: Strings(.french), theme: .monochrome, clock: clock, timeZone: TimeZone(identifier: zone)!)
        terminal.type("258037511223324")
        terminal.send(.key(.enter))
        terminal.type("marie-demo")
        terminal.send(.key(.enter))
        session.run(untilIdle: true)
        return terminal.screen[0]
    }

    @Test("at 00:30 in Paris on her birthday Marie is 68 there, 67 in UTC")
    func birthdayAtMidnight() throws {
        #expect(try header(in: "Europe/Paris").contains("68 ans"))
        #expect(try header(in: "UTC").contains("67 ans"))
    }
}
