import CarnetModel
import Foundation
import GRDB

/// The demo's professionals besides the named accounts: they author records and hold
/// grants, and have no PIN.
struct DemoProfessionals {
    let all: [Professional]
    let generalPractitioners: [Professional]
    let specialists: [Professional]
    let pharmacists: [Professional]
    let nurses: [Professional]
    /// The laboratories whose biologists sign generated patients' reports.
    let laboratories: [DemoLaboratory]

    init(count: Int, generator: inout SeededGenerator, vocabulary: DemoVocabulary) {
        let professions: [Profession] = [.generalPractitioner, .specialist, .pharmacist, .nurse, .physiotherapist,
                                         .midwife, .dentist, .emergencyPhysician]
        let weights = [40, 20, 14, 12, 5, 3, 4, 2]
        let specialties = ["Cardiologie", "Endocrinologie", "Pneumologie", "Rhumatologie", "Gastro-entérologie", "Psychiatrie"]
        var all: [Professional] = []
        for index in 0..<count {
            let profession = index < 4 ? professions[index] : generator.pick(professions, weights: weights)
            let female = generator.chance(50)
            // "11…" never meets the named accounts' "1000…" numbers.
            let rpps = try! RPPS.completing("11" + Padded.digits(index, 8))
            all.append(Professional(rpps: rpps, familyName: generator.pick(vocabulary.familyNames),
                                    givenNames: generator.pick(female ? vocabulary.femaleNames : vocabulary.maleNames),
                                    profession: profession,
                                    specialty: profession == .specialist ? generator.pick(specialties) : nil))
        }
        laboratories = DemoLaboratory.generated(count: max(2, count / 40), firstIndex: count, generator: generator.fork(0x4C41_424F),
                                                vocabulary: vocabulary)
        self.all = all + laboratories.map(\.biologist)
        generalPractitioners = all.filter { $0.profession == .generalPractitioner }
        specialists = all.filter { $0.profession == .specialist }
        pharmacists = all.filter { $0.profession == .pharmacist }
        nurses = all.filter { $0.profession == .nurse }
    }
}

/// One generated patient and their record, before it has a key in the store.
struct DemoPatient: Sendable {
    var patient: Patient
    var history: [HistoryItem] = []
    var prescriptions: [Prescription] = []
    var allergies: [Allergy] = []
    var vaccinations: [Vaccination] = []
    var documents: [Document] = []
    var reimbursements: [Reimbursement] = []
    var grants: [(RPPS, AccessLevel)] = []
    /// Results, each with the index in `documents` of the laboratory report that lists it
    /// (nil for vital signs, which no report lists).
    var results: [(result: LabResult, report: Int?)] = []
}

private func twoDigits(_ value: Int) -> String { Padded.digits(value, 2) }
private func fiveDigits(_ value: Int) -> String { Padded.digits(value, 5) }

/// Makes one synthetic patient and their record: conditions by age, the medicines that
/// treat them, the vaccination calendar, documents, reimbursements, grants and results.
struct DemoRecordGenerator: Sendable {
    let vocabulary: DemoVocabulary
    let professionals: DemoProfessionals
    let anchor: CalendarDate
    private let reserved: Set<String> = [DemoAccounts.marieINS.digits, DemoAccounts.lucINS.digits]
    private let relationships = ["conjoint", "conjointe", "fils", "fille", "frère", "sœur", "mère", "père", "ami"]

    init(vocabulary: DemoVocabulary, professionals: DemoProfessionals, anchor: CalendarDate) {
        self.vocabulary = vocabulary
        self.professionals = professionals
        self.anchor = anchor
    }

    /// Writes a generated patient and their record.
    static func insert(_ demo: DemoPatient, results: inout DemoResultRows, in db: Database) throws {
        let id = try PatientRow.insert(demo.patient, in: db)
        for item in demo.history { try EntryRows.insert(item, patient: id, in: db) }
        for prescription in demo.prescriptions { try EntryRows.insert(prescription, patient: id, in: db) }
        for allergy in demo.allergies { try EntryRows.insert(allergy, patient: id, in: db) }
        for vaccination in demo.vaccinations { try EntryRows.insert(vaccination, patient: id, in: db) }
        var documents: [EntryID] = []
        documents.reserveCapacity(demo.documents.count)
        for document in demo.documents { documents.append(try EntryRows.insert(document, patient: id, in: db)) }
        for (result, report) in demo.results {
            try results.append(result, patient: id, document: report.map { documents[$0] }, in: db)
        }
        for reimbursement in demo.reimbursements { try EntryRows.insert(reimbursement, patient: id, in: db) }
        for (rpps, level) in demo.grants {
            try EntryRows.insertGrant(patient: id, professional: rpps, level: level, since: DemoDatabase.anchorDate, in: db)
        }
    }

