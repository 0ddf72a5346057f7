import CarnetModel
import Foundation

/// What protects the trail beyond its hash chain: the key that MACs every event, and the
/// witnesses that keep heads of the chain outside the database.
///
/// Every `AuditLog` takes the seal bound in `AuditSeal.current` when it is made, so the
/// executable binds the operator's seal once around the command it runs and every store it
/// builds (records, sign-ins, imports, the demo) writes keyed, anchored events, with no
/// change to their code. The library itself binds nothing: a test, or any other program
/// linking CarnetStore, writes unsealed events and touches no file outside its database
/// unless it binds a seal of its own.
///
/// ```swift
/// let seal = try AuditSeal.standard(environment: ProcessInfo.processInfo.environment)
/// try AuditSeal.$current.withValue(seal) { try command.run() }
/// ```
public struct AuditSeal: Sendable {
    /// The key every new event is MACed with, and verify checks MACs with; nil: unkeyed.
    public var key: AuditKey?
    /// Where the key was looked for, for the reports (nil: keying turned off).
    public var keyPath: String?
    /// When the key was made (its file's modification time): an event written after it
    /// must carry a MAC, so a chain stripped of every MAC is not taken for one written
    /// before the key. Nil: not known, the check rests on the MACs present.
    public var keyMade: Date?
    /// The anchor file, written at each anchor and read by verify (nil: none).
    public var anchorFile: String?
    /// Witnesses besides the anchor file (the system log; a recorder in tests).
    public var otherWitnesses: [any AuditWitness]
    /// Besides break-glass and operator events, one anchor every this many events.
    public var anchorInterval: Int64

    public init(key: AuditKey? = nil, keyPath: String? = nil, keyMade: Date? = nil, anchorFile: String? = nil,
                otherWitnesses: [any AuditWitness] = [], anchorInterval: Int64 = 100) {
        self.key = key
        self.keyPath = keyPath
        self.keyMade = keyMade
        self.anchorFile = anchorFile
        self.otherWitnesses = otherWitnesses
        self.anchorInterval = anchorInterval
    }

    /// No key, no witness: what a library user gets unless it binds a seal.
    public static let unsealed = AuditSeal()

    /// The seal of the audit logs made in this task (see the type's documentation).
    @TaskLocal public static var current: AuditSeal = .unsealed

    var witnesses: [any AuditWitness] { (anchorFile.map { [AnchorFile(path: $0)] } ?? []) + otherWitnesses }
    var hasWitnesses: Bool { anchorFile != nil || !otherWitnesses.isEmpty }

    /// Whether an event of `action` by `actor` at `seq` leaves an anchor: every break-glass
    /// event and every operator action (the moments someone would most want to erase), and
    /// one in `anchorInterval` of the rest, so a restored copy cannot be far behind its last anchor.
    func anchors(seq: Int64, actor: String, action: AuditAction) -> Bool {
        guard hasWitnesses else { return false }
        switch action {
        case .breakGlassStart, .breakGlassStop, .breakGlassFullRecord, .breakGlassReview: return true
        default: return actor.hasPrefix("operator:") || (anchorInterval > 0 && seq % anchorInterval == 0)
        }
    }

    /// Passes an anchor to every witness. One that fails does not stop the others, nor the
    /// access: the event is already committed, and refusing care because a log file is full
    /// would be worse than a missing anchor (which the system log copy still covers).
    func keep(_ anchor: AuditAnchor) {
        for witness in witnesses { try? witness.keep(anchor) }
    }
}

// MARK: - Where the operator's key and anchors live

extension AuditSeal {
    /// The key path: `$CARNET_AUDIT_KEY_FILE`, else `$XDG_CONFIG_HOME/carnet/audit.key`, else
    /// `~/.config/carnet/audit.key`. An empty `CARNET_AUDIT_KEY_FILE` means no key (nil).
    public static func keyPath(environment: [String: String]) -> String? {
        if let chosen = environment["CARNET_AUDIT_KEY_FILE"] { return chosen.isEmpty ? nil : chosen }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/carnet/audit.key" }
        return home(environment) + "/.config/carnet/audit.key"
    }

    /// The anchor file: `$CARNET_ANCHOR_FILE`, else `$XDG_STATE_HOME/carnet/anchors.log`,
    /// else `~/.local/state/carnet/anchors.log`. An empty `CARNET_ANCHOR_FILE` turns anchoring
    /// off (the file and the system log).
    public static func anchorPath(environment: [String: String]) -> String? {
        if let chosen = environment["CARNET_ANCHOR_FILE"] { return chosen.isEmpty ? nil : chosen }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/carnet/anchors.log" }
        return home(environment) + "/.local/state/carnet/anchors.log"
    }

    /// The seal the executable uses: the key read once from `keyPath` (absent: unkeyed), the
    /// anchor file at `anchorPath` and the system log.
    ///
    /// - Throws: `AuditKeyError` for a key file that is there but cannot be trusted.
    public static func standard(environment: [String: String]) throws -> AuditSeal {
        let keyPath = keyPath(environment: environment)
        let anchorFile = anchorPath(environment: environment)
        let key = try keyPath.flatMap { try AuditKey.load(from: $0) }
        return AuditSeal(key: key, keyPath: keyPath, keyMade: key == nil ? nil : keyPath.flatMap(AuditKey.madeAt),
                         anchorFile: anchorFile, otherWitnesses: anchorFile == nil ? [] : [SystemLogWitness()])
    }

    private static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }
}
