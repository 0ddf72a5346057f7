import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

/// A screen too small to be read must not be acted on: a dialog nobody can see must not be
/// confirmed by a key pressed blind.
@Suite("A screen too small swallows every key but q")
struct TooSmallTests {
    @Test("a revocation dialog left open when the terminal shrinks is not confirmed by Enter; it is still there at 80×24")
    func dialogNotConfirmedBlind() throws {
        let app = try AppFixture()
        app.signInAsMarie()
        app.keys(.character("8"), .down, .down, .down, .character("r"))
        #expect(app.terminal.screenText.contains("Jean BERNARD ne pourra plus"))
        app.terminal.resize(width: 79, height: 23)
        app.keys(.enter)
        #expect(app.terminal.screenText.contains("terminal trop petit"))
        let marie = try #require(try Directory(database: app.database).patient(ins: DemoAccounts.marieINS))
        // Jean still reads: nothing was revoked.
        _ = try app.store.allergies(of: marie.id, context: .kiosk(DemoAccounts.jeanBernard))
        app.terminal.resize(width: 80, height: 24)
        app.keys(.character("x"))
        #expect(app.terminal.screenText.contains("Jean BERNARD ne pourra plus"))
        // q leaves, even from a too-small screen.
        app.terminal.resize(width: 60, height: 20)
        #expect(app.keys(.character("q")) == false)
    }
}
