import Foundation

/// Files that hold a patient's data (exports, the patient's own summary): never readable by
/// anyone else, not even for a moment, and never written through a link someone planted.
enum PrivateFile {
    /// Writes `data` to `path`: a new file created in the destination folder with
    /// `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600 (so no window where it is 0644), written,
    /// synced, then renamed over `path` (a rename replaces a link, it does not follow it).
    static func write(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CarnetFailure(description: "\(path): cannot write the file (\(String(cString: strerror(errno))))") }
        var written = false
        defer {
            close(descriptor)
            if !written { unlink(temporary) }
        }
        // The umask can only take permissions away; fchmod makes 0600 exact.
        fchmod(descriptor, 0o600)
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CarnetFailure(description: "\(path): cannot write the file (\(String(cString: strerror(errno))))")
                }
                offset += count
            }
        }
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else {
            throw CarnetFailure(description: "\(path): cannot write the file (\(String(cString: strerror(errno))))")
        }
        written = true
    }

    /// The folder for the patient's own files (`~/Carnet`): created 0700; refused if it is a
    /// link (it could lead into a folder others can read) or belongs to someone else.
    static func ownFolder(_ path: String) throws {
        var status = stat()
        if lstat(path, &status) != 0 {
            guard errno == ENOENT else { throw CarnetFailure(description: "\(path): \(String(cString: strerror(errno)))") }
            guard mkdir(path, 0o700) == 0 else { throw CarnetFailure(description: "\(path): cannot create the folder (\(String(cString: strerror(errno))))") }
            return
        }
        guard (status.st_mode & S_IFMT) != S_IFLNK else {
            throw CarnetFailure(description: "\(path) is a link: Carnet writes your record only into a real folder of yours")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { throw CarnetFailure(description: "\(path) is not a folder") }
        guard status.st_uid == geteuid() else { throw CarnetFailure(description: "\(path) belongs to another user: Carnet will not write your record there") }
        if status.st_mode & 0o077 != 0 { chmod(path, 0o700) }
    }
}
