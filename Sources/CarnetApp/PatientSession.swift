import CarnetModel
import Foundation
import TerminalKit

/// Runs the patient app on a terminal: feeds it events, performs its effects through the
/// store's seams, presents each frame, and locks the record after the idle time.
public final class PatientSession {
    let terminal: any Terminal
    let access: any RecordAccess & RecordControl
    let signIn: any PatientSignIn
    /// The wall clock: today's date, a file's date. Nothing that bounds time reads it.
    let clock: @Sendable () -> Date
    /// The idle lock: stepping the wall clock back does not postpone it.
    let steady: SteadyClock
    let exporter: (any SummaryExport)?
    /// Seconds without a key before the record leaves the screen and the sign-in returns.
    public let idleLimit: TimeInterval
    public private(set) var app: PatientApp
    private var context: AccessContext?
    private var lastKey: TimeInterval

    public init(terminal: any Terminal, access: any RecordAccess & RecordControl, signIn: any PatientSignIn, strings: Strings, theme: Theme,
                exporter: (any SummaryExport)? = nil, idleLimit: TimeInterval = 300, clock: @escaping @Sendable () -> Date = { Date() },
                steadyClock: SteadyClock = .system()) {
        self.exporter = exporter
        self.terminal = terminal
        self.access = access
        self.signIn = signIn
        self.clock = clock
        steady = steadyClock
        self.idleLimit = idleLimit
        lastKey = steadyClock.now
        app = PatientApp(strings: strings, theme: theme, width: terminal.width, height: terminal.height)
    }

    /// Handles events until the app quits, `interruption` says the session must end (a
    /// signal, the terminal lost), or (for a test terminal) events run out.
    /// - Returns: false when the app asked to quit or the session was interrupted.
    @discardableResult
    public func run(untilIdle: Bool = false, interruption: () -> SessionEnd? = { nil }) -> Bool {
        terminal.present(app.render())
        while true {
            if interruption() != nil {
                // Nothing to stop in the store for a patient; the record leaves the screen
                // before the terminal is given back.
                lock(message: nil)
                terminal.present(app.render())
                return false
            }
            let event = terminal.nextEvent(timeout: untilIdle ? 0 : waitLimit)
            // A key that comes after the idle time finds the sign-in, not the record.
            enforceIdle()
            guard let event else {
                if untilIdle { return true }
                terminal.present(app.render())
                continue
            }
            if case .key = event { lastKey = steady.now }
            if !feed(.event(event)) { return false }
            terminal.present(app.render())
        }
    }

    /// Until the idle lock while signed in; for ever at the sign-in.
    private var waitLimit: TimeInterval? {
        guard context != nil else { return nil }
        return max(0.05, idleLimit - (steady.now - lastKey))
    }

    private func enforceIdle() {
        guard context != nil, steady.now - lastKey >= idleLimit else { return }
        lock(message: app.strings.t("Session verrouillée après inactivité : reconnectez-vous.", "Session locked after inactivity: sign in again."))
    }

    /// Locks the record when the idle time has passed since the last key.
    public func checkIdle() {
        enforceIdle()
        terminal.present(app.render())
    }

    /// Forgets the patient: every detail leaves the screen and the sign-in returns.
    private func lock(message: String?) {
        guard context != nil else { return }
        context = nil
        _ = app.update(.lock(message: message))
    }

