import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("Faults")
struct CrashTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/fixtures/fhir").standardized

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
                #expect(try store.results(of: gil.id, context: context).count == 98, "run \(run)")
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
