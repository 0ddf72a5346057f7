import CarnetModel
import TerminalKit

/// What a row stands for, when the patient can act on it (the Accès pane, documents).
public enum RowTarget: Sendable, Equatable {
    case none
    case treatingDoctor(Professional?)
    case grant(AccessGrant)
    case blocked(Professional)
    case consent(BreakGlassConsentKind, allowed: Bool)
    case history
    case document(Document)
    /// A test of the Résultats pane (its key): Enter opens its history.
    case resultTest(String)
}

/// What a pane shows: one line per row, and the details `Enter` opens for each row.
public struct PaneContent: Sendable, Equatable {
    public var rows: [String]
    public var details: [String]
    /// What each row stands for (empty: nothing to act on).
    public var targets: [RowTarget]
    /// A refusal or an error to show instead of rows.
    public var notice: String?
    /// Emergency data, for the patient to edit from the Synthèse.
    public var emergencyData: EmergencyData?
    /// The Résultats pane's tests and lines.
    public var results: ResultsPaneState?

    public init(rows: [String], details: [String], targets: [RowTarget] = [], notice: String? = nil) {
        self.rows = rows
        self.details = details
        self.targets = targets
        self.notice = notice
    }

    public static func notice(_ text: String) -> PaneContent { PaneContent(rows: [], details: [], notice: text) }

    /// A pane of entries: one row and one details text per entry.
    static func entries<Entry>(_ entries: [Entry], row: (Entry) -> String, details: (Entry) -> String) -> PaneContent {
        PaneContent(rows: entries.map(row), details: entries.map(details))
    }

    /// Reads a pane through the access seam (each call audited by the store) and formats it.
    /// A refusal or an error becomes the pane's notice, in the screen's language.
    /// `patientSex`: the record's patient, for "la patiente" in refusals and authors; nil
    /// when the screen does not know it.
    /// `today`: for how old a result is on the Synthèse ("il y a 2 ans"); nil says no age.
    public static func load(_ section: RecordSection, of patient: PatientID, access: any RecordAccess,
                            context: AccessContext, strings: Strings, patientSex: Sex? = nil, today: CalendarDate? = nil) -> PaneContent {
        do {
            return try read(section, of: patient, access: access, context: context, strings: strings, patientSex: patientSex, today: today)
        } catch {
            return .notice(strings.message(for: error, patientSex: patientSex))
        }
    }

