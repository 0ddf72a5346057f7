import CarnetModel
import Foundation
import TerminalKit

/// A change the patient asked for and confirmed; the session performs it through the store.
public enum ControlRequest: Equatable, Sendable {
    case grant(AccessLevel, Professional)
    case revoke(Professional)
    case block(Professional)
    case unblock(Professional)
    case setTreatingDoctor(Professional)
    case setConsent(BreakGlassConsentKind, allowed: Bool)
    case mask(Document, Bool)
    case addDocument(path: String, title: String, type: DocumentType)
    case setEmergencyData(EmergencyData)
    case closeRecord
    case acknowledgeAlerts(through: Int64)
    // A professional's writing.
    case addEntry(NewEntry)
    case prescribe(Prescription, confirming: Set<String>)
}

/// Why professionals are being looked for.
public enum ProfessionalSearch: Equatable, Sendable { case grant, treatingDoctor }

/// The access history being read: a list read from the store page by page.
public final class AccessHistoryList {
    public let filter: AccessHistoryFilter
    public let source: PagedListSource<AccessHistoryEntry>
    public init(filter: AccessHistoryFilter, source: PagedListSource<AccessHistoryEntry>) {
        self.filter = filter
        self.source = source
    }
}

/// The steps of the patient's multi-step acts; each step is a dialog.
enum ControlFlow: Equatable {
    case findProfessional(ProfessionalSearch)
    case pickProfessional([Professional], ProfessionalSearch)
    case pickLevel(Professional)
    case confirm(ControlRequest)
    case documentPath
    case documentTitle(path: String)
    case documentType(path: String, title: String)
    case emergencyWhich(EmergencyData)
    case organDonation(EmergencyData)
    case directives(EmergencyData)
    case contacts(EmergencyData)
    case closeRecord
    case historyActor([String])
    case historySection
    case historyKind
    case pickMedicine([Formulary.Entry], dosage: String, end: CalendarDate?)
    /// The formulary's closest names to a misspelt one; the last option is the name as typed.
    case pickCloseMedicine([Formulary.Entry], typed: String, dosage: String, end: CalendarDate?)
    case confirmWarnings(Prescription, Set<String>)
}

struct HistoryScreen {
    var list: AccessHistoryList
    var state = ListState()
    var detail: DetailText?
}

/// Details opened from a row: wrapped text, scrolled by line and by page, never past its end.
struct DetailText {
    enum Outcome { case stay, close, quit }

    let text: String
    var offset = 0
    /// The text wrapped at a width, kept from key to key: wrapping a long document costs
    /// its whole length, which a scrolling key must not pay again (issue 15).
    private var wrapped: (width: Int, lines: [String])?

    init(text: String) { self.text = text }

    mutating func handle(_ key: Key, width: Int, rows: Int) -> Outcome {
        switch key {
        case .escape, .backspace: return .close
        case .character("q"): return .quit
        default: break
        }
        let width = max(1, width)
        if wrapped?.width != width { wrapped = (width, TextWrap.wrap(text, width: width)) }
        let last = max(0, (wrapped?.lines.count ?? 0) - rows)
        switch key {
        case .down, .character("j"): offset += 1
        case .up, .character("k"): offset -= 1
        case .pageDown: offset += rows
        case .pageUp: offset -= rows
        default: break
        }
        offset = min(max(0, offset), last)
        return .stay
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        // Rendering cannot keep what it wraps; the first key does (`handle`), at the same width.
        let lines = wrapped.flatMap { $0.width == area.width - 2 ? $0.lines : nil } ?? TextWrap.wrap(text, width: area.width - 2)
        TextView.render(lines, offset: min(offset, max(0, lines.count - area.height)), area: area, into: &buffer, theme: theme)
    }
}

extension PatientApp {
    // MARK: Starting an act

