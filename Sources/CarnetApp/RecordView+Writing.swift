import CarnetModel
import Foundation
import TerminalKit

/// The lists a professional writes from: medicines by name (for their ATC code) and
/// laboratory tests (for their NABM code and interval).
public struct Catalogs: Sendable, Equatable {
    public let formulary: Formulary
    public let labTests: LabTestCatalog

    public init(formulary: Formulary, labTests: LabTestCatalog) {
        self.formulary = formulary
        self.labTests = labTests
    }

    public static func == (lhs: Catalogs, rhs: Catalogs) -> Bool {
        lhs.formulary.entries == rhs.formulary.entries && lhs.labTests.tests == rhs.labTests.tests
    }
}

/// An entry a professional adds (prescriptions go through `ControlRequest.prescribe`).
public enum NewEntry: Equatable, Sendable {
    case history(HistoryItem)
    case allergy(Allergy)
    case vaccination(Vaccination)
    case report(Document)
}

/// Which form is open.
enum EntryForm: Equatable {
    case prescription, vaccination, allergy, history, report
}

extension RecordView {
    /// Opens the form of the current pane for a professional; nil where nothing is written.
    func entryForm(for pane: RecordSection) -> (Form, EntryForm)? {
        let s = strings
        let hint = s.t("Tab : champ suivant · Entrée : valider · Échap : annuler", "Tab: next field · Enter: submit · Esc: cancel")
        func form(_ title: String, _ fields: [Form.Field]) -> Form {
            var form = Form(title: title, fields: fields, hint: hint)
            form.missingHint = s.t("Champ obligatoire :", "Required:")
            form.tooLongWording = s.lengthLimitWording
            return form
        }
        switch pane {
        case .prescriptions:
            return (form(s.t("Nouvelle prescription", "New prescription"), [
                Form.Field(s.t("Médicament ou analyse", "Medicine or lab test"), required: true, maxLength: 120),
                Form.Field(s.t("Posologie", "Dosage"), maxLength: 200),
                Form.Field(s.t("Durée (jours)", "Duration (days)"), maxLength: 4),
            ]), .prescription)
        case .vaccinations:
            return (form(s.t("Nouvelle vaccination", "New vaccination"), [
                Form.Field(s.t("Vaccin", "Vaccine"), required: true, maxLength: 120),
                Form.Field(s.t("Dose", "Dose"), maxLength: 60),
                Form.Field(s.t("Lot", "Batch"), maxLength: 40),
                Form.Field(s.t("Date (JJ/MM/AAAA)", "Date (YYYY-MM-DD)"), initial: s.date(today), maxLength: 10),
            ]), .vaccination)
        case .allergies:
            var allergy = form(s.t("Nouvelle allergie", "New allergy"), [
                Form.Field(s.t("Substance", "Substance"), required: true, maxLength: 120),
                Form.Field(s.t("Classe (ATC ou groupe)", "Class (ATC or group)"), maxLength: 20),
                Form.Field(s.t("Réaction", "Reaction"), maxLength: 200),
                Form.Field(s.t("Sévérité (1 à 3)", "Severity (1 to 3)"), initial: "2", maxLength: 1),
            ])
            // What the numbers mean, whole, under the fields: the label column is too narrow for it.
            allergy.note = s.t("Sévérité : 1 légère, 2 modérée, 3 sévère", "Severity: 1 mild, 2 moderate, 3 severe")
            return (allergy, .allergy)
        case .history:
            return (form(s.t("Nouvel antécédent", "New history item"), [
                Form.Field(s.t("Libellé", "Label"), required: true, maxLength: 160),
                Form.Field(s.t("Code CIM-10", "ICD-10 code"), maxLength: 10),
                Form.Field(s.t("Début (JJ/MM/AAAA)", "Onset (YYYY-MM-DD)"), maxLength: 10),
            ]), .history)
        case .documents:
            return (form(s.t("Nouveau compte rendu", "New report"), [
                Form.Field(s.t("Titre", "Title"), required: true, maxLength: 120),
                Form.Field(s.t("Texte", "Text"), required: true, maxLength: 4000),
            ]), .report)
        default:
            return nil
        }
    }

