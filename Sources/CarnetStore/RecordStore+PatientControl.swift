import CarnetModel
import Foundation
import GRDB

// MARK: - The patient's control of the record
//
// Every change goes through `access`: the policy decides (only the patient, or an
// operator, may write the access section), and the audit event is written in the same
// transaction as the change.

extension RecordStore: RecordControl {
    public func unblock(_ rpps: RPPS, on patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.access), patient: patient, context: context, audited: .write,
                   detail: "unblock rpps:\(rpps.digits)") { db, patient, _ in
            try db.execute(sql: "DELETE FROM access_block WHERE patient_id = ? AND professional_rpps = ?",
                           arguments: [patient.id.rawValue, rpps.digits])
        }
    }

    public func setTreatingDoctor(_ rpps: RPPS?, of patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.access), patient: patient, context: context, audited: .write,
                   detail: rpps.map { "treating doctor rpps:\($0.digits)" } ?? "no treating doctor") { db, patient, _ in
            if let rpps, try ProfessionalRow.fetch(rpps, in: db)?.profession.isPhysician != true {
                throw StoreError.invalidInput("the médecin traitant must be a physician registered in Carnet (RPPS \(rpps.digits))")
            }
            try db.execute(sql: "UPDATE patient SET treating_rpps = ? WHERE id = ?", arguments: [rpps?.digits, patient.id.rawValue])
        }
    }

    public func setConsent(_ kind: BreakGlassConsentKind, allowed: Bool, of patient: PatientID, context: AccessContext) throws {
        let column = kind == .emergencyPhysician ? "consent_emergency" : "consent_samu"
        try access(.write, .section(.access), patient: patient, context: context, audited: .write,
                   detail: "break-glass consent \(kind.rawValue): \(allowed ? "allowed" : "refused")") { db, patient, _ in
            try db.execute(sql: "UPDATE patient SET \(column) = ? WHERE id = ?", arguments: [allowed, patient.id.rawValue])
        }
    }

    public func setDocument(_ document: EntryID, masked: Bool, of patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.documents), patient: patient, context: context, audited: .write,
                   detail: "\(masked ? "mask" : "unmask") document \(document.rawValue)") { db, patient, _ in
            try db.execute(sql: "UPDATE document SET masked = ? WHERE id = ? AND patient_id = ?",
                           arguments: [masked, document.rawValue, patient.id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.invalidInput("no document \(document.rawValue) in this record") }
        }
    }

    public func setEmergencyData(_ data: EmergencyData, of patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.summary), patient: patient, context: context, audited: .write,
                   detail: "emergency data: organ donation \(data.organDonation.rawValue), \(data.contacts.count) contacts") { db, patient, _ in
            let directives = data.advanceDirectives.flatMap { $0.isEmpty ? nil : $0 }
            try db.execute(sql: "UPDATE patient SET organ_donation = ?, advance_directives = ? WHERE id = ?",
                           arguments: [data.organDonation.rawValue, directives, patient.id.rawValue])
            try db.execute(sql: "DELETE FROM emergency_contact WHERE patient_id = ?", arguments: [patient.id.rawValue])
            for contact in data.contacts {
                try db.execute(sql: "INSERT INTO emergency_contact (patient_id, name, relationship, phone) VALUES (?, ?, ?, ?)",
                               arguments: [patient.id.rawValue, contact.name, contact.relationship, contact.phone])
            }
        }
    }

    // MARK: Access history

    public func accessHistory(of patient: PatientID, filter: AccessHistoryFilter, before: Int64?, limit: Int,
                              context: AccessContext) throws -> Page<AccessHistoryEntry> {
        try access(.read, .section(.access), patient: patient, context: context, audited: .read, detail: "access history") { db, patient, _ in
            let previousLogin = try RecordStore.previousLogin(of: patient, in: db)
            var sql = """
                SELECT * FROM audit_event
                WHERE patient = ? AND seq < ? AND NOT (actor = ? AND action IN ('read', 'open', 'login', 'audit-read', 'acknowledge'))
                """
            var arguments: StatementArguments = [patient.auditName, before ?? Int64.max, "patient:\(patient.auditName)"]
            if let actor = filter.actor {
                sql += " AND actor = ?"
                arguments += [actor]
            }
            if let section = filter.section {
                sql += " AND section = ?"
                arguments += [section.rawValue]
            }
            switch filter.kind {
            case .all: break
            case .allowed: sql += " AND outcome = 'allowed'"
            case .refused: sql += " AND outcome = 'refused'"
            case .breakGlass: sql += " AND (action IN ('break-glass-start', 'break-glass-stop') OR purpose = 'emergency')"
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments += [limit]
            let events = try Row.fetchAll(db, sql: sql, arguments: arguments).map(AuditLog.event)
            let entries = try events.map { try RecordStore.historyEntry($0, previousLogin: previousLogin, in: db) }
            return Page(items: entries, next: events.count == limit ? events.last?.seq : nil)
        }
    }

    public func accessHistoryActors(of patient: PatientID, context: AccessContext) throws -> [(actor: String, name: String)] {
        try access(.read, .section(.access), patient: patient, context: context, audited: .read, detail: "access history actors") { db, patient, _ in
            let actors = try String.fetchAll(db, sql: """
                SELECT DISTINCT actor FROM audit_event WHERE patient = ? AND actor <> ? ORDER BY actor
                """, arguments: [patient.auditName, "patient:\(patient.auditName)"])
            return try actors.map { (actor: $0, name: try RecordStore.actorName($0, in: db)) }
        }
    }

    // MARK: Alerts at sign-in

    public func alerts(of patient: PatientID, context: AccessContext) throws -> [AccessAlert] {
        try access(.read, .section(.access), patient: patient, context: context, audited: .read, detail: "alerts") { db, patient, _ in
            let acknowledged = try String.fetchOne(db, sql: """
                SELECT detail FROM audit_event WHERE patient = ? AND actor = ? AND action = 'acknowledge' ORDER BY seq DESC LIMIT 1
                """, arguments: [patient.auditName, "patient:\(patient.auditName)"])
                .flatMap { $0.hasPrefix("through:") ? Int64($0.dropFirst("through:".count)) : nil } ?? 0
            let previousLogin = try RecordStore.previousLogin(of: patient, in: db)
            let events = try Row.fetchAll(db, sql: """
                SELECT * FROM audit_event WHERE patient = ? AND seq > ? AND actor LIKE 'rpps:%' ORDER BY seq
                """, arguments: [patient.auditName, acknowledged]).map(AuditLog.event)
            var alerts: [AccessAlert] = []
            var seenActors = Set<String>()
            for event in events {
                let entry = { try RecordStore.historyEntry(event, previousLogin: previousLogin, in: db) }
                if event.action == AuditAction.breakGlassStart.rawValue {
                    alerts.append(AccessAlert(kind: .breakGlass, entry: try entry()))
                } else if event.outcome == .refused, event.reason == RefusalReason.blocked.code {
                    alerts.append(AccessAlert(kind: .blockedAttempt, entry: try entry()))
                } else if event.outcome == .allowed, !seenActors.contains(event.actor) {
                    let earlier = try Bool.fetchOne(db, sql: """
                        SELECT 1 FROM audit_event WHERE patient = ? AND actor = ? AND outcome = 'allowed' AND seq < ? LIMIT 1
                        """, arguments: [patient.auditName, event.actor, event.seq]) ?? false
                    if !earlier { alerts.append(AccessAlert(kind: .firstAccess, entry: try entry())) }
                }
                if event.outcome == .allowed { seenActors.insert(event.actor) }
            }
            return alerts
        }
    }

    public func acknowledgeAlerts(through seq: Int64, of patient: PatientID, context: AccessContext) throws {
        try access(.write, .section(.access), patient: patient, context: context, audited: .acknowledge, detail: "through:\(seq)") { _, _, _ in }
    }

    // MARK: Finding professionals

    public func findProfessionals(_ query: String, limit: Int = 20) throws -> [Professional] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        return try database.read { db in
            if let rpps = try? RPPS(trimmed) { return try ProfessionalRow.fetch(rpps, in: db).map { [$0] } ?? [] }
            let words = SearchText.fold(trimmed).split(whereSeparator: { !$0.isLetter })
            guard let first = words.first?.first else { return [] }
            // Names are stored with accents and the table is small (one row per card
            // holder): folding in Swift is simpler than an index, and fast enough.
            var found: [Professional] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM professional ORDER BY family_name, given_names")
            while let row = try rows.next(), found.count < limit {
                guard let professional = ProfessionalRow.decode(row) else { continue }
                let name = "\(professional.givenNames) \(professional.familyName)"
                if SearchText.fold(name).contains(first), SearchText.matches(name, query: trimmed) { found.append(professional) }
            }
            return found
        }
    }

    // MARK: Helpers

    /// The sequence number of the patient's sign-in before the current one (0 if none).
    static func previousLogin(of patient: Patient, in db: Database) throws -> Int64 {
        let logins = try Int64.fetchAll(db, sql: """
            SELECT seq FROM audit_event WHERE patient = ? AND actor = ? AND action = 'login' AND outcome = 'allowed'
            ORDER BY seq DESC LIMIT 2
            """, arguments: [patient.auditName, "patient:\(patient.auditName)"])
        return logins.count == 2 ? logins[1] : 0
    }

    static func actorName(_ actor: String, in db: Database) throws -> String {
        guard actor.hasPrefix("rpps:"), let rpps = try? RPPS(String(actor.dropFirst(5))),
              let professional = try ProfessionalRow.fetch(rpps, in: db) else { return actor }
        return "\(professional.displayName) (\(professional.profession.frenchName))"
    }

    static func historyEntry(_ event: AuditEvent, previousLogin: Int64, in db: Database) throws -> AccessHistoryEntry {
        var duration: TimeInterval?
        if event.action == AuditAction.breakGlassStart.rawValue {
            duration = try String.fetchOne(db, sql: """
                SELECT at FROM audit_event WHERE patient = ? AND actor = ? AND action = 'break-glass-stop' AND seq > ? AND detail LIKE ?
                ORDER BY seq LIMIT 1
                """, arguments: [event.patient, event.actor, event.seq, "start:\(event.seq) %"])
                .flatMap(Timestamp.date(from:)).map { $0.timeIntervalSince(event.at) }
        }
        return AccessHistoryEntry(event: event, actorName: try actorName(event.actor, in: db), isNew: event.seq > previousLogin,
                                  breakGlassDuration: duration)
    }
}

