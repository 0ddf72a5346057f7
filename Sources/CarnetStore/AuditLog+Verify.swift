import CarnetModel
import Crypto
import Foundation
import GRDB

/// The result of recomputing the chain, its MACs, and comparing it with its anchors.
public struct AuditVerification: Equatable, Sendable {
    public struct Break: Equatable, Sendable, CustomStringConvertible {
        public let seq: Int64
        public let problem: String
        public var description: String { "event \(seq): \(problem)" }
    }

    /// What the MACs say.
    public enum Keying: Equatable, Sendable {
        /// No key was given; `eventsWithMAC` events carry a MAC nobody checked.
        case unkeyed(eventsWithMAC: Int)
        /// Checked with the key of this fingerprint: every event from `from` on carries a
        /// valid MAC (nil: no event carries one yet); `checked` MACs were recomputed.
        case keyed(fingerprint: String, from: Int64?, checked: Int)
    }

    /// What the anchors kept outside the database say.
    public struct Anchoring: Equatable, Sendable {
        /// The anchor file read; nil when anchoring is off.
        public var file: String?
        /// No file there yet (nothing anchored with this setup so far).
        public var fileMissing = false
        /// The anchors about this trail, compared with it, oldest first.
        public var checked: [AuditAnchor] = []
        /// Anchors that name this file but another trail (another first event): the file was
        /// replaced by another database (a new demo), or rewritten from its very first event.
        public var otherTrails = 0
        /// Lines of the file that are not anchors (a line cut by a crash, another program's).
        public var unreadableLines = 0
        /// Why the file could not be read.
        public var problem: String?
        /// The file sits in the database's folder, where whoever replaces one replaces both.
        public var besideDatabase = false
    }

    public let count: Int
    public let head: String
    /// The first event where the chain, its MACs, its times or its anchors do not hold;
    /// nil when it all holds.
    public let firstBreak: Break?
    public let keying: Keying
    public let anchoring: Anchoring
    public var isIntact: Bool { firstBreak == nil }
}

