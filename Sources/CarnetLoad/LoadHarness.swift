import ArgumentParser
import CarnetFHIR
import CarnetModel
import CarnetStore
import Foundation

/// `CarnetLoad`: one process of the concurrency and brute-force tests. It performs one kind
/// of work in a loop on a shared database and prints, as JSON, how many operations it did,
/// how many audit events they must have written, and every error a user would have seen.
///
/// It acts as professionals without signing in and writes break-glass accesses, so it is
/// a separate executable used only by the tests and benchmarks: it is not part of the
/// `carnet` product and never ships with it.
@main
struct LoadHarness: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "CarnetLoad", abstract: "Work on a Carnet database in a loop, as one of several processes (tests only).")

    /// What one process of the load does.
    enum Role: String, ExpressibleByArgument, CaseIterable {
        case kiosk, emergency, `import`, audit
        case guessPIN = "guess-pin", guessPassword = "guess-password"
    }

    @Option(help: "The Carnet database file.") var db: String
    @Option(help: "What this process does.") var role: Role
    @Option(help: "How long to run.") var seconds: Double = 30
    @Option(help: "Distinguishes the imports of parallel processes.") var worker: Int = 0
    @Option(help: "For guess-pin and guess-password: how many wrong secrets to try.") var attempts: Int = 3

    func run() throws {
        let opened = try CarnetDatabase.open(path: db)
        let store = RecordStore(database: opened, policy: try .standard())
        let audit = AuditLog(database: opened)
        guard let marie = try Directory(database: opened).patient(ins: DemoAccounts.marieINS) else {
            throw LoadFailure(description: "no Marie DUPONT in \(opened.path): use a demo database")
        }
        if role == .guessPIN || role == .guessPassword {
            // Brute force from several processes at once: the counters are the store's.
            var outcomes: [String: Int] = [:]
            let credentials = Credentials(database: opened)
            for _ in 0..<attempts {
                do {
                    if role == .guessPIN {
                        _ = try credentials.professionalLogin(rpps: DemoAccounts.jeanBernard.rpps, pin: "0000")
                    } else {
                        _ = try credentials.patientLogin(ins: DemoAccounts.marieINS, password: "pas-le-bon")
                    }
                    outcomes["in", default: 0] += 1
                } catch let failure as LoginFailure {
                    switch failure {
                    case .wrongSecret: outcomes["wrong", default: 0] += 1
                    case .professionalBlocked: outcomes["blocked", default: 0] += 1
                    case .tooSoon: outcomes["too-soon", default: 0] += 1
                    case .locked: outcomes["locked", default: 0] += 1
                    default: outcomes["other", default: 0] += 1
                    }
                }
            }
            let data = try JSONSerialization.data(withJSONObject: ["role": role.rawValue, "outcomes": outcomes], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let deadline = Date().addingTimeInterval(seconds)
        var operations = 0, events = 0
        var errors: [String] = []
        while Date() < deadline {
            do {
                switch role {
                case .kiosk:
                    let paul = AccessContext.kiosk(DemoAccounts.paulMartin)
                    _ = try store.openRecord(marie.id, context: paul)
                    _ = try store.allergies(of: marie.id, context: paul)
                    events += 2
                case .emergency:
                    let sophie = AccessContext.emergency(DemoAccounts.sophieLeroy)
                    let authorization = try store.startBreakGlass(on: marie.id, reason: .vitalEmergency,
                                                                  justification: "Charge de test concurrente, patiente fictive.",
                                                                  window: 600, context: sophie)
                    events += 1
                    _ = try store.summary(of: marie.id, context: .emergency(DemoAccounts.sophieLeroy, breakGlass: authorization))
                    events += 1
                    try store.stopBreakGlass(authorization, why: "logout", context: sophie)
                    events += 1
                case .import:
                    // Each import is another person, with a family name that is one word of its
                    // own: the load measures concurrent writes, not the matching of thousands of
                    // namesakes (a name index lookup on a word they all share).
                    let id = "load-\(worker)-\(operations)"
                    let json = """
                        {"resourceType": "Bundle", "type": "collection", "entry": [
                          {"fullUrl": "urn:uuid:\(id)", "resource": {"resourceType": "Patient", "id": "\(id)", "name": [{"family": "Charge\(worker)x\(operations)", "given": ["Test"]}], "birthDate": "1980-01-01"}},
                          {"resource": {"resourceType": "AllergyIntolerance", "id": "\(id)-a", "code": {"text": "Pollen"}, "patient": {"reference": "urn:uuid:\(id)"}}}
                        ]}
                        """
                    let plan = try FHIRReader.read(Data(json.utf8), file: "\(id).json")
                    _ = try RecordImporter(database: opened).apply(plan, file: "\(id).json", context: LoadHarness.operatorContext)
                    events += 2 // the patient's record, and the file
                case .audit:
                    try audit.recordOperatorAction(.auditRead, context: LoadHarness.operatorContext, detail: "load \(worker)")
                    events += 1
                case .guessPIN, .guessPassword:
                    throw LoadFailure(description: "role '\(role.rawValue)' is not a loop")
                }
                operations += 1
            } catch let failure as LoadFailure {
                throw failure
            } catch {
                errors.append(String(describing: error))
            }
        }
        let report: [String: Any] = ["role": role.rawValue, "operations": operations, "events": events, "errors": errors]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

extension LoadHarness {
    /// Audited as an operator, as `carnet`'s own operator commands are.
    static let operatorContext = AccessContext.operatorAccount("load-harness")
}

struct LoadFailure: Error, CustomStringConvertible {
    let description: String
}
