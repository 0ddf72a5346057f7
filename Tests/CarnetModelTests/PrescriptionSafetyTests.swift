import CarnetModel
import CarnetResources
import Testing

@Suite("Prescription safety checks")
struct PrescriptionSafetyTests {
    let safety = PrescriptionSafety(interactions: InteractionTable(lines: try! CarnetResources.lines("interactions.txt")),
                                    labTests: LabTestCatalog(lines: try! CarnetResources.lines("lab-tests.txt")),
                                    substances: SubstanceClasses(lines: try! CarnetResources.lines("substance-classes.txt")),
                                    formulary: Formulary(lines: try! CarnetResources.lines("formulary.txt")))
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

/// Records imported from other systems carry codes (SNOMED CT, RxNorm) and their source's
/// words rather than Carnet's ATC fields; the checks must see them all the same.
@Suite("Prescription safety checks over codes and words")
struct PrescriptionCodesTests {
    static let safety = PrescriptionSafety(interactions: InteractionTable(lines: try! CarnetResources.lines("interactions.txt")),
                                           labTests: LabTestCatalog(lines: try! CarnetResources.lines("lab-tests.txt")),
                                           substances: SubstanceClasses(lines: try! CarnetResources.lines("substance-classes.txt")),
                                           formulary: Formulary(lines: try! CarnetResources.lines("formulary.txt")))
    static let today = CalendarDate(year: 2026, month: 11, day: 18)!
    static let hospital = Author.external(name: "Hôpital Saint-Louis")

    static func snomed(_ code: String, _ display: String) -> Coding { Coding(system: Coding.snomed, code: code, display: display) }
    static func rxnorm(_ code: String, _ display: String) -> Coding { Coding(system: Coding.rxnorm, code: code, display: display) }

    /// An allergy as an import writes it: no class, the source's words, its codes.
    static func allergy(_ substance: String, _ codes: [Coding] = [], substanceClass: String? = nil) -> Allergy {
        Allergy(substance: substance, substanceClass: substanceClass, reaction: "Urticaire", severity: .severe, status: .active,
                recordedOn: nil, author: hospital, codes: codes)
    }

    static func medicine(_ name: String, _ atc: String?, codes: [Coding] = [], since: CalendarDate? = nil) -> Prescription {
        Prescription(medicine: name, atc: atc, dosage: "1 par jour", start: since ?? today, end: nil, prescriber: hospital,
                     status: .active, codes: codes)
    }

    static let amoxicillin = medicine("Amoxicilline 1 g", "J01CA04")
    static let augmentin = medicine("Amoxicilline + acide clavulanique (Augmentin) 1 g", "J01CR02")

    struct AllergyCase: CustomTestStringConvertible, Sendable {
        var allergy: Allergy
        var prescription: Prescription
        var expected: [String]
        var testDescription: String { "\(allergy.substance) \(allergy.codes.map(\.code)) × \(prescription.medicine) → \(expected)" }
    }

