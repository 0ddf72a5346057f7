import CarnetModel
import Foundation
import TerminalKit

/// Runs the patient app on a terminal: feeds it events, performs its effects through the
/// store's seams, and presents each frame.
public final class PatientSession {
    let terminal: any Terminal
    let access: any RecordAccess
    let signIn: any PatientSignIn
    let clock: @Sendable () -> Date
    public private(set) var app: PatientApp
    private var context: AccessContext?

    public init(terminal: any Terminal, access: any RecordAccess, signIn: any PatientSignIn, strings: Strings, theme: Theme,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.terminal = terminal
        self.access = access
        self.signIn = signIn
        self.clock = clock
        app = PatientApp(strings: strings, theme: theme, width: terminal.width, height: terminal.height)
    }

    /// Handles events until the app quits or (for a test terminal) events run out.
    /// - Returns: false when the app asked to quit.
    @discardableResult
    public func run(untilIdle: Bool = false) -> Bool {
        terminal.present(app.render())
        while true {
            guard let event = terminal.nextEvent(timeout: untilIdle ? 0 : nil) else {
                if untilIdle { return true }
                continue
            }
            if !feed(.event(event)) { return false }
            terminal.present(app.render())
        }
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
            let allergies = try access.allergies(of: patient.id, context: context)
                .filter { $0.status == .active }
                .map { Sanitizer.clean($0.substance) + ($0.severity == .severe ? " (\(app.strings.severity(.severe)))" : "") }
            return .signedIn(patient, today: CalendarDate(clock()), allergies: allergies)
        } catch {
            return .signInFailed(app.strings.message(for: error), recordClosed: error as? LoginFailure == .recordClosed)
        }
    }

    private func loadPane(_ section: RecordSection) -> PaneContent {
        guard let context, case let .patient(id, _) = context.actor else { return .notice("—") }
        do {
            return try PaneContent.load(section, of: id, access: access, context: context, strings: app.strings)
        } catch {
            return .notice(app.strings.message(for: error))
        }
    }
}
