import CarnetModel
import Foundation
import GRDB

/// A fact of the record's access state that the trail does not account for: a row written
/// behind the store's back (sqlite3, a script), or one removed that way.
public struct UnexplainedState: Equatable, Sendable, CustomStringConvertible {
    /// The table holding the fact: `access_grant`, `access_block`, `patient` (consents), `document` (masks).
    public let table: String
    /// The patient's audit name (INS, or `carnet:<id>`).
    public let patient: String
    /// The fact, in words: "RPPS 10003456786, read".
    public let fact: String
    public let problem: String

    public var description: String { "\(table): patient \(patient), \(fact): \(problem)" }
}

/// What replaying the trail said about the current access state.
public struct StateReplay: Equatable, Sendable {
    /// Events read.
    public let events: Int
    /// The demo setup events whose rows were rebuilt and accepted.
    public let demoSetups: [Int64]
    public let unexplained: [UnexplainedState]
}

extension AuditLog {
    /// Replays the grants, blocks, break-glass consents and document masks from their audit
    /// events and names every current row (or missing row) that no event explains.
    ///
    /// The demo builder writes its records directly, then one `demo` event ("demo database:
    /// 200 patients, seed 1"). That event explains exactly what the demo with that size and
    /// seed writes: the demo is deterministic, so the replay rebuilds its access facts in
    /// memory with the demo's own generator and takes them as the event's effect. A row the
    /// demo would not have written is not explained by it.
    public func replayState() throws -> StateReplay {
        try database.read { db in
            var expected = AccessState()
            var demoSetups: [Int64] = []
            var events = 0
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT seq, patient, action, detail FROM audit_event
                WHERE outcome = 'allowed' AND action IN ('write', 'demo') ORDER BY seq
                """)
            while let row = try cursor.next() {
                events += 1
                let seq: Int64 = row[0]
                let action: String = row[2]
                guard let detail: String = row[3] else { continue }
                if action == AuditAction.demo.rawValue {
                    if let (patients, seed) = AccessState.demoSetup(detail) {
                        expected.merge(try AccessState.demo(patients: patients, seed: seed), seq: seq)
                        demoSetups.append(seq)
                    }
                } else if let patient: String = row[1] {
                    expected.apply(detail, patient: patient, seq: seq)
                }
            }
            let current = try AccessState.read(from: db)
            return StateReplay(events: events, demoSetups: demoSetups, unexplained: expected.differences(from: current))
        }
    }
}

/// The access facts of every record, as the tables hold them or as the trail says they should be.
struct AccessState {
    struct Fact<Value: Equatable> {
        var value: Value
        /// The event that set it (0: read from the tables).
        var seq: Int64
    }

    /// patient → RPPS → level.
    var grants: [String: [String: Fact<String>]] = [:]
    /// patient → RPPS.
    var blocks: [String: [String: Fact<Bool>]] = [:]
    /// patient → consent kind → allowed; absent: the column's default, allowed.
    var consents: [String: [String: Fact<Bool>]] = [:]
    /// document id → (patient, masked); absent: not masked.
    var masks: [Int64: (patient: String, fact: Fact<Bool>)] = [:]

    // MARK: Replaying events

    /// Applies one allowed write event, by its detail as `RecordStore` words it.
    mutating func apply(_ detail: String, patient: String, seq: Int64) {
        let words = detail.split(separator: " ").map(String.init)
        func rpps(_ word: String) -> String? { word.hasPrefix("rpps:") ? String(word.dropFirst(5)) : nil }
        switch words.first {
        case "grant" where words.count == 4 && words[2] == "to":
            if let rpps = rpps(words[3]) { grants[patient, default: [:]][rpps] = Fact(value: words[1], seq: seq) }
        case "revoke" where words.count == 2:
            if let rpps = rpps(words[1]) { grants[patient]?[rpps] = nil }
        case "block" where words.count == 2:
            if let rpps = rpps(words[1]) { blocks[patient, default: [:]][rpps] = Fact(value: true, seq: seq) }
        case "unblock" where words.count == 2:
            if let rpps = rpps(words[1]) { blocks[patient]?[rpps] = nil }
        case "break-glass" where words.count == 4 && words[1] == "consent" && words[2].hasSuffix(":"):
            let kind = String(words[2].dropLast())
            if BreakGlassConsentKind(rawValue: kind) != nil, words[3] == "allowed" || words[3] == "refused" {
                consents[patient, default: [:]][kind] = Fact(value: words[3] == "allowed", seq: seq)
            }
        case "mask" where words.count == 3 && words[1] == "document", "unmask" where words.count == 3 && words[1] == "document":
            if let id = Int64(words[2]) { masks[id] = (patient, Fact(value: words[0] == "mask", seq: seq)) }
        default:
            break
        }
    }

    /// Takes another state's facts (a demo's) as set by event `seq`.
    mutating func merge(_ other: AccessState, seq: Int64) {
        for (patient, byRPPS) in other.grants {
            for (rpps, fact) in byRPPS { grants[patient, default: [:]][rpps] = Fact(value: fact.value, seq: seq) }
        }
        for (patient, byRPPS) in other.blocks {
            for (rpps, fact) in byRPPS { blocks[patient, default: [:]][rpps] = Fact(value: fact.value, seq: seq) }
        }
        for (patient, byKind) in other.consents {
            for (kind, fact) in byKind { consents[patient, default: [:]][kind] = Fact(value: fact.value, seq: seq) }
        }
        for (id, mask) in other.masks { masks[id] = (mask.patient, Fact(value: mask.fact.value, seq: seq)) }
    }

    // MARK: Reading the tables

    static func read(from db: Database) throws -> AccessState {
        var state = AccessState()
        let name = "coalesce(p.ins, 'carnet:' || p.id)"
        for row in try Row.fetchAll(db, sql: "SELECT \(name), g.professional_rpps, g.level FROM access_grant g JOIN patient p ON p.id = g.patient_id") {
            state.grants[row[0], default: [:]][row[1]] = Fact(value: row[2], seq: 0)
        }
        for row in try Row.fetchAll(db, sql: "SELECT \(name), b.professional_rpps FROM access_block b JOIN patient p ON p.id = b.patient_id") {
            state.blocks[row[0], default: [:]][row[1]] = Fact(value: true, seq: 0)
        }
        // Only refused consents are rows to explain: allowed is the default every patient starts with.
        for row in try Row.fetchAll(db, sql: "SELECT \(name), p.consent_emergency, p.consent_samu FROM patient p WHERE NOT (p.consent_emergency AND p.consent_samu)") {
            state.consents[row[0], default: [:]][BreakGlassConsentKind.emergencyPhysician.rawValue] = Fact(value: row[1], seq: 0)
            state.consents[row[0], default: [:]][BreakGlassConsentKind.samuRegulator.rawValue] = Fact(value: row[2], seq: 0)
        }
        for row in try Row.fetchAll(db, sql: "SELECT d.id, \(name) FROM document d JOIN patient p ON p.id = d.patient_id WHERE d.masked") {
            state.masks[row[0]] = (row[1], Fact(value: true, seq: 0))
        }
        return state
    }

    // MARK: Comparing

    /// Every fact of `current` the replay does not have, and every replayed fact `current` lacks.
    func differences(from current: AccessState) -> [UnexplainedState] {
        var found: [UnexplainedState] = []
        func add(_ table: String, _ patient: String, _ fact: String, _ problem: String) {
            found.append(UnexplainedState(table: table, patient: patient, fact: fact, problem: problem))
        }
        let noEvent = "no audit event explains it"
        for patient in Set(grants.keys).union(current.grants.keys).sorted() {
            let replayed = grants[patient] ?? [:], actual = current.grants[patient] ?? [:]
            for rpps in Set(replayed.keys).union(actual.keys).sorted() {
                switch (replayed[rpps], actual[rpps]) {
                case let (nil, row?): add("access_grant", patient, "RPPS \(rpps), \(row.value)", noEvent)
                case let (event?, nil):
                    add("access_grant", patient, "RPPS \(rpps)", "missing, though event \(event.seq) granted \(event.value) and no event revoked it")
                case let (event?, row?) where event.value != row.value:
                    add("access_grant", patient, "RPPS \(rpps), \(row.value)", "\(noEvent) (event \(event.seq) granted \(event.value))")
                default: break
                }
            }
        }
        for patient in Set(blocks.keys).union(current.blocks.keys).sorted() {
            let replayed = blocks[patient] ?? [:], actual = current.blocks[patient] ?? [:]
            for rpps in Set(replayed.keys).union(actual.keys).sorted() {
                switch (replayed[rpps], actual[rpps]) {
                case (nil, _?): add("access_block", patient, "RPPS \(rpps)", noEvent)
                case let (event?, nil): add("access_block", patient, "RPPS \(rpps)", "missing, though event \(event.seq) blocked and no event unblocked")
                default: break
                }
            }
        }
        for patient in Set(consents.keys).union(current.consents.keys).sorted() {
            for kind in [BreakGlassConsentKind.emergencyPhysician.rawValue, BreakGlassConsentKind.samuRegulator.rawValue] {
                let replayed = consents[patient]?[kind], actual = current.consents[patient]?[kind]
                let (expected, now) = (replayed?.value ?? true, actual?.value ?? true)
                guard expected != now else { continue }
                add("patient", patient, "break-glass consent \(kind) \(now ? "allowed" : "refused")",
                    replayed.map { "\(noEvent) (event \($0.seq) set it \($0.value ? "allowed" : "refused"))" } ?? noEvent)
            }
        }
        for id in Set(masks.keys).union(current.masks.keys).sorted() {
            let replayed = masks[id], actual = current.masks[id]
            let (expected, now) = (replayed?.fact.value ?? false, actual?.fact.value ?? false)
            guard expected != now, let patient = actual?.patient ?? replayed?.patient else { continue }
            if now {
                add("document", patient, "document \(id) masked", noEvent)
            } else {
                add("document", patient, "document \(id) not masked", "\(noEvent) (event \(replayed!.fact.seq) masked it and no event unmasked it)")
            }
        }
        return found
    }

    // MARK: The demo's own setup

    /// The size and seed of a demo from its event's detail ("demo database: 200 patients, seed 1").
    static func demoSetup(_ detail: String) -> (patients: Int, seed: UInt64)? {
        let words = detail.split(separator: " ")
        guard words.count == 6, detail.hasPrefix("demo database: "), words[3] == "patients,", words[4] == "seed",
              let patients = Int(words[2]), patients >= 2, let seed = UInt64(words[5]) else { return nil }
        return (patients, seed)
    }

    /// The access facts the demo of this size and seed writes, rebuilt without a file: the
    /// named accounts through the demo's own code into a scratch database in memory, the
    /// generated patients through its generator, in the order `DemoDatabase.build` writes
    /// them (document ids follow that order).
    static func demo(patients: Int, seed: UInt64) throws -> AccessState {
        let scratch = try DatabaseQueue()
        try CarnetDatabase.migrator.migrate(scratch)
        try scratch.write { db in _ = try DemoAccounts.insert(in: db) }
        var state = try scratch.read { db in try AccessState.read(from: db) }
        var nextDocument = try scratch.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM document") } ?? 1
        let vocabulary = try DemoVocabulary.load()
        var generator = SeededGenerator(seed: seed)
        let professionals = DemoProfessionals(count: max(20, patients / 400), generator: &generator, vocabulary: vocabulary)
        let record = DemoRecordGenerator(vocabulary: vocabulary, professionals: professionals, anchor: DemoDatabase.anchor)
        for index in 2..<patients {
            let demo = record.makePatient(index: index, generator: &generator)
            let name = demo.patient.auditName
            for (rpps, level) in demo.grants { state.grants[name, default: [:]][rpps.digits] = Fact(value: level.rawValue, seq: 0) }
            if !demo.patient.consents.emergencyPhysician || !demo.patient.consents.samuRegulator {
                state.consents[name, default: [:]][BreakGlassConsentKind.emergencyPhysician.rawValue] =
                    Fact(value: demo.patient.consents.emergencyPhysician, seq: 0)
                state.consents[name, default: [:]][BreakGlassConsentKind.samuRegulator.rawValue] =
                    Fact(value: demo.patient.consents.samuRegulator, seq: 0)
            }
            for document in demo.documents {
                if document.state.maskedFromProfessionals { state.masks[nextDocument] = (name, Fact(value: true, seq: 0)) }
                nextDocument += 1
            }
        }
        return state
    }
}
