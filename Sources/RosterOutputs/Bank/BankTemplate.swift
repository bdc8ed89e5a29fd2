import Foundation
import RosterCheck
import RosterCore

/// A delimited text bank file layout (批量代发): which columns, separators, encoding, summary.
///
/// Built-in templates live in `Schemas/bank-templates/*.json` (embedded in the binary); a template
/// can also be loaded from a JSON file that follows `Schemas/bank-template.schema.json`.
public struct BankTemplate: Sendable, Codable, Hashable {
    /// What a column holds.
    public enum Field: String, Sendable, Codable, Hashable, CaseIterable {
        /// 序号.
        case sequence
        /// 账号.
        case account
        /// 户名.
        case name
        /// 金额, in the template's amount format.
        case amount
        /// 开户行.
        case bankName
        /// 联行号 (empty when unknown).
        case bankCode
        /// 摘要/用途.
        case purpose
        /// 身份证号.
        case idNumber
        /// 区县.
        case district
        /// The batch's currency (`CNY`).
        case currency
        /// The programme's identifier.
        case programmeId
        /// The period paid.
        case period
        /// The execution date, `YYYY-MM-DD`.
        case executionDate
        /// The column's fixed `value`.
        case constant
    }

    /// One column of the file.
    public struct Column: Sendable, Codable, Hashable {
        /// What the column holds.
        public var field: Field
        /// The header text, for templates with a header row.
        public var header: String?
        /// The text of a `constant` column.
        public var value: String?

        /// Creates a column.
        public init(field: Field, header: String? = nil, value: String? = nil) {
            self.field = field
            self.header = header
            self.value = value
        }
    }

    /// How text with the delimiter, a quote or a newline is handled.
    public enum Quoting: String, Sendable, Codable, Hashable {
        /// Quote it as RFC 4180 says (CSV).
        case rfc4180
        /// Refuse it with an error (fixed `|` formats have no quoting).
        case refuse
    }

    /// The character encoding of the file.
    public enum Encoding: String, Sendable, Codable, Hashable {
        /// UTF-8.
        case utf8 = "UTF-8"
        /// GBK (a name outside GBK is an error).
        case gbk = "GBK"
        /// GB18030 (covers all of Unicode).
        case gb18030 = "GB18030"
    }

    /// The line ending.
    public enum LineEnding: String, Sendable, Codable, Hashable {
        /// `\r\n`.
        case crlf = "CRLF"
        /// `\n`.
        case lf = "LF"

        /// The characters of the line ending.
        public var text: String { self == .crlf ? "\r\n" : "\n" }
    }

    /// How amounts are written.
    public enum AmountFormat: String, Sendable, Codable, Hashable {
        /// Yuan with exactly 2 decimals: `1912.57`.
        case yuan
        /// Integer fen: `191257`.
        case fen
    }

    /// A value of the summary line.
    public enum SummaryItem: String, Sendable, Codable, Hashable, CaseIterable {
        /// 总笔数: the number of payments.
        case count
        /// 总金额: the total, in the template's amount format.
        case total
        /// The execution date.
        case executionDate
        /// The payer's account.
        case payerAccount
        /// The payer's name.
        case payerName
        /// The programme's identifier.
        case programmeId
        /// The period paid.
        case period
    }

    /// Where the summary line goes and what it holds.
    public struct Summary: Sendable, Codable, Hashable {
        /// First or last line.
        public enum Position: String, Sendable, Codable, Hashable {
            /// Before any header and payment rows.
            case first
            /// After the payment rows.
            case last
        }

        /// First or last line.
        public var position: Position
        /// The values, in order.
        public var items: [SummaryItem]
        /// The separator of the summary line; the template's delimiter when nil.
        public var delimiter: String?

        /// Creates a summary line layout.
        public init(position: Position, items: [SummaryItem], delimiter: String? = nil) {
            self.position = position
            self.items = items
            self.delimiter = delimiter
        }
    }

    /// The template's name, as given to `--bank-template`.
    public var name: String
    /// What the template is for.
    public var description: String?
    /// The field separator.
    public var delimiter: String
    /// How text needing quotes is handled.
    public var quoting: Quoting
    /// The file's encoding.
    public var encoding: Encoding
    /// Whether a UTF-8 byte order mark starts the file.
    public var byteOrderMark: Bool
    /// The line ending.
    public var lineEnding: LineEnding
    /// Whether the last line ends with the line ending too (default true).
    public var finalLineEnding: Bool?
    /// How amounts are written.
    public var amountFormat: AmountFormat
    /// Whether a header row is written.
    public var headerRow: Bool
    /// The optional summary line.
    public var summary: Summary?
    /// The columns, in order.
    public var columns: [Column]
    /// The output file name pattern: `{programme}`, `{period}`, `{date}`, `{template}`.
    public var fileName: String

    /// Creates a template.
    public init(
        name: String, description: String? = nil, delimiter: String, quoting: Quoting, encoding: Encoding,
        byteOrderMark: Bool = false, lineEnding: LineEnding, finalLineEnding: Bool? = nil,
        amountFormat: AmountFormat, headerRow: Bool, summary: Summary? = nil, columns: [Column], fileName: String
    ) {
        self.name = name
        self.description = description
        self.delimiter = delimiter
        self.quoting = quoting
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
        self.lineEnding = lineEnding
        self.finalLineEnding = finalLineEnding
        self.amountFormat = amountFormat
        self.headerRow = headerRow
        self.summary = summary
        self.columns = columns
        self.fileName = fileName
    }

