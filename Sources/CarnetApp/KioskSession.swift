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

/// Runs the kiosk on a terminal: signs professionals in and out, performs the record's
/// effects in the signed-in professional's name, and locks the screen after the idle time.
public final class KioskSession {
    let terminal: any Terminal
    let store: any KioskStore
    let finder: any PatientFinder
    let signIn: any ProfessionalSignIn
    /// The wall clock: the day shown in the record. Nothing that bounds time reads it.
    let clock: @Sendable () -> Date
    /// The idle lock and the break-glass countdown.
    let steady: SteadyClock
    /// Seconds without a key before the screen is cleared and the login returns.
    public let idleLimit: TimeInterval
    public private(set) var app: KioskApp
    private var context: AccessContext?
    private var patient: PatientID?
    private var lastKey: TimeInterval
    /// The running break-glass access on the steady clock: when the store confirmed its
    /// start, and its window.
    private var breakGlassRun: (confirmed: TimeInterval, window: TimeInterval)?
    /// Why the session ended from outside, once it has.
    public private(set) var ending: SessionEnd?

    public init(terminal: any Terminal, store: any KioskStore, finder: any PatientFinder, signIn: any ProfessionalSignIn,
                strings: Strings, theme: Theme, catalogs: Catalogs, mode: KioskApp.Mode = .kiosk, idleLimit: TimeInterval = 300,
                clock: @escaping @Sendable () -> Date = { Date() }, steadyClock: SteadyClock = .system()) {
        self.terminal = terminal
        self.store = store
        self.finder = finder
        self.signIn = signIn
        self.clock = clock
        steady = steadyClock
        self.idleLimit = idleLimit
        lastKey = steadyClock.now
        app = KioskApp(strings: strings, theme: theme, width: terminal.width, height: terminal.height, catalogs: catalogs, mode: mode)
    }

    /// Handles events until the terminal has none left (tests), or until `interruption`
    /// says the session must end (a signal, the terminal lost): a kiosk ends only from
    /// outside. Before it returns, a break-glass access gets its stop event.
    /// - Parameter interruption: asked before every wait; the real terminal's signal pipe.
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
            feed(.event(event))
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
        if let run = breakGlassRun {
            feed(.breakGlassClock(left: run.window - (steady.now - run.confirmed)))
        }
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

    func feed(_ input: KioskInput) {
        var queue = [input]
        while !queue.isEmpty {
            for effect in app.update(queue.removeFirst()) {
                switch effect {
                case let .signIn(rpps, pin):
                    terminal.present(app.render())
                    queue.append(contentsOf: performSignIn(rpps, pin))
                case .signOut:
                    context = nil
                    patient = nil
                    breakGlassRun = nil
                case let .startBreakGlass(listing, reason, justification):
                    queue.append(startBreakGlass(listing, reason, justification))
                case .widenBreakGlass:
                    guard let context, let authorization = context.breakGlass else { continue }
                    do {
                        let widened = try store.widenBreakGlass(authorization, context: context)
                        self.context?.breakGlass = widened
                        queue.append(.breakGlassWidened(widened))
                    } catch {
                        queue.append(KioskSession.endsBreakGlass(error) ? .breakGlassEndedByStore
                                                                        : .record(.controlFailed(app.strings.message(for: error))))
                    }
                case let .endBreakGlass(why):
                    guard let context, let authorization = context.breakGlass else { continue }
                    // The stop is recorded even if the screen has moved on; a failure here
                    // leaves the window to bound the access.
                    try? store.stopBreakGlass(authorization, why: why, context: context)
                    self.context?.breakGlass = nil
                    breakGlassRun = nil
                    patient = nil
                case let .search(query, birthDate):
                    queue.append(performSearch(query, birthDate))
                case let .openRecord(listing):
                    queue.append(open(listing))
                case .loadInbox:
                    guard let context else { continue }
                    do {
                        queue.append(.inbox(try store.inbox(context: context, limit: 200)))
                    } catch {
                        queue.append(.searchFailed(app.strings.message(for: error)))
                    }
                case let .record(recordEffect):
                    let watch = BreakGlassRefusalWatch(store)
                    if let input = perform(recordEffect, watch: watch) { queue.append(.record(input)) }
                    // The store, not only the countdown, ends the access: whichever comes first.
                    if context?.breakGlass != nil, watch.storeEnded { queue.append(.breakGlassEndedByStore) }
                }
            }
        }
    }

