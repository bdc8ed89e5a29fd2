import RosterCheck
import RosterCore

/// Why a bank payment file could not be written. One line: file, row, reason, what to do.
public struct BankFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently.
    public enum Kind: String, Sendable, Equatable {
        /// The batch itself is unusable (date, amounts, sequence numbers, currency).
        case invalidBatch
        /// A template is malformed or unknown.
        case invalidTemplate
        /// A text cannot be represented in the file's encoding.
        case unencodable
        /// A text cannot be written safely (delimiter, quote, newline or control character).
        case unsafeText
        /// A text is longer than the format allows.
        case tooLong
        /// The file read back does not give the batch's count and total.
        case mismatch
        /// The file does not satisfy the XML schema, or the schema cannot be used.
        case schema
        /// The output already exists and overwriting was not asked for.
        case exists
        /// Reading or writing a file failed.
        case io
    }

    /// The kind of failure.
    public let kind: Kind
    /// What went wrong and what to do.
    public let reason: String
    /// The file concerned, when known.
    public var file: String?
    /// The payment's sequence number, when one payment is at fault.
    public var row: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, file: String? = nil, row: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.row = row
    }

    /// The same error, naming `file`.
    public func inFile(_ file: String) -> BankFileError {
        var e = self
        if e.file == nil { e.file = file }
        return e
    }

    /// `file: reason`.
    public var description: String {
        if let file { return "\(file): \(reason)" }
        return reason
    }
}
