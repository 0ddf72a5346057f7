import CarnetFHIR
import CarnetModel
import Foundation

/// Reads and maps the files of one `carnet import` ahead of the writer, on the other cores:
/// parsing a file and committing the previous one overlap. Files are still written one by
/// one, in the order given, each whole or not at all; at most `window` plans wait in memory.
final class PlanPrefetch: @unchecked Sendable {
    /// A file read and mapped, or why it could not be.
    enum Outcome {
        case plan(ImportPlan, bytes: Int)
        case unreadable
        case malformed(FHIRError)
    }

    private let files: [String]
    private let window: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var outcomes: [Int: Outcome] = [:]
    private var nextToRead = 0
    private var consumed = 0
    private var cancelled = false

    init(files: [String], workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), window: Int = 4) {
        self.files = files
        self.window = max(window, workers)
        for _ in 0..<min(workers, files.count) {
            Thread.detachNewThread { [self] in work() }
        }
    }

    /// The outcome of file `index`, waiting for it if a worker is still on it.
    func outcome(_ index: Int) -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        while outcomes[index] == nil { condition.wait() }
        let outcome = outcomes.removeValue(forKey: index)!
        consumed = index + 1
        condition.broadcast()
        return outcome
    }

    /// Stops the workers after the files they hold (an error ends the import).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while !cancelled && nextToRead < files.count && nextToRead >= consumed + window { condition.wait() }
            guard !cancelled, nextToRead < files.count else {
                condition.unlock()
                return
            }
            let index = nextToRead
            nextToRead += 1
            condition.unlock()
            let outcome = PlanPrefetch.read(files[index])
            condition.lock()
            outcomes[index] = outcome
            condition.broadcast()
            condition.unlock()
        }
    }

    private static func read(_ file: String) -> Outcome {
        guard let data = FileManager.default.contents(atPath: file) else { return .unreadable }
        do {
            return .plan(try FHIRReader.read(data, file: file), bytes: data.count)
        } catch let error as FHIRError {
            return .malformed(error)
        } catch {
            return .malformed(FHIRError(file: file, path: "$", problem: "\(error)"))
        }
    }
}
