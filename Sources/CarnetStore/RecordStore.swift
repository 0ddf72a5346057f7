import CarnetModel
import CarnetResources
import Foundation
import GRDB

/// The only way to read or write a record. Each call asks `AccessPolicy` and appends its
/// audit event in the same transaction: a refused call is audited too, and if the audit
/// write fails the read or write fails with it.
///
/// ```swift
/// let store = RecordStore(database: database, policy: try .standard())
/// let allergies = try store.allergies(of: marie.id, context: .patient(marie))
/// ```
public struct RecordStore: RecordAccess {
    let database: CarnetDatabase
    let policy: AccessPolicy
    let audit: AuditLog
    let clock: @Sendable () -> Date

    public init(database: CarnetDatabase, policy: AccessPolicy, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.policy = policy
        self.clock = clock
        audit = AuditLog(database: database, clock: clock)
    }

    // MARK: - The one path of every access

    /// Loads the access facts, decides, audits, and only then runs `body`, all in one transaction.
    func access<T>(_ action: AccessAction, _ target: AccessTarget, patient id: PatientID, context: AccessContext,
                   audited auditAction: AuditAction, detail: String? = nil,
                   _ body: (Database, Patient, RecordAccessFacts) throws -> T) throws -> T {
        let now = clock()
        let outcome: Result<T, Error> = try database.write { db in
            try access(action, target, patient: id, context: context, audited: auditAction, detail: { _ in detail }, in: db, now: now, body)
        }
        return try outcome.get()
    }

    /// The same, inside a transaction the caller holds. A refusal is returned, not thrown,
    /// so that its audit event commits with the transaction. `detail` words the audit
    /// event from what the body returned (nil: the body did not run, the access was refused).
    func access<T>(_ action: AccessAction, _ target: AccessTarget, patient id: PatientID, context: AccessContext,
                   audited auditAction: AuditAction, detail: (T?) -> String?, in db: Database, now: Date,
                   _ body: (Database, Patient, RecordAccessFacts) throws -> T) throws -> Result<T, Error> {
        guard let patient = try PatientRow.fetch(id, in: db) else {
            try audit.append(AuditDraft(context: context, patient: id.description, action: auditAction,
                                        section: target.section?.rawValue, outcome: .refused, reason: "unknown-patient"), in: db)
            return .failure(StoreError.unknownPatient(id.description))
        }
        let facts = try RecordStore.facts(about: patient, for: context.actor, in: db)
        // A break-glass authorisation counts only if the trail holds its start (and, for
        // the full record, its second confirmation) and no stop: a screen cannot forge one.
        var decision = policy.decide(action, target, context: context, facts: facts, now: now)
        // Why a claimed break-glass was refused, for the refused event (a stepped clock, a window past).
        var refusalNote: String?
        if let claimed = context.breakGlass, action != .breakGlass {
            switch try RecordStore.verify(claimed, actor: context.actor, patient: patient, now: now, in: db) {
            case .valid: break
            case let .invalid(reason, note):
                var bare = context
                bare.breakGlass = nil
                // Without the claimed authorisation, the professional may still have a grant.
                let without = policy.decide(action, target, context: bare, facts: facts, now: now)
                decision = without.isAllowed ? without : .refused(reason)
                refusalNote = note
            }
        }
        switch decision {
        case .allowed:
            let value = try body(db, patient, facts)
            try audit.append(AuditDraft(context: context, patient: patient.auditName, action: auditAction,
                                        section: target.section?.rawValue, reason: context.breakGlass?.reason.rawValue,
                                        detail: detail(value)), in: db)
            return .success(value)
        case let .refused(reason):
            try audit.append(AuditDraft(context: context, patient: patient.auditName, action: auditAction,
                                        section: target.section?.rawValue, outcome: .refused, reason: reason.code,
                                        detail: refusalNote.map { note in detail(nil).map { "\($0); \(note)" } ?? note } ?? detail(nil)), in: db)
            return .failure(AccessRefused(reason))
        }
    }

