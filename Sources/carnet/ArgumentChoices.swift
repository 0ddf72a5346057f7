import ArgumentParser
import CarnetApp
import CarnetModel

// Enumerated options are typed, so that a bad value fails at parse time with the list of
// choices (the parser's own message), and `--help` lists them.

extension Profession: ExpressibleByArgument {}
extension Sex: ExpressibleByArgument {}

extension Strings.Language: ExpressibleByArgument {
    /// `FR` and `En` are as clear as `fr`.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// A reviewer's verdict on a break-glass access.
enum ReviewVerdict: String, ExpressibleByArgument, CaseIterable {
    case justified
    case notJustified = "not-justified"
}
