import CarnetModel
import Foundation

/// Why a FHIR file was refused: the file, the JSON path of the problem, and the problem.
public struct FHIRError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let path: String
    public let problem: String

    public init(file: String, path: String, problem: String) {
        self.file = file
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(file): \(path): \(problem)" }
}

/// JSON as a Swift value, as `JSONParser` reads it: the reader walks it without the casts
/// and bridging that `Any` costs at every access.
enum JSONValue {
    /// Members in document order: FHIR objects have a handful of members, and a scan
    /// over them costs less than hashing every key into a dictionary.
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The value, and the literal as written: FHIR decimals are exact ("0.0041" is not "0").
    case number(Double, literal: String)
    case bool(Bool)
    case null

    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

/// Where a node stands in its document, built into a string only when a message needs it.
final class JSONPath {
    let parent: JSONPath?
    let component: String
    init(_ parent: JSONPath?, _ component: String) {
        self.parent = parent
        self.component = component
    }
    var text: String { (parent?.text ?? "") + component }
}

/// A JSON value with the path that led to it, so every complaint can say where. The path
/// is kept as its parent's plus one step, and spelt out only for a message.
struct JSONNode {
    let value: JSONValue
    let parent: JSONPath?
    let step: String
    let file: String

    init(value: JSONValue, location: JSONPath, file: String) {
        self.value = value
        parent = location.parent
        step = location.component
        self.file = file
    }

    init(value: JSONValue, parent: JSONPath?, step: String, file: String) {
        self.value = value
        self.parent = parent
        self.step = step
        self.file = file
    }

    var location: JSONPath { JSONPath(parent, step) }
    var path: String { (parent?.text ?? "") + step }

    func fail(_ problem: String) -> FHIRError { FHIRError(file: file, path: path, problem: problem) }

    var isObject: Bool { if case .object = value { return true } else { return false } }

    /// A member's value, without building a node (most reads are leaves).
    private func member(_ key: String) -> JSONValue? {
        guard case let .object(members) = value, let found = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = found { return nil }
        return found
    }

    private func failure(_ key: String, expected: String, found: JSONValue) -> FHIRError {
        FHIRError(file: file, path: path + ".\(key)", problem: "expected \(expected), found \(found.kind)")
    }

    /// An optional object member; present but not an object is an error.
    func node(_ key: String) throws -> JSONNode? {
        guard let found = member(key) else { return nil }
        guard case .object = found else { throw failure(key, expected: "an object", found: found) }
        return JSONNode(value: found, parent: location, step: ".\(key)", file: file)
    }

    func nodes(_ key: String) throws -> [JSONNode] {
        guard let found = member(key) else { return [] }
        guard case let .array(array) = found else { throw failure(key, expected: "an array", found: found) }
        let here = JSONPath(location, ".\(key)")
        return array.enumerated().map { JSONNode(value: $1, parent: here, step: "[\($0)]", file: file) }
    }

    func string(_ key: String) throws -> String? {
        guard let found = member(key) else { return nil }
        guard case let .string(text) = found else { throw failure(key, expected: "a string", found: found) }
        return text
    }

    func strings(_ key: String) throws -> [String] {
        try nodes(key).map { node in
            guard case let .string(text) = node.value else { throw node.fail("expected a string, found \(node.value.kind)") }
            return text
        }
    }

    func bool(_ key: String) throws -> Bool? {
        guard let found = member(key) else { return nil }
        guard case let .bool(value) = found else { throw failure(key, expected: "true or false", found: found) }
        return value
    }

    func number(_ key: String) throws -> Double? {
        guard let found = member(key) else { return nil }
        guard case let .number(number, _) = found else { throw failure(key, expected: "a number", found: found) }
        return number
    }

    /// A FHIR decimal exactly as written ("0.0041", "6.90"), with no more digits than a
    /// decimal holds.
    func decimal(_ key: String) throws -> String? {
        guard let found = member(key) else { return nil }
        guard case let .number(_, literal) = found else { throw failure(key, expected: "a number", found: found) }
        let significant = literal.drop { $0 == "-" || $0 == "0" || $0 == "." }.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber).count
        guard significant <= 18 else {
            throw FHIRError(file: file, path: path + "." + key, problem: "\(literal.prefix(24))…: \(significant) digits, more than the 18 a FHIR decimal holds")
        }
        return literal
    }

    // MARK: FHIR data types

    /// A CodeableConcept's words: its text, else its first coding's display, else its code.
    func conceptText(_ key: String) throws -> String? {
        guard let concept = try node(key) else { return nil }
        if let text = try concept.string("text"), !text.isEmpty { return text }
        for coding in try concept.nodes("coding") {
            if let display = try coding.string("display"), !display.isEmpty { return display }
        }
        return try concept.nodes("coding").first.flatMap { try $0.string("code") }
    }

    /// The code of a CodeableConcept's coding in a system whose URL contains `system`.
    func code(_ key: String, system: String) throws -> String? {
        guard let concept = try node(key) else { return nil }
        for coding in try concept.nodes("coding") where (try coding.string("system"))?.contains(system) == true {
            return try coding.string("code")
        }
        return nil
    }

    /// Every coding of a CodeableConcept, with its system ("" when the source gave none).
    func codings(_ key: String) throws -> [Coding] {
        guard let concept = try node(key) else { return [] }
        return try concept.nodes("coding").compactMap { coding in
            guard let code = try coding.string("code") else { return nil }
            return Coding(system: try coding.string("system") ?? "", code: code, display: try coding.string("display"))
        }
    }

    /// The first coding's code, whatever its system.
    func firstCode(_ key: String) throws -> String? {
        try node(key)?.nodes("coding").first.flatMap { try $0.string("code") }
    }
}
