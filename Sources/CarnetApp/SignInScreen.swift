import CarnetModel
import TerminalKit

/// Who signs in, at any door: the patient (INS and password) or a professional (RPPS and
/// PIN). Every printable key is text here; the door's key map says how to leave.
struct SignInScreen {
    enum Outcome: Equatable {
        case effects([AppEffect])
        case quit
        case help
    }

    let door: Door
    var form: Form
    var message: String?
    var busy = false
    /// The patient's record is closed: a screen of its own says what that means.
    var recordClosed = false

    init(door: Door, strings s: Strings, message: String? = nil, recordClosed: Bool = false) {
        self.door = door
        self.message = message
        self.recordClosed = recordClosed
        let fields = door == .patient
            ? [Form.Field("INS", required: true, maxLength: 20), Form.Field(s.passwordLabel, required: true, isSecret: true, maxLength: 128)]
            : [Form.Field("RPPS", required: true, maxLength: 11), Form.Field(s.t("Code PIN", "PIN"), required: true, isSecret: true, maxLength: 12)]
        form = Form(title: door == .patient ? s.t("Connexion", "Sign-in") : s.t("Connexion professionnelle", "Professional sign-in"),
                    fields: fields, hint: s.t("Tab : champ suivant · Entrée : valider", "Tab: next field · Enter: sign in"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.tooLongWording = s.lengthLimitWording
        form.submitsFromAnyField = true
    }

    mutating func handle(_ key: Key, keys: KeyMap, strings s: Strings) -> Outcome? {
        guard !busy else { return nil }
        if recordClosed {
            // Any key leaves the explanation for the sign-in (no field here: q is a key); q quits.
            if key == .character("q") || (keys.action(for: key, at: .signIn) == .leave && key != .escape) { return .quit }
            self = SignInScreen(door: door, strings: s)
            return nil
        }
        switch keys.action(for: key, at: .signIn) {
        case .help: return .help
        case .leave:
            // Esc clears what was typed first: a slip of the finger loses nothing but the fields.
            if key == .escape, form.values.contains(where: { !$0.isEmpty }) {
                self = SignInScreen(door: door, strings: s)
                return nil
            }
            return .quit
        case .submit where form.focus == 0:
            // The identifier is checked where it is typed: a wrong INS or RPPS says why at
            // once, before a secret is asked for (and before anything is counted).
            if let problem = identifierProblem(form.values[0], strings: s) {
                message = problem
                return nil
            }
            message = nil
            // Enter after the identifier goes on to the secret, as people expect.
            if form.fields[1].input.text.isEmpty {
                form.focus = 1
                return nil
            }
        default:
            break
        }
        guard let outcome = form.handle(key), case let .submitted(values) = outcome else { return nil }
        busy = true
        message = s.signingIn
        return .effects([door == .patient ? .signInPatient(ins: values[0], password: form.fields[1].input.text)
                                          : .signInProfessional(rpps: values[0], pin: form.fields[1].input.text)])
    }

    /// Why the identifier cannot be one (its length, its key), in words; nil when it may be.
    private func identifierProblem(_ text: String, strings s: Strings) -> String? {
        guard !text.isEmpty else { return nil }
        do {
            if door == .patient { _ = try INS(text) } else { _ = try RPPS(text) }
            return nil
        } catch {
            return s.message(for: error)
        }
    }

    /// The sign-in failed: the secret is cleared, and typed again.
    mutating func failed(_ text: String, recordClosed: Bool) {
        busy = false
        message = text
        self.recordClosed = recordClosed
        form.fields[1].input.text = ""
        form.focus = 1
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, strings s: Strings, keys: KeyMap) {
        let (body, status) = area.splitBottom(1)
        buffer.write(door == .patient ? s.appTitle : s.t("Carnet — poste partagé", "Carnet — shared terminal"), x: area.x + 2, y: area.y + 1, style: theme.title,
                     limit: area.width - 4)
        if recordClosed {
            let lines = TextWrap.wrap(s.recordClosedText, width: 56).map { ($0, Style?.none) }
            _ = Box.render(title: s.recordClosedTitle, lines: lines, area: body, into: &buffer, theme: theme, width: 56)
            StatusBar.render(hints: [], message: s.closedRecordKeys, area: status, into: &buffer, theme: theme)
            return
        }
        let box = body.centered(width: 64, height: 8)
        form.render(area: box, into: &buffer, theme: theme)
        if let message {
            for (index, line) in TextWrap.wrap(message, width: max(1, area.width - 4)).prefix(2).enumerated() {
                buffer.write(line, x: area.x + 2, y: box.maxY + index, style: busy ? theme.muted : theme.error, limit: area.width - 4)
            }
        }
        if door == .patient {
            StatusBar.render(hints: [], message: s.loginHelp, area: status, into: &buffer, theme: theme)
        } else {
            StatusBar.render(hints: keys.footer(at: .signIn, width: area.width), message: nil, area: status, into: &buffer, theme: theme)
        }
    }
}
