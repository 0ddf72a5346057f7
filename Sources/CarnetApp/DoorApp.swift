import CarnetModel
import Foundation
import TerminalKit

/// The screens of one door, and which one is shown. The three doors are three
/// configurations of the same screens: the patient signs in to their record; a
/// professional signs in, finds a patient, reads (and, where allowed, adds to) the record;
/// at an emergency terminal a doctor without a grant may break the glass.
///
/// Pure state: `update` returns effects for the runner (`DoorSession`), `render` draws.
public struct DoorApp {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let door: Door
    let strings: Strings
    public let theme: Theme
    let catalogs: Catalogs?
    let keys: KeyMap
    public private(set) var width: Int
    public private(set) var height: Int

    var signIn: SignInScreen
    /// The professional signed in (kiosk and emergency).
    var professional: Professional?
    var search: SearchScreen
    var inbox: InboxScreen?
    var breakGlassFlow: BreakGlassFlow?
    var record: RecordView?
    /// Shown over the patient's record until acknowledged.
    var alerts: AlertsScreen?
    var help: HelpScreen?
    /// A question the door asks itself: ending a break-glass, or widening it.
    var question: DoorQuestion?
    /// The break-glass access in force, and the seconds left as the session last measured them.
    var breakGlass: BreakGlassAuthorization?
    var breakGlassLeft: TimeInterval?

    enum DoorQuestion {
        case endBreakGlass(Dialog)
        case widenBreakGlass(Dialog)

        var dialog: Dialog {
            switch self {
            case let .endBreakGlass(dialog), let .widenBreakGlass(dialog): return dialog
            }
        }
    }

    public init(door: Door, strings: Strings, theme: Theme, width: Int, height: Int, catalogs: Catalogs? = nil) {
        self.door = door
        self.strings = strings
        self.theme = theme
        self.catalogs = catalogs
        self.width = width
        self.height = height
        keys = KeyMap(door: door, strings: strings)
        signIn = SignInScreen(door: door, strings: strings)
        search = SearchScreen(strings: strings)
    }

    var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The area under the door's banner (kiosk and emergency keep a line for it).
    var screenArea: Rect {
        door == .patient ? Rect(x: 0, y: 0, width: width, height: height) : Rect(x: 0, y: 1, width: width, height: height - 1)
    }

    /// Where keys are read now.
    var place: KeyPlace {
        if alerts != nil { return .alerts }
        if let record { return record.place }
        if breakGlassFlow != nil { return .breakGlassForm }
        if inbox != nil { return .inbox }
        if professional != nil { return search.place }
        return .signIn
    }

    /// Someone is signed in: the session's clocks run.
    public var isSignedIn: Bool { professional != nil || (door == .patient && record != nil) }

    // MARK: - Update

