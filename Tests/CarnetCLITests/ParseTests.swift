import ArgumentParser
import CarnetApp
import CarnetModel
import Foundation
import Testing
@testable import carnet

/// The command line parsed from argument arrays, as swift-argument-parser's own tests do:
/// no process, no database; what a person types and what the parser makes of it.
@Suite("Parsing the command line")
struct ParseTests {
    @Test("no subcommand opens the patient's door; each door takes --db, --lang and (kiosk, emergency) --idle")
    func doors() throws {
        #expect(try Carnet.parseAsRoot([]) is OpenRecordCommand)
        let patient = try #require(try Carnet.parseAsRoot(["--db", "/tmp/x.sqlite", "--lang", "en"]) as? OpenRecordCommand)
        #expect(patient.database.db == "/tmp/x.sqlite")
        #expect(patient.screen.lang == .english)
        let kiosk = try #require(try Carnet.parseAsRoot(["kiosk", "--idle", "60", "--lang", "FR"]) as? KioskCommand)
        #expect(kiosk.idle.idle == 60)
        #expect(kiosk.screen.lang == .french)
        let emergency = try #require(try Carnet.parseAsRoot(["emergency", "--window", "90m"]) as? EmergencyCommand)
        #expect(emergency.idle.idle == 300)
        #expect(emergency.screen.lang == nil)
        #expect(EmergencyCommand.seconds(emergency.window) == 5400)
    }

    @Test("--lang: the screens' words follow the option, else the environment")
    func language() throws {
        let english = try #require(try Carnet.parseAsRoot(["kiosk", "--lang", "en"]) as? KioskCommand)
        #expect(english.screen.strings(environment: ["LANG": "fr_FR.UTF-8"]).language == .english)
        let unset = try #require(try Carnet.parseAsRoot(["kiosk"]) as? KioskCommand)
        #expect(unset.screen.strings(environment: ["LANG": "en_GB.UTF-8"]).language == .english)
        #expect(unset.screen.strings(environment: ["LANG": "C.UTF-8"]).language == .french)
    }

    @Test("typed choices parse to their values", arguments: [
        (["professional", "add", "--rpps", "10001234565", "--family-name", "X", "--given-name", "Y", "--profession", "sage-femme"],
         "sage-femme"),
        (["professional", "add", "--rpps", "10001234565", "--family-name", "X", "--given-name", "Y", "--profession", "medecin-regulateur-samu"],
         "medecin-regulateur-samu"),
    ])
    func professions(_ arguments: [String], _ expected: String) throws {
        let add = try #require(try Carnet.parseAsRoot(arguments) as? ProfessionalCommand.Add)
        #expect(add.profession == Profession(rawValue: expected))
    }

    @Test("patient add: --sex is typed, unknown by default")
    func sex() throws {
        let base = ["patient", "add", "--ins", "258037511223324", "--family-name", "X", "--given-name", "Y", "--birth-date", "2000-01-01"]
        #expect((try Carnet.parseAsRoot(base) as? PatientCommand.Add)?.sex == .unknown)
        #expect((try Carnet.parseAsRoot(base + ["--sex", "female"]) as? PatientCommand.Add)?.sex == .female)
    }

    @Test("audit review: --verdict is typed and goes with --start")
    func verdict() throws {
        let review = try #require(try Carnet.parseAsRoot(["audit", "review", "--start", "12", "--verdict", "not-justified"])
            as? AuditCommand.Review)
        #expect(review.verdict == .notJustified)
        #expect(review.start == 12)
        #expect(throws: (any Error).self) { try Carnet.parseAsRoot(["audit", "review", "--verdict", "justified"]) }
    }

    @Test("a bad value fails at parse time, naming the option, the value and every choice", arguments: [
        (["professional", "add", "--rpps", "10001234565", "--family-name", "X", "--given-name", "Y", "--profession", "sorcier"],
         "sorcier", "--profession", Profession.allCases.map(\.rawValue)),
        (["kiosk", "--lang", "de"], "de", "--lang", ["fr", "en"]),
        (["emergency", "--lang", "es"], "es", "--lang", ["fr", "en"]),
        (["--lang", "it"], "it", "--lang", ["fr", "en"]),
        (["audit", "review", "--start", "3", "--verdict", "maybe"], "maybe", "--verdict", ["justified", "not-justified"]),
        (["patient", "add", "--ins", "258037511223324", "--family-name", "X", "--given-name", "Y", "--birth-date", "2000-01-01",
          "--sex", "x"], "x", "--sex", Sex.allCases.map(\.rawValue)),
    ])
    func badChoice(_ arguments: [String], _ value: String, _ option: String, _ choices: [String]) {
        do {
            _ = try Carnet.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            let message = Carnet.message(for: error)
            #expect(message.contains("'\(value)'"), "\(message)")
            #expect(message.contains(option), "\(message)")
            for choice in choices {
                #expect(message.contains(choice), "\(choice) missing from: \(message)")
            }
            #expect(Carnet.exitCode(for: error) != .success)
        }
    }

    @Test("--idle below 5 seconds and a --window out of range are refused with the reason", arguments: [
        (["kiosk", "--idle", "2"], "--idle must be 5 seconds or more (got 2)"),
        (["emergency", "--idle", "0"], "--idle must be 5 seconds or more (got 0)"),
        (["emergency", "--window", "30s"], "invalid --window '30s': a duration from 1m to 24h, such as 4h, 90m or 600s"),
        (["emergency", "--window", "2d"], "invalid --window '2d': a duration from 1m to 24h, such as 4h, 90m or 600s"),
    ])
    func refusedValues(_ arguments: [String], _ message: String) {
        #expect(throws: (any Error).self) { try Carnet.parseAsRoot(arguments) }
        do { _ = try Carnet.parseAsRoot(arguments) } catch { #expect(Carnet.message(for: error) == message) }
    }

    @Test("--lang is declared once, in one option group shared by the three doors")
    func oneLanguageOption() throws {
        for arguments in [["--lang", "en"], ["kiosk", "--lang", "en"], ["emergency", "--lang", "en"]] {
            let command = try Carnet.parseAsRoot(arguments)
            let screen = (command as? OpenRecordCommand)?.screen ?? (command as? KioskCommand)?.screen ?? (command as? EmergencyCommand)?.screen
            #expect(screen?.lang == .english, "\(arguments)")
        }
    }
}

@Suite("No debug door in the product")
struct NoDebugDoorTests {
    @Test("carnet has no dev subcommand: not in --help, not accepted")
    func noDev() throws {
        #expect(throws: (any Error).self) { try Carnet.parseAsRoot(["dev", "load", "--role", "kiosk"]) }
        let help = Carnet.helpMessage()
        #expect(!help.contains("dev") && help.contains("kiosk"))
        let outcome = try CarnetBinary.run(["dev", "load", "--role", "kiosk", "--db", "/nonexistent.sqlite"])
        #expect(outcome.status != 0)
        #expect(outcome.stdout.isEmpty)
    }
}
