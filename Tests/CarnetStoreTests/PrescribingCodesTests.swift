import CarnetModel
import CarnetStore
import Foundation
import Testing

/// The store's prescribing path with the checks that see every record: a medicine known
/// by no ATC code is held like any other warning, and its override is audited the same way.
@Suite("Prescribing over codes and words, through the store")
struct PrescribingCodesTests {
    let paul = AccessContext.kiosk(DemoAccounts.paulMartin)

    func prescription(_ name: String, _ atc: String?, codes: [Coding] = [], on fixture: StoreFixture) -> Prescription {
        Prescription(medicine: name, atc: atc, dosage: "1 comprimé matin et soir", start: CalendarDate(fixture.now), end: nil,
                     prescriber: .patient, status: .active, codes: codes)
    }

    @Test("an unrecognised medicine is held, then saved once confirmed; the hold and the override are audited")
    func unrecognisedOverrideAudited() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let misspelt = prescription("Amoxiciline 500 mg", nil, on: fixture)

        let held = try store.prescribe(misspelt, for: marie.id, confirming: [], context: paul)
        guard case let .needsConfirmation(warnings) = held else { Issue.record("not held: \(held)"); return }
        #expect(warnings == [SafetyWarning(kind: .unrecognised, code: "unrecognised-medicine", conflictsWith: "Amoxiciline 500 mg")])
        let hold = try fixture.lastEvent()
        #expect(hold.actor == "rpps:10001234565" && hold.action == "write")
        #expect(hold.detail == "prescription held for confirmation: Amoxiciline 500 mg; warnings: unrecognised-medicine")
        #expect(try !store.prescriptions(of: marie.id, context: paul).contains { $0.medicine == "Amoxiciline 500 mg" })
        // The plain add path cannot go around the check either.
        #expect(throws: PrescriptionHeld.self) { try store.add(misspelt, to: marie.id, context: paul) }

        let saved = try store.prescribe(misspelt, for: marie.id, confirming: ["unrecognised-medicine"], context: paul)
        guard case .saved = saved else { Issue.record("not saved: \(saved)"); return }
        let override = try fixture.lastEvent()
        #expect(override.outcome == .allowed)
        #expect(override.detail == "add prescription: Amoxiciline 500 mg; confirmed over warnings: unrecognised-medicine")
        #expect(try store.prescriptions(of: marie.id, context: paul).contains { $0.medicine == "Amoxiciline 500 mg" && $0.atc == nil })
    }

    @Test("a medicine without an ATC field is recognised by its name and checked against Marie's Pénicilline allergy")
    func recognisedByName() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let held = try fixture.store.prescribe(prescription("Amoxicilline 500 mg", nil, on: fixture), for: marie.id, confirming: [], context: paul)
        guard case let .needsConfirmation(warnings) = held else { Issue.record("not held: \(held)"); return }
        #expect(warnings.map(\.code) == ["allergy:J01C"])
    }

    @Test("a simvastatin imported without ATC is seen when clarithromycine is prescribed")
    func importedSimvastatin() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        // An import writes what was prescribed elsewhere as given: RxNorm, no ATC.
        let imported = Prescription(medicine: "simvastatin 20 MG Oral Tablet", atc: nil, dosage: "1 tablet at bedtime",
                                    start: CalendarDate(year: 2025, month: 6, day: 1)!, end: nil, prescriber: .external(name: "Synthea"),
                                    status: .active, codes: [Coding(system: Coding.rxnorm, code: "312961", display: "simvastatin 20 MG Oral Tablet")])
        _ = try store.add(imported, to: marie.id, context: .operatorAccount("import"))

        let held = try store.prescribe(prescription("Clarithromycine 500 mg", "J01FA09", on: fixture), for: marie.id, confirming: [], context: paul)
        guard case let .needsConfirmation(warnings) = held else { Issue.record("not held: \(held)"); return }
        #expect(warnings.map(\.code) == ["interaction:C10AA01+J01FA09"])
        #expect(warnings.first?.conflictsWith == "simvastatin 20 MG Oral Tablet")
        #expect(try fixture.lastEvent().detail == "prescription held for confirmation: Clarithromycine 500 mg; warnings: interaction:C10AA01+J01FA09")
    }

    @Test("codes kept by the store take part on their own: an allergy and a medicine known only by SNOMED CT and RxNorm")
    func codesOnly() throws {
        let fixture = try StoreFixture()
        let luc = try fixture.luc()
        let store = fixture.store
        let importer = AccessContext.operatorAccount("import")
        // Words that name nothing, so only the codes, as the store read them back, can warn.
        _ = try store.add(Allergy(substance: "Réaction grave", substanceClass: nil, reaction: "Anaphylaxie", severity: .severe, status: .active,
                                  recordedOn: nil, author: .external(name: "Synthea"), codes: [Coding(system: Coding.snomed, code: "91936005")]),
                          to: luc.id, context: importer)
        _ = try store.add(Prescription(medicine: "Traitement hospitalier", atc: nil, dosage: "", start: CalendarDate(year: 2025, month: 6, day: 1)!,
                                       end: nil, prescriber: .external(name: "Synthea"), status: .active,
                                       codes: [Coding(system: Coding.rxnorm, code: "312961")]), to: luc.id, context: importer)

        let augmentin = prescription("Amoxicilline + acide clavulanique (Augmentin) 1 g", "J01CR02", on: fixture)
        guard case let .needsConfirmation(allergy) = try store.prescribe(augmentin, for: luc.id, confirming: [], context: paul)
        else { Issue.record("Augmentin not held"); return }
        #expect(allergy.map(\.code) == ["allergy:J01C"])
        guard case let .needsConfirmation(interaction) = try store.prescribe(prescription("Clarithromycine 500 mg", "J01FA09", on: fixture),
                                                                             for: luc.id, confirming: [], context: paul)
        else { Issue.record("clarithromycine not held"); return }
        #expect(interaction.map(\.code).contains("interaction:C10AA01+J01FA09"))
    }
}
