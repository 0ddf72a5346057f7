import CarnetModel
import TerminalKit

/// Statements of absence in words. "Aucune allergie connue" is said only when a source
/// asserted it; an empty section nobody spoke about is "pas d'information".
extension Strings {
    var noInformation: String { t("Pas d'information", "No information") }
    /// The allergy banner of a record with no allergy entry: true whatever the sources said.
    var noAllergyRecorded: String { t("Aucune allergie enregistrée", "No allergy recorded") }

    /// "68 ans", or for someone a source said has died "† 12/03/1996 (84 ans)": a dead man is
    /// not shown as 111 years old.
    func lifespan(_ patient: Patient, today: CalendarDate) -> String {
        guard patient.isDeceased else { return age(patient.age(on: today)) }
        guard let day = patient.deceasedOn else {
            switch patient.sex {
            case .female: return t("décédée", "deceased")
            case .male: return t("décédé", "deceased")
            // No "décédé(e)": the sign says it for anyone.
            case .other, .unknown: return t("† date de décès inconnue", "† date of death unknown")
            }
        }
        return "† \(date(day)) (\(age(patient.age(on: today))))"
    }

    var allergiesUnreadable: String {
        t("⚠ ALLERGIES : lecture impossible — ne concluez pas à l'absence d'allergie",
          "⚠ ALLERGIES: could not be read — do not assume there are none")
    }

    /// The allergy banner's names: active ones, severe first (what a prescriber must see
    /// first when the banner is cut), each with its severity when severe.
    public func bannerAllergies(_ allergies: [Allergy]) -> [String] {
        let active = allergies.filter { $0.status == .active }
        return (active.filter { $0.severity == .severe } + active.filter { $0.severity != .severe })
            .map { Sanitizer.clean($0.substance) + ($0.severity == .severe ? " (\(severity(.severe)))" : "") }
    }

    /// "⚠ ALLERGIES : Latex (sévère), Pénicilline (sévère) +2 autres": whole names, severe
    /// first, as many as fit, then how many are left unsaid (the Allergies pane lists them).
    /// Each name is cut to the width first: a 20 MB name must not be joined whole each frame.
    func allergyBannerLine(_ names: [String], width: Int) -> String {
        let head = allergiesBanner + " "
        var shown: [String] = []
        for (index, name) in names.enumerated() {
            let candidate = (shown + [DisplayWidth.truncate(name, to: width)]).joined(separator: ", ")
            let left = names.count - index - 1
            let tail = left == 0 ? "" : " " + more(left)
            guard DisplayWidth.of(head + candidate + tail, atMost: width + 1) <= width else {
                // The first name alone does not fit: show it cut (marked) rather than nothing.
                if shown.isEmpty { return head + DisplayWidth.truncate(name, to: width) }
                return head + shown.joined(separator: ", ") + " " + more(names.count - index)
            }
            shown.append(DisplayWidth.truncate(name, to: width))
        }
        return head + shown.joined(separator: ", ")
    }

    func more(_ count: Int) -> String { t("+\(count) autre\(count > 1 ? "s" : "")", "+\(count) more") }

    func noneKnown(_ section: RecordSection) -> String {
        switch section {
        case .allergies: return t("Aucune allergie connue", "No known allergy")
        case .prescriptions: return t("Aucun traitement connu", "No known medication")
        case .vaccinations: return t("Aucune vaccination connue", "No known immunization")
        default: return t("Aucun antécédent connu", "No known history")
        }
    }

    /// "Aucune allergie alimentaire connue (déclaré le 01/02/2024, source Dr X)": as narrow as
    /// the source said it. The source's own words are in `statementDetails`.
    func statement(_ statement: RecordStatement) -> String {
        let head: String
        if statement.kind == .noneKnown {
            head = statement.scope.map { t($0.fr, $0.en) } ?? noneKnown(statement.section)
        } else {
            head = noInformation
        }
        var origin: [String] = []
        if let date = statement.date { origin.append(t("déclaré le ", "stated on ") + self.date(date)) }
        origin.append(t("source ", "source ") + Sanitizer.clean(statement.author.displayName))
        return "\(head) (\(origin.joined(separator: ", ")))"
    }

    /// The statement, then the source's words and codes.
    func statementDetails(_ statement: RecordStatement) -> String {
        let words = Sanitizer.clean(statement.text)
        return self.statement(statement) + (words.isEmpty ? "" : "\n\n" + t("« \(words) »", "“\(words)”")) + codes(statement.codes)
    }

    /// "\n\nSNOMED CT 373270004 Penicillin…": every code a source gave, with its system.
    func codes(_ codes: [Coding]) -> String {
        guard !codes.isEmpty else { return "" }
        return "\n\n" + codes.map { "\(Sanitizer.clean($0.systemName)) \(Sanitizer.clean($0.code))\($0.display.map { " " + Sanitizer.clean($0) } ?? "")" }
            .joined(separator: "\n")
    }

    /// What a section of the summary says when it has no entry: the sources' statements, else "pas d'information".
    func absence(_ section: RecordSection, _ statements: [RecordStatement]) -> [String] {
        let said = statements.filter { $0.section == section }
        return said.isEmpty ? [noInformation] : said.map(statement)
    }
}
