import CarnetModel
import TerminalKit

/// The small grammar French needs around names and people: a profession in the feminine
/// when the person is a woman, "du Dr" rather than "de Dr", "la patiente" for a woman. Data
/// cannot tell an article ("allergique à la Pénicilline"?), so sentences are built not to need one.
extension Strings {
    // MARK: Professions

    /// The profession of this professional: "infirmière", "pharmacien", or, their sex not
    /// known, a wording true of anyone ("soins infirmiers").
    public func profession(_ professional: Professional) -> String {
        profession(professional.profession, sex: professional.sex)
    }

    /// The profession in the screen's language. In French, a woman's profession is in the
    /// feminine and a man's in the masculine; unknown, it is named by its field ("pharmacie",
    /// "soins infirmiers"), never as "infirmier(e)" nor, for a woman, as "infirmier".
    public func profession(_ profession: Profession, sex: Sex?) -> String {
        guard language == .french else { return profession.englishName }
        let form: Form = sex == .female ? .feminine : sex == .male ? .masculine : .field
        switch profession {
        // "Médecin" is the same word for a woman and a man.
        case .generalPractitioner: return "médecin généraliste"
        case .specialist: return "médecin spécialiste"
        case .emergencyPhysician: return "médecin urgentiste"
        case .samuRegulator: return form.pick("médecin régulateur du SAMU", "médecin régulatrice du SAMU", "médecin de régulation du SAMU")
        case .pharmacist: return form.pick("pharmacien", "pharmacienne", "pharmacie")
        case .nurse: return form.pick("infirmier", "infirmière", "soins infirmiers")
        case .physiotherapist: return form.pick("masseur-kinésithérapeute", "masseuse-kinésithérapeute", "kinésithérapie")
        // A man who is a midwife is a "sage-femme" too.
        case .midwife: return "sage-femme"
        case .dentist: return form.pick("chirurgien-dentiste", "chirurgienne-dentiste", "chirurgie dentaire")
        // "Biologiste" is the same word for a woman and a man.
        case .biologist: return "biologiste"
        }
    }

    /// The profession as a whole, for the rules that apply to all of it: "les pharmaciens",
    /// "pharmacists". French administrative usage writes the plural in the masculine.
    func professionPlural(_ profession: Profession) -> String {
        guard language == .french else { return profession.englishName + "s" }
        switch profession {
        case .generalPractitioner: return "les médecins généralistes"
        case .specialist: return "les médecins spécialistes"
        case .emergencyPhysician: return "les médecins urgentistes"
        case .samuRegulator: return "les médecins régulateurs du SAMU"
        case .pharmacist: return "les pharmaciens"
        case .nurse: return "les infirmiers"
        case .physiotherapist: return "les masseurs-kinésithérapeutes"
        case .midwife: return "les sages-femmes"
        case .dentist: return "les chirurgiens-dentistes"
        case .biologist: return "les biologistes"
        }
    }

    /// "Dr Paul MARTIN (médecin généraliste)", "Claire PETIT (soins infirmiers)": a
    /// professional as lists and history show them.
    public func nameAndProfession(_ professional: Professional) -> String {
        "\(Sanitizer.clean(professional.displayName)) (\(profession(professional)))"
    }

    private enum Form {
        case masculine, feminine, field
        func pick(_ masculine: String, _ feminine: String, _ field: String) -> String {
            switch self {
            case .masculine: return masculine
            case .feminine: return feminine
            case .field: return field
            }
        }
    }

    // MARK: Names after a preposition

    /// "Dr Paul MARTIN" takes an article in a French sentence ("le Dr Paul MARTIN"); a name
    /// without a title takes none. Also "Pr" (professeur).
    private func titled(_ name: String) -> Bool { name.hasPrefix("Dr ") || name.hasPrefix("Pr ") }

    /// The name where a French sentence needs it after a verb or "pour": "le Dr Paul MARTIN",
    /// "Jean BERNARD". English: the name as it is.
    public func the(_ name: String) -> String {
        language == .french && titled(name) ? "le " + name : name
    }

    /// The same at the start of a sentence: "Le Dr Paul MARTIN pourra…".
    public func subject(_ name: String) -> String {
        language == .french && titled(name) ? "Le " + name : name
    }

    /// "du Dr Paul MARTIN", "de Jean BERNARD", "d'Hélène PERRIN" (French: "de le" is "du",
    /// and "de" elides before a vowel or a mute h). English: the name as it is.
    public func of(_ name: String) -> String {
        guard language == .french else { return name }
        if titled(name) { return "du " + name }
        guard let first = name.first else { return "de" }
        let elides = first.lowercased().first.map { "aeiouyhàâäéèêëîïôöùûüÿæœ".contains($0) } ?? false
        return elides ? "d'" + name : "de " + name
    }

    /// "au Dr Paul MARTIN", "à Jean BERNARD" ("à le" is "au"). English: the name as it is.
    public func to(_ name: String) -> String {
        guard language == .french else { return name }
        return titled(name) ? "au " + name : "à " + name
    }

    // MARK: The patient, in the third person

    /// The patient whose record is shown, as a sentence names them: "la patiente", "le
    /// patient", "la personne" (sex other), "le patient ou la patiente" (not known).
    public func thePatient(_ sex: Sex?) -> String {
        guard language == .french else { return "the patient" }
        switch sex {
        case .female?: return "la patiente"
        case .male?: return "le patient"
        case .other?: return "la personne"
        case .unknown?, nil: return "le patient ou la patiente"
        }
    }

    /// The same after "à": "à la patiente", "au patient", "au patient ou à la patiente".
    func toThePatient(_ sex: Sex?) -> String {
        guard language == .french else { return "to the patient" }
        switch sex {
        case .female?: return "à la patiente"
        case .male?: return "au patient"
        case .other?: return "à la personne"
        case .unknown?, nil: return "au patient ou à la patiente"
        }
    }

    /// At the start of a sentence: "La patiente", "Le patient".
    func thePatientCapitalized(_ sex: Sex?) -> String {
        let words = thePatient(sex)
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    // MARK: Labels and values

    /// "Groupe sanguin : A+" in French (a space before the colon), "Blood group: A+" in English.
    public func field(_ label: String, _ value: String) -> String {
        language == .french ? "\(label) : \(value)" : "\(label): \(value)"
    }

    /// "Isabelle DUPONT (fille) — 06 12 34 56 78": whole, the phone never dropped, no
    /// empty parentheses when the relationship is not given.
    public func contact(_ contact: EmergencyContact) -> String {
        let name = Sanitizer.clean(contact.name), relationship = Sanitizer.clean(contact.relationship), phone = Sanitizer.clean(contact.phone)
        var text = name
        if !relationship.isEmpty { text += text.isEmpty ? relationship : " (\(relationship))" }
        if !phone.isEmpty { text += text.isEmpty ? phone : " — " + phone }
        return text.isEmpty ? t("contact sans nom ni numéro", "contact with no name or number") : text
    }

    /// Who wrote an entry, for its details: the patient reading their own record reads
    /// "vous"; anyone else reads "le patient" or "la patiente", never the code "patient".
    func author(_ author: Author, readByPatient: Bool, patientSex: Sex?) -> String {
        switch author {
        case .patient: return readByPatient ? t("Vous", "You") : thePatientCapitalized(patientSex)
        case .professional, .external: return Sanitizer.clean(author.displayName)
        }
    }
}
