import CarnetModel
import CarnetResources
import Foundation
import GRDB

extension PrescriptionSafety {
    /// The checks with the tables shipped in `Resources/` (interactions and substance
    /// classes: non-exhaustive extracts).
    public static func standard() throws -> PrescriptionSafety {
        PrescriptionSafety(interactions: InteractionTable(lines: try CarnetResources.lines("interactions.txt")),
                           labTests: LabTestCatalog(lines: try CarnetResources.lines("lab-tests.txt")),
                           substances: try .standard(), formulary: try .standard())
    }
}

extension Formulary {
    public static func standard() throws -> Formulary { Formulary(lines: try CarnetResources.lines("formulary.txt")) }
}

extension SubstanceClasses {
    /// SNOMED CT, RxNorm and words mapped to ATC classes (an extract, not exhaustive).
    public static func standard() throws -> SubstanceClasses { SubstanceClasses(lines: try CarnetResources.lines("substance-classes.txt")) }
}

extension RecordStore: RecordWriting {
    /// Saves a prescription after the safety checks, which run in the same transaction as
    /// the write, on the record as it is then. A warning not in `confirming` (by code)
    /// holds the prescription: nothing is saved, and the hold is audited. A save with
    /// confirmed warnings is audited with the overrides it made.
    public func prescribe(_ prescription: Prescription, for patient: PatientID, confirming: Set<String>,
                          context: AccessContext) throws -> PrescriptionOutcome {
        var prescription = prescription
        if case let .professional(professional) = context.actor {
            prescription.prescriber = .professional(professional.rpps, name: professional.displayName)
        }
        let safety = try PrescriptionSafety.standard()
        let now = clock()
        // The body returns the outcome with the warnings it overrode, so the audit event
        // can name exactly what the prescriber confirmed.
        let outcome: Result<(PrescriptionOutcome, overridden: [String]), Error> = try database.write { db in
            try self.access(.write, .section(.prescriptions), patient: patient, context: context, audited: .write, detail: { result in
                switch result?.0 {
                case nil: return "add prescription: \(prescription.medicine)"
                case .saved?:
                    let overridden = result?.overridden ?? []
                    return "add prescription: \(prescription.medicine)" + (overridden.isEmpty ? "" : "; confirmed over warnings: " + overridden.joined(separator: ", "))
                case let .needsConfirmation(warnings)?:
                    return "prescription held for confirmation: \(prescription.medicine); warnings: " + warnings.map(\.code).joined(separator: ", ")
                }
            }, in: db, now: now) { db, patient, _ in
                let warnings = try RecordStore.safetyWarnings(for: prescription, patient: patient.id, safety: safety, today: CalendarDate(now), in: db)
                let unconfirmed = warnings.filter { !confirming.contains($0.code) }
                guard unconfirmed.isEmpty else { return (PrescriptionOutcome.needsConfirmation(unconfirmed), []) }
                return (.saved(try EntryRows.insert(prescription, patient: patient.id, in: db)), warnings.map(\.code))
            }
        }
        return try outcome.get().0
    }

    static func safetyWarnings(for prescription: Prescription, patient: PatientID, safety: PrescriptionSafety, today: CalendarDate,
                               in db: Database) throws -> [SafetyWarning] {
        let allergies = try Row.fetchAll(db, sql: "SELECT * FROM allergy WHERE patient_id = ?", arguments: [patient.rawValue]).map(EntryRows.allergy)
        let prescriptions = try Row.fetchAll(db, sql: "SELECT * FROM prescription WHERE patient_id = ?", arguments: [patient.rawValue])
            .map(EntryRows.prescription)
        return safety.check(prescription, allergies: allergies, prescriptions: prescriptions, today: today)
    }
}
