import Foundation

/// A document in the record, typed by its LOINC code.
public struct Document: Hashable, Sendable, Codable {
    public var id: EntryID?
    /// LOINC document type, e.g. `11506-3` (progress note), `11502-2` (laboratory report).
    public var loinc: String
    public var title: String
    public var author: Author
    public var date: CalendarDate
    /// Text shown on screen; nil for a stored file that is not text.
    public var text: String?
    public var state: DocumentState
    /// A stored file that is not shown as text (a PDF, an image): its type and size. Its
    /// bytes are read only when asked for.
    public var attachment: Attachment?

    public init(id: EntryID? = nil, loinc: String, title: String, author: Author, date: CalendarDate,
                text: String?, state: DocumentState = DocumentState(), attachment: Attachment? = nil) {
        self.attachment = attachment
        self.id = id
        self.loinc = loinc
        self.title = title
        self.author = author
        self.date = date
        self.text = text
        self.state = state
    }

    public var isPatientAuthored: Bool { author == .patient }
}

/// A file kept with a document.
public struct Attachment: Hashable, Sendable, Codable {
    /// A MIME type, e.g. `application/pdf`.
    public var mediaType: String
    public var byteCount: Int
    /// The bytes, when the document is being stored (listing leaves them out).
    public var data: Data?

    public init(mediaType: String, byteCount: Int, data: Data? = nil) {
        self.mediaType = mediaType
        self.byteCount = byteCount
        self.data = data
    }
}

/// The states of DESIGN.md that decide who sees a document and how it is shown.
public struct DocumentState: Hashable, Sendable, Codable {
    /// Masked by the patient from professionals (the médecin traitant and the author still see it).
    public var maskedFromProfessionals: Bool
    /// Not shown to the patient before this day (a diagnosis to be announced in person).
    public var hiddenFromPatientUntil: CalendarDate?
    public var archived: Bool
    /// Replaced by a newer version: shown as obsolete.
    public var replacedBy: EntryID?

    public init(maskedFromProfessionals: Bool = false, hiddenFromPatientUntil: CalendarDate? = nil,
                archived: Bool = false, replacedBy: EntryID? = nil, superseded: Bool = false) {
        self.superseded = superseded
        self.maskedFromProfessionals = maskedFromProfessionals
        self.hiddenFromPatientUntil = hiddenFromPatientUntil
        self.archived = archived
        self.replacedBy = replacedBy
    }

    /// Its source says a newer version replaced it (FHIR `superseded`), even when the newer
    /// one is not in Carnet.
    public var superseded: Bool = false

    public var isObsolete: Bool { replacedBy != nil || superseded }
}

/// LOINC document types Carnet names on screen.
public enum DocumentType: String, Sendable, CaseIterable {
    case progressNote = "11506-3"
    case dischargeSummary = "18842-5"
    case laboratoryReport = "11502-2"
    case imagingReport = "18748-4"
    case consultationNote = "11488-4"
    case prescriptionDocument = "57833-6"
    case patientNote = "51855-5"

    public var frenchName: String {
        switch self {
        case .progressNote: return "Compte rendu de suivi"
        case .dischargeSummary: return "Compte rendu d'hospitalisation"
        case .laboratoryReport: return "Résultats de biologie"
        case .imagingReport: return "Compte rendu d'imagerie"
        case .consultationNote: return "Compte rendu de consultation"
        case .prescriptionDocument: return "Ordonnance"
        case .patientNote: return "Document du patient"
        }
    }
}
