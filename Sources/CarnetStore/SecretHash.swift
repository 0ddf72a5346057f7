import _CryptoExtras
import Crypto
import Foundation

/// scrypt's cost parameters. Production uses OWASP's N=2^17, r=8, p=1; only tests may
/// lower it. The cost is stored with each hash, so a hash is always checked at its own cost.
public struct ScryptCost: Hashable, Sendable {
    public let log2N: Int
    public let r: Int
    public let p: Int

    public init(log2N: Int, r: Int, p: Int) {
        self.log2N = log2N
        self.r = r
        self.p = p
    }

    public static let production = ScryptCost(log2N: 17, r: 8, p: 1)
    /// Cheap enough that a test suite can hash hundreds of secrets; never used by the binary.
    public static let testing = ScryptCost(log2N: 4, r: 8, p: 1)
}

/// A secret kept as `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64): never in clear.
enum SecretHash {
    static func make(_ secret: String, cost: ScryptCost, salt: [UInt8]? = nil) throws -> String {
        let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
        let key = try derive(secret, salt: salt, cost: cost)
        return "scrypt$\(cost.log2N)$\(cost.r)$\(cost.p)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    static func verify(_ secret: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let log2N = Int(parts[1]), let r = Int(parts[2]),
              let p = Int(parts[3]), (1...22).contains(log2N),
              let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
              let key = try? derive(secret, salt: Array(salt), cost: ScryptCost(log2N: log2N, r: r, p: p))
        else { return false }
        // Constant time: how many leading bytes match must not show in the timing.
        guard key.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(key, expected) { difference |= a ^ b }
        return difference == 0
    }

    private static func derive(_ secret: String, salt: [UInt8], cost: ScryptCost) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(secret.utf8), salt: salt, outputByteCount: 32,
                                          rounds: 1 << cost.log2N, blockSize: cost.r, parallelism: cost.p)
        return key.withUnsafeBytes { Array($0) }
    }
}