    static let allergyCases: [AllergyCase] = [
        // SNOMED CT 373270004: the penicillin class, as the IPS writes it; the words say "Penicillin G".
        AllergyCase(allergy: allergy("Penicillin G", [snomed("373270004", "Substance with penicillin structure and antibacterial mechanism of action (substance)")]),
                    prescription: amoxicillin, expected: ["allergy:J01C"]),
        AllergyCase(allergy: allergy("Penicillin G", [snomed("373270004", "Substance with penicillin structure and antibacterial mechanism of action (substance)")]),
                    prescription: augmentin, expected: ["allergy:J01C"]),
        // The code alone, without words that would name the class, is enough.
        AllergyCase(allergy: allergy("Réaction cutanée", [Coding(system: Coding.snomed, code: "373270004")]),
                    prescription: augmentin, expected: ["allergy:J01C"]),
        // SNOMED CT 91936005 "Allergy to penicillin" (finding).
        AllergyCase(allergy: allergy("Allergy to penicillin", [snomed("91936005", "Allergy to penicillin")]),
                    prescription: amoxicillin, expected: ["allergy:J01C"]),
        AllergyCase(allergy: allergy("Allergy to penicillin", [snomed("91936005", "Allergy to penicillin")]),
                    prescription: augmentin, expected: ["allergy:J01C"]),
        // RxNorm 7984 penicillin V, as Synthea codes its penicillin allergies.
        AllergyCase(allergy: allergy("Penicillin V", [rxnorm("7984", "Penicillin V")]), prescription: amoxicillin, expected: ["allergy:J01C"]),
        // Words only, no class: the class names of the table and the formulary's substances.
        AllergyCase(allergy: allergy("Anti-inflammatoires non stéroïdiens"), prescription: medicine("Ibuprofène 400 mg", "M01AE01"),
                    expected: ["allergy:M01A"]),
        AllergyCase(allergy: allergy("AINS"), prescription: medicine("Kétoprofène 100 mg", "M01AE03"), expected: ["allergy:M01A"]),
        AllergyCase(allergy: allergy("Pénicilline"), prescription: augmentin, expected: ["allergy:J01C"]),
        AllergyCase(allergy: allergy("amoxicilline"), prescription: amoxicillin, expected: ["allergy:J01CA04"]),
        AllergyCase(allergy: allergy("Statines"), prescription: medicine("Simvastatine 20 mg", "C10AA01"), expected: ["allergy:C10AA"]),
        AllergyCase(allergy: allergy("IEC (toux)"), prescription: medicine("Ramipril 5 mg", "C09AA05"), expected: ["allergy:C09A"]),
        // The class the allergy was recorded with names the warning, as before.
        AllergyCase(allergy: allergy("Pénicilline", substanceClass: "J01C"), prescription: amoxicillin, expected: ["allergy:J01C"]),
        // An ATC coding is its own class.
        AllergyCase(allergy: allergy("Macrolides", [Coding(system: Coding.atc, code: "J01FA")]), prescription: medicine("Clarithromycine 500 mg", "J01FA09"),
                    expected: ["allergy:J01FA"]),
        // Another class warns of nothing.
        AllergyCase(allergy: allergy("Allergy to penicillin", [snomed("91936005", "Allergy to penicillin")]),
                    prescription: medicine("Clarithromycine 500 mg", "J01FA09"), expected: []),
        AllergyCase(allergy: allergy("Anti-inflammatoires non stéroïdiens"), prescription: medicine("Paracétamol 1 g", "N02BE01"), expected: []),
    ]

    @Test("an allergy warns by its codes and its words, not only by its class", arguments: allergyCases)
    func allergyByCodesAndWords(_ example: AllergyCase) {
        let warnings = Self.safety.check(example.prescription, allergies: [example.allergy], prescriptions: [], today: Self.today)
        #expect(warnings.map(\.code) == example.expected)
        #expect(warnings.allSatisfy { $0.kind == .allergy && $0.conflictsWith == example.allergy.substance })
    }

    @Test("latex is recognised but never warns against a medicine of the formulary")
    func latexIsNoDrug() {
        let latex = [Self.allergy("Latex", [Self.snomed("111088007", "Latex")]), Self.allergy("Latex allergy", [Self.snomed("300916003", "Latex allergy")]),
                     Self.allergy("Latex", substanceClass: "env-latex")]
        #expect(Self.safety.classes(of: latex[0]) == ["NONDRUG:latex"])
        for entry in Self.safety.formulary.entries {
            let warnings = Self.safety.check(Self.medicine(entry.name, entry.atc), allergies: latex, prescriptions: [], today: Self.today)
            #expect(warnings.isEmpty, "\(entry.name): \(warnings.map(\.code))")
        }
    }

    @Test("an imported simvastatin (RxNorm 312961, no ATC) interacts with clarithromycine")
    func importedSimvastatin() throws {
        let simvastatin = Self.medicine("simvastatin 20 MG Oral Tablet", nil, codes: [Self.rxnorm("312961", "simvastatin 20 MG Oral Tablet")])
        // The code alone is enough: the words are not needed.
        let coded = Self.medicine("Traitement hospitalier", nil, codes: [Coding(system: Coding.rxnorm, code: "312961")])
        for current in [simvastatin, coded] {
            let warnings = Self.safety.check(Self.medicine("Clarithromycine 500 mg", "J01FA09"), allergies: [], prescriptions: [current], today: Self.today)
            #expect(warnings.map(\.code) == ["interaction:C10AA01+J01FA09"])
            let warning = try #require(warnings.first)
            #expect(warning.kind == .interaction && warning.conflictsWith == current.medicine)
            #expect(warning.detail?.hasPrefix("contre-indication — Simvastatine + clarithromycine") == true)
        }
        // And the other way round: clarithromycin imported with its RxNorm code.
        let clarithromycin = Self.medicine("clarithromycin 500 MG Oral Tablet", nil, codes: [Self.rxnorm("197517", "clarithromycin 500 MG Oral Tablet")])
        let reverse = Self.safety.check(Self.medicine("Simvastatine 20 mg", "C10AA01"), allergies: [], prescriptions: [clarithromycin], today: Self.today)
        #expect(reverse.map(\.code) == ["interaction:C10AA01+J01FA09"])
    }

