import CarnetModel
import Foundation
import TerminalKit

/// Everything the kiosk asks of the store, as the seams the model defines.
public typealias KioskStore = RecordAccess & RecordControl & RecordWriting & TreatingDoctorInbox & BreakGlassAccess

/// Why a session ended from outside its own keys: the words its break-glass stop keeps.
public enum SessionEnd: String, Sendable, Equatable, CaseIterable {
    case hangup
    case terminated
    case interrupted
    case terminalLost = "terminal-lost"
    case error
    /// The patient quit (their door's `q`): not an interruption.
    case quit
}

/// Seconds on a clock that never goes back and keeps counting while the machine sleeps,
/// from an arbitrary origin. Time limits (idle lock, break-glass countdown) are measured on
/// it, so stepping the wall clock back (by hand, or NTP) extends none of them.
public struct SteadyClock: Sendable {
    private let read: @Sendable () -> TimeInterval

    /// A clock read by `read`: tests move one by hand.
    public init(_ read: @escaping @Sendable () -> TimeInterval) { self.read = read }

    /// The system's: `ContinuousClock` (monotonic, suspension included).
    public static func system() -> SteadyClock {
        let origin = ContinuousClock.now
        return SteadyClock {
            let elapsed = origin.duration(to: .now).components
            return TimeInterval(elapsed.seconds) + TimeInterval(elapsed.attoseconds) / 1e18
        }
    }

    public var now: TimeInterval { read() }
}

/// The store's seams a door needs; a patient's door has no finder, a kiosk no exporter.
struct DoorServices {
    var records: any RecordAccess & RecordControl
    var writing: (any RecordWriting)?
    var inbox: (any TreatingDoctorInbox)?
    var breakGlass: (any BreakGlassAccess)?
    var finder: (any PatientFinder)?
    var patientSignIn: (any PatientSignIn)?
    var professionalSignIn: (any ProfessionalSignIn)?
    var exporter: (any SummaryExport)?
}

/// Runs a door on a terminal, the same loop for all three: feeds the app events, performs
/// its effects through the store's seams in the signed-in person's name, presents each
/// frame, and keeps the clocks (the idle lock, the break-glass countdown).
public final class DoorSession {
    let terminal: any Terminal
    let services: DoorServices
    /// The wall clock: today's date, a file's date. Nothing that bounds time reads it.
    let clock: @Sendable () -> Date
    /// The idle lock and the break-glass countdown: stepping the wall clock back postpones neither.
    let steady: SteadyClock
    /// The zone "today" and ages are computed in: the patient's (Europe/Paris unless `TZ` says otherwise).
    let timeZone: TimeZone
    /// Seconds without a key before every detail leaves the screen and the sign-in returns.
    public let idleLimit: TimeInterval
    public private(set) var app: DoorApp
    private var context: AccessContext?
    private var patient: PatientID?
    /// The record's patient, for "la patiente" / "le patient" in refusals and authors.
    private var patientSex: Sex?
    private var lastKey: TimeInterval
    /// The running break-glass access on the steady clock: when the store confirmed its
    /// start, and its window.
    private var breakGlassRun: (confirmed: TimeInterval, window: TimeInterval)?
    /// Why the session ended from outside, once it has.
    public private(set) var ending: SessionEnd?

    init(terminal: any Terminal, services: DoorServices, app: DoorApp, idleLimit: TimeInterval, clock: @escaping @Sendable () -> Date,
         steadyClock: SteadyClock, timeZone: TimeZone) {
        self.terminal = terminal
        self.services = services
        self.app = app
        self.idleLimit = idleLimit
        self.clock = clock
        steady = steadyClock
        self.timeZone = timeZone
        lastKey = steadyClock.now
    }

