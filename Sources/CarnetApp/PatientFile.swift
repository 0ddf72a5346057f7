import CarnetModel
import Foundation

/// A file the patient adds to their record: text is kept as text and shown; anything else
/// is kept whole, with its type and size.
enum PatientFile {
    /// Larger files belong with the hospital that made them, not in a terminal record.
    static let maximumBytes = 20 * 1024 * 1024

    static func read(_ path: String, title: String, type: DocumentType, today: CalendarDate, strings s: Strings) throws -> Document {
        let expanded = (path as NSString).expandingTildeInPath
        let data = try readBounded(expanded, shownAs: path, strings: s)
        let base = Document(loinc: type.rawValue, title: title, author: .patient, date: today, text: nil)
        // Text: valid UTF-8 without NUL bytes. It is sanitized on its way to the screen.
        if !data.contains(0), let text = String(data: data, encoding: .utf8) {
            var document = base
            document.text = text
            return document
        }
        var document = base
        document.attachment = Attachment(mediaType: mediaType(of: expanded, data: data), byteCount: data.count, data: data)
        return document
    }

    /// The file's bytes, read without following a link (a link to /etc/shadow must not be
    /// stored), its size checked with fstat before reading, and read in bounded chunks so
    /// that a file growing meanwhile cannot exceed the limit.
    static func readBounded(_ path: String, shownAs shown: String, strings s: Strings) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: throw PatientFileError(s.t("Fichier introuvable : \(shown)", "No such file: \(shown)"))
            case ELOOP: throw PatientFileError(s.t("\(shown) est un lien : ajoutez le fichier lui-même", "\(shown) is a link: add the file itself"))
            default: throw PatientFileError(s.t("Impossible de lire \(shown) (droits ?)", "Cannot read \(shown) (permissions?)"))
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw PatientFileError(s.t("Impossible de lire \(shown)", "Cannot read \(shown)")) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw PatientFileError(s.t("\(shown) est un dossier, pas un fichier", "\(shown) is a folder, not a file"))
        case S_IFREG: break
        default: throw PatientFileError(s.t("\(shown) n'est pas un fichier ordinaire", "\(shown) is not a regular file"))
        }
        guard Int(status.st_size) <= maximumBytes else {
            throw PatientFileError(s.t("\(shown) est trop gros (\(s.bytes(Int(status.st_size))), 20 Mo au plus)",
                                       "\(shown) is too large (\(s.bytes(Int(status.st_size))), 20 MB at most)"))
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw PatientFileError(s.t("Impossible de lire \(shown) (droits ?)", "Cannot read \(shown) (permissions?)"))
            }
            if count == 0 { return data }
            guard data.count + count <= maximumBytes else {
                throw PatientFileError(s.t("\(shown) est trop gros (20 Mo au plus)", "\(shown) is too large (20 MB at most)"))
            }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    /// The type from the file's first bytes when they say it, else from its extension.
    static func mediaType(of path: String, data: Data) -> String {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46]) { return "application/pdf" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        switch (path as NSString).pathExtension.lowercased() {
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "dcm": return "application/dicom"
        default: return "application/octet-stream"
        }
    }
}

struct PatientFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
