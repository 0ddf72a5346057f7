import CarnetModel
import Foundation
import GRDB

/// Passwords and PINs: hashed with scrypt, attempts counted in the database so that a
/// restart forgives nothing.
///
/// Five wrong passwords lock a patient account for 15 minutes; three wrong PINs block a
/// professional until an operator unblocks them, as a CPS card does.
public struct Credentials: PatientSignIn, ProfessionalSignIn {
    public static let patientAttempts = 5
    public static let patientLockout: TimeInterval = 15 * 60
    public static let professionalAttempts = 3

    /// How long a card waits after its n-th wrong PIN before another is checked: three wrong
    /// PINs still block it (as a CPS card does), but whoever knows an RPPS cannot block the
    /// card in a second, and concurrent guesses count once.
    public static func pinDelay(afterFailures failures: Int) -> TimeInterval {
        switch failures {
        case ..<1: return 0
        case 1: return 2
        default: return 10
        }
    }

    let database: CarnetDatabase
    let audit: AuditLog
    let cost: ScryptCost
    let clock: @Sendable () -> Date
    /// Where sign-ins come from (a tty, an SSH client, a host): named in the audit events of
    /// wrong PINs and of the block, so that the holder of the card learns where it happened.
    let terminal: String

    public init(database: CarnetDatabase, cost: ScryptCost = .production, clock: @escaping @Sendable () -> Date = { Date() },
                terminal: String = "an unnamed terminal") {
        self.terminal = terminal
        self.database = database
        self.cost = cost
        self.clock = clock
        audit = AuditLog(database: database, clock: clock)
    }

    /// A patient password: at least 8 characters.
    public static func checkPassword(_ password: String) throws {
        guard password.count >= 8 else { throw StoreError.weakSecret("the password must have at least 8 characters") }
    }

