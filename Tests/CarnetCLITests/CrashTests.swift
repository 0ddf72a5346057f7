import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("Faults", .tags(.slow, .crash))
struct CrashTests {
    static let fixtures = TestFixtures.fhir

    @Test("SIGKILL at random points of carnet import, 200 times: the file is sound, the bundle whole or absent, the trail verifies")
    func killDuringImport() throws {
        let fixture = try CLIFixture()
        let bundle = CrashTests.fixtures.appendingPathComponent("synthea-smart_Gil_Sanford_6642609a.json").path
        var generator = SystemRandomNumberGenerator()
        var whole = 0, absent = 0
        // How long a whole import takes here, so the kills spread over all of it.
        var durations: [Double] = []
        for run in 0..<3 {
            let copy = fixture.folder.appendingPathComponent("calibrate-\(run).sqlite").path
            try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
            let started = Date()
            let outcome = try CarnetBinary.run(["import", "--db", copy, bundle])
            #expect(outcome.status == 0)
            durations.append(Date().timeIntervalSince(started))
        }
        let span = UInt32(durations.sorted()[1] * 1.3 * 1_000_000)
        for run in 0..<200 {
            let copy = fixture.folder.appendingPathComponent("run-\(run).sqlite").path
            try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
            let process = Process()
            process.executableURL = CarnetBinary.url
            process.arguments = ["import", "--db", copy, bundle]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // From the program's start to past its commit: the kill lands anywhere.
            usleep(UInt32.random(in: 0...span, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let database = try CarnetDatabase.open(path: copy)
            #expect(try database.integrityCheck() == "ok", "run \(run)")
            #expect(try AuditLog(database: database).verify().firstBreak == nil, "run \(run)")
            let found = try Directory(database: database).searchPatients(name: "sanford", birthDate: nil, after: nil, limit: 5).items
            if let gil = found.first {
                let store = RecordStore(database: database, policy: try .standard())
                let context = AccessContext.operatorAccount("test")
                #expect(found.count == 1)
                #expect(try store.history(of: gil.id, context: context).count == 77, "run \(run): part of the bundle")
                // 98 Observations and reports, 9 of them blood pressures stored as two results each.
                #expect(try store.results(of: gil.id, context: context).count == 107, "run \(run)")
                #expect(try store.reimbursements(of: gil.id, context: context).count == 87, "run \(run)")
                whole += 1
            } else {
                absent += 1
            }
            try database.close()
            try? FileManager.default.removeItem(atPath: copy)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
        // Both outcomes happen: the kills land before and after the commit.
        #expect(whole > 0 && absent > 0, "whole \(whole), absent \(absent)")
        print("crash test: 200 kills over \(span / 1000) ms, bundle whole \(whole) times, absent \(absent) times, never partial")
    }
}

@Suite("Full disk and read-only database", .tags(.slow, .fault))
struct DiskTests {
    let bundle = CrashTests.fixtures.appendingPathComponent("synthea-smart_Gil_Sanford_6642609a.json").path

    func checkSound(_ path: String) throws {
        let database = try CarnetDatabase.open(path: path)
        #expect(try database.integrityCheck() == "ok")
        #expect(try AuditLog(database: database).verify().firstBreak == nil)
        #expect(try Directory(database: database).searchPatients(name: "sanford", birthDate: nil, after: nil, limit: 5).items.isEmpty)
        try database.close()
    }

    @Test("under a file-size limit: one clear message, nothing half-written, the database still verifies")
    func fileSizeLimit() throws {
        let fixture = try CLIFixture()
        // 48 KB per file (sh counts 512-byte blocks): room for SQLite's shared-memory index
        // and the first pages of the WAL, not for the bundle's transaction.
        let blocks = 96
        let outcome = try Shell.run("ulimit -f \(blocks); exec '\(CarnetBinary.url.path)' import --db '\(fixture.path)' '\(bundle)'")
        #expect(outcome.status == 1)
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("carnet: ") == true && outcome.output.contains("the disk is full; nothing was changed"),
                "\(outcome.output)")
        try checkSound(fixture.path)
    }

    @Test("on a full small filesystem too", .enabled(if: getuid() == 0, "mounting a small tmpfs needs root; the file-size limit covers the rest"))
    func smallFilesystem() throws {
        let fixture = try CLIFixture()
        let mount = fixture.folder.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let size = try FileManager.default.attributesOfItem(atPath: fixture.path)[.size] as? Int ?? 0
        #expect(try Shell.run("mount -t tmpfs -o size=\(size / 1024 + 96)k tmpfs '\(mount)'").status == 0)
        defer { _ = try? Shell.run("umount '\(mount)'") }
        let path = mount + "/carnet.sqlite"
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let outcome = try CarnetBinary.run(["import", "--db", path, bundle])
        #expect(outcome.status == 1)
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("the disk is full"), "\(outcome.stderr)")
        try checkSound(path)
    }

    @Test("a database that cannot be written: each command says so in one line and the file is untouched")
    func readOnly() throws {
        let fixture = try CLIFixture()
        // Root ignores file modes: the immutable attribute stops it too.
        let lock = getuid() == 0 ? "chattr +i" : "chmod 0400"
        let unlock = getuid() == 0 ? "chattr -i" : "chmod 0600"
        #expect(try Shell.run("\(lock) '\(fixture.path)'").status == 0)
        defer { _ = try? Shell.run("\(unlock) '\(fixture.path)'") }
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        for arguments in [["import", bundle], ["audit", "verify"], ["export", "--ins", "258037511223324"],
                          ["professional", "unblock", "--rpps", "10004567896"]] {
            let outcome = try fixture.run(arguments)
            #expect(outcome.status == 1, "\(arguments[0])")
            #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("cannot be written (read-only file or folder)"),
                    "\(arguments[0]): \(outcome.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path)) == before)
        _ = try Shell.run("\(unlock) '\(fixture.path)'")
        try checkSound(fixture.path)
    }
}