    /// The names of the built-in templates.
    public static var builtInNames: [String] { BuiltInBankTemplates.files.map(\.name) }

    /// The built-in template called `name`, or nil.
    public static func builtIn(named name: String) -> BankTemplate? {
        guard let file = BuiltInBankTemplates.files.first(where: { $0.name == name }) else { return nil }
        return try? decode(Array(file.json.utf8), source: "built-in template \(name)")
    }

    /// Loads a template from a JSON file and checks it.
    public static func load(path: String) throws(BankFileError) -> BankTemplate {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BankFileError(.io, "cannot read the bank template file; check the path", file: path)
        }
        return try decode(Array(data), source: path)
    }

    /// A built-in template by name, or a template file when `nameOrPath` is not a built-in name.
    public static func resolve(_ nameOrPath: String) throws(BankFileError) -> BankTemplate {
        if let t = builtIn(named: nameOrPath) { return t }
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") { return try load(path: nameOrPath) }
        throw BankFileError(
            .invalidTemplate,
            "unknown bank template \"\(nameOrPath)\"; use one of \(builtInNames.joined(separator: ", ")), pain.001.001.09, pain.001.001.03, or a path to a template .json file")
    }

    /// Decodes and checks a template from JSON bytes.
    public static func decode(_ bytes: [UInt8], source: String) throws(BankFileError) -> BankTemplate {
        let t: BankTemplate
        do {
            t = try JSONDecoder().decode(BankTemplate.self, from: Data(bytes))
        } catch let e as DecodingError {
            throw BankFileError(.invalidTemplate, "not a valid bank template: \(Self.describe(e)); see Schemas/bank-template.schema.json", file: source)
        } catch {
            throw BankFileError(.invalidTemplate, "not a valid bank template: \(error)", file: source)
        }
        do {
            try t.check()
        } catch {
            throw error.inFile(source)
        }
        return t
    }

    private static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String {
            c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let key, let ctx): return "missing \"\(path(ctx.codingPath + [key]))\""
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "wrong type at \"\(path(ctx.codingPath))\""
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not JSON" : "unexpected value at \"\(path(ctx.codingPath))\""
        @unknown default: return "\(e)"
        }
    }

    /// Checks the template is usable: one amount column, headers when there is a header row,
    /// a delimiter that is one character and not a quote or a line break, BOM only with UTF-8.
    public func check() throws(BankFileError) {
        func bad(_ s: String) -> BankFileError { BankFileError(.invalidTemplate, "bank template \"\(name)\": \(s)") }
        guard !name.isEmpty else { throw bad("the name is empty") }
        guard delimiter.count == 1, !["\"", "\r", "\n", "'"].contains(delimiter) else {
            throw bad("the delimiter must be one character other than a quote or a line break")
        }
        if let d = summary?.delimiter, d.count != 1 || ["\"", "\r", "\n", "'"].contains(d) {
            throw bad("the summary delimiter must be one character other than a quote or a line break")
        }
        if let s = summary, s.items.isEmpty { throw bad("the summary line has no items") }
        guard !columns.isEmpty else { throw bad("there are no columns") }
        guard columns.filter({ $0.field == .amount }).count == 1 else {
            throw bad("there must be exactly one amount column")
        }
        if headerRow, let c = columns.first(where: { ($0.header ?? "").isEmpty }) {
            throw bad("the header row needs a header for every column (the \(c.field.rawValue) column has none)")
        }
        if let c = columns.first(where: { $0.field == .constant && $0.value == nil }) {
            throw bad("the constant column \(c.header ?? "") needs a value")
        }
        guard !byteOrderMark || encoding == .utf8 else { throw bad("a byte order mark is only possible with UTF-8") }
        guard !fileName.isEmpty, !fileName.contains("/") else {
            throw bad("the file name pattern must be a plain file name")
        }
    }

    /// The output file name for `batch`: the pattern with its placeholders filled, any character
    /// unsafe in a file name replaced by `_`.
    public func outputFileName(for batch: PaymentBatch) -> String {
        let filled = fileName
            .replacingOccurrences(of: "{programme}", with: sanitizeFileNamePart(batch.programmeId))
            .replacingOccurrences(of: "{period}", with: sanitizeFileNamePart(batch.period))
            .replacingOccurrences(of: "{date}", with: sanitizeFileNamePart(batch.executionDate))
            .replacingOccurrences(of: "{template}", with: sanitizeFileNamePart(name))
        return filled
    }
}

/// Replaces characters that are unsafe in file names (`/ \ : * ? " < > |`, controls) with `_`.
func sanitizeFileNamePart(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
        if u.value < 0x20 || u.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains(u) {
            out.append("_")
        } else {
            out.unicodeScalars.append(u)
        }
    }
    if out.isEmpty || out == "." || out == ".." { return "_" }
    return out
}
