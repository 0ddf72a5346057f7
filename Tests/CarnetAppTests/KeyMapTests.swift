import CarnetApp
import CarnetModel
import Foundation
import TerminalKit
import Testing

/// The key map is the one source of the keys: README's tables, the footer and the help come from it.
@Suite("One key map")
struct KeyMapTests {
    static let begin = "<!-- keys: generated from KeyMap by KeyMapTests; CARNET_RECORD_SNAPSHOTS=1 rewrites it -->"
    static let end = "<!-- keys: end -->"

    @Test("README's key tables are the key map's, word for word")
    func readme() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "README.md has no generated key section")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let generated = "\n\n" + KeyMap.readmeTables() + "\n"
        if ProcessInfo.processInfo.environment["CARNET_RECORD_SNAPSHOTS"] == "1" {
            try (text[..<start.upperBound] + generated + text[stop.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == generated, "README's keys differ from KeyMap: run with CARNET_RECORD_SNAPSHOTS=1")
    }

    @Test("in a text field no printable key is a command: the search form and the sign-in bind none")
    func fieldsTakeText() {
        for door in [Door.patient, .kiosk, .emergency(window: 3600)] {
            let keys = KeyMap(door: door, strings: Strings(.french))
            for place in [KeyPlace.signIn, .searchForm, .breakGlassForm] {
                for binding in keys.bindings(at: place) {
                    for key in binding.keys {
                        if case .character = key { Issue.record("\(place) binds \(key) to \(binding.action) at \(door)") }
                    }
                }
            }
        }
    }

    @Test("no key is bound twice at one place")
    func noClash() {
        for door in [Door.patient, .kiosk, .emergency(window: 3600)] {
            let keys = KeyMap(door: door, strings: Strings(.english))
            var places = KeyPlace.all(for: door)
            places.append(.record(RecordKeys(pane: .access, target: .history, canWrite: false, breakGlass: nil)))
            for place in places {
                var seen: [Key: KeyAction] = [:]
                for binding in keys.bindings(at: place) {
                    for key in binding.keys {
                        #expect(seen[key] == nil, "\(door) \(place): \(key) for \(binding.action) and \(seen[key].map { "\($0)" } ?? "")")
                        seen[key] = binding.action
                    }
                }
            }
        }
    }

    @Test("the footer always keeps help and leave, named for where q leads, at 80 columns")
    func footerKeepsHelpAndLeave() {
        let record = KeyPlace.record(RecordKeys(pane: .access, target: .none, canWrite: false, breakGlass: nil))
        let patient = KeyMap(door: .patient, strings: Strings(.french)).footer(at: record, width: 80)
        #expect(patient.contains { $0.key == "q" && $0.text == "quitter" })
        #expect(patient.contains { $0.key == "?/F1" })
        let kiosk = KeyMap(door: .kiosk, strings: Strings(.english)).footer(at: .record(RecordKeys(pane: .summary)), width: 80)
        #expect(kiosk.contains { $0.key == "q" && $0.text == "close record" })
        let emergency = KeyMap(door: .emergency(window: 60), strings: Strings(.french)).footer(at: .record(RecordKeys(pane: .summary, breakGlass: .summary)), width: 80)
        #expect(emergency.contains { $0.key == "q" && $0.text == "fin de l'urgence" })
        #expect(emergency.contains { $0.key == "c" })
        #expect(!emergency.contains { $0.key == "n" })
        // English footers are English.
        for (key, text) in kiosk { #expect(!["Entrée", "Échap", "aide"].contains(key) && !text.contains("é"), "\(key) \(text)") }
    }
}
