import CarnetModel
import Foundation
import TerminalKit

/// An emergency doctor without a grant asks to break the glass: a reason, a justification
/// of at least a sentence, then a confirmation that only `o` (or `y`) gives, never a bare
/// Enter. Giving up at any step opens nothing.
struct BreakGlassFlow {
    enum Outcome: Equatable {
        case abandoned
        case start(PatientListing, BreakGlassReason, justification: String)
        case help
    }

    let patient: PatientListing
    /// Seconds the access will last, as the terminal was started with.
    let window: TimeInterval
    var form: Form
    var confirmation: Dialog?

    init(patient: PatientListing, window: TimeInterval, strings s: Strings) {
        self.patient = patient
        self.window = window
        form = Form(title: s.t("Bris de glace", "Break-glass access"), fields: [
            Form.Field(s.t("Motif (1, 2 ou 3)", "Reason (1, 2 or 3)"), required: true, maxLength: 1),
            Form.Field(s.t("Justification", "Justification"), required: true, maxLength: 500),
        ], hint: s.t("Tab : champ suivant · Entrée : valider · Échap : renoncer", "Tab: next field · Enter: submit · Esc: give up"))
        form.missingHint = s.t("Champ obligatoire :", "Required:")
        form.tooLongWording = s.lengthLimitWording
    }

    mutating func handle(_ key: Key, keys: KeyMap, strings s: Strings) -> Outcome? {
        if var dialog = confirmation {
            guard let outcome = dialog.handle(key) else { confirmation = dialog; return nil }
            confirmation = nil
            guard outcome == .confirmed else { return .abandoned }
            let values = form.values
            return .start(patient, BreakGlassReason.allCases[(Int(values[0]) ?? 1) - 1], justification: values[1])
        }
        if keys.action(for: key, at: .breakGlassForm) == .help { return .help }
        guard let outcome = form.handle(key) else { return nil }
        guard case let .submitted(values) = outcome else { return .abandoned }
        guard let number = Int(values[0]), (1...BreakGlassReason.allCases.count).contains(number) else {
            form.problem = s.t("Motif : tapez 1, 2 ou 3.", "Reason: type 1, 2 or 3.")
            form.focus = 0
            return nil
        }
        guard BreakGlassDetail.isSufficient(values[1]) else {
            form.problem = s.t("Justification : au moins une phrase (20 caractères, 3 mots).", "Justification: at least a sentence (20 characters, 3 words).")
            form.focus = 1
            return nil
        }
        confirmation = Dialog.deliberate(s.t("Confirmer le bris de glace", "Confirm the break-glass access"), warning(s),
                                         yes: s.t("o : je confirme", "y: I confirm"), no: s.t("Échap : renoncer", "Esc: give up"), strings: s)
        return nil
    }

    func warning(_ s: Strings) -> String {
        // Bounded before it is turned into minutes: the store accepts a day at most.
        let hours = s.duration(window.isFinite ? min(max(window, 0), 86_400) : 0)
        let name = Sanitizer.clean(patient.displayName)
        return s.t("Vous allez ouvrir en urgence le dossier \(s.of(name)) sans son autorisation. L'accès est limité à \(hours), en lecture seule ; il est tracé, signalé \(s.toThePatient(patient.sex)) et à son médecin traitant, et il sera revu.",
                   "You are about to open \(name)'s record in an emergency without their grant. The access lasts \(hours) at most, read-only; it is recorded, shown to the patient and their treating doctor, and reviewed.")
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, strings s: Strings, keys: KeyMap) {
        let (body, status) = area.splitBottom(1)
        let name = Sanitizer.clean(patient.displayName)
        var lines = TextWrap.wrap(s.t("Vous n'avez pas d'autorisation pour le dossier \(s.of(name)). Si \(s.thePatient(patient.sex)) ne peut pas exprimer sa volonté et que l'urgence le justifie, vous pouvez forcer l'accès (bris de glace), sauf refus exprimé à l'avance.",
                                      "You have no grant for \(name)'s record. If the patient cannot express their will and the emergency justifies it, you may force access (break-glass), unless they refused it in advance."),
                                  width: max(1, body.width - 4))
        lines += ["", s.t("Motifs :", "Reasons:")] + BreakGlassReason.allCases.enumerated().map { "  \($0 + 1)  " + s.breakGlassReason($1.rawValue, patientSex: patient.sex) }
        for (index, line) in lines.enumerated() where body.y + 1 + index < body.maxY {
            buffer.writeMarkingCut(line, x: body.x + 2, y: body.y + 1 + index, style: index == 0 ? theme.title : theme.normal, limit: body.width - 4)
        }
        form.render(area: Rect(x: body.x, y: body.y + lines.count + 2, width: body.width, height: 7), into: &buffer, theme: theme)
        // Under the confirmation only o (or y) and Esc act: its frame says so, the footer is silent.
        StatusBar.render(hints: confirmation == nil ? keys.footer(at: .breakGlassForm, width: area.width) : [], message: nil, area: status,
                         into: &buffer, theme: theme)
        confirmation?.render(area: body, into: &buffer, theme: theme)
    }
}

extension Dialog {
    /// A question about a break-glass access: only `o` (or `y`) answers yes, never a reflex Enter.
    static func deliberate(_ title: String, _ text: String, yes: String, no: String, strings: Strings) -> Dialog {
        var dialog = Dialog.confirm(title, text, wording: strings.wording)
        dialog.confirmLabel = yes
        dialog.cancelLabel = no
        dialog.enterConfirms = false
        return dialog
    }
}
