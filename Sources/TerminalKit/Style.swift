/// The eight terminal colours, which every terminal and ncurses have.
public enum Color: Int, Sendable, Hashable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = Style()
}

/// The styles screens use, by role. The monochrome theme keeps every distinction visible
/// without colour (reverse, bold, underline), so selection never depends on colour.
public struct Theme: Sendable {
    public var normal: Style
    public var selected: Style
    public var title: Style
    public var header: Style
    public var alert: Style
    public var muted: Style
    public var hint: Style
    public var field: Style
    public var error: Style
    public var banner: Style

    public static let color = Theme(
        normal: .plain, selected: Style(foreground: .black, background: .cyan, bold: true), title: Style(foreground: .cyan, bold: true),
        header: Style(foreground: .white, background: .blue, bold: true), alert: Style(foreground: .white, background: .red, bold: true),
        muted: Style(dim: true), hint: Style(foreground: .black, background: .white), field: Style(underline: true),
        error: Style(foreground: .red, bold: true), banner: Style(foreground: .white, background: .red, bold: true))

    public static let monochrome = Theme(
        normal: .plain, selected: Style(reverse: true), title: Style(bold: true), header: Style(reverse: true),
        alert: Style(bold: true, reverse: true), muted: Style(dim: true), hint: Style(reverse: true), field: Style(underline: true),
        error: Style(bold: true), banner: Style(bold: true, reverse: true))

    /// Colour unless `NO_COLOR` is set (https://no-color.org) or the terminal has none.
    public static func forEnvironment(_ environment: [String: String], terminalHasColor: Bool = true) -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        return terminalHasColor ? .color : .monochrome
    }
}
