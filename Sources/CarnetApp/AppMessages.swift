import CarnetModel
import Foundation
import TerminalKit

/// What the screens ask their runner to do: every store read and write is one of these,
/// performed by `DoorSession` in the signed-in person's name, and answered with an `AppInput`.
/// The screens hold values, never the store.
public enum AppEffect: Equatable, Sendable {
    // Signing in and out.
    case signInPatient(ins: String, password: String)
    case signInProfessional(rpps: String, pin: String)
    /// Forget who is signed in (a professional); a break-glass access is ended first by `endBreakGlass`.
    case signOut
    /// The patient's door closes.
    case quit
    // Finding a patient (kiosk and emergency).
    case search(query: String, birthDate: String)
    case searchMore(PatientQuery, after: Int64)
    case openRecord(PatientListing)
    case loadInbox
    // The record.
    case loadPane(RecordSection)
    /// The banner's allergies, read again after a write.
    case readAllergies
    case control(ControlRequest)
    case exportSummary
    case findProfessionals(String, ProfessionalSearch)
    case openHistory(AccessHistoryFilter)
    case historyMore(AccessHistoryFilter, before: Int64)
    case loadHistoryActors
    /// Every value of one test (`ResultTest.key`), for its history.
    case openResultTest(String)
    // Emergency.
    case startBreakGlass(PatientListing, BreakGlassReason, justification: String)
    case widenBreakGlass
    case endBreakGlass(why: String)
}

/// A name search, kept so that its next page can be asked for.
public struct PatientQuery: Equatable, Sendable {
    public var name: String
    public var birthDate: CalendarDate?
}

/// What reaches the screens: the terminal's events, and the runner's answers.
public enum AppInput {
    case event(TerminalEvent)
    case patientSignedIn(Patient, today: CalendarDate, allergies: [String]?, alerts: [AccessAlert])
    case professionalSignedIn(Professional)
    case signInFailed(String, recordClosed: Bool)
    case searchResults(PatientQuery?, Page<PatientListing>)
    case searchMore(Page<PatientListing>)
    case searchFailed(String)
    /// `allergies` nil: they could not be read, which the banner must not turn into "none".
    case recordOpened(Patient, today: CalendarDate, allergies: [String]?, writable: Set<RecordSection>)
    case openRefused(String)
    case inbox([InboxItem])
    case paneLoaded(RecordSection, PaneContent)
    case allergiesRead([String]?)
    case controlDone(ControlRequest)
    case controlFailed(String)
    /// A message for the status line (where an export was written).
    case said(String)
    case professionalsFound([Professional], ProfessionalSearch)
    case historyOpened(AccessHistoryFilter, Page<AccessHistoryEntry>)
    case historyMore(Page<AccessHistoryEntry>)
    case historyFailed(String)
    case historyActors([(actor: String, name: String)])
    case prescriptionHeld(Prescription, [SafetyWarning])
    /// Every value of a test, newest first: its history opens.
    case resultTestRead(String, [LabResult])
    /// What may be read has changed (a break-glass access widened): read the panes again.
    case reload
    /// No key for the idle time: every detail of the record leaves the screen.
    case idleLock
    // Emergency.
    case breakGlassNeeded(PatientListing)
    case breakGlassStarted(BreakGlassAuthorization)
    case breakGlassRefused(String)
    case breakGlassWidened(BreakGlassAuthorization)
    /// Seconds left on the break-glass access, measured by the session on a clock that never
    /// goes back: before every event and once a second, the countdown; at zero, the end.
    case breakGlassClock(left: TimeInterval)
    /// The store refused a read under the access (its recorded window passed, or a stop was
    /// written elsewhere): the access ends here too.
    case breakGlassEndedByStore
    /// The session ends from outside (a signal, the terminal lost, an error): `why` words the
    /// break-glass stop, if one runs, and every patient detail leaves the screen.
    case sessionEnded(why: String)
    /// A line for the search screen (an access left open, closed at this sign-in).
    case notice(String)
}
