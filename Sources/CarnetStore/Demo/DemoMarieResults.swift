import CarnetModel
import GRDB

/// Marie's results: six years of a type 2 diabetic's follow-up under metformine and
/// amlodipine, written by hand so that what README and the end-to-end tests read on her
/// screens never moves. Her record is dated in fixed days, not from the demo's anchor, and
/// runs to her last sampling (`marieLatestSampling`, the day of her GP's "Bilan biologique"
/// document); her results end there too.
extension DemoAccounts {
    /// Her latest sampling: the HbA1c of 6,9 % and the potassium of 5,4 mmol/L (H). The
    /// "Bilan biologique — HbA1c" document and the biology reimbursement are of this day.
    public static let marieLatestSampling = CalendarDate(year: 2026, month: 9, day: 8)!

    /// The laboratory that samples Marie, near her home in Nantes.
    static let marieLaboratory = DemoLaboratory(name: "Laboratoire Bio-Loire", biologist: antoineFaure)

    /// Samplings every 13 weeks back from the latest, 25 in all (six years), each a few days
    /// off the 13-week beat as real appointments are. Her GP sees her six days before each,
    /// prescribes it, and weighs her and takes her blood pressure then.
    private static let samplingOffsets = [0, 2, 1, -1, 3, 0, 2, 1, 0, 3, -1, 2, 1, 0, 2, 1, 3, 0, 1, 2, -1, 1, 2, 0, 0]

    // Oldest first, one per sampling. Mostly at target; above 7 % in winters, and for six
    // months after a bereavement (her psychiatric consultation of January 2024).
    private static let hba1c = [6.8, 7.1, 7.0, 6.7, 6.6, 6.9, 7.2, 6.9, 6.8, 7.0, 6.8, 6.7,
                                7.1, 7.6, 7.8, 7.4, 7.1, 6.9, 6.8, 6.7, 6.9, 7.2, 7.0, 6.8, 6.9]
    /// Fasting glucose follows HbA1c (about 1.1 × HbA1c − 0.5 mmol/L) with the day's wobble.
    private static let glucoseWobble = [0.2, 0, -0.3, 0.1, -0.2, 0.3, 0, -0.1, 0.2, -0.2, 0.1, 0,
                                        -0.3, 0.2, 0.1, -0.1, 0.3, -0.2, 0, 0.1, -0.1, 0.2, -0.2, 0.1, 0]

    // Once a year, at the September sampling (2020 to 2026): kidneys, ions and lipids. The
    // filtration declines slowly with age; LDL is often above the laboratory's bound, with
    // no statin in her treatments.
    private static let creatinine = [58.0, 60, 61, 64, 66, 68, 71]
    private static let egfr = [92.0, 90, 89, 87, 85, 84, 82]
    private static let sodium = [140.0, 139, 141, 140, 138, 140, 139]
    private static let potassium = [4.2, 4.4, 4.1, 4.5, 4.3, 4.6, 5.4]
    private static let ldl = [1.58, 1.64, 1.62, 1.55, 1.68, 1.52, 1.49]
    private static let hdl = [0.55, 0.54, 0.56, 0.57, 0.52, 0.56, 0.58]
    private static let triglycerides = [1.30, 1.42, 1.25, 1.35, 1.61, 1.28, 1.25]

    // At each GP consultation: she gained weight in 2023–2024 and lost it since; blood
    // pressure mostly under 140/90 with amlodipine.
    private static let weight = [81.0, 81.4, 80.8, 80.5, 80.2, 80.9, 81.3, 80.7, 80.4, 80.8, 81.1, 81.6,
                                 82.3, 83.1, 83.6, 83.0, 82.2, 81.4, 80.6, 79.8, 79.1, 79.4, 78.6, 78.0, 77.5]
    private static let systolic = [142.0, 138, 136, 134, 139, 145, 137, 133, 135, 131, 136, 138,
                                   141, 148, 146, 139, 135, 133, 130, 132, 136, 141, 134, 131, 134]
    private static let diastolic = [86.0, 84, 82, 80, 83, 88, 84, 81, 82, 79, 82, 84,
                                    86, 91, 89, 85, 82, 80, 78, 80, 83, 86, 81, 79, 82]
    private static let heartRate = [74.0, 72, 76, 70, 73, 78, 75, 71, 72, 69, 73, 74,
                                    77, 82, 80, 76, 73, 71, 70, 72, 74, 76, 72, 70, 71]
    /// 1.62 m: BMI is weight / height².
    private static let heightSquared = 1.62 * 1.62

