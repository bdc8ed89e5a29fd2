import Foundation
import RosterCore

/// How a bank's delimited result file (批量代发结果) is laid out: the summary line, the fields of
/// each payment line, which payments it lists, and its status words. Built-in templates live in
/// `Schemas/result-templates/*.json` (embedded in the binary); others are JSON files following
/// `Schemas/result-template.schema.json`.
public struct ResultTemplate: Sendable, Codable, Hashable {
    /// What a field of a payment line holds.
    public enum Field: String, Sendable, Codable, Hashable {
        case sequence, account, name, amount, status, reason, reasonCode, ignore
    }
    /// What an item of the summary line holds.
    public enum SummaryItem: String, Sendable, Codable, Hashable {
        case count, successCount, failureCount, total, successTotal, failureTotal, date, payerAccount, ignore
    }
    /// Which payments the file lists.
    public enum Lists: String, Sendable, Codable, Hashable {
        /// Every payment, each with its status.
        case all
        /// Only the failed ones: the others were paid.
        case failures
        /// Only the paid ones: the others failed.
        case successes
    }
    public struct Summary: Sendable, Codable, Hashable {
        public enum Position: String, Sendable, Codable, Hashable { case first, last }
        public var position: Position
        public var items: [SummaryItem]
    }

    public var name: String
    public var description: String?
    public var delimiter: String
    public var encoding: String
    public var quoting: String?
    public var amountFormat: String
    public var headerRow: Bool?
    public var lists: Lists
    public var summary: Summary?
    public var columns: [Field]
    public var success: [String]?
    public var failure: [String]?

    /// Checks what the schema cannot: the fields a line needs for what the file lists.
    func check(source: String) throws(BankResultError) {
        func bad(_ s: String) -> BankResultError { BankResultError(.field, file: source, "result template \(name): \(s); see Schemas/result-template.schema.json") }
        guard delimiter.unicodeScalars.count == 1 else { throw bad("the delimiter must be one character") }
        guard ["UTF-8", "GBK", "GB18030"].contains(encoding) else { throw bad("unknown encoding \(encoding)") }
        guard ["yuan", "fen"].contains(amountFormat) else { throw bad("amountFormat must be yuan or fen") }
        guard columns.contains(.amount) else { throw bad("a line needs its amount") }
        guard columns.contains(.sequence) || columns.contains(.account) else { throw bad("a line needs its 序号 or its account to be matched") }
        if lists == .all {
            guard columns.contains(.status) else { throw bad("a file listing every payment needs a status column") }
            guard !(success ?? []).isEmpty, !(failure ?? []).isEmpty else { throw bad("a status column needs its success and failure words") }
        }
    }

    /// The built-in templates by name.
    public static var builtInNames: [String] { BuiltInResultTemplates.files.map(\.name) }

    /// A built-in template, a template file (`.json`), or an error naming the choices.
    public static func resolve(_ nameOrPath: String) throws(BankResultError) -> ResultTemplate {
        if let f = BuiltInResultTemplates.files.first(where: { $0.name == nameOrPath }) {
            return try decode(Array(f.json.utf8), source: nameOrPath)
        }
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw BankResultError(.unreadable, file: nameOrPath, "cannot read the result template; check the path")
            }
            return try decode(Array(data), source: nameOrPath)
        }
        throw BankResultError(
            .unreadable, file: nameOrPath,
            "unknown result template; use one of \(builtInNames.joined(separator: ", ")) or a path to a template .json file")
    }

    /// Decodes and checks a template.
    public static func decode(_ bytes: [UInt8], source: String) throws(BankResultError) -> ResultTemplate {
        let t: ResultTemplate
        do {
            t = try JSONDecoder().decode(ResultTemplate.self, from: Data(bytes))
        } catch {
            throw BankResultError(.field, file: source, "not a valid result template (\(error)); see Schemas/result-template.schema.json")
        }
        try t.check(source: source)
        return t
    }
}
