import CarnetModel
import Foundation
import GRDB

/// Who is registered: patients and professionals, found by identifier or by name. This is
/// the operator's and the store's own view; terminals search through `RecordStore`, which
/// audits each search and shows each result as the reader may see it.
public struct Directory {
    let database: CarnetDatabase
    let audit: AuditLog
    let cost: ScryptCost

    public init(database: CarnetDatabase, cost: ScryptCost = .production, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.cost = cost
        audit = AuditLog(database: database, clock: clock)
    }

    // MARK: - Registering

    /// Registers a patient (operator command), with a password if one is given.
    public func register(_ patient: Patient, password: String?, context: AccessContext) throws -> Patient {
        if let password { try Credentials.checkPassword(password) }
        // Hash before the transaction: scrypt takes a while and holds no lock.
        let hash = try password.map { try SecretHash.make($0, cost: cost) }
        return try database.write { db in
            if let ins = patient.ins, try PatientRow.fetch(ins: ins, in: db) != nil { throw StoreError.duplicatePatient(ins) }
            if let doctor = patient.treatingDoctor, try ProfessionalRow.fetch(doctor, in: db) == nil {
                throw StoreError.unknownProfessional(doctor)
            }
            var registered = patient
            registered.id = try PatientRow.insert(patient, in: db)
            if let hash { try Credentials.storePatientHash(hash, for: registered.id, in: db) }
            try audit.append(AuditDraft(context: context, patient: registered.auditName, action: .write,
                                        detail: "patient registered" + (hash == nil ? "" : " with a password")), in: db)
            return registered
        }
    }

    /// Registers a professional (operator command), with a card PIN if one is given.
    public func register(_ professional: Professional, pin: String?, context: AccessContext) throws {
        if let pin { try Credentials.checkPIN(pin) }
        let hash = try pin.map { try SecretHash.make($0, cost: cost) }
        try database.write { db in
            if try ProfessionalRow.fetch(professional.rpps, in: db) != nil { throw StoreError.duplicateProfessional(professional.rpps) }
            try ProfessionalRow.insert(professional, in: db)
            if let hash { try Credentials.storeProfessionalHash(hash, for: professional.rpps, in: db) }
            try audit.append(AuditDraft(context: context, patient: nil, action: .write,
                                        detail: "professional registered: rpps:\(professional.rpps.digits)"), in: db)
        }
    }

    // MARK: - Finding

    public func professional(_ rpps: RPPS) throws -> Professional? {
        try database.read { db in try ProfessionalRow.fetch(rpps, in: db) }
    }

    /// Finds a patient by INS.
    public func patient(ins: INS) throws -> PatientListing? {
        try database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT id, ins, family_name, given_names, birth_date, sex FROM patient WHERE ins = ?"),
                             arguments: [ins.digits]).map(Directory.listing)
        }
    }

    /// Finds patients whose names begin with the words typed, in any order, accents and
    /// case aside ("helene dup" finds Hélène DUPONT), optionally born on a given day.
    /// Pages by keyset: pass the last page's `next` as `after`.
    public func searchPatients(name: String, birthDate: CalendarDate? = nil, after: Int64? = nil, limit: Int = 50) throws -> Page<PatientListing> {
        guard let match = Directory.ftsQuery(name) else { return Page(items: [], next: nil) }
        return try database.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT p.id, p.ins, p.family_name, p.given_names, p.birth_date, p.sex
                FROM patient_name_search s JOIN patient p ON p.id = s.rowid
                WHERE patient_name_search MATCH ? AND s.rowid > ? AND (? IS NULL OR p.birth_date = ?)
                ORDER BY s.rowid LIMIT ?
                """), arguments: [match, after ?? 0, birthDate?.iso, birthDate?.iso, limit])
            let items = rows.map(Directory.listing)
            return Page(items: items, next: items.count == limit ? items.last?.id.rawValue : nil)
        }
    }

    /// Each word becomes a quoted prefix term, so nothing typed is read as FTS5 syntax.
    static func ftsQuery(_ text: String) -> String? {
        let words = SearchText.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    private static func listing(_ row: Row) -> PatientListing {
        PatientListing(id: PatientID(row["id"]), ins: (row["ins"] as String?).flatMap { try? INS($0) },
                       familyName: row["family_name"], givenNames: row["given_names"],
                       birthDate: CalendarDate(row["birth_date"] as String) ?? CalendarDate(daysSinceEpoch: 0),
                       sex: Sex(rawValue: row["sex"]) ?? .unknown)
    }
}