    public mutating func update(_ input: AppInput) -> [AppEffect] {
        switch input {
        case let .event(.resize(width, height)):
            self.width = width
            self.height = height
            return []
        case let .event(.key(key)):
            // A screen too small to be read is not acted on (a dialog nobody can see must not
            // be confirmed by a key pressed blind): only `q` leaves, the whole door.
            if isTooSmall { return key == .character("q") ? leaveDoor() : [] }
            return handle(key)
        case let .event(.mouse(x, y, action)):
            guard !isTooSmall, help == nil, alerts == nil, question == nil, var record else { return [] }
            let area = screenArea
            defer { self.record = record }
            switch action {
            case .wheelUp: return effects(record.handle(.up, area: area))
            case .wheelDown: return effects(record.handle(.down, area: area))
            case .click: return record.click(x: x - area.x, y: y - area.y, area: area)
            }
        case let .patientSignedIn(patient, today, allergies, alerts):
            record = RecordView(role: .patient, door: door, strings: strings, patient: patient, today: today, allergies: allergies,
                                writable: Set(RecordSection.allCases))
            self.alerts = alerts.isEmpty ? nil : AlertsScreen(alerts, reader: .patient(patient))
            signIn = SignInScreen(door: door, strings: strings)
            return [.loadPane(.summary)]
        case let .professionalSignedIn(professional):
            self.professional = professional
            signIn = SignInScreen(door: door, strings: strings)
            search = SearchScreen(strings: strings)
            return []
        case let .signInFailed(message, recordClosed):
            signIn.failed(message, recordClosed: recordClosed)
            return []
        case let .searchResults(query, page):
            search.found(query, page, strings: strings)
            return []
        case let .searchMore(page):
            search.results?.append(page)
            return []
        case let .searchFailed(message):
            if search.results?.loading == true { search.results?.failed(message) } else { search.message = message }
            return []
        case let .recordOpened(patient, today, allergies, writable):
            guard let professional, let catalogs else { return [] }
            var view = RecordView(role: .professional(professional, catalogs: catalogs), door: door, strings: strings, patient: patient, today: today,
                                  allergies: allergies, writable: writable)
            view.breakGlass = breakGlass?.tier
            record = view
            search.message = nil
            return [.loadPane(.summary)]
        case let .openRefused(message):
            search.message = message
            return []
        case let .inbox(items):
            inbox = InboxScreen(items: items)
            return []
        case let .paneLoaded(section, content):
            record?.contents[section] = content
            return []
        case let .allergiesRead(allergies):
            record?.allergies = allergies
            return []
        case let .controlDone(request):
            if request == .closeRecord {
                record = nil
                signIn = SignInScreen(door: door, strings: strings, recordClosed: true)
                return []
            }
            return record?.done(request) ?? []
        case let .controlFailed(message), let .said(message):
            record?.message = message
            return []
        case let .professionalsFound(found, purpose):
            record?.professionalsFound(found, purpose)
            return []
        case let .historyOpened(filter, page):
            let reader = record?.historyReader ?? .owner
            record?.history = AccessHistoryScreen(filter: filter, page: page, reader: reader)
            record?.message = nil
            return []
        case let .historyMore(page):
            record?.history?.list.append(page)
            return []
        case let .historyFailed(message):
            if record?.history?.list.loading == true { record?.history?.list.failed(message) } else { record?.message = message }
            return []
        case let .historyActors(actors):
            record?.historyActors(actors)
            return []
        case let .prescriptionHeld(prescription, warnings):
            record?.prescriptionHeld(prescription, warnings)
            return []
        case let .resultTestRead(test, values):
            record?.openResultTest(test, values: values)
            return []
        case .reload:
            return record?.reload() ?? []
        case .idleLock:
            guard isSignedIn else { return [] }
            return signOut(why: "idle", message: strings.t("Session verrouillée après inactivité : reconnectez-vous.", "Session locked after inactivity: sign in again."))
        case let .sessionEnded(why):
            guard isSignedIn else { return [] }
            return signOut(why: why, message: nil)
        case let .notice(message):
            search.message = message
            return []
        case let .breakGlassNeeded(listing):
            guard case let .emergency(window) = door else { return [] }
            breakGlassFlow = BreakGlassFlow(patient: listing, window: window, strings: strings)
            search.message = nil
            return []
        case let .breakGlassStarted(authorization):
            breakGlass = authorization
            breakGlassLeft = authorization.expiresAt.timeIntervalSince(authorization.startedAt)
            return []
        case let .breakGlassRefused(message):
            breakGlassFlow = nil
            search.message = message
            return []
        case let .breakGlassWidened(authorization):
            breakGlass = authorization
            record?.breakGlass = authorization.tier
            return record?.reload() ?? []
        case let .breakGlassClock(left):
            guard breakGlass != nil else { return [] }
            breakGlassLeft = left
            guard left <= 0 else { return [] }
            return endBreakGlass(why: "expired", message: strings.t("Accès d'urgence terminé : la durée autorisée est écoulée.", "Emergency access ended: its time is up."))
        case .breakGlassEndedByStore:
            guard breakGlass != nil else { return [] }
            return endBreakGlass(why: "ended-by-store", message: strings.t(
                "Accès d'urgence terminé : le dossier ne l'accepte plus (durée enregistrée écoulée, ou accès clos ailleurs).",
                "Emergency access ended: the record no longer accepts it (its recorded time is up, or it was closed elsewhere)."))
        }
    }

