import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import Testing

/// A failed patient sign-in says the same words whatever failed, so that the screen does
/// not tell anyone which INS are in Carnet or have an account. The audit trail still tells
/// the patient exactly what happened.
@Suite("One message for every failed patient sign-in")
struct SignInMessageTests {
    func attempt(_ app: AppFixture, _ ins: String, _ password: String) -> String {
        app.type(ins)
        app.keys(.enter)
        app.type(password)
        app.keys(.enter)
        return app.terminal.screenText
    }

    @Test("an unknown INS, an INS without an account and a wrong password read the same")
    func sameWords() throws {
        let app = try AppFixture()
        let withoutAccount = try #require(try Directory(database: app.database).searchPatients(name: "a", limit: 50).items
            .first { $0.ins != nil && $0.ins != DemoAccounts.marieINS && $0.ins != DemoAccounts.lucINS }?.ins)
        let unknown = try INS.completing("1999999999999")
        var screens: [String] = []
        for (ins, password) in [(unknown.digits, "whatever1"), (withoutAccount.digits, "whatever1"), (DemoAccounts.marieINS.digits, "wrong-one")] {
            let fresh = try AppFixture(sharing: app)
            let screen = attempt(fresh, ins, password)
            #expect(screen.contains("INS ou mot de passe incorrect"), "\(ins)")
            #expect(!screen.contains("inscrit") && !screen.contains("compte") && !screen.contains("essai"), "\(ins): \(screen)")
            // The same screen but for the INS typed.
            screens.append(screen.replacingOccurrences(of: ins, with: "<INS>"))
        }
        #expect(Set(screens).count == 1, "\(screens)")
    }
}