    @Test("a duplicate found across systems: RxNorm simvastatin active, ATC simvastatin prescribed")
    func duplicateAcrossSystems() {
        let since = CalendarDate(year: 2024, month: 2, day: 1)!
        let imported = Self.medicine("simvastatin 20 MG Oral Tablet", nil, codes: [Self.rxnorm("312961", "simvastatin 20 MG Oral Tablet")], since: since)
        let warnings = Self.safety.check(Self.medicine("Simvastatine 20 mg", "C10AA01"), allergies: [], prescriptions: [imported], today: Self.today)
        #expect(warnings == [SafetyWarning(kind: .duplicate, code: "duplicate:C10AA01", conflictsWith: "simvastatin 20 MG Oral Tablet", since: since)])
    }

    @Test("a medicine known by no ATC code is said unrecognised; a known one or a lab test is not")
    func unrecognised() {
        let misspelt = Self.medicine("Amoxiciline 500 mg", nil)
        #expect(Self.safety.atcCodes(of: misspelt).isEmpty)
        let warnings = Self.safety.check(misspelt, allergies: [Self.allergy("Pénicilline", substanceClass: "J01C")], prescriptions: [], today: Self.today)
        #expect(warnings == [SafetyWarning(kind: .unrecognised, code: "unrecognised-medicine", conflictsWith: "Amoxiciline 500 mg")])
        #expect(SafetyWarning.Kind.unrecognised.rawValue == "unrecognised-medicine")
        // Known by name only (no ATC field): recognised, and checked.
        let byName = Self.safety.check(Self.medicine("Amoxicilline 500 mg", nil), allergies: [Self.allergy("Pénicilline", substanceClass: "J01C")],
                                       prescriptions: [], today: Self.today)
        #expect(byName.map(\.code) == ["allergy:J01C"])
        // Known by its RxNorm code only.
        #expect(Self.safety.check(Self.medicine("Tablet", nil, codes: [Coding(system: Coding.rxnorm, code: "308192")]), allergies: [], prescriptions: [],
                                  today: Self.today).isEmpty)
        // A laboratory test has no ATC code and needs none.
        let test = Prescription(medicine: "Hémoglobine glyquée (HbA1c)", atc: nil, dosage: "", start: Self.today, end: nil, prescriber: Self.hospital,
                                status: .active, labTest: "1577")
        #expect(Self.safety.check(test, allergies: [], prescriptions: [], today: Self.today).isEmpty)
    }

    @Test("aspirin, both analgesic and antiplatelet, makes one interaction question with a vitamin K antagonist")
    func oneQuestionPerRisk() {
        let warfarin = Self.medicine("Warfarine (Coumadine) 5 mg", "B01AA03")
        let warnings = Self.safety.check(Self.medicine("Kardégic 75 mg (aspirine)", "B01AC06"), allergies: [], prescriptions: [warfarin], today: Self.today)
        #expect(warnings.count == 1)
        #expect(warnings.first?.kind == .interaction && warnings.first?.detail?.contains("Antivitamine K + aspirine") == true)
    }

    struct NameCase: CustomTestStringConvertible, Sendable {
        var text: String
        var includes: Set<String>
        var testDescription: String { "\(text) → \(includes.sorted())" }
    }

    static let nameCases: [NameCase] = [
        NameCase(text: "Anti-inflammatoires non stéroïdiens", includes: ["M01A"]),
        NameCase(text: "anti-inflammatoire non steroidien", includes: ["M01A"]),
        NameCase(text: "Pénicilline", includes: ["J01C"]),
        NameCase(text: "PENICILLINES", includes: ["J01C"]),
        NameCase(text: "amoxicilline", includes: ["J01CA04"]),
        NameCase(text: "Allergy to penicillin", includes: ["J01C"]),
        NameCase(text: "Augmentin", includes: ["J01CR02"]),
        NameCase(text: "Kardégic", includes: ["B01AC06"]),
        NameCase(text: "Céphalosporines", includes: ["J01DB", "J01DC", "J01DD", "J01DE", "J01DI"]),
        NameCase(text: "Carbapénèmes", includes: ["J01DH"]),
        NameCase(text: "Sulfamides", includes: ["J01E"]),
        NameCase(text: "Macrolides", includes: ["J01FA"]),
        NameCase(text: "Fluoroquinolones", includes: ["J01MA"]),
        NameCase(text: "Aspirine", includes: ["N02BA01", "B01AC06"]),
        NameCase(text: "Opioïdes", includes: ["N02A"]),
        NameCase(text: "Produits de contraste iodés", includes: ["V08A"]),
        NameCase(text: "iodinated contrast media", includes: ["V08A"]),
        NameCase(text: "Latex", includes: ["NONDRUG:latex"]),
        NameCase(text: "Inhibiteurs de l'enzyme de conversion", includes: ["C09A"]),
        NameCase(text: "ACE inhibitors", includes: ["C09A"]),
        NameCase(text: "statin", includes: ["C10AA"]),
        NameCase(text: "Anticoagulants", includes: ["B01AA", "B01AF"]),
        NameCase(text: "AVK", includes: ["B01AA"]),
    ]

    @Test("words name classes, accents, case and plurals aside", arguments: nameCases)
    func classesOfWords(_ example: NameCase) {
        let classes = Self.safety.substances.classes(ofName: example.text, formulary: Self.safety.formulary)
        #expect(example.includes.isSubset(of: classes), "\(classes.sorted())")
    }

    @Test("words that name nothing, or only part of a class name, give no class")
    func wordsThatNameNothing() {
        for text in ["Amoxiciline", "Arachide", "anti-inflammatoire", "non", "Pollens de graminées", ""] {
            #expect(Self.safety.substances.classes(ofName: text, formulary: Self.safety.formulary).isEmpty, "\(text)")
        }
    }

    @Test("every medicine of the formulary is recognised by its name")
    func formularyByName() {
        for entry in Self.safety.formulary.entries {
            #expect(Self.safety.atcCodes(of: Self.medicine(entry.name, nil)).contains(entry.atc), "\(entry.name)")
        }
    }

    @Test("the closest formulary names to a misspelling, the best first")
    func closestNames() {
        let formulary = Self.safety.formulary
        #expect(formulary.matching("Amoxiciline 500 mg").isEmpty)
        #expect(formulary.closest(to: "Amoxiciline 500 mg").first?.name == "Amoxicilline 500 mg")
        #expect(formulary.closest(to: "Amoxiciline 500 mg").map(\.atc).allSatisfy { $0.hasPrefix("J01C") })
        #expect(formulary.closest(to: "ibuprofen").first?.name == "Ibuprofène 400 mg")
        #expect(formulary.closest(to: "clarytromycine").first?.name == "Clarithromycine 500 mg")
        #expect(formulary.closest(to: "Simvastatin 40").first?.name == "Simvastatine 20 mg")
        // Too short to guess from, or nothing alike.
        #expect(formulary.closest(to: "am").isEmpty)
        #expect(formulary.closest(to: "zolpidem").isEmpty)
    }
}

