import ArgumentParser
import CarnetStore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a deterministic database of synthetic French patients.",
        discussion: "The same seed gives the same records. The demo accounts of README.md are always in it."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many patients, the two demo accounts included.")
    var patients: Int = 200

    @Option(help: "The seed of the synthetic records.")
    var seed: UInt64 = 1

    @Flag(help: "Replace a database already at the path.")
    var force = false

    func run() throws {
        let path = database.path
        let started = Date()
        let onTerminal = isatty(STDERR_FILENO) == 1
        var lastTenth = -1
        try DemoDatabase(patients: patients, seed: seed).build(at: path, replacing: force, context: OperatorIdentity.context) { written, total in
            // A progress line redrawn in place on a terminal; a line per tenth in a log.
            if onTerminal {
                FileHandle.standardError.write(Data("\rbuilding demo database: \(written) / \(total) patients".utf8))
            } else if written * 10 / total != lastTenth {
                lastTenth = written * 10 / total
                FileHandle.standardError.write(Data("building demo database: \(written) / \(total) patients\n".utf8))
            }
        }
        if onTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "demo database: %d patients (seed %llu) at %@, %.1f MB, built in %.1f s",
                     patients, seed, path, Double(size) / 1_048_576, seconds))
    }
}
