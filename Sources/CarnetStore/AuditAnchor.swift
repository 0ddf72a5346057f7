import CarnetModel
import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A head of the chain written outside the database: whoever later holds the database
/// alone cannot make it agree with every anchor already kept elsewhere.
///
/// One line of the anchor file (and one message of the system log):
///
/// ```text
/// carnet-anchor seq=135 hash=<64 hex> mac=<64 hex or -> at=2026-11-22T10:00:00.000Z first=<64 hex> dev=2049 ino=393 db=/srv/carnet.sqlite
/// ```
///
/// `first` is the hash of event 1: it names the trail, so a database replaced by another at
/// the same path (a new demo) is not taken for a rewritten one. `dev` and `ino` name the file,
/// so a database renamed (the demo is built beside its path, then moved into place) is still
/// recognised. The path comes last and is percent-escaped, so no path can forge a field.
public struct AuditAnchor: Equatable, Sendable {
    public var seq: Int64
    public var hash: String
    /// The head's MAC, nil when the trail was not keyed.
    public var mac: String?
    /// The time of the anchored event, as the trail has it.
    public var at: String
    /// The hash of the trail's first event.
    public var first: String
    public var database: String
    public var device: UInt64
    public var inode: UInt64

    public init(seq: Int64, hash: String, mac: String?, at: String, first: String, database: String, device: UInt64, inode: UInt64) {
        self.seq = seq
        self.hash = hash
        self.mac = mac
        self.at = at
        self.first = first
        self.database = database
        self.device = device
        self.inode = inode
    }

    static let tag = "carnet-anchor"

    /// The anchor as one line, without its newline.
    public var line: String {
        "\(AuditAnchor.tag) seq=\(seq) hash=\(hash) mac=\(mac ?? "-") at=\(at) first=\(first) dev=\(device) ino=\(inode) db=\(AuditAnchor.escape(database))"
    }

    /// Reads a line written by `line`; nil for anything else (another program's line, a
    /// line cut by a crash), which the check counts but does not trust.
    public init?(line: Substring) {
        let words = line.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: false)
        guard words.count == 9, words[0] == AuditAnchor.tag else { return nil }
        var fields: [Substring: Substring] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { return nil }
            fields[word[..<equals]] = word[word.index(after: equals)...]
        }
        func isHash(_ text: Substring?) -> Bool { text?.count == 64 && text!.allSatisfy { $0.isHexDigit && !$0.isUppercase } }
        guard let seq = fields["seq"].flatMap({ Int64($0) }), seq > 0,
              isHash(fields["hash"]), isHash(fields["first"]),
              let mac = fields["mac"], mac == "-" || isHash(mac),
              let at = fields["at"], Timestamp.date(from: String(at)) != nil,
              let device = fields["dev"].flatMap({ UInt64($0) }), let inode = fields["ino"].flatMap({ UInt64($0) }),
              let database = fields["db"].flatMap({ AuditAnchor.unescape($0) }), !database.isEmpty
        else { return nil }
        self.init(seq: seq, hash: String(fields["hash"]!), mac: mac == "-" ? nil : String(mac), at: String(at),
                  first: String(fields["first"]!), database: database, device: device, inode: inode)
    }

    /// Percent-escapes `%`, spaces and every control character, so a path stays one field
    /// of one line.
    static func escape(_ path: String) -> String {
        var bytes: [UInt8] = []
        for byte in path.utf8 {
            if byte <= 0x20 || byte == 0x25 || byte == 0x7F {
                bytes.append(contentsOf: Array("%\(String(byte, radix: 16, uppercase: true).leftPadded(to: 2))".utf8))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high < utf8.endIndex else { return nil }
                let low = utf8.index(after: high)
                guard low < utf8.endIndex,
                      let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

// MARK: - Witnesses

/// Somewhere outside the database that keeps heads of the chain. Called after the event's
/// transaction committed (an anchor of a rolled-back event would accuse an honest trail).
public protocol AuditWitness: Sendable {
    func keep(_ anchor: AuditAnchor) throws
}

/// The anchor file: one line per anchor, appended, never rewritten by Carnet.
public struct AnchorFile: AuditWitness {
    public let path: String

    public init(path: String) { self.path = path }

    /// Appends the anchor's line: `O_APPEND` so concurrent terminals never interleave within
    /// a line, `O_NOFOLLOW` so a link planted at the path is not followed, mode 0600, and
    /// `fsync`, since a witness that a power cut can take back is no witness.
    public func keep(_ anchor: AuditAnchor) throws {
        try AuditFiles.makeFolder(of: path, failure: { AnchorFileError(path: path, problem: $0) })
        // O_NONBLOCK: a FIFO put in the file's place must not hang every break-glass start.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AnchorFileError(path: path, problem: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw AnchorFileError(path: path, problem: "not a regular file")
        }
        guard AuditFiles.writeAll(Array((anchor.line + "\n").utf8), to: descriptor), fsync(descriptor) == 0 else {
            throw AnchorFileError(path: path, problem: String(cString: strerror(errno)))
        }
    }

    /// Every anchor line of the file and how many lines were not anchors; nil when there is
    /// no file yet.
    public func read() throws -> (anchors: [AuditAnchor], unreadable: Int)? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw AnchorFileError(path: path, problem: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw AnchorFileError(path: path, problem: "not a regular file")
        }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { AuditFiles.read(descriptor, into: $0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { throw AnchorFileError(path: path, problem: String(cString: strerror(errno))) }
                break
            }
            data.append(contentsOf: buffer[0..<count])
        }
        var anchors: [AuditAnchor] = []
        var unreadable = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if let anchor = AuditAnchor(line: line) { anchors.append(anchor) } else { unreadable += 1 }
        }
        return (anchors, unreadable)
    }
}

public struct AnchorFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "anchor file \(path): \(problem)" }
}

/// The system log, through syslog(3) under the `authpriv` facility: on a machine whose log
/// is forwarded to another one, this is the witness the holder of this machine cannot edit.
public struct SystemLogWitness: AuditWitness {
    public init() {}

    public func keep(_ anchor: AuditAnchor) throws {
        // openlog keeps the pointer it is given, so the name must outlive the message:
        // open, log and close within the C string's lifetime. Anchors are written by the
        // store's one writer, so two of them never interleave here within a process.
        "carnet".withCString { ident in
            openlog(ident, LOG_PID, LOG_AUTHPRIV)
            anchor.line.withCString { message in
                withVaList([message]) { vsyslog(LOG_NOTICE, "%s", $0) }
            }
            closelog()
        }
    }
}
