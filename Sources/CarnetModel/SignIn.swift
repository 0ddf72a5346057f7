import Foundation

/// Why a sign-in failed, in words the person at the keyboard can act on.
public enum LoginFailure: Error, Equatable, CustomStringConvertible {
    case unknownIdentifier(String)
    case noAccount(String)
    case wrongSecret(attemptsLeft: Int)
    case locked(until: Date)
    case professionalBlocked
    /// A wrong PIN was typed moments ago: the next one is checked from `retryAt` on.
    case tooSoon(retryAt: Date)
    case recordClosed

    public var description: String {
        switch self {
        case let .unknownIdentifier(id): return "\(id) is not registered in Carnet"
        case let .noAccount(id): return "\(id) has no Carnet account yet: ask for one to be opened"
        case let .wrongSecret(left) where left > 1: return "wrong secret: \(left) attempts left"
        case .wrongSecret: return "wrong secret: 1 attempt left"
        case let .locked(until): return "account locked after too many wrong passwords until \(Timestamp.string(from: until))"
        case .professionalBlocked: return "card blocked after 3 wrong PINs: an operator must unblock it"
        case let .tooSoon(retry): return "a wrong PIN was just typed: try again from \(Timestamp.string(from: retry))"
        case .recordClosed: return "this record is closed; an operator can reopen it"
        }
    }
}

/// How a patient signs in; the store implements it, screens call it.
public protocol PatientSignIn: Sendable {
    /// - Throws: `LoginFailure` for a person to read; every attempt is audited.
    func patientLogin(ins: INS, password: String) throws -> Patient
}