    private mutating func handle(_ key: Key) -> [AppEffect] {
        // Ctrl-C, Ctrl-Z and Ctrl-\ do nothing at a shared terminal.
        if door.isProfessional, case let .control(c) = key, ["c", "z", "\\", "d"].contains(c) { return [] }
        let area = screenArea
        if var help {
            if help.handle(key, keys: keys, area: area) == .close { self.help = nil } else { self.help = help }
            return []
        }
        if let question {
            var dialog = question.dialog
            guard let outcome = dialog.handle(key) else {
                switch question {
                case .endBreakGlass: self.question = .endBreakGlass(dialog)
                case .widenBreakGlass: self.question = .widenBreakGlass(dialog)
                }
                return []
            }
            self.question = nil
            guard outcome == .confirmed else { return [] }
            switch question {
            case .endBreakGlass: return endBreakGlass(why: "logout", message: strings.t("Accès d'urgence terminé.", "Emergency access ended."))
            case .widenBreakGlass: return [.widenBreakGlass]
            }
        }
        if var alerts {
            let outcome = alerts.handle(key, keys: keys, rows: AlertsScreen.rows(in: area), strings: strings, width: min(74, area.width - 6))
            self.alerts = alerts
            switch outcome {
            case let .acknowledged(through)?:
                self.alerts = nil
                return [.control(.acknowledgeAlerts(through: through))]
            case .quit?: return leaveDoor()
            case nil: return []
            }
        }
        if var record {
            let outcome = record.handle(key, area: area)
            self.record = record
            return recordOutcome(outcome)
        }
        if var flow = breakGlassFlow {
            let outcome = flow.handle(key, keys: keys, strings: strings)
            breakGlassFlow = flow
            switch outcome {
            case nil: return []
            case .help?: help = HelpScreen(place: .breakGlassForm)
            case .abandoned?:
                breakGlassFlow = nil
                search.message = strings.t("Bris de glace abandonné : rien n'a été ouvert.", "Break-glass abandoned: nothing was opened.")
            case let .start(listing, reason, justification)?:
                breakGlassFlow = nil
                search.message = strings.t("Ouverture en urgence…", "Opening in an emergency…")
                return [.startBreakGlass(listing, reason, justification: justification)]
            }
            return []
        }
        if var inbox {
            let outcome = inbox.handle(key, keys: keys, strings: strings, width: area.width, height: area.height)
            self.inbox = inbox
            switch outcome {
            case .back?: self.inbox = nil
            case .help?: help = HelpScreen(place: inbox.detail == nil ? .inbox : .detail)
            case nil: break
            }
            return []
        }
        if professional != nil {
            let place = search.place
            switch search.handle(key, keys: keys, strings: strings, height: area.height) {
            case nil: return []
            case let .effects(effects)?: return effects
            case .signOut?: return leaveDoor()
            case .inbox?: return [.loadInbox]
            case .help?: help = HelpScreen(place: place)
            }
            return []
        }
        switch signIn.handle(key, keys: keys, strings: strings) {
        case nil: return []
        case let .effects(effects)?: return effects
        case .quit?: return door == .patient ? [.quit] : []
        case .help?: help = HelpScreen(place: .signIn)
        }
        return []
    }

    private func effects(_ outcome: RecordView.Outcome?) -> [AppEffect] {
        if case let .effects(effects)? = outcome { return effects }
        return []
    }

    /// What the record's own outcome means at this door.
    private mutating func recordOutcome(_ outcome: RecordView.Outcome?) -> [AppEffect] {
        switch outcome {
        case nil: return []
        case let .effects(effects)?: return effects
        case let .help(place)?:
            help = HelpScreen(place: place)
            return []
        case .fullRecord?:
            question = .widenBreakGlass(Dialog.deliberate(
                strings.t("Dossier complet", "Full record"),
                strings.t("Ouvrir tout le dossier au-delà de la synthèse d'urgence ? Cette seconde étape est tracée à part et signalée \(strings.toThePatient(record?.patient.sex)).",
                          "Open the whole record beyond the emergency summary? This second step is recorded on its own and shown to the patient."),
                yes: strings.t("o : ouvrir", "y: open"), no: strings.t("Échap : rester sur la synthèse", "Esc: stay on the summary"), strings: strings))
            return []
        case .back?:
            // Esc never ends a break-glass access: it says how to.
            if breakGlass != nil {
                record?.message = strings.t("Pour terminer l'accès en urgence : q.", "To end the emergency access: q.")
                return []
            }
            return door == .patient ? [] : closeRecord()
        case .leave?:
            if door == .patient { return [.quit] }
            if breakGlass != nil {
                question = .endBreakGlass(Dialog.deliberate(
                    strings.t("Terminer l'accès en urgence ?", "End the emergency access?"),
                    strings.t("Le dossier quitte l'écran ; pour le rouvrir, il faudra un nouveau bris de glace, justifié et tracé.",
                              "The record leaves the screen; opening it again takes a new break-glass access, justified and recorded."),
                    yes: strings.t("o : terminer", "y: end it"), no: strings.t("Échap : continuer", "Esc: go on"), strings: strings))
                return []
            }
            return closeRecord()
        }
    }

    /// The record leaves the screen and the search comes back, with its results.
    private mutating func closeRecord() -> [AppEffect] {
        record = nil
        search.inResults = (search.results?.count ?? 0) > 0
        return []
    }

    /// `q` where the door itself is left: the patient quits; a professional signs out.
    private mutating func leaveDoor() -> [AppEffect] {
        guard door.isProfessional else { return [.quit] }
        guard professional != nil else { return [] }
        return signOut(why: "logout", message: strings.t("Déconnecté.", "Signed out."))
    }