    /// The patient's door.
    public convenience init(terminal: any Terminal, access: any RecordAccess & RecordControl, signIn: any PatientSignIn, strings: Strings, theme: Theme,
                            exporter: (any SummaryExport)? = nil, idleLimit: TimeInterval = 300, clock: @escaping @Sendable () -> Date = { Date() },
                            steadyClock: SteadyClock = .system(), timeZone: TimeZone = .current) {
        self.init(terminal: terminal, services: DoorServices(records: access, patientSignIn: signIn, exporter: exporter),
                  app: DoorApp(door: .patient, strings: strings.in(timeZone), theme: theme, width: terminal.width, height: terminal.height),
                  idleLimit: idleLimit, clock: clock, steadyClock: steadyClock, timeZone: timeZone)
    }

    /// A shared terminal: a kiosk, or an emergency terminal.
    public convenience init(terminal: any Terminal, store: any KioskStore, finder: any PatientFinder, signIn: any ProfessionalSignIn,
                            strings: Strings, theme: Theme, catalogs: Catalogs, door: Door = .kiosk, idleLimit: TimeInterval = 300,
                            clock: @escaping @Sendable () -> Date = { Date() }, steadyClock: SteadyClock = .system(), timeZone: TimeZone = .current) {
        self.init(terminal: terminal,
                  services: DoorServices(records: store, writing: store, inbox: store, breakGlass: store, finder: finder, professionalSignIn: signIn),
                  app: DoorApp(door: door, strings: strings.in(timeZone), theme: theme, width: terminal.width, height: terminal.height, catalogs: catalogs),
                  idleLimit: idleLimit, clock: clock, steadyClock: steadyClock, timeZone: timeZone)
    }

    var strings: Strings { app.strings }

    /// Handles events until the patient quits, `interruption` says the session must end (a
    /// signal, the terminal lost), or (for a test terminal) events run out. Before it
    /// returns, a break-glass access gets its stop event and the record leaves the screen.
    /// - Returns: why it ended; nil when a test terminal ran out of events.
    @discardableResult
    public func run(untilIdle: Bool = false, interruption: () -> SessionEnd? = { nil }) -> SessionEnd? {
        terminal.present(app.render())
        while true {
            if let why = interruption() {
                end(why)
                terminal.present(app.render())
                return why
            }
            let event = terminal.nextEvent(timeout: untilIdle ? 0 : waitLimit)
            // Every event, a key as much as a tick, first meets the clocks: at expiry or after
            // the idle time the record leaves the screen before the key is handled, so keys
            // pressed without pause cannot keep it there.
            enforceClocks()
            guard let event else {
                if untilIdle { return nil }
                terminal.present(app.render())
                continue
            }
            if case .key = event { lastKey = steady.now }
            if feed(.event(event)) == .quit { return .quit }
            terminal.present(app.render())
        }
    }

    /// How long the terminal may wait for a key: until the idle lock, or a second while a
    /// break-glass countdown runs; for ever when nobody is signed in.
    private var waitLimit: TimeInterval? {
        guard context != nil else { return nil }
        let untilIdle = max(0.05, idleLimit - (steady.now - lastKey))
        return breakGlassRun == nil ? untilIdle : min(untilIdle, 1)
    }

    /// The break-glass countdown, its expiry, and the idle lock, on the steady clock.
    private func enforceClocks() {
        if let run = breakGlassRun { feed(.breakGlassClock(left: run.window - (steady.now - run.confirmed))) }
        if context != nil, steady.now - lastKey >= idleLimit { feed(.idleLock) }
    }

    /// Locks the session when the idle time has passed since the last key.
    public func checkIdle() {
        guard context != nil, steady.now - lastKey >= idleLimit else { return }
        feed(.idleLock)
        terminal.present(app.render())
    }

    /// Moves a break-glass countdown on, and ends the access at its expiry.
    public func tick() {
        guard let run = breakGlassRun else { return }
        feed(.breakGlassClock(left: run.window - (steady.now - run.confirmed)))
        terminal.present(app.render())
    }

