import TerminalKit

/// Every key of the place the help was asked from, from the key map: what the footer has
/// no room for is here. Long lines wrap; a help taller than the screen scrolls.
struct HelpScreen: Equatable {
    let place: KeyPlace
    var offset = 0

    enum Outcome { case close }

    mutating func handle(_ key: Key, keys: KeyMap, area: Rect) -> Outcome? {
        let total = lines(keys: keys, width: HelpScreen.textWidth(area)).count
        let rows = HelpScreen.rows(area)
        switch key {
        case .down, .character("j"): offset += 1
        case .up, .character("k"): offset -= 1
        case .pageDown, .character(" "): offset += rows
        case .pageUp: offset -= rows
        default: return .close
        }
        offset = min(max(0, offset), max(0, total - rows))
        return nil
    }

    private static func textWidth(_ area: Rect) -> Int { max(10, min(76, area.width - 6)) }
    /// The box's frame and its last line (the keys) take four rows.
    private static func rows(_ area: Rect) -> Int { max(1, area.height - 4) }

    /// The key map's lines, wrapped under their key column.
    private func lines(keys: KeyMap, width: Int) -> [(String, Bool)] {
        keys.helpLines(at: place).flatMap { line -> [(String, Bool)] in
            let wrapped = TextWrap.wrap(line.text, width: width)
            guard let first = wrapped.first else { return [("", false)] }
            // A wrapped description goes on under itself, past the key column.
            let indent = String(repeating: " ", count: min(width / 2, line.text.prefix { $0 == " " }.count + 10))
            return [(first, line.isTitle)] + wrapped.dropFirst().flatMap { TextWrap.wrap($0, width: width - indent.count) }.map { (indent + $0, false) }
        }
    }

    func render(area: Rect, into buffer: inout CellBuffer, theme: Theme, keys: KeyMap) {
        let s = keys.strings
        let width = HelpScreen.textWidth(area)
        let all = lines(keys: keys, width: width)
        let rows = HelpScreen.rows(area)
        var shown: [(String, Style?)] = all.dropFirst(offset).prefix(rows - 1).map { ($0.0, $0.1 ? theme.title : nil) }
        let more = all.count > rows - 1
        shown.append((more ? s.t("↑↓ défiler · autre touche : fermer", "↑↓ scroll · any other key: close")
                           : s.t("Une touche pour fermer", "Any key to close"), theme.muted))
        // Modal: what lies under it would show through at the edges, half-cut.
        buffer.fill(area, style: theme.normal)
        _ = Box.render(title: s.help + " — " + keys.placeName(place), lines: shown, area: area, into: &buffer, theme: theme, width: width)
    }
}
