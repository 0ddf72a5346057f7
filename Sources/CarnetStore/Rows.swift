import CarnetModel
import Foundation
import GRDB

// Mapping between the tables and the model's values. Raw columns stay here; the rest of
// the store speaks in model types. Each insert is the one way its table is written, used
// by the record store's writes and by the demo builder alike.

extension Author {
    var columns: (kind: String, rpps: String?, name: String?) {
        switch self {
        case let .professional(rpps, name): return ("professional", rpps.digits, name)
        case .patient: return ("patient", nil, nil)
        case let .external(name): return ("external", nil, name)
        }
    }

    init(row: Row) {
        self.init(kind: row["author_kind"], rpps: row["author_rpps"], name: row["author_name"])
    }

    /// From the three author columns.
    init(kind: String?, rpps text: String?, name: String?) {
        if kind == "professional", let text, let rpps = try? RPPS(text) {
            self = .professional(rpps, name: name ?? text)
        } else if kind == "patient" {
            self = .patient
        } else {
            self = .external(name: name ?? "inconnu")
        }
    }
}

private func day(_ row: Row, _ column: String) -> CalendarDate? {
    (row[column] as String?).flatMap { CalendarDate($0) }
}

enum PatientRow {
    static let columns = """
        id, ins, family_name, given_names, birth_date, sex, blood_group, organ_donation, advance_directives,
        treating_rpps, consent_emergency, consent_samu, closed_at, deceased, address, telecom
        """

    static func fetch(ins: INS, in db: Database) throws -> Patient? {
        try fetchOne(db, sql: "SELECT \(columns) FROM patient WHERE ins = ?", arguments: [ins.digits])
    }

    static func fetch(_ id: PatientID, in db: Database) throws -> Patient? {
        try fetchOne(db, sql: "SELECT \(columns) FROM patient WHERE id = ?", arguments: [id.rawValue])
    }