    private static func read(_ section: RecordSection, of patient: PatientID, access: any RecordAccess,
                             context: AccessContext, strings s: Strings, patientSex: Sex?, today: CalendarDate?) throws -> PaneContent {
        func clean(_ text: String?) -> String { Sanitizer.clean(text ?? "") }
        // The patient reads "Vous" where an entry is theirs; a professional reads "La patiente".
        let readByPatient: Bool = { if case .patient = context.actor { return true } else { return false } }()
        func author(_ author: Author) -> String { s.author(author, readByPatient: readByPatient, patientSex: patientSex) }
        // " (ATC J01CA04)" when there is a code, nothing at all when there is none: never "(ATC )".
        func aside(_ label: String, _ code: String?) -> String {
            guard let code, !code.isEmpty else { return "" }
            return " (" + label + Sanitizer.clean(code) + ")"
        }
        // The sources' statements about the section come first; an empty section with
        // none says "pas d'information".
        func stated(_ section: RecordSection, _ content: PaneContent) throws -> PaneContent {
            let statements = try access.statements(of: patient, section: section, context: context)
            var content = content
            content.rows = statements.map(s.statement) + content.rows
            content.details = statements.map(s.statementDetails) + content.details
            if !content.targets.isEmpty { content.targets = Array(repeating: .none, count: statements.count) + content.targets }
            if content.rows.isEmpty { content.notice = s.noInformation }
            return content
        }
        switch section {
        case .summary:
            let summary = try access.summary(of: patient, context: context)
            let p = summary.patient
            // The directives and each person to contact on a row of their own, whole: the
            // screen wraps a long row, and a phone number must never be cut off.
            let directives = clean(p.advanceDirectives)
            var lines = ["── \(s.emergencyData) ──",
                         s.field(s.bloodGroupLabel, p.bloodGroup?.rawValue ?? s.unknown),
                         s.field(s.organDonation, s.organStance(p.organDonation)),
                         s.field(s.advanceDirectives, directives.isEmpty ? s.noneRecorded : directives)]
            let directivesRow = lines.count - 1
            if p.contacts.isEmpty {
                lines.append(s.field(s.contacts, s.noneRecorded))
            } else {
                lines.append(s.field(s.contacts, "").trimmingCharacters(in: .whitespaces))
                lines += p.contacts.map { "  " + s.contact($0) }
            }
            lines += ["", "── \(s.pane(.allergies)) ──"]
            // An empty part says what the sources stated ("aucune allergie connue", "pas
            // d'information"), never "aucune" on its own: nobody may have asked.
            let said = summary.statements
            lines += summary.allergies.map { $0.isEmpty ? s.absence(.allergies, said) : $0.map { "\(clean($0.substance)) — \(s.severity($0.severity))" } } ?? [s.notShown]
            lines += ["", "── \(s.activeProblems) ──"]
            lines += summary.activeProblems.map { $0.isEmpty ? s.absence(.history, said) : $0.map { "\(clean($0.label)) (\(s.date($0.onset)))" } } ?? [s.notShown]
            lines += ["", "── \(s.currentMedicines) ──"]
            lines += summary.currentMedicines.map { $0.isEmpty ? s.absence(.prescriptions, said) : $0.map { clean($0.medicine) + ($0.dosage.isEmpty ? "" : " — " + clean($0.dosage)) } } ?? [s.notShown]
            // Results where a clinician looks for them: the emergency tests with their age
            // (an old potassium reads as old), and what was abnormal lately.
            func resultLine(_ result: LabResult) -> String {
                let age = today.map { s.valueAge(result.date, today: $0) } ?? ""
                let flag = result.flag.map { "  " + $0.rawValue } ?? ""
                return "\(clean(result.label))  \(s.resultValue(result))\(flag)  \(s.date(result.date))" + (age.isEmpty ? "" : " (\(age))")
            }
            lines += ["", "── \(s.keyResultsTitle) ──"]
            lines += summary.keyResults.map { $0.isEmpty ? [s.t("Aucun résultat de : ", "No result for: ") + s.keyResultNames] : $0.map(resultLine) } ?? [s.notShown]
            lines += ["", "── \(s.abnormalResultsTitle) ──"]
            lines += summary.recentAbnormalResults.map { $0.isEmpty ? [s.t("Aucun", "None")] : $0.map(resultLine) } ?? [s.notShown]
            lines += ["", "── \(s.lastVaccinations) ──"]
            lines += summary.lastVaccinations.map { $0.isEmpty ? s.absence(.vaccinations, said) : $0.map { "\(s.date($0.date))  \(clean($0.vaccine))" } } ?? [s.notShown]
            var details = lines
            // Enter shows the directives with their own line breaks.
            if !directives.isEmpty {
                details[directivesRow] = s.advanceDirectives + "\n\n" + Sanitizer.clean(p.advanceDirectives ?? "", keepNewlines: true)
            }
            var content = PaneContent(rows: lines, details: details)
            content.emergencyData = EmergencyData(organDonation: p.organDonation, advanceDirectives: p.advanceDirectives, contacts: p.contacts)
            return content
        case .history:
            return try stated(.history, .entries(try access.history(of: patient, context: context),
                            row: { "\(s.date($0.onset))  \(clean($0.label))  [\(s.status($0.status))]" },
                            details: { "\(clean($0.label))\n\n" + (clean($0.code).isEmpty ? "" : s.field("Code", clean($0.code)) + "\n")
                                + "\(s.kind($0.kind)) · \(s.status($0.status))\n\(s.date($0.onset)) → \(s.date($0.end))\(s.codes($0.codes))\n\n\(author($0.author))" }))
        case .allergies:
            return try stated(.allergies, .entries(try access.allergies(of: patient, context: context),
                            row: { "\(clean($0.substance)) — \(s.severity($0.severity))" + (clean($0.reaction).isEmpty ? "" : " — " + clean($0.reaction)) },
                            details: { "\(clean($0.substance))\(aside("", $0.substanceClass))\n\n\(clean($0.reaction))\n\(s.severity($0.severity)) · \(s.status($0.status))\n\(s.date($0.recordedOn))\(s.codes($0.codes))\n\n\(author($0.author))" }))
        case .vaccinations:
            return try stated(.vaccinations, .entries(try access.vaccinations(of: patient, context: context),
                            row: { "\(s.date($0.date))  \(clean($0.vaccine))  \(clean($0.dose))" },
                            details: { "\(clean($0.vaccine))\n\n" + (clean($0.dose).isEmpty ? "" : clean($0.dose) + "\n") + s.date($0.date)
                                + (clean($0.lot).isEmpty ? "" : "\n" + s.field(s.t("Lot", "Batch"), clean($0.lot))) + "\(s.codes($0.codes))\n\n\(author($0.author))" }))
        case .prescriptions:
            return try stated(.prescriptions, .entries(try access.prescriptions(of: patient, context: context),
                            row: { "\(s.date($0.start))  \(clean($0.medicine))  [\(s.status($0.status))]" },
                            details: { "\(clean($0.medicine))\(aside("ATC ", $0.atc))\n\n\(clean($0.dosage))\n\(s.date($0.start)) → \(s.date($0.end))\(s.codes($0.codes))\n\n\(author($0.prescriber))" }))
        case .documents:
            let documents = try access.documents(of: patient, context: context)
            var content = PaneContent.entries(documents,
                            row: { document in
                var marks: [String] = []
                if document.state.maskedFromProfessionals { marks.append(s.masked) }
                if document.state.archived { marks.append(s.archived) }
                if document.state.isObsolete { marks.append(s.obsolete) }
                if let file = document.attachment { marks.append("\(clean(file.mediaType)), \(s.bytes(file.byteCount))") }
                // The patient's own documents read differently at a glance: "✎" before them.
                let author = document.isPatientAuthored ? "✎ " + s.patientAuthored : clean(document.author.displayName)
                return "\(s.date(document.date))  \(clean(document.title))  \(author)" + (marks.isEmpty ? "" : "  [\(marks.joined(separator: ", "))]")
            }, details: { document in
                let body = document.attachment.map { s.storedFile($0.mediaType, s.bytes($0.byteCount)) } ?? Sanitizer.clean(document.text ?? "", keepNewlines: true)
                return "\(clean(document.title))\n\(author(document.author)) · \(s.date(document.date))\n\n" + body
            })
            content.targets = documents.map { .document($0) }
            return content
        case .results:
            let board = ResultsBoard(overview: try access.resultsOverview(of: patient, context: context, earlier: ResultsOverview.earlierPerCode))
            let statements = try access.statements(of: patient, section: .results, context: context)
            var content = ResultsPane.content(board, abnormalFirst: false, statements: statements.map { .statement(s.statement($0), detail: s.statementDetails($0)) },
                                              strings: s)
            if content.rows.isEmpty { content.notice = s.noInformation }
            return content
        case .reimbursements:
            return .entries(try access.reimbursements(of: patient, context: context),
                            row: { "\(s.date($0.date))  \(clean($0.act))  \(s.money($0.amountPaidCents, $0.currency)) → \(s.money($0.amountReimbursedCents, $0.currency))" },
                            details: { "\(clean($0.act))\n\n\(s.date($0.date))\n\(s.money($0.amountPaidCents, $0.currency)) → \(s.money($0.amountReimbursedCents, $0.currency))" })
        case .access:
            let settings = try access.accessSettings(of: patient, context: context)
            var rows: [String] = []
            var targets: [RowTarget] = []
            var details: [String] = []
            // Enter on a row shows what the row is, then what the pane's keys do.
            func add(_ row: String, _ target: RowTarget = .none, about: [String] = []) {
                rows.append(row)
                targets.append(target)
                details.append((about.isEmpty ? "" : about.joined(separator: "\n") + "\n\n") + s.accessPaneDetail)
            }
            func professional(_ p: Professional) -> String { s.nameAndProfession(p) }
            add(s.field(s.treatingDoctor, settings.treatingDoctor.map(professional) ?? s.noProfessional), .treatingDoctor(settings.treatingDoctor))
            add("")
            add("── \(s.grants) ──")
            if settings.grants.isEmpty { add(s.noProfessional) }
            for grant in settings.grants {
                let since = "\(s.since) \(s.date(CalendarDate(grant.since)))"
                add("\(professional(grant.professional)) — \(s.level(grant.level)) — \(since)", .grant(grant),
                    about: [professional(grant.professional), "RPPS \(grant.professional.rpps.digits)",
                            s.field(s.t("Accès", "Access"), s.level(grant.level)) + " — " + since])
            }
            add("")
            add("── \(s.blocked) ──")
            if settings.blocked.isEmpty { add(s.noProfessional) }
            for blocked in settings.blocked {
                add(professional(blocked), .blocked(blocked),
                    about: [professional(blocked), "RPPS \(blocked.rpps.digits)",
                            s.t("Bloqué : ne peut pas ouvrir votre dossier, même avec une autorisation.",
                                "Blocked: cannot open your record, even with a grant.")])
            }
            add("")
            add("── \(s.consents) ──")
            add(s.field(s.emergencyPhysician, s.consent(settings.consents.emergencyPhysician)),
                .consent(.emergencyPhysician, allowed: settings.consents.emergencyPhysician))
            add(s.field(s.samuRegulator, s.consent(settings.consents.samuRegulator)), .consent(.samuRegulator, allowed: settings.consents.samuRegulator))
            add("")
            add("▸ \(s.accessHistory)", .history)
            return PaneContent(rows: rows, details: details, targets: targets)
        }
    }
}
