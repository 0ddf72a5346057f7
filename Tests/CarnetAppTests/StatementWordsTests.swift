@testable import CarnetApp
import CarnetModel
import Testing

/// A statement of absence reads exactly as narrow as its source said it, and an empty
/// section nobody spoke about reads "pas d'information", never "aucune".
@Suite("Statements of absence in words")
struct StatementWordsTests {
    static let source = Author.external(name: "Hôpital Nord")
    static let day = CalendarDate(year: 2024, month: 2, day: 1)

    @Test("the statement's scope is kept: no known food allergy is not no known allergy", arguments: [
        ("429625007", "Aucune allergie alimentaire connue (déclaré le 01/02/2024, source Hôpital Nord)",
         "No known food allergy (stated on 2024-02-01, source Hôpital Nord)"),
        ("716186003", "Aucune allergie connue (déclaré le 01/02/2024, source Hôpital Nord)",
         "No known allergy (stated on 2024-02-01, source Hôpital Nord)"),
        ("409137002", "Aucune allergie médicamenteuse connue (déclaré le 01/02/2024, source Hôpital Nord)",
         "No known drug allergy (stated on 2024-02-01, source Hôpital Nord)"),
    ])
    func scope(_ code: String, _ french: String, _ english: String) {
        let statement = RecordStatement(section: .allergies, kind: .noneKnown, text: "words", codes: [Coding(system: Coding.snomed, code: code)],
                                        date: Self.day, author: Self.source)
        #expect(Strings(.french).statement(statement) == french)
        #expect(Strings(.english).statement(statement) == english)
        #expect(Strings(.french).statementDetails(statement).contains("« words »\n\nSNOMED CT \(code)"))
    }

    @Test("no information is said as such; an empty section without a statement too")
    func noInformation() {
        let statement = RecordStatement(section: .history, kind: .noInformation, text: "Problems : Unavailable", codes: [], date: nil, author: Self.source)
        #expect(Strings(.french).statement(statement) == "Pas d'information (source Hôpital Nord)")
        #expect(Strings(.french).absence(.vaccinations, [statement]) == ["Pas d'information"])
        #expect(Strings(.french).absence(.history, [statement]) == ["Pas d'information (source Hôpital Nord)"])
        #expect(Strings(.english).absence(.allergies, []) == ["No information"])
    }

    @Test("a deceased patient's header gives the date and the age at death")
    func lifespan() {
        var patient = Patient(id: PatientID(1), ins: nil, familyName: "X", givenNames: "Y",
                              birthDate: CalendarDate(year: 1912, month: 5, day: 1)!, sex: .male)
        let today = CalendarDate(year: 2026, month: 11, day: 21)!
        #expect(Strings(.french).lifespan(patient, today: today) == "114 ans")
        patient.isDeceased = true
        #expect(Strings(.french).lifespan(patient, today: today) == "décédé")
        patient.deceasedOn = CalendarDate(year: 1996, month: 8, day: 2)
        #expect(Strings(.french).lifespan(patient, today: today) == "† 02/08/1996 (84 ans)")
    }
}
