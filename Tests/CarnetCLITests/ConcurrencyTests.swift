import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("Concurrency", .tags(.slow, .concurrency))
struct ConcurrencyTests {
    @Test("8 processes for 30 s (kiosk reads, break-glass sessions, imports, audit appends): no error reaches a user, every operation is audited")
    func eightProcesses() throws {
        let fixture = try CLIFixture()
        let before = try AuditLog(database: try CarnetDatabase.open(path: fixture.path)).head().count
        let roles = ["kiosk", "kiosk", "emergency", "emergency", "import", "import", "audit", "audit"]
        var processes: [(Process, Pipe)] = []
        for (worker, role) in roles.enumerated() {
            let process = Process()
            let output = Pipe()
            process.executableURL = CarnetBinary.loadHarness
            process.arguments = ["--role", role, "--seconds", "30", "--worker", String(worker), "--db", fixture.path]
            process.standardOutput = output
            process.standardError = output
            try process.run()
            processes.append((process, output))
        }
        var operations = 0, events = 0
        for (process, output) in processes {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(String(decoding: data, as: UTF8.self))")
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let errors = report["errors"] as? [String] ?? ["no report"]
            #expect(errors.isEmpty, "\(report["role"] ?? "?"): \(errors.prefix(3))")
            operations += report["operations"] as? Int ?? 0
            events += report["events"] as? Int ?? 0
        }
        let database = try CarnetDatabase.open(path: fixture.path)
        let after = try AuditLog(database: database).head().count
        #expect(after - before == events, "audit events \(after - before), operations' events \(events)")
        #expect(try database.integrityCheck() == "ok")
        #expect(try AuditLog(database: database).verify().firstBreak == nil)
        #expect(operations > 1_000)
        print("concurrency test: 8 processes, 30 s, \(operations) operations, \(events) audit events, 0 errors")
        try database.close()
    }
}
