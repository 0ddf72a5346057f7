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

/// A JSON value with the path that led to it, so every complaint can say where.
struct JSONNode {
    let value: Any
    let path: String
    let file: String

    func fail(_ problem: String) -> FHIRError { FHIRError(file: file, path: path, problem: problem) }

    var object: [String: Any]? { value as? [String: Any] }

    private func child(_ key: String) -> JSONNode? {
        guard let object, let found = object[key], !(found is NSNull) else { return nil }
        return JSONNode(value: found, path: "\(path).\(key)", file: file)
    }

    /// An optional object member; present but not an object is an error.
    func node(_ key: String) throws -> JSONNode? {
        guard let found = child(key) else { return nil }
        guard found.object != nil else { throw found.fail("expected an object, found \(JSONNode.kind(found.value))") }
        return found
    }

    func nodes(_ key: String) throws -> [JSONNode] {
        guard let found = child(key) else { return [] }
        guard let array = found.value as? [Any] else { throw found.fail("expected an array, found \(JSONNode.kind(found.value))") }
        return array.enumerated().map { JSONNode(value: $1, path: "\(found.path)[\($0)]", file: file) }
    }

    func string(_ key: String) throws -> String? {
        guard let found = child(key) else { return nil }
        guard let text = found.value as? String else { throw found.fail("expected a string, found \(JSONNode.kind(found.value))") }
        return text
    }

    func strings(_ key: String) throws -> [String] {
        try nodes(key).map { node in
            guard let text = node.value as? String else { throw node.fail("expected a string, found \(JSONNode.kind(node.value))") }
            return text
        }
    }

    func number(_ key: String) throws -> Double? {
        guard let found = child(key) else { return nil }
        guard let number = found.value as? NSNumber, !JSONNode.isBool(number) else {
            throw found.fail("expected a number, found \(JSONNode.kind(found.value))")
        }
        return number.doubleValue
    }

    func bool(_ key: String) throws -> Bool? {
        guard let found = child(key) else { return nil }
        guard let number = found.value as? NSNumber, JSONNode.isBool(number) else {
            throw found.fail("expected true or false, found \(JSONNode.kind(found.value))")
        }
        return number.boolValue
    }

    /// JSONSerialization gives booleans as NSNumbers of type char ("c"); JSON numbers never are.
    static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func kind(_ value: Any) -> String {
        switch value {
        case is String: return "a string"
        case let number as NSNumber: return isBool(number) ? "a boolean" : "a number"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "null"
        }
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

    /// The first coding's code, whatever its system.
    func firstCode(_ key: String) throws -> String? {
        try node(key)?.nodes("coding").first.flatMap { try $0.string("code") }
    }
}
