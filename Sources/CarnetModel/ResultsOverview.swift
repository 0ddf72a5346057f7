import Foundation

/// What the Résultats pane reads of a patient's results: each test's latest value of each
/// of its codes whole (blood pressure: the latest systolic and diastolic), each report's
/// latest row (its conclusion), and the values before as points for the trend. A patient
/// followed for years has thousands of results; the pane shows one line per test.
public struct ResultsOverview: Hashable, Sendable {
    /// Newest first.
    public var latest: [LabResult]
    /// The earlier values, by series (`ResultsBoard.series`), newest first.
    public var earlier: [String: [ResultPoint]]

    public init(latest: [LabResult], earlier: [String: [ResultPoint]]) {
        self.latest = latest
        self.earlier = earlier
    }

    /// Points of the earlier values each code keeps for its trend: the widest trend
    /// (16 columns) less the latest value. Only values a trend can draw are read (dated
    /// numbers without a comparator); one whose unit does not convert is still left out
    /// when the trend is drawn, so a trend may show fewer.
    public static let earlierPerCode = 15
}

/// An earlier value of a test, as much of it as a trend needs: which code (blood pressure
/// has two), when, and how much.
public struct ResultPoint: Hashable, Sendable {
    /// The stored result's: orders two values of one day as the history does.
    public var id: Int64?
    public var code: String?
    public var date: CalendarDate?
    public var quantity: Quantity?

    public init(id: Int64?, code: String?, date: CalendarDate?, quantity: Quantity?) {
        self.id = id
        self.code = code
        self.date = date
        self.quantity = quantity
    }

    /// In the order of results (`ResultsBoard.newestFirst`).
    static func newestFirst(_ a: ResultPoint, _ b: ResultPoint) -> Bool {
        ResultsBoard.newestFirst((a.date, a.id), (b.date, b.id))
    }
}

extension ResultsBoard {
    /// The pane's tests: the latest values, each test's trend drawn from its earlier points.
    public init(overview: ResultsOverview) {
        self.init(results: overview.latest, earlier: overview.earlier)
    }
}
