import CarnetModel
import CarnetStore
import Foundation
import Testing

/// Drives the real `carnet` binary in tmux, as a person at a terminal would.
final class TmuxSession {
    let socket = "carnet-test-\(UUID().uuidString.prefix(8))"

    /// - Parameter capture: a file that receives every byte the program writes to the terminal.
    init(width: Int, height: Int, command: String, capture: String? = nil) throws {
        try tmux(["new-session", "-d", "-s", "t", "-x", String(width), "-y", String(height), "bash --norc --noprofile"])
        if let capture { try tmux(["pipe-pane", "-t", "t", "-o", "cat >> '\(capture)'"]) }
        // No key, no anchors: a test must not write into the real ~/.local/state or ~/.config.
        try send("export PS1='PROMPT$ ' TERM=xterm-256color LANG=C.UTF-8 TZ=UTC CARNET_ANCHOR_FILE= CARNET_AUDIT_KEY_FILE=; " + command, enter: true)
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs tmux through the shell with popen: Foundation's Process does not return here
    /// once the forked tmux server holds on to the child's descriptors.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let capturing = arguments.first == "capture-pane" || arguments.first == "display-message"
        let command = quoted.joined(separator: " ") + (capturing ? " 2>/dev/null" : " >/dev/null 2>&1 </dev/null")
        guard let pipe = popen(command, "r") else { throw CarnetFailureForTests("cannot run tmux") }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }

    func send(_ keys: String, enter: Bool = false) throws {
        try tmux(["send-keys", "-t", "t", "-l", keys])
        if enter { try tmux(["send-keys", "-t", "t", "Enter"]) }
    }

    func key(_ name: String) throws { try tmux(["send-keys", "-t", "t", name]) }

    func screen() throws -> String { try tmux(["capture-pane", "-t", "t", "-p"]) }

    /// Sends a signal to the program the pane's shell is running, as another program would.
    func signalProgram(_ signal: String) throws {
        let shell = try tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(shell), let pipe = popen("pkill -\(signal) -P \(pid) >/dev/null 2>&1", "r") else {
            throw CarnetFailureForTests("cannot find the pane's shell")
        }
        pclose(pipe)
    }

    /// Waits until the screen shows `text` (scrypt at production cost takes a moment).
    func waitFor(_ text: String, seconds: Double = 30) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try screen().contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }
}

struct CarnetFailureForTests: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

@Suite("End to end in tmux", .tags(.slow, .tmux))
struct TmuxTests {
    /// The binary runs on the real clock (the tmux sessions pin TZ): Marie's age is computed,
    /// not written down, so these tests do not fail on her next birthday.
    static let marieAge = CalendarDate(year: 1958, month: 3, day: 12)!.age(on: CalendarDate(Date()))

