import Foundation
import Testing

/// A running carnet holds PINs, passwords and records in memory: no core file may take them
/// away, and a crash must not print Swift's backtrace (registers, memory) at a shared terminal.
@Suite("What a crash may expose")
struct ProcessHardeningTests {
    @Test("a running carnet has no core file size, runs with Swift's backtracer off, and says so in its environment")
    func runningProcess() throws {
        let fixture = try CLIFixture()
        // `patient add --with-password` waits for the password on standard input: a live
        // carnet to look at from outside.
        let process = Process()
        process.executableURL = CarnetBinary.url
        process.arguments = ["patient", "add", "--db", fixture.path, "--ins", "279035121518989", "--family-name", "X",
                             "--given-name", "Y", "--birth-date", "1979-03-05", "--with-password"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SWIFT_BACKTRACE")
        environment["CARNET_ANCHOR_FILE"] = ""
        environment["CARNET_AUDIT_KEY_FILE"] = ""
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        defer { process.terminate() }
        // The program runs itself again once with the backtracer off: wait for that run.
        let proc = "/proc/\(process.processIdentifier)"
        var environ = ""
        for _ in 0..<100 {
            environ = (try? String(decoding: Data(contentsOf: URL(fileURLWithPath: proc + "/environ")), as: UTF8.self)) ?? ""
            if environ.contains("SWIFT_BACKTRACE=") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(environ.split(separator: "\0").contains("SWIFT_BACKTRACE=enable=no"))
        let limits = try String(contentsOfFile: proc + "/limits", encoding: .utf8)
        let core = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        #expect(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(core)")
        try input.fileHandleForWriting.write(contentsOf: Data("un-mot-de-passe\n".utf8))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("a folder, /dev/null or a FIFO given as the database: one line saying what it is", arguments: [
        ("folder", "a folder, not a Carnet database file"),
        ("/dev/null", "a device, not a Carnet database file"),
        ("fifo", "a FIFO (named pipe), not a Carnet database file"),
    ])
    func notAFile(_ kind: String, _ words: String) throws {
        let fixture = try CLIFixture(demo: false)
        let path: String
        switch kind {
        case "folder": path = fixture.folder.path
        case "fifo":
            path = fixture.folder.appendingPathComponent("pipe").path
            #expect(mkfifo(path, 0o600) == 0)
        default: path = kind
        }
        let outcome = try CarnetBinary.run(["audit", "verify", "--db", path])
        #expect(outcome.status == 1)
        #expect(outcome.stderrLines == ["carnet: \(path): cannot open the database (\(words))"])
    }
}
