import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The secret that keys the audit trail: 32 random bytes kept in a file outside the
/// database, so that whoever holds only the database can recompute every hash but no MAC.
///
/// ```swift
/// let path = AuditSeal.keyPath(environment: ProcessInfo.processInfo.environment)!
/// let key = try AuditKey.create(at: path)
/// let same = try AuditKey.load(from: path)   // == key
/// ```
public struct AuditKey: Sendable, Equatable {
    /// The length of the key, and of its file, in bytes.
    public static let byteCount = 32

    /// The raw bytes: `SymmetricKey` is not `Sendable`, and a seal crosses threads (anchors
    /// are kept on the store's writer queue).
    let bytes: [UInt8]

    /// A key from its bytes (tests, or a key read elsewhere); exactly 32 of them.
    public init?(bytes: [UInt8]) {
        guard bytes.count == AuditKey.byteCount else { return nil }
        self.bytes = bytes
    }

    /// A short, public name of the key (the start of its SHA-256), so a report can say which
    /// key it used without showing it.
    public var fingerprint: String {
        String(AuditLog.hex(SHA256.hash(data: bytes)).prefix(16))
    }

    /// HMAC-SHA-256 of `encoding` (the bytes the chain hashes) in lowercase hex.
    func mac(_ encoding: [UInt8]) -> String {
        AuditLog.hex(HMAC<SHA256>.authenticationCode(for: encoding, using: SymmetricKey(data: self.bytes)))
    }

    // MARK: - The key file

    /// Reads the key at `path`; nil when there is no file there (the trail is then unkeyed).
    ///
    /// - Throws: `AuditKeyError` when the file is a symbolic link, not a regular file, readable
    ///   by others, or not exactly 32 bytes: a key that cannot be trusted is not silently skipped.
    public static func load(from path: String) throws -> AuditKey? {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return nil }
            throw AuditKeyError(path: path, problem: String(cString: strerror(errno)))
        }
        if status.st_mode & S_IFMT == S_IFLNK { throw AuditKeyError(path: path, problem: "a symbolic link, refused") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw AuditKeyError(path: path, problem: "not a regular file") }
        // As ssh does with its keys: a key others can read is no longer a secret.
        if status.st_mode & 0o077 != 0 {
            throw AuditKeyError(path: path, problem: "readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 0400 it")
        }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw AuditKeyError(path: path, problem: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: byteCount + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        guard total == byteCount, let key = AuditKey(bytes: Array(bytes.prefix(byteCount))) else {
            throw AuditKeyError(path: path, problem: "\(total > byteCount ? "more than \(byteCount)" : String(total)) bytes, \(byteCount) expected")
        }
        return key
    }

    /// When the key file was last written: when the key was made, since a key is never
    /// rewritten in place.
    public static func madeAt(_ path: String) -> Date? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9)
    }

    /// Creates a new random key at `path`: mode 0400, its folder 0700 if it has to be made.
    ///
    /// - Throws: `AuditKeyError` if anything is already at `path` (a key is never replaced:
    ///   events keyed with the old one could no longer be checked) or it is a symbolic link.
    public static func create(at path: String) throws -> AuditKey {
        var status = stat()
        if lstat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFLNK { throw AuditKeyError(path: path, problem: "a symbolic link, refused") }
            throw AuditKeyError(path: path, problem: "a key is already there; it is never replaced (events keyed with it could no longer be checked)")
        }
        try AuditFiles.makeFolder(of: path, failure: { AuditKeyError(path: path, problem: $0) })
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Array($0) }
        // O_EXCL and O_NOFOLLOW: whatever appeared at the path since the check above (a file,
        // a link planted to make us write the key where someone else reads it) makes this fail.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o400)
        guard descriptor >= 0 else { throw AuditKeyError(path: path, problem: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard AuditFiles.writeAll(bytes, to: descriptor), fsync(descriptor) == 0 else {
            let problem = String(cString: strerror(errno))
            unlink(path)
            throw AuditKeyError(path: path, problem: problem)
        }
        // The mode given to open passes through the umask, which can only remove bits; set it
        // exactly, so a 0400 key is what the operator finds whatever their umask.
        fchmod(descriptor, 0o400)
        return AuditKey(bytes: bytes)!
    }
}

/// A key file that cannot be used, with the reason.
public struct AuditKeyError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "audit key \(path): \(problem)" }
}

/// File chores shared by the key and the anchor file.
enum AuditFiles {
    /// Creates the folder of `path` (and any missing parent) with mode 0700.
    static func makeFolder<Failure: Error>(of path: String, failure: (String) -> Failure) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw failure("cannot create folder \(folder)")
        }
    }

    /// read(2), under a name no `read()` method of a caller can shadow.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
        #else
        Darwin.read(descriptor, buffer.baseAddress!, buffer.count)
        #endif
    }

    /// Writes every byte, across short writes and interruptions.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}
