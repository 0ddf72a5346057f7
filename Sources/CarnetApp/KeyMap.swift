import CarnetModel
import TerminalKit

/// What a key does. The screens switch on these, never on keys: the key map below is the
/// one place that says which key does what, where, and the footer, the help screen and
/// README's key tables are all generated from it.
public enum KeyAction: String, CaseIterable, Sendable {
    case help, leave, back
    case up, down, pageUp, pageDown, open, filter, pane
    // The patient's acts.
    case grantAccess, changeLevel, revoke, block, unblock, treatingDoctor, history, closeRecord
    case mask, newEntry, editEmergency, export
    /// Under a break-glass summary: open the whole record (a second, recorded step).
    case fullRecord
    // The access history's filters.
    case byProfessional, byPane, byKind
    // Finding a patient.
    case submit, nextField, results, inbox
    case acknowledge
    // The Résultats pane and a test's history.
    case abnormalFirst, previousPoint, nextPoint, firstPoint, lastPoint
}

/// Where keys are read: each place has its own bindings.
public enum KeyPlace: Equatable, Sendable {
    case signIn
    /// The search form: every printable key is text there.
    case searchForm
    case searchResults
    case inbox
    case breakGlassForm
    case alerts
    case record(RecordKeys)
    case history
    /// A test's history: its table and chart.
    case resultHistory
    case detail
    /// A filter being typed over a pane.
    case filterField

    /// The places a README table is written for, in reading order.
    public static func all(for door: Door) -> [KeyPlace] {
        switch door {
        case .patient:
            return [.signIn, .alerts, .record(RecordKeys(pane: .summary)), .record(RecordKeys(pane: .results)), .resultHistory,
                    .record(RecordKeys(pane: .documents)), .record(RecordKeys(pane: .access)), .history, .detail, .filterField]
        case .kiosk:
            return [.signIn, .searchForm, .searchResults, .inbox, .record(RecordKeys(pane: .prescriptions, canWrite: true)),
                    .record(RecordKeys(pane: .results)), .resultHistory, .detail, .filterField]
        case .emergency:
            return [.signIn, .searchForm, .searchResults, .inbox, .breakGlassForm, .record(RecordKeys(pane: .summary, breakGlass: .summary)),
                    .record(RecordKeys(pane: .results, breakGlass: .fullRecord)), .resultHistory, .detail, .filterField]
        }
    }
}

/// What the record's keys depend on.
public struct RecordKeys: Equatable, Sendable {
    public var pane: RecordSection
    /// The selected row of the Accès pane, for the acts that apply to it.
    public var target: RowTarget = .none
    /// The reader may add to this pane (the store said so when the record opened).
    public var canWrite = false
    /// Under a break-glass access, and how far it reaches.
    public var breakGlass: BreakGlassAuthorization.Tier?

    public init(pane: RecordSection, target: RowTarget = .none, canWrite: Bool = false, breakGlass: BreakGlassAuthorization.Tier? = nil) {
        self.pane = pane
        self.target = target
        self.canWrite = canWrite
        self.breakGlass = breakGlass
    }
}

/// One key binding: the keys, how they read, and what they do, in words.
public struct KeyBinding: Sendable {
    public let action: KeyAction
    public let keys: [Key]
    public let label: String
    public let group: String
    public let help: String
    /// The footer's word for it; nil: in the help only.
    public let hint: String?
}

/// The keys of every place of every door, as data.
public struct KeyMap: Sendable {
    let door: Door
    let strings: Strings

    public init(door: Door, strings: Strings) {
        self.door = door
        self.strings = strings
    }

    /// The action `key` triggers at `place`, if any.
    public func action(for key: Key, at place: KeyPlace) -> KeyAction? {
        bindings(at: place).first { $0.keys.contains(key) }?.action
    }

