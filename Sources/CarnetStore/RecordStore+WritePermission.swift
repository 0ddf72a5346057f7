import CarnetModel
import Foundation
import GRDB

extension RecordStore {
    /// The sections this reader may add to, as the policy would decide a write now: the
    /// screens offer "add" only where the store would accept it, so a read-only reader
    /// (a pharmacist, a read grant, a break-glass access) never fills a form to be refused.
    ///
    /// Not audited: it reads who may do what (grants, blocks, consents), not the record.
    /// The write itself, if it comes, is decided and audited again.
    public func writableSections(of patient: PatientID, context: AccessContext) throws -> Set<RecordSection> {
        let now = clock()
        return try database.read { db in
            guard let patient = try PatientRow.fetch(patient, in: db) else { return [] }
            let facts = try RecordStore.facts(about: patient, for: context.actor, in: db)
            return Set(RecordSection.allCases.filter { policy.decide(.write, .section($0), context: context, facts: facts, now: now).isAllowed })
        }
    }
}
