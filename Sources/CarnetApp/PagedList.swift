import CarnetModel

/// A long list read from the store a page at a time, held as values: the screen asks for
/// the next page (an effect) when the selection comes near the end of what it holds, and
/// the runner's answer is appended. Rendering never reads the store.
struct PagedList<Item: Sendable & Equatable>: Equatable {
    private(set) var items: [Item]
    /// Where the next page starts; nil once the end has been read.
    private(set) var next: Int64?
    /// A page has been asked for and not yet received: asked once, not at every key.
    private(set) var loading = false
    /// Why the last page could not be read.
    var error: String?

    init(_ page: Page<Item>) {
        items = page.items
        next = page.items.isEmpty ? nil : page.next
    }

    var count: Int { items.count }
    var isComplete: Bool { next == nil }

    /// The cursor of the next page to ask for when `selected` is within a screenful of the end.
    mutating func cursorToLoad(near selected: Int, screen: Int) -> Int64? {
        guard let next, !loading, selected + max(1, screen) >= items.count else { return nil }
        loading = true
        return next
    }

    mutating func append(_ page: Page<Item>) {
        items += page.items
        next = page.items.isEmpty ? nil : page.next
        loading = false
        error = nil
    }

    mutating func failed(_ message: String) {
        loading = false
        error = message
    }
}