    /// The act a key starts on the current pane and row, if any.
    mutating func startControl(_ command: PatientCommandID, state: inout RecordState) -> [AppEffect] {
        let s = strings
        let target = state.selectedTarget
        switch (command, state.pane) {
        case (.grantAccess, .access):
            state.open(.enterText(s.t("Autoriser un professionnel", "Grant a professional access"),
                                  s.t("Nom ou numéro RPPS du professionnel :", "The professional's name or RPPS number:"), maxLength: 80),
                       flow: .findProfessional(.grant), strings: s)
        case (.treatingDoctor, .access):
            state.open(.enterText(s.t("Médecin traitant", "Treating doctor"),
                                  s.t("Nom ou numéro RPPS de votre médecin traitant :", "Your treating doctor's name or RPPS number:"), maxLength: 80),
                       flow: .findProfessional(.treatingDoctor), strings: s)
        case (.changeLevel, .access):
            guard case let .grant(grant) = target else { return hint(&state, s.t("Choisissez d'abord un professionnel autorisé.", "Select a professional with access first.")) }
            openLevel(for: grant.professional, state: &state)
        case (.revoke, .access):
            guard case let .grant(grant) = target else { return hint(&state, s.t("Choisissez d'abord un professionnel autorisé.", "Select a professional with access first.")) }
            confirm(.revoke(grant.professional), state: &state)
        case (.block, .access):
            guard case let .grant(grant) = target else { return hint(&state, s.t("Choisissez un professionnel autorisé à bloquer (ou a pour en trouver un).", "Select a professional with access to block.")) }
            confirm(.block(grant.professional), state: &state)
        case (.unblock, .access):
            guard case let .blocked(professional) = target else { return hint(&state, s.t("Choisissez d'abord un professionnel bloqué.", "Select a blocked professional first.")) }
            confirm(.unblock(professional), state: &state)
        case (.history, .access):
            return [.openHistory(AccessHistoryFilter())]
        case (.closeRecord, .access):
            let word = s.t("clôturer", "close")
            var dialog = Dialog.enterText(s.t("Clôturer mon dossier", "Close my record"), s.closeRecordExplanation(word), maxLength: 20, mustEqual: word)
            dialog.mismatchHint = s.t("Tapez exactement « \(word) », ou Échap pour renoncer.", "Type exactly “\(word)”, or Esc to give up.")
            state.open(dialog, flow: .closeRecord, strings: s)
        case (.mask, .documents):
            guard case let .document(document) = target else { return [] }
            confirm(.mask(document, !document.state.maskedFromProfessionals), state: &state)
        case (.newEntry, _) where role != .patient:
            guard let (form, kind) = entryForm(for: state.pane) else {
                return hint(&state, s.t("Rien à ajouter dans ce volet.", "Nothing to add in this pane."))
            }
            state.form = form
            state.formKind = kind
        case (.newEntry, .documents):
            state.open(.enterText(s.t("Ajouter un document", "Add a document"),
                                  s.t("Chemin du fichier à ajouter (un texte s'affichera ; un autre fichier sera conservé tel quel) :",
                                      "Path of the file to add (text will be shown; any other file is kept as it is):"), maxLength: 400),
                       flow: .documentPath, strings: s)
        case (.editEmergency, .summary):
            guard let data = state.contents[.summary]?.emergencyData else { return [] }
            state.open(.choose(s.t("Mes données d'urgence", "My emergency data"), s.t("Que voulez-vous modifier ?", "What do you want to change?"),
                               options: [s.organDonation, s.advanceDirectives, s.contacts]),
                       flow: .emergencyWhich(data), strings: s)
        default:
            return []
        }
        return []
    }

    /// Enter on a row of the Accès pane acts on it.
    mutating func activate(_ target: RowTarget, state: inout RecordState) -> [AppEffect]? {
        switch target {
        case let .consent(kind, allowed):
            confirm(.setConsent(kind, allowed: !allowed), state: &state)
            return []
        case .history:
            return [.openHistory(AccessHistoryFilter())]
        case .treatingDoctor:
            return startControl(.treatingDoctor, state: &state)
        default:
            return nil
        }
    }

    private func hint(_ state: inout RecordState, _ text: String) -> [AppEffect] {
        state.message = text
        return []
    }

    private func openLevel(for professional: Professional, state: inout RecordState) {
        let s = strings
        state.open(.choose(s.t("Niveau d'accès", "Access level"),
                           s.t("Quel accès pour \(Sanitizer.clean(professional.displayName)) ?", "Which access for \(Sanitizer.clean(professional.displayName))?"),
                           options: [s.level(.read), s.level(.readWrite)]),
                   flow: .pickLevel(professional), strings: s)
    }

    private func confirm(_ request: ControlRequest, state: inout RecordState) {
        let (title, text) = strings.explain(request)
        state.open(.confirm(title, text), flow: .confirm(request), strings: strings)
    }

    // MARK: The next step

