import CarnetModel
import GRDB

// MARK: - Migrations
//
// Named and never edited once landed: a database in the field has run them as they were.
// A new change is a new migration appended to `migrator`.

extension CarnetDatabase {
    static let migrationNames: Set<String> = ["v1-record-audit-credentials", "v2-document-attachments", "v3-lab-test-orders", "v4-fhir-import",
                                                   "v5-codes-statements-sources", "v6-result-values-patient-details", "v7-audit-hardening", "v8-pin-delays",
                                                   "v9-results-pane", "v10-result-series"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-record-audit-credentials") { db in
            try db.execute(sql: v1Schema)
        }
        // A patient's own files (and imported ones) that are not text: kept whole, listed
        // by type and size.
        migrator.registerMigration("v2-document-attachments") { db in
            try db.execute(sql: """
                ALTER TABLE document ADD COLUMN media_type TEXT;
                ALTER TABLE document ADD COLUMN byte_count INTEGER;
                ALTER TABLE document ADD COLUMN content BLOB;
                """)
        }
        // Laboratory test orders are prescriptions with a NABM code, so a repeat can be seen.
        migrator.registerMigration("v3-lab-test-orders") { db in
            try db.execute(sql: "ALTER TABLE prescription ADD COLUMN lab_test TEXT")
        }
        // FHIR imports: results, the identifiers a source gave a patient, and which source
        // resource became which row (so importing a file twice changes nothing).
        migrator.registerMigration("v4-fhir-import") { db in
            try db.execute(sql: """
                CREATE TABLE result (
                    id INTEGER PRIMARY KEY,
                    patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
                    code TEXT,
                    label TEXT NOT NULL,
                    value TEXT,
                    date TEXT,
                    author_kind TEXT NOT NULL,
                    author_rpps TEXT,
                    author_name TEXT
                );
                CREATE INDEX result_patient ON result(patient_id);
                CREATE TABLE patient_identifier (
                    patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
                    system TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (patient_id, system, value)
                ) WITHOUT ROWID;
                CREATE INDEX patient_identifier_value ON patient_identifier(value, system);
                CREATE TABLE import_source (
                    source_key TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    patient_id INTEGER REFERENCES patient(id) ON DELETE CASCADE,
                    entry_id INTEGER
                ) WITHOUT ROWID;
                """)
        }
        // What other systems say, kept: every entry's codes with their systems (JSON), the
        // statements of absence ("no known allergy", "no information") as their own kind,
        // and the bare "Type/id" of each imported resource beside its source-scoped key, so
        // that a later file's "Patient/x" is resolved only when exactly one source has it.
        migrator.registerMigration("v5-codes-statements-sources") { db in
            try db.execute(sql: """
                ALTER TABLE history_item ADD COLUMN codes TEXT;
                ALTER TABLE allergy ADD COLUMN codes TEXT;
                ALTER TABLE vaccination ADD COLUMN codes TEXT;
                ALTER TABLE prescription ADD COLUMN codes TEXT;
                ALTER TABLE result ADD COLUMN codes TEXT;
                CREATE TABLE record_statement (
                    id INTEGER PRIMARY KEY,
                    patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
                    section TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    text TEXT NOT NULL,
                    codes TEXT,
                    date TEXT,
                    author_kind TEXT NOT NULL,
                    author_rpps TEXT,
                    author_name TEXT
                );
                CREATE INDEX record_statement_patient ON record_statement(patient_id, section);
                ALTER TABLE import_source ADD COLUMN resource TEXT;
                UPDATE import_source SET resource = source_key;
                CREATE INDEX import_source_resource ON import_source(resource);
                CREATE INDEX patient_birth_date ON patient(birth_date);
                """)
        }
        // Results as the laboratory wrote them (exact decimal, unit, comparator, range,
        // interpretation, category); the patient's death, address, telecom; currencies.
        migrator.registerMigration("v6-result-values-patient-details") { db in
            try db.execute(sql: """
                ALTER TABLE result ADD COLUMN decimal TEXT;
                ALTER TABLE result ADD COLUMN unit TEXT;
                ALTER TABLE result ADD COLUMN comparator TEXT;
                ALTER TABLE result ADD COLUMN range_low TEXT;
                ALTER TABLE result ADD COLUMN range_high TEXT;
                ALTER TABLE result ADD COLUMN range_unit TEXT;
                ALTER TABLE result ADD COLUMN range_text TEXT;
                ALTER TABLE result ADD COLUMN interpretation TEXT;
                ALTER TABLE result ADD COLUMN category TEXT NOT NULL DEFAULT 'other';
                ALTER TABLE patient ADD COLUMN deceased TEXT;
                ALTER TABLE patient ADD COLUMN address TEXT;
                ALTER TABLE patient ADD COLUMN telecom TEXT;
                ALTER TABLE reimbursement ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
                ALTER TABLE document ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // The trail defends itself against its holder where SQL can: each event may carry an
        // HMAC made with a key kept outside the file (NULL when unkeyed), and inserts that
        // rewrite history are refused. REPLACE deletes the row it conflicts with without
        // firing delete triggers, but BEFORE INSERT triggers fire first, so they refuse it.
        migrator.registerMigration("v7-audit-hardening") { db in
            try db.execute(sql: """
                ALTER TABLE audit_event ADD COLUMN mac TEXT;
                CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event
                WHEN EXISTS (SELECT 1 FROM audit_event WHERE seq = NEW.seq OR hash = NEW.hash) BEGIN
                    SELECT RAISE(ABORT, 'audit events are append-only: an event with this seq or hash exists, REPLACE refused');
                END;
                CREATE TRIGGER audit_event_next_seq BEFORE INSERT ON audit_event
                WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_event)
                  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000') BEGIN
                    SELECT RAISE(ABORT, 'audit events are append-only: an event must take the next seq and follow the last hash');
                END;
                CREATE TRIGGER audit_event_no_backdating BEFORE INSERT ON audit_event
                WHEN NEW.at < (SELECT at FROM audit_event ORDER BY seq DESC LIMIT 1) BEGIN
                    SELECT RAISE(ABORT, 'audit events are append-only: an event cannot be dated before the previous one');
                END;
                """)
        }
        // When a card's last wrong PIN was typed: the next one waits (Credentials.pinDelay).
        migrator.registerMigration("v8-pin-delays") { db in
            try db.execute(sql: "ALTER TABLE professional_credential ADD COLUMN last_failed_at TEXT")
        }
        // The Résultats pane: results grouped by the report that listed them, tied to the
        // document they were reported in (masking it hides them), read newest first.
        migrator.registerMigration("v9-results-pane") { db in
            try db.execute(sql: """
                ALTER TABLE result ADD COLUMN report TEXT;
                ALTER TABLE result ADD COLUMN is_report INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE result ADD COLUMN document_id INTEGER REFERENCES document(id) ON DELETE SET NULL;
                DROP INDEX result_patient;
                CREATE INDEX result_patient_date ON result(patient_id, date DESC, id DESC);
                CREATE INDEX result_document ON result(document_id) WHERE document_id IS NOT NULL;
                """)
        }
        // Each result's test (`ResultsBoard.series`), so that the Résultats pane reads each
        // test's newest values, and a test's history that test, without the thousands of
        // others. Computed in Swift at insertion; rows written before are computed here.
        migrator.registerMigration("v10-result-series") { db in
            try db.execute(sql: "ALTER TABLE result ADD COLUMN series TEXT")
            // By batches of ids: a million-patient database holds close to a million results.
            let batch = try db.makeStatement(sql: "SELECT id, code, label, is_report, report FROM result WHERE id > ? ORDER BY id LIMIT 10000")
            let update = try db.makeStatement(sql: "UPDATE result SET series = ? WHERE id = ?")
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(batch, arguments: [after])
                guard let last = rows.last else { break }
                for row in rows {
                    let series = ResultsBoard.series(code: row[1], label: row[2], isReport: row[3], report: row[4])
                    try update.execute(arguments: [series, row[0] as Int64])
                }
                after = last[0]
            }
            // Covering: the pane's ranking reads nothing but this index.
            try db.execute(sql: "CREATE INDEX result_series ON result(patient_id, series, code, date DESC, id DESC, document_id)")
        }
        return migrator
    }

    private static let v1Schema = """
    CREATE TABLE professional (
        rpps TEXT PRIMARY KEY NOT NULL,
        family_name TEXT NOT NULL,
        given_names TEXT NOT NULL,
        profession TEXT NOT NULL,
        specialty TEXT
    );

    CREATE TABLE patient (
        id INTEGER PRIMARY KEY,
        ins TEXT UNIQUE,
        family_name TEXT NOT NULL,
        given_names TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL,
        blood_group TEXT,
        organ_donation TEXT NOT NULL DEFAULT 'not-stated',
        advance_directives TEXT,
        treating_rpps TEXT REFERENCES professional(rpps),
        consent_emergency INTEGER NOT NULL DEFAULT 1,
        consent_samu INTEGER NOT NULL DEFAULT 1,
        closed_at TEXT
    );
    CREATE INDEX patient_treating ON patient(treating_rpps);

    -- Names found accent- and case-insensitively ("helene" finds "Hélène"), by word prefix.
    CREATE VIRTUAL TABLE patient_name_search USING fts5(
        family_name, given_names,
        content='patient', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER patient_name_search_insert AFTER INSERT ON patient BEGIN
        INSERT INTO patient_name_search(rowid, family_name, given_names)
        VALUES (new.id, new.family_name, new.given_names);
    END;
    CREATE TRIGGER patient_name_search_delete AFTER DELETE ON patient BEGIN
        INSERT INTO patient_name_search(patient_name_search, rowid, family_name, given_names)
        VALUES ('delete', old.id, old.family_name, old.given_names);
    END;
    CREATE TRIGGER patient_name_search_update AFTER UPDATE OF family_name, given_names ON patient BEGIN
        INSERT INTO patient_name_search(patient_name_search, rowid, family_name, given_names)
        VALUES ('delete', old.id, old.family_name, old.given_names);
        INSERT INTO patient_name_search(rowid, family_name, given_names)
        VALUES (new.id, new.family_name, new.given_names);
    END;

    CREATE TABLE emergency_contact (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        relationship TEXT NOT NULL,
        phone TEXT NOT NULL
    );
    CREATE INDEX emergency_contact_patient ON emergency_contact(patient_id);

    CREATE TABLE access_grant (
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        professional_rpps TEXT NOT NULL REFERENCES professional(rpps),
        level TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (patient_id, professional_rpps)
    ) WITHOUT ROWID;
    CREATE INDEX access_grant_professional ON access_grant(professional_rpps);

    CREATE TABLE access_block (
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        professional_rpps TEXT NOT NULL REFERENCES professional(rpps),
        since TEXT NOT NULL,
        PRIMARY KEY (patient_id, professional_rpps)
    ) WITHOUT ROWID;

    CREATE TABLE history_item (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        code TEXT,
        onset TEXT,
        end_date TEXT,
        status TEXT NOT NULL,
        author_kind TEXT NOT NULL,
        author_rpps TEXT,
        author_name TEXT
    );
    CREATE INDEX history_item_patient ON history_item(patient_id);

    CREATE TABLE allergy (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        substance TEXT NOT NULL,
        substance_class TEXT,
        reaction TEXT,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        recorded_on TEXT,
        author_kind TEXT NOT NULL,
        author_rpps TEXT,
        author_name TEXT
    );
    CREATE INDEX allergy_patient ON allergy(patient_id);

    CREATE TABLE vaccination (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        vaccine TEXT NOT NULL,
        date TEXT NOT NULL,
        dose TEXT,
        lot TEXT,
        author_kind TEXT NOT NULL,
        author_rpps TEXT,
        author_name TEXT
    );
    CREATE INDEX vaccination_patient ON vaccination(patient_id);

    CREATE TABLE prescription (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        medicine TEXT NOT NULL,
        atc TEXT,
        dosage TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        status TEXT NOT NULL,
        author_kind TEXT NOT NULL,
        author_rpps TEXT,
        author_name TEXT
    );
    CREATE INDEX prescription_patient ON prescription(patient_id);

    CREATE TABLE document (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        loinc TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        text TEXT,
        masked INTEGER NOT NULL DEFAULT 0,
        hidden_until TEXT,
        archived INTEGER NOT NULL DEFAULT 0,
        replaced_by INTEGER REFERENCES document(id),
        author_kind TEXT NOT NULL,
        author_rpps TEXT,
        author_name TEXT
    );
    CREATE INDEX document_patient ON document(patient_id);

    CREATE TABLE reimbursement (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
        date TEXT NOT NULL,
        act TEXT NOT NULL,
        amount_paid_cents INTEGER NOT NULL,
        amount_reimbursed_cents INTEGER NOT NULL
    );
    CREATE INDEX reimbursement_patient ON reimbursement(patient_id);

    -- The audit trail: a SHA-256 chain over a canonical encoding of each event.
    CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        patient TEXT,
        action TEXT NOT NULL,
        section TEXT,
        purpose TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    );
    CREATE INDEX audit_event_patient ON audit_event(patient, seq);
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
    END;
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused');
    END;

    -- Secrets are kept only as scrypt hashes; counters live here so they survive a restart.
    CREATE TABLE patient_credential (
        patient_id INTEGER PRIMARY KEY REFERENCES patient(id) ON DELETE CASCADE,
        secret_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    );
    CREATE TABLE professional_credential (
        rpps TEXT PRIMARY KEY REFERENCES professional(rpps),
        secret_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        blocked_at TEXT
    );
    """
}
