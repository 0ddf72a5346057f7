import Testing
import TerminalKit

// Issue 16: an English screen says its keys and hints in English, down to a dialog's footer.

@Suite("Key names and wording")
struct KeyNamesTests {
    @Test("keys named in French by default, in English when asked", arguments: [
        (Key.enter, "Entrée", "Enter"), (.escape, "Échap", "Esc"), (.character(" "), "Espace", "Space"), (.delete, "Suppr", "Del"),
        (.home, "Début", "Home"), (.end, "Fin", "End"), (.pageUp, "PgUp", "PgUp"), (.pageDown, "PgDn", "PgDn"), (.tab, "Tab", "Tab"),
        (.backTab, "⇧Tab", "⇧Tab"), (.control("k"), "Ctrl-K", "Ctrl-K"), (.function(5), "F5", "F5"), (.character("q"), "q", "q"),
        (.up, "↑", "↑"),
    ])
    func names(_ key: Key, _ french: String, _ english: String) {
        #expect(key.label == french)
        #expect(key.label(.french) == french)
        #expect(key.label(.english) == english)
    }

    @Test("the wording's hints: French as TerminalKit always said them, English all through")
    func hints() {
        #expect(Wording.french.formHint == "Tab : champ suivant · Entrée : valider · Échap : annuler")
        #expect(Wording.english.formHint == "Tab: next field · Enter: submit · Esc: cancel")
        #expect(Wording.french.dialogConfirm == "Entrée : confirmer" && Wording.french.dialogCancel == "Échap : annuler")
        #expect(Wording.english.dialogConfirm == "Enter: confirm" && Wording.english.dialogCancel == "Esc: cancel")
        #expect(Wording.english.quoted("close") == "“close”" && Wording.french.quoted("clôturer") == "« clôturer »")
        #expect(LengthLimitWording.english.message(maxLength: 4096) == "Text too long (4,096 characters at most)")
    }

    @Test("an English dialog: its footer, the word to type and the length limit in English")
    func englishDialog() {
        var dialog = Dialog.enterText("Close", "Type “close”.", maxLength: 5, mustEqual: "close", wording: .english)
        var buffer = CellBuffer(width: 60, height: 12)
        dialog.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("Enter: confirm · Esc: cancel") })
        for c in "nope" { _ = dialog.handle(.character(c)) }
        #expect(dialog.handle(.enter) == nil)
        #expect(dialog.problem == "“close”")
        for c in "xy" { _ = dialog.handle(.character(c)) }
        #expect(dialog.problem == "Text too long (5 characters at most)")
        let confirm = Dialog.confirm("Revoke", "Jean will no longer read your record.", wording: .english)
        buffer = CellBuffer(width: 60, height: 12)
        confirm.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("Enter: confirm · Esc: cancel") })
        #expect(Dialog.confirm("Révoquer", "…").confirmLabel == "Entrée : confirmer")
        #expect(Dialog.confirm("Révoquer", "…").cancelLabel == "Échap : annuler")
    }

    @Test("an English form: its hint and its missing-field sentence")
    func englishForm() {
        var form = Form(title: "New allergy", fields: [Form.Field("Substance", required: true), Form.Field("Reaction", maxLength: 3)],
                        wording: .english)
        #expect(form.handle(.enter) == nil)
        #expect(form.problem == "Required field: Substance")
        _ = form.handle(.tab)
        for c in "Hives" { _ = form.handle(.character(c)) }
        #expect(form.problem == "Text too long (3 characters at most)")
        var buffer = CellBuffer(width: 80, height: 12)
        form.render(area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines.contains { $0.contains("Tab: next field · Enter: submit · Esc: cancel") })
    }

    @Test("a document's position: 42 % in French, 42% in English")
    func percent() {
        let lines = (0..<100).map { "ligne \($0)" }
        var buffer = CellBuffer(width: 20, height: 10)
        TextView.render(lines, offset: 0, area: buffer.area, into: &buffer, theme: .monochrome)
        #expect(buffer.lines[9].hasSuffix(" 10 % "))
        TextView.render(lines, offset: 0, area: buffer.area, into: &buffer, theme: .monochrome, wording: .english)
        #expect(buffer.lines[9].hasSuffix(" 10% "))
    }
}