    static func facts(about patient: Patient, for actor: Actor, in db: Database) throws -> RecordAccessFacts {
        var facts = RecordAccessFacts(patient: patient.id, isClosed: patient.isClosed, treatingDoctor: patient.treatingDoctor,
                                      consents: patient.consents)
        if case let .professional(professional) = actor {
            let arguments: StatementArguments = [patient.id.rawValue, professional.rpps.digits]
            facts.grant = try String.fetchOne(db.cachedStatement(sql: "SELECT level FROM access_grant WHERE patient_id = ? AND professional_rpps = ?"),
                                              arguments: arguments).flatMap(AccessLevel.init(rawValue:))
            facts.isBlocked = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM access_block WHERE patient_id = ? AND professional_rpps = ?"),
                                                arguments: arguments) ?? false
        }
        return facts
    }

    /// Whether the reader may see this document; the section read is already audited.
    private func visible(_ document: Document, context: AccessContext, facts: RecordAccessFacts, now: Date) -> Bool {
        policy.decide(.read, .document(author: document.author, state: document.state), context: context, facts: facts, now: now).isAllowed
    }

    // MARK: - Reads

    public func openRecord(_ patient: PatientID, context: AccessContext) throws -> Patient {
        try access(.read, .record, patient: patient, context: context, audited: .open) { _, patient, _ in patient }
    }

    public func summary(of patient: PatientID, context: AccessContext) throws -> RecordSummary {
        let now = clock()
        return try access(.read, .section(.summary), patient: patient, context: context, audited: .read) { db, patient, facts in
            // Each part shows only if the reader may see its section: a pharmacist's summary has no problem list.
            func part<T>(_ section: RecordSection, _ fetch: () throws -> T) rethrows -> T? {
                policy.decide(.read, .summaryPart(section), context: context, facts: facts, now: now).isAllowed ? try fetch() : nil
            }
            let id = patient.id.rawValue
            return RecordSummary(
                patient: patient,
                activeProblems: try part(.history) {
                    try Row.fetchAll(db, sql: "SELECT * FROM history_item WHERE patient_id = ? AND kind = 'condition' AND status IN ('active', 'recurrence', 'relapse') ORDER BY onset DESC, id DESC",
                                     arguments: [id]).map(EntryRows.history)
                },
                allergies: try part(.allergies) {
                    try Row.fetchAll(db, sql: "SELECT * FROM allergy WHERE patient_id = ? AND status = 'active' ORDER BY severity = 'severe' DESC, id",
                                     arguments: [id]).map(EntryRows.allergy)
                },
                currentMedicines: try part(.prescriptions) {
                    try Row.fetchAll(db, sql: "SELECT * FROM prescription WHERE patient_id = ? AND status = 'active' ORDER BY start_date DESC, id DESC",
                                     arguments: [id]).map(EntryRows.prescription)
                },
                lastVaccinations: try part(.vaccinations) {
                    try Row.fetchAll(db, sql: "SELECT * FROM vaccination WHERE patient_id = ? ORDER BY date DESC, id DESC LIMIT 5",
                                     arguments: [id]).map(EntryRows.vaccination)
                },
                statements: try Row.fetchAll(db, sql: "SELECT * FROM record_statement WHERE patient_id = ? ORDER BY id", arguments: [id])
                    .compactMap(EntryRows.statement)
                    .filter { policy.decide(.read, .summaryPart($0.section), context: context, facts: facts, now: now).isAllowed },
                recentAbnormalResults: try part(.results) {
                    // The latest value of each test dated within three months, kept when abnormal.
                    let since = CalendarDate(now).adding(days: -92).iso
                    let recent = try readResults(db, of: patient.id, where: "AND date >= ? AND is_report = 0", [since], detail: .screen,
                                                 context: context, facts: facts, now: now, inSummary: true)
                    return ResultsBoard(results: recent).tests.map(\.latest).filter { $0.flag != nil }.sorted(by: ResultsBoard.newestFirst)
                },
                keyResults: try part(.results) {
                    let codes = Analyte.emergency.flatMap(\.loincs)
                    let marks = codes.map { _ in "?" }.joined(separator: ", ")
                    let board = ResultsBoard(results: try readResults(db, of: patient.id, where: "AND code IN (\(marks))", codes, detail: .screen,
                                                                      context: context, facts: facts, now: now, inSummary: true))
                    return Analyte.emergency.compactMap { analyte in board.tests.first { $0.analyte == analyte }?.latest }
                })
        }
    }

    private func section<T>(_ section: RecordSection, of patient: PatientID, context: AccessContext,
                            sql: String, decode: (Row) -> T) throws -> [T] {
        try access(.read, .section(section), patient: patient, context: context, audited: .read) { db, patient, _ in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [patient.id.rawValue]).map(decode)
        }
    }

    public func history(of patient: PatientID, context: AccessContext) throws -> [HistoryItem] {
        try section(.history, of: patient, context: context,
                    sql: "SELECT * FROM history_item WHERE patient_id = ? ORDER BY status = 'active' DESC, onset DESC, id DESC",
                    decode: EntryRows.history)
    }

    public func statements(of patient: PatientID, section: RecordSection, context: AccessContext) throws -> [RecordStatement] {
        try access(.read, .section(section), patient: patient, context: context, audited: .read, detail: "statements") { db, patient, _ in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM record_statement WHERE patient_id = ? AND section = ? ORDER BY id"),
                             arguments: [patient.id.rawValue, section.rawValue]).compactMap(EntryRows.statement)
        }
    }

    public func allergies(of patient: PatientID, context: AccessContext) throws -> [Allergy] {
        try section(.allergies, of: patient, context: context,
                    sql: "SELECT * FROM allergy WHERE patient_id = ? ORDER BY status = 'active' DESC, id", decode: EntryRows.allergy)
    }

    public func vaccinations(of patient: PatientID, context: AccessContext) throws -> [Vaccination] {
        try section(.vaccinations, of: patient, context: context,
                    sql: "SELECT * FROM vaccination WHERE patient_id = ? ORDER BY date DESC, id DESC", decode: EntryRows.vaccination)
    }

    public func prescriptions(of patient: PatientID, context: AccessContext) throws -> [Prescription] {
        try section(.prescriptions, of: patient, context: context,
                    sql: "SELECT * FROM prescription WHERE patient_id = ? ORDER BY status = 'active' DESC, start_date DESC, id DESC",
                    decode: EntryRows.prescription)
    }

    public func reimbursements(of patient: PatientID, context: AccessContext) throws -> [Reimbursement] {
        try section(.reimbursements, of: patient, context: context,
                    sql: "SELECT * FROM reimbursement WHERE patient_id = ? ORDER BY date DESC, id DESC", decode: EntryRows.reimbursement)
    }

    public func documents(of patient: PatientID, context: AccessContext) throws -> [Document] {
        let now = clock()
        return try access(.read, .section(.documents), patient: patient, context: context, audited: .read) { db, patient, facts in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, loinc, title, date, text, masked, hidden_until, archived, replaced_by, author_kind, author_rpps, author_name,
                       media_type, byte_count
                FROM document WHERE patient_id = ? ORDER BY date DESC, id DESC
                """),
                             arguments: [patient.id.rawValue])
                .map(EntryRows.document)
                .filter { visible($0, context: context, facts: facts, now: now) }
        }
    }

    public func accessSettings(of patient: PatientID, context: AccessContext) throws -> AccessSettings {
        try access(.read, .section(.access), patient: patient, context: context, audited: .read) { db, patient, _ in
            let id = patient.id.rawValue
            let grants = try Row.fetchAll(db, sql: """
                SELECT p.*, g.level, g.since FROM access_grant g JOIN professional p ON p.rpps = g.professional_rpps
                WHERE g.patient_id = ? ORDER BY p.family_name, p.given_names
                """, arguments: [id]).compactMap { row -> AccessGrant? in
                guard let professional = ProfessionalRow.decode(row) else { return nil }
                return AccessGrant(professional: professional, level: AccessLevel(rawValue: row["level"]) ?? .read,
                                   since: Timestamp.date(from: row["since"]) ?? Date(timeIntervalSince1970: 0))
            }
            let blocked = try Row.fetchAll(db, sql: """
                SELECT p.* FROM access_block b JOIN professional p ON p.rpps = b.professional_rpps
                WHERE b.patient_id = ? ORDER BY p.family_name
                """, arguments: [id]).compactMap(ProfessionalRow.decode)
            let treating = try patient.treatingDoctor.flatMap { try ProfessionalRow.fetch($0, in: db) }
            return AccessSettings(grants: grants, blocked: blocked, treatingDoctor: treating, consents: patient.consents)
        }
    }
}

extension AccessPolicy {
    /// The policy with the profession × section matrix shipped in `Resources/`.
    public static func standard() throws -> AccessPolicy {
        AccessPolicy(matrix: try AccessMatrix(csv: CarnetResources.text("access-matrix.csv")))
    }
}
