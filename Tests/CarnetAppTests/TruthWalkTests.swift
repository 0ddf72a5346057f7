import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import TerminalKit
import Testing

// The truth walk (issue 16): every screen of every door, at 80×24 and 120×40, in French and
// English, read back from the terminal and held to three rules a reader relies on without
// knowing it — nothing is cut without saying so, no internal code shows, an English screen
// is English. ScreenSnapshotTests replays the same walk to keep each screen's text.

/// The three doors, as the walk names them in messages and snapshot files.
enum WalkDoor: String, CaseIterable, Sendable {
    case patient, kiosk, emergency

    var door: Door {
        switch self {
        case .patient: return .patient
        case .kiosk: return .kiosk
        case .emergency: return .emergency(window: 4 * 3600)
        }
    }
}

extension Strings.Language {
    /// "fr", "en": for file names and messages.
    var tag: String { rawValue }
}

/// One door on a TestTerminal over a demo database of its own, in a language and a size,
/// with both clocks pinned (2026-11-18, Paris) and moved only by the walk.
final class WalkFixture: @unchecked Sendable {
    // Immutable after init; the clocks move under their own lock.
    let folder: URL
    let database: CarnetDatabase
    let terminal: TestTerminal
    let session: DoorSession
    let store: RecordStore
    let clock: MovableClock

