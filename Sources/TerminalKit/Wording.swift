/// The words TerminalKit's widgets say on their own: key names and the short hints under
/// a form or a dialog ("Entrée : valider · Échap : annuler"). TerminalKit has no language:
/// a screen passes the wording of its own, so that an English screen is English all
/// through, down to the footer of a dialog. The defaults are French, as they were before
/// this type existed, so callers written then read the same.
public struct Wording: Hashable, Sendable {
    public var keys: KeyNames
    /// What Tab does in a form.
    public var nextField: String
    /// What Enter does in a form.
    public var submit: String
    /// What Enter does in a dialog.
    public var confirm: String
    /// What Escape does in a form or a dialog.
    public var cancel: String
    /// Put before the name of a required field left empty.
    public var requiredField: String
    /// Said when a field refuses text beyond its maximum length.
    public var lengthLimit: LengthLimitWording
    /// Between a key and what it does: " : " in French (a space before the colon), ": " in English.
    public var keyColon: String
    /// Between two hints.
    public var separator: String
    /// Around a word the user must type exactly: « clôturer », “close”.
    public var openQuote: String
    public var closeQuote: String
    /// After a percentage: " %" in French (a no-break space belongs there), "%" in English.
    public var percentSign: String

    public init(keys: KeyNames, nextField: String, submit: String, confirm: String, cancel: String, requiredField: String,
                lengthLimit: LengthLimitWording, keyColon: String, separator: String = " · ", openQuote: String, closeQuote: String,
                percentSign: String) {
        self.keys = keys
        self.nextField = nextField
        self.submit = submit
        self.confirm = confirm
        self.cancel = cancel
        self.requiredField = requiredField
        self.lengthLimit = lengthLimit
        self.keyColon = keyColon
        self.separator = separator
        self.openQuote = openQuote
        self.closeQuote = closeQuote
        self.percentSign = percentSign
    }

    // The French percent sign keeps the plain space the screens always had (" 42 % "):
    // snapshots of the document view were taken with it.
    public static let french = Wording(
        keys: .french, nextField: "champ suivant", submit: "valider", confirm: "confirmer", cancel: "annuler",
        requiredField: "Champ obligatoire :", lengthLimit: .french, keyColon: " : ", openQuote: "« ", closeQuote: " »", percentSign: " %")

    public static let english = Wording(
        keys: .english, nextField: "next field", submit: "submit", confirm: "confirm", cancel: "cancel",
        requiredField: "Required field:", lengthLimit: .english, keyColon: ": ", openQuote: "“", closeQuote: "”", percentSign: "%")

    /// One hint: "Entrée : valider", "Enter: submit".
    public func hint(_ key: Key, _ action: String) -> String { keys.name(of: key) + keyColon + action }

    /// The line under a form: Tab moves on, Enter submits, Escape cancels.
    public var formHint: String {
        [hint(.tab, nextField), hint(.enter, submit), hint(.escape, cancel)].joined(separator: separator)
    }

    /// What confirms a dialog, and what cancels it.
    public var dialogConfirm: String { hint(.enter, confirm) }
    public var dialogCancel: String { hint(.escape, cancel) }

    public func quoted(_ word: String) -> String { openQuote + word + closeQuote }

    public func percent(_ value: Int) -> String { String(value) + percentSign }
}
