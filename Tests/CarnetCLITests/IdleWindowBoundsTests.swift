import ArgumentParser
import Testing
@testable import carnet

/// `--idle` and `--window` are bounded when the command line is parsed: a value the terminal
/// could not wait for (`kiosk --idle 3000000` once overflowed a 32-bit timeout after sign-in)
/// is refused before the terminal is taken over, with the reason.
@Suite("Bounds of --idle and --window")
struct IdleWindowBoundsTests {
    @Test("out of bounds: refused at parse time, with the reason", arguments: [
        (["kiosk", "--idle", "3000000"], "--idle must be 86400 seconds (24 h) or less (got 3000000)"),
        (["kiosk", "--idle", "86401"], "--idle must be 86400 seconds (24 h) or less (got 86401)"),
        (["emergency", "--idle", "3000000"], "--idle must be 86400 seconds (24 h) or less (got 3000000)"),
        (["--idle", "3000000"], "--idle must be 86400 seconds (24 h) or less (got 3000000)"),
        (["--idle", "4"], "--idle must be 5 seconds or more (got 4)"),
        (["emergency", "--window", "59s"], "invalid --window '59s': a duration from 1m to 24h, such as 4h, 90m or 600s"),
        (["emergency", "--window", "1441m"], "invalid --window '1441m': a duration from 1m to 24h, such as 4h, 90m or 600s"),
        (["emergency", "--window", "1e400h"], "invalid --window '1e400h': a duration from 1m to 24h, such as 4h, 90m or 600s"),
        (["emergency", "--window", "nanm"], "invalid --window 'nanm': a duration from 1m to 24h, such as 4h, 90m or 600s"),
        (["emergency", "--window", "0m"], "invalid --window '0m': a duration from 1m to 24h, such as 4h, 90m or 600s"),
    ])
    func refused(_ arguments: [String], _ message: String) {
        do {
            _ = try Carnet.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(Carnet.message(for: error) == message)
            #expect(Carnet.exitCode(for: error) != .success)
        }
    }

    @Test("at the bounds: accepted")
    func bounds() throws {
        #expect((try Carnet.parseAsRoot(["kiosk", "--idle", "86400"]) as? KioskCommand)?.idle.idle == 86_400)
        #expect((try Carnet.parseAsRoot(["emergency", "--idle", "5"]) as? EmergencyCommand)?.idle.idle == 5)
        let shortest = try #require(try Carnet.parseAsRoot(["emergency", "--window", "60s"]) as? EmergencyCommand)
        #expect(EmergencyCommand.seconds(shortest.window) == 60)
        let longest = try #require(try Carnet.parseAsRoot(["emergency", "--window", "24h"]) as? EmergencyCommand)
        #expect(EmergencyCommand.seconds(longest.window) == 86_400)
    }

    @Test("the patient's door takes --idle too, 300 seconds by default")
    func patientIdle() throws {
        #expect((try Carnet.parseAsRoot([]) as? OpenRecordCommand)?.idle.idle == 300)
        let patient = try #require(try Carnet.parseAsRoot(["--idle", "60", "--lang", "en"]) as? OpenRecordCommand)
        #expect(patient.idle.idle == 60 && patient.screen.lang == .english)
    }
}
