// The store's budgets (issue 9), on the million-patient demo database: find a patient by
// INS (p99 ≤ 1 ms), name-prefix search (p99 ≤ 10 ms), audit appends with durable commits
// (≥ 5 000 events/s), `audit verify` over 1 000 000 events (≤ 5 s).
import Benchmark
import CarnetModel
import CarnetStore
import Foundation

let databasePath = ProcessInfo.processInfo.environment["CARNET_BENCH_DB"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.data/million.sqlite").standardized.path

/// Unchecked: the benchmark runner calls a benchmark from one thread at a time.
final class Samples: @unchecked Sendable {
    static let prefixes = ["ma", "du", "be", "le", "ro", "pe", "mo", "fa", "gi", "la"]
    var generator = SplitMix(seed: 42)
    let inses: [INS]
    let names: [String]
    init(_ database: CarnetDatabase) throws {
        // INS and names of patients spread over the table, read once before measuring.
        var inses: [INS] = []
        var names: [String] = []
        let directory = Directory(database: database)
        for prefix in ["ma", "du", "be", "le", "ro", "pe", "mo", "fa", "gi", "la"] {
            for listing in try directory.searchPatients(name: prefix, birthDate: nil, after: nil, limit: 100).items {
                if let ins = listing.ins { inses.append(ins) }
                names.append(String(listing.familyName.prefix(3)).lowercased())
            }
        }
        self.inses = inses
        self.names = names
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

let benchmarks: @Sendable () -> Void = {
    guard FileManager.default.fileExists(atPath: databasePath) else { fatalError("no benchmark database at \(databasePath): run Benchmarks/run") }
    let database = try! CarnetDatabase.open(path: databasePath)
    let directory = Directory(database: database)
    let samples = try! Samples(database)

    Benchmark("Find a patient by INS (million-patient database)",
              configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(5), maxIterations: 20_000)) { benchmark in
        let ins = samples.inses[Int(samples.generator.next() % UInt64(samples.inses.count))]
        blackHole(try directory.patient(ins: ins))
    }

    Benchmark("Name-prefix search, first page of 50 (million-patient database)",
              configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(5), maxIterations: 5_000)) { benchmark in
        // The same ten prefixes as Benchmarks/sqlite3-floor.sh, for a like-for-like ratio.
        let name = Samples.prefixes[Int(samples.generator.next() % UInt64(Samples.prefixes.count))]
        blackHole(try directory.searchPatients(name: name, birthDate: nil, after: nil, limit: 50))
    }

    // A scratch database of its own: appends and verify must not grow the shared one.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-audit-bench-\(getpid()).sqlite").path
    let auditDatabase = try! CarnetDatabase.open(path: scratch, creating: true)
    let log = AuditLog(database: auditDatabase)
    Benchmark("Audit append, one durable commit each",
              configuration: .init(metrics: [.wallClock, .throughput], timeUnits: .microseconds, maxDuration: .seconds(5), maxIterations: 50_000)) { benchmark in
        try log.recordOperatorAction(.auditRead, context: .operatorAccount("benchmark"), detail: "benchmark append")
    }

    let millionEvents = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-verify-bench.sqlite").path
    Benchmark("audit verify over 1 000 000 events",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 3),
              closure: { benchmark in
                  let database = try CarnetDatabase.open(path: millionEvents)
                  let result = try AuditLog(database: database).verify()
                  precondition(result.count >= 1_000_000 && result.firstBreak == nil)
                  try database.close()
              },
              setup: {
                  guard !FileManager.default.fileExists(atPath: millionEvents) else { return }
                  let database = try CarnetDatabase.open(path: millionEvents, creating: true)
                  try AuditLog(database: database).appendForBenchmark(count: 1_000_000)
                  try database.close()
              })
}
