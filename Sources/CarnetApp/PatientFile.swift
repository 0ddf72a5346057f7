import CarnetModel
import Foundation

/// A file the patient adds to their record: text is kept as text and shown; anything else
/// is kept whole, with its type and size.
enum PatientFile {
    /// Larger files belong with the hospital that made them, not in a terminal record.
    static let maximumBytes = 20 * 1024 * 1024

    static func read(_ path: String, title: String, type: DocumentType, today: CalendarDate, strings s: Strings) throws -> Document {
        let expanded = (path as NSString).expandingTildeInPath
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: expanded, isDirectory: &isFolder) else {
            throw PatientFileError(s.t("Fichier introuvable : \(path)", "No such file: \(path)"))
        }
        guard !isFolder.boolValue else { throw PatientFileError(s.t("\(path) est un dossier, pas un fichier", "\(path) is a folder, not a file")) }
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw PatientFileError(s.t("Impossible de lire \(path) (droits ?)", "Cannot read \(path) (permissions?)"))
        }
        guard data.count <= maximumBytes else {
            throw PatientFileError(s.t("\(path) est trop gros (\(s.bytes(data.count)), 20 Mo au plus)", "\(path) is too large (\(s.bytes(data.count)), 20 MB at most)"))
        }
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