extension AuditLog {
    /// Recomputes the whole chain and names the first event where it breaks: an edited
    /// event (its hash no longer matches), a deleted one (a gap in the sequence), a
    /// reordered one (it no longer follows its predecessor), one whose MAC is wrong or
    /// missing after keyed events started (the chain was recomputed without the key), one
    /// dated before its predecessor; then compares the trail with the anchors about it (an
    /// older copy restored: the trail ends before an anchored event; a rewritten chain: an
    /// anchored event has another hash).
    ///
    /// - Parameter expectedHead: a head hash kept elsewhere; if the chain no longer holds an
    ///   event with that hash, its tail was cut off.
    public func verify(expectedHead: String? = nil) throws -> AuditVerification {
        var anchoring = AuditVerification.Anchoring(file: seal.anchorFile)
        let identity = AuditLog.fileIdentity(database.path)
        // Anchors naming this file, by path or by device and inode (a database renamed into place).
        var candidates: [AuditAnchor] = []
        if let file = seal.anchorFile {
            let folder = (identity.path as NSString).deletingLastPathComponent
            anchoring.besideDatabase = (AuditLog.fileIdentity(file).path as NSString).deletingLastPathComponent == folder
            do {
                if let read = try AnchorFile(path: file).read() {
                    anchoring.unreadableLines = read.unreadable
                    candidates = read.anchors.filter {
                        $0.database == identity.path || (identity.inode != 0 && $0.device == identity.device && $0.inode == identity.inode)
                    }
                } else {
                    anchoring.fileMissing = true
                }
            } catch {
                anchoring.problem = "\(error)"
            }
        }
        let wanted = Set(candidates.map(\.seq))
        let key = seal.key
        let keyMade = seal.keyMade.map(Timestamp.string(from:))

        return try database.read { db in
            var expectedSeq: Int64 = 1
            var previous = AuditLog.genesis
            var previousAt = ""
            var sawExpectedHead = expectedHead == nil || expectedHead == AuditLog.genesis
            var first: String?
            var keyedFrom: Int64?
            var macsChecked = 0
            var eventsWithMAC = 0
            var anchored: [Int64: (hash: String, mac: String?)] = [:]
            var count = 0
            func keying() -> AuditVerification.Keying {
                key.map { .keyed(fingerprint: $0.fingerprint, from: keyedFrom, checked: macsChecked) } ?? .unkeyed(eventsWithMAC: eventsWithMAC)
            }
            func broken(_ seq: Int64, _ problem: String) -> AuditVerification {
                AuditVerification(count: count, head: previous, firstBreak: .init(seq: seq, problem: problem),
                                  keying: keying(), anchoring: anchoring)
            }
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT seq, at, actor, patient, action, section, purpose, outcome, reason, detail, prev_hash, hash, mac
                FROM audit_event ORDER BY seq
                """)
            // Columns by position: a million name lookups cost more than the hashing.
            while let row = try cursor.next() {
                let seq: Int64 = row[0]
                let storedHash: String = row[11]
                if seq != expectedSeq {
                    return broken(expectedSeq, "missing (the next event is \(seq)): events were deleted")
                }
                let storedPrevious: String = row[10]
                if storedPrevious != previous {
                    return broken(seq, "does not follow event \(seq - 1): events were reordered or replaced")
                }
                let at: String = row[1]
                let fields: [String?] = [String(seq), at, row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]]
                let encoding = AuditLog.encoding(previous: previous, fields: fields)
                guard AuditLog.hex(SHA256.hash(data: encoding)) == storedHash else {
                    return broken(seq, "its content does not match its hash: the event was edited")
                }
                let mac: String? = row[12]
                if mac != nil { eventsWithMAC += 1 }
                if let key {
                    if let mac {
                        guard key.mac(encoding) == mac else {
                            return broken(seq, "its MAC does not match: the event was rewritten by someone without the audit key")
                        }
                        keyedFrom = keyedFrom ?? seq
                        macsChecked += 1
                    } else if let keyedFrom {
                        return broken(seq, "it carries no MAC, though the trail is keyed from event \(keyedFrom) on: it was written or rewritten without the audit key")
                    } else if let keyMade, at >= keyMade {
                        return broken(seq, "it carries no MAC, though it is dated after the audit key was made (\(keyMade)): it was written or rewritten without the key")
                    }
                }
                if at < previousAt {
                    return broken(seq, "its time \(at) is before event \(seq - 1)'s (\(previousAt)): time in the trail never runs backwards; it was inserted or re-dated")
                }
                if seq == 1 { first = storedHash }
                if wanted.contains(seq) { anchored[seq] = (storedHash, mac) }
                if storedHash == expectedHead { sawExpectedHead = true }
                previous = storedHash
                previousAt = at
                expectedSeq += 1
                count += 1
            }
            if !sawExpectedHead {
                return broken(expectedSeq, "the kept head \(expectedHead ?? "") is not among the \(count) events left: the tail was cut off or replaced")
            }

            // The anchors of this trail (same first event) are compared; those of another
            // trail at this path are only counted.
            let ours = candidates.filter { $0.first == first }.sorted { $0.seq < $1.seq }
            anchoring.otherTrails = candidates.filter { $0.first != first && $0.database == identity.path }.count
            anchoring.checked = ours
            let file = seal.anchorFile ?? ""
            for anchor in ours where Int64(count) >= anchor.seq {
                guard let stored = anchored[anchor.seq] else { continue }
                if stored.hash != anchor.hash {
                    return broken(anchor.seq, "its hash differs from the one anchored on \(anchor.at) in \(file): the chain was rewritten")
                }
                if let kept = anchor.mac, stored.mac != kept {
                    return broken(anchor.seq, "its MAC differs from the one anchored on \(anchor.at) in \(file): MACs were stripped or replaced")
                }
            }
            if let last = ours.last, last.seq > Int64(count) {
                return broken(Int64(count) + 1, "the trail ends at event \(count) but event \(last.seq) was anchored on \(last.at) in \(file): an older copy of the database was restored, or its tail was cut off")
            }
            return AuditVerification(count: count, head: previous, firstBreak: nil, keying: keying(), anchoring: anchoring)
        }
    }
}