    private func performSignIn(_ rppsText: String, _ pin: String) -> [KioskInput] {
        do {
            let professional = try signIn.professionalLogin(rpps: try RPPS(rppsText), pin: pin)
            let context: AccessContext = app.mode == .kiosk ? .kiosk(professional) : .emergency(professional)
            self.context = context
            lastKey = steady.now
            // A break-glass access this professional left open (a terminal that crashed or lost
            // its power) is closed now, saying so. A failure here keeps nobody out: each
            // window still bounds its access.
            let closed = (try? store.closeUnstoppedBreakGlass(context: context)) ?? []
            guard !closed.isEmpty else { return [.signedIn(professional)] }
            let strings = app.strings
            return [.signedIn(professional), .notice(closed.count == 1
                ? strings.t("Un accès d'urgence resté ouvert a été clos et tracé.", "An emergency access left open was closed and recorded.")
                : strings.t("\(closed.count) accès d'urgence restés ouverts ont été clos et tracés.",
                            "\(closed.count) emergency accesses left open were closed and recorded."))]
        } catch {
            return [.signInFailed(app.strings.message(for: error, secret: .pin))]
        }
    }

    private func performSearch(_ query: String, _ birthText: String) -> KioskInput {
        let strings = app.strings
        var birthDate: CalendarDate?
        if !birthText.isEmpty {
            guard let day = CalendarDate(birthText) else {
                return .searchFailed(strings.t("Date de naissance invalide : JJ/MM/AAAA.", "Invalid birth date: YYYY-MM-DD."))
            }
            birthDate = day
        }
        let finder = self.finder
        // Only a signed-in professional searches, and the search is audited under their name.
        guard let context else { return .searchFailed(strings.t("Identifiez-vous d'abord.", "Sign in first.")) }
        let digits = query.filter { !$0.isWhitespace }
        if digits.count >= 13, digits.allSatisfy(\.isNumber) {
            do {
                let ins = try INS(digits)
                let found = try finder.patient(ins: ins, context: context)
                return .searchResults(PagedListSource(count: found == nil ? 0 : 1, fetch: { _, _ in (found.map { [$0] } ?? [], nil) },
                                                      format: { listing, _ in strings.listing(listing) }))
            } catch {
                return .searchFailed(strings.message(for: error))
            }
        }
        // Name search: keyset pages from the index, however many match.
        let source = PagedListSource<PatientListing>(pageSize: 100, fetch: { after, limit in
            let page = try finder.searchPatients(name: query, birthDate: birthDate, after: after, limit: limit, context: context)
            return (page.items, page.next)
        }, format: { listing, _ in strings.listing(listing) })
        if let error = source.lastError { return .searchFailed(strings.message(for: error)) }
        return .searchResults(source)
    }

    private func open(_ listing: PatientListing) -> KioskInput {
        guard let context else { return .openRefused("—") }
        do {
            // The store decides, and audits the attempt either way.
            let patient = try store.openRecord(listing.id, context: context)
            self.patient = patient.id
            // Under a break-glass summary the allergies come with the emergency summary: asking
            // for the Allergies pane there would be refused, and the patient would see a
            // refusal in their history that no one asked for.
            let allergies = (context.breakGlass?.tier == .summary
                ? (try? store.summary(of: patient.id, context: context))?.allergies
                : try? store.allergies(of: patient.id, context: context))
                .map { app.strings.bannerAllergies($0) }
            return .recordOpened(patient, today: CalendarDate(clock()), allergies: allergies)
        } catch let refused as AccessRefused where refused.reason == .noGrant && app.mode != .kiosk && context.breakGlass == nil {
            // At an emergency terminal, no grant is where the break-glass dialog begins.
            return .breakGlassNeeded(listing)
        } catch where context.breakGlass != nil && KioskSession.endsBreakGlass(error) {
            return .breakGlassEndedByStore
        } catch {
            return .openRefused(app.strings.message(for: error))
        }
    }

    private func startBreakGlass(_ listing: PatientListing, _ reason: BreakGlassReason, _ justification: String) -> KioskInput {
        guard let context, case let .professional(professional) = context.actor, case let .emergency(window) = app.mode else {
            return .breakGlassRefused("—")
        }
        do {
            let authorization = try store.startBreakGlass(on: listing.id, reason: reason, justification: justification, window: window,
                                                          context: context)
            // The countdown runs from now on the steady clock, over the window the store recorded.
            breakGlassRun = (steady.now, authorization.expiresAt.timeIntervalSince(authorization.startedAt))
            self.context = .emergency(professional, breakGlass: authorization)
            _ = app.update(.breakGlassStarted(authorization))
            return open(listing)
        } catch let refused as AccessRefused {
            return .breakGlassRefused(app.strings.breakGlassRefusal(refused.reason, patient: listing.displayName))
        } catch {
            return .breakGlassRefused(app.strings.message(for: error))
        }
    }

