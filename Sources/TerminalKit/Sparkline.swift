/// A one-line trend of numbers in block characters (▁▂▃▄▅▆▇█), one character a value: the
/// row of a results table shows where a test has been going without opening its chart.
///
/// Equal steps, not real time: a sparkline says "rising", "steady", "one spike", and its
/// few columns could not show dates anyway. `Chart` is where time is drawn to scale.
public enum Sparkline {
    /// The eight heights, lowest first.
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values, one character each, scaled between the lowest and the
    /// highest of them (the values drawn, not the whole list: a sparkline shows what it shows).
    ///
    /// - A value that is not a number (NaN, ±infinity) is drawn as a space: it keeps its
    ///   place, so the characters still line up with the values they stand for, and a gap
    ///   is not mistaken for a low value.
    /// - All values equal: a flat line at half height (▄), which says "steady" rather than
    ///   "at the bottom" or "at the top".
    /// - `width` ≤ 0 or no values: an empty string.
    ///
    /// Reads only the values it draws: O(width).
    public static func render(_ values: [Double], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let shown = values.suffix(width)
        var lowest = Double.infinity
        var highest = -Double.infinity
        for value in shown where value.isFinite {
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        let flat = levels[levels.count / 2 - 1]
        var line = ""
        line.unicodeScalars.reserveCapacity(shown.count)
        for value in shown {
            guard value.isFinite else { line.append(" "); continue }
            // Halves before subtracting: the difference of two huge finite numbers
            // (1e308 and -1e308) would overflow to infinity and make every level NaN.
            let span = highest * 0.5 - lowest * 0.5
            guard span > 0, span.isFinite else { line.append(flat); continue }
            let fraction = min(1, max(0, (value * 0.5 - lowest * 0.5) / span))
            line.append(levels[Int((fraction * Double(levels.count - 1)).rounded())])
        }
        return line
    }
}