    /// How a key is named on screen, in the screen's language.
    func name(_ key: Key) -> String {
        let s = strings
        switch key {
        case .enter: return s.t("Entrée", "Enter")
        case .escape: return s.t("Échap", "Esc")
        case .character(" "): return s.t("Espace", "Space")
        case .delete: return s.t("Suppr", "Del")
        case .home: return s.t("Début", "Home")
        case .end: return s.t("Fin", "End")
        case .pageUp: return s.t("PgPréc", "PgUp")
        case .pageDown: return s.t("PgSuiv", "PgDn")
        case .backTab: return "⇧Tab"
        default: return key.label
        }
    }

    private func bind(_ action: KeyAction, _ keys: [Key], label: String? = nil, _ group: String, _ help: String, hint: String? = nil) -> KeyBinding {
        KeyBinding(action: action, keys: keys, label: label ?? keys.map(name).joined(separator: "/"), group: group, help: help, hint: hint)
    }

    /// What `q` leaves to, at each place: each step is named.
    func leaveWords(at place: KeyPlace) -> (help: String, hint: String) {
        let s = strings
        switch place {
        case .record(let keys):
            switch door {
            case .patient: return (s.t("Quitter Carnet", "Quit Carnet"), s.t("quitter", "quit"))
            case .kiosk, .emergency:
                if keys.breakGlass != nil {
                    return (s.t("Terminer l'accès en urgence (demande confirmation)", "End the emergency access (asks first)"),
                            s.t("fin de l'urgence", "end emergency"))
                }
                return (s.t("Fermer le dossier (retour à la recherche)", "Close the record (back to the search)"), s.t("fermer le dossier", "close record"))
            }
        case .searchResults, .searchForm: return (s.t("Se déconnecter", "Sign out"), s.t("déconnexion", "sign out"))
        case .history: return (s.t("Revenir aux volets", "Back to the panes"), s.t("retour", "back"))
        case .resultHistory: return (s.t("Revenir aux résultats", "Back to the results"), s.t("retour", "back"))
        case .detail, .inbox: return (s.t("Revenir", "Back"), s.t("retour", "back"))
        case .alerts, .signIn, .breakGlassForm, .filterField:
            return door == .patient ? (s.t("Quitter Carnet", "Quit Carnet"), s.t("quitter", "quit")) : (s.t("Se déconnecter", "Sign out"), s.t("déconnexion", "sign out"))
        }
    }

