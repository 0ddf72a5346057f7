import CarnetModel
import CarnetResources
import Testing

@Suite("Prescription safety checks")
struct PrescriptionSafetyTests {
    let safety = PrescriptionSafety(interactions: InteractionTable(lines: try! CarnetResources.lines("interactions.txt")),
                                    labTests: LabTestCatalog(lines: try! CarnetResources.lines("lab-tests.txt")))
    let today = CalendarDate(year: 2026, month: 11, day: 18)!
    let doctor = Author.professional(try! RPPS("10001234565"), name: "Dr Paul MARTIN")

    func medicine(_ name: String, _ atc: String, since: CalendarDate? = nil, status: Prescription.Status = .active) -> Prescription {
        Prescription(medicine: name, atc: atc, dosage: "1 par jour", start: since ?? today, end: nil, prescriber: doctor, status: status)
    }

    var penicillinAllergy: Allergy {
        Allergy(substance: "Pénicilline", substanceClass: "J01C", reaction: "Œdème de Quincke", severity: .severe, status: .active,
                recordedOn: nil, author: doctor)
    }

    @Test("amoxicilline against a Pénicilline allergy, by substance class")
    func allergy() {
        let warnings = safety.check(medicine("Amoxicilline 1 g", "J01CA04"), allergies: [penicillinAllergy], prescriptions: [], today: today)
        #expect(warnings == [SafetyWarning(kind: .allergy, code: "allergy:J01C", conflictsWith: "Pénicilline", detail: "Œdème de Quincke")])
        // Another class, or an allergy no longer active, raises nothing.
        #expect(safety.check(medicine("Clarithromycine 500 mg", "J01FA09"), allergies: [penicillinAllergy], prescriptions: [], today: today).isEmpty)
        var resolved = penicillinAllergy
        resolved.status = .resolved
        #expect(safety.check(medicine("Amoxicilline 1 g", "J01CA04"), allergies: [resolved], prescriptions: [], today: today).isEmpty)
    }

    @Test("a drug–drug interaction from the table, both ways round, with its level and risk")
    func interaction() {
        let warfarine = medicine("Warfarine (Coumadine) 5 mg", "B01AA03")
        let warnings = safety.check(medicine("Ibuprofène 400 mg", "M01AE01"), allergies: [], prescriptions: [warfarine], today: today)
        #expect(warnings.map(\.code) == ["interaction:B01AA+M01A"])
        #expect(warnings.first?.conflictsWith == "Warfarine (Coumadine) 5 mg")
        #expect(warnings.first?.detail?.hasPrefix("déconseillée — Antivitamine K + AINS") == true)
        let reverse = safety.check(warfarine, allergies: [], prescriptions: [medicine("Ibuprofène 400 mg", "M01AE01")], today: today)
        #expect(reverse.map(\.code) == ["interaction:B01AA+M01A"])
        // A stopped medicine no longer interacts.
        #expect(safety.check(medicine("Ibuprofène 400 mg", "M01AE01"), allergies: [],
                             prescriptions: [medicine("Warfarine", "B01AA03", status: .stopped)], today: today).isEmpty)
    }

    @Test("a duplicate of an active prescription of the same substance")
    func duplicate() {
        let since = CalendarDate(year: 2015, month: 11, day: 3)!
        let warnings = safety.check(medicine("Amlodipine 5 mg", "C08CA01"), allergies: [],
                                    prescriptions: [medicine("Amlodipine 5 mg", "C08CA01", since: since)], today: today)
        #expect(warnings == [SafetyWarning(kind: .duplicate, code: "duplicate:C08CA01", conflictsWith: "Amlodipine 5 mg", since: since)])
    }

    @Test("a laboratory test repeated sooner than its interval; not after it")
    func repeatedLabTest() {
        func hba1c(_ day: CalendarDate) -> Prescription {
            Prescription(medicine: "Hémoglobine glyquée (HbA1c)", atc: nil, dosage: "", start: day, end: nil, prescriber: doctor,
                         status: .completed, labTest: "1577")
        }
        let recent = CalendarDate(daysSinceEpoch: today.daysSinceEpoch - 30)
        let warnings = safety.check(hba1c(today), allergies: [], prescriptions: [hba1c(recent)], today: today)
        #expect(warnings == [SafetyWarning(kind: .repeatedLabTest, code: "repeated-lab-test:1577", conflictsWith: "Hémoglobine glyquée (HbA1c)",
                                           detail: "90", since: recent)])
        let old = CalendarDate(daysSinceEpoch: today.daysSinceEpoch - 120)
        #expect(safety.check(hba1c(today), allergies: [], prescriptions: [hba1c(old)], today: today).isEmpty)
    }

    @Test("the shipped tables parse, name their source, and say they are not exhaustive")
    func tables() throws {
        #expect(safety.interactions.rules.count >= 10)
        #expect(safety.labTests.tests.count >= 5)
        let text = try CarnetResources.text("interactions.txt")
        #expect(text.contains("ANSM") && text.contains("NON-EXHAUSTIVE"))
        let formulary = Formulary(lines: try CarnetResources.lines("formulary.txt"))
        #expect(formulary.matching("amoxi").map(\.atc).contains("J01CA04"))
    }
}
