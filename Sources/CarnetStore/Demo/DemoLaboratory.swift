import CarnetModel
import Foundation

/// A test as a laboratory or a consultation reports it: its LOINC code, French name, unit,
/// reference range and the panel that groups it on a report. Demo results are made from
/// these, so that every value of one test has the same code, name, unit and range.
struct DemoTest: Sendable {
    let code: String
    let label: String
    let unit: String
    let low: Double?
    let high: Double?
    /// Digits after the decimal point, as the laboratory prints them.
    let places: Int
    /// The panel ("Bilan lipidique", "NFS"); nil for vital signs, which no report groups.
    let report: String?
    let category: LabResult.Category
    /// The range in words, when the bounds are a target rather than normal values.
    var rangeText: String?

    /// The result for `value`, rounded as printed and flagged against the range the way the
    /// laboratory flags it (H above, L below).
    func result(_ value: Double, on date: CalendarDate, by author: Author) -> LabResult {
        let decimal = DemoNumber.text(value, places: places)
        let printed = Double(decimal) ?? value
        let interpretation = high.map { printed > $0 } == true ? "H" : low.map { printed < $0 } == true ? "L" : nil
        let range = low == nil && high == nil && rangeText == nil ? nil
            : ReferenceRange(low: low.map { DemoNumber.text($0, places: places) }, high: high.map { DemoNumber.text($0, places: places) },
                             unit: unit, text: rangeText)
        let quantity = Quantity(decimal: decimal, unit: unit)
        return LabResult(code: code, label: label, value: quantity.text, quantity: quantity, referenceRange: range,
                         interpretation: interpretation, category: category, date: date, author: author,
                         report: report)
    }

    // Laboratory (French laboratories' usual units and ranges for an adult).
    static let hba1c = DemoTest(code: "4548-4", label: "Hémoglobine glyquée (HbA1c)", unit: "%", low: nil, high: 7.0, places: 1,
                                report: "Équilibre glycémique", category: .laboratory, rangeText: "objectif du diabétique ≤ 7,0 %")
    static let fastingGlucose = DemoTest(code: "14749-6", label: "Glycémie à jeun", unit: "mmol/L", low: 3.9, high: 6.1, places: 1,
                                         report: "Équilibre glycémique", category: .laboratory)
    /// Glucose by mass, as laboratories reported it before moles: the chart converts it.
    static let glucoseByMass = DemoTest(code: "2345-7", label: "Glycémie à jeun", unit: "g/L", low: 0.70, high: 1.10, places: 2,
                                        report: "Équilibre glycémique", category: .laboratory)
    static func creatinine(female: Bool) -> DemoTest {
        DemoTest(code: "2160-0", label: "Créatinine", unit: "µmol/L", low: female ? 45 : 60, high: female ? 90 : 110, places: 0,
                 report: "Bilan rénal", category: .laboratory)
    }
    /// Creatinine by mass (mg/L), as some laboratories still print it: the chart converts it.
    static let creatinineByMassFemale = DemoTest(code: "2160-0", label: "Créatinine", unit: "mg/L", low: 5.1, high: 10.2, places: 1,
                                                 report: "Bilan rénal", category: .laboratory)
    static let egfr = DemoTest(code: "62238-1", label: "DFG estimé (CKD-EPI)", unit: "mL/min/1.73m2", low: 60, high: nil, places: 0,
                               report: "Bilan rénal", category: .laboratory)
    static let sodium = DemoTest(code: "2951-2", label: "Sodium", unit: "mmol/L", low: 136, high: 145, places: 0,
                                 report: "Ionogramme sanguin", category: .laboratory)
    static let potassium = DemoTest(code: "2823-3", label: "Potassium", unit: "mmol/L", low: 3.5, high: 5.0, places: 1,
                                    report: "Ionogramme sanguin", category: .laboratory)
    static let cholesterol = DemoTest(code: "2093-3", label: "Cholestérol total", unit: "g/L", low: nil, high: 2.00, places: 2,
                                      report: "Bilan lipidique", category: .laboratory)
    static let hdl = DemoTest(code: "2085-9", label: "Cholestérol HDL", unit: "g/L", low: 0.40, high: nil, places: 2,
                              report: "Bilan lipidique", category: .laboratory)
    static let ldl = DemoTest(code: "13457-7", label: "Cholestérol LDL (calculé)", unit: "g/L", low: nil, high: 1.60, places: 2,
                              report: "Bilan lipidique", category: .laboratory)
    static let triglycerides = DemoTest(code: "2571-8", label: "Triglycérides", unit: "g/L", low: nil, high: 1.50, places: 2,
                                        report: "Bilan lipidique", category: .laboratory)
    static func haemoglobin(female: Bool) -> DemoTest {
        DemoTest(code: "718-7", label: "Hémoglobine", unit: "g/dL", low: female ? 12.0 : 13.0, high: female ? 16.0 : 17.0, places: 1,
                 report: "NFS", category: .laboratory)
    }
    static let leukocytes = DemoTest(code: "6690-2", label: "Leucocytes", unit: "G/L", low: 4.0, high: 10.0, places: 1,
                                     report: "NFS", category: .laboratory)
    static let platelets = DemoTest(code: "777-3", label: "Plaquettes", unit: "G/L", low: 150, high: 400, places: 0,
                                    report: "NFS", category: .laboratory)

