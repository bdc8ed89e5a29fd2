import Crypto
import Foundation
import RosterCore

/// The secret key the payment ledger uses to turn identity numbers into keyed hashes
/// (HMAC-SHA256), so the ledger never holds a clear identity number.
///
/// Where the key lives is a trade-off. A key kept outside the ledger (`--ledger-key-file FILE`
/// or the `ROSTER_LEDGER_KEY` environment variable) means a copy of the ledger file alone cannot
/// be checked against a list of candidate identity numbers. When neither is given, the ledger
/// generates a random 32-byte key on first use and stores it in its own `meta` table: that
/// still keeps clear numbers out of the file, but anyone holding the file holds the key too and
/// can test guesses. Deployments that care should keep the key elsewhere. A ledger remembers a
/// fingerprint of its key and refuses a different one, so duplicates can never slip through
/// because the key changed.
public struct LedgerKey: Sendable, Equatable {
    /// The key bytes.
    public let bytes: [UInt8]

    /// The name of the environment variable that can carry the key.
    public static let environmentVariable = "ROSTER_LEDGER_KEY"

    /// The fewest bytes a key may have.
    public static let minimumLength = 16

    /// Creates a key from raw bytes; at least ``minimumLength`` bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= Self.minimumLength else {
            throw LedgerKeyError(
                source: "the key", reason: "it has \(bytes.count) bytes, fewer than \(Self.minimumLength)")
        }
        self.bytes = bytes
    }

    /// Creates a key from text: an even number (at least 32) of hex digits is decoded as bytes,
    /// anything else is taken as its UTF-8 bytes. Surrounding whitespace is ignored.
    public init(text: String, source: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let decoded = Self.decodeHex(trimmed), decoded.count >= Self.minimumLength {
            self.bytes = decoded
        } else {
            let raw = Array(trimmed.utf8)
            guard raw.count >= Self.minimumLength else {
                throw LedgerKeyError(
                    source: source,
                    reason: "the key is \(raw.count) bytes long, fewer than \(Self.minimumLength)")
            }
            self.bytes = raw
        }
    }

    /// A fresh random 32-byte key.
    public static func random() -> LedgerKey {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Array($0) }
        // 32 bytes always satisfies the minimum.
        return try! LedgerKey(bytes: bytes)
    }

    /// The key for a run: from `keyFile` if given, else from `ROSTER_LEDGER_KEY` in
    /// `environment`, else nil (the ledger then uses the key stored in it, creating one).
    public static func resolve(
        keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> LedgerKey? {
        if let keyFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: keyFile))
            } catch {
                let reason = FileManager.default.fileExists(atPath: keyFile) ? "it cannot be read" : "no such file"
                throw LedgerKeyError(source: keyFile, reason: reason)
            }
            if let text = String(data: data, encoding: .utf8) {
                return try LedgerKey(text: text, source: keyFile)
            }
            do {
                return try LedgerKey(bytes: Array(data))
            } catch {
                throw LedgerKeyError(
                    source: keyFile, reason: "the key is \(data.count) bytes long, fewer than \(minimumLength)")
            }
        }
        if let text = environment[environmentVariable], !text.isEmpty {
            return try LedgerKey(text: text, source: environmentVariable)
        }
        return nil
    }

    /// The keyed hash of a normalised identity number: HMAC-SHA256, 64 lowercase hex digits.
    public func personKey(_ idNumber: String) -> String {
        personKeys([idNumber])[0]
    }

    /// The keyed hashes of many identity numbers, in order (the key is set up once).
    public func personKeys(_ idNumbers: [String]) -> [String] {
        let keys = personKeyDigests(idNumbers)
        return (0..<keys.count).map(keys.hex)
    }

    /// The keyed hashes of many identity numbers as 32-byte digests side by side: a batch of
    /// 94,000 people holds 3 MB instead of 94,000 strings.
    func personKeyDigests(_ idNumbers: [String]) -> PersonKeys {
        // The keyed state is made once and copied per number (the key's two padded blocks are
        // hashed once, not once per person).
        let keyed = HMAC<SHA256>(key: SymmetricKey(data: bytes))
        var digests: [UInt8] = []
        digests.reserveCapacity(idNumbers.count * PersonKeys.width)
        for id in idNumbers {
            var h = keyed
            var id = id
            id.withUTF8 { h.update(data: UnsafeRawBufferPointer($0)) }
            h.finalize().withUnsafeBytes { digests.append(contentsOf: $0) }
        }
        return PersonKeys(digests: digests)
    }

    /// What a match key is of: kept apart, so an account and a name never share a key.
    enum MatchRole: String {
        case account
        case name
    }

    /// The HMAC state with the key set up, to copy per value.
    func keyedState() -> HMAC<SHA256> {
        HMAC<SHA256>(key: SymmetricKey(data: bytes))
    }

    /// A 16-byte keyed hash of an account number or a name (white space removed), to match a
    /// bank's result line to a payment and an account sent again to the one that failed,
    /// without keeping either in the clear.
    static func matchKey(_ keyed: HMAC<SHA256>, role: MatchRole, _ text: String) -> [UInt8] {
        var h = keyed
        var t = role.rawValue + "\u{1F}" + text.filter { !$0.isWhitespace }
        t.withUTF8 { h.update(data: UnsafeRawBufferPointer($0)) }
        return Array(h.finalize().prefix(16))
    }

    /// A fingerprint the ledger stores to recognise its key (not the key, and no identity).
    var fingerprint: String {
        personKey("roster-ledger key fingerprint v1")
    }

    /// The key as hex, for storing a generated key in the ledger.
    var hex: String { hexString(bytes) }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 32, utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}

/// The ledger key could not be loaded.
public struct LedgerKeyError: Error, Sendable, CustomStringConvertible {
    /// Where the key came from (a file path or the environment variable name).
    public var source: String
    /// What is wrong.
    public var reason: String

    /// One line naming the source, the reason and what to do.
    public var description: String {
        "\(source): unusable ledger key: \(reason); give a key of at least 32 hex digits or 16 bytes (for example `openssl rand -hex 32`)"
    }
}

/// Person keys as 32-byte HMAC digests in one buffer; as text, a key is the digest's 64
/// lowercase hex digits, whose order is the digests' byte order.
struct PersonKeys {
    static let width = 32
    let digests: [UInt8]
    var count: Int { digests.count / Self.width }

    /// Key `i` as text.
    func hex(_ i: Int) -> String {
        withHex(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Key `i` as 64 hex digits in a buffer valid only inside `body`.
    func withHex<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let digits: StaticString = "0123456789abcdef"
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * Self.width) { out in
            digests.withUnsafeBufferPointer { d in
                for k in 0..<Self.width {
                    let b = d[i * Self.width + k]
                    out[2 * k] = digits.utf8Start[Int(b >> 4)]
                    out[2 * k + 1] = digits.utf8Start[Int(b & 15)]
                }
            }
            return try body(UnsafeBufferPointer(out))
        }
    }

    /// Whether key `i` sorts before key `j`.
    func less(_ i: Int, _ j: Int) -> Bool {
        digests.withUnsafeBufferPointer { d in
            memcmp(d.baseAddress! + i * Self.width, d.baseAddress! + j * Self.width, Self.width) < 0
        }
    }
}