@Suite("The substance classes table")
struct SubstanceClassesTableTests {
    let lines = try! CarnetResources.lines("substance-classes.txt")

    @Test("every row of substance-classes.txt parses")
    func everyRowParses() {
        #expect(lines.count >= 150)
        for line in lines {
            #expect(SubstanceClasses.Row(line: line) != nil, "\(line)")
        }
    }

    @Test("the table names its sources and says it is an extract")
    func header() throws {
        let text = try CarnetResources.text("substance-classes.txt")
        for source in ["SNOMED CT International", "RxNorm", "RxNav", "ATC index", "NOT EXHAUSTIVE"] {
            #expect(text.contains(source), "\(source)")
        }
    }

    struct CodeCase: CustomTestStringConvertible, Sendable {
        var system: String
        var code: String
        var classes: Set<String>
        var testDescription: String { "\(code) → \(classes.sorted())" }
    }

    static let codeCases: [CodeCase] = [
        CodeCase(system: Coding.snomed, code: "764146007", classes: ["J01C"]),
        CodeCase(system: Coding.snomed, code: "373270004", classes: ["J01C"]),
        CodeCase(system: Coding.snomed, code: "91936005", classes: ["J01C"]),
        CodeCase(system: Coding.snomed, code: "294505008", classes: ["J01CA04", "J01CR02"]),
        CodeCase(system: Coding.snomed, code: "387406002", classes: ["J01E"]),
        CodeCase(system: Coding.snomed, code: "372665008", classes: ["M01A"]),
        CodeCase(system: Coding.snomed, code: "387458008", classes: ["N02BA01", "B01AC06"]),
        CodeCase(system: Coding.snomed, code: "426722004", classes: ["V08A"]),
        CodeCase(system: Coding.snomed, code: "111088007", classes: ["NONDRUG:latex"]),
        CodeCase(system: "urn:oid:2.16.840.1.113883.6.96", code: "300916003", classes: ["NONDRUG:latex"]),
        CodeCase(system: Coding.snomed, code: "372912004", classes: ["C10AA", "C10BA", "C10BX"]),
        CodeCase(system: Coding.rxnorm, code: "36567", classes: ["C10AA01"]),
        CodeCase(system: Coding.rxnorm, code: "314231", classes: ["C10AA01"]),
        CodeCase(system: Coding.rxnorm, code: "312961", classes: ["C10AA01"]),
        CodeCase(system: Coding.rxnorm, code: "723", classes: ["J01CA04", "J01CR02"]),
        CodeCase(system: Coding.rxnorm, code: "308182", classes: ["J01CA04"]),
        CodeCase(system: Coding.rxnorm, code: "562251", classes: ["J01CR02"]),
        CodeCase(system: Coding.rxnorm, code: "18631", classes: ["J01FA10"]),
        CodeCase(system: Coding.rxnorm, code: "21212", classes: ["J01FA09"]),
        CodeCase(system: Coding.rxnorm, code: "5640", classes: ["M01AE01"]),
        CodeCase(system: Coding.rxnorm, code: "1191", classes: ["N02BA01", "B01AC06"]),
        CodeCase(system: Coding.rxnorm, code: "11289", classes: ["B01AA03"]),
        CodeCase(system: Coding.rxnorm, code: "29046", classes: ["C09AA03"]),
        CodeCase(system: Coding.rxnorm, code: "2193", classes: ["J01DD04"]),
        CodeCase(system: Coding.atc, code: "J01FA09", classes: ["J01FA09"]),
        CodeCase(system: "ATC", code: "m01a", classes: ["M01A"]),
        // Unknown codes, or known codes of another system, add nothing.
        CodeCase(system: Coding.snomed, code: "36567", classes: []),
        CodeCase(system: Coding.rxnorm, code: "99999999", classes: []),
        CodeCase(system: Coding.loinc, code: "4548-4", classes: []),
    ]

    @Test("codes map to their classes, each in its own system", arguments: codeCases)
    func codes(_ example: CodeCase) {
        let table = SubstanceClasses(lines: lines)
        #expect(table.classes(of: [Coding(system: example.system, code: example.code)]) == example.classes)
    }

    @Test("rows that the checks could not use are refused")
    func badRows() {
        for line in ["SNOMED|12a45|J01C|letters in a SNOMED CT code", "RxNorm|723|j01c|lower-case ATC", "LOINC|4548-4|A10|not a substance system",
                     "SNOMED|91936005|J01CA0|an ATC code of no level", "name|pénicilline|J01C", "name| - |J01C|no words", "RxNorm|723|latex|not ATC"] {
            #expect(SubstanceClasses.Row(line: line) == nil, "\(line)")
        }
        #expect(SubstanceClasses.isATCPrefix("J01CA04") && SubstanceClasses.isATCPrefix("J") && !SubstanceClasses.isATCPrefix("J0"))
    }
}
