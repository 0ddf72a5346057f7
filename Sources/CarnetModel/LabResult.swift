import Foundation

/// A result (a FHIR Observation or DiagnosticReport): what was measured, its value as the
/// source gave it, when, and how it compares with the reference range.
public struct LabResult: Hashable, Sendable {
    /// Laboratory results, vital signs and the rest are read and shown apart.
    public enum Category: String, Sendable, Codable, CaseIterable { case laboratory, vitalSigns = "vital-signs", other }

    public var id: EntryID?
    /// LOINC, when the source gave it.
    public var code: String?
    public var label: String
    /// As it reads: "6.9 %", "< 0.5 mg/L", "positive"; built from `quantity` when there is one.
    public var value: String?
    /// The measured number, exactly as written (never rounded), its unit and comparator.
    public var quantity: Quantity?
    public var referenceRange: ReferenceRange?
    /// The source's interpretation code (HL7 v3 ObservationInterpretation: H, L, HH, LL, A, N…).
    public var interpretation: String?
    public var category: Category
    public var date: CalendarDate?
    public var author: Author
    /// Every code the source gave, with its system.
    public var codes: [Coding]
    /// The report (panel) that grouped it: "Bilan lipidique", "NFS". The pane groups by it.
    public var report: String?
    /// The report itself (a DiagnosticReport: its conclusion), not a measurement.
    public var isReport: Bool
    /// The stored document it was reported in: masking that document hides the result as
    /// it hides the document.
    public var document: EntryID?
    /// That document's title, as the store read it (not written back).
    public var documentTitle: String?

    public init(id: EntryID? = nil, code: String?, label: String, value: String?, quantity: Quantity? = nil,
                referenceRange: ReferenceRange? = nil, interpretation: String? = nil, category: Category = .other,
                date: CalendarDate?, author: Author, codes: [Coding] = [], report: String? = nil, isReport: Bool = false,
                document: EntryID? = nil, documentTitle: String? = nil) {
        self.report = report
        self.isReport = isReport
        self.document = document
        self.documentTitle = documentTitle
        self.id = id
        self.code = code
        self.label = label
        self.value = value
        self.quantity = quantity
        self.referenceRange = referenceRange
        self.interpretation = interpretation
        self.category = category
        self.date = date
        self.author = author
        self.codes = codes
    }
}

/// A number with its unit, kept as the decimal text the source wrote ("0.0041"), so that
/// nothing is rounded between the laboratory and the screen.
public struct Quantity: Hashable, Sendable, Codable {
    public var decimal: String
    public var unit: String?
    /// "<", "<=", ">=", ">": the true value is beyond the number.
    public var comparator: String?

    public init(decimal: String, unit: String?, comparator: String? = nil) {
        self.decimal = decimal
        self.unit = unit
        self.comparator = comparator
    }

    /// "< 0.5 mg/L".
    public var text: String {
        [comparator, decimal, unit].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// Where a result is expected to lie: a low and a high bound, or words ("négatif").
public struct ReferenceRange: Hashable, Sendable, Codable {
    public var low: String?
    public var high: String?
    public var unit: String?
    public var text: String?

    public init(low: String?, high: String?, unit: String?, text: String?) {
        self.low = low
        self.high = high
        self.unit = unit
        self.text = text
    }

    /// "3.5–5.0 mmol/L", "< 5.0 mmol/L", or the range's words.
    public var display: String {
        if let text, low == nil, high == nil { return text }
        let bounds: String
        switch (low, high) {
        case let (low?, high?): bounds = "\(low)–\(high)"
        case let (low?, nil): bounds = "≥ \(low)"
        case let (nil, high?): bounds = "≤ \(high)"
        case (nil, nil): bounds = ""
        }
        return [bounds, unit ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