    /// What a dialog's outcome leads to: another dialog, or an effect.
    mutating func advance(_ flow: ControlFlow, _ outcome: Dialog.Outcome, state: inout RecordState) -> [AppEffect] {
        let s = strings
        if outcome == .cancelled {
            state.message = s.t("Annulé : rien n'a changé.", "Cancelled: nothing changed.")
            return []
        }
        switch (flow, outcome) {
        case let (.findProfessional(purpose), .entered(query)):
            guard !query.isEmpty else { return [] }
            state.message = s.t("Recherche…", "Searching…")
            return [.findProfessionals(query, purpose)]
        case let (.pickProfessional(found, purpose), .chose(index)):
            let professional = found[index]
            if purpose == .grant { openLevel(for: professional, state: &state) } else { confirm(.setTreatingDoctor(professional), state: &state) }
        case let (.pickLevel(professional), .chose(index)):
            confirm(.grant(index == 0 ? .read : .readWrite, professional), state: &state)
        case let (.confirm(request), .confirmed):
            state.message = s.t("Enregistrement…", "Saving…")
            return [.control(request)]
        case let (.documentPath, .entered(path)):
            guard !path.isEmpty else { return [] }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            state.open(.enterText(s.t("Titre du document", "Document title"), s.t("Titre :", "Title:"), initial: name, maxLength: 120),
                       flow: .documentTitle(path: path), strings: s)
        case let (.documentTitle(path), .entered(title)):
            guard !title.isEmpty else { return [] }
            let types: [DocumentType] = [.patientNote, .consultationNote, .laboratoryReport, .imagingReport, .dischargeSummary, .prescriptionDocument]
            state.open(.choose(s.t("Type de document", "Document type"), s.t("De quel type est « \(title) » ?", "What kind of document is “\(title)”?"),
                               options: types.map(s.documentType)),
                       flow: .documentType(path: path, title: title), strings: s)
        case let (.documentType(path, title), .chose(index)):
            let types: [DocumentType] = [.patientNote, .consultationNote, .laboratoryReport, .imagingReport, .dischargeSummary, .prescriptionDocument]
            confirm(.addDocument(path: path, title: title, type: types[index]), state: &state)
        case let (.emergencyWhich(data), .chose(0)):
            let stances = OrganDonationStance.allCases
            state.open(.choose(s.organDonation, s.t("Votre position sur le don d'organes :", "Your stance on organ donation:"),
                               options: stances.map(s.organStance), selected: stances.firstIndex(of: data.organDonation) ?? 0),
                       flow: .organDonation(data), strings: s)
        case let (.emergencyWhich(data), .chose(1)):
            state.open(.enterText(s.advanceDirectives, s.t("Vos directives anticipées (vide : aucune) :", "Your advance directives (empty: none):"),
                                  initial: data.advanceDirectives ?? "", maxLength: 2000),
                       flow: .directives(data), strings: s)
        case let (.emergencyWhich(data), .chose(_)):
            let current = data.contacts.map { "\($0.name) ; \($0.relationship) ; \($0.phone)" }.joined(separator: " | ")
            state.open(.enterText(s.contacts, s.t("Nom ; lien ; téléphone — plusieurs personnes séparées par « | » (vide : aucune) :",
                                                  "Name ; relationship ; phone — several people separated by “|” (empty: none):"),
                                  initial: current, maxLength: 1000),
                       flow: .contacts(data), strings: s)
        case let (.organDonation(data), .chose(index)):
            var changed = data
            changed.organDonation = OrganDonationStance.allCases[index]
            confirm(.setEmergencyData(changed), state: &state)
        case let (.directives(data), .entered(text)):
            var changed = data
            changed.advanceDirectives = text.isEmpty ? nil : text
            confirm(.setEmergencyData(changed), state: &state)
        case let (.contacts(data), .entered(text)):
            guard let contacts = EmergencyContact.parseList(text) else {
                // Keep what was typed and say what is wrong.
                var dialog = Dialog.enterText(s.contacts, s.t("Chaque personne : nom ; lien ; téléphone.", "Each person: name ; relationship ; phone."),
                                              initial: text, maxLength: 1000)
                dialog.problem = s.t("Il manque un nom, un lien ou un téléphone.", "A name, a relationship or a phone is missing.")
                state.open(dialog, flow: .contacts(data), strings: s)
                return []
            }
            var changed = data
            changed.contacts = contacts
            confirm(.setEmergencyData(changed), state: &state)
        case (.closeRecord, .entered):
            return [.control(.closeRecord)]
        case let (.pickMedicine(medicines, dosage, end), .chose(index)):
            let medicine = medicines[index]
            return [.control(.prescribe(Prescription(medicine: medicine.name, atc: medicine.atc, dosage: dosage, start: state.today, end: end,
                                                     prescriber: .patient, status: .active), confirming: []))]
        case let (.pickCloseMedicine(medicines, typed, dosage, end), .chose(index)):
            let medicine = medicines.indices.contains(index) ? medicines[index] : nil
            return [.control(.prescribe(Prescription(medicine: medicine?.name ?? typed, atc: medicine?.atc, dosage: dosage, start: state.today,
                                                     end: end, prescriber: .patient, status: .active), confirming: []))]
        case let (.confirmWarnings(prescription, codes), .entered):
            state.message = s.t("Enregistrement…", "Saving…")
            return [.control(.prescribe(prescription, confirming: codes))]
        case let (.historyActor(actors), .chose(index)):
            var filter = state.history?.list.filter ?? AccessHistoryFilter()
            filter.actor = index == 0 ? nil : actors[index - 1]
            return [.openHistory(filter)]
        case let (.historySection, .chose(index)):
            var filter = state.history?.list.filter ?? AccessHistoryFilter()
            filter.section = index == 0 ? nil : RecordSection.allCases[index - 1]
            return [.openHistory(filter)]
        case let (.historyKind, .chose(index)):
            var filter = state.history?.list.filter ?? AccessHistoryFilter()
            filter.kind = AccessHistoryFilter.Kind.allCases[index]
            return [.openHistory(filter)]
        default:
            break
        }
        return []
    }

