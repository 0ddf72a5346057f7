import CarnetApp
import Foundation
import TerminalKit
import Testing

/// One screen of the truth walk, in one language: a snapshot of its own.
struct WalkScreen: Sendable, CustomTestStringConvertible {
    let door: WalkDoor
    let screen: String
    let language: Strings.Language
    var testDescription: String { "\(door.rawValue) \(screen) \(language.tag)" }
    /// The snapshot's file, under Snapshots/.
    var file: String { "walk-\(door.rawValue)-\(screen)-\(language.tag)" }

    static let all: [WalkScreen] = WalkDoor.allCases.flatMap { door in
        WalkScript(door: door, language: .french).screens.flatMap { screen in
            Strings.Language.allCases.map { WalkScreen(door: door, screen: screen, language: $0) }
        }
    }
}

/// Every screen of every door at 80×24, in French and in English, kept as text: a change
/// to any of them shows in review as a change to a file someone can read.
@Suite("Snapshots of every screen of every door")
struct ScreenSnapshotTests {
    @Test("each screen at 80×24", arguments: WalkScreen.all)
    func screen(_ walk: WalkScreen) throws {
        let script = WalkScript(door: walk.door, language: walk.language)
        let segment = try #require(script.segment(showing: walk.screen))
        // The segment is replayed from its start on a fresh database, up to the screen.
        let fixture = try WalkFixture(walk.door, language: walk.language, width: 80, height: 24)
        let reached = try fixture.walk(segment, until: walk.screen) { _, _ in }
        #expect(reached.last == walk.screen)
        try expectSnapshot(fixture.terminal, walk.file)
    }
}
