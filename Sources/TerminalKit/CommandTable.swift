/// One command of a program: its keys, its group and its help. The help overlay and the
/// status-bar hints are generated from the table, so they cannot disagree with the keys.
public struct Command<ID: Hashable & Sendable>: Sendable {
    public let id: ID
    public let keys: [Key]
    /// How the keys read in help, e.g. "1–8" for eight keys.
    public let keyLabel: String
    public let group: String
    public let help: String
    /// Shown in the status bar (short help) when set.
    public let hint: String?

    /// - Parameter names: how the keys are named when `keyLabel` is not given ("Entrée" or
    ///   "Enter"): the table of an English screen says its keys in English.
    public init(_ id: ID, keys: [Key], keyLabel: String? = nil, group: String, help: String, hint: String? = nil,
                names: KeyNames = .french) {
        self.id = id
        self.keys = keys
        self.keyLabel = keyLabel ?? keys.map { $0.label(names) }.joined(separator: "/")
        self.group = group
        self.help = help
        self.hint = hint
    }
}

public struct CommandTable<ID: Hashable & Sendable>: Sendable {
    public let commands: [Command<ID>]
    public init(_ commands: [Command<ID>]) { self.commands = commands }

    public func command(for key: Key) -> Command<ID>? { commands.first { $0.keys.contains(key) } }

    /// The groups in order of first appearance, each with its commands.
    public var groups: [(String, [Command<ID>])] {
        var order: [String] = []
        var byGroup: [String: [Command<ID>]] = [:]
        for command in commands {
            if byGroup[command.group] == nil { order.append(command.group) }
            byGroup[command.group, default: []].append(command)
        }
        return order.map { ($0, byGroup[$0]!) }
    }

    public var hints: [(key: String, text: String)] {
        commands.compactMap { command in command.hint.map { (command.keyLabel, $0) } }
    }
}
