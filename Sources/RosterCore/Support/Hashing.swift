import Crypto
import Foundation

/// A file could not be read while computing its SHA-256.
public struct FileHashError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be read.
    public var path: String
    /// Why it could not be read.
    public var reason: String

    /// One line naming the file, the reason and what to do.
    public var description: String {
        "\(path): cannot read the file to compute its SHA-256 (\(reason)); check that it exists and is readable"
    }
}

/// The SHA-256 of a file as 64 lowercase hex digits, read in 1 MiB chunks (never whole in memory).
public func sha256Hex(fileAt path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
        throw FileHashError(path: path, reason: reason)
    }
    defer { try? handle.close() }
    var hasher = SHA256Stream()
    while true {
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: 1 << 20)
        } catch {
            throw FileHashError(path: path, reason: "\(error.localizedDescription)")
        }
        guard let chunk, !chunk.isEmpty else { break }
        chunk.withUnsafeBytes { hasher.update($0) }
    }
    return hasher.hex()
}

/// The SHA-256 of bytes that come in pieces (a file as it is written or read), as 64 lowercase
/// hex digits once the last piece is in.
public struct SHA256Stream {
    private var hasher = SHA256()

    /// A hash of nothing yet.
    public init() {}

    /// Adds the next piece.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// The digest of every piece so far, as 64 lowercase hex digits.
    public func hex() -> String { hexString(hasher.finalize()) }
}

/// The SHA-256 of a file URL as 64 lowercase hex digits (streaming).
public func sha256Hex(fileAt url: URL) throws -> String {
    try sha256Hex(fileAt: url.path)
}

/// The SHA-256 of bytes in memory as 64 lowercase hex digits.
public func sha256Hex<D: DataProtocol>(bytes: D) -> String {
    hexString(SHA256.hash(data: bytes))
}

/// The SHA-256 of a string's UTF-8 bytes as 64 lowercase hex digits.
public func sha256Hex(utf8 text: String) -> String {
    hexString(SHA256.hash(data: Array(text.utf8)))
}

/// Lowercase hex of any byte sequence (inlinable: the ledger hashes 100,000 people through it,
/// and an unspecialised generic call across modules cost more than the hashing).
@inlinable package func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(Swift.max(bytes.underestimatedCount, 32) * 2)
    for b in bytes {
        out.append(hexDigit(b >> 4))
        out.append(hexDigit(b & 0x0f))
    }
    return String(decoding: out, as: UTF8.self)
}

/// The lowercase hex digit of a value 0...15.
@inlinable package func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }
