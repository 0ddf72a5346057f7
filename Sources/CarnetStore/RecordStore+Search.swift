import CarnetModel
import Foundation
import GRDB

/// The directory as terminals see it: through the gate, like a record. A list of names and
/// birth dates is patient data, so each search is an audit event, and what each result
/// shows depends on who asks.
extension RecordStore: PatientFinder {
    public func patient(ins: INS, context: AccessContext) throws -> PatientListing? {
        let found = try Directory(database: database).patient(ins: ins)
        return try audited(found.map { [$0] } ?? [], typed: "INS \(ins.digits)", context: context).first
    }

    public func searchPatients(name: String, birthDate: CalendarDate?, after: Int64?, limit: Int,
                               context: AccessContext) throws -> Page<PatientListing> {
        let page = try Directory(database: database).searchPatients(name: name, birthDate: birthDate, after: after, limit: limit)
        let typed = "'\(name)'" + (birthDate.map { " born \($0.iso)" } ?? "") + (after.map { " after \($0)" } ?? "")
        // Paging follows the index, whatever is hidden from this reader.
        return Page(items: try audited(page.items, typed: typed, context: context), next: page.next)
    }

    /// Filters the results for the reader and writes the search's audit event, in one
    /// transaction: no audit, no result.
    private func audited(_ listings: [PatientListing], typed: String, context: AccessContext) throws -> [PatientListing] {
        let now = clock()
        return try database.write { db in
            var shown: [PatientListing] = []
            for listing in listings {
                guard let patient = try PatientRow.fetch(listing.id, in: db) else { continue }
                let facts = try RecordStore.facts(about: patient, for: context.actor, in: db)
                // Someone the patient blocked does not learn the patient is here; the patient
                // learns of the attempt, as of any refused access.
                if facts.isBlocked {
                    try audit.append(AuditDraft(context: context, patient: patient.auditName, action: .search, outcome: .refused,
                                                reason: RefusalReason.blocked.code, detail: "search \(typed): not shown"), in: db)
                    continue
                }
                var visible = listing
                if !policy.decide(.read, .record, context: context, facts: facts, now: now).isAllowed { visible.ins = nil }
                shown.append(visible)
            }
            try audit.append(AuditDraft(context: context, patient: nil, action: .search,
                                        detail: "search \(typed): \(shown.count) result\(shown.count == 1 ? "" : "s")"), in: db)
            return shown
        }
    }
}