    /// Every binding at `place`, in the order the help lists them.
    public func bindings(at place: KeyPlace) -> [KeyBinding] {
        let s = strings
        let general = s.groupGeneral, moving = s.groupMove
        let help = bind(.help, [.character("?"), .function(1)], label: "?/F1", general, s.t("Cette aide", "This help"), hint: s.t("aide", "help"))
        let helpInField = bind(.help, [.function(1)], general, s.t("Cette aide", "This help"), hint: s.t("aide", "help"))
        let leave = leaveWords(at: place)
        let q = bind(.leave, [.character("q")], general, leave.help, hint: leave.hint)
        let list = [
            bind(.up, [.up, .character("k")], label: "↑/k", moving, s.t("Monter", "Up")),
            bind(.down, [.down, .character("j")], label: "↓/j", moving, s.t("Descendre", "Down")),
            bind(.pageUp, [.pageUp], moving, s.t("Page précédente", "Previous page")),
            bind(.pageDown, [.pageDown], moving, s.t("Page suivante", "Next page")),
        ]
        switch place {
        case .signIn:
            var result = [
                bind(.nextField, [.tab, .down, .up, .backTab], label: "Tab/↑↓", moving, s.t("Champ suivant", "Next field")),
                bind(.submit, [.enter], moving, s.t("Se connecter (depuis le premier champ : aller au suivant)", "Sign in (from the first field: go to the next)"),
                     hint: s.t("valider", "sign in")),
                helpInField,
            ]
            if door == .patient {
                result.append(bind(.leave, [.escape, .control("c"), .control("d")], label: name(.escape), general,
                                   s.t("Quitter Carnet (les champs remplis sont d'abord effacés)", "Quit Carnet (filled fields are cleared first)"),
                                   hint: s.t("quitter", "quit")))
            }
            return result
        case .searchForm:
            return [
                bind(.submit, [.enter], s.groupSearch, s.t("Chercher (INS, ou nom et date de naissance)", "Search (INS, or name and birth date)"),
                     hint: s.t("chercher", "search")),
                bind(.nextField, [.tab, .backTab, .up], label: "Tab", moving, s.t("Champ suivant", "Next field")),
                bind(.inbox, [.function(2)], s.groupSearch, s.t("Boîte de réception (médecin traitant)", "Inbox (treating doctor)"),
                     hint: s.t("boîte de réception", "inbox")),
                bind(.results, [.down], s.groupSearch, s.t("Aller aux résultats", "Go to the results"), hint: s.t("résultats", "results")),
                helpInField,
                bind(.leave, [.escape], general, s.t("Effacer la recherche ; sur une recherche vide, se déconnecter", "Clear the search; on an empty search, sign out"),
                     hint: s.t("effacer/déconnexion", "clear/sign out")),
            ]
        case .searchResults:
            return list + [
                bind(.open, [.enter], s.groupSearch, s.t("Ouvrir le dossier", "Open the record"), hint: s.t("ouvrir", "open")),
                bind(.back, [.escape, .tab], label: name(.escape), moving, s.t("Revenir à la recherche", "Back to the search"), hint: s.t("recherche", "search")),
                bind(.inbox, [.character("i"), .function(2)], label: "i", s.groupSearch, s.t("Boîte de réception (médecin traitant)", "Inbox (treating doctor)"),
                     hint: s.t("boîte de réception", "inbox")),
                help, q,
            ]
        case .inbox:
            return list + [bind(.open, [.enter], moving, s.t("Lire l'alerte en entier", "Read the whole alert"), hint: s.t("détail", "details")),
                           bind(.back, [.escape, .character("i")], label: name(.escape), moving, s.t("Revenir à la recherche", "Back to the search")), help, q]
        case .breakGlassForm:
            return [
                bind(.nextField, [.tab, .backTab, .up, .down], label: "Tab", moving, s.t("Champ suivant", "Next field")),
                bind(.submit, [.enter], general, s.t("Valider (une confirmation suit)", "Submit (a confirmation follows)"), hint: s.t("valider", "submit")),
                bind(.back, [.escape], general, s.t("Renoncer : rien n'est ouvert", "Give up: nothing is opened"), hint: s.t("renoncer", "give up")),
                helpInField,
            ]
        case .alerts:
            return list + [
                bind(.acknowledge, [.enter, .character(" ")], label: name(.enter), general, s.t("J'ai pris connaissance", "I have read this"),
                     hint: s.t("j'ai pris connaissance", "I have read this")),
                q,
            ]
        case .history:
            return list + [
                bind(.open, [.enter], moving, s.t("Ouvrir le détail", "Open details"), hint: s.t("détail", "details")),
                bind(.byProfessional, [.character("p")], s.groupHistory, s.t("Filtrer par professionnel", "Filter by professional"), hint: s.t("professionnel", "professional")),
                bind(.byPane, [.character("s")], s.groupHistory, s.t("Filtrer par volet", "Filter by pane"), hint: s.t("volet", "pane")),
                bind(.byKind, [.character("f")], s.groupHistory, s.t("Filtrer par type", "Filter by kind"), hint: s.t("type", "kind")),
                bind(.back, [.escape, .character("h")], label: name(.escape) + "/h", moving, s.t("Revenir aux volets", "Back to the panes")),
                paneKeys(hint: nil),
                help, q,
            ]
        case .resultHistory:
            return list + [
                bind(.previousPoint, [.left, .character("h")], label: "←/h", s.groupResults, s.t("Valeur précédente sur le graphique", "Previous value on the chart"),
                     hint: s.t("valeur", "value")),
                bind(.nextPoint, [.right, .character("l")], label: "→/l", s.groupResults, s.t("Valeur suivante sur le graphique", "Next value on the chart")),
                bind(.firstPoint, [.home], s.groupResults, s.t("Première valeur", "First value")),
                bind(.lastPoint, [.end], s.groupResults, s.t("Dernière valeur", "Latest value")),
                bind(.back, [.escape, .backspace], label: name(.escape), moving, s.t("Revenir aux résultats", "Back to the results")),
                help, q,
            ]
        case .detail:
            return list + [bind(.back, [.escape, .backspace], label: name(.escape), moving, s.t("Fermer le détail", "Close the details")), help, q]
        case .filterField:
            return [
                bind(.submit, [.enter], moving, s.t("Garder le filtre et revenir à la liste", "Keep the filter, back to the list"), hint: s.t("garder", "keep")),
                bind(.back, [.escape], moving, s.t("Retirer le filtre", "Remove the filter"), hint: s.t("retirer", "remove")),
            ]
        case let .record(keys):
            return recordBindings(keys, list: list, help: help, q: q)
        }
    }

