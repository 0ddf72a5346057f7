import Foundation
import Testing

/// The real `carnet emergency` in tmux, ended from outside in the middle of a break-glass
/// access: a signal, the terminal going away, a crash. Each must leave a stop event.
@Suite("Emergency terminal ended from outside", .tags(.slow, .tmux))
struct EmergencyHangUpTests {
    /// Sophie LEROY breaks the glass on Marie and reads her emergency summary.
    func breakGlassOnMarie(_ tmux: TmuxSession, notice: String? = nil) throws {
        #expect(try tmux.waitFor("URGENCES · personne n'est connecté"))
        try tmux.send("10002345675")
        try tmux.key("Tab")
        try tmux.send("2345", enter: true)
        #expect(try tmux.waitFor("Rechercher un patient"))
        if let notice { #expect(try tmux.waitFor(notice)) }
        try tmux.send("258037511223324", enter: true)
        #expect(try tmux.waitFor("▸DUPONT Marie"))
        try tmux.key("Enter")
        #expect(try tmux.waitFor("Motif (1, 2 ou 3)"))
        try tmux.send("2")
        try tmux.key("Tab")
        try tmux.send("Arrêt cardiaque en salle d'attente, patiente inconsciente.", enter: true)
        #expect(try tmux.waitFor("Confirmer le bris de glace"))
        try tmux.send("o")
        #expect(try tmux.waitFor("BRIS DE GLACE · reste"))
        #expect(try tmux.waitFor("Pénicilline — sévère"))
    }

    /// The break-glass stop events in the audit log, as JSON lines.
    func stops(_ fixture: CLIFixture) throws -> [Substring] {
        try fixture.run(["audit", "log", "--json"]).stdout.split(separator: "\n").filter { $0.contains("\"action\":\"break-glass-stop\"") }
    }

    /// Waits until the audit log holds `count` stops (the program writes its stop as it exits).
    func waitForStops(_ fixture: CLIFixture, count: Int, seconds: Double = 15) throws -> [Substring] {
        let deadline = Date().addingTimeInterval(seconds)
        var found = try stops(fixture)
        while found.count < count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            found = try stops(fixture)
        }
        return found
    }

    @Test("SIGHUP mid-access: the stop event says hangup, the shell gets a sane terminal back and status 129")
    func hangup() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) emergency --db \(fixture.path); echo status-$?")
        try breakGlassOnMarie(tmux)
        #expect(try stops(fixture).isEmpty)
        try tmux.signalProgram("HUP")
        #expect(try tmux.waitFor("status-129"))
        let stop = try #require(try stops(fixture).first)
        #expect(stop.contains("\"actor\":\"rpps:10002345675\"") && stop.contains("\"patient\":\"258037511223324\""))
        #expect(stop.contains(" hangup\""), "\(stop)")
        #expect(try fixture.run(["audit", "verify"]).status == 0)
        // The terminal was given back after the stop was written: it echoes again, and
        // nothing of the record is left on it.
        try tmux.send("stty -a | grep -o -- ' echo ' ; echo done-$((40+2))", enter: true)
        #expect(try tmux.waitFor("done-42"))
        #expect(try tmux.screen().contains(" echo "))
        #expect(try !tmux.screen().contains("Pénicilline"))
    }

    @Test("the terminal goes away mid-access (its window killed): the stop event is written all the same")
    func terminalLost() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) emergency --db \(fixture.path)")
        try breakGlassOnMarie(tmux)
        try tmux.tmux(["kill-server"])
        let stop = try #require(try waitForStops(fixture, count: 1).first)
        // The shell passes the hang-up on as SIGHUP; the terminal's end may be seen first.
        #expect(stop.contains(" hangup\"") || stop.contains(" terminal-lost\""), "\(stop)")
        #expect(try fixture.run(["audit", "verify"]).status == 0)
    }

    @Test("killed outright (SIGKILL) mid-access: the doctor's next sign-in closes the access and says so; the review shows it")
    func closedAtNextSignIn() throws {
        let fixture = try CLIFixture()
        let command = "\(CarnetBinary.url.path) emergency --db \(fixture.path)"
        let tmux = try TmuxSession(width: 100, height: 30, command: command)
        try breakGlassOnMarie(tmux)
        try tmux.signalProgram("KILL")
        #expect(try tmux.waitFor("PROMPT$"))
        Thread.sleep(forTimeInterval: 0.3)
        // Nothing could run: no stop, the access open in the trail.
        #expect(try stops(fixture).isEmpty)
        #expect(try fixture.run(["audit", "review", "--lang", "en"]).stdout.contains("not stopped (bounded by its window"))
        try tmux.send("stty sane; " + command, enter: true)
        try breakGlassOnMarie(tmux, notice: "Un accès d'urgence resté ouvert a été clos et tracé.")
        let closed = try #require(try stops(fixture).first)
        #expect(closed.contains(" not-stopped: closed at next sign-in\""), "\(closed)")
        #expect(try fixture.run(["audit", "review", "--lang", "en"]).stdout.contains("; ended: never stopped: closed at the professional's next sign-in"))
        // The second access ends on SIGTERM, with its own stop.
        try tmux.signalProgram("TERM")
        #expect(try tmux.waitFor("PROMPT$"))
        let all = try waitForStops(fixture, count: 2)
        #expect(all.count == 2 && all.last?.contains(" terminated\"") == true, "\(all)")
        #expect(try fixture.run(["audit", "verify"]).status == 0)
    }
}
