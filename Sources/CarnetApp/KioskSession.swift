import CarnetModel
import Foundation
import TerminalKit

/// Everything the kiosk asks of the store, as the seams the model defines.
public typealias KioskStore = RecordAccess & RecordControl & RecordWriting & TreatingDoctorInbox & BreakGlassAccess

/// Runs the kiosk on a terminal: signs professionals in and out, performs the record's
/// effects in the signed-in professional's name, and locks the screen after the idle time.
public final class KioskSession {
    let terminal: any Terminal
    let store: any KioskStore
    let finder: any PatientFinder
    let signIn: any ProfessionalSignIn
    let clock: @Sendable () -> Date
    /// Seconds without a key before the screen is cleared and the login returns.
    public let idleLimit: TimeInterval
    public private(set) var app: KioskApp
    private var context: AccessContext?
    private var patient: PatientID?
    private var lastKey: Date

    public init(terminal: any Terminal, store: any KioskStore, finder: any PatientFinder, signIn: any ProfessionalSignIn,
                strings: Strings, theme: Theme, catalogs: Catalogs, mode: KioskApp.Mode = .kiosk, idleLimit: TimeInterval = 300,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.terminal = terminal
        self.store = store
        self.finder = finder
        self.signIn = signIn
        self.clock = clock
        self.idleLimit = idleLimit
        lastKey = clock()
        app = KioskApp(strings: strings, theme: theme, width: terminal.width, height: terminal.height, catalogs: catalogs, mode: mode)
    }

    /// Handles events until the terminal has none left (tests), or for ever (a kiosk ends
    /// only by a signal from outside).
    public func run(untilIdle: Bool = false) {
        terminal.present(app.render())
        while true {
            var remaining = max(0.05, idleLimit - clock().timeIntervalSince(lastKey))
            // A break-glass countdown moves every second.
            if context?.breakGlass != nil { remaining = min(remaining, 1) }
            guard let event = terminal.nextEvent(timeout: untilIdle ? 0 : (context == nil ? nil : remaining)) else {
                if untilIdle { return }
                tick()
                checkIdle()
                continue
            }
            if case .key = event { lastKey = clock() }
            feed(.event(event))
            terminal.present(app.render())
        }
    }

    /// Locks the session when the idle time has passed since the last key.
    public func checkIdle() {
        guard context != nil, clock().timeIntervalSince(lastKey) >= idleLimit else { return }
        feed(.idleLock)
        terminal.present(app.render())
    }

    /// Moves a break-glass countdown on, and ends the access at its expiry.
    public func tick() {
        guard context?.breakGlass != nil else { return }
        feed(.tick(clock()))
        terminal.present(app.render())
    }

    func feed(_ input: KioskInput) {
        var queue = [input]
        while !queue.isEmpty {
            for effect in app.update(queue.removeFirst()) {
                switch effect {
                case let .signIn(rpps, pin):
                    terminal.present(app.render())
                    queue.append(performSignIn(rpps, pin))
                case .signOut:
                    context = nil
                    patient = nil
                case let .startBreakGlass(listing, reason, justification):
                    queue.append(startBreakGlass(listing, reason, justification))
                case .widenBreakGlass:
                    guard let context, let authorization = context.breakGlass else { continue }
                    do {
                        let widened = try store.widenBreakGlass(authorization, context: context)
                        self.context?.breakGlass = widened
                        queue.append(.breakGlassWidened(widened))
                    } catch {
                        queue.append(.record(.controlFailed(app.strings.message(for: error))))
                    }
                case let .endBreakGlass(why):
                    guard let context, let authorization = context.breakGlass else { continue }
                    // The stop is recorded even if the screen has moved on; a failure here
                    // leaves the window to bound the access.
                    try? store.stopBreakGlass(authorization, why: why, context: context)
                    self.context?.breakGlass = nil
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
                    if let input = perform(recordEffect) { queue.append(.record(input)) }
                }
            }
        }
    }

    private func performSignIn(_ rppsText: String, _ pin: String) -> KioskInput {
        do {
            let professional = try signIn.professionalLogin(rpps: try RPPS(rppsText), pin: pin)
            context = app.mode == .kiosk ? .kiosk(professional) : .emergency(professional)
            return .signedIn(professional)
        } catch {
            return .signInFailed(app.strings.message(for: error, secret: .pin))
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
        let digits = query.filter { !$0.isWhitespace }
        if digits.count >= 13, digits.allSatisfy(\.isNumber) {
            do {
                let ins = try INS(digits)
                let found = try finder.patient(ins: ins)
                return .searchResults(PagedListSource(count: found == nil ? 0 : 1, fetch: { _, _ in (found.map { [$0] } ?? [], nil) },
                                                      format: { listing, _ in strings.listing(listing) }))
            } catch {
                return .searchFailed(strings.message(for: error))
            }
        }
        // Name search: keyset pages from the index, however many match.
        let source = PagedListSource<PatientListing>(pageSize: 100, fetch: { after, limit in
            let page = try finder.searchPatients(name: query, birthDate: birthDate, after: after, limit: limit)
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
                : try? store.allergies(of: patient.id, context: context))?
                .filter { $0.status == .active }
                .map { Sanitizer.clean($0.substance) + ($0.severity == .severe ? " (\(app.strings.severity(.severe)))" : "") } ?? []
            return .recordOpened(patient, today: CalendarDate(clock()), allergies: allergies)
        } catch let refused as AccessRefused where refused.reason == .noGrant && app.mode != .kiosk && context.breakGlass == nil {
            // At an emergency terminal, no grant is where the break-glass dialog begins.
            return .breakGlassNeeded(listing)
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
            self.context = .emergency(professional, breakGlass: authorization)
            _ = app.update(.breakGlassStarted(authorization))
            return open(listing)
        } catch let refused as AccessRefused {
            return .breakGlassRefused(app.strings.breakGlassRefusal(refused.reason, patient: listing.displayName))
        } catch {
            return .breakGlassRefused(app.strings.message(for: error))
        }
    }

    /// The record view's effects, in the signed-in professional's name.
    private func perform(_ effect: AppEffect) -> AppInput? {
        guard let context, let patient else { return nil }
        let strings = app.strings
        switch effect {
        case let .loadPane(section):
            return .paneLoaded(section, PaneContent.load(section, of: patient, access: store, context: context, strings: strings))
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