    /// Ends the session from outside: a running break-glass access gets its stop event
    /// (`why`), then every patient detail leaves the screen. The caller gives the terminal
    /// back afterwards. Safe to call again: a second call finds nothing to end.
    public func end(_ why: SessionEnd) {
        if ending == nil { ending = why }
        feed(.sessionEnded(why: why.rawValue))
    }

    /// Applies one input and performs the effects it yields, and the inputs they yield in turn.
    @discardableResult
    func feed(_ input: AppInput) -> SessionEnd? {
        var queue = [input]
        while !queue.isEmpty {
            for effect in app.update(queue.removeFirst()) {
                if effect == .quit {
                    forget()
                    return .quit
                }
                queue += perform(effect)
            }
        }
        return nil
    }

    /// Nobody is signed in any more: the store's context goes with the screens' details.
    private func forget() {
        context = nil
        patient = nil
        patientSex = nil
        breakGlassRun = nil
    }

    /// Today where the patient lives, not in UTC: after 23:00 in Paris it is already tomorrow there.
    private var today: CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: clock())
        return CalendarDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(daysSinceEpoch: 0)
    }

    private func perform(_ effect: AppEffect) -> [AppInput] {
        switch effect {
        case .quit: return []
        case let .signInPatient(ins, password):
            // Draw "checking…" before scrypt takes its second.
            terminal.present(app.render())
            return [signInPatient(ins, password)]
        case let .signInProfessional(rpps, pin):
            terminal.present(app.render())
            return signInProfessional(rpps, pin)
        case .signOut:
            forget()
            return []
        case let .search(query, birthDate): return [search(query, birthDate)]
        case let .searchMore(query, after):
            guard let context, let finder = services.finder else { return [] }
            do {
                return [.searchMore(try finder.searchPatients(name: query.name, birthDate: query.birthDate, after: after, limit: 100, context: context))]
            } catch {
                return [.searchFailed(strings.message(for: error))]
            }
        case let .openRecord(listing): return [open(listing)]
        case .loadInbox:
            guard let context, let inbox = services.inbox else { return [] }
            do {
                return [.inbox(try inbox.inbox(context: context, limit: 200))]
            } catch {
                return [.searchFailed(strings.message(for: error))]
            }
        case let .startBreakGlass(listing, reason, justification): return startBreakGlass(listing, reason, justification)
        case .widenBreakGlass:
            guard let context, let authorization = context.breakGlass, let store = services.breakGlass else { return [] }
            do {
                let widened = try store.widenBreakGlass(authorization, context: context)
                self.context?.breakGlass = widened
                return [.breakGlassWidened(widened)]
            } catch {
                return [DoorSession.endsBreakGlass(error) ? .breakGlassEndedByStore : .controlFailed(strings.message(for: error))]
            }
        case let .endBreakGlass(why):
            guard let context, let authorization = context.breakGlass, let store = services.breakGlass else { return [] }
            // The stop is recorded even if the screen has moved on; a failure here leaves
            // the window to bound the access.
            try? store.stopBreakGlass(authorization, why: why, context: context)
            self.context?.breakGlass = nil
            breakGlassRun = nil
            patient = nil
            return []
        case .loadPane, .readAllergies, .control, .exportSummary, .findProfessionals, .openHistory, .historyMore, .loadHistoryActors, .openResultTest:
            // The record's reads go through a watch that notes a refusal ending the break-glass access.
            let watch = BreakGlassRefusalWatch(services.records)
            var inputs = performOnRecord(effect, reads: watch)
            // The store, not only the countdown, ends the access: whichever comes first.
            if context?.breakGlass != nil, watch.storeEnded { inputs.append(.breakGlassEndedByStore) }
            return inputs
        }
    }

    // MARK: Signing in

    private func signInPatient(_ insText: String, _ password: String) -> AppInput {
        guard let signIn = services.patientSignIn else { return .signInFailed("—", recordClosed: false) }
        do {
            let patient = try signIn.patientLogin(ins: try INS(insText), password: password)
            let context = AccessContext.patient(patient)
            self.context = context
            self.patient = patient.id
            patientSex = patient.sex
            lastKey = steady.now
            let allergies = try? services.records.allergies(of: patient.id, context: context)
            // Alerts that cannot be read do not keep the patient out of the record.
            let alerts = (try? services.records.alerts(of: patient.id, context: context)) ?? []
            return .patientSignedIn(patient, today: today, allergies: allergies.map(strings.bannerAllergies), alerts: alerts)
        } catch {
            return .signInFailed(strings.message(for: error, timeZone: timeZone), recordClosed: error as? LoginFailure == .recordClosed)
        }
    }

    private func signInProfessional(_ rppsText: String, _ pin: String) -> [AppInput] {
        guard let signIn = services.professionalSignIn, let store = services.breakGlass else { return [.signInFailed("—", recordClosed: false)] }
        do {
            let professional = try signIn.professionalLogin(rpps: try RPPS(rppsText), pin: pin)
            let context: AccessContext = app.door == .kiosk ? .kiosk(professional) : .emergency(professional)
            self.context = context
            lastKey = steady.now
            // A break-glass access this professional left open (a terminal that crashed or lost
            // its power) is closed now, saying so. A failure here keeps nobody out: each
            // window still bounds its access.
            let closed = (try? store.closeUnstoppedBreakGlass(context: context)) ?? []
            guard !closed.isEmpty else { return [.professionalSignedIn(professional)] }
            return [.professionalSignedIn(professional), .notice(closed.count == 1
                ? strings.t("Un accès d'urgence resté ouvert a été clos et tracé.", "An emergency access left open was closed and recorded.")
                : strings.t("\(closed.count) accès d'urgence restés ouverts ont été clos et tracés.",
                            "\(closed.count) emergency accesses left open were closed and recorded."))]
        } catch {
            return [.signInFailed(strings.message(for: error, secret: .pin, timeZone: timeZone), recordClosed: false)]
        }
    }

    // MARK: Finding and opening a record

    private func search(_ query: String, _ birthText: String) -> AppInput {
        var birthDate: CalendarDate?
        if !birthText.isEmpty {
            guard let day = CalendarDate(birthText) else {
                return .searchFailed(strings.t("Date de naissance invalide : 12/03/1958, 12031958 ou 1958-03-12.",
                                               "Invalid birth date: 12/03/1958, 12031958 or 1958-03-12."))
            }
            birthDate = day
        }
        // Only a signed-in professional searches, and the search is audited under their name.
        guard let context, let finder = services.finder else { return .searchFailed(strings.t("Identifiez-vous d'abord.", "Sign in first.")) }
        do {
            let digits = query.filter { !$0.isWhitespace }
            if digits.count >= 13, digits.allSatisfy(\.isNumber) {
                let found = try finder.patient(ins: try INS(digits), context: context)
                return .searchResults(nil, Page(items: found.map { [$0] } ?? [], next: nil))
            }
            // Name search: keyset pages from the index, however many match.
            let name = PatientQuery(name: query, birthDate: birthDate)
            return .searchResults(name, try finder.searchPatients(name: query, birthDate: birthDate, after: nil, limit: 100, context: context))
        } catch {
            return .searchFailed(strings.message(for: error))
        }
    }

    private func open(_ listing: PatientListing) -> AppInput {
        guard let context else { return .openRefused("—") }
        let records = services.records
        do {
            // The store decides, and audits the attempt either way.
            let patient = try records.openRecord(listing.id, context: context)
            self.patient = patient.id
            patientSex = patient.sex
            let writable = (try? services.writing?.writableSections(of: patient.id, context: context)) ?? []
            return .recordOpened(patient, today: today, allergies: bannerAllergies(of: patient.id, context: context, reads: records), writable: writable)
        } catch let refused as AccessRefused where refused.reason == .noGrant && app.door.isEmergency && context.breakGlass == nil {
            // At an emergency terminal, no grant is where the break-glass dialog begins.
            return .breakGlassNeeded(listing)
        } catch where context.breakGlass != nil && DoorSession.endsBreakGlass(error) {
            return .breakGlassEndedByStore
        } catch {
            return .openRefused(strings.message(for: error))
        }
    }

    /// The banner's allergies; nil when they could not be read (never "none").
    private func bannerAllergies(of patient: PatientID, context: AccessContext, reads: any RecordAccess) -> [String]? {
        // Under a break-glass summary the allergies come with the emergency summary: asking
        // for the Allergies pane there would be refused, and the patient would see a refusal
        // in their history that no one asked for.
        let allergies = context.breakGlass?.tier == .summary
            ? (try? reads.summary(of: patient, context: context))?.allergies
            : try? reads.allergies(of: patient, context: context)
        return allergies.map(strings.bannerAllergies)
    }

    private func startBreakGlass(_ listing: PatientListing, _ reason: BreakGlassReason, _ justification: String) -> [AppInput] {
        guard let context, case let .professional(professional) = context.actor, case let .emergency(window) = app.door,
              let store = services.breakGlass else {
            return [.breakGlassRefused("—")]
        }
        do {
            let authorization = try store.startBreakGlass(on: listing.id, reason: reason, justification: justification, window: window, context: context)
            // The countdown runs from now on the steady clock, over the window the store recorded.
            breakGlassRun = (steady.now, authorization.expiresAt.timeIntervalSince(authorization.startedAt))
            self.context = .emergency(professional, breakGlass: authorization)
            return [.breakGlassStarted(authorization), open(listing)]
        } catch let refused as AccessRefused {
            return [.breakGlassRefused(strings.breakGlassRefusal(refused.reason, patient: listing.displayName))]
        } catch {
            return [.breakGlassRefused(strings.message(for: error))]
        }
    }

    // MARK: The record

    /// The record's effects, in the signed-in person's name; every read and write is
    /// decided and audited by the store.
    private func performOnRecord(_ effect: AppEffect, reads: any RecordAccess) -> [AppInput] {
        guard let context, let patient else { return [] }
        let s = strings
        switch effect {
        case let .loadPane(section):
            return [.paneLoaded(section, PaneContent.load(section, of: patient, access: reads, context: context, strings: s, patientSex: patientSex, today: today))]
        case .readAllergies:
            return [.allergiesRead(bannerAllergies(of: patient, context: context, reads: reads))]
        case let .control(request):
            return [control(request, patient: patient, context: context)]
        case .exportSummary:
            guard let exporter = services.exporter else { return [.controlFailed(s.t("L'export n'est pas disponible ici.", "Export is not available here."))] }
            do {
                let path = try exporter.exportSummary(of: patient, context: context)
                return [.said(s.t("Synthèse exportée (FHIR IPS) : \(path)", "Summary exported (FHIR IPS): \(path)"))]
            } catch {
                return [.controlFailed(s.message(for: error))]
            }
        case let .findProfessionals(query, purpose):
            do {
                return [.professionalsFound(try services.records.findProfessionals(query, limit: 9), purpose)]
            } catch {
                return [.controlFailed(s.message(for: error))]
            }
        case let .openHistory(filter):
            do {
                return [.historyOpened(filter, try services.records.accessHistory(of: patient, filter: filter, before: nil, limit: 100, context: context))]
            } catch {
                return [.historyFailed(s.message(for: error))]
            }
        case let .historyMore(filter, before):
            do {
                return [.historyMore(try services.records.accessHistory(of: patient, filter: filter, before: before, limit: 100, context: context))]
            } catch {
                return [.historyFailed(s.message(for: error))]
            }
        case .loadHistoryActors:
            do {
                return [.historyActors(try services.records.accessHistoryActors(of: patient, context: context))]
            } catch {
                return [.controlFailed(s.message(for: error))]
            }
        case let .openResultTest(test):
            do {
                return [.resultTestRead(test, try reads.results(of: patient, test: test, context: context))]
            } catch {
                return [.controlFailed(s.message(for: error, patientSex: patientSex))]
            }
        default:
            return []
        }
    }

    /// Performs a confirmed change through the store; every one is audited there.
    private func control(_ request: ControlRequest, patient id: PatientID, context: AccessContext) -> AppInput {
        let access = services.records
        do {
            switch request {
            case let .grant(level, professional): try access.grant(level, to: professional.rpps, on: id, context: context)
            case let .revoke(professional): try access.revoke(professional.rpps, on: id, context: context)
            case let .block(professional): try access.block(professional.rpps, on: id, context: context)
            case let .unblock(professional): try access.unblock(professional.rpps, on: id, context: context)
            case let .setTreatingDoctor(professional): try access.setTreatingDoctor(professional.rpps, of: id, context: context)
            case let .setConsent(kind, allowed): try access.setConsent(kind, allowed: allowed, of: id, context: context)
            case let .mask(document, masked):
                guard let entry = document.id else { return .controlFailed("—") }
                try access.setDocument(entry, masked: masked, of: id, context: context)
            case let .addDocument(path, title, type):
                let document = try PatientFile.read(path, title: title, type: type, today: today, strings: strings)
                _ = try access.add(document, to: id, context: context)
            case let .setEmergencyData(data): try access.setEmergencyData(data, of: id, context: context)
            case .closeRecord: try access.closeRecord(id, context: context)
            case let .acknowledgeAlerts(through): try access.acknowledgeAlerts(through: through, of: id, context: context)
            case let .addEntry(entry):
                guard let writing = services.writing else { return .controlFailed(strings.refusal(.patientCannotWrite(.history))) }
                switch entry {
                case let .history(item): _ = try writing.add(item, to: id, context: context)
                case let .allergy(allergy): _ = try writing.add(allergy, to: id, context: context)
                case let .vaccination(vaccination): _ = try writing.add(vaccination, to: id, context: context)
                case let .report(document): _ = try writing.add(document, to: id, context: context)
                }
            case let .prescribe(prescription, confirming):
                guard let writing = services.writing else { return .controlFailed(strings.refusal(.patientCannotWrite(.prescriptions))) }
                if case let .needsConfirmation(warnings) = try writing.prescribe(prescription, for: id, confirming: confirming, context: context) {
                    return .prescriptionHeld(prescription, warnings)
                }
            }
            return .controlDone(request)
        } catch {
            return .controlFailed(strings.message(for: error, patientSex: patientSex))
        }
    }
}

extension Strings {
    /// The same words, with times in `zone`: the session's, the patient's.
    func `in`(_ zone: TimeZone) -> Strings {
        var strings = self
        strings.timeZone = zone
        return strings
    }

    func listing(_ patient: PatientListing) -> String {
        // No INS in a listing is either none recorded or one withheld from this reader: the
        // words must be true of both, and claim neither.
        "\(Sanitizer.clean(patient.familyName.uppercased())) \(Sanitizer.clean(patient.givenNames))  \(date(patient.birthDate))  "
            + (patient.ins.map { "INS \($0.digits)" } ?? t("pas d'INS affiché", "no INS shown"))
    }
}

extension DoorSession {
    /// A refusal that means the break-glass access is over for the store: its recorded
    /// window passed (by the store's clock, or the clock stepped back), or a stop names it.
    static func endsBreakGlass(_ error: any Error) -> Bool {
        guard let refused = error as? AccessRefused else { return false }
        return refused.reason == .breakGlassExpired || refused.reason == .breakGlassNotStarted
    }
}
