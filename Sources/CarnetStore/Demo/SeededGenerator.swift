/// SplitMix64: the same seed gives the same demo database on every machine and every
/// Swift version (the standard library's `random(in:using:)` promises no such thing).
public struct SeededGenerator: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int((next() >> 11) % UInt64(bound))
    }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A number in `range`, in steps of 1/1000 of its width: cheap, and the same everywhere.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(below(1_001)) / 1_000
    }

    /// Another stream, seeded from this one's state without drawing from it: data added to
    /// the demo later (results) takes its randomness from a fork, so every draw made before
    /// it, and so every record the demo already had, stays as it was for the same seed.
    func fork(_ salt: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: state ^ salt)
        return SeededGenerator(seed: mixer.next())
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Picks by weight; `weights` and `items` have the same length.
    mutating func pick<T>(_ items: [T], weights: [Int]) -> T {
        var roll = below(weights.reduce(0, +))
        for (item, weight) in zip(items, weights) {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1]
    }
}
