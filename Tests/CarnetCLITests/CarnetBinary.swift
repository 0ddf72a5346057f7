import CarnetModel
import CarnetStore
import Foundation
import Testing

/// Runs the built `carnet` binary as a person or a script would.
struct CarnetBinary {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// The binary sits beside the test bundle in the build folder.
    static let url = product("carnet")
    /// The load harness of the concurrency and brute-force tests (not part of the product).
    static let loadHarness = product("CarnetLoad")

    static func product(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/\(name)")
    }

    /// No audit key and no anchors: the default of every run, so that no test reads the
    /// operator's real key or appends anchors to the real `~/.local/state/carnet/anchors.log`
    /// (or the system log). A test of the seal gives its own paths in `environment`.
    static let unsealed = ["CARNET_AUDIT_KEY_FILE": "", "CARNET_ANCHOR_FILE": ""]

    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    seal: [String: String] = unsealed) throws -> Outcome {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        base.removeValue(forKey: "CARNET_DB")
        process.environment = base.merging(seal) { $1 }.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting, so a full pipe never blocks the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// A temporary folder with a small demo database built through the library (cheap scrypt,
/// so tests stay fast); the binary then works on it as on any Carnet file.
final class CLIFixture: @unchecked Sendable {
    // Immutable after init.
    let folder: URL
    let path: String

    init(demo: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("carnet.sqlite").path
        if demo {
            var builder = DemoDatabase(patients: 10, seed: 1)
            builder.cost = .testing
            try builder.build(at: path, replacing: false, context: .operatorAccount("fixture"))
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> CarnetBinary.Outcome {
        try CarnetBinary.run(arguments + ["--db", path], environment: environment, stdin: stdin)
    }
}

/// Runs a shell command line and reads what it prints (stdout and stderr together).
enum Shell {
    static func run(_ command: String) throws -> (status: Int32, output: String) {
        guard let pipe = popen(command + " 2>&1", "r") else { throw CarnetFailureForTests("cannot run \(command)") }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        let status = pclose(pipe)
        return ((status >> 8) & 0xff, String(decoding: output, as: UTF8.self))
    }
}

/// Files written by other systems, kept in the repository under Tests/Fixtures (provenance,
/// licences and checksums in each folder's SOURCES.md).
enum TestFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let fhir = root.appendingPathComponent("fhir")
    static let cda = root.appendingPathComponent("cda")
}
