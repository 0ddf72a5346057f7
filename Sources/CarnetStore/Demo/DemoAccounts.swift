import CarnetModel
import Foundation
import GRDB

/// The accounts every demo database holds, listed in README; end-to-end tests sign in
/// with them.
public enum DemoAccounts {
    public static let marieINS = try! INS("258037511223324")
    public static let mariePassword = "marie-demo"
    public static let lucINS = try! INS("171026912345697")
    public static let lucPassword = "luc-demo"

    public static let paulMartin = Professional(rpps: try! RPPS("10001234565"), familyName: "MARTIN", givenNames: "Paul",
                                                profession: .generalPractitioner)
    public static let sophieLeroy = Professional(rpps: try! RPPS("10002345675"), familyName: "LEROY", givenNames: "Sophie",
                                                 profession: .emergencyPhysician, specialty: "Médecine d'urgence")
    public static let jeanBernard = Professional(rpps: try! RPPS("10003456786"), familyName: "BERNARD", givenNames: "Jean",
                                                 profession: .pharmacist)
    public static let clairePetit = Professional(rpps: try! RPPS("10004567896"), familyName: "PETIT", givenNames: "Claire",
                                                 profession: .nurse)
    /// The demo's endocrinologist, author of Marie's masked document.
    static let helenePerrin = Professional(rpps: try! RPPS.completing("1000567890"), familyName: "PERRIN", givenNames: "Hélène",
                                           profession: .specialist, specialty: "Endocrinologie")

    /// The biologist who signs Marie's laboratory reports (no PIN: he reads no record at the
    /// kiosk in the demo, he reports).
    public static let antoineFaure = Professional(rpps: try! RPPS.completing("1000678901"), familyName: "FAURE", givenNames: "Antoine",
                                                  profession: .biologist)

    /// Professionals with a PIN, and their PINs.
    public static let pins: [(Professional, String)] = [
        (paulMartin, "1234"), (sophieLeroy, "2345"), (jeanBernard, "3456"), (clairePetit, "4567"),
    ]

