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
    /// The people to contact, as a list: pick one to change or remove, or add one.
    case contacts(EmergencyData)
    case contactAction(EmergencyData, index: Int)
    /// A person being typed, one field after the other; `index` nil: a new person.
    case contactName(EmergencyData, index: Int?, draft: EmergencyContact)
    case contactRelationship(EmergencyData, index: Int?, draft: EmergencyContact)
    case contactPhone(EmergencyData, index: Int?, draft: EmergencyContact)
    case closeRecord
    case historyActor([String])
    case historySection
    case historyKind
    case pickMedicine([Formulary.Entry], dosage: String, end: CalendarDate?)
    /// The formulary's closest names to a misspelt one; the last option is the name as typed.
    case pickCloseMedicine([Formulary.Entry], typed: String, dosage: String, end: CalendarDate?)
    case confirmWarnings(Prescription, Set<String>)
}

extension RecordView {
    // MARK: Starting an act

    /// The act a key starts on the current pane and row, if any.
    mutating func startControl(_ command: KeyAction) -> [AppEffect] {
        let s = strings
        let target = selectedTarget
        switch (command, pane) {
        case (.grantAccess, .access):
            open(.enterText(s.t("Autoriser un professionnel", "Grant a professional access"),
                                  s.t("Nom ou numéro RPPS du professionnel :", "The professional's name or RPPS number:"), maxLength: 80),
                       flow: .findProfessional(.grant), strings: s)
        case (.treatingDoctor, .access):
            open(.enterText(s.t("Médecin traitant", "Treating doctor"),
                                  s.t("Nom ou numéro RPPS de votre médecin traitant :", "Your treating doctor's name or RPPS number:"), maxLength: 80),
                       flow: .findProfessional(.treatingDoctor), strings: s)
        case (.changeLevel, .access):
            guard case let .grant(grant) = target else { return hint(s.t("Choisissez d'abord un professionnel autorisé.", "Select a professional with access first.")) }
            openLevel(for: grant.professional)
        case (.revoke, .access):
            guard case let .grant(grant) = target else { return hint(s.t("Choisissez d'abord un professionnel autorisé.", "Select a professional with access first.")) }
            confirm(.revoke(grant.professional))
        case (.block, .access):
            guard case let .grant(grant) = target else { return hint(s.t("Choisissez un professionnel autorisé à bloquer (ou a pour en trouver un).", "Select a professional with access to block.")) }
            confirm(.block(grant.professional))
        case (.unblock, .access):
            guard case let .blocked(professional) = target else { return hint(s.t("Choisissez d'abord un professionnel bloqué.", "Select a blocked professional first.")) }
            confirm(.unblock(professional))
        case (.history, .access):
            return [.openHistory(AccessHistoryFilter())]
        case (.closeRecord, .access):
            let word = s.t("clôturer", "close")
            var dialog = Dialog.enterText(s.t("Clôturer mon dossier", "Close my record"), s.closeRecordExplanation(word), maxLength: 20, mustEqual: word)
            dialog.mismatchHint = s.t("Tapez exactement « \(word) », ou Échap pour renoncer.", "Type exactly “\(word)”, or Esc to give up.")
            open(dialog, flow: .closeRecord, strings: s)
        case (.mask, .documents):
            guard case let .document(document) = target else { return [] }
            confirm(.mask(document, !document.state.maskedFromProfessionals))
        case (.newEntry, _) where role != .patient:
            guard let (form, kind) = entryForm(for: pane) else {
                return hint(s.t("Rien à ajouter dans ce volet.", "Nothing to add in this pane."))
            }
            self.form = form
            formKind = kind
        case (.newEntry, .documents):
            open(.enterText(s.t("Ajouter un document", "Add a document"),
                                  s.t("Chemin du fichier à ajouter (un texte s'affichera ; un autre fichier sera conservé tel quel) :",
                                      "Path of the file to add (text will be shown; any other file is kept as it is):"), maxLength: 400),
                       flow: .documentPath, strings: s)
        case (.editEmergency, .summary):
            guard let data = contents[.summary]?.emergencyData else { return [] }
            open(.choose(s.t("Mes données d'urgence", "My emergency data"), s.t("Que voulez-vous modifier ?", "What do you want to change?"),
                               options: [s.organDonation, s.advanceDirectives, s.contacts]),
                       flow: .emergencyWhich(data), strings: s)
        default:
            return []
        }
        return []
    }