    private func recordBindings(_ keys: RecordKeys, list: [KeyBinding], help: KeyBinding, q: KeyBinding) -> [KeyBinding] {
        let s = strings
        var result = [paneKeys(hint: s.t("volets", "panes"))]
        result += list
        result += [
            bind(.open, [.enter], s.groupMove, keys.pane == .access ? s.t("Ouvrir ou changer la ligne choisie", "Open or change the selected row")
                                                                     : s.t("Ouvrir le détail", "Open details"),
                 hint: enterHint(keys)),
            bind(.back, [.escape], s.groupMove, door == .patient || keys.breakGlass != nil
                 ? s.t("Revenir (fermer le détail, retirer le filtre)", "Back (close the details, remove the filter)")
                 : s.t("Revenir (le détail, le filtre, puis la recherche)", "Back (the details, the filter, then the search)")),
            bind(.filter, [.character("/")], s.groupGeneral, s.t("Filtrer la liste (accents ignorés)", "Filter the list (accents ignored)"), hint: s.t("filtrer", "filter")),
        ]
        if keys.pane == .results {
            result.append(bind(.abnormalFirst, [.character("a")], s.groupResults,
                               s.t("Anormaux d'abord (une seconde fois : par groupe)", "Abnormal first (again: by group)"), hint: s.t("anormaux d'abord", "abnormal first")))
        }
        switch door {
        case .patient:
            let access = s.groupAccess
            // On the Résultats pane `a` orders the results; granting is done from the other panes.
            if keys.pane != .results {
                result.append(bind(.grantAccess, [.character("a")], access, s.t("Autoriser un professionnel", "Grant a professional access"), hint: s.t("autoriser", "grant")))
            }
            result += [
                bind(.changeLevel, [.character("l")], access, s.t("Changer le niveau d'accès", "Change the access level"), hint: s.t("niveau", "level")),
                bind(.revoke, [.character("r")], access, s.t("Révoquer l'accès", "Revoke access"), hint: s.t("révoquer", "revoke")),
                bind(.block, [.character("b")], access, s.t("Bloquer le professionnel", "Block the professional"), hint: s.t("bloquer", "block")),
                bind(.unblock, [.character("u")], access, s.t("Débloquer le professionnel", "Unblock the professional"), hint: s.t("débloquer", "unblock")),
                bind(.treatingDoctor, [.character("t")], access, s.t("Choisir le médecin traitant", "Choose the treating doctor"), hint: s.t("traitant", "doctor")),
                bind(.history, [.character("h")], access, s.t("Historique des accès", "Access history"), hint: s.t("historique", "history")),
                bind(.closeRecord, [.character("c")], access, s.t("Clôturer le dossier", "Close the record for good"), hint: s.t("clôturer", "close")),
                bind(.mask, [.character("m")], s.groupDocuments, s.t("Masquer/démasquer un document", "Mask/unmask a document"), hint: s.t("masquer", "mask")),
                bind(.newEntry, [.character("n")], s.groupDocuments, s.t("Ajouter un fichier", "Add a file"), hint: s.t("ajouter", "add")),
                bind(.export, [.character("x")], s.groupSummary, s.t("Exporter ma synthèse (fichier FHIR IPS)", "Export my summary (FHIR IPS file)"),
                     hint: s.t("exporter", "export")),
                bind(.editEmergency, [.character("e")], s.groupSummary, s.t("Modifier mes données d'urgence", "Edit my emergency data"), hint: s.t("modifier", "edit")),
            ]
        case .kiosk, .emergency:
            if keys.breakGlass == .summary {
                result.append(bind(.fullRecord, [.character("c")], s.groupEmergency,
                                   s.t("Ouvrir le dossier complet (seconde confirmation, tracée)", "Open the full record (second confirmation, recorded)"),
                                   hint: s.t("dossier complet", "full record")))
            }
            // Only where the store would accept it: a read-only reader is not offered a form to be refused.
            if keys.canWrite {
                result.append(bind(.newEntry, [.character("n")], s.t("Écrire", "Writing"),
                                   s.t("Ajouter au volet (antécédent, allergie, vaccin, prescription, compte rendu)",
                                       "Add to the pane (history, allergy, vaccine, prescription, report)"), hint: s.t("ajouter", "add")))
            }
        }
        return result + [help, q]
    }

