/// A modal question: confirm, choose one of several, or enter text. The dialog keeps its
/// own state; the screen that opened it acts on the outcome `handle` returns.
public struct Dialog: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Yes or no. `Entrée`/`o`/`y` confirm; `Échap`/`n` cancel.
        case confirm
        /// One of the options, chosen with the arrows or its number.
        case choose(options: [String], selected: Int)
        /// Free text; when `mustEqual` is set, only that exact word confirms (for acts
        /// that are hard to undo, such as closing a record). Enter confirms, Escape cancels;
        /// every other key is the field's (← → Début Fin Suppr, the Ctrl keys, any letter).
        case enterText(field: TextField, mustEqual: String?)
    }

    public enum Outcome: Hashable, Sendable {
        case confirmed
        case chose(Int)
        case entered(String)
        case cancelled
    }

    public var title: String
    /// What the act means, in plain words; wrapped to the dialog's width.
    public var message: String
    public var kind: Kind
    /// Shown under the field when the text does not meet `mustEqual` or is empty.
    public var problem: String?
    /// Said when the typed text is not the word asked for; the caller words it.
    public var mismatchHint: String?
    /// Said when the field refuses text beyond its maximum length; the caller words it.
    public var tooLongWording = LengthLimitWording.french
    public var confirmLabel: String
    public var cancelLabel: String
    /// False for acts that must be confirmed by a deliberate key (`o`/`y`), not a reflex Enter.
    public var enterConfirms = true

    /// Words the dialog says on its own (the quotes around a word to type); its labels and
    /// too-long sentence are taken from it when the dialog is made.
    public var wording: Wording

    /// - Parameters:
    ///   - confirmLabel: the footer's confirming half; nil, the wording's ("Entrée : confirmer").
    ///   - cancelLabel: the footer's cancelling half; nil, the wording's ("Échap : annuler").
    ///   - wording: the language of what the dialog says on its own; French by default.
    public init(title: String, message: String, kind: Kind, confirmLabel: String? = nil, cancelLabel: String? = nil,
                wording: Wording = .french) {
        self.title = title
        self.message = message
        self.kind = kind
        self.wording = wording
        self.confirmLabel = confirmLabel ?? wording.dialogConfirm
        self.cancelLabel = cancelLabel ?? wording.dialogCancel
        tooLongWording = wording.lengthLimit
    }

    public static func confirm(_ title: String, _ message: String, wording: Wording = .french) -> Dialog {
        Dialog(title: title, message: message, kind: .confirm, wording: wording)
    }

    public static func choose(_ title: String, _ message: String, options: [String], selected: Int = 0, wording: Wording = .french) -> Dialog {
        Dialog(title: title, message: message, kind: .choose(options: options, selected: selected), wording: wording)
    }

    /// - Parameter maxLength: the most characters the field takes; a longer `initial` is
    ///   kept whole, and the dialog refuses to confirm it until it is shortened.
    public static func enterText(_ title: String, _ message: String, initial: String = "", isSecret: Bool = false,
                                 maxLength: Int = TextField.defaultMaxLength, mustEqual: String? = nil,
                                 wording: Wording = .french) -> Dialog {
        var field = TextField(isSecret: isSecret, maxLength: maxLength)
        field.text = initial
        return Dialog(title: title, message: message, kind: .enterText(field: field, mustEqual: mustEqual), wording: wording)
    }

    /// Applies a key; returns an outcome when the dialog is done, nil while it stays open.
    public mutating func handle(_ key: Key) -> Outcome? {
        if key == .escape { return .cancelled }
        switch kind {
        case .confirm:
            switch key {
            case .enter where enterConfirms: return .confirmed
            case .character("o"), .character("O"), .character("y"), .character("Y"): return .confirmed
            case .character("n"), .character("N"): return .cancelled
            default: return nil
            }
        case .choose(let options, var selected):
            switch key {
            case .up, .character("k"): selected = max(0, selected - 1)
            case .down, .character("j"), .tab: selected = min(options.count - 1, selected + 1)
            case .enter: return options.isEmpty ? .cancelled : .chose(selected)
            case let .character(c):
                if let n = c.wholeNumberValue, (1...options.count).contains(n) { return .chose(n - 1) }
            default: break
            }
            kind = .choose(options: options, selected: selected)
            return nil
        case .enterText(var field, let mustEqual):
            // Let go of the dialog's copy of the field, so that editing a long text edits
            // it in place instead of copying it whole at every key.
            kind = .confirm
            defer { kind = .enterText(field: field, mustEqual: mustEqual) }
            if key == .enter {
                if field.isTooLong {
                    problem = tooLongWording.message(maxLength: field.maxLength)
                    return nil
                }
                let text = field.text.trimmingSpaces
                if let mustEqual, text.lowercased() != mustEqual.lowercased() {
                    problem = mismatchHint ?? wording.quoted(mustEqual)
                    return nil
                }
                return .entered(text)
            }
            if field.handle(key) { problem = field.refusedTooLong ? tooLongWording.message(maxLength: field.maxLength) : nil }
            return nil
        }
    }

    /// Draws the dialog centred in `area`, over whatever is there.
    public func render(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let width = max(1, min(64, area.width - 4))
        var lines: [(String, Style?)] = TextWrap.wrap(message, width: width).map { ($0, nil) }
        var fieldLine: Int?
        switch kind {
        case .confirm: break
        case let .choose(options, selected):
            lines.append(("", nil))
            for (index, option) in options.enumerated() {
                let marker = index == selected ? "▸" : " "
                lines.append(("\(marker) \(index + 1) \(option)", index == selected ? theme.selected : nil))
            }
        case .enterText:
            lines.append(("", nil))
            fieldLine = lines.count
            lines.append(("", nil))
            if let problem { lines.append((problem, theme.error)) }
        }
        lines.append(("", nil))
        lines.append(("\(confirmLabel) · \(cancelLabel)", theme.muted))
        let box = Box.render(title: title, lines: lines, area: area, into: &buffer, theme: theme, width: width)
        if let fieldLine, case let .enterText(field, _) = kind {
            field.render(label: "›", focused: true, area: Rect(x: box.x + 2, y: box.y + 1 + fieldLine, width: box.width - 4, height: 1),
                         into: &buffer, theme: theme)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