    /// Enter on a row of the Accès pane acts on it.
    mutating func activate(_ target: RowTarget) -> [AppEffect]? {
        switch target {
        case let .consent(kind, allowed):
            confirm(.setConsent(kind, allowed: !allowed))
            return []
        case .history:
            return [.openHistory(AccessHistoryFilter())]
        case .treatingDoctor:
            return startControl(.treatingDoctor)
        default:
            return nil
        }
    }

    private mutating func hint(_ text: String) -> [AppEffect] {
        message = text
        return []
    }

    private mutating func openLevel(for professional: Professional) {
        let s = strings
        open(.choose(s.t("Niveau d'accès", "Access level"),
                           s.t("Quel accès pour \(s.the(Sanitizer.clean(professional.displayName))) ?", "Which access for \(Sanitizer.clean(professional.displayName))?"),
                           options: [s.level(.read), s.level(.readWrite)]),
                   flow: .pickLevel(professional), strings: s)
    }

    private mutating func confirm(_ request: ControlRequest) {
        let (title, text) = strings.explain(request)
        open(.confirm(title, text), flow: .confirm(request), strings: strings)
    }

    // MARK: The next step

    /// What a dialog's outcome leads to: another dialog, or an effect.
    mutating func advance(_ flow: ControlFlow, _ outcome: Dialog.Outcome) -> [AppEffect] {
        let s = strings
        if outcome == .cancelled {
            message = s.t("Annulé : rien n'a changé.", "Cancelled: nothing changed.")
            return []
        }
        switch (flow, outcome) {
        case let (.findProfessional(purpose), .entered(query)):
            guard !query.isEmpty else { return [] }
            message = s.t("Recherche…", "Searching…")
            return [.findProfessionals(query, purpose)]
        case let (.pickProfessional(found, purpose), .chose(index)):
            let professional = found[index]
            if purpose == .grant { openLevel(for: professional) } else { confirm(.setTreatingDoctor(professional)) }
        case let (.pickLevel(professional), .chose(index)):
            confirm(.grant(index == 0 ? .read : .readWrite, professional))
        case let (.confirm(request), .confirmed):
            message = s.t("Enregistrement…", "Saving…")
            return [.control(request)]
        case let (.documentPath, .entered(path)):
            guard !path.isEmpty else { return [] }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            open(.enterText(s.t("Titre du document", "Document title"), s.t("Titre :", "Title:"), initial: name, maxLength: 120),
                       flow: .documentTitle(path: path), strings: s)
        case let (.documentTitle(path), .entered(title)):
            guard !title.isEmpty else { return [] }
            let types: [DocumentType] = [.patientNote, .consultationNote, .laboratoryReport, .imagingReport, .dischargeSummary, .prescriptionDocument]
            open(.choose(s.t("Type de document", "Document type"), s.t("De quel type est « \(title) » ?", "What kind of document is “\(title)”?"),
                               options: types.map(s.documentType)),
                       flow: .documentType(path: path, title: title), strings: s)
        case let (.documentType(path, title), .chose(index)):
            let types: [DocumentType] = [.patientNote, .consultationNote, .laboratoryReport, .imagingReport, .dischargeSummary, .prescriptionDocument]
            confirm(.addDocument(path: path, title: title, type: types[index]))
        case let (.emergencyWhich(data), .chose(0)):
            let stances = OrganDonationStance.allCases
            open(.choose(s.organDonation, s.t("Votre position sur le don d'organes :", "Your stance on organ donation:"),
                               options: stances.map(s.organStance), selected: stances.firstIndex(of: data.organDonation) ?? 0),
                       flow: .organDonation(data), strings: s)
        case let (.emergencyWhich(data), .chose(1)):
            open(.enterText(s.advanceDirectives, s.t("Vos directives anticipées (vide : aucune) :", "Your advance directives (empty: none):"),
                                  initial: data.advanceDirectives ?? "", maxLength: 2000, lines: 6),
                       flow: .directives(data), strings: s)
        case let (.emergencyWhich(data), .chose(_)):
            openContacts(data)
        case let (.organDonation(data), .chose(index)):
            var changed = data
            changed.organDonation = OrganDonationStance.allCases[index]
            confirm(.setEmergencyData(changed))
        case let (.directives(data), .entered(text)):
            var changed = data
            changed.advanceDirectives = text.isEmpty ? nil : text
            confirm(.setEmergencyData(changed))
        case let (.contacts(data), .chose(index)):
            if data.contacts.indices.contains(index) {
                let person = data.contacts[index]
                open(.choose(Sanitizer.clean(person.name), s.t("Que faire pour cette personne ?", "What about this person?"),
                             options: [s.t("Modifier", "Change"), s.t("Retirer de la liste", "Remove from the list")]),
                     flow: .contactAction(data, index: index), strings: s)
            } else {
                askContactName(data, index: nil, draft: EmergencyContact(name: "", relationship: "", phone: ""))
            }
        case let (.contactAction(data, index), .chose(0)):
            askContactName(data, index: index, draft: data.contacts[index])
        case let (.contactAction(data, index), .chose(_)):
            var changed = data
            changed.contacts.remove(at: index)
            confirm(.setEmergencyData(changed))
        case let (.contactName(data, index, draft), .entered(name)):
            guard !name.isEmpty else {
                askContactName(data, index: index, draft: draft)
                dialog?.problem = s.t("Il faut un nom.", "A name is needed.")
                return []
            }
            var draft = draft
            draft.name = name
            open(.enterText(s.contacts, s.t("Lien avec vous (épouse, fils, voisine…) :", "Relationship to you (wife, son, neighbour…):"),
                            initial: draft.relationship, maxLength: 60),
                 flow: .contactRelationship(data, index: index, draft: draft), strings: s)
        case let (.contactRelationship(data, index, draft), .entered(relationship)):
            var draft = draft
            draft.relationship = relationship
            open(.enterText(s.contacts, s.t("Téléphone :", "Phone:"), initial: draft.phone, maxLength: 30),
                 flow: .contactPhone(data, index: index, draft: draft), strings: s)
        case let (.contactPhone(data, index, draft), .entered(phone)):
            var draft = draft
            draft.phone = phone
            // A person nobody can call is no use in an emergency: the phone is required.
            guard phone.contains(where: \.isNumber) else {
                var dialog = Dialog.enterText(s.contacts, s.t("Téléphone :", "Phone:"), initial: phone, maxLength: 30)
                dialog.problem = s.t("Il faut un numéro de téléphone.", "A phone number is needed.")
                open(dialog, flow: .contactPhone(data, index: index, draft: draft), strings: s)
                return []
            }
            var changed = data
            if let index { changed.contacts[index] = draft } else { changed.contacts.append(draft) }
            confirm(.setEmergencyData(changed))
        case (.closeRecord, .entered):
            return [.control(.closeRecord)]
        case let (.pickMedicine(medicines, dosage, end), .chose(index)):
            let medicine = medicines[index]
            return [.control(.prescribe(Prescription(medicine: medicine.name, atc: medicine.atc, dosage: dosage, start: today, end: end,
                                                     prescriber: .patient, status: .active), confirming: []))]
        case let (.pickCloseMedicine(medicines, typed, dosage, end), .chose(index)):
            let medicine = medicines.indices.contains(index) ? medicines[index] : nil
            return [.control(.prescribe(Prescription(medicine: medicine?.name ?? typed, atc: medicine?.atc, dosage: dosage, start: today,
                                                     end: end, prescriber: .patient, status: .active), confirming: []))]
        case let (.confirmWarnings(prescription, codes), .entered):
            message = s.t("Enregistrement…", "Saving…")
            return [.control(.prescribe(prescription, confirming: codes))]
        case let (.historyActor(actors), .chose(index)):
            var filter = history?.filter ?? AccessHistoryFilter()
            filter.actor = index == 0 ? nil : actors[index - 1]
            return [.openHistory(filter)]
        case let (.historySection, .chose(index)):
            var filter = history?.filter ?? AccessHistoryFilter()
            filter.section = index == 0 ? nil : RecordSection.allCases[index - 1]
            return [.openHistory(filter)]
        case let (.historyKind, .chose(index)):
            var filter = history?.filter ?? AccessHistoryFilter()
            filter.kind = AccessHistoryFilter.Kind.allCases[index]
            return [.openHistory(filter)]
        default:
            break
        }
        return []
    }