// MARK: - The médecin traitant's inbox

extension RecordStore: TreatingDoctorInbox {
    public func inbox(context: AccessContext, limit: Int = 200) throws -> [InboxItem] {
        guard case let .professional(professional) = context.actor else { return [] }
        return try database.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.*, p.family_name AS patient_family_name, p.given_names AS patient_given_names
                FROM patient p JOIN audit_event e ON e.patient = p.ins
                WHERE p.treating_rpps = ? AND e.actor <> ? AND (e.action = 'break-glass-start' OR e.outcome = 'refused')
                ORDER BY e.seq DESC LIMIT ?
                """, arguments: [professional.rpps.digits, "rpps:\(professional.rpps.digits)", limit])
            let items = try rows.map { row -> InboxItem in
                let event = AuditLog.event(row)
                let name = "\(row["patient_given_names"] as String) \((row["patient_family_name"] as String).uppercased())"
                return InboxItem(patient: name, ins: event.patient ?? "",
                                 entry: try RecordStore.historyEntry(event, previousLogin: 0, in: db))
            }
            // Reading what happened to others' records is itself an access to the trail.
            try audit.append(AuditDraft(context: context, patient: nil, action: .auditRead, detail: "treating-doctor inbox: \(items.count) events"), in: db)
            return items
        }
    }
}
