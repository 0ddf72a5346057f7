import CarnetModel
import CarnetResources
import Foundation
import Testing

/// The policy as a table: each role's verdict on each section, written out by hand from
/// DESIGN.md and `Resources/data/access-matrix.csv`.
@Suite("Access policy")
struct AccessPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let marie = PatientID(1)
    static let policy = AccessPolicy(matrix: try! AccessMatrix(csv: CarnetResources.text("access-matrix.csv")))

    static func professional(_ profession: Profession, _ digits: String) -> Professional {
        Professional(rpps: try! RPPS.completing(digits), familyName: "TEST", givenNames: "Test", profession: profession)
    }
    static let paul = professional(.generalPractitioner, "1000000001")
    static let otherGP = professional(.generalPractitioner, "1000000002")
    static let jean = professional(.pharmacist, "1000000003")
    static let claire = professional(.nurse, "1000000004")
    static let sophie = professional(.emergencyPhysician, "1000000005")
    static let regulator = professional(.samuRegulator, "1000000006")
    static let physiotherapist = professional(.physiotherapist, "1000000007")
    static let biologist = professional(.biologist, "1000000008")

    /// A role: who asks, and what the store knows of the record for them.
    struct Role: CustomTestStringConvertible, Sendable {
        let name: String
        let context: AccessContext
        let facts: RecordAccessFacts
        /// Verdicts on summary, history, allergies, vaccinations, prescriptions, results,
        /// documents, reimbursements, access: A allowed, O not own record, C closed, B blocked,
        /// G no grant, R read-only grant, M matrix, P patient only, W patient cannot write,
        /// S break-glass summary only, X break-glass read-only, E break-glass expired.
        let reads: String
        let writes: String
        var testDescription: String { name }
    }

    static func facts(closed: Bool = false, grant: AccessLevel? = nil, blocked: Bool = false,
                      consents: BreakGlassConsents = BreakGlassConsents()) -> RecordAccessFacts {
        RecordAccessFacts(patient: marie, isClosed: closed, treatingDoctor: paul.rpps, consents: consents, grant: grant, isBlocked: blocked)
    }

    static func breakGlass(_ tier: BreakGlassAuthorization.Tier, expiresIn: TimeInterval) -> AccessContext {
        AccessContext(actor: .professional(sophie), mode: .emergency, purpose: .emergency,
                      breakGlass: BreakGlassAuthorization(patient: marie, tier: tier, reason: .vitalEmergency,
                                                          justification: "Patiente inconsciente aux urgences.",
                                                          startedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(expiresIn)))
    }

    static let patientSelf = AccessContext(actor: .patient(marie, ins: nil), mode: .patient, purpose: .selfAccess)

    static let roles: [Role] = [
        Role(name: "the patient herself", context: patientSelf, facts: facts(), reads: "AAAAAAAAA", writes: "AWWWWWAWA"),
        Role(name: "another patient", context: AccessContext(actor: .patient(PatientID(2), ins: nil), mode: .patient, purpose: .selfAccess),
             facts: facts(), reads: "OOOOOOOOO", writes: "OOOOOOOOO"),
        Role(name: "the patient, record closed", context: patientSelf, facts: facts(closed: true), reads: "CCCCCCCCC", writes: "CCCCCCCCC"),
        Role(name: "médecin traitant", context: .kiosk(paul), facts: facts(), reads: "AAAAAAAAP", writes: "AAAAAAAAP"),
        Role(name: "médecin traitant, record closed", context: .kiosk(paul), facts: facts(closed: true), reads: "CCCCCCCCC", writes: "CCCCCCCCC"),
        Role(name: "médecin traitant, blocked", context: .kiosk(paul), facts: facts(blocked: true), reads: "BBBBBBBBB", writes: "BBBBBBBBB"),
        Role(name: "GP with read-write grant", context: .kiosk(otherGP), facts: facts(grant: .readWrite), reads: "AAAAAAAAP", writes: "AAAAAAAMP"),
        Role(name: "GP with read grant", context: .kiosk(otherGP), facts: facts(grant: .read), reads: "AAAAAAAAP", writes: "RRRRRRRRP"),
        Role(name: "GP without grant", context: .kiosk(otherGP), facts: facts(), reads: "GGGGGGGGP", writes: "GGGGGGGGP"),
        Role(name: "pharmacist with read grant", context: .kiosk(jean), facts: facts(grant: .read), reads: "AMAAAAMMP", writes: "RRRRRRRRP"),
        Role(name: "pharmacist with read-write grant", context: .kiosk(jean), facts: facts(grant: .readWrite), reads: "AMAAAAMMP", writes: "MMMAMMMMP"),
        Role(name: "nurse with grant", context: .kiosk(claire), facts: facts(grant: .readWrite), reads: "AAAAAAAMP", writes: "MMMAMMMMP"),
        Role(name: "nurse blocked despite a grant", context: .kiosk(claire), facts: facts(grant: .readWrite, blocked: true),
             reads: "BBBBBBBBB", writes: "BBBBBBBBB"),
        // Results (the sixth letter): physiotherapists do not read them; biologists read
        // and write them, and little else.
        Role(name: "physiotherapist with read grant", context: .kiosk(physiotherapist), facts: facts(grant: .read),
             reads: "AAAMMMAMP", writes: "RRRRRRRRP"),
        Role(name: "biologist with read-write grant", context: .kiosk(biologist), facts: facts(grant: .readWrite),
             reads: "AMAMMAAMP", writes: "MMMMMAMMP"),
        Role(name: "emergency physician without grant", context: .kiosk(sophie), facts: facts(), reads: "GGGGGGGGP", writes: "GGGGGGGGP"),
        Role(name: "break-glass, summary tier", context: breakGlass(.summary, expiresIn: 3600), facts: facts(),
             reads: "ASSSSSSSP", writes: "XXXXXXXXP"),
        Role(name: "break-glass, full record", context: breakGlass(.fullRecord, expiresIn: 3600), facts: facts(),
             reads: "AAAAAAAMP", writes: "XXXXXXXXP"),
        Role(name: "break-glass, expired", context: breakGlass(.fullRecord, expiresIn: -1), facts: facts(),
             reads: "EEEEEEEEP", writes: "EEEEEEEEP"),
        Role(name: "break-glass on a closed record", context: breakGlass(.fullRecord, expiresIn: 3600), facts: facts(closed: true),
             reads: "CCCCCCCCC", writes: "CCCCCCCCC"),
        Role(name: "operator", context: .operatorAccount("root"), facts: facts(closed: true), reads: "AAAAAAAAA", writes: "AAAAAAAAA"),
    ]

    static func letter(_ decision: AccessDecision) -> Character {
        switch decision {
        case .allowed: return "A"
        case let .refused(reason):
            switch reason {
            case .notOwnRecord: return "O"
            case .recordClosed: return "C"
            case .blocked: return "B"
            case .noGrant: return "G"
            case .readOnlyGrant: return "R"
            case .professionNotAllowed: return "M"
            case .patientOnly: return "P"
            case .patientCannotWrite: return "W"
            case .breakGlassSummaryOnly: return "S"
            case .breakGlassReadOnly: return "X"
            case .breakGlassExpired: return "E"
            default: return "?"
            }
        }
    }

    @Test("every role × section × action", arguments: roles)
    func sections(_ role: Role) {
        for (action, expected) in [(AccessAction.read, role.reads), (.write, role.writes)] {
            let verdicts = String(RecordSection.allCases.map { section in
                Self.letter(Self.policy.decide(action, .section(section), context: role.context, facts: role.facts, now: Self.now))
            })
            #expect(verdicts == expected, "\(role.name) \(action.rawValue)")
        }
    }

    /// Documents: D masked, N not yet released, plus the letters above.
    struct DocumentCase: CustomTestStringConvertible, Sendable {
        let role: String
        let context: AccessContext
        let facts: RecordAccessFacts
        /// Verdicts on: an ordinary document, a masked one, one hidden from the patient until
        /// next year, one released yesterday, a masked one the reader wrote.
        let expected: String
        var testDescription: String { role }
    }

    static let documentCases: [DocumentCase] = [
        DocumentCase(role: "the patient herself", context: patientSelf, facts: facts(), expected: "AANAA"),
        DocumentCase(role: "médecin traitant", context: .kiosk(paul), facts: facts(), expected: "AAAAA"),
        DocumentCase(role: "GP with grant", context: .kiosk(otherGP), facts: facts(grant: .read), expected: "ADAAA"),
        DocumentCase(role: "nurse with grant", context: .kiosk(claire), facts: facts(grant: .read), expected: "ADAAA"),
        DocumentCase(role: "pharmacist with grant (no documents in the matrix)", context: .kiosk(jean), facts: facts(grant: .read),
                     expected: "MMMMA"),
        DocumentCase(role: "GP without grant, even as author", context: .kiosk(otherGP), facts: facts(), expected: "GGGGG"),
        DocumentCase(role: "blocked author", context: .kiosk(claire), facts: facts(grant: .read, blocked: true), expected: "BBBBB"),
        DocumentCase(role: "break-glass, full record", context: breakGlass(.fullRecord, expiresIn: 60), facts: facts(), expected: "ADAAA"),
        DocumentCase(role: "break-glass, summary tier", context: breakGlass(.summary, expiresIn: 60), facts: facts(), expected: "SSSSS"),
    ]

    @Test("every role × document state", arguments: documentCases)
    func documents(_ testCase: DocumentCase) {
        let reader: Author = {
            if case let .professional(professional) = testCase.context.actor {
                return .professional(professional.rpps, name: professional.displayName)
            }
            return .patient
        }()
        let someoneElse = Author.professional(Self.otherGP.rpps == reader.rpps ? Self.paul.rpps : Self.otherGP.rpps, name: "Dr X")
        let today = CalendarDate(Self.now)
        let documents: [(Author, DocumentState)] = [
            (someoneElse, DocumentState()),
            (someoneElse, DocumentState(maskedFromProfessionals: true)),
            (someoneElse, DocumentState(hiddenFromPatientUntil: today.adding(days: 365))),
            (someoneElse, DocumentState(hiddenFromPatientUntil: today.adding(days: -1))),
            (reader, DocumentState(maskedFromProfessionals: true)),
        ]
        let verdicts = String(documents.map { author, state -> Character in
            let decision = Self.policy.decide(.read, .document(author: author, state: state), context: testCase.context,
                                              facts: testCase.facts, now: Self.now)
            switch decision {
            case .refused(.documentMasked): return "D"
            case .refused(.documentNotYetReleased): return "N"
            default: return Self.letter(decision)
            }
        })
        #expect(verdicts == testCase.expected)
    }

    @Test("breaking the glass: the consent that applies, and who may", arguments: [
        (sophie, BreakGlassConsents(), false, false, AccessDecision.allowed),
        (sophie, BreakGlassConsents(emergencyPhysician: false), false, false, .refused(.consentRefused(.emergencyPhysician))),
        (sophie, BreakGlassConsents(samuRegulator: false), false, false, .allowed),
        (regulator, BreakGlassConsents(), false, false, .allowed),
        (regulator, BreakGlassConsents(samuRegulator: false), false, false, .refused(.consentRefused(.samuRegulator))),
        (regulator, BreakGlassConsents(emergencyPhysician: false), false, false, .allowed),
        (otherGP, BreakGlassConsents(), false, false, .refused(.professionCannotBreakGlass(.generalPractitioner))),
        (sophie, BreakGlassConsents(), true, false, .refused(.blocked)),
        (sophie, BreakGlassConsents(), false, true, .refused(.recordClosed)),
    ])
    func breakingTheGlass(_ who: Professional, _ consents: BreakGlassConsents, _ blocked: Bool, _ closed: Bool, _ expected: AccessDecision) {
        let decision = Self.policy.decide(.breakGlass, .record, context: AccessContext(actor: .professional(who), mode: .emergency, purpose: .emergency),
                                          facts: Self.facts(closed: closed, blocked: blocked, consents: consents), now: Self.now)
        #expect(decision == expected)
    }

    @Test("the emergency summary shows its parts before the full record is confirmed, within the matrix")
    func summaryParts() {
        let summaryTier = Self.breakGlass(.summary, expiresIn: 60)
        for part in [RecordSection.history, .allergies, .prescriptions, .vaccinations] {
            #expect(Self.policy.decide(.read, .summaryPart(part), context: summaryTier, facts: Self.facts(), now: Self.now) == .allowed)
        }
        // A pharmacist's Synthèse has no problem list: the matrix gives no history.
        #expect(Self.policy.decide(.read, .summaryPart(.history), context: .kiosk(Self.jean), facts: Self.facts(grant: .read), now: Self.now)
                == .refused(.professionNotAllowed(.pharmacist, .history)))
    }

    @Test("a result reported in a document: the results' rights, hidden when its document is masked; in an emergency summary only as part of it")
    func reportedResults() {
        let lab = Author.external(name: "Laboratoire")
        let plain = DocumentState(), masked = DocumentState(maskedFromProfessionals: true)
        func decide(_ context: AccessContext, _ state: DocumentState, inSummary: Bool = false, grant: AccessLevel? = .read) -> AccessDecision {
            Self.policy.decide(.read, .reportedResult(documentAuthor: lab, state: state, inSummary: inSummary), context: context,
                               facts: Self.facts(grant: grant), now: Self.now)
        }
        // A pharmacist reads results though not documents; masked, it is hidden.
        #expect(decide(.kiosk(Self.jean), plain) == .allowed)
        #expect(decide(.kiosk(Self.jean), masked) == .refused(.documentMasked))
        #expect(decide(.kiosk(Self.physiotherapist), plain) == .refused(.professionNotAllowed(.physiotherapist, .results)))
        // The médecin traitant and the patient see it masked.
        #expect(decide(.kiosk(Self.paul), masked, grant: nil) == .allowed)
        #expect(decide(Self.patientSelf, masked, grant: nil) == .allowed)
        // Under a break-glass summary: in the Synthèse, yes; the pane's reads, no.
        let summaryTier = Self.breakGlass(.summary, expiresIn: 60)
        #expect(decide(summaryTier, plain, inSummary: true, grant: nil) == .allowed)
        #expect(decide(summaryTier, masked, inSummary: true, grant: nil) == .refused(.documentMasked))
        #expect(decide(summaryTier, plain, inSummary: false, grant: nil) == .refused(.breakGlassSummaryOnly))
    }

    @Test("the shipped matrix has a row for every profession, and a bad file is refused with its line")
    func matrixFile() throws {
        let matrix = Self.policy.matrix
        #expect(matrix.right(.pharmacist, .prescriptions) == .read)
        #expect(matrix.right(.pharmacist, .history) == MatrixRight.none)
        #expect(matrix.right(.generalPractitioner, .history) == .readWrite)
        #expect(throws: AccessMatrixError.self) { try AccessMatrix(csv: "profession,summary\nmedecin-generaliste,RW\n") }
        do {
            _ = try AccessMatrix(csv: "profession,summary\npharmacien,XX\n")
            Issue.record("a bad right was accepted")
        } catch let error as AccessMatrixError {
            #expect(error.line == 2)
            #expect(error.problem.contains("XX"))
        }
    }
}