    /// A card PIN: 4 to 8 digits.
    public static func checkPIN(_ pin: String) throws {
        guard (4...8).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw StoreError.weakSecret("the PIN must be 4 to 8 digits")
        }
    }

    // MARK: - Patients

    /// Signs a patient in. Every attempt, good or bad, is an audit event.
    public func patientLogin(ins: INS, password: String) throws -> Patient {
        // Who is trying is not known until the password is checked: the event names the INS typed.
        func draft(_ outcome: AuditOutcome, _ reason: String?, _ detail: String? = nil) -> AuditDraft {
            AuditDraft(actor: "patient:\(ins.digits)", purpose: .selfAccess, patient: ins.digits, action: .login,
                       outcome: outcome, reason: reason, detail: detail)
        }
        // The slow scrypt runs outside any transaction, between a read of the state and a
        // write of the outcome, so one sign-in never holds the database for a second.
        let state = try database.read { db -> (Patient, String?, Date?)? in
            guard let patient = try PatientRow.fetch(ins: ins, in: db) else { return nil }
            let row = try Row.fetchOne(db, sql: "SELECT secret_hash, locked_until FROM patient_credential WHERE patient_id = ?",
                                       arguments: [patient.id.rawValue])
            return (patient, row?["secret_hash"], (row?["locked_until"] as String?).flatMap(Timestamp.date(from:)))
        }
        guard let (patient, secretHash, lockedUntil) = state else {
            try audit.append(draft(.refused, "unknown-identifier"))
            throw LoginFailure.unknownIdentifier("INS \(ins)")
        }
        guard let secretHash else {
            try audit.append(draft(.refused, "no-account"))
            throw LoginFailure.noAccount("INS \(ins)")
        }
        if let lockedUntil, lockedUntil > clock() {
            try audit.append(draft(.refused, "locked"))
            throw LoginFailure.locked(until: lockedUntil)
        }
        let good = SecretHash.verify(password, against: secretHash)
        let failure: LoginFailure? = try database.write { db in
            let id = patient.id.rawValue
            // Another process may have locked the account while this one ran scrypt: the
            // lock decided in the meantime holds, right secret or not.
            if let lockedMeanwhile = try String.fetchOne(db, sql: "SELECT locked_until FROM patient_credential WHERE patient_id = ?",
                                                         arguments: [id]).flatMap(Timestamp.date(from:)), lockedMeanwhile > clock() {
                try audit.append(draft(.refused, "locked"), in: db)
                return .locked(until: lockedMeanwhile)
            }
            if good {
                try db.execute(sql: "UPDATE patient_credential SET failed_attempts = 0, locked_until = NULL WHERE patient_id = ?", arguments: [id])
                let closed = patient.isClosed
                try audit.append(draft(closed ? .refused : .allowed, closed ? "record-closed" : nil), in: db)
                return closed ? .recordClosed : nil
            }
            // The increment is one statement, so concurrent attempts each count.
            try db.execute(sql: "UPDATE patient_credential SET failed_attempts = failed_attempts + 1 WHERE patient_id = ?", arguments: [id])
            let attempts = try Int.fetchOne(db, sql: "SELECT failed_attempts FROM patient_credential WHERE patient_id = ?", arguments: [id]) ?? 0
            if attempts >= Credentials.patientAttempts {
                let until = clock().addingTimeInterval(Credentials.patientLockout)
                try db.execute(sql: "UPDATE patient_credential SET failed_attempts = 0, locked_until = ? WHERE patient_id = ?",
                               arguments: [Timestamp.string(from: until), id])
                try audit.append(draft(.refused, "wrong-password", "account locked"), in: db)
                return .locked(until: until)
            }
            try audit.append(draft(.refused, "wrong-password"), in: db)
            return .wrongSecret(attemptsLeft: Credentials.patientAttempts - attempts)
        }
        if let failure { throw failure }
        return patient
    }

    /// Sets or replaces a patient's password.
    public func setPassword(_ password: String, for patient: PatientID, salt: [UInt8]? = nil) throws {
        try Credentials.checkPassword(password)
        let hash = try SecretHash.make(password, cost: cost, salt: salt)
        try database.write { db in try Credentials.storePatientHash(hash, for: patient, in: db) }
    }

    static func storePatientHash(_ hash: String, for patient: PatientID, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO patient_credential (patient_id, secret_hash) VALUES (?, ?)
            ON CONFLICT(patient_id) DO UPDATE SET secret_hash = excluded.secret_hash, failed_attempts = 0, locked_until = NULL
            """, arguments: [patient.rawValue, hash])
    }

    // MARK: - Professionals

    /// Signs a professional in with their card's PIN.
    public func professionalLogin(rpps: RPPS, pin: String) throws -> Professional {
        func draft(_ outcome: AuditOutcome, _ reason: String?, _ detail: String? = nil) -> AuditDraft {
            AuditDraft(actor: "rpps:\(rpps.digits)", purpose: .care, patient: nil, action: .login,
                       outcome: outcome, reason: reason, detail: detail)
        }
        let state = try database.read { db -> (Professional, String?, Bool)? in
            guard let professional = try ProfessionalRow.fetch(rpps, in: db) else { return nil }
            let row = try Row.fetchOne(db, sql: "SELECT secret_hash, blocked_at FROM professional_credential WHERE rpps = ?",
                                       arguments: [rpps.digits])
            return (professional, row?["secret_hash"], (row?["blocked_at"] as String?) != nil)
        }
        /// The moment another PIN may be checked, if a recent wrong one makes this one too soon.
        func tooSoon(in db: Database) throws -> Date? {
            guard let row = try Row.fetchOne(db, sql: "SELECT failed_attempts, last_failed_at FROM professional_credential WHERE rpps = ?",
                                             arguments: [rpps.digits]),
                  let last = (row["last_failed_at"] as String?).flatMap(Timestamp.date(from:)) else { return nil }
            let retry = last.addingTimeInterval(Credentials.pinDelay(afterFailures: row["failed_attempts"] ?? 0))
            return retry > clock() ? retry : nil
        }
        guard let (professional, secretHash, blocked) = state else {
            try audit.append(draft(.refused, "unknown-identifier"))
            throw LoginFailure.unknownIdentifier("RPPS \(rpps)")
        }
        guard let secretHash else {
            try audit.append(draft(.refused, "no-account"))
            throw LoginFailure.noAccount("RPPS \(rpps)")
        }
        guard !blocked else {
            try audit.append(draft(.refused, "blocked"))
            throw LoginFailure.professionalBlocked
        }
        if let retry = try database.read({ try tooSoon(in: $0) }) {
            try audit.append(draft(.refused, "too-soon", "at \(terminal)"))
            throw LoginFailure.tooSoon(retryAt: retry)
        }
        let good = SecretHash.verify(pin, against: secretHash)
        let failure: LoginFailure? = try database.write { db in
            let blockedMeanwhile = try String.fetchOne(db, sql: "SELECT blocked_at FROM professional_credential WHERE rpps = ?",
                                                       arguments: [rpps.digits]) != nil
            if blockedMeanwhile {
                try audit.append(draft(.refused, "blocked"), in: db)
                return .professionalBlocked
            }
            // A wrong PIN counted by another terminal while this one ran scrypt: the wait it
            // started holds, right PIN or not.
            if let retry = try tooSoon(in: db) {
                try audit.append(draft(.refused, "too-soon", "at \(terminal)"), in: db)
                return .tooSoon(retryAt: retry)
            }
            if good {
                try db.execute(sql: "UPDATE professional_credential SET failed_attempts = 0 WHERE rpps = ?", arguments: [rpps.digits])
                try audit.append(draft(.allowed, nil), in: db)
                return nil
            }
            try db.execute(sql: "UPDATE professional_credential SET failed_attempts = failed_attempts + 1, last_failed_at = ? WHERE rpps = ?",
                           arguments: [Timestamp.string(from: clock()), rpps.digits])
            let attempts = try Int.fetchOne(db, sql: "SELECT failed_attempts FROM professional_credential WHERE rpps = ?", arguments: [rpps.digits]) ?? 0
            if attempts >= Credentials.professionalAttempts {
                try db.execute(sql: "UPDATE professional_credential SET blocked_at = ? WHERE rpps = ?",
                               arguments: [Timestamp.string(from: clock()), rpps.digits])
                try audit.append(draft(.refused, "wrong-pin", "card blocked after \(Credentials.professionalAttempts) wrong PINs at \(terminal)"), in: db)
                return .professionalBlocked
            }
            try audit.append(draft(.refused, "wrong-pin", "at \(terminal)"), in: db)
            return .wrongSecret(attemptsLeft: Credentials.professionalAttempts - attempts)
        }
        if let failure { throw failure }
        return professional
    }

    /// Sets or replaces a professional's PIN.
    public func setPIN(_ pin: String, for rpps: RPPS, salt: [UInt8]? = nil) throws {
        try Credentials.checkPIN(pin)
        let hash = try SecretHash.make(pin, cost: cost, salt: salt)
        try database.write { db in try Credentials.storeProfessionalHash(hash, for: rpps, in: db) }
    }

    static func storeProfessionalHash(_ hash: String, for rpps: RPPS, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO professional_credential (rpps, secret_hash) VALUES (?, ?)
            ON CONFLICT(rpps) DO UPDATE SET secret_hash = excluded.secret_hash, failed_attempts = 0, blocked_at = NULL
            """, arguments: [rpps.digits, hash])
    }

    /// Lifts a block after three wrong PINs (operator command), audited.
    public func unblock(_ rpps: RPPS, context: AccessContext) throws {
        try database.write { db in
            guard try ProfessionalRow.fetch(rpps, in: db) != nil else { throw StoreError.unknownProfessional(rpps) }
            try db.execute(sql: "UPDATE professional_credential SET failed_attempts = 0, blocked_at = NULL WHERE rpps = ?",
                           arguments: [rpps.digits])
            try audit.append(AuditDraft(context: context, patient: nil, action: .unblock, detail: "rpps:\(rpps.digits)"), in: db)
        }
    }

    /// Whether a professional's card is blocked.
    public func isBlocked(_ rpps: RPPS) throws -> Bool {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT blocked_at FROM professional_credential WHERE rpps = ?", arguments: [rpps.digits]) != nil
        }
    }
}