    /// A submitted form becomes a request, or the form stays open saying what is wrong.
    mutating func submit(_ kind: EntryForm, _ values: [String]) -> [AppEffect] {
        let s = strings
        guard case let .professional(_, catalogs) = role else { return [] }
        let me = Author.patient // the store sets the real author from the signed-in professional
        func day(_ text: String) -> CalendarDate?? {
            if text.isEmpty { return .some(nil) }
            return CalendarDate(text).map { .some($0) } ?? nil
        }
        func reopen(_ problem: String) -> [AppEffect] {
            if var open = form { open.problem = problem; form = open; formKind = kind }
            return []
        }
        switch kind {
        case .prescription:
            let name = values[0], dosage = values[1]
            let days = Int(values[2])
            if !values[2].isEmpty && (days == nil || days! <= 0) { return reopen(s.t("La durée est un nombre de jours.", "The duration is a number of days.")) }
            let end = days.map { CalendarDate(daysSinceEpoch: today.daysSinceEpoch + $0) }
            // A name typed whole picks its medicine; otherwise every match is offered.
            let matches = catalogs.formulary.matching(name)
            let exact = matches.filter { SearchText.fold($0.name) == SearchText.fold(name) }
            let medicines = exact.count == 1 ? exact : matches
            let tests = catalogs.labTests.matching(name)
            if medicines.isEmpty, let test = tests.first {
                return [.control(.prescribe(Prescription(medicine: test.name, atc: nil, dosage: dosage, start: today, end: end, prescriber: me,
                                                         status: .active, labTest: test.code), confirming: []))]
            }
            if medicines.count > 1 {
                open(.choose(s.t("Quel médicament ?", "Which medicine?"), s.t("Plusieurs médicaments correspondent à « \(name) » :", "Several medicines match “\(name)”:"),
                                   options: medicines.prefix(9).map { "\($0.name) (ATC \($0.atc))" }),
                           flow: .pickMedicine(Array(medicines.prefix(9)), dosage: dosage, end: end), strings: s)
                return []
            }
            // Not in the formulary but close to some of it (a misspelling): offer those first,
            // and the name as typed last, which the store will then hold as unrecognised.
            if medicines.isEmpty, case let close = catalogs.formulary.closest(to: name), !close.isEmpty {
                let words = s.closeMedicines(name)
                open(.choose(words.title, words.text, options: close.map { "\($0.name) (ATC \($0.atc))" } + [words.asTyped]),
                           flow: .pickCloseMedicine(close, typed: name, dosage: dosage, end: end), strings: s)
                return []
            }
            // Out of the formulary the name goes as typed: the store may still know it (by its
            // words), and holds it as unrecognised when it cannot check it at all.
            let entry = medicines.first
            return [.control(.prescribe(Prescription(medicine: entry?.name ?? name, atc: entry?.atc, dosage: dosage, start: today, end: end,
                                                     prescriber: me, status: .active), confirming: []))]
        case .vaccination:
            guard case let .some(date) = day(values[3]) else { return reopen(s.t("Date invalide.", "Invalid date.")) }
            return [.control(.addEntry(.vaccination(Vaccination(vaccine: values[0], date: date ?? today, dose: values[1].nilIfEmpty,
                                                                lot: values[2].nilIfEmpty, author: me))))]
        case .allergy:
            let severity: Allergy.Severity
            switch values[3] {
            case "1": severity = .mild
            case "3": severity = .severe
            case "2", "": severity = .moderate
            default: return reopen(s.t("Sévérité : 1, 2 ou 3.", "Severity: 1, 2 or 3."))
            }
            return [.control(.addEntry(.allergy(Allergy(substance: values[0], substanceClass: values[1].nilIfEmpty?.uppercased(),
                                                        reaction: values[2].nilIfEmpty, severity: severity, status: .active,
                                                        recordedOn: today, author: me))))]
        case .history:
            guard case let .some(onset) = day(values[2]) else { return reopen(s.t("Date invalide.", "Invalid date.")) }
            return [.control(.addEntry(.history(HistoryItem(kind: .condition, label: values[0], code: values[1].nilIfEmpty, onset: onset,
                                                            end: nil, status: .active, author: me))))]
        case .report:
            return [.control(.addEntry(.report(Document(loinc: DocumentType.consultationNote.rawValue, title: values[0], author: me,
                                                        date: today, text: values[1]))))]
        }
    }

    /// Under the medicine being typed, what the formulary offers for it: the names it
    /// matches, or the closest ones for a misspelling; nothing once a name is typed whole.
    func formularyNote(for typed: String, catalogs: Catalogs) -> String? {
        let typed = typed.trimmingCharacters(in: .whitespaces)
        guard typed.count >= 2 else { return nil }
        let matches = catalogs.formulary.matching(typed)
        if matches.count == 1 && SearchText.fold(matches[0].name) == SearchText.fold(typed) { return nil }
        let names = matches.map(\.name) + catalogs.labTests.matching(typed).map(\.name)
        if !names.isEmpty { return strings.formularyMatches(Array(names.prefix(4)), close: false) }
        let close = catalogs.formulary.closest(to: typed, limit: 3)
        return close.isEmpty ? nil : strings.formularyMatches(close.map(\.name), close: true)
    }

    /// The store held a prescription: every warning is shown, and only typing « oui »
    /// prescribes over them.
    mutating func prescriptionHeld(_ prescription: Prescription, _ warnings: [SafetyWarning]) {
        let s = strings
        let word = s.t("oui", "yes")
        var text = warnings.map { "⚠ " + s.warning($0) }.joined(separator: "\n")
        text += "\n\n" + s.t("Contrôles non exhaustifs : l'absence d'alerte ne garantit pas l'absence de risque.",
                             "Non-exhaustive checks: no warning does not mean no risk.")
        text += "\n" + s.t("Pour prescrire malgré tout, tapez « \(word) » ; la décision sera tracée.",
                           "To prescribe anyway, type “\(word)”; the decision is recorded.")
        var dialog = Dialog.enterText(s.t("Avant d'enregistrer « \(Sanitizer.clean(prescription.medicine)) »", "Before saving “\(Sanitizer.clean(prescription.medicine))”"),
                                      text, maxLength: 10, mustEqual: word)
        dialog.mismatchHint = s.t("Tapez « \(word) » pour maintenir, Échap pour renoncer.", "Type “\(word)” to go on, Esc to give up.")
        open(dialog, flow: .confirmWarnings(prescription, Set(warnings.map(\.code))), strings: s)
        message = s.t("Prescription non enregistrée : à confirmer.", "Prescription not saved: needs confirmation.")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
