/// One screen cell: a character (a whole grapheme) and its style. A wide character sits in
/// its first cell; the cell after it is a continuation that draws nothing.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// The frame screens render into: pure data, diffed against the previous frame so only
/// changed cells reach the terminal.
public struct CellBuffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should stand (a text field being edited), if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with spaces of a style.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) { self[x, y] = Cell(" ", style: style) }
        }
    }

    /// Writes text from (x, y), clipped to `limit` columns and the buffer; returns the
    /// columns used. The text must already be sanitized; it is cleaned again here anyway,
    /// because a control character in a cell would reach the terminal.
    ///
    /// Reads only the characters that fit (and the first that does not): drawing a row
    /// that holds a 20 MB value costs its first columns.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        guard end > x else { return 0 }
        return TextScanner.scanning(text) { scan in
            var column = x
            var position = 0
            while position < scan.count {
                let step = scan.step(at: position)
                defer { position = step.end }
                guard let (character, characterWidth) = Self.cell(step, at: position, in: scan) else { continue }
                if column + characterWidth > end { break }
                if column >= 0 {
                    self[column, y] = Cell(character, style: style)
                    if characterWidth == 2 { self[column + 1, y] = Cell(" ", style: style, isContinuation: true) }
                }
                column += characterWidth
            }
            return column - x
        }
    }

    /// Writes text like `write`, but a text cut by `limit` (or the buffer's edge) ends with
    /// "…" in its last column: a clinical fact cut off on screen must say it is cut.
    /// Reads only what fits, plus one character.
    @discardableResult
    public mutating func writeMarkingCut(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let columns = min(width, x + (limit ?? width)) - x
        guard columns > 0 else { return 0 }
        let fits = TextScanner.scanning(text) { scan in
            var used = 0
            var position = 0
            while position < scan.count {
                let step = scan.step(at: position)
                used += Self.cell(step, at: position, in: scan)?.width ?? 0
                if used > columns { return false }
                position = step.end
            }
            return true
        }
        if fits { return write(text, x: x, y: y, style: style, limit: columns) }
        let used = write(text, x: x, y: y, style: style, limit: columns - 1)
        return used + write("…", x: x + used, y: y, style: style, limit: 1)
    }

    /// What a character becomes in cells: nil when it draws nothing. The cleaning is done
    /// here, character by character, rather than by `Sanitizer.clean` on the whole text
    /// (which would read all of it): every scalar `clean` removes is a character of its
    /// own, so it is skipped, and a tab is drawn as a space, as `clean` would make it.
    private static func cell(_ step: TextScanner.Step, at position: Int, in scan: TextScanner) -> (character: Character, width: Int)? {
        if step.ascii == 0x09 { return (" ", 1) }
        if step.width == 0 { return nil }
        let character = scan.character(at: position)
        if step.ascii == nil && Sanitizer.isUnsafe(character) { return nil }
        return (character, step.width)
    }

    /// The screen as lines of text, trailing spaces kept: what a snapshot compares.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            return line
        }
    }

    public static func == (lhs: CellBuffer, rhs: CellBuffer) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells && lhs.cursorX == rhs.cursorX && lhs.cursorY == rhs.cursorY
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(cells)
    }
}

/// A run of changed cells on one row: what a driver writes to the terminal.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

extension CellBuffer {
    /// The changed runs from `previous` to this frame; everything when sizes differ.
    public func changes(since previous: CellBuffer?) -> [CellRun] {
        var runs: [CellRun] = []
        let full = previous == nil || previous!.width != width || previous!.height != height
        for y in 0..<height {
            var x = 0
            while x < width {
                if !full && previous![x, y] == self[x, y] { x += 1; continue }
                var run = CellRun(x: x, y: y, cells: [])
                while x < width && (full || previous![x, y] != self[x, y]) {
                    run.cells.append(self[x, y])
                    x += 1
                }
                // A run must not start on the second half of a wide character.
                while let first = run.cells.first, first.isContinuation, run.x > 0 {
                    run.x -= 1
                    run.cells.insert(self[run.x, y], at: 0)
                }
                runs.append(run)
            }
        }
        return runs
    }
}