    private static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments) throws -> Patient? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) else { return nil }
        var patient = decode(row)
        patient.contacts = try Row.fetchAll(db.cachedStatement(sql: "SELECT name, relationship, phone FROM emergency_contact WHERE patient_id = ? ORDER BY id"),
                                            arguments: [patient.id.rawValue])
            .map { EmergencyContact(name: $0["name"], relationship: $0["relationship"], phone: $0["phone"]) }
        return patient
    }

    static func decode(_ row: Row) -> Patient {
        var patient = Patient(id: PatientID(row["id"]), ins: (row["ins"] as String?).flatMap { try? INS($0) },
                familyName: row["family_name"], givenNames: row["given_names"],
                birthDate: day(row, "birth_date") ?? CalendarDate(daysSinceEpoch: 0),
                sex: Sex(rawValue: row["sex"]) ?? .unknown,
                bloodGroup: (row["blood_group"] as String?).flatMap(BloodGroup.init(rawValue:)),
                organDonation: OrganDonationStance(rawValue: row["organ_donation"]) ?? .notStated,
                advanceDirectives: row["advance_directives"],
                treatingDoctor: (row["treating_rpps"] as String?).flatMap { try? RPPS($0) },
                consents: BreakGlassConsents(emergencyPhysician: row["consent_emergency"], samuRegulator: row["consent_samu"]),
                closedAt: (row["closed_at"] as String?).flatMap(Timestamp.date(from:)))
        // "yes" when a source said the person died without saying when.
        if let deceased = row["deceased"] as String? {
            patient.isDeceased = true
            patient.deceasedOn = CalendarDate(deceased)
        }
        patient.address = row["address"]
        patient.telecom = (row["telecom"] as String?).map { $0.split(separator: "\n").map(String.init) } ?? []
        return patient
    }

    /// What a merged file knows that the record does not (a death, an address, a phone, a
    /// contact) is added; nothing the record holds is overwritten.
    static func fillMissing(_ existing: Patient, from incoming: Patient, in db: Database) throws {
        if incoming.isDeceased, !existing.isDeceased {
            try db.execute(sql: "UPDATE patient SET deceased = ? WHERE id = ?", arguments: [incoming.deceasedOn?.iso ?? "yes", existing.id.rawValue])
        }
        if existing.address == nil, let address = incoming.address {
            try db.execute(sql: "UPDATE patient SET address = ? WHERE id = ?", arguments: [address, existing.id.rawValue])
        }
        let telecom = existing.telecom + incoming.telecom.filter { !existing.telecom.contains($0) }
        if telecom != existing.telecom {
            try db.execute(sql: "UPDATE patient SET telecom = ? WHERE id = ?", arguments: [telecom.joined(separator: "\n"), existing.id.rawValue])
        }
        for contact in incoming.contacts where !existing.contacts.contains(contact) {
            try db.cachedStatement(sql: "INSERT INTO emergency_contact (patient_id, name, relationship, phone) VALUES (?, ?, ?, ?)")
                .execute(arguments: [existing.id.rawValue, contact.name, contact.relationship, contact.phone])
        }
    }

    /// Inserts a patient and their contacts; returns the store's key.
    static func insert(_ patient: Patient, in db: Database) throws -> PatientID {
        try db.cachedStatement(sql: """
            INSERT INTO patient (ins, family_name, given_names, birth_date, sex, blood_group, organ_donation,
                                 advance_directives, treating_rpps, consent_emergency, consent_samu, closed_at, deceased, address, telecom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.ins?.digits, patient.familyName, patient.givenNames, patient.birthDate.iso,
                                     patient.sex.rawValue, patient.bloodGroup?.rawValue, patient.organDonation.rawValue,
                                     patient.advanceDirectives, patient.treatingDoctor?.digits,
                                     patient.consents.emergencyPhysician, patient.consents.samuRegulator,
                                     patient.closedAt.map(Timestamp.string(from:)),
                                     patient.isDeceased ? (patient.deceasedOn?.iso ?? "yes") : nil, patient.address,
                                     patient.telecom.isEmpty ? nil : patient.telecom.joined(separator: "\n")])
        let id = db.lastInsertedRowID
        for contact in patient.contacts {
            try db.cachedStatement(sql: "INSERT INTO emergency_contact (patient_id, name, relationship, phone) VALUES (?, ?, ?, ?)")
                .execute(arguments: [id, contact.name, contact.relationship, contact.phone])
        }
        return PatientID(id)
    }
}

enum ProfessionalRow {
    static func fetch(_ rpps: RPPS, in db: Database) throws -> Professional? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM professional WHERE rpps = ?"), arguments: [rpps.digits]).flatMap(decode)
    }

    /// Nil for a row whose RPPS or profession is not valid (written behind Carnet's back).
    static func decode(_ row: Row) -> Professional? {
        guard let rpps = try? RPPS(row["rpps"]), let profession = Profession(rawValue: row["profession"]) else { return nil }
        return Professional(rpps: rpps, familyName: row["family_name"], givenNames: row["given_names"],
                            profession: profession, specialty: row["specialty"])
    }

    static func insert(_ professional: Professional, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO professional (rpps, family_name, given_names, profession, specialty) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [professional.rpps.digits, professional.familyName, professional.givenNames,
                                 professional.profession.rawValue, professional.specialty])
    }
}

enum EntryRows {
    /// Codes as a JSON array in one column: read whole, never queried by SQL.
    static func codes(_ row: Row) -> [Coding] { codes(json: row["codes"]) }

    static func codes(json text: String?) -> [Coding] {
        guard let text, text != "[]", let decoded = try? JSONDecoder().decode([Coding].self, from: Data(text.utf8)) else { return [] }
        return decoded
    }

    static func json(_ codes: [Coding]) -> String? {
        guard !codes.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(codes)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func history(_ row: Row) -> HistoryItem {
        HistoryItem(id: EntryID(row["id"]), kind: HistoryItem.Kind(rawValue: row["kind"]) ?? .condition, label: row["label"],
                    code: row["code"], onset: day(row, "onset"), end: day(row, "end_date"),
                    status: HistoryItem.Status(rawValue: row["status"]) ?? .active, author: Author(row: row), codes: codes(row))
    }

    static func allergy(_ row: Row) -> Allergy {
        Allergy(id: EntryID(row["id"]), substance: row["substance"], substanceClass: row["substance_class"],
                reaction: row["reaction"], severity: Allergy.Severity(rawValue: row["severity"]) ?? .moderate,
                status: Allergy.Status(rawValue: row["status"]) ?? .active, recordedOn: day(row, "recorded_on"),
                author: Author(row: row), codes: codes(row))
    }

    static func vaccination(_ row: Row) -> Vaccination {
        Vaccination(id: EntryID(row["id"]), vaccine: row["vaccine"], date: day(row, "date") ?? CalendarDate(daysSinceEpoch: 0),
                    dose: row["dose"], lot: row["lot"], author: Author(row: row), codes: codes(row))
    }

    static func prescription(_ row: Row) -> Prescription {
        Prescription(id: EntryID(row["id"]), medicine: row["medicine"], atc: row["atc"], dosage: row["dosage"],
                     start: day(row, "start_date"), end: day(row, "end_date"),
                     prescriber: Author(row: row), status: Prescription.Status(rawValue: row["status"]) ?? .active,
                     labTest: row["lab_test"], codes: codes(row))
    }

    static func document(_ row: Row) -> Document {
        Document(id: EntryID(row["id"]), loinc: row["loinc"], title: row["title"], author: Author(row: row),
                 date: day(row, "date") ?? CalendarDate(daysSinceEpoch: 0), text: row["text"],
                 state: DocumentState(maskedFromProfessionals: row["masked"], hiddenFromPatientUntil: day(row, "hidden_until"),
                                      archived: row["archived"], replacedBy: (row["replaced_by"] as Int64?).map(EntryID.init),
                                      superseded: row["superseded"] ?? false),
                 attachment: (row["media_type"] as String?).map { Attachment(mediaType: $0, byteCount: row["byte_count"] ?? 0) })
    }

    static func reimbursement(_ row: Row) -> Reimbursement {
        Reimbursement(id: EntryID(row["id"]), date: day(row, "date") ?? CalendarDate(daysSinceEpoch: 0), act: row["act"],
                      amountPaidCents: row["amount_paid_cents"], amountReimbursedCents: row["amount_reimbursed_cents"],
                      currency: row["currency"] ?? "EUR")
    }

    @discardableResult
    static func insert(_ item: HistoryItem, patient: PatientID, in db: Database) throws -> EntryID {
        let author = item.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO history_item (patient_id, kind, label, code, onset, end_date, status, author_kind, author_rpps, author_name, codes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, item.kind.rawValue, item.label, item.code, item.onset?.iso, item.end?.iso,
                                     item.status.rawValue, author.kind, author.rpps, author.name, json(item.codes)])
        return EntryID(db.lastInsertedRowID)
    }

    @discardableResult
    static func insert(_ allergy: Allergy, patient: PatientID, in db: Database) throws -> EntryID {
        let author = allergy.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO allergy (patient_id, substance, substance_class, reaction, severity, status, recorded_on, author_kind, author_rpps, author_name,
                                 codes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, allergy.substance, allergy.substanceClass, allergy.reaction,
                                     allergy.severity.rawValue, allergy.status.rawValue, allergy.recordedOn?.iso,
                                     author.kind, author.rpps, author.name, json(allergy.codes)])
        return EntryID(db.lastInsertedRowID)
    }

    @discardableResult
    static func insert(_ vaccination: Vaccination, patient: PatientID, in db: Database) throws -> EntryID {
        let author = vaccination.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO vaccination (patient_id, vaccine, date, dose, lot, author_kind, author_rpps, author_name, codes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, vaccination.vaccine, vaccination.date.iso, vaccination.dose,
                                     vaccination.lot, author.kind, author.rpps, author.name, json(vaccination.codes)])
        return EntryID(db.lastInsertedRowID)
    }

    @discardableResult
    static func insert(_ prescription: Prescription, patient: PatientID, in db: Database) throws -> EntryID {
        let author = prescription.prescriber.columns
        try db.cachedStatement(sql: """
            INSERT INTO prescription (patient_id, medicine, atc, dosage, start_date, end_date, status, author_kind, author_rpps, author_name,
                                      lab_test, codes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, prescription.medicine, prescription.atc, prescription.dosage,
                                     // start_date is NOT NULL since v1: an unknown start is stored empty and read back as nil.
                                     prescription.start?.iso ?? "", prescription.end?.iso, prescription.status.rawValue,
                                     author.kind, author.rpps, author.name, prescription.labTest, json(prescription.codes)])
        return EntryID(db.lastInsertedRowID)
    }

    @discardableResult
    static func insert(_ document: Document, patient: PatientID, in db: Database) throws -> EntryID {
        let author = document.author.columns
        try db.cachedStatement(sql: """
            INSERT INTO document (patient_id, loinc, title, date, text, masked, hidden_until, archived, replaced_by, author_kind, author_rpps, author_name,
                                  media_type, byte_count, content, superseded)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, document.loinc, document.title, document.date.iso, document.text,
                                     document.state.maskedFromProfessionals, document.state.hiddenFromPatientUntil?.iso,
                                     document.state.archived, document.state.replacedBy?.rawValue,
                                     author.kind, author.rpps, author.name,
                                     document.attachment?.mediaType, document.attachment?.byteCount, document.attachment?.data,
                                     document.state.superseded])
        return EntryID(db.lastInsertedRowID)
    }

    @discardableResult
    static func insert(_ reimbursement: Reimbursement, patient: PatientID, in db: Database) throws -> EntryID {
        try db.cachedStatement(sql: """
            INSERT INTO reimbursement (patient_id, date, act, amount_paid_cents, amount_reimbursed_cents, currency) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [patient.rawValue, reimbursement.date.iso, reimbursement.act,
                                     reimbursement.amountPaidCents, reimbursement.amountReimbursedCents, reimbursement.currency])
        return EntryID(db.lastInsertedRowID)
    }

    static func insertGrant(patient: PatientID, professional: RPPS, level: AccessLevel, since: Date, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO access_grant (patient_id, professional_rpps, level, since) VALUES (?, ?, ?, ?)
            ON CONFLICT(patient_id, professional_rpps) DO UPDATE SET level = excluded.level
            """).execute(arguments: [patient.rawValue, professional.digits, level.rawValue, Timestamp.string(from: since)])
    }

    static func insertBlock(patient: PatientID, professional: RPPS, since: Date, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO access_block (patient_id, professional_rpps, since) VALUES (?, ?, ?)")
            .execute(arguments: [patient.rawValue, professional.digits, Timestamp.string(from: since)])
    }
}