    /// `1`–`9`: one key a pane, as many as there are panes.
    private func paneKeys(hint: String?) -> KeyBinding {
        let count = RecordSection.allCases.count
        return bind(.pane, (1...count).map { .character(Character(String($0))) }, label: "1–\(count)", strings.groupPanes,
                    strings.t("Aller au volet", "Go to pane"), hint: hint)
    }

    private func enterHint(_ keys: RecordKeys) -> String? {
        let s = strings
        if keys.pane == .results { return s.t("historique", "history") }
        guard keys.pane == .access else { return s.t("détail", "details") }
        switch keys.target {
        case .consent: return s.t("changer", "change")
        case .history: return s.t("ouvrir", "open")
        case .treatingDoctor: return s.t("changer", "change")
        default: return nil
        }
    }

    /// The footer at `place`: the acts that matter there first, then help and leave, which
    /// always fit; acts that do not fit in `width` are left to the help screen, which the
    /// footer names.
    public func footer(at place: KeyPlace, width: Int) -> [(key: String, text: String)] {
        let all = bindings(at: place)
        var acts = all.filter { $0.hint != nil && $0.action != .help && $0.action != .leave }
        if case let .record(keys) = place { acts = acts.sorted { footerRank($0.action, keys) < footerRank($1.action, keys) }.filter { footerRank($0.action, keys) < 100 } }
        let fixed = all.filter { $0.hint != nil && ($0.action == .help || $0.action == .leave) }
        func columns(_ bindings: [KeyBinding]) -> Int { bindings.reduce(0) { $0 + DisplayWidth.of(" \($1.label) \($1.hint ?? "") ") } }
        while !acts.isEmpty && columns(acts + fixed) > width { acts.removeLast() }
        return (acts + fixed).map { ($0.label, $0.hint ?? "") }
    }

    /// The order of the record's acts in the footer: the selected row's, then the pane's,
    /// then moving about; 100 and more stay in the help.
    private func footerRank(_ action: KeyAction, _ keys: RecordKeys) -> Int {
        switch (keys.pane, action) {
        case (.access, .revoke), (.access, .changeLevel), (.access, .block):
            if case .grant = keys.target { return 1 }
            return 100
        case (.access, .unblock):
            if case .blocked = keys.target { return 1 }
            return 100
        case (.access, .treatingDoctor):
            if case .treatingDoctor = keys.target { return 1 }
            return 100
        case (_, .open): return keys.pane == .access && enterHint(keys) == nil ? 100 : 0
        case (.access, .grantAccess), (.access, .history), (.access, .closeRecord): return 2
        case (.documents, .mask), (.documents, .newEntry), (.summary, .editEmergency), (.summary, .export), (.results, .abnormalFirst): return 2
        case (_, .fullRecord): return 0
        case (_, .newEntry): return door == .patient ? 100 : 1
        case (_, .filter): return keys.pane == .access ? 100 : 3
        case (_, .pane): return 4
        default: return 100
        }
    }