@Suite("Forms and dialogs host real text fields")
struct FormEditingTests {
    static func form() -> Form {
        Form(title: "Nouvelle allergie", fields: [Form.Field("Substance", required: true), Form.Field("Classe"),
                                                 Form.Field("Réaction", required: true)])
    }

    @Test("Entrée submits from any field when everything required is there")
    func enterSubmitsFromFirstField() {
        var form = Form(title: "Nouvelle prescription", fields: [Form.Field("Médicament", required: true), Form.Field("Posologie"),
                                                                 Form.Field("Durée")])
        for c in "Metformine" { _ = form.handle(.character(c)) }
        #expect(form.handle(.enter) == .submitted(["Metformine", "", ""]))
        #expect(form.submitsFromAnyField)
    }

    @Test("Entrée with a required field empty stays, says which, and moves the focus to the first one missing")
    func enterFocusesFirstMissing() {
        var form = Self.form()
        _ = form.handle(.tab)
        for c in "J01C" { _ = form.handle(.character(c)) }
        #expect(form.handle(.enter) == nil)
        #expect(form.focus == 0)
        #expect(form.problem == "Champ obligatoire : Substance")
        for c in "Pénicilline" { _ = form.handle(.character(c)) }
        #expect(form.problem == nil)
        #expect(form.handle(.enter) == nil)
        #expect(form.focus == 2 && form.problem == "Champ obligatoire : Réaction")
        for c in "urticaire" { _ = form.handle(.character(c)) }
        #expect(form.handle(.enter) == .submitted(["Pénicilline", "J01C", "urticaire"]))
    }

    @Test("Tab, ↓ move on, ⇧Tab, ↑ move back, around the ends")
    func navigation() {
        var form = Self.form()
        _ = form.handle(.tab)
        _ = form.handle(.down)
        #expect(form.focus == 2)
        _ = form.handle(.tab)
        #expect(form.focus == 0)
        _ = form.handle(.backTab)
        #expect(form.focus == 2)
        _ = form.handle(.up)
        #expect(form.focus == 1)
    }

    @Test("← → Début Fin Suppr and the Ctrl keys edit the field, never move the focus")
    func editingKeysReachTheField() {
        var form = Self.form()
        for c in "Penicilline" { _ = form.handle(.character(c)) }
        for key: Key in [.home, .right, .delete] { #expect(form.handle(key) == nil) }
        _ = form.handle(.character("é"))
        #expect(form.values[0] == "Pénicilline" && form.focus == 0)
        _ = form.handle(.end)
        _ = form.handle(.left)
        _ = form.handle(.control("k"))
        _ = form.handle(.control("a"))
        _ = form.handle(.control("e"))
        _ = form.handle(.control("w"))
        #expect(form.values[0].isEmpty && form.focus == 0)
        for c in "q?i" { _ = form.handle(.character(c)) }
        #expect(form.values[0] == "q?i")
    }

    @Test("the old way stays on request: Entrée moves on until the last field")
    func enterMovesOnWhenAsked() {
        var form = Self.form()
        form.submitsFromAnyField = false
        for c in "Arachide" { _ = form.handle(.character(c)) }
        #expect(form.handle(.enter) == nil)
        #expect(form.focus == 1 && form.problem == nil)
    }

    @Test("the cursor stands in the focused field, at the field's cursor")
    func cursorInForm() throws {
        var form = Self.form()
        for c in "Arachide" { _ = form.handle(.character(c)) }
        _ = form.handle(.home)
        _ = form.handle(.right)
        var buffer = CellBuffer(width: 80, height: 24)
        form.render(area: buffer.area, into: &buffer, theme: .monochrome)
        let cursor = try #require(buffer.cursor)
        #expect(buffer[cursor.x, cursor.y].character == "r")
        #expect(buffer[cursor.x - 1, cursor.y].character == "A")
    }

    @Test("a text dialog: Début and Suppr edit, they do not close it; Échap cancels")
    func dialogKeys() {
        var dialog = Dialog.enterText("Titre", "Titre :", initial: "compte rendu")
        for key: Key in [.home, .delete, .end, .left, .control("w")] { #expect(dialog.handle(key) == nil) }
        #expect(dialog.handle(.character("C")) == nil)
        #expect(dialog.handle(.enter) == .entered("ompte Cu"))
        var other = Dialog.enterText("Titre", "Titre :", initial: "x")
        #expect(other.handle(.escape) == .cancelled)
    }
}
