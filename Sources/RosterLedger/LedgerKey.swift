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
        let keyed = keyedState()
        var digests: [UInt8] = []
        digests.reserveCapacity(idNumbers.count * PersonKeys.width)
        for id in idNumbers {
            var id = id
            id.withUTF8 { keyed.mac(UnsafeRawBufferPointer($0)) { digests.append(contentsOf: $0) } }
        }
        return PersonKeys(digests: digests)
    }

    /// What a match key is of: kept apart, so an account and a name never share a key.
    enum MatchRole: String {
        case account
        case name
    }

    /// The HMAC with the key set up once, to use for many values.
    func keyedState() -> KeyedHash { KeyedHash(key: bytes) }

    /// A 16-byte keyed hash of an account number or a name (white space removed), to match a
    /// bank's result line to a payment and an account sent again to the one that failed,
    /// without keeping either in the clear.
    static func matchKey(_ keyed: KeyedHash, role: MatchRole, _ text: String) -> [UInt8] {
        // Most values hold no white space: hashed from their bytes as they are.
        let plain = !text.utf8.contains { $0 <= 0x20 || $0 == 0xE3 || $0 == 0xC2 || $0 == 0xE2 }
        var t = role.rawValue + "\u{1F}" + (plain ? text : text.filter { !$0.isWhitespace })
        return t.withUTF8 { b in keyed.mac(UnsafeRawBufferPointer(b)) { Array($0.prefix(16)) } }
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

/// HMAC-SHA256 (RFC 2104) with the key's inner and outer blocks hashed once: each value then
/// costs two short SHA-256 runs, fed through SHA-256's buffer calls (the generic HMAC update
/// walked its input as a collection of regions, the ledger's largest cost per payment).
struct KeyedHash {
    private var inner = SHA256()
    private var outer = SHA256()

    init(key: [UInt8]) {
        var k = key.count > 64 ? Array(SHA256.hash(data: key)) : key
        k += Array(repeating: 0, count: 64 - k.count)
        inner.update(data: k.map { $0 ^ 0x36 })
        outer.update(data: k.map { $0 ^ 0x5C })
    }

    /// The MAC of `message`, handed to `body` (valid only inside it).
    func mac<R>(_ message: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var i = inner
        i.update(bufferPointer: message)
        var o = outer
        i.finalize().withUnsafeBytes { o.update(bufferPointer: $0) }
        return o.finalize().withUnsafeBytes(body)
    }
}
