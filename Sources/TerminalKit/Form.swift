/// A form of labelled one-line fields in a framed box: Tab or ↓ to the next field, ⇧Tab or
/// ↑ to the previous, Enter submits from any field, Escape cancels. Every other key is the
/// focused field's: ← → Début Fin Suppr and the Ctrl keys edit it, never move the focus.
///
/// Enter submits from any field because the hint under the form says so ("Entrée :
/// valider"): a user who filled what they wanted presses Enter and expects the form sent,
/// not the focus moved on to a field they meant to leave empty. A required field still
/// empty is not skipped: the form stays open, says which one, and moves the focus there.
public struct Form: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var label: String
        public var input: TextField
        /// A field that must not be empty to submit.
        public var required: Bool

        /// - Parameter maxLength: the most characters the field takes; a longer `initial`
        ///   is kept whole, and the form refuses to submit it (see `TextField`).
        public init(_ label: String, initial: String = "", required: Bool = false, isSecret: Bool = false,
                    maxLength: Int = TextField.defaultMaxLength) {
            self.label = label
            input = TextField(isSecret: isSecret, maxLength: maxLength)
            input.text = initial
            self.required = required
        }
    }

    public enum Outcome: Hashable, Sendable {
        case submitted([String])
        case cancelled
    }

    public var title: String
    public var fields: [Field]
    public var focus = 0
    /// Said under the fields: what is missing, or what the screen found wrong.
    public var problem: String?
    /// Said on the same line while there is no problem, quieter: help the caller computes
    /// from what is being typed (the closest names of a list, say).
    public var note: String?
    public var hint: String
    /// Said when a required field is empty; the caller words it.
    public var missingHint: String
    /// Enter submits from any field (the default); false, Enter on a field but the last
    /// moves to the next one, as forms did before (kept for callers that still want it).
    public var submitsFromAnyField = true
    /// Said when a field refuses text beyond its maximum length; the caller words it.
    public var tooLongWording = LengthLimitWording.french

    public init(title: String, fields: [Field], hint: String = "Tab : champ suivant · Entrée : valider · Échap : annuler",
                missingHint: String = "Champ obligatoire :") {
        self.title = title
        self.fields = fields
        self.hint = hint
        self.missingHint = missingHint
    }

    /// A form whose hint, missing-field and too-long sentences come from a wording, so a
    /// screen in English is English down to the line under the fields.
    public init(title: String, fields: [Field], wording: Wording) {
        self.init(title: title, fields: fields, hint: wording.formHint, missingHint: wording.requiredField)
        tooLongWording = wording.lengthLimit
    }

    public var values: [String] { fields.map { $0.input.text.trimmingSpaces } }

    public mutating func handle(_ key: Key) -> Outcome? {
        guard !fields.isEmpty else { return .cancelled }
        switch key {
        case .escape: return .cancelled
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        case .enter:
            if focus < fields.count - 1 && !submitsFromAnyField { focus += 1; return nil }
            // A value longer than its field (set by the program, never typed) is not sent
            // on as if it had been checked.
            if let tooLong = fields.firstIndex(where: { $0.input.isTooLong }) {
                focus = tooLong
                problem = tooLongWording.message(maxLength: fields[tooLong].input.maxLength)
                return nil
            }
            if let missing = fields.firstIndex(where: { $0.required && $0.input.isBlank }) {
                focus = missing
                problem = "\(missingHint) \(fields[missing].label)"
                return nil
            }
            return .submitted(values)
        default:
            if fields[focus].input.handle(key) {
                problem = fields[focus].input.refusedTooLong ? tooLongWording.message(maxLength: fields[focus].input.maxLength) : nil
            }
        }
        return nil
    }

    public func render(area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let width = max(1, min(70, area.width - 4))
        var lines: [(String, Style?)] = fields.map { _ in ("", nil) }
        lines.append(problem.map { ($0, theme.error) } ?? (note ?? "", theme.muted))
        lines.append((hint, theme.muted))
        let box = Box.render(title: title, lines: lines, area: area, into: &buffer, theme: theme, width: width)
        let labelWidth = min(width / 2, fields.map { DisplayWidth.of($0.label) }.max() ?? 0)
        for (index, field) in fields.enumerated() where box.y + 1 + index < box.maxY - 1 {
            let label = DisplayWidth.pad(field.label + (field.required ? "*" : ""), to: labelWidth + 1)
            field.input.render(label: label, focused: index == focus, area: Rect(x: box.x + 2, y: box.y + 1 + index, width: box.width - 4, height: 1),
                               into: &buffer, theme: theme)
        }
        // The cursor belongs in the focused field, drawn last.
        if fields.indices.contains(focus), box.y + 1 + focus < box.maxY - 1 {
            let label = DisplayWidth.pad(fields[focus].label + (fields[focus].required ? "*" : ""), to: labelWidth + 1)
            fields[focus].input.render(label: label, focused: true, area: Rect(x: box.x + 2, y: box.y + 1 + focus, width: box.width - 4, height: 1),
                                       into: &buffer, theme: theme)
        }
    }
}

extension CellBuffer {
    /// Draws another buffer into this one with its top-left corner at (x, y), clipped.
    public mutating func draw(_ other: CellBuffer, x: Int, y: Int) {
        for row in 0..<other.height where y + row >= 0 && y + row < height {
            for column in 0..<other.width where x + column >= 0 && x + column < width {
                self[x + column, y + row] = other[column, row]
            }
        }
        if let cursor = other.cursor { self.cursor = (cursor.x + x, cursor.y + y) }
    }
}