    /// Professionals found for a grant or a treating doctor: a list to choose from.
    mutating func professionalsFound(_ found: [Professional], _ purpose: ProfessionalSearch) {
        let s = strings
        guard !found.isEmpty else {
            message = s.t("Aucun professionnel ne correspond.", "No professional matches.")
            return
        }
        // Only a physician can be médecin traitant: the others are not offered.
        let found = purpose == .treatingDoctor ? found.filter(\.profession.isPhysician) : found
        guard !found.isEmpty else {
            message = s.t("Seul un médecin peut être médecin traitant.", "Only a physician can be a treating doctor.")
            return
        }
        message = nil
        open(.choose(s.t("Choisir le professionnel", "Choose the professional"), s.t("Résultats :", "Results:"),
                           options: found.prefix(9).map { "\(Sanitizer.clean($0.displayName)) — \(s.profession($0)) — RPPS \($0.rpps.digits)" }),
                   flow: .pickProfessional(Array(found.prefix(9)), purpose), strings: s)
    }

    mutating func historyFilter(_ which: KeyAction) -> [AppEffect] {
        let s = strings
        switch which {
        case .byProfessional: return [.loadHistoryActors]
        case .byPane:
            open(.choose(s.t("Filtrer par volet", "Filter by pane"), s.t("Quel volet ?", "Which pane?"), options: [s.t("Tous les volets", "Every pane")] + RecordSection.allCases.map(s.pane)),
                       flow: .historySection, strings: s)
        case .byKind:
            open(.choose(s.t("Filtrer par type", "Filter by kind"), s.t("Quels accès ?", "Which accesses?"), options: AccessHistoryFilter.Kind.allCases.map(s.historyKind)),
                       flow: .historyKind, strings: s)
        default: break
        }
        return []
    }

