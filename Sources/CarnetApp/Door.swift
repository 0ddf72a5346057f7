import Foundation

/// The three ways into a record. They share every screen; the door decides who signs in,
/// what `q` leaves to, and whether the glass may be broken.
public enum Door: Equatable, Sendable {
    /// `carnet`: the patient, on their own terminal.
    case patient
    /// `carnet kiosk`: a professional at a shared terminal, within the patient's grants.
    case kiosk
    /// `carnet emergency`: a doctor who may break the glass for `window` seconds.
    case emergency(window: TimeInterval)

    var isProfessional: Bool { self != .patient }

    var isEmergency: Bool {
        if case .emergency = self { return true }
        return false
    }
}