    /// The break-glass access is over: the record leaves the screen, whatever was open on it.
    private mutating func endBreakGlass(why: String, message: String) -> [AppEffect] {
        breakGlass = nil
        breakGlassLeft = nil
        record = nil
        question = nil
        help = nil
        search.inResults = false
        search.message = message
        return [.endBreakGlass(why: why)]
    }

    /// Forgets who was signed in and every detail of any record; the sign-in returns.
    private mutating func signOut(why: String, message: String?) -> [AppEffect] {
        let ending: [AppEffect] = breakGlass == nil ? [] : [.endBreakGlass(why: why)]
        breakGlass = nil
        breakGlassLeft = nil
        breakGlassFlow = nil
        question = nil
        help = nil
        alerts = nil
        record = nil
        inbox = nil
        professional = nil
        search = SearchScreen(strings: strings)
        signIn = SignInScreen(door: door, strings: strings, message: message)
        return ending + [.signOut]
    }

    // MARK: - Render

    public func render() -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard !isTooSmall else {
            for (row, line) in TextWrap.wrap(strings.tooSmall + " — " + strings.t("q : quitter", "q: quit"), width: max(1, width)).enumerated() where row < height {
                buffer.write(line, x: 0, y: row, style: theme.error)
            }
            return buffer
        }
        if door.isProfessional {
            let line = Rect(x: 0, y: 0, width: width, height: 1)
            // Red for the whole of a break-glass access; the door's own colour otherwise.
            let style = breakGlass != nil ? theme.alert : (door == .kiosk ? theme.header : theme.banner)
            buffer.fill(line, style: style)
            buffer.writeMarkingCut(banner(width: width), x: 0, y: 0, style: style, limit: width)
        }
        let area = screenArea
        if let record {
            record.render(area: area, into: &buffer, theme: theme)
        } else if let breakGlassFlow {
            breakGlassFlow.render(area: area, into: &buffer, theme: theme, strings: strings, keys: keys)
        } else if let inbox {
            inbox.render(area: area, into: &buffer, theme: theme, strings: strings, keys: keys)
        } else if professional != nil {
            search.render(area: area, into: &buffer, theme: theme, strings: strings, keys: keys)
        } else {
            signIn.render(area: area, into: &buffer, theme: theme, strings: strings, keys: keys)
        }
        if let alerts {
            let (body, status) = area.splitBottom(1)
            alerts.render(area: body, into: &buffer, theme: theme, strings: strings)
            // The record's keys do not act under the alerts: the footer says which do.
            StatusBar.render(hints: keys.footer(at: .alerts, width: width), message: nil, area: status, into: &buffer, theme: theme)
        }
        if let question { question.dialog.render(area: area, into: &buffer, theme: theme) }
        if let help { help.render(area: area, into: &buffer, theme: theme, keys: keys) }
        return buffer
    }

    /// Who is signed in and at which door: always on the top line of a shared terminal.
    /// Under a break-glass access the state, the time left and the keys always fit: the
    /// reason goes first when space runs short (it is on record, in the trail), then the
    /// doctor's name is cut, with its mark.
    func banner(width: Int) -> String {
        let s = strings
        if let breakGlass, let professional {
            // Bounded before the conversion: the window is at most a day.
            let seconds = min(max(0, breakGlassLeft ?? breakGlass.expiresAt.timeIntervalSince(breakGlass.startedAt)), 86_400 * 366)
            let left = Int(seconds)
            let countdown = "\(left / 3600):\(Padded.digits(left % 3600 / 60, 2)):\(Padded.digits(left % 60, 2))"
            let state = " " + s.t("BRIS DE GLACE", "BREAK-GLASS") + " · " + s.t("reste \(countdown)", "\(countdown) left") + " · "
            let keys = (breakGlass.tier == .summary ? " · " + s.t("c dossier complet", "c full record") : "") + " · " + s.t("q fin", "q end")
            let who = Sanitizer.clean(professional.displayName)
            let reason = " · " + s.breakGlassReason(breakGlass.reason.rawValue, patientSex: record?.patient.sex)
            let whole = state + who + keys + reason
            if DisplayWidth.of(whole) <= width { return whole }
            let room = width - DisplayWidth.of(state + keys)
            if DisplayWidth.of(who) <= room { return state + who + keys }
            return state + DisplayWidth.truncate(who, to: max(1, room)) + keys
        }
        let mode = door == .kiosk ? s.t("KIOSQUE", "KIOSK") : s.t("URGENCES", "EMERGENCY")
        guard let professional else { return " \(mode) · " + s.t("personne n'est connecté", "nobody is signed in") }
        return " \(mode) · \(s.nameAndProfession(professional)) · RPPS \(professional.rpps.digits)"
    }
}