    /// Professionals found for a grant or a treating doctor: a list to choose from.
    mutating func professionalsFound(_ found: [Professional], _ purpose: ProfessionalSearch, state: inout RecordState) {
        let s = strings
        guard !found.isEmpty else {
            state.message = s.t("Aucun professionnel ne correspond.", "No professional matches.")
            return
        }
        // Only a physician can be médecin traitant: the others are not offered.
        let found = purpose == .treatingDoctor ? found.filter(\.profession.isPhysician) : found
        guard !found.isEmpty else {
            state.message = s.t("Seul un médecin peut être médecin traitant.", "Only a physician can be a treating doctor.")
            return
        }
        state.message = nil
        state.open(.choose(s.t("Choisir le professionnel", "Choose the professional"), s.t("Résultats :", "Results:"),
                           options: found.prefix(9).map { "\(Sanitizer.clean($0.displayName)) — \($0.profession.frenchName) — RPPS \($0.rpps.digits)" }),
                   flow: .pickProfessional(Array(found.prefix(9)), purpose), strings: s)
    }

    mutating func historyFilterKey(_ key: Key, state: inout RecordState) -> [AppEffect] {
        let s = strings
        switch key {
        case .character("p"): return [.loadHistoryActors]
        case .character("s"):
            state.open(.choose(s.t("Filtrer par volet", "Filter by pane"), "", options: [s.t("Tous les volets", "Every pane")] + RecordSection.allCases.map(s.pane)),
                       flow: .historySection, strings: s)
        case .character("f"):
            state.open(.choose(s.t("Filtrer par type", "Filter by kind"), "", options: AccessHistoryFilter.Kind.allCases.map(s.historyKind)),
                       flow: .historyKind, strings: s)
        default: break
        }
        return []
    }

    mutating func historyActors(_ actors: [(actor: String, name: String)], state: inout RecordState) {
        let s = strings
        state.open(.choose(s.t("Filtrer par professionnel", "Filter by professional"), "",
                           options: [s.t("Tout le monde", "Everyone")] + actors.prefix(20).map { Sanitizer.clean($0.name) }),
                   flow: .historyActor(actors.prefix(20).map(\.actor)), strings: s)
    }
}

extension PatientApp.RecordState {
    var selectedTarget: RowTarget {
        guard let content = contents[pane], !content.targets.isEmpty else { return .none }
        let index = lists[pane]?.selected ?? 0
        // The filter hides rows: the selection counts among the rows shown.
        let shown = filter.map { filter in content.rows.indices.filter { SearchText.matches(content.rows[$0], query: filter.text) } }
            ?? Array(content.rows.indices)
        return shown.indices.contains(index) ? content.targets[shown[index]] : .none
    }

    mutating func open(_ dialog: Dialog, flow: ControlFlow, strings: Strings) {
        var dialog = dialog
        dialog.confirmLabel = strings.t("Entrée : confirmer", "Enter: confirm")
        dialog.cancelLabel = strings.t("Échap : annuler", "Esc: cancel")
        dialog.tooLongWording = strings.lengthLimitWording
        self.dialog = dialog
        self.flow = flow
    }
}

extension EmergencyContact {
    /// "Name ; relationship ; phone | …"; nil when a person lacks one of the three.
    static func parseList(_ text: String) -> [EmergencyContact]? {
        var contacts: [EmergencyContact] = []
        for person in text.split(separator: "|") {
            let parts = person.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            contacts.append(EmergencyContact(name: parts[0], relationship: parts[1], phone: parts[2]))
        }
        return contacts
    }
}
