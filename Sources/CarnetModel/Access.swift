import Foundation

/// What a patient granted a professional.
public enum AccessLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case read
    case readWrite = "read-write"

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs == .read && rhs == .readWrite }
}

public struct AccessGrant: Hashable, Sendable, Codable {
    public var professional: Professional
    public var level: AccessLevel
    public var since: Date
    public init(professional: Professional, level: AccessLevel, since: Date) {
        self.professional = professional
        self.level = level
        self.since = since
    }
}

/// Who may see a record, as the patient set it.
public struct AccessSettings: Hashable, Sendable {
    public var grants: [AccessGrant]
    public var blocked: [Professional]
    public var treatingDoctor: Professional?
    public var consents: BreakGlassConsents
    public init(grants: [AccessGrant], blocked: [Professional], treatingDoctor: Professional?, consents: BreakGlassConsents) {
        self.grants = grants
        self.blocked = blocked
        self.treatingDoctor = treatingDoctor
        self.consents = consents
    }
}

/// What a profession may do with a section, before any grant is considered.
public enum MatrixRight: String, Sendable, Comparable {
    case none = "-"
    case read = "R"
    case readWrite = "RW"

    private var rank: Int { self == .none ? 0 : self == .read ? 1 : 2 }
    public static func < (lhs: MatrixRight, rhs: MatrixRight) -> Bool { lhs.rank < rhs.rank }
}

public struct AccessMatrixError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let problem: String
    public var description: String { "access matrix, line \(line): \(problem)" }
}

/// The profession × section table (`Resources/data/access-matrix.csv`).
///
/// The Accès pane is the patient's alone and is not in the table.
public struct AccessMatrix: Sendable, Equatable {
    private let rights: [Profession: [RecordSection: MatrixRight]]

    public init(rights: [Profession: [RecordSection: MatrixRight]]) {
        self.rights = rights
    }

    /// Parses the CSV: a header `profession,<section>...`, then one row per profession.
    /// Every profession must have a row, so a profession forgotten in the file is an error,
    /// not a silent "no access".
    public init(csv: String) throws {
        var header: [RecordSection]?
        var rights: [Profession: [RecordSection: MatrixRight]] = [:]
        for (index, raw) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let columns = header else {
                guard cells.first == "profession" else {
                    throw AccessMatrixError(line: index + 1, problem: "the header must start with 'profession'")
                }
                header = try cells.dropFirst().map { name in
                    guard let section = RecordSection(rawValue: name), section != .access else {
                        throw AccessMatrixError(line: index + 1, problem: "unknown section '\(name)'")
                    }
                    return section
                }
                continue
            }
            guard let profession = Profession(rawValue: cells[0]) else {
                throw AccessMatrixError(line: index + 1, problem: "unknown profession '\(cells[0])'")
            }
            guard cells.count == columns.count + 1 else {
                throw AccessMatrixError(line: index + 1, problem: "\(columns.count) rights expected, got \(cells.count - 1)")
            }
            var row: [RecordSection: MatrixRight] = [:]
            for (section, cell) in zip(columns, cells.dropFirst()) {
                guard let right = MatrixRight(rawValue: cell) else {
                    throw AccessMatrixError(line: index + 1, problem: "unknown right '\(cell)' (use -, R or RW)")
                }
                row[section] = right
            }
            rights[profession] = row
        }
        if let missing = Profession.allCases.first(where: { rights[$0] == nil }) {
            throw AccessMatrixError(line: 0, problem: "no row for profession '\(missing.rawValue)'")
        }
        self.rights = rights
    }

    public func right(_ profession: Profession, _ section: RecordSection) -> MatrixRight {
        rights[profession]?[section] ?? .none
    }
}