    @Test("Marie signs in, presses 3, reads Pénicilline; resize; q gives back a sane shell")
    func marieReadsHerAllergy() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) --db \(fixture.path)")
        #expect(try tmux.waitFor("INS"))
        try tmux.send("258037511223324", enter: true)
        try tmux.send("marie-demo", enter: true)
        #expect(try tmux.waitFor("Marie DUPONT · \(TmuxTests.marieAge) ans"))
        try tmux.send("3")
        #expect(try tmux.waitFor("▸Pénicilline — sévère"))
        // The password never showed.
        #expect(try !tmux.screen().contains("marie-demo"))

        try tmux.tmux(["resize-window", "-t", "t", "-x", "70", "-y", "20"])
        #expect(try tmux.waitFor("terminal trop petit"))
        try tmux.tmux(["resize-window", "-t", "t", "-x", "90", "-y", "26"])
        #expect(try tmux.waitFor("▸Pénicilline"))

        try tmux.send("q")
        #expect(try tmux.waitFor("PROMPT$"))
        // The alternate screen is gone and the terminal echoes and reads lines again.
        try tmux.send("stty -a | grep -o -- ' echo ' ; echo done-$((40+2))", enter: true)
        #expect(try tmux.waitFor("done-42"))
        let screen = try tmux.screen()
        #expect(screen.contains(" echo "))
        #expect(!screen.contains("Pénicilline"))
    }

    @Test("Marie opens her results, then HbA1c's history, and reads her latest value and its flag")
    func marieReadsHerHbA1c() throws {
        let fixture = try CLIFixture()
        // What the screen must say, from the database itself: her latest HbA1c and its flag.
        let database = try CarnetDatabase.open(path: fixture.path)
        let store = RecordStore(database: database, policy: try .standard())
        let marie = try #require(try Directory(database: database).patient(ins: DemoAccounts.marieINS))
        let board = ResultsBoard(results: try store.results(of: marie.id, context: .operatorAccount("test")))
        let hba1c = try #require(board.tests.first { $0.latest.code == "4548-4" })
        try database.close()
        let value = try #require(hba1c.latest.quantity).decimal.replacingOccurrences(of: ".", with: ",")
        let flag = hba1c.flag.map { " " + $0.rawValue } ?? ""

        let tmux = try TmuxSession(width: 80, height: 24, command: "\(CarnetBinary.url.path) --db \(fixture.path)")
        #expect(try tmux.waitFor("INS"))
        try tmux.send("258037511223324", enter: true)
        try tmux.send("marie-demo", enter: true)
        #expect(try tmux.waitFor("Marie DUPONT · \(TmuxTests.marieAge) ans"))
        try tmux.send("6")
        #expect(try tmux.waitFor("6 Résultats"))
        #expect(try tmux.waitFor("Hémoglobine glyqu"))
        try tmux.send("/hba1c")
        try tmux.key("Enter")
        try tmux.key("Down")
        try tmux.key("Enter")
        let shown = try tmux.waitFor("dernière valeur \(value) %\(flag)")
        #expect(shown, "\((try? tmux.screen()) ?? "")")
        // The chart's cursor line says the same value, on its date.
        #expect(try tmux.waitFor("▸ \(hba1c.latest.date?.french ?? "") : \(value) %"))
        try tmux.key("Left")
        #expect(try tmux.waitFor("▸ \(hba1c.values[1].date?.french ?? "") : "))
        try tmux.key("Escape")
        Thread.sleep(forTimeInterval: 0.2)
        try tmux.send("q")
        #expect(try tmux.waitFor("PROMPT$"))
    }

    @Test("Marie revokes Jean BERNARD's access in the Accès pane; the audit log shows the change")
    func marieRevokesJean() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "HOME='\(fixture.folder.path)' \(CarnetBinary.url.path) --db \(fixture.path)")
        #expect(try tmux.waitFor("INS"))
        try tmux.send("258037511223324", enter: true)
        try tmux.send("marie-demo", enter: true)
        #expect(try tmux.waitFor("Marie DUPONT · \(TmuxTests.marieAge) ans"))
        // The export key writes her summary as a FHIR IPS file in ~/Carnet.
        try tmux.send("x")
        #expect(try tmux.waitFor("Synthèse exportée (FHIR IPS) : "))
        let exports = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.appendingPathComponent("Carnet").path)
        let ips = try Data(contentsOf: fixture.folder.appendingPathComponent("Carnet").appendingPathComponent(try #require(exports.first)))
        #expect(String(decoding: ips, as: UTF8.self).contains("\"code\" : \"60591-5\""))
        try tmux.send("9")
        #expect(try tmux.waitFor("Jean BERNARD (pharmacie) — lecture"))
        for _ in 0..<3 { try tmux.key("Down") }
        #expect(try tmux.waitFor("▸Jean BERNARD"))
        try tmux.send("r")
        #expect(try tmux.waitFor("Révoquer l'accès"))
        try tmux.key("Enter")
        #expect(try tmux.waitFor("Accès de Jean BERNARD révoqué."))
        try tmux.send("q")
        #expect(try tmux.waitFor("PROMPT$"))

        let log = try fixture.run(["audit", "log", "--ins", "258037511223324", "--json"])
        #expect(log.status == 0)
        let revocation = log.stdout.split(separator: "\n").first { $0.contains("revoke rpps:10003456786") }
        #expect(revocation?.contains("\"actor\":\"patient:258037511223324\"") == true)
        #expect(revocation?.contains("\"outcome\":\"allowed\"") == true)
        #expect(revocation?.contains("\"section\":\"access\"") == true)
        #expect(try fixture.run(["audit", "verify"]).status == 0)
    }

    @Test("kiosk: Paul prescribes amoxicilline to Marie and is warned; Claire does not find her; Jean sees Prescriptions not Antécédents; idle lock")
    func kiosk() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) kiosk --idle 5 --db \(fixture.path)")
        func signIn(_ rpps: String, _ pin: String) throws {
            #expect(try tmux.waitFor("personne n'est connecté"))
            try tmux.send(rpps)
            try tmux.key("Tab")
            try tmux.send(pin, enter: true)
        }
        func openMarie() throws {
            #expect(try tmux.waitFor("Rechercher un patient"))
            try tmux.send("258037511223324", enter: true)
            #expect(try tmux.waitFor("▸DUPONT Marie"))
            try tmux.key("Enter")
        }
        // q closes the record (back to the results), q again signs out.
        func signOut() throws {
            try tmux.send("q")
            #expect(try tmux.waitFor("q déconnexion"))
            try tmux.send("q")
            #expect(try tmux.waitFor("personne n'est connecté"))
        }

        try signIn("10001234565", "1234")
        #expect(try tmux.waitFor("KIOSQUE · Dr Paul MARTIN"))
        try openMarie()
        #expect(try tmux.waitFor("Marie DUPONT · \(TmuxTests.marieAge) ans"))
        // Ctrl-C does not end the kiosk.
        try tmux.key("C-c")
        try tmux.send("5")
        try tmux.send("n")
        #expect(try tmux.waitFor("Nouvelle prescription"))
        try tmux.send("amoxicilline 1 g")
        try tmux.key("Tab")
        try tmux.send("1 g matin et soir", enter: true)
        try tmux.key("Enter")
        #expect(try tmux.waitFor("ALLERGIE : Pénicilline"))
        try tmux.key("Escape")
        Thread.sleep(forTimeInterval: 0.2)
        try signOut()

        // Claire PETIT, whom Marie blocked, does not even find her: the search says no
        // patient matches, and Marie's record holds the refused search.
        try signIn("10004567896", "4567")
        #expect(try tmux.waitFor("Rechercher un patient"))
        try tmux.send("258037511223324", enter: true)
        #expect(try tmux.waitFor("Aucun patient ne correspond."))
        #expect(try !tmux.screen().contains("DUPONT"))
        // In the search field q is text; Esc clears the field, then signs out.
        try tmux.key("Escape")
        Thread.sleep(forTimeInterval: 0.2)
        try tmux.key("Escape")
        #expect(try tmux.waitFor("personne n'est connecté"))

        try signIn("10003456786", "3456")
        try openMarie()
        #expect(try tmux.waitFor("Marie DUPONT"))
        try tmux.send("5")
        #expect(try tmux.waitFor("Metformine 1000 mg"))
        try tmux.send("2")
        #expect(try tmux.waitFor("les pharmaciens n'ont pas accès au volet Antécédents"))
        // Five idle seconds: the screen holds no patient data, and the sign-in is back.
        #expect(try tmux.waitFor("Session verrouillée", seconds: 15))
        let locked = try tmux.screen()
        #expect(!locked.contains("DUPONT") && !locked.contains("258037511223324") && !locked.contains("Metformine"))

        let log = try fixture.run(["audit", "log", "--ins", "258037511223324", "--lang", "en"])
        #expect(log.stdout.split(separator: "\n").contains {
            $0.contains("Claire PETIT, nurse (RPPS 10004567896)") && $0.contains("patient search") && $0.contains("refused: the patient has blocked this professional")
        })
        #expect(log.stdout.contains("prescription held for confirmation: Amoxicilline 1 g; warnings: allergy (J01C)"))
        // Ctrl-\ and Ctrl-Z do nothing; only a signal from outside ends it, and the shell
        // gets a sane terminal back.
        try tmux.key("C-\\")
        try tmux.key("C-z")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try tmux.screen().contains("Session verrouillée"))
        try tmux.signalProgram("TERM")
        #expect(try tmux.waitFor("PROMPT$"))
        try tmux.send("stty -a | grep -o -- ' echo ' ; echo done-$((40+2))", enter: true)
        #expect(try tmux.waitFor("done-42"))
        #expect(try tmux.screen().contains(" echo "))
        // The kiosk drew on the alternate screen: the terminal's scrollback holds no patient.
        let history = try tmux.tmux(["capture-pane", "-t", "t", "-p", "-S", "-", "-E", "-"])
        #expect(history.contains("done-42"))
        #expect(!history.contains("DUPONT") && !history.contains("Pénicilline") && !history.contains("Metformine"))
    }

    @Test("emergency: Sophie LEROY breaks the glass on Marie (summary, countdown), is refused on Luc; audit, review, Marie's alert")
    func emergency() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) emergency --db \(fixture.path)")
        #expect(try tmux.waitFor("URGENCES · personne n'est connecté"))
        try tmux.send("10002345675")
        try tmux.key("Tab")
        try tmux.send("2345", enter: true)
        func breakGlass(_ ins: String) throws {
            #expect(try tmux.waitFor("Rechercher un patient"))
            try tmux.send(ins, enter: true)
            try tmux.key("Enter")
            #expect(try tmux.waitFor("Motif (1, 2 ou 3)"))
            try tmux.send("1")
            try tmux.key("Tab")
            try tmux.send("Patient inconscient aux urgences, aucun proche joignable.", enter: true)
            #expect(try tmux.waitFor("Confirmer le bris de glace"))
            try tmux.send("o")
        }
        try breakGlass("258037511223324")
        #expect(try tmux.waitFor("BRIS DE GLACE · reste 3:59:"))
        #expect(try tmux.waitFor("Pénicilline — sévère"))
        // Escape never ends a break-glass access: it says how.
        try tmux.key("Escape")
        #expect(try tmux.waitFor("Pour terminer l'accès en urgence : q."))
        // q asks, o ends it: another patient (the break-glass access on Marie stops).
        try tmux.send("q")
        #expect(try tmux.waitFor("Terminer l'accès en urgence ?"))
        try tmux.send("o")
        #expect(try tmux.waitFor("Rechercher un patient"))
        // Esc clears the search form (a second one, on an empty form, would sign out); a key
        // typed within the escape delay would join it as one sequence.
        try tmux.key("Escape")
        Thread.sleep(forTimeInterval: 0.2)
        try breakGlass("171026912345697")
        #expect(try tmux.waitFor("a refusé à l'avance l'accès en urgence"))
        try tmux.signalProgram("TERM")
        #expect(try tmux.waitFor("PROMPT$"))

        #expect(try fixture.run(["audit", "verify"]).status == 0)
        let log = try fixture.run(["audit", "log", "--json"]).stdout.split(separator: "\n")
        let start = log.first { $0.contains("\"action\":\"break-glass-start\"") && $0.contains("\"outcome\":\"allowed\"") }
        let stop = log.first { $0.contains("\"action\":\"break-glass-stop\"") }
        #expect(start?.contains("\"reason\":\"unable-to-express-will\"") == true)
        #expect(start?.contains("Patient inconscient aux urgences") == true)
        #expect(stop?.contains("\"reason\":\"unable-to-express-will\"") == true && stop?.contains("logout") == true)
        #expect(log.contains { $0.contains("\"patient\":\"171026912345697\"") && $0.contains("consent-refused:emergency-physician") })

        let pending = try fixture.run(["audit", "review", "--lang", "en"])
        #expect(pending.stdout.contains("who:           Dr Sophie LEROY, emergency physician (RPPS 10002345675)"))
        #expect(pending.stdout.contains("opened:        record header, Summary"))
        let seq = try #require(pending.stdout.split(separator: "\n").first { $0.hasPrefix("access ") }?.split(separator: " ")[1])
        let verdict = try fixture.run(["audit", "review", "--start", String(seq), "--verdict", "justified", "--comment", "Conforme."])
        #expect(verdict.status == 0)
        #expect(try fixture.run(["audit", "review", "--lang", "en"]).stdout.contains("no break-glass access awaiting review"))

        // Marie's next sign-in shows the alert before her record.
        let patient = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) --db \(fixture.path)")
        #expect(try patient.waitFor("INS"))
        try patient.send("258037511223324", enter: true)
        try patient.send("marie-demo", enter: true)
        #expect(try patient.waitFor("Accès en urgence (bris de glace)"))
        #expect(try patient.screen().contains("Dr Sophie LEROY"))
    }
}
