import CarnetStore
import Foundation
import Testing

/// Drives the real `carnet` binary in tmux, as a person at a terminal would.
final class TmuxSession {
    let socket = "carnet-test-\(UUID().uuidString.prefix(8))"

    init(width: Int, height: Int, command: String) throws {
        try tmux(["new-session", "-d", "-s", "t", "-x", String(width), "-y", String(height), "bash --norc --noprofile"])
        try send("export PS1='PROMPT$ ' TERM=xterm-256color LANG=C.UTF-8; " + command, enter: true)
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs tmux through the shell with popen: Foundation's Process does not return here
    /// once the forked tmux server holds on to the child's descriptors.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let capturing = arguments.first == "capture-pane"
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

@Suite("End to end in tmux")
struct TmuxTests {
    @Test("Marie signs in, presses 3, reads Pénicilline; resize; q gives back a sane shell")
    func marieReadsHerAllergy() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) --db \(fixture.path)")
        #expect(try tmux.waitFor("INS"))
        try tmux.send("258037511223324", enter: true)
        try tmux.send("marie-demo", enter: true)
        #expect(try tmux.waitFor("Marie DUPONT · 68 ans"))
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

    @Test("Marie revokes Jean BERNARD's access in the Accès pane; the audit log shows the change")
    func marieRevokesJean() throws {
        let fixture = try CLIFixture()
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CarnetBinary.url.path) --db \(fixture.path)")
        #expect(try tmux.waitFor("INS"))
        try tmux.send("258037511223324", enter: true)
        try tmux.send("marie-demo", enter: true)
        #expect(try tmux.waitFor("Marie DUPONT · 68 ans"))
        try tmux.send("8")
        #expect(try tmux.waitFor("Jean BERNARD (pharmacien) — lecture"))
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
}