    /// Generates one patient from the generator alone (no database), so generation can run
    /// ahead of the writer on another core and stay deterministic.
    func makePatient(index: Int, generator g: inout SeededGenerator) -> DemoPatient {
        let female = g.chance(51)
        let ageDays = g.below(95 * 365)
        let birth = anchor.adding(days: -ageDays)
        let age = birth.age(on: anchor)
        let family = g.pick(vocabulary.familyNames)
        let given = g.pick(female ? vocabulary.femaleNames : vocabulary.maleNames)
        let doctor = g.chance(90) ? g.pick(professionals.generalPractitioners) : nil
        let doctorAuthor = doctor.map { Author.professional($0.rpps, name: $0.displayName) }
            ?? .external(name: "Centre de santé municipal")

        var contacts: [EmergencyContact] = []
        for _ in 0..<(1 + g.below(2)) {
            contacts.append(EmergencyContact(
                name: "\(g.pick(g.chance(50) ? vocabulary.femaleNames : vocabulary.maleNames)) \(g.chance(60) ? family : g.pick(vocabulary.familyNames))",
                relationship: g.pick(relationships),
                phone: "06 \(twoDigits(g.below(100))) \(twoDigits(g.below(100))) \(twoDigits(g.below(100))) \(twoDigits(g.below(100)))"))
        }
        let patient = Patient(
            id: PatientID(0), ins: ins(index: index, female: female, birth: birth), familyName: family, givenNames: given,
            birthDate: birth, sex: female ? .female : .male,
            bloodGroup: g.pick(BloodGroup.allCases, weights: [37, 7, 8, 1, 3, 1, 36, 6]),
            organDonation: g.pick(OrganDonationStance.allCases, weights: [70, 20, 5, 5]),
            advanceDirectives: age >= 65 && g.chance(15)
                ? "Je refuse tout acharnement thérapeutique. Mes directives sont déposées chez mon médecin traitant." : nil,
            contacts: contacts, treatingDoctor: doctor?.rpps,
            consents: BreakGlassConsents(emergencyPhysician: !g.chance(2), samuRegulator: !g.chance(2)))
        var demo = DemoPatient(patient: patient)

        // Conditions, and the medicines that treat the active ones.
        let conditionCount = age < 18 ? g.below(2) : age < 50 ? g.below(3) : age < 70 ? 1 + g.below(3) : 2 + g.below(3)
        var chosen: Set<String> = []
        var treated: [(DemoVocabulary.ConditionEntry, CalendarDate)] = []
        for _ in 0..<conditionCount {
            let entry = g.pick(vocabulary.conditions, weights: vocabulary.conditions.map(\.weight))
            guard chosen.insert(entry.code).inserted else { continue }
            let earliest = entry.kind == .familyHistory ? birth : birth.adding(days: min(ageDays, 18 * 365))
            let onset = earliest.adding(days: g.below(max(1, anchor.daysSinceEpoch - earliest.daysSinceEpoch)))
            let status: HistoryItem.Status = entry.kind == .procedure ? .resolved : g.chance(85) ? .active : .resolved
            demo.history.append(HistoryItem(kind: entry.kind, label: entry.label, code: entry.code,
                                            onset: entry.kind == .familyHistory ? nil : onset, status: status, author: doctorAuthor))
            if entry.kind == .condition && status == .active { treated.append((entry, onset)) }
        }
        for (condition, onset) in treated {
            for medicine in vocabulary.medicines where medicine.treats == condition.code {
                demo.prescriptions.append(Prescription(medicine: medicine.name, atc: medicine.atc, dosage: medicine.dosage, start: onset,
                                                       end: nil, prescriber: doctorAuthor, status: .active))
            }
        }
        let shortCourses = vocabulary.medicines.filter { $0.treats == nil }
        for _ in 0..<g.below(3) {
            let medicine = g.pick(shortCourses)
            let start = anchor.adding(days: -g.below(3 * 365))
            demo.prescriptions.append(Prescription(medicine: medicine.name, atc: medicine.atc, dosage: medicine.dosage, start: start,
                                                   end: start.adding(days: 7), prescriber: doctorAuthor, status: .completed))
        }

        if g.chance(15) {
            let allergy = g.pick(vocabulary.allergies, weights: vocabulary.allergies.map(\.weight))
            demo.allergies.append(Allergy(substance: allergy.substance, substanceClass: allergy.substanceClass, reaction: allergy.reaction,
                                          severity: allergy.severity, status: .active,
                                          recordedOn: birth.adding(days: g.below(max(1, ageDays))), author: doctorAuthor))
        }

        // The French calendar, from the days the record was kept (1995 on).
        let recordStart = CalendarDate(year: 1995, month: 1, day: 1)!
        for vaccine in vocabulary.vaccines {
            let date = birth.adding(days: vaccine.ageInMonths * 30 + g.below(20))
            guard date <= anchor, date >= recordStart else { continue }
            demo.vaccinations.append(Vaccination(vaccine: vaccine.vaccine, date: date, dose: vaccine.dose,
                                                 lot: vaccine.lotPrefix + fiveDigits(g.below(100_000)), author: doctorAuthor))
        }
        if age >= 65 {
            for year in [anchor.year - 2, anchor.year - 1] {
                demo.vaccinations.append(Vaccination(vaccine: "Vaxigrip Tetra (grippe)", date: CalendarDate(year: year, month: 10, day: 15 + g.below(15))!,
                                                     dose: "saison \(year)-\(year + 1)", lot: "VX" + fiveDigits(g.below(100_000)),
                                                     author: doctorAuthor))
            }
        }

        for _ in 0..<(1 + g.below(3)) {
            let template = g.pick(vocabulary.documents)
            let date = anchor.adding(days: -g.below(min(max(ageDays, 1), 8 * 365)))
            let author = template.loinc == DocumentType.consultationNote.rawValue && !professionals.specialists.isEmpty
                ? { let s = g.pick(professionals.specialists); return Author.professional(s.rpps, name: s.displayName) }()
                : doctorAuthor
            let condition = treated.first?.0.label ?? "l'état de santé général"
            let text = template.fill(["name": patient.displayName, "date": date.french, "condition": condition.lowercased()])
            demo.documents.append(Document(loinc: template.loinc, title: template.title, author: author, date: date, text: text,
                                           state: DocumentState(maskedFromProfessionals: g.chance(3))))
        }

        for _ in 0..<(2 + g.below(5)) {
            let act = g.pick(vocabulary.acts)
            demo.reimbursements.append(Reimbursement(date: anchor.adding(days: -g.below(730)), act: act.name, amountPaidCents: act.paidCents,
                                                     amountReimbursedCents: act.reimbursedCents))
        }

        if g.chance(25), !professionals.pharmacists.isEmpty {
            demo.grants.append((g.pick(professionals.pharmacists).rpps, .read))
        }
        if g.chance(10), !professionals.nurses.isEmpty {
            demo.grants.append((g.pick(professionals.nurses).rpps, .readWrite))
        }
        // Results come last and from a fork of the generator, so that adding them left every
        // other generated record of a seed as it was.
        var lab = g.fork(0x5245_5355_4C54_5321)
        addResults(to: &demo, female: female, active: treated.map { ($0.0.code, $0.1) }, doctor: doctorAuthor,
                   generator: &lab)
        return demo
    }

    /// A valid, unique INS: sex, year and month of birth, then eight digits that are a
    /// bijection of the patient's index (so a million patients never collide), then the key.
    private func ins(index: Int, female: Bool, birth: CalendarDate) -> INS {
        let unique = (index &* 48_271 &+ 1_234_567) % 100_000_000
        let sexAndYear = (female ? "2" : "1") + twoDigits(birth.year % 100)
        let eight = Padded.digits(unique, 8)
        var first13 = sexAndYear + twoDigits(birth.month) + eight
        if reserved.contains(first13 + INS.key(forFirst13: first13)) {
            // Month 20 is the INS's "month unknown": never a demo account's.
            first13 = sexAndYear + "20" + eight
        }
        return try! INS.completing(first13)
    }
}
