import CarnetModel
import Foundation
import TerminalKit

/// What happened to the patient's record since their last sign-in, shown before the record
/// until they acknowledge it: grouped by kind and professional (300 break-glass reads by one
/// doctor are one line with a count, first and last time), newest first, scrollable.
struct AlertsScreen {
    enum Outcome: Equatable {
        case acknowledged(through: Int64)
        case quit
    }

    /// Alerts of one kind by one professional.
    struct Group: Equatable {
        var kind: AccessAlert.Kind
        var actorName: String
        var count: Int
        var first: AccessAlert
        var last: AccessAlert
    }

    let groups: [Group]
    let reader: HistoryReader
    /// The newest event shown: acknowledging marks everything up to it as read.
    let through: Int64
    var offset = 0

    init(_ alerts: [AccessAlert], reader: HistoryReader = .owner) {
        self.reader = reader
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for alert in alerts.sorted(by: { $0.entry.event.seq < $1.entry.event.seq }) {
            let key = alert.kind.rawValue + "\u{0}" + alert.entry.actorName
            if let at = index[key] {
                groups[at].count += 1
                groups[at].last = alert
            } else {
                index[key] = groups.count
                groups.append(Group(kind: alert.kind, actorName: alert.entry.actorName, count: 1, first: alert, last: alert))
            }
        }
        // Newest first; break-glass accesses before the rest at the same time.
        self.groups = groups.sorted { ($0.last.entry.event.seq, $0.kind == .breakGlass ? 1 : 0) > ($1.last.entry.event.seq, $1.kind == .breakGlass ? 1 : 0) }
        through = alerts.map(\.entry.event.seq).max() ?? 0
    }

    var isEmpty: Bool { groups.isEmpty }

    mutating func handle(_ key: Key, keys: KeyMap, rows: Int, strings s: Strings, width: Int) -> Outcome? {
        let total = lines(strings: s, width: width).count
        let last = max(0, total - rows)
        switch keys.action(for: key, at: .alerts) {
        case .acknowledge: return .acknowledged(through: through)
        case .leave: return .quit
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= rows
        case .pageDown: offset += rows
        default: break
        }
        offset = min(max(0, offset), last)
        return nil
    }

    /// One group in words: a single alert as it always read, several with their count and span.
    func text(_ group: Group, strings s: Strings) -> String {
        guard group.count > 1 else { return s.alertLine(group.last, reader: reader) }
        let span = s.t("\(group.count) fois, du \(s.localTime(group.first.entry.event.at)) au \(s.localTime(group.last.entry.event.at))",
                       "\(group.count) times, from \(s.localTime(group.first.entry.event.at)) to \(s.localTime(group.last.entry.event.at))")
        let who = Sanitizer.clean(group.actorName)
        switch group.kind {
        case .breakGlass:
            var text = "⚠ " + s.t("Accès en urgence (bris de glace)", "Emergency access (break-glass)") + " — \(who) — \(span)"
            if let reason = group.last.entry.event.reason { text += " — " + s.t("dernier motif : ", "last reason: ") + s.breakGlassReason(reason, patientSex: reader.patientSex) }
            return text
        case .firstAccess:
            return "• " + s.t("Premiers accès", "First accesses") + " — \(who) — \(span)"
        case .blockedAttempt:
            return "✗ " + s.t("Tentatives refusées (professionnel bloqué)", "Refused attempts (blocked professional)") + " — \(who) — \(span)"
        }
    }

    private func lines(strings s: Strings, width: Int) -> [(String, Bool)] {
        groups.flatMap { group in TextWrap.wrap(text(group, strings: s), width: max(1, width)).map { ($0, group.kind == .breakGlass) } }
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, strings s: Strings) {
        buffer.fill(area, style: theme.normal)
        let width = max(1, min(74, area.width - 6))
        // Title, blank, the list, blank, two lines of keys, and the frame: the list gets the rest.
        let rows = max(1, area.height - 8)
        let all = lines(strings: s, width: width)
        var shown: [(String, Style?)] = all.dropFirst(offset).prefix(rows).map { ($0.0, $0.1 ? theme.error : nil) }
        let hiddenAbove = offset, hiddenBelow = max(0, all.count - offset - rows)
        if hiddenAbove > 0 || hiddenBelow > 0 {
            shown.append((s.t("↑↓ pour lire la suite (lignes cachées : \(hiddenAbove) au-dessus, \(hiddenBelow) au-dessous)",
                             "↑↓ to read on (hidden lines: \(hiddenAbove) above, \(hiddenBelow) below)"), theme.muted))
        }
        let lines: [(String, Style?)] = [(s.t("Depuis votre dernière connexion :", "Since your last sign-in:"), theme.title), ("", nil)] + shown
            + [("", nil), (s.t("Vous retrouverez ces accès dans le volet Accès (\(s.paneKey(.access))), touche h.", "You will find these in the Access pane (\(s.paneKey(.access))), key h."), theme.muted),
               (s.t("Entrée : j'ai pris connaissance · q : quitter", "Enter: I have read this · q: quit"), theme.muted)]
        _ = Box.render(title: s.t("À savoir sur votre dossier", "About your record"), lines: lines, area: area, into: &buffer, theme: theme, width: width)
    }

    /// The rows the list gets in `area`, as `render` lays it out.
    static func rows(in area: Rect) -> Int { max(1, area.height - 8) }
}
