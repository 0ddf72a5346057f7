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
        /// every other key is the field's (← → Début Fin Suppr, the Ctrl keys, any letter),
        /// and ↑ ↓ PgUp PgDn too when it takes several lines (`fieldLines`).
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
    /// The lines a text field takes: one for a name or a title; more for a text that must
    /// be read whole while it is edited (advance directives), wrapped between words, where
    /// ↑ ↓ move between its lines and PgUp PgDn by a screenful of them. Enter still
    /// confirms: such a text is one paragraph. A secret keeps to one line, and a screen too
    /// short for the dialog gets fewer lines, its footer kept in the box.
    public var fieldLines = 1

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

    /// - Parameters:
    ///   - maxLength: the most characters the field takes; a longer `initial` is kept
    ///     whole, and the dialog refuses to confirm it until it is shortened.
    ///   - lines: the lines the field takes (`fieldLines`): 1, the default, for a short
    ///     answer; 6, say, for a text of a few hundred characters to read as it is edited.
    public static func enterText(_ title: String, _ message: String, initial: String = "", isSecret: Bool = false,
                                 maxLength: Int = TextField.defaultMaxLength, lines: Int = 1, mustEqual: String? = nil,
                                 wording: Wording = .french) -> Dialog {
        var field = TextField(isSecret: isSecret, maxLength: maxLength)
        field.text = initial
        var dialog = Dialog(title: title, message: message, kind: .enterText(field: field, mustEqual: mustEqual), wording: wording)
        dialog.fieldLines = max(1, lines)
        return dialog
    }

    /// Applies a key; returns an outcome when the dialog is done, nil while it stays open.
    ///
    /// - Parameter area: the area the dialog is drawn in (what `render` is given). Only a
    ///   text field of several lines needs it: ↑ and ↓ move by its lines as they are drawn,
    ///   and their breaks depend on the dialog's width. Without it, the dialog takes the
    ///   screen to be wide enough for its widest layout (68 columns or more), as a terminal
    ///   of 80 columns is.
    public mutating func handle(_ key: Key, area: Rect? = nil) -> Outcome? {
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
            if wraps(field), let delta = lineMove(key, area: area) {
                field.moveVertically(by: delta, width: wrappedFieldWidth(in: area))
                problem = field.refusedTooLong ? tooLongWording.message(maxLength: field.maxLength) : nil
                return nil
            }
            if field.handle(key) { problem = field.refusedTooLong ? tooLongWording.message(maxLength: field.maxLength) : nil }
            return nil
        }
    }

    /// The widest a dialog's text goes, whatever the screen: lines longer are hard to read.
    private static let widest = 64

    /// The columns of the dialog's text in an area `width` wide.
    private static func textWidth(_ width: Int) -> Int { max(1, min(widest, width - 4)) }

    /// Whether the field is drawn over several lines.
    private func wraps(_ field: TextField) -> Bool { fieldLines > 1 && !field.isSecret }

    /// The lines ↑ ↓ PgUp PgDn move a wrapped field's cursor by; nil for other keys. A page
    /// is the field's lines but one, so the line the cursor leaves is still in sight.
    private func lineMove(_ key: Key, area: Rect?) -> Int? {
        let page: Int
        if let area {
            page = max(1, fieldRows(messageLines: TextWrap.wrap(message, width: Self.textWidth(area.width)).count, height: area.height) - 1)
        } else {
            page = max(1, fieldLines - 1)
        }
        switch key {
        case .up: return -1
        case .down: return 1
        case .pageUp: return -page
        case .pageDown: return page
        default: return nil
        }
    }

    /// The columns of the wrapped field in a dialog drawn in `area`, laid out as `render`
    /// lays it out: the box's inside, less the label's two columns. Without an area, one
    /// wide enough for the widest dialog.
    private func wrappedFieldWidth(in area: Rect?) -> Int {
        let limit = area?.width ?? Self.widest + 4
        let boxWidth = min(limit, max(Self.textWidth(limit), DisplayWidth.of(title, atMost: limit) + 2) + 4)
        return max(1, boxWidth - 6)
    }

    /// The rows a wrapped field gets under `messageLines` lines of message, in a dialog at
    /// most `height` rows high: `fieldLines`, fewer on a short screen, so that the problem
    /// and the footer (what confirms, what cancels) stay in the box; one at the least.
    private func fieldRows(messageLines: Int, height: Int) -> Int {
        // The frame, the message, a blank line, the problem, a blank line and the footer.
        let others = 2 + messageLines + 1 + (problem == nil ? 0 : 1) + 2
        return min(fieldLines, max(1, height - others))
    }

    /// Draws the dialog centred in `area`, over whatever is there.
    public func render(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let width = Self.textWidth(area.width)
        var lines: [(String, Style?)] = TextWrap.wrap(message, width: width).map { ($0, nil) }
        var fieldLine: Int?
        var fieldHeight = 1
        switch kind {
        case .confirm: break
        case let .choose(options, selected):
            lines.append(("", nil))
            for (index, option) in options.enumerated() {
                let marker = index == selected ? "▸" : " "
                lines.append(("\(marker) \(index + 1) \(option)", index == selected ? theme.selected : nil))
            }
        case let .enterText(field, _):
            if wraps(field) { fieldHeight = fieldRows(messageLines: lines.count, height: area.height) }
            lines.append(("", nil))
            fieldLine = lines.count
            lines.append(contentsOf: repeatElement(("", nil), count: fieldHeight))
            if let problem { lines.append((problem, theme.error)) }
        }
        lines.append(("", nil))
        lines.append(("\(confirmLabel) · \(cancelLabel)", theme.muted))
        let box = Box.render(title: title, lines: lines, area: area, into: &buffer, theme: theme, width: width)
        if let fieldLine, case let .enterText(field, _) = kind, wraps(field) {
            // The label on the first line; the lines of text under one another, after it.
            let y = box.y + 1 + fieldLine
            guard y < box.maxY - 1 else { return }
            buffer.write("›", x: box.x + 2, y: y, style: theme.title, limit: box.width - 4)
            field.renderWrapped(area: Rect(x: box.x + 4, y: y, width: box.width - 6, height: min(fieldHeight, box.maxY - 1 - y)),
                                focused: true, into: &buffer, theme: theme)
        } else if let fieldLine, case let .enterText(field, _) = kind {
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
