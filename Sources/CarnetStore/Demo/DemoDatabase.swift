import CarnetModel
import Crypto
import Foundation
import GRDB

/// Builds a deterministic database of synthetic French patients: same seed, same records.
///
/// ```swift
/// try DemoDatabase(patients: 200, seed: 1).build(at: path, replacing: false, context: .operatorAccount("me"))
/// ```
public struct DemoDatabase: Sendable {
    public let patients: Int
    public let seed: UInt64
    /// Lowered only by tests; the binary always hashes demo secrets at production cost.
    public var cost: ScryptCost = .production

    /// Dates in demo records are fixed relative to this day, not to the clock, so that the
    /// same seed gives the same database on any day.
    public static let anchor = CalendarDate(year: 2026, month: 6, day: 30)!
    /// The store's clock value for demo grants and blocks, for the same reason.
    static let anchorDate = Date(timeIntervalSince1970: TimeInterval(anchor.daysSinceEpoch * 86_400))

    public init(patients: Int = 200, seed: UInt64 = 1) {
        self.patients = patients
        self.seed = seed
    }

    /// Builds into a temporary file beside `path` and moves it into place at the end, so an
    /// interrupted build leaves no half-written database behind.
    ///
    /// - Parameters:
    ///   - replacing: replace a database already at `path` (`--force`).
    ///   - progress: called with (patients written, patients in all) after each batch.
    /// - Throws: `StoreError.alreadyExists` unless `replacing`; `StoreError.invalidInput` for fewer than 2 patients.
    public func build(at path: String, replacing: Bool, context: AccessContext,
                      progress: (Int, Int) -> Void = { _, _ in }) throws {
        guard patients >= 2 else { throw StoreError.invalidInput("--patients must be at least 2 (the demo accounts)") }
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) && !replacing { throw StoreError.alreadyExists(path: path) }
        let building = path + ".building-\(getpid())"
        func removeFiles(_ base: String) {
            for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: base + suffix) }
        }
        removeFiles(building)
        do {
            let vocabulary = try DemoVocabulary.load()
            // Create and migrate, then bulk-load through a connection of its own with no
            // journal (the file is not in place until the end, so a crash only loses a
            // temporary file), then reopen as any Carnet database to audit the build.
            try CarnetDatabase.open(path: building, creating: true).close()
            do {
                try fill(at: building, vocabulary: vocabulary, progress: progress)
            } catch let error as DatabaseError {
                throw StoreError.from(error, path: building)
            }
            let database = try CarnetDatabase.open(path: building)
            try AuditLog(database: database).append(AuditDraft(context: context, patient: nil, action: .demo,
                                                               detail: "demo database: \(patients) patients, seed \(seed)"))
            try database.checkpoint()
            try database.close()
            for suffix in ["-wal", "-shm"] { try? fileManager.removeItem(atPath: building + suffix) }
            // A stale WAL beside the new file would be replayed into it: remove the old one first.
            removeFiles(path)
            guard rename(building, path) == 0 else {
                throw StoreError.cannotOpen(path: path, detail: String(cString: strerror(errno)))
            }
        } catch {
            removeFiles(building)
            throw error
        }
    }

    private func fill(at path: String, vocabulary: DemoVocabulary, progress: (Int, Int) -> Void) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? database.close() }
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
        }
        var generator = SeededGenerator(seed: seed)
        let professionals = DemoProfessionals(count: max(20, patients / 400), generator: &generator, vocabulary: vocabulary)
        let hashes = try accountHashes()
        try database.write { db in
            for professional in professionals.all { try ProfessionalRow.insert(professional, in: db) }
            let (marie, luc) = try DemoAccounts.insert(in: db)
            try Credentials.storePatientHash(hashes.marie, for: marie, in: db)
            try Credentials.storePatientHash(hashes.luc, for: luc, in: db)
            for (rpps, hash) in hashes.professionals { try Credentials.storeProfessionalHash(hash, for: rpps, in: db) }
        }
        progress(2, patients)
        // One core generates the next batch while the other writes this one: the writer is
        // single, so two cores only help if generation runs beside it.
        let record = DemoRecordGenerator(vocabulary: vocabulary, professionals: professionals, anchor: DemoDatabase.anchor)
        let batches = DemoBatches(capacity: 2)
        let batchSize = 5_000
        let total = patients
        let producerGenerator = generator
        Thread.detachNewThread {
            var generator = producerGenerator
            var next = 2
            while next < total, !batches.isCancelled {
                let end = min(total, next + batchSize)
                batches.put((next..<end).map { record.makePatient(index: $0, generator: &generator) })
                next = end
            }
            batches.finish()
        }
        defer { batches.cancel() }
        var written = 2
        while let batch = batches.take() {
            try database.write { db in
                var results = DemoResultRows()
                for patient in batch { try DemoRecordGenerator.insert(patient, results: &results, in: db) }
                try results.flush(in: db)
            }
            written += batch.count
            progress(written, patients)
        }
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
    }

    /// Demo secrets are public, so their salts come from the seed: the whole database then
    /// depends on the seed alone.
    private func accountHashes() throws -> (marie: String, luc: String, professionals: [(RPPS, String)]) {
        let seed = seed
        @Sendable func salt(_ name: String) -> [UInt8] {
            Array(SHA256.hash(data: Data("carnet-demo|\(seed)|\(name)".utf8)).prefix(16))
        }
        // Six scrypt hashes at production cost take a few seconds: run them side by side.
        let secrets: [(String, String)] = [("marie", DemoAccounts.mariePassword), ("luc", DemoAccounts.lucPassword)]
            + DemoAccounts.pins.map { ($0.0.rpps.digits, $0.1) }
        let results = ResultsBox(count: secrets.count)
        let cost = cost
        DispatchQueue.concurrentPerform(iterations: secrets.count) { index in
            let (name, secret) = secrets[index]
            results.set(index, Result { try SecretHash.make(secret, cost: cost, salt: salt(name)) })
        }
        let hashes = try results.values.map { try $0!.get() }
        return (hashes[0], hashes[1], zip(DemoAccounts.pins.map(\.0.rpps), hashes.dropFirst(2)).map { ($0, $1) })
    }
}

/// Collects the results of concurrent hashing.
private final class ResultsBox: @unchecked Sendable {
    // Guarded by `lock`: each slot is written once by one worker.
    private let lock = NSLock()
    private var slots: [Result<String, Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<String, Error>) { lock.withLock { slots[index] = value } }
    var values: [Result<String, Error>?] { lock.withLock { slots } }
}

/// A bounded hand-off of generated batches from the generating thread to the writer.
private final class DemoBatches: @unchecked Sendable {
    // Every field is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [[DemoPatient]] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var isCancelled: Bool { condition.withLock { cancelled } }

    func put(_ batch: [DemoPatient]) {
        condition.lock()
        while queue.count >= capacity && !cancelled { condition.wait() }
        if !cancelled { queue.append(batch) }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil when generation is over.
    func take() -> [DemoPatient]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        condition.broadcast()
        return queue.removeFirst()
    }

    func finish() { condition.withLock { finished = true; condition.broadcast() } }

    /// Stops the generator when the writer fails, so it does not wait forever.
    func cancel() { condition.withLock { cancelled = true; finished = true; condition.broadcast() } }
}