    /// Writes the named accounts and their records.
    static func insert(in db: Database) throws -> (marie: PatientID, luc: PatientID) {
        for professional in pins.map(\.0) + [helenePerrin, antoineFaure] { try ProfessionalRow.insert(professional, in: db) }
        let paul = Author.professional(paulMartin.rpps, name: paulMartin.displayName)
        let helene = Author.professional(helenePerrin.rpps, name: helenePerrin.displayName)
        let since = Date(timeIntervalSince1970: TimeInterval(CalendarDate(year: 2024, month: 9, day: 2)!.daysSinceEpoch * 86_400))

        // Her laboratory's blood group result says the same as her record.
        let marieBloodGroup = BloodGroup.aPositive
        let marie = try PatientRow.insert(Patient(
            id: PatientID(0), ins: marieINS, familyName: "DUPONT", givenNames: "Marie",
            birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female, bloodGroup: marieBloodGroup,
            organDonation: .consents,
            advanceDirectives: "Je ne souhaite pas d'acharnement thérapeutique. Personne de confiance : Pierre DUPONT, mon époux.",
            contacts: [EmergencyContact(name: "Pierre DUPONT", relationship: "époux", phone: "06 12 34 56 78"),
                       EmergencyContact(name: "Isabelle DUPONT", relationship: "fille", phone: "06 98 76 54 32")],
            treatingDoctor: paulMartin.rpps), in: db)
        try EntryRows.insert(HistoryItem(kind: .condition, label: "Diabète de type 2", code: "E11",
                                         onset: CalendarDate(year: 2012, month: 5, day: 14), status: .active, author: paul), patient: marie, in: db)
        try EntryRows.insert(HistoryItem(kind: .condition, label: "Hypertension artérielle essentielle", code: "I10",
                                         onset: CalendarDate(year: 2015, month: 11, day: 3), status: .active, author: paul), patient: marie, in: db)
        try EntryRows.insert(HistoryItem(kind: .procedure, label: "Appendicectomie", code: "HHFA016",
                                         onset: CalendarDate(year: 1972, month: 6, day: 20), status: .resolved,
                                         author: .external(name: "CH de Nantes")), patient: marie, in: db)
        try EntryRows.insert(HistoryItem(kind: .familyHistory, label: "Infarctus du myocarde chez le père", code: "Z82.4",
                                         onset: nil, status: .active, author: paul), patient: marie, in: db)
        try EntryRows.insert(Allergy(substance: "Pénicilline", substanceClass: "J01C", reaction: "Urticaire généralisée, œdème de Quincke",
                                     severity: .severe, status: .active, recordedOn: CalendarDate(year: 1994, month: 2, day: 8), author: paul),
                             patient: marie, in: db)
        try EntryRows.insert(Prescription(medicine: "Metformine 1000 mg", atc: "A10BA02", dosage: "1 comprimé matin et soir au cours des repas",
                                          start: CalendarDate(year: 2012, month: 5, day: 14)!, end: nil, prescriber: paul, status: .active),
                             patient: marie, in: db)
        try EntryRows.insert(Prescription(medicine: "Amlodipine 5 mg", atc: "C08CA01", dosage: "1 comprimé le matin",
                                          start: CalendarDate(year: 2015, month: 11, day: 3)!, end: nil, prescriber: paul, status: .active),
                             patient: marie, in: db)
        for (vaccine, date, dose) in [("Revaxis (dTP)", CalendarDate(year: 2023, month: 3, day: 15)!, "rappel 65 ans"),
                                      ("Vaxigrip Tetra (grippe)", CalendarDate(year: 2025, month: 10, day: 20)!, "saison 2025-2026"),
                                      ("Comirnaty (COVID-19)", CalendarDate(year: 2024, month: 10, day: 22)!, "rappel")] {
            try EntryRows.insert(Vaccination(vaccine: vaccine, date: date, dose: dose, lot: "L\(date.year)\(date.month)", author: paul),
                                 patient: marie, in: db)
        }
        // Her laboratory reports go in before her other documents: on the day of her latest
        // sampling her GP's "Bilan biologique" then lists first (the same day, a later entry),
        // where README and the end-to-end tests find it.
        try insertMarieResults(marie, bloodGroup: marieBloodGroup, in: db)
        try EntryRows.insert(Document(loinc: DocumentType.laboratoryReport.rawValue, title: "Bilan biologique — HbA1c", author: paul,
                                      date: CalendarDate(year: 2026, month: 9, day: 8)!,
                                      text: "Patiente : Marie DUPONT\nPrélèvement du 08/09/2026\n\nHbA1c : 6,9 % (objectif < 7 %)\nGlycémie à jeun : 1,28 g/L\nCréatinine : 71 µmol/L, DFG 82 mL/min\n\nConclusion : diabète équilibré sous metformine."),
                             patient: marie, in: db)
        try EntryRows.insert(Document(loinc: DocumentType.consultationNote.rawValue, title: "Consultation d'endocrinologie", author: helene,
                                      date: CalendarDate(year: 2025, month: 4, day: 17)!,
                                      text: "Patiente : Marie DUPONT\nConsultation du 17/04/2025\n\nDiabète de type 2 connu depuis 2012, bien équilibré.\nPas de complication micro-angiopathique au fond d'œil.\n\nConduite à tenir : poursuite de la metformine, contrôle de l'HbA1c tous les trois mois."),
                             patient: marie, in: db)
        try EntryRows.insert(Document(loinc: DocumentType.consultationNote.rawValue, title: "Consultation de psychiatrie", author: helene,
                                      date: CalendarDate(year: 2024, month: 1, day: 11)!,
                                      text: "Patiente : Marie DUPONT\nConsultation du 11/01/2024\n\nÉpisode anxieux réactionnel après un deuil. Évolution favorable sans traitement.",
                                      state: DocumentState(maskedFromProfessionals: true)),
                             patient: marie, in: db)
        for (offset, act) in [("Consultation médecin généraliste (G)", 2650, 1855), ("Délivrance de médicaments en pharmacie", 3420, 2394),
                              ("Analyses de biologie médicale", 4810, 2886)].enumerated() {
            try EntryRows.insert(Reimbursement(date: CalendarDate(year: 2026, month: 9, day: 2 + offset * 3)!, act: act.0,
                                               amountPaidCents: act.1, amountReimbursedCents: act.2), patient: marie, in: db)
        }
        try EntryRows.insertGrant(patient: marie, professional: jeanBernard.rpps, level: .read, since: since, in: db)
        try EntryRows.insertBlock(patient: marie, professional: clairePetit.rpps, since: since, in: db)

        let luc = try PatientRow.insert(Patient(
            id: PatientID(0), ins: lucINS, familyName: "MOREAU", givenNames: "Luc",
            birthDate: CalendarDate(year: 1971, month: 2, day: 26)!, sex: .male, bloodGroup: .oPositive,
            contacts: [EmergencyContact(name: "Anne MOREAU", relationship: "sœur", phone: "06 45 67 89 01")],
            treatingDoctor: paulMartin.rpps,
            consents: BreakGlassConsents(emergencyPhysician: false, samuRegulator: false)), in: db)
        try EntryRows.insert(HistoryItem(kind: .condition, label: "Asthme", code: "J45", onset: CalendarDate(year: 1990, month: 4, day: 1),
                                         status: .active, author: paul), patient: luc, in: db)
        try EntryRows.insert(Prescription(medicine: "Salbutamol 100 µg", atc: "R03AC02", dosage: "2 bouffées si gêne respiratoire",
                                          start: CalendarDate(year: 2020, month: 1, day: 6)!, end: nil, prescriber: paul, status: .active),
                             patient: luc, in: db)
        return (marie, luc)
    }
}