    // Vital signs, measured at a consultation. Blood pressure's bound is the treatment
    // target of the French guidelines (HAS: below 140/90), which is what a doctor checks.
    static let weight = DemoTest(code: "29463-7", label: "Poids", unit: "kg", low: nil, high: nil, places: 1,
                                 report: nil, category: .vitalSigns)
    static let bmi = DemoTest(code: "39156-5", label: "Indice de masse corporelle (IMC)", unit: "kg/m2", low: nil, high: nil, places: 1,
                              report: nil, category: .vitalSigns)
    static let systolic = DemoTest(code: "8480-6", label: "Pression artérielle systolique", unit: "mm[Hg]", low: nil, high: 140, places: 0,
                                   report: nil, category: .vitalSigns)
    static let diastolic = DemoTest(code: "8462-4", label: "Pression artérielle diastolique", unit: "mm[Hg]", low: nil, high: 90, places: 0,
                                    report: nil, category: .vitalSigns)
    static let heartRate = DemoTest(code: "8867-4", label: "Fréquence cardiaque", unit: "/min", low: 50, high: 100, places: 0,
                                    report: nil, category: .vitalSigns)

    /// The blood group as the laboratory words it; the record's own group says the same.
    static func bloodGroup(_ group: BloodGroup, on date: CalendarDate, by author: Author) -> LabResult {
        let rhesus = group.rawValue.hasSuffix("+") ? "Rh+" : "Rh-"
        return LabResult(code: BloodGroup.loinc, label: "Groupe sanguin ABO et Rhésus", value: "\(group.rawValue.dropLast()) \(rhesus)",
                         category: .laboratory, date: date, author: author, report: "Immuno-hématologie")
    }

    /// eGFR by CKD-EPI 2021 (without race), from creatinine in µmol/L: what French
    /// laboratories print beside creatinine since the HAS adopted CKD-EPI.
    static func ckdEpi(creatinine micromoles: Double, age: Int, female: Bool) -> Double {
        let kappa = female ? 0.7 : 0.9, alpha = female ? -0.241 : -0.302
        let ratio = micromoles / 88.42 / kappa
        let value = 142 * pow(min(ratio, 1), alpha) * pow(max(ratio, 1), -1.2) * pow(0.9938, Double(age))
        return female ? value * 1.012 : value
    }
}

/// Numbers as laboratories print them, without `String(format:)` (slow, and the build
/// writes millions): "6.9" for storage, "6,9" in a report's French text.
enum DemoNumber {
    static func text(_ value: Double, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        guard places > 0 else { return sign + String(magnitude) }
        return sign + String(magnitude / scale) + "." + Padded.digits(magnitude % scale, places)
    }

    static func french(_ decimal: String) -> String {
        decimal.replacingOccurrences(of: ".", with: ",")
    }
}

/// A medical biology laboratory and the biologist who signs its reports.
struct DemoLaboratory: Sendable {
    let name: String
    let biologist: Professional

    var author: Author { .professional(biologist.rpps, name: biologist.displayName) }

    /// The report of one sampling: a document of the record (LOINC 11502-2) listing every
    /// value as the laboratory sent it; the results point to it.
    ///
    /// - Parameter full: panel by panel with reference ranges, as a laboratory prints it
    ///   (Marie's); otherwise one line a value, flag included: generated patients' reports
    ///   are written by the hundred thousand and every byte costs build time.
    func report(for patient: String, female: Bool, on date: CalendarDate, results: [LabResult], full: Bool) -> Document {
        var text: String
        if full {
            text = (female ? "Patiente : " : "Patient : ") + patient + "\nPrélèvement du " + date.french + "\n" + name
                + " — " + biologist.displayName + ", biologiste\n"
        } else {
            text = "Prélèvement du " + date.french + "\n"
        }
        var panel: String?? = .none
        for result in results {
            if full && panel != .some(result.report) {
                panel = .some(result.report)
                text += "\n" + (result.report ?? "Autres examens") + "\n"
            }
            text += result.label + " : " + DemoNumber.french(result.value ?? "")
            if full, let range = result.referenceRange {
                text += " (" + DemoNumber.french(range.text ?? range.display) + ")"
            }
            if let flag = result.interpretation { text += " " + flag }
            text += "\n"
        }
        return Document(loinc: DocumentType.laboratoryReport.rawValue, title: "Biologie du " + date.french + " — " + name,
                        author: author, date: date, text: text)
    }
}

extension DemoLaboratory {
    private static let towns = ["Lyon", "Marseille", "Toulouse", "Lille", "Rennes", "Bordeaux", "Strasbourg", "Montpellier",
                                "Dijon", "Tours", "Angers", "Grenoble", "Limoges", "Reims", "Brest", "Nancy", "Rouen", "Pau",
                                "Clermont-Ferrand", "Besançon"]
    private static let districts = ["Centre", "Gare", "Nord", "Sud", "Hôpital", "République"]

    /// The demo's laboratories, each with its biologist, numbered after the other generated
    /// professionals so that their RPPS numbers never meet.
    static func generated(count: Int, firstIndex: Int, generator: SeededGenerator, vocabulary: DemoVocabulary) -> [DemoLaboratory] {
        var g = generator
        return (0..<count).map { index in
            let female = g.chance(50)
            let biologist = Professional(rpps: try! RPPS.completing("11" + Padded.digits(firstIndex + index, 8)),
                                         familyName: g.pick(vocabulary.familyNames),
                                         givenNames: g.pick(female ? vocabulary.femaleNames : vocabulary.maleNames), profession: .biologist)
            let name = "Laboratoire " + towns[index % towns.count] + " " + districts[(index / towns.count) % districts.count]
            return DemoLaboratory(name: name, biologist: biologist)
        }
    }
}
