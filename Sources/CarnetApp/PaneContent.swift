import CarnetModel
import TerminalKit

/// What a pane shows: one line per row, and the details `Enter` opens for each row.
public struct PaneContent: Sendable, Equatable {
    public var rows: [String]
    public var details: [String]
    /// A refusal or an error to show instead of rows.
    public var notice: String?

    public init(rows: [String], details: [String], notice: String? = nil) {
        self.rows = rows
        self.details = details
        self.notice = notice
    }

    public static func notice(_ text: String) -> PaneContent { PaneContent(rows: [], details: [], notice: text) }

    /// A pane of entries: one row and one details text per entry.
    static func entries<Entry>(_ entries: [Entry], row: (Entry) -> String, details: (Entry) -> String) -> PaneContent {
        PaneContent(rows: entries.map(row), details: entries.map(details))
    }

    /// Reads a pane through the access seam (each call audited by the store) and formats it.
    public static func load(_ section: RecordSection, of patient: PatientID, access: any RecordAccess,
                            context: AccessContext, strings s: Strings) throws -> PaneContent {
        func clean(_ text: String?) -> String { Sanitizer.clean(text ?? "") }
        switch section {
        case .summary:
            let summary = try access.summary(of: patient, context: context)
            let p = summary.patient
            var lines = ["── \(s.emergencyData) ──",
                         "\(s.bloodGroup) : \(p.bloodGroup?.rawValue ?? s.unknown)",
                         "\(s.organDonation) : \(s.organStance(p.organDonation))",
                         "\(s.advanceDirectives) : \(clean(p.advanceDirectives).isEmpty ? s.none : clean(p.advanceDirectives))",
                         "\(s.contacts) : " + (p.contacts.isEmpty ? s.none : p.contacts.map { "\(clean($0.name)) (\(clean($0.relationship))) \(clean($0.phone))" }.joined(separator: " ; ")),
                         "", "── \(s.pane(.allergies)) ──"]
            lines += summary.allergies.map { $0.isEmpty ? [s.noAllergy] : $0.map { "\(clean($0.substance)) — \(s.severity($0.severity))" } } ?? [s.notShown]
            lines += ["", "── \(s.activeProblems) ──"]
            lines += summary.activeProblems.map { $0.isEmpty ? [s.none] : $0.map { "\(clean($0.label)) (\(s.date($0.onset)))" } } ?? [s.notShown]
            lines += ["", "── \(s.currentMedicines) ──"]
            lines += summary.currentMedicines.map { $0.isEmpty ? [s.none] : $0.map { "\(clean($0.medicine)) — \(clean($0.dosage))" } } ?? [s.notShown]
            lines += ["", "── \(s.lastVaccinations) ──"]
            lines += summary.lastVaccinations.map { $0.isEmpty ? [s.none] : $0.map { "\(s.date($0.date))  \(clean($0.vaccine))" } } ?? [s.notShown]
            return PaneContent(rows: lines, details: lines)
        case .history:
            return .entries(try access.history(of: patient, context: context),
                            row: { "\(s.date($0.onset))  \(clean($0.label))  [\(s.status($0.status))]" },
                            details: { "\(clean($0.label))\n\nCode : \(clean($0.code))\n\(s.kind($0.kind)) · \(s.status($0.status))\n\(s.date($0.onset)) → \(s.date($0.end))\n\n\(clean($0.author.displayName))" })
        case .allergies:
            return .entries(try access.allergies(of: patient, context: context),
                            row: { "\(clean($0.substance)) — \(s.severity($0.severity)) — \(clean($0.reaction))" },
                            details: { "\(clean($0.substance)) (\(clean($0.substanceClass)))\n\n\(clean($0.reaction))\n\(s.severity($0.severity)) · \(s.status($0.status))\n\(s.date($0.recordedOn))\n\n\(clean($0.author.displayName))" })
        case .vaccinations:
            return .entries(try access.vaccinations(of: patient, context: context),
                            row: { "\(s.date($0.date))  \(clean($0.vaccine))  \(clean($0.dose))" },
                            details: { "\(clean($0.vaccine))\n\n\(clean($0.dose))\n\(s.date($0.date))\n\(s.t("Lot", "Batch")) \(clean($0.lot))\n\n\(clean($0.author.displayName))" })
        case .prescriptions:
            return .entries(try access.prescriptions(of: patient, context: context),
                            row: { "\(s.date($0.start))  \(clean($0.medicine))  [\(s.status($0.status))]" },
                            details: { "\(clean($0.medicine)) (ATC \(clean($0.atc)))\n\n\(clean($0.dosage))\n\(s.date($0.start)) → \(s.date($0.end))\n\n\(clean($0.prescriber.displayName))" })
        case .documents:
            return .entries(try access.documents(of: patient, context: context),
                            row: { document in
                var marks: [String] = []
                if document.state.maskedFromProfessionals { marks.append(s.masked) }
                if document.isPatientAuthored { marks.append(s.patientAuthored) }
                if document.state.archived { marks.append(s.archived) }
                if document.state.isObsolete { marks.append(s.obsolete) }
                return "\(s.date(document.date))  \(clean(document.title))  \(clean(document.author.displayName))" + (marks.isEmpty ? "" : "  [\(marks.joined(separator: ", "))]")
            }, details: { "\(clean($0.title))\n\(clean($0.author.displayName)) · \(s.date($0.date))\n\n" + Sanitizer.clean($0.text ?? "", keepNewlines: true) })
        case .reimbursements:
            return .entries(try access.reimbursements(of: patient, context: context),
                            row: { "\(s.date($0.date))  \(clean($0.act))  \(s.euros($0.amountPaidCents)) → \(s.euros($0.amountReimbursedCents))" },
                            details: { "\(clean($0.act))\n\n\(s.date($0.date))\n\(s.euros($0.amountPaidCents)) → \(s.euros($0.amountReimbursedCents))" })
        case .access:
            let settings = try access.accessSettings(of: patient, context: context)
            var lines = ["\(s.treatingDoctor) : \(clean(settings.treatingDoctor?.displayName ?? s.none))", "", "── \(s.grants) ──"]
            lines += settings.grants.isEmpty ? [s.none] : settings.grants.map { "\(clean($0.professional.displayName)) (\($0.professional.profession.frenchName)) — \(s.level($0.level))" }
            lines += ["", "── \(s.blocked) ──"]
            lines += settings.blocked.isEmpty ? [s.none] : settings.blocked.map { "\(clean($0.displayName)) (\($0.profession.frenchName))" }
            lines += ["", "── \(s.consents) ──",
                      "\(s.emergencyPhysician) : \(s.consent(settings.consents.emergencyPhysician))",
                      "\(s.samuRegulator) : \(s.consent(settings.consents.samuRegulator))"]
            return PaneContent(rows: lines, details: lines)
        }
    }
}