    /// The help screen's lines at `place`: every binding, grouped, in the screen's language.
    func helpLines(at place: KeyPlace) -> [(text: String, isTitle: Bool)] {
        var order: [String] = []
        var byGroup: [String: [KeyBinding]] = [:]
        for binding in bindings(at: place) {
            if byGroup[binding.group] == nil { order.append(binding.group) }
            byGroup[binding.group, default: []].append(binding)
        }
        let labelWidth = (bindings(at: place).map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        var lines: [(String, Bool)] = []
        for group in order {
            if !lines.isEmpty { lines.append(("", false)) }
            lines.append((group, true))
            lines += byGroup[group, default: []].map { ("  " + DisplayWidth.pad($0.label, to: labelWidth) + $0.help, false) }
        }
        return lines
    }

    /// README's key tables for this door, generated: a test keeps README equal to them.
    public func markdown() -> String {
        var text = ""
        for place in KeyPlace.all(for: door) {
            text += "\n**\(placeName(place))**\n\n| \(strings.t("Touche", "Key")) | \(strings.t("Action", "Action")) |\n|---|---|\n"
            for binding in bindings(at: place) {
                text += "| `\(binding.label.replacingOccurrences(of: "|", with: "\\|"))` | \(binding.help) |\n"
            }
        }
        return text
    }

    func placeName(_ place: KeyPlace) -> String {
        let s = strings
        switch place {
        case .signIn: return s.t("Connexion", "Sign-in")
        case .searchForm: return s.t("Recherche d'un patient", "Finding a patient")
        case .searchResults: return s.t("Résultats de la recherche", "Search results")
        case .inbox: return s.t("Boîte de réception", "Inbox")
        case .breakGlassForm: return s.t("Bris de glace", "Break-glass")
        case .alerts: return s.t("Alertes à la connexion", "Alerts at sign-in")
        case let .record(keys):
            if keys.breakGlass != nil { return s.t("Dossier, en accès d'urgence", "Record, under emergency access") }
            return s.t("Dossier, volet \(s.pane(keys.pane))", "Record, \(s.pane(keys.pane)) pane")
        case .history: return s.t("Historique des accès", "Access history")
        case .resultHistory: return s.t("Historique d'un résultat (tableau et graphique)", "A test's history (table and chart)")
        case .detail: return s.t("Détail d'une ligne", "A row's details")
        case .filterField: return s.t("Filtre", "Filter")
        }
    }
}

extension Strings {
    /// What TerminalKit's widgets say on their own (key names, percentages), in this language.
    var wording: Wording { language == .french ? .french : .english }

    var groupSearch: String { t("Recherche", "Search") }
    var groupHistory: String { t("Historique", "History") }
    var groupEmergency: String { t("Urgence", "Emergency") }
    var groupResults: String { t("Résultats", "Results") }
}

extension KeyMap {
    /// README's "Keys" section: every place of the three doors, from the key map, in English.
    public static func readmeTables() -> String {
        let english = Strings(.english)
        let doors: [(String, Door)] = [("Patient (`carnet`)", .patient), ("Clinician kiosk (`carnet kiosk`)", .kiosk),
                                       ("Emergency terminal (`carnet emergency`)", .emergency(window: 4 * 3600))]
        return doors.map { title, door in "### \(title)\n" + KeyMap(door: door, strings: english).markdown() }.joined(separator: "\n")
    }
}