    mutating func historyActors(_ actors: [(actor: String, name: String)]) {
        let s = strings
        let reader = historyReader
        open(.choose(s.t("Filtrer par professionnel", "Filter by professional"), s.t("Les accès de qui ?", "Whose accesses?"),
                     options: [s.t("Tout le monde", "Everyone")] + actors.prefix(20).map { s.historyActorName(actor: $0.actor, name: $0.name, reader: reader) }),
                   flow: .historyActor(actors.prefix(20).map(\.actor)), strings: s)
    }
}

extension RecordView {
    mutating func open(_ dialog: Dialog, flow: ControlFlow, strings: Strings) {
        var dialog = dialog
        dialog.confirmLabel = strings.t("Entrée : confirmer", "Enter: confirm")
        dialog.cancelLabel = strings.t("Échap : annuler", "Esc: cancel")
        dialog.tooLongWording = strings.lengthLimitWording
        dialog.wording = strings.wording
        self.dialog = dialog
        self.flow = flow
    }
}

extension RecordView {
    /// The people to contact as a list to choose from, with "add" last.
    mutating func openContacts(_ data: EmergencyData) {
        let s = strings
        let people = data.contacts.map { person in
            Sanitizer.clean(person.name) + (person.relationship.isEmpty ? "" : " (\(Sanitizer.clean(person.relationship)))") + " — " + Sanitizer.clean(person.phone)
        }
        open(.choose(s.contacts, data.contacts.isEmpty ? s.t("Personne n'est encore inscrit.", "Nobody is listed yet.")
                                                       : s.t("Choisissez une personne, ou ajoutez-en une :", "Choose a person, or add one:"),
                     options: people + [s.t("+ Ajouter une personne", "+ Add a person")]),
             flow: .contacts(data), strings: s)
    }

    mutating func askContactName(_ data: EmergencyData, index: Int?, draft: EmergencyContact) {
        let s = strings
        let dialog = Dialog.enterText(s.contacts, s.t("Nom et prénom :", "Full name:"), initial: draft.name, maxLength: 80)
        open(dialog, flow: .contactName(data, index: index, draft: draft), strings: s)
    }
}
