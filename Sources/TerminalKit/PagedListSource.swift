/// A list read from storage a page at a time, so a list of a million rows costs the pages
/// near the screen and one cursor per page seen, never the whole table.
///
/// Pages are read by keyset: page `k + 1` starts after the last key of page `k`, so
/// reading any page costs an index seek, not an `OFFSET` scan. Jumping far ahead walks
/// the pages between once (keeping only their cursors); later jumps are direct.
public final class PagedListSource<Item>: ListSource {
    /// Reads up to `limit` items after `cursor` (nil: from the start); `next` is the cursor
    /// of the following page, nil at the end.
    public typealias Fetch = (_ after: Int64?, _ limit: Int) throws -> (items: [Item], next: Int64?)

    public let pageSize: Int
    /// Pages kept in memory; the rest are read again when the list comes back to them.
    public let cachedPages: Int
    private let fetch: Fetch
    private let format: (Item, Int) -> String
    private let emphasis: ((Item) -> Bool)?
    private let exactCount: Int?
    /// `pageStarts[k]` is the cursor page `k` starts after.
    private var pageStarts: [Int64?] = [nil]
    /// The number of items, once the last page has been read.
    private var endCount: Int?
    private var cache: [Int: [Item]] = [:]
    private var recentPages: [Int] = []
    /// The last read that failed, for the screen to say so.
    public private(set) var lastError: (any Error)?
    /// Page reads so far: lets tests (and benchmarks) see that the cache works.
    public private(set) var pageReads = 0

    /// - Parameters:
    ///   - count: the exact count when the caller knows it cheaply; otherwise the count
    ///     grows as pages are read (one page beyond the last read, until the end is seen).
    public init(pageSize: Int = 200, cachedPages: Int = 4, count: Int? = nil, fetch: @escaping Fetch,
                format: @escaping (Item, Int) -> String, emphasis: ((Item) -> Bool)? = nil) {
        self.emphasis = emphasis
        self.pageSize = max(1, pageSize)
        self.cachedPages = max(1, cachedPages)
        self.exactCount = count
        self.fetch = fetch
        self.format = format
    }

    public var count: Int {
        if let exactCount { return exactCount }
        if let endCount { return endCount }
        if pageStarts.count == 1 && cache.isEmpty { _ = page(0) }
        return endCount ?? pageStarts.count * pageSize
    }

    public func item(at index: Int) -> Item? {
        guard index >= 0 else { return nil }
        let number = index / pageSize
        guard let items = page(number) else { return nil }
        let offset = index % pageSize
        return offset < items.count ? items[offset] : nil
    }

    public func row(at index: Int, width: Int) -> String {
        item(at: index).map { format($0, width) } ?? ""
    }

    public func isEmphasized(at index: Int) -> Bool {
        guard let emphasis, let item = item(at: index) else { return false }
        return emphasis(item)
    }

    private func page(_ number: Int) -> [Item]? {
        if let items = cache[number] {
            touch(number)
            return items
        }
        // Walk from the last page whose start is known; only cursors are kept on the way.
        while pageStarts.count <= number {
            if endCount != nil { return nil }
            guard load(pageStarts.count - 1) != nil else { return nil }
        }
        return load(number)
    }

    @discardableResult
    private func load(_ number: Int) -> [Item]? {
        let result: (items: [Item], next: Int64?)
        do {
            result = try fetch(pageStarts[number], pageSize)
            pageReads += 1
            lastError = nil
        } catch {
            lastError = error
            return nil
        }
        if let next = result.next, !result.items.isEmpty {
            if pageStarts.count == number + 1 { pageStarts.append(next) }
        } else {
            endCount = number * pageSize + result.items.count
        }
        cache[number] = result.items
        touch(number)
        while recentPages.count > cachedPages { cache[recentPages.removeFirst()] = nil }
        return result.items
    }

    private func touch(_ number: Int) {
        recentPages.removeAll { $0 == number }
        recentPages.append(number)
    }
}
