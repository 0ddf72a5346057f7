import CarnetModel
import CarnetStore
import Foundation
import GRDB
import Testing

@Suite("Reliability and secrets", .tags(.slow, .fault, .concurrency))
struct ReliabilityTests {
    func processes(_ count: Int, _ arguments: [String]) throws -> [[String: Int]] {
        var running: [(Process, Pipe)] = []
        for _ in 0..<count {
            let process = Process()
            let output = Pipe()
            process.executableURL = CarnetBinary.loadHarness
            process.arguments = arguments
            process.standardOutput = output
            try process.run()
            running.append((process, output))
        }
        return try running.map { process, output in
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["outcomes"] as? [String: Int] ?? [:]
        }
    }

    func total(_ outcomes: [[String: Int]], _ key: String) -> Int { outcomes.reduce(0) { $0 + ($1[key] ?? 0) } }

    @Test("brute force from concurrent processes: concurrent wrong PINs count once (the rest must wait), the password lock after 5")
    func bruteForce() throws {
        let fixture = try CLIFixture()
        let pins = try processes(3, ["--role", "guess-pin", "--attempts", "2", "--db", fixture.path])
        // Six guesses at once: one is checked and counted; the others come too soon after it.
        #expect(total(pins, "wrong") == 1 && total(pins, "too-soon") == 5 && total(pins, "in") == 0, "\(pins)")
        let passwords = try processes(3, ["--role", "guess-password", "--attempts", "3", "--db", fixture.path])
        #expect(total(passwords, "wrong") == 4 && total(passwords, "locked") == 5 && total(passwords, "in") == 0, "\(passwords)")
        // And after a restart, still blocked and locked, even with the right secrets.
        let database = try CarnetDatabase.open(path: fixture.path)
        // The card is not blocked (one wrong PIN counted), and once the wait is over the right PIN works.
        #expect(try !Credentials(database: database, cost: .testing).isBlocked(DemoAccounts.jeanBernard.rpps))
        let later = Credentials(database: database, cost: .testing, clock: { Date().addingTimeInterval(60) })
        #expect(try later.professionalLogin(rpps: DemoAccounts.jeanBernard.rpps, pin: "3456").familyName == "BERNARD")
        #expect(throws: LoginFailure.self) { try Credentials(database: database, cost: .testing).patientLogin(ins: DemoAccounts.marieINS, password: "marie-demo") }
        try database.close()
    }

    @Test("no password or PIN in clear in the database, its WAL or what the commands print; the files are 0600")
    func secrets() throws {
        let fixture = try CLIFixture()
        let pin = "86420"
        let password = "Zebre-Violet-Quatorze"
        let ins = try INS.completing("1850575111999")
        let added = try fixture.run(["professional", "add", "--rpps", try RPPS.completing("1000777666").digits, "--family-name", "SECRET",
                                       "--given-name", "Test", "--profession", "infirmier", "--with-pin"], stdin: pin + "\n")
        let registered = try fixture.run(["patient", "add", "--ins", ins.digits, "--family-name", "Secret", "--given-name", "Test",
                                          "--birth-date", "1985-05-05", "--with-password"], stdin: password + "\n")
        let printed = added.stdout + added.stderr + registered.stdout + registered.stderr
        // Sign-ins with the secrets while the database is open, so the WAL holds recent pages.
        let database = try CarnetDatabase.open(path: fixture.path)
        _ = try Credentials(database: database).patientLogin(ins: ins, password: password)
        _ = try? Credentials(database: database).patientLogin(ins: ins, password: password + "x")
        var files = [fixture.path]
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: fixture.path + suffix) { files.append(fixture.path + suffix) }
        #expect(files.count == 3, "the WAL is there to search")
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for secret in [pin, password] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(file)")
                #expect(bytes.range(of: Data(secret.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })) == nil, "\(secret) as UTF-16 in \(file)")
            }
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8))")
        }
        #expect(added.status == 0 && registered.status == 0, "\(printed)")
        #expect(!printed.contains(pin) && !printed.contains(password))
        let log = try fixture.run(["audit", "log", "--json"])
        #expect(!log.stdout.contains(pin) && !log.stdout.contains(password))
        try database.close()
    }

    @Test("a truncated database and one from a newer Carnet: one clear message, a non-zero exit, the file left as it was")
    func badDatabases() throws {
        let fixture = try CLIFixture()
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        let truncated = fixture.folder.appendingPathComponent("truncated.sqlite").path
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: truncated))
        let cut = try CarnetBinary.run(["audit", "verify", "--db", truncated])
        #expect(cut.status != 0 && cut.stderrLines.count == 1 && cut.stderr.hasPrefix("carnet: \(truncated): "), "\(cut.stderr)")
        #expect(cut.stderr.contains("damaged") || cut.stderr.contains("not a Carnet database"), "\(cut.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: truncated)) == whole.prefix(whole.count / 3))

        let newer = fixture.folder.appendingPathComponent("newer.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: newer)
        let queue = try DatabaseQueue(path: newer)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        func contents() throws -> [String] {
            let queue = try DatabaseQueue(path: newer)
            defer { try? queue.close() }
            return try queue.read { db in
                try String.fetchAll(db, sql: "SELECT type || ' ' || name FROM sqlite_master ORDER BY name")
                    + String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                    + [String(try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? -1)]
            }
        }
        let before = try contents()
        let future = try CarnetBinary.run(["audit", "log", "--db", newer])
        #expect(future.status == 1)
        #expect(future.stderrLines == ["carnet: \(newer): made by a newer Carnet (unknown migration 'v99-from-the-future'); update Carnet to open it"])
        // No migration run, no table touched, not even an audit event of the attempt.
        #expect(try contents() == before)
    }
}