    /// The record view's effects, in the signed-in professional's name; reads go through
    /// `watch`, which notes a refusal that ends the break-glass access.
    private func perform(_ effect: AppEffect, watch: BreakGlassRefusalWatch) -> AppInput? {
        guard let context, let patient else { return nil }
        let strings = app.strings
        switch effect {
        case let .loadPane(section):
            return .paneLoaded(section, PaneContent.load(section, of: patient, access: watch, context: context, strings: strings))
        case let .control(request):
            do {
                switch request {
                case let .addEntry(entry):
                    switch entry {
                    case let .history(item): _ = try store.add(item, to: patient, context: context)
                    case let .allergy(allergy): _ = try store.add(allergy, to: patient, context: context)
                    case let .vaccination(vaccination): _ = try store.add(vaccination, to: patient, context: context)
                    case let .report(document): _ = try store.add(document, to: patient, context: context)
                    }
                case let .prescribe(prescription, confirming):
                    if case let .needsConfirmation(warnings) = try store.prescribe(prescription, for: patient, confirming: confirming, context: context) {
                        return .prescriptionHeld(prescription, warnings)
                    }
                default:
                    return .controlFailed(strings.refusal(.patientOnly(.access)))
                }
                return .controlDone(request)
            } catch {
                return .controlFailed(strings.message(for: error))
            }
        case .quit, .signIn, .findProfessionals, .openHistory, .loadHistoryActors, .exportSummary:
            return nil
        }
    }
}

extension Strings {
    func listing(_ patient: PatientListing) -> String {
        "\(Sanitizer.clean(patient.familyName.uppercased())) \(Sanitizer.clean(patient.givenNames))  \(date(patient.birthDate))  INS \(patient.ins?.digits ?? "—")"
    }
}

extension KioskSession {
    /// A refusal that means the break-glass access is over for the store: its recorded
    /// window passed (by the store's clock, or the clock stepped back), or a stop names it.
    static func endsBreakGlass(_ error: any Error) -> Bool {
        guard let refused = error as? AccessRefused else { return false }
        return refused.reason == .breakGlassExpired || refused.reason == .breakGlassNotStarted
    }
}

/// The record's reads, passed through to the store, noting whether one was refused because
/// the break-glass access is over: the pane shows the refusal, and the session then ends
/// the access on the screen too.
final class BreakGlassRefusalWatch: RecordAccess, @unchecked Sendable {
    // One pane load on the session's thread; the lock only makes the flag safe to share.
    private let base: any RecordAccess
    private let lock = NSLock()
    private var ended = false

    init(_ base: any RecordAccess) { self.base = base }

    var storeEnded: Bool { lock.withLock { ended } }

    private func watched<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch {
            if KioskSession.endsBreakGlass(error) { lock.withLock { ended = true } }
            throw error
        }
    }

    func openRecord(_ patient: PatientID, context: AccessContext) throws -> Patient {
        try watched { try base.openRecord(patient, context: context) }
    }
    func summary(of patient: PatientID, context: AccessContext) throws -> RecordSummary {
        try watched { try base.summary(of: patient, context: context) }
    }
    func history(of patient: PatientID, context: AccessContext) throws -> [HistoryItem] {
        try watched { try base.history(of: patient, context: context) }
    }
    func allergies(of patient: PatientID, context: AccessContext) throws -> [Allergy] {
        try watched { try base.allergies(of: patient, context: context) }
    }
    func vaccinations(of patient: PatientID, context: AccessContext) throws -> [Vaccination] {
        try watched { try base.vaccinations(of: patient, context: context) }
    }
    func prescriptions(of patient: PatientID, context: AccessContext) throws -> [Prescription] {
        try watched { try base.prescriptions(of: patient, context: context) }
    }
    func documents(of patient: PatientID, context: AccessContext) throws -> [Document] {
        try watched { try base.documents(of: patient, context: context) }
    }
    func reimbursements(of patient: PatientID, context: AccessContext) throws -> [Reimbursement] {
        try watched { try base.reimbursements(of: patient, context: context) }
    }
    func statements(of patient: PatientID, section: RecordSection, context: AccessContext) throws -> [RecordStatement] {
        try watched { try base.statements(of: patient, section: section, context: context) }
    }
    func accessSettings(of patient: PatientID, context: AccessContext) throws -> AccessSettings {
        try watched { try base.accessSettings(of: patient, context: context) }
    }
}