    /// Applies one input and performs the effects it yields; false when the app quits.
    func feed(_ input: AppInput) -> Bool {
        var queue = [input]
        while !queue.isEmpty {
            for effect in app.update(queue.removeFirst()) {
                switch effect {
                case .quit: return false
                case let .signIn(insText, password):
                    // Draw "checking…" before scrypt takes its second.
                    terminal.present(app.render())
                    queue.append(performSignIn(insText, password))
                case let .loadPane(section):
                    queue.append(.paneLoaded(section, loadPane(section)))
                case let .control(request):
                    queue.append(perform(request))
                case .exportSummary:
                    guard let (id, context) = patientContext, let exporter else {
                        queue.append(.controlFailed(app.strings.t("L'export n'est pas disponible ici.", "Export is not available here.")))
                        continue
                    }
                    do {
                        let path = try exporter.exportSummary(of: id, context: context)
                        queue.append(.said(app.strings.t("Synthèse exportée (FHIR IPS) : \(path)", "Summary exported (FHIR IPS): \(path)")))
                    } catch {
                        queue.append(.controlFailed(app.strings.message(for: error)))
                    }
                case let .findProfessionals(query, purpose):
                    queue.append(.professionalsFound((try? access.findProfessionals(query, limit: 9)) ?? [], purpose))
                case let .openHistory(filter):
                    if let list = openHistory(filter) { queue.append(.historyOpened(list)) }
                case .loadHistoryActors:
                    guard let (id, context) = patientContext else { continue }
                    do {
                        queue.append(.historyActors(try access.accessHistoryActors(of: id, context: context)))
                    } catch {
                        queue.append(.controlFailed(app.strings.message(for: error)))
                    }
                }
            }
        }
        return true
    }

    private func performSignIn(_ insText: String, _ password: String) -> AppInput {
        do {
            let ins = try INS(insText)
            let patient = try signIn.patientLogin(ins: ins, password: password)
            let context = AccessContext.patient(patient)
            self.context = context
            lastKey = steady.now
            let allergies = app.strings.bannerAllergies(try access.allergies(of: patient.id, context: context))
            // Alerts that cannot be read do not keep the patient out of the record.
            let alerts = (try? access.alerts(of: patient.id, context: context)) ?? []
            return .signedIn(patient, today: CalendarDate(clock()), allergies: allergies, alerts: alerts)
        } catch {
            return .signInFailed(app.strings.message(for: error), recordClosed: error as? LoginFailure == .recordClosed)
        }
    }

    private var patientContext: (PatientID, AccessContext)? {
        guard let context, case let .patient(id, _) = context.actor else { return nil }
        return (id, context)
    }

    /// Performs a confirmed change through the store; every one is audited there.
    private func perform(_ request: ControlRequest) -> AppInput {
        guard let (id, context) = patientContext else { return .controlFailed("—") }
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
                let document = try PatientFile.read(path, title: title, type: type, today: CalendarDate(clock()), strings: app.strings)
                _ = try access.add(document, to: id, context: context)
            case let .setEmergencyData(data): try access.setEmergencyData(data, of: id, context: context)
            case .closeRecord: try access.closeRecord(id, context: context)
            case let .acknowledgeAlerts(through): try access.acknowledgeAlerts(through: through, of: id, context: context)
            case .addEntry, .prescribe:
                // Professionals' acts: the patient's screens never ask for them.
                return .controlFailed(app.strings.refusal(.patientCannotWrite(.prescriptions)))
            }
            return .controlDone(request)
        } catch {
            return .controlFailed(app.strings.message(for: error))
        }
    }

    /// The access history as a list read page by page (newest first) from the store.
    private func openHistory(_ filter: AccessHistoryFilter) -> AccessHistoryList? {
        guard let (id, context) = patientContext else { return nil }
        let access = self.access
        let strings = app.strings
        let source = PagedListSource<AccessHistoryEntry>(pageSize: 100, fetch: { before, limit in
            let page = try access.accessHistory(of: id, filter: filter, before: before, limit: limit, context: context)
            return (page.items, page.next)
        }, format: { entry, _ in strings.historyRow(entry) }, emphasis: { $0.isBreakGlass })
        return AccessHistoryList(filter: filter, source: source)
    }

    private func loadPane(_ section: RecordSection) -> PaneContent {
        guard let context, case let .patient(id, _) = context.actor else { return .notice("—") }
        return PaneContent.load(section, of: id, access: access, context: context, strings: app.strings)
    }
}