    init(_ door: WalkDoor, language: Strings.Language, width: Int, height: Int) throws {
        // No hyphen in the folder's name: a path typed into a dialog must not read as a code.
        (folder, database) = try temporaryDemo("carnetwalk")
        let clock = MovableClock(Date(timeIntervalSince1970: 1_795_000_000))
        self.clock = clock
        terminal = TestTerminal(width: width, height: height)
        let now: @Sendable () -> Date = { clock.now }
        let steady = SteadyClock { clock.steady }
        let paris = TimeZone(identifier: "Europe/Paris")!
        store = RecordStore(database: database, policy: try .standard(), clock: now)
        let credentials = Credentials(database: database, cost: .testing, clock: now)
        switch door {
        case .patient:
            session = DoorSession(terminal: terminal, access: store, signIn: credentials, strings: Strings(language, timeZone: paris), theme: .monochrome,
                                  clock: now, steadyClock: steady, timeZone: paris)
        case .kiosk, .emergency:
            let catalogs = Catalogs(formulary: try .standard(), labTests: try PrescriptionSafety.standard().labTests)
            session = DoorSession(terminal: terminal, store: store, finder: store, signIn: credentials, strings: Strings(language, timeZone: paris),
                                  theme: .monochrome, catalogs: catalogs, door: door.door, clock: now, steadyClock: steady, timeZone: paris)
        }
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    func marie() throws -> PatientID { try #require(try Directory(database: database).patient(ins: DemoAccounts.marieINS)).id }

    /// What Marie is told at sign-in, and her médecin traitant in his inbox: a first access
    /// (Jean BERNARD), a refused one (Claire PETIT, blocked), and a break-glass (Sophie LEROY).
    func seedAccesses() throws {
        let marie = try marie()
        _ = try store.allergies(of: marie, context: .kiosk(DemoAccounts.jeanBernard))
        _ = try? store.history(of: marie, context: .kiosk(DemoAccounts.clairePetit))
        let access = try store.startBreakGlass(on: marie, reason: .vitalEmergency, justification: "Patiente inconsciente, aucun proche joignable.",
                                               window: 3600, context: .emergency(DemoAccounts.sophieLeroy))
        clock.advance(by: 600)
        try store.stopBreakGlass(access, why: "logout", context: .emergency(DemoAccounts.sophieLeroy))
        clock.advance(by: 600)
    }
}

/// One step of the walk: keys, text, something done off the terminal, or a screen to read.
enum WalkStep {
    case keys([Key])
    case type(String)
    /// Done outside the terminal (the store, the clocks); the screen is drawn again after.
    case act((WalkFixture) throws -> Void)
    /// A screen reached: its name, and a text it must show (the walk has not gone astray).
    case screen(String, showing: String?)

    static func press(_ keys: Key...) -> WalkStep { .keys(keys) }
    static func shot(_ name: String, _ showing: String? = nil) -> WalkStep { .screen(name, showing: showing) }
}

/// The walk through a door: segments, each on a fresh fixture, each a list of steps.
struct WalkScript {
    let door: WalkDoor
    let language: Strings.Language

    func t(_ fr: String, _ en: String) -> String { language == .french ? fr : en }

    /// The key that confirms a deliberate act (`o` in French, `y` in English: both work).
    var yes: Key { .character(language == .french ? "o" : "y") }
    var justification: String { t("Patiente inconsciente, aucun proche joignable.", "Unconscious patient, no relative can be reached.") }

    static let marieINS = "258037511223324"
    static let lucINS = "171026912345697"

    var segments: [[WalkStep]] {
        switch door {
        case .patient: return patient
        case .kiosk: return kiosk
        case .emergency: return emergency
        }
    }

    /// The names of the screens, in order: the same in both languages.
    var screens: [String] {
        segments.joined().compactMap { if case let .screen(name, _) = $0 { return name } else { return nil } }
    }

    /// The segment that shows `screen`.
    func segment(showing screen: String) -> [WalkStep]? {
        segments.first { $0.contains { if case let .screen(name, _) = $0 { return name == screen } else { return false } } }
    }

    // MARK: The patient's door

    func signInPatient(_ ins: String, _ password: String) -> [WalkStep] {
        [.type(ins), .press(.enter), .type(password), .press(.enter)]
    }

    var patient: [[WalkStep]] {
        let signIn: [WalkStep] = [
            .shot("signin-empty", "INS"),
            .type("258037511223325"), .press(.enter), .shot("signin-invalid-ins", "258037511223325"),
            .press(.escape), .type(Self.marieINS), .press(.enter), .type("wrong"), .press(.enter), .shot("signin-wrong-password", Self.marieINS),
            .press(.function(1)), .shot("signin-help"), .press(.escape),
            .type("faux"), .press(.enter), .type("faux"), .press(.enter), .type("faux"), .press(.enter), .type("faux"), .press(.enter),
            .shot("signin-locked", "2026"),
        ]
        // Marie's record, in segments a fresh fixture each: a snapshot replays only the
        // segment of its screen, up to it.
        let seeded: [WalkStep] = [.act { try $0.seedAccesses() }] + signInPatient(Self.marieINS, "marie-demo")
        let marie = seeded + [.press(.enter)]
        let summary: [WalkStep] = seeded + [
            .shot("alerts", "PETIT"),
            .press(.enter), .shot("pane-1", "Marie DUPONT"),
            .press(.down, .down, .down), .shot("pane-1-directives", "acharnement"),
            .press(.enter), .shot("pane-1-detail", "acharnement"), .press(.escape),
            .type("?"), .shot("pane-1-help"), .press(.escape),
            .type("x"), .shot("export-unavailable"),
            .type("e"), .shot("emergency-chooser"),
            .press(.enter), .shot("organ-donation"),
            .press(.escape), .shot("cancelled"),
            .type("e2"), .shot("directives-editor", "thérapeutique"),
            .press(.enter), .shot("directives-confirm", t("favorable.", "consents.")), .press(.escape),
            .type("e3"), .shot("contacts-list", "06 98 76 54 32"),
            .type("1"), .shot("contact-action", "Pierre DUPONT"),
            .type("1"), .shot("contact-name", "Pierre DUPONT"),
            .press(.enter), .shot("contact-relationship"),
            .press(.enter), .shot("contact-phone", "06 12 34 56 78"),
            .press(.control("u"), .enter), .shot("contact-phone-missing"), .press(.escape),
        ]
        let panes: [WalkStep] = marie + [
            .type("2"), .shot("pane-2", "Diabète de type 2"),
            .press(.enter), .shot("pane-2-detail", "I10"), .press(.escape),
            .type("/diab"), .shot("pane-2-filter", "diab"),
            .press(.enter), .shot("pane-2-filtered", "Diabète de type 2"), .press(.escape),
            .type("3"), .shot("pane-3", "Pénicilline"),
            .press(.enter), .shot("pane-3-detail", "J01C"), .press(.escape),
            .type("4"), .shot("pane-4", "Vaxigrip"),
            .press(.enter), .shot("pane-4-detail", "L20251"), .press(.escape),
            .type("5"), .shot("pane-5", "Metformine"),
            .press(.enter), .shot("pane-5-detail", "ATC"), .press(.escape),
            .type("6"), .shot("pane-6", "Hémoglobine glyqu"),
            .type("?"), .shot("pane-6-help"), .press(.escape),
            .type("/hba1c"), .press(.enter, .down, .enter), .shot("pane-6-history", "HbA1c"),
            .press(.left, .left), .shot("pane-6-history-cursor"),
            .type("?"), .shot("pane-6-history-help"), .press(.escape),
            .press(.escape, .escape), .type("a"), .shot("pane-6-abnormal-first"), .type("a"),
            .type("7"), .shot("pane-7", "HbA1c"),
            .press(.enter), .shot("pane-7-detail", "6,9"), .press(.escape),
            .type("m"), .shot("mask-confirm", "HbA1c"), .press(.escape),
            // The file is not read before the last confirmation, which the walk cancels: a
            // fixed path keeps the snapshots the same on every machine.
            .type("n"), .shot("document-path"),
            .type("/home/marie/Documents/tension.txt"),
            .press(.enter), .shot("document-title", "tension.txt"),
            .press(.enter), .shot("document-type", "tension.txt"),
            .press(.enter), .shot("document-confirm", "tension.txt"), .press(.escape),
            .type("8"), .shot("pane-8"),
            .press(.enter), .shot("pane-8-detail"), .press(.escape),
        ]
        let access: [WalkStep] = marie + [
            .type("9"), .shot("pane-9", "Paul MARTIN"),
            .type("?"), .shot("pane-9-help"), .press(.escape),
            .press(.enter), .shot("treating-doctor-search"),
            .type("10002345675"), .press(.enter), .shot("treating-doctor-pick", "10002345675"),
            .press(.enter), .shot("treating-doctor-confirm", "LEROY"), .press(.escape),
            .type("a"), .shot("grant-search"),
            .type("leroy"), .press(.enter), .shot("grant-pick", "10002345675"),
            .press(.enter), .shot("grant-level", "LEROY"),
            .press(.down, .enter), .shot("grant-confirm", "LEROY"), .press(.escape),
            .press(.down, .down, .down), .shot("pane-9-grant", "▸Jean BERNARD"),
            .press(.enter), .shot("pane-9-detail"), .press(.escape),
            .type("l"), .shot("level-change", "Jean BERNARD"), .press(.escape),
            .type("r"), .shot("revoke-confirm", "Jean BERNARD"), .press(.escape),
            .type("b"), .shot("block-confirm", "Jean BERNARD"), .press(.escape),
            .press(.down, .down, .down), .shot("pane-9-blocked", "▸Claire PETIT"),
            .type("u"), .shot("unblock-confirm", "Claire PETIT"), .press(.escape),
            .press(.down, .down, .down), .press(.enter), .shot("consent-confirm"), .press(.escape),
            .type("c"), .shot("close-record-word"),
            .type(t("oui", "yes")), .press(.enter), .shot("close-record-mismatch"), .press(.escape),
        ]
        let history: [WalkStep] = marie + [
            .type("9h"), .shot("history", "Claire PETIT"),
            .press(.enter), .shot("history-detail"),
            .type("?"), .shot("history-detail-help"), .press(.escape), .press(.escape),
            .type("?"), .shot("history-help"), .press(.escape),
            .type("f"), .shot("history-filter-kind"),
            .type("3"), .shot("history-refused", "Claire PETIT"),
            .type("s"), .shot("history-filter-pane"), .press(.escape),
            .type("p"), .shot("history-filter-professional"), .press(.escape),
        ]
        let closing: [WalkStep] = signInPatient(Self.lucINS, "luc-demo") + [
            .shot("luc-pane-1", "Luc MOREAU"),
            .type("9"), .shot("luc-pane-9"),
            .type("c"), .type(t("clôturer", "close")), .press(.enter), .shot("closed-record"),
            .type("x"), .shot("signin-after-closing"),
        ] + signInPatient(Self.lucINS, "luc-demo") + [
            .shot("closed-record-signin"),
        ]
        let idle: [WalkStep] = signInPatient(Self.marieINS, "marie-demo") + [
            .act { fixture in
                fixture.clock.advance(by: 301)
                fixture.session.checkIdle()
            },
            .shot("idle-locked"),
        ]
        return [signIn, summary, panes, access, history, closing, idle]
    }

    // MARK: The kiosk

    func signInProfessional(_ rpps: String, _ pin: String) -> [WalkStep] {
        [.type(rpps), .press(.tab), .type(pin), .press(.enter)]
    }

    /// Types the query, searches, and opens the first patient found.
    func open(_ query: String) -> [WalkStep] { [.type(query), .press(.enter, .enter)] }

    var kiosk: [[WalkStep]] {
        let signIn: [WalkStep] = [
            .shot("signin-empty"),
            .press(.function(1)), .shot("signin-help"), .press(.escape),
            .type("10001234566"), .press(.enter), .shot("signin-invalid-rpps", "10001234566"),
            .press(.backspace), .type("5"), .press(.enter), .type("0000"), .press(.enter), .shot("signin-wrong-pin", "10001234565"),
            .act { $0.clock.advance(by: 11) },
            .type("1234"), .press(.enter), .shot("search-form", "RPPS 10001234565"),
            .press(.function(1)), .shot("search-help"), .press(.escape),
            .type("zzzz"), .press(.enter), .shot("search-no-match", "zzzz"),
            .press(.escape), .press(.escape), .shot("signed-out"),
        ]
        let paulOpens = signInProfessional("10001234565", "1234") + open(Self.marieINS)
        let paul: [WalkStep] = [.act { try $0.seedAccesses() }] + signInProfessional("10001234565", "1234") + [
            .press(.function(2)), .shot("inbox", "258037511223324"),
            .type("?"), .shot("inbox-help"), .press(.escape),
            .press(.escape),
            .type("marie dup"), .press(.enter), .shot("search-results", "DUPONT Marie"),
            .type("?"), .shot("results-help"), .press(.escape),
            .press(.enter), .shot("pane-1", "Marie DUPONT"),
            .press(.down, .down, .down, .enter), .shot("pane-1-detail", "acharnement"), .press(.escape),
            .type("?"), .shot("pane-1-help"), .press(.escape),
            // Nothing is written from the Synthèse: n is not a key there (nor in its footer).
            .type("n"), .shot("pane-1-n-ignored"),
            .type("2"), .shot("pane-2", "Diabète de type 2"),
            .press(.enter), .shot("pane-2-detail", "I10"), .press(.escape),
            .type("/diab"), .shot("pane-2-filter", "diab"), .press(.enter), .press(.escape),
            .type("n"), .shot("form-history"), .press(.escape), .shot("form-cancelled"),
        ]
        let prescribing: [WalkStep] = paulOpens + [
            .type("3"), .shot("pane-3", "Pénicilline"),
            .press(.enter), .shot("pane-3-detail", "J01C"), .press(.escape),
            .type("n"), .shot("form-allergy"), .press(.escape),
            .type("4"), .shot("pane-4", "Vaxigrip"),
            .press(.enter), .shot("pane-4-detail", "L20251"), .press(.escape),
            .type("n"), .shot("form-vaccination", "18"), .press(.escape),
            .type("5"), .shot("pane-5", "Metformine"),
            .press(.enter), .shot("pane-5-detail", "ATC"), .press(.escape),
            .type("?"), .shot("pane-5-help"), .press(.escape),
            .type("n"), .shot("form-prescription"),
            .type("amoxicilline"), .shot("form-prescription-suggestions", "Amoxicilline 500 mg"),
            .press(.tab), .type(t("1 g matin et soir", "1 g morning and evening")), .press(.tab), .type("6"), .press(.enter),
            .shot("prescription-pick", "Amoxicilline 1 g"),
            .type("1"), .shot("prescription-warning", "Pénicilline"),
            .press(.enter), .shot("prescription-warning-mismatch", "Pénicilline"), .press(.escape),
            .type("n"), .type("Amoxiciline 500 mg"), .press(.tab), .type(t("1 comprimé matin et soir", "1 tablet morning and evening")),
            .press(.tab), .type("7"), .press(.enter), .shot("prescription-closest", "Amoxicilline 500 mg"),
            .type("4"), .shot("prescription-unrecognised", "Amoxiciline 500 mg"), .press(.escape),
            .type("n"), .type("metformine"), .press(.enter), .shot("prescription-duplicate", "Metformine 1000 mg"), .press(.escape),
        ]
        let documents: [WalkStep] = paulOpens + [
            .type("6"), .shot("pane-6", "Hémoglobine glyqu"),
            .type("/hba1c"), .press(.enter, .down, .enter), .shot("pane-6-history", "HbA1c"),
            .press(.escape, .escape),
            .type("7"), .shot("pane-7", "HbA1c"),
            .press(.enter), .shot("pane-7-detail", "6,9"), .press(.escape),
            .type("n"), .shot("form-report"), .press(.escape),
            .type("8"), .shot("pane-8"),
            .press(.enter), .shot("pane-8-detail", "Analyses de biologie médicale"), .press(.escape),
            .type("9"), .shot("pane-9"),
            .press(.escape), .shot("back-to-results", "DUPONT Marie"),
            .type("q"), .shot("signed-out-by-q"),
        ]
        let jean: [WalkStep] = signInProfessional("10003456786", "3456") + open(Self.marieINS) + [
            .shot("jean-pane-1", "Marie DUPONT"),
            .type("2"), .shot("jean-pane-2"),
            .type("3"), .shot("jean-pane-3", "Pénicilline"),
            .type("4"), .shot("jean-pane-4"),
            .type("5"), .shot("jean-pane-5", "Metformine"),
            .press(.enter), .shot("jean-pane-5-detail", "ATC"), .press(.escape),
            .type("6"), .shot("jean-pane-6", "Hémoglobine glyqu"),
            .type("7"), .shot("jean-pane-7"),
            .type("8"), .shot("jean-pane-8"),
            .type("9"), .shot("jean-pane-9"),
        ]
        let claire: [WalkStep] = signInProfessional("10004567896", "4567") + [
            .type(Self.marieINS), .press(.enter), .shot("claire-search", Self.marieINS),
        ]
        return [signIn, paul, prescribing, documents, jean, claire]
    }

    // MARK: The emergency terminal

    func breakGlassForm(_ reason: String) -> [WalkStep] {
        [.type(reason), .press(.tab), .type(justification), .press(.enter)]
    }

    var emergency: [[WalkStep]] {
        let marie: [WalkStep] = [.shot("signin-empty")] + signInProfessional("10002345675", "2345") + [
            .shot("search-form", "RPPS 10002345675"),
            .press(.function(2)), .shot("inbox-empty"), .press(.escape),
            .type(Self.marieINS), .press(.enter), .shot("search-results", "DUPONT Marie"),
            .press(.enter), .shot("break-glass-form", "Marie DUPONT"),
            .press(.function(1)), .shot("break-glass-help"), .press(.escape),
        ] + breakGlassForm("7") + [
            .shot("break-glass-bad-reason"),
            .press(.backspace), .type("1"), .press(.tab, .control("u")), .type("urgent"), .press(.enter), .shot("break-glass-short-justification"),
            .press(.control("u")), .type(justification), .press(.enter), .shot("break-glass-confirm", "Marie DUPONT"),
            .press(yes), .shot("summary", "Pénicilline"),
            .press(.down, .down, .down, .enter), .shot("summary-detail", "acharnement"), .press(.escape),
            .type("?"), .shot("summary-help"), .press(.escape),
            .type("2"), .shot("summary-only-pane-2"),
            .press(.escape), .shot("escape-says-q"),
            .type("c"), .shot("full-record-confirm"),
            .press(yes), .shot("full-pane-2", "Diabète de type 2"),
            .type("6"), .shot("full-pane-6", "Potassium"),
            .type("/potass"), .press(.enter, .down, .enter), .shot("full-pane-6-history", "Potassium"),
            .press(.escape, .escape),
            .type("1"), .shot("full-pane-1", "Pénicilline"),
            .type("q"), .shot("end-confirm"),
            .press(yes), .shot("ended"),
        ]
        let luc: [WalkStep] = signInProfessional("10002345675", "2345") + open(Self.marieINS) + [
            .press(.escape), .shot("break-glass-abandoned"),
            .press(.escape), .press(.control("u")),
        ] + open(Self.lucINS) + [.shot("luc-break-glass-form", "Luc MOREAU")] + breakGlassForm("1") + [
            .press(yes), .shot("luc-refused", "Luc MOREAU"),
        ]
        return [marie, luc]
    }
}

extension WalkFixture {
    /// Runs `steps`, calling `visit` at each screen they name, and stops after `last`.
    /// - Returns: the names of the screens reached.
    @discardableResult
    func walk(_ steps: [WalkStep], until last: String? = nil, visit: (String, String?) throws -> Void) throws -> [String] {
        session.run(untilIdle: true)
        var seen: [String] = []
        for step in steps {
            switch step {
            case let .keys(keys):
                terminal.send(contentsOf: keys.map { .key($0) })
                session.run(untilIdle: true)
            case let .type(text):
                terminal.type(text)
                session.run(untilIdle: true)
            case let .act(action):
                try action(self)
                session.run(untilIdle: true)
            case let .screen(name, showing):
                seen.append(name)
                try visit(name, showing)
                if name == last { return seen }
            }
        }
        return seen
    }
}

// MARK: - The rules

/// What a screen must not do to its reader, read from the frame the terminal holds.
struct ScreenRules {
    let language: Strings.Language

    /// Values the walk knows or types: shown in part, they must end with "…" (or go on, on
    /// the next line of the same area: wrapped).
    static let knownValues: [String] = [
        "Marie DUPONT", "DUPONT Marie", "Luc MOREAU", "MOREAU Luc", "Pierre DUPONT", "Isabelle DUPONT", "Anne MOREAU",
        "Dr Paul MARTIN", "Dr Sophie LEROY", "Jean BERNARD", "Claire PETIT", "Hélène PERRIN",
        "258037511223324", "171026912345697", "10001234565", "10002345675", "10003456786", "10004567896",
        "Pénicilline", "Latex", "Urticaire généralisée, œdème de Quincke",
        "Je ne souhaite pas d'acharnement thérapeutique. Personne de confiance : Pierre DUPONT, mon époux.",
        "06 12 34 56 78", "06 98 76 54 32", "06 45 67 89 01",
        "Metformine 1000 mg", "Amlodipine 5 mg", "Amoxicilline 1 g", "Amoxicilline 500 mg", "Salbutamol 100 µg",
        "1 comprimé matin et soir au cours des repas", "Hypertension artérielle essentielle", "Infarctus du myocarde chez le père",
        "Patiente inconsciente, aucun proche joignable.", "Unconscious patient, no relative can be reached.",
    ]

    /// Values a line break must not split either: a number read aloud over the phone or
    /// typed elsewhere, a dose. Shown in two parts, the reader may take one for the whole.
    static let unbreakable: [String] = [
        "06 12 34 56 78", "06 98 76 54 32", "06 45 67 89 01",
        "258037511223324", "171026912345697", "10001234565", "10002345675", "10003456786", "10004567896",
        "1000 mg", "500 mg", "5 mg", "1 g", "100 µg",
    ]

    /// Text the record itself holds, in French whatever the screen's language: an English
    /// screen shows it as it is. By field of the demo records the walk opens; and the
    /// formulary's names (catalogue data, French).
    static let recordData: [String] = [
        // A break-glass justification, as the doctor wrote it (in the audit trail).
        "Patiente inconsciente, aucun proche joignable.",
        // Advance directives, people to contact.
        "Je ne souhaite pas d'acharnement thérapeutique. Personne de confiance : Pierre DUPONT, mon époux.",
        "Pierre DUPONT (époux)", "Isabelle DUPONT (fille)", "Anne MOREAU (sœur)",
        // History labels, and an author outside Carnet.
        "Diabète de type 2", "Hypertension artérielle essentielle", "Appendicectomie", "Infarctus du myocarde chez le père", "CH de Nantes",
        // Allergy reaction, dosages, vaccines and doses, reimbursed acts.
        "Urticaire généralisée, œdème de Quincke", "1 comprimé matin et soir au cours des repas", "1 comprimé le matin",
        "2 bouffées si gêne respiratoire", "Revaxis (dTP)", "Vaxigrip Tetra (grippe)", "rappel 65 ans", "saison 2025-2026",
        "Consultation médecin généraliste (G)", "Délivrance de médicaments en pharmacie", "Analyses de biologie médicale",
        // Document titles and texts.
        "Bilan biologique — HbA1c", "Consultation d'endocrinologie", "Consultation de psychiatrie",
        "Patiente : Marie DUPONT", "Prélèvement du 08/09/2026", "HbA1c : 6,9 % (objectif < 7 %)", "Glycémie à jeun : 1,28 g/L",
        "Créatinine : 71 µmol/L, DFG 82 mL/min", "Conclusion : diabète équilibré sous metformine.",
        // A laboratory's names for its tests.
        "Groupe sanguin ABO et Rhésus",
    ] + ((try? Formulary.standard().entries.map(\.name)) ?? [])

    /// Internal codes: identifiers joined with ":", the store's hyphenated words, and what
    /// Swift prints for nothing.
    static let codePatterns: [(String, NSRegularExpression)] = {
        var patterns = [
            #"\b(rpps|patient|operator|carnet|professional|kiosk|emergency|actor|ins|self|care)[:][A-Za-z0-9]"#,
            #"\b[a-z]+(-[a-z]+){2,}\b"#,
            #"\b[a-z]+_[a-z_]+\b"#,
            #"\(ATC ?\)"#, #"\(\s*\)"#, #"\[\s*\]"#, #"«\s*»"#, #"Optional\("#, #"\bnil\b"#,
        ]
        var codes = AuditAction.allCases.map(\.rawValue) + BreakGlassReason.allCases.map(\.rawValue) + Profession.allCases.map(\.rawValue)
            + AccessLevel.allCases.map(\.rawValue) + OrganDonationStance.allCases.map(\.rawValue) + HistoryItem.Kind.allCases.map(\.rawValue)
            + AccessHistoryFilter.Kind.allCases.map(\.rawValue) + SessionEnd.allCases.map(\.rawValue) + DocumentType.allCases.map(\.rawValue)
            + ["first-access", "blocked-attempt", "emergency-physician", "samu-regulator", "full-record", "ended-by-store", "not-stopped"]
        let reasons: [RefusalReason] = [.recordClosed, .notOwnRecord, .blocked, .noGrant, .readOnlyGrant, .breakGlassExpired, .breakGlassNotStarted,
                                        .justificationTooShort, .breakGlassSummaryOnly, .breakGlassReadOnly, .documentMasked,
                                        .patientOnly(.access), .consentRefused(.emergencyPhysician), .professionCannotBreakGlass(.nurse)]
        codes += reasons.map { String($0.code.split(separator: ":").first ?? "") }
        // Only codes that cannot be a word of a sentence: a hyphen or an underscore in them.
        // "break-glass" is one, in English: "Emergency access (break-glass)".
        patterns += Set(codes.filter { ($0.contains("-") || $0.contains("_")) && $0 != "break-glass" }).sorted().map { #"(?<![\w-])"# + NSRegularExpression.escapedPattern(for: $0) + #"(?![\w-])"# }
        return patterns.map { ($0, try! NSRegularExpression(pattern: $0)) }
    }()

    /// French on an English screen: the app's own words, never the record's.
    static let frenchWords: [(String, NSRegularExpression)] = {
        let words = ["Entrée", "Échap", "Suppr", "PgPréc", "PgSuiv", "médecin", "Médecin", "Groupe", "non renseigné", "Synthèse", "Synth.",
                     "Antéc.", "Antécédents", "Rembt.", "Remboursements", "Vaccins", "Accès", "accès", "dossier", "Dossier", "patiente",
                     "Patiente", "volet", "Volet", "volets", "retour", "quitter", "Quitter", "aide", "Aide", "déconnexion", "Recherche",
                     "recherche", "Rechercher", "Connexion", "connexion", "Mot de passe", "Motif", "Motifs", "annuler", "renoncer",
                     "confirmer", "valider", "Tapez", "tapez", "vous", "Vous", "votre", "Votre", "aucune", "Aucune", "aucun", "Aucun",
                     "depuis", "lecture", "écriture", "autorisé", "refusé", "REFUSÉ", "bloqué", "sévère", "en cours", "ans", "Historique",
                     "historique", "oui", "KIOSQUE", "URGENCES", "BRIS DE GLACE", "personne", "Personne", "fermer", "ouvrir", "détail",
                     "filtrer", "Filtre", "Annulé", "rien", "Rien", "pharmacien", "infirmier", "infirmière", "généraliste", "urgentiste",
                     "chiffres", "essai", "essais", "Ouverture", "Lecture", "Enregistrement", "Modifier", "Retirer", "Ajouter", "Choisir",
                     "Valider", "Annuler", "Terminer", "Clôturer", "clôturer", "jusqu'au", "reste", "Déconnecté"]
        var patterns = words.map { #"(?<!\w)"# + NSRegularExpression.escapedPattern(for: $0) + #"(?!\w)"# }
        // French typography: a space before ":", "?", "!", "%", and « » quotes.
        patterns += [#"\S : "#, #"\S :$"#, #"\w \?"#, #"\w !"#, #"\d %"#, "«", "»"]
        return patterns.map { ($0, try! NSRegularExpression(pattern: $0)) }
    }()

    /// Characters boxes are drawn with.
    static let frame: Set<Character> = ["│", "─", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼"]

    struct Box { let left, top, right, bottom: Int }

    /// A problem: the line (0-based), what it shows, and the rule.
    struct Problem: CustomStringConvertible {
        let line: Int
        let text: String
        let rule: String
        var description: String { "line \(line + 1): \(rule)\n    │\(text)│" }
    }

    /// The frame's cells as characters, a wide character's second cell as nil.
    static func grid(_ frame: CellBuffer) -> [[Character?]] {
        (0..<frame.height).map { y in (0..<frame.width).map { x in frame[x, y].isContinuation ? nil : frame[x, y].character } }
    }

    /// The boxes whose four sides are whole on screen.
    static func boxes(_ grid: [[Character?]]) -> [Box] {
        var found: [Box] = []
        for (y, row) in grid.enumerated() {
            for (x, cell) in row.enumerated() where cell == "┌" {
                guard let right = row[(x + 1)...].firstIndex(where: { $0 == "┐" || $0 == "┌" }), row[right] == "┐" else { continue }
                var bottom = y + 1
                while bottom < grid.count, grid[bottom][x] == "│", grid[bottom][right] == "│" { bottom += 1 }
                guard bottom < grid.count, grid[bottom][x] == "└", grid[bottom][right] == "┘" else { continue }
                found.append(Box(left: x, top: y, right: right, bottom: bottom))
            }
        }
        return found
    }

    /// A stretch of a line read as one area: its columns, and whether its right end is an
    /// edge (the screen's, or a frame's) rather than a box drawn over it.
    struct Area { let from: Int, to: Int, endsAtEdge: Bool, inBox: Bool }

    static func areas(line y: Int, width: Int, boxes: [Box]) -> [Area] {
        var result: [Area] = []
        var column = 0
        for box in boxes.filter({ $0.top <= y && y <= $0.bottom }).sorted(by: { $0.left < $1.left }) where box.left >= column {
            if box.left > column { result.append(Area(from: column, to: box.left - 1, endsAtEdge: false, inBox: false)) }
            if box.top < y && y < box.bottom { result.append(Area(from: box.left + 1, to: box.right - 1, endsAtEdge: true, inBox: true)) }
            column = box.right + 1
        }
        if column < width { result.append(Area(from: column, to: width - 1, endsAtEdge: true, inBox: false)) }
        return result
    }

    static func text(_ row: [Character?], _ area: Area) -> String { String(row[area.from...area.to].compactMap { $0 }) }

    func problems(in frame: CellBuffer) -> [Problem] {
        let grid = Self.grid(frame)
        let boxes = Self.boxes(grid)
        let lines = frame.lines
        var problems: [Problem] = []
        for (y, row) in grid.enumerated() {
            let line = lines[y]
            func flag(_ rule: String) { problems.append(Problem(line: y, text: line, rule: rule)) }
            // A box's title cut at its frame: the title's last column holds a letter.
            for box in boxes where box.top == y && box.right - box.left >= 4 {
                if let last = row[box.right - 2], last != "─", last != " ", last != "…" { flag("box title cut without …") }
            }
            let following = y + 1 < grid.count ? Self.areas(line: y + 1, width: grid[y + 1].count, boxes: boxes) : []
            for area in Self.areas(line: y, width: grid[y].count, boxes: boxes) {
                let text = Self.text(row, area)
                // What goes on under this area: in a box, the box's next line; elsewhere the
                // next line from the screen's left, where lists start (up to a box drawn over it).
                let nextArea = area.inBox ? following.first { $0.inBox && $0.from == area.from } : following.first { !$0.inBox && $0.from == 0 }
                let next = nextArea.map { Self.text(grid[y + 1], $0) } ?? ""
                // A stretch right of a box that is one piece of a word: the box hides its start,
                // so whether the row it belongs to is cut cannot be read from it.
                let fragment = !area.inBox && area.from > 0 && !text.contains(" ")
                // 1. Text that runs into the edge of its area ends with "…", unless it is a
                // list row wrapped there: its next line is indented past the marker's column.
                if area.endsAtEdge, let last = row[area.from...area.to].last(where: { $0 != nil }) ?? nil,
                   last != " ", last != "…", !Self.frame.contains(last), !Self.isPositionMark(text), !Self.isWrapped(next), !fragment {
                    flag(area.inBox ? "text runs into the frame without …" : "text runs off the screen without …")
                }
                // 2. A known value shown in part ends with "…", or goes on on the next line;
                // a phone number, an identifier or a dose goes on one line whole.
                if area.endsAtEdge, let (value, split) = partialValue(at: text, next: next) {
                    flag(split ? "«\(value)» split over two lines" : "«\(value)» shown in part without …")
                }
            }
            // 3. No internal code.
            let range = NSRange(line.startIndex..., in: line)
            for (pattern, regex) in Self.codePatterns {
                if let match = regex.firstMatch(in: line, range: range) {
                    flag("internal code «\((line as NSString).substring(with: match.range))» (\(pattern))")
                }
            }
            // 4. An English screen speaks English, but for the record's own words.
            if language == .english {
                let plain = String(line.map { Self.frame.contains($0) || $0 == "▸" || $0 == "…" ? " " : $0 })
                let plainRange = NSRange(plain.startIndex..., in: plain)
                for (pattern, regex) in Self.frenchWords {
                    for match in regex.matches(in: plain, range: plainRange) where !Self.isRecordData(plain, match.range) {
                        flag("French on an English screen: «\((plain as NSString).substring(with: match.range))» (\(pattern))")
                    }
                }
            }
        }
        return problems
    }

    /// A list row's continuation line: the marker's column, the two-column indent, text.
    /// (A row that itself begins with two spaces, a person to contact, reads the same: the
    /// rule lets such a row follow a full line; the known-values rule still holds there.)
    static func isWrapped(_ next: String) -> Bool {
        next.hasPrefix("   ") && next.dropFirst(3).first.map { $0 != " " } == true
    }

    /// "1/21", "3/40" at the list's bottom right: a position, not a cut text.
    static func isPositionMark(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let word = trimmed.split(separator: " ").last, trimmed.count > word.count || text.hasSuffix(String(word)) else { return false }
        let parts = word.split(separator: "/")
        let positioned = text.dropLast(word.count).last == " "
        return positioned && parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// The known value `text` ends with a part of, when the part is cut (mid-word, or after
    /// its first word) and not continued on the next line of the same area; or, `split`,
    /// an unbreakable value continued there.
    func partialValue(at text: String, next: String) -> (value: String, split: Bool)? {
        let shown = Array(text.trimmingCharacters(in: .whitespaces))
        guard let last = shown.last, last != "…" else { return nil }
        var following = next.trimmingCharacters(in: .whitespaces)
        if following.hasPrefix("▸") { following.removeFirst() }
        if following.hasSuffix("…") { following.removeLast() }
        following = following.trimmingCharacters(in: .whitespaces)
        for value in Self.unbreakable + Self.knownValues {
            let characters = Array(value)
            let unbreakable = Self.unbreakable.contains(value)
            for count in stride(from: min(characters.count - 1, shown.count), through: unbreakable ? 1 : 5, by: -1) where characters[count - 1] == last {
                guard Array(shown.suffix(count)) == Array(characters.prefix(count)) else { continue }
                // The part starts where a word starts.
                if shown.count > count, let before = shown.dropLast(count).last, before.isLetter || before.isNumber { continue }
                // Wrapped: the next line of the area begins with the rest.
                let rest = String(characters[count...]).trimmingCharacters(in: .whitespaces)
                let continued = !following.isEmpty && (following.hasPrefix(rest) || rest.hasPrefix(following))
                if unbreakable && continued { return (value, true) }
                guard count >= 5 else { continue }
                let midWord = characters[count - 1].isLetter || characters[count - 1].isNumber ? (characters[count].isLetter || characters[count].isNumber) : false
                let severalWords = characters.prefix(count).contains(" ")
                guard midWord || severalWords, !continued else { continue }
                return (value, false)
            }
        }
        return nil
    }

    /// A French word on an English screen is the record's when the words around it are.
    static func isRecordData(_ line: String, _ range: NSRange) -> Bool {
        let text = line as NSString
        let before = text.substring(to: range.location), after = text.substring(from: range.location + range.length)
        let hit = text.substring(with: range)
        let previous = before.split(separator: " ", omittingEmptySubsequences: false)
        let following = after.split(separator: " ", omittingEmptySubsequences: false)
        // The hit with its neighbour on each side, as far as a double space (a column).
        let leftWord = before.hasSuffix("  ") ? "" : String(previous.last ?? "")
        let rightWord = after.hasPrefix("  ") ? "" : String(following.first ?? "")
        let left = (before.hasSuffix(" ") && !before.hasSuffix("  ") ? String(previous.dropLast().last ?? "") + " " : leftWord)
        let right = (after.hasPrefix(" ") && !after.hasPrefix("  ") ? " " + String(following.dropFirst().first ?? "") : rightWord)
        let candidates = [left + hit + right, left + hit, hit + right].map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0 != hit.trimmingCharacters(in: .whitespaces) && !$0.isEmpty }
        return candidates.contains { candidate in recordData.contains { $0.contains(candidate) } }
    }
}

// MARK: - The walk

/// Where a walk runs: a door, a size, a language.
struct WalkCase: Sendable, CustomTestStringConvertible {
    let door: WalkDoor
    let width: Int
    let height: Int
    let language: Strings.Language
    var testDescription: String { "\(door.rawValue) \(width)×\(height) \(language.tag)" }

    static let all: [WalkCase] = WalkDoor.allCases.flatMap { door in
        [(80, 24), (120, 40)].flatMap { size in Strings.Language.allCases.map { WalkCase(door: door, width: size.0, height: size.1, language: $0) } }
    }
}

@Suite("The truth walk: every screen of every door, in both languages and two sizes")
struct TruthWalkTests {
    @Test("each screen is read whole: no cut without a mark, no internal code, English in English", arguments: WalkCase.all)
    func walk(_ walk: WalkCase) throws {
        let script = WalkScript(door: walk.door, language: walk.language)
        // The screens are the same in both languages: the snapshots name them so.
        #expect(script.screens == WalkScript(door: walk.door, language: .french).screens)
        #expect(Set(script.screens).count == script.screens.count, "a screen name is used twice")
        let rules = ScreenRules(language: walk.language)
        var reached: [String] = []
        for segment in script.segments {
            let fixture = try WalkFixture(walk.door, language: walk.language, width: walk.width, height: walk.height)
            reached += try fixture.walk(segment) { name, showing in
                let screen = fixture.terminal.screenText
                // WALK_DUMP=<folder>: every screen read, at every size, to read by eye (the
                // snapshots keep 80×24 only).
                if let dump = ProcessInfo.processInfo.environment["WALK_DUMP"] {
                    try? (screen + "\n").write(toFile: "\(dump)/\(walk.door.rawValue)-\(walk.width)-\(walk.language.tag)-\(name).txt", atomically: true, encoding: .utf8)
                }
                let place = "\(walk.door.rawValue) \(walk.width)×\(walk.height) \(walk.language.tag), screen \(name)"
                if let showing {
                    #expect(screen.contains(showing), "\(place): the walk went astray, «\(showing)» is not on screen\n\(screen)")
                }
                for problem in rules.problems(in: fixture.terminal.frame) {
                    Issue.record("\(place), \(problem)")
                }
            }
        }
        #expect(reached == script.screens)
    }

    @Test("the rules catch what they are for, and pass frames, padding and positions")
    func rulesCatch() {
        let rules = ScreenRules(language: .english)
        // A frame as wide as the first line, text running to its edge; or wider.
        func problems(_ lines: [String], width: Int? = nil) -> [String] {
            let width = width ?? lines.map(\.count).first ?? 0
            var frame = CellBuffer(width: width, height: lines.count)
            for (y, line) in lines.enumerated() { frame.write(line, x: 0, y: y) }
            return rules.problems(in: frame).map(\.rule)
        }
        // Cut at the screen's edge, with and without the mark; a position at the bottom right.
        #expect(problems(["Directives: Je ne souhaite pas d'acharnement thér"]).count >= 1)
        #expect(problems(["Directives: Je ne souhaite pas d'acharnement th…"]).isEmpty)
        #expect(problems(["Vaxigrip Tetra                        1/21"]).isEmpty)
        #expect(problems(["14:05  Jean BERNARD (RPPS 10003456786)"], width: 60).isEmpty)
        // A box: padding is not a cut; text over the padding is; a title cut at the frame is.
        #expect(problems(["┌─ Help ───┐", "│ Up       │", "└──────────┘"]).isEmpty)
        #expect(problems(["┌─ Help ───┐", "│ Upwardsss│", "└──────────┘"]) == ["text runs into the frame without …"])
        #expect(problems(["┌─ Helpful─┐", "│ Up       │", "└──────────┘"]) == ["box title cut without …"])
        // A phone number cut at a word's end, then the same wrapped onto the next line.
        #expect(problems(["Pierre DUPONT — 06 12 34", ""], width: 30).contains { $0.contains("06 12 34 56 78") })
        #expect(problems(["Pierre DUPONT — 06 12 34", "  56 78"], width: 30) == ["«06 12 34 56 78» split over two lines"])
        #expect(problems(["Pierre DUPONT (époux) —", "06 12 34 56 78"], width: 30).isEmpty)
        // A list row wrapped at the screen's edge goes on, indented, on the next line.
        #expect(problems([" Directives: Je ne souhaite pas", "   d'acharnement"]).isEmpty)
        #expect(problems([" Organ donation: consents fully", " Contacts: none."]) == ["text runs off the screen without …"])
        // Codes, and French on an English screen, but the record's own French.
        #expect(problems(["Refused — consent-refused"], width: 60).count == 1)
        #expect(problems(["actor rpps:10001234565"], width: 60).count == 1)
        #expect(problems(["Dosage: (ATC )"], width: 60).count == 1)
        #expect(problems(["Entrée details"], width: 60).count == 1)
        #expect(problems(["Blood group : A+"], width: 60).count == 1)
        #expect(problems(["Directives: Je ne souhaite pas d'acharnement thérapeutique. Personne de confiance : Pierre DUPONT, mon époux."],
                         width: 120).isEmpty)
    }
}