    /// Writes Marie's laboratory reports (documents signed by the biologist) with their
    /// results, and the vital signs of her consultations.
    static func insertMarieResults(_ marie: PatientID, bloodGroup: BloodGroup, in db: Database) throws {
        let laboratory = marieLaboratory
        let biologist = laboratory.author
        let paul = Author.professional(paulMartin.rpps, name: paulMartin.displayName)
        let helene = Author.professional(helenePerrin.rpps, name: helenePerrin.displayName)

        func report(_ date: CalendarDate, _ results: [LabResult]) throws {
            let document = try EntryRows.insert(laboratory.report(for: "Marie DUPONT", female: true, on: date, results: results, full: true),
                                                patient: marie, in: db)
            for var result in results {
                result.document = document
                try EntryRows.insert(result, patient: marie, in: db)
            }
        }
        func vitals(_ date: CalendarDate, by author: Author, weight: Double, systolic: Double, diastolic: Double, heartRate: Double) throws {
            for result in [DemoTest.weight.result(weight, on: date, by: author),
                           DemoTest.bmi.result(weight / heightSquared, on: date, by: author),
                           DemoTest.systolic.result(systolic, on: date, by: author),
                           DemoTest.diastolic.result(diastolic, on: date, by: author),
                           DemoTest.heartRate.result(heartRate, on: date, by: author)] {
                try EntryRows.insert(result, patient: marie, in: db)
            }
        }

        // Her blood group card, before the six years of follow-up.
        try report(CalendarDate(year: 2019, month: 11, day: 14)!,
                   [DemoTest.bloodGroup(bloodGroup, on: CalendarDate(year: 2019, month: 11, day: 14)!, by: biologist)])

        let count = hba1c.count
        for sampling in 0..<count {
            let date = marieLatestSampling.adding(days: -(count - 1 - sampling) * 91 + samplingOffsets[sampling])
            let glucose = 1.1 * hba1c[sampling] - 0.5 + glucoseWobble[sampling]
            var results = [DemoTest.hba1c.result(hba1c[sampling], on: date, by: biologist)]
            // One early report in g/L, as her laboratory printed glucose then.
            results.append(sampling == 1 ? DemoTest.glucoseByMass.result(glucose * 0.180_156, on: date, by: biologist)
                                         : DemoTest.fastingGlucose.result(glucose, on: date, by: biologist))
            if sampling % 4 == 0 {
                let year = sampling / 4
                // 2022's creatinine in mg/L (6.9 mg/L = 61 µmol/L), the others in µmol/L.
                results.append(year == 2 ? DemoTest.creatinineByMassFemale.result(creatinine[year] * 0.113_12, on: date, by: biologist)
                                         : DemoTest.creatinine(female: true).result(creatinine[year], on: date, by: biologist))
                results.append(DemoTest.egfr.result(egfr[year], on: date, by: biologist))
                results.append(DemoTest.sodium.result(sodium[year], on: date, by: biologist))
                results.append(DemoTest.potassium.result(potassium[year], on: date, by: biologist))
                // Friedewald: total = LDL + HDL + triglycerides / 5 (g/L).
                results.append(DemoTest.cholesterol.result(ldl[year] + hdl[year] + triglycerides[year] / 5, on: date, by: biologist))
                results.append(DemoTest.hdl.result(hdl[year], on: date, by: biologist))
                results.append(DemoTest.ldl.result(ldl[year], on: date, by: biologist))
                results.append(DemoTest.triglycerides.result(triglycerides[year], on: date, by: biologist))
            }
            // A blood count two years ago and at the latest sampling.
            if sampling == 16 || sampling == count - 1 {
                let latest = sampling == count - 1
                results.append(DemoTest.haemoglobin(female: true).result(latest ? 12.8 : 13.1, on: date, by: biologist))
                results.append(DemoTest.leukocytes.result(latest ? 7.2 : 6.8, on: date, by: biologist))
                results.append(DemoTest.platelets.result(latest ? 231 : 245, on: date, by: biologist))
            }
            try report(date, results)
            try vitals(date.adding(days: -6), by: paul, weight: weight[sampling], systolic: systolic[sampling],
                       diastolic: diastolic[sampling], heartRate: heartRate[sampling])
        }
        // Her endocrinologist's consultation (its note is in her documents).
        try vitals(CalendarDate(year: 2025, month: 4, day: 17)!, by: helene, weight: 80.3, systolic: 132, diastolic: 80, heartRate: 72)
    }
}
