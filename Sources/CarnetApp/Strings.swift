import CarnetModel
import Foundation
import TerminalKit

/// The words on screen, in French (the default) or English.
public struct Strings: Sendable {
    public enum Language: String, Sendable, CaseIterable { case french = "fr", english = "en" }
    public let language: Language
    /// The zone moments are told in (the access history, the alerts, the inbox, a lock's
    /// end): the session's, the patient's, not the machine's. `.current` unless set.
    public var timeZone: TimeZone

    public init(_ language: Language, timeZone: TimeZone = .current) {
        self.language = language
        self.timeZone = timeZone
    }

    /// English when `--lang en`, else when LC_ALL, LC_MESSAGES or LANG starts with "en"; French otherwise.
    public static func from(option: String?, environment: [String: String]) -> Strings {
        if let option { return Strings(option.lowercased().hasPrefix("en") ? .english : .french) }
        let locale = [environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return Strings(locale.hasPrefix("en") ? .english : .french)
    }

    func t(_ fr: String, _ en: String) -> String { language == .french ? fr : en }

    public func pane(_ section: RecordSection) -> String {
        switch section {
        case .summary: return t("Synthèse", "Summary")
        case .history: return t("Antécédents", "History")
        case .allergies: return t("Allergies", "Allergies")
        case .vaccinations: return t("Vaccins", "Vaccines")
        case .prescriptions: return t("Prescriptions", "Prescriptions")
        case .results: return t("Résultats", "Results")
        case .documents: return t("Documents", "Documents")
        case .reimbursements: return t("Remboursements", "Reimbursements")
        case .access: return t("Accès", "Access")
        }
    }

    /// The pane's tab: its name, and a short one for 80 columns.
    public func tab(_ section: RecordSection) -> TabBar.Title {
        // Short names fit nine panes in 80 columns beside the selected one's whole name.
        switch section {
        case .summary: return TabBar.Title(pane(section), short: t("Synth", "Summ"))
        case .history: return TabBar.Title(pane(section), short: t("Antéc", "Hist"))
        case .allergies: return TabBar.Title(pane(section), short: t("Allerg", "Allerg"))
        case .vaccinations: return TabBar.Title(pane(section), short: t("Vac", "Vacc"))
        case .prescriptions: return TabBar.Title(pane(section), short: t("Presc", "Presc"))
        case .results: return TabBar.Title(pane(section), short: t("Résult", "Result"))
        case .documents: return TabBar.Title(pane(section), short: t("Docs", "Docs"))
        case .reimbursements: return TabBar.Title(pane(section), short: t("Remb", "Reimb"))
        case .access: return TabBar.Title(pane(section), short: t("Accès", "Access"))
        }
    }

    var appTitle: String { t("Carnet — mon dossier médical partagé", "Carnet — my shared medical record") }
    var insLabel: String { "INS" }
    var passwordLabel: String { t("Mot de passe", "Password") }
    var recordClosedTitle: String { t("Dossier clôturé", "Record closed") }
    var closedRecordKeys: String { t("Une touche : revenir à la connexion · q : quitter", "Any key: back to sign-in · q: quit") }
    var recordClosedText: String {
        t("Vous avez clôturé ce dossier. Aucun professionnel ne peut plus l'ouvrir, même en urgence. Ses données sont conservées : pour le rouvrir, adressez-vous à votre caisse d'assurance maladie, qui le fera rouvrir par un opérateur.",
          "You closed this record. No professional can open it any more, not even in an emergency. Its data is kept: to reopen it, ask your health insurance fund, whose operator will reopen it.")
    }
    var loginHelp: String { t("Saisissez votre INS (15 chiffres) puis Entrée, votre mot de passe puis Entrée.",
                              "Type your INS (15 digits) then Enter, your password then Enter.") }
    var signingIn: String { t("Vérification…", "Checking…") }
    func age(_ years: Int) -> String { t("\(years) ans", "\(years) years") }
    /// The header's short label, before the group: "Groupe A+", "Blood group A+".
    var bloodGroup: String { t("Groupe", "Blood group") }
    /// The Synthèse's label: "Groupe sanguin : A+", "Blood group: A+".
    var bloodGroupLabel: String { t("Groupe sanguin", "Blood group") }
    var unknown: String { t("inconnu", "unknown") }
    var allergiesBanner: String { t("⚠ ALLERGIES :", "⚠ ALLERGIES:") }
    var empty: String { t("Rien à afficher.", "Nothing to show.") }
    /// A part of the Synthèse the reader may not see: a row of its own, so a capital.
    var notShown: String { t("Non visible pour vous", "Not visible to you") }
    var tooSmall: String { t("terminal trop petit (80×24 nécessaire)", "terminal too small (80×24 needed)") }
    var help: String { t("Aide", "Help") }
    var filter: String { t("Filtre", "Filter") }
    func severity(_ severity: Allergy.Severity) -> String {
        switch severity {
        case .mild: return t("légère", "mild")
        case .moderate: return t("modérée", "moderate")
        case .severe: return t("sévère", "severe")
        }
    }
    func status(_ status: HistoryItem.Status) -> String {
        switch status {
        case .active: return t("actif", "active")
        case .resolved: return t("résolu", "resolved")
        case .inactive: return t("inactif", "inactive")
        case .remission: return t("en rémission", "in remission")
        case .recurrence: return t("récidive", "recurrence")
        case .relapse: return t("rechute", "relapse")
        }
    }
    func status(_ status: Allergy.Status) -> String {
        switch status {
        case .active: return t("active", "active")
        case .resolved: return t("résolue", "resolved")
        case .inactive: return t("inactive", "inactive")
        }
    }
    func status(_ status: Prescription.Status) -> String {
        switch status {
        case .active: return t("en cours", "current")
        case .completed: return t("terminé", "completed")
        case .stopped: return t("arrêté", "stopped")
        }
    }
    func kind(_ kind: HistoryItem.Kind) -> String {
        switch kind {
        case .condition: return t("maladie", "condition")
        case .procedure: return t("acte", "procedure")
        case .familyHistory: return t("antécédent familial", "family history")
        }
    }
    func date(_ day: CalendarDate?) -> String {
        guard let day else { return "—" }
        return language == .french ? day.french : day.iso
    }
    /// Euros as French readers write them; another currency with its ISO code, never as euros.
    func money(_ cents: Int, _ currency: String) -> String {
        guard currency != "EUR" else { return euros(cents) }
        let whole = cents / 100, fraction = Padded.digits(abs(cents % 100), 2)
        return language == .french ? "\(whole),\(fraction) \(Sanitizer.clean(currency))" : "\(Sanitizer.clean(currency)) \(whole).\(fraction)"
    }

    func euros(_ cents: Int) -> String {
        let whole = cents / 100, fraction = Padded.digits(cents % 100, 2)
        return language == .french ? "\(whole),\(fraction) €" : "€\(whole).\(fraction)"
    }

    // Synthèse
    var emergencyData: String { t("Données d'urgence", "Emergency data") }
    var organDonation: String { t("Don d'organes", "Organ donation") }
    func organStance(_ stance: OrganDonationStance) -> String {
        switch stance {
        case .notStated: return t("non exprimé (consentement présumé)", "not stated (presumed consent)")
        case .consents: return t("favorable", "consents")
        case .refusesRegistered: return t("refus inscrit au registre", "refusal registered")
        case .refusesToRelatives: return t("refus confié aux proches", "refusal told to relatives")
        }
    }
    var advanceDirectives: String { t("Directives anticipées", "Advance directives") }
    var none: String { t("aucune", "none") }
    /// No professional, no médecin traitant: "aucun" (a professional, a doctor are masculine
    /// words), where directives or contacts are "aucune".
    var noProfessional: String { t("aucun", "none") }
    /// Directives, contacts: nothing in the record is not "there are none".
    var noneRecorded: String { t("aucune enregistrée", "none recorded") }
    var contacts: String { t("Personnes à prévenir", "People to contact") }
    var activeProblems: String { t("Problèmes actifs", "Active problems") }
    var currentMedicines: String { t("Traitements en cours", "Current medicines") }
    var lastVaccinations: String { t("Dernières vaccinations", "Last vaccinations") }
    var treatingDoctor: String { t("Médecin traitant", "Treating doctor") }
    var grants: String { t("Professionnels autorisés", "Professionals with access") }
    var blocked: String { t("Professionnels bloqués", "Blocked professionals") }
    var consents: String { t("Accès en urgence (bris de glace)", "Emergency access (break-glass)") }
    func consent(_ given: Bool) -> String { given ? t("autorisé", "allowed") : t("refusé", "refused") }
    var emergencyPhysician: String { t("médecin urgentiste", "emergency physician") }
    var samuRegulator: String { t("médecin régulateur du SAMU", "SAMU regulating physician") }
    func level(_ level: AccessLevel) -> String { level == .read ? t("lecture", "read") : t("lecture + écriture", "read + write") }
    var masked: String { t("masqué", "masked") }
    var patientAuthored: String { t("de vous", "yours") }
    var archived: String { t("archivé", "archived") }
    var obsolete: String { t("remplacé", "replaced") }

    func bytes(_ count: Int) -> String {
        if count < 1024 { return t("\(count) octets", "\(count) bytes") }
        if count < 1024 * 1024 { return t("\(count / 1024) Ko", "\(count / 1024) KB") }
        let tenths = count * 10 / (1024 * 1024)
        return t("\(tenths / 10),\(tenths % 10) Mo", "\(tenths / 10).\(tenths % 10) MB")
    }
    func storedFile(_ type: String, _ size: String) -> String {
        t("Fichier conservé tel quel (\(type), \(size)) : il ne s'affiche pas comme du texte.",
          "File kept as it is (\(type), \(size)): it does not show as text.")
    }
    var since: String { t("depuis le", "since") }
    var accessHistory: String { t("Historique des accès (h)", "Access history (h)") }
    var accessPaneDetail: String {
        t("Sur une ligne : r révoquer, l changer le niveau, b bloquer, u débloquer, Entrée changer un consentement. a autoriser un professionnel, t choisir le médecin traitant, h historique des accès, c clôturer le dossier.",
          "On a line: r revoke, l change the level, b block, u unblock, Enter change a consent. a grant a professional access, t choose the treating doctor, h access history, c close the record.")
    }

    // Commands
    var groupPanes: String { t("Volets", "Panes") }
    var groupMove: String { t("Déplacement", "Moving") }
    var groupGeneral: String { t("Général", "General") }
    var groupAccess: String { t("Volet Accès (\(paneKey(.access)))", "Access pane (\(paneKey(.access)))") }
    /// The key that shows a pane: its place among the panes.
    func paneKey(_ section: RecordSection) -> Int { (RecordSection.allCases.firstIndex(of: section) ?? 0) + 1 }
    var groupDocuments: String { t("Volet Documents (\(paneKey(.documents)))", "Documents pane (\(paneKey(.documents)))") }
    var groupSummary: String { t("Volet Synthèse (\(paneKey(.summary)))", "Summary pane (\(paneKey(.summary)))") }
}
