import Spreadsheet
import RosterCore

/// The outcome of `roster check`: per-file results, unreadable inputs and totals.
public struct CheckReport: Sendable {
    /// One input: either checked or unreadable.
    public enum Entry: Sendable {
        /// A file that was read and checked.
        case checked(FileCheck)
        /// A file that could not be read at all.
        case unreadable(path: String, error: SpreadsheetError)
    }

    /// Inputs in the order given.
    public var entries: [Entry]

    /// Creates a report.
    public init(entries: [Entry]) { self.entries = entries }

    /// The checked files.
    public var checked: [FileCheck] {
        entries.compactMap { if case .checked(let c) = $0 { return c } else { return nil } }
    }
    /// True when some input could not be read.
    public var hasUnreadable: Bool { entries.contains { if case .unreadable = $0 { return true } else { return false } } }
    /// True when any finding is an error.
    public var hasErrors: Bool { checked.contains { $0.findings.contains { $0.severity == .error } } }

    /// The process exit status: 2 unreadable input, 1 error findings, 0 clean.
    public var exitCode: Int32 { hasUnreadable ? 2 : hasErrors ? 1 : 0 }

    /// Reads, locates and checks every path (unreadable files are reported, not fatal).
    public static func run(
        paths: [String], validator: Validator, locator: RosterLocator = RosterLocator(),
        options: ReadOptions = ReadOptions(), fallbackDistrict: String? = nil
    ) -> CheckReport {
        let read = read(paths: paths, locator: locator, options: options, fallbackDistrict: fallbackDistrict)
        return check(read: read, paths: paths, validator: validator)
    }

    /// Reads and locates every path, on all cores; results in the order of `paths`. With
    /// `pipeline`, every kept row is also handed to it as it is read, so rows can be checked
    /// before the reading ends (call `pipeline.readingFinished()` after this returns).
    /// `fileRead` hears of each file as it is done (from the reading threads), with its rows.
    /// Relative paths are opened in `folder` (default: the process's), and named as given.
    public static func read(
        paths: [String], in folder: String? = nil, locator: RosterLocator = RosterLocator(),
        options: ReadOptions = ReadOptions(), fallbackDistrict: String? = nil, pipeline: CheckPipeline? = nil,
        fileRead: (@Sendable (_ rows: Int) -> Void)? = nil
    ) -> [Result<RosterFile, SpreadsheetError>] {
        parallelMap(Array(paths.enumerated())) { (i, p) in
            let feed = pipeline.map { CheckPipeline.Feed($0, file: i) }
            defer { feed?.publish() }
            let open = folder.map { p.hasPrefix("/") ? p : $0 + "/" + p } ?? p
            do throws(SpreadsheetError) {
                let file = try locator.read(path: open, options: options, fallbackDistrict: fallbackDistrict, shownAs: p) {
                    feed?.kept($0, $1)
                }
                fileRead?(file.dataRows.count)
                return .success(file)
            } catch {
                fileRead?(0)
                return .failure(error)
            }
        }
    }

    /// The report of a session: each file's check with duplicates across files marked.
    public init(_ session: consuming CheckSession.Outcome, paths: [String]) {
        var checks = session.takeChecked()
        session.validator.findDuplicates(&checks)
        var entries: [Entry] = []
        var next = 0
        for (i, r) in session.read.enumerated() {
            switch r {
            case .success:
                entries.append(.checked(checks[next]))
                next += 1
            case .failure(let e):
                entries.append(.unreadable(path: paths[i], error: e))
            }
        }
        self.init(entries: entries)
    }

    /// Checks files already read; `paths` are the inputs as given, in the same order as `read`.
    public static func check(read: [Result<RosterFile, SpreadsheetError>], paths: [String], validator: Validator) -> CheckReport {
        let checks = read.map { r -> FileCheck? in
            guard case .success(let f) = r else { return nil }
            return validator.checkFile(f)
        }
        return CheckReport(CheckSession.Outcome(read: read, checks: checks, validator: validator, registerProblems: []), paths: paths)
    }

    static func finding(_ f: Finding) -> JSONValue {
        .object([
            ("row", f.row.map { .int($0) } ?? .null),
            ("column", f.column.map { .string($0) } ?? .null),
            ("field", f.field.map { .string($0.rawValue) } ?? .null),
            ("code", .string(f.code.rawValue)),
            ("severity", .string(f.severity.rawValue)),
            ("message", .string(f.message)),
            ("value", f.value.map { .string($0) } ?? .null),
        ])
    }

    /// The JSON report: `{"files":[…],"summary":{…}}`.
    public func json() -> JSONValue {
        var files: [JSONValue] = []
        var byCode: [String: Int] = [:]
        var rows = 0
        var accepted = 0
        var errors = 0
        var warnings = 0
        var amount = Money.zero
        for e in entries {
            switch e {
            case .unreadable(let path, let err):
                files.append(
                    .object([
                        ("path", .string(path)), ("sheet", .null), ("district", .null), ("headerRow", .null), ("rows", .int(0)),
                        ("accepted", .int(0)), ("rejected", .int(0)), ("findings", .array([])), ("error", .string(err.description)),
                    ]))
            case .checked(let c):
                let fs = c.findings
                for f in fs {
                    byCode[f.code.rawValue, default: 0] += 1
                    if f.severity == .error { errors += 1 } else { warnings += 1 }
                }
                rows += c.rowCount
                accepted += c.acceptedCount
                amount += c.acceptedAmount
                files.append(
                    .object([
                        ("path", .string(c.file.path)),
                        ("sheet", c.file.headerRows.isEmpty ? .null : .string(c.file.sheet)),
                        ("district", c.file.district.map { .string($0) } ?? .null),
                        ("headerRow", c.file.headerRow.map { .int($0) } ?? .null),
                        ("rows", .int(c.rowCount)),
                        ("accepted", .int(c.acceptedCount)),
                        ("rejected", .int(c.rejectedCount)),
                        ("alreadyPaid", .int(c.alreadyPaidCount)),
                        ("findings", .array(fs.map(CheckReport.finding))),
                        ("acceptedAmount", .string(c.acceptedAmount.decimalString)),
                        ("districtSource", .string(c.file.districtSource.rawValue)),
                        (
                            "normalisations",
                            .array(
                                c.normalisations.map {
                                    .object([
                                        ("field", .string($0.field.rawValue)), ("kind", .string($0.kind)),
                                        ("count", .int($0.rows.count)), ("rows", .array($0.rows.map { .int($0) })),
                                    ])
                                })
                        ),
                    ]))
            }
        }
        let summary: JSONValue = .object([
            ("files", .int(entries.count)),
            ("unreadable", .int(entries.count - checked.count)),
            ("rows", .int(rows)),
            ("accepted", .int(accepted)),
            ("rejected", .int(rows - accepted)),
            ("acceptedAmount", .string(amount.decimalString)),
            ("errors", .int(errors)),
            ("warnings", .int(warnings)),
            ("byCode", .object(byCode.keys.sorted().map { ($0, .int(byCode[$0]!)) })),
        ])
        return .object([("files", .array(files)), ("summary", summary)])
    }

    /// The text report: a summary per file, then its findings (masked), then totals.
    public func text() -> String {
        var out = ""
        var rows = 0
        var accepted = 0
        var amount = Money.zero
        for e in entries {
            switch e {
            case .unreadable(let path, let err):
                out += "\(path): 无法读取 (cannot be read): \(err.description)\n\n"
            case .checked(let c):
                rows += c.rowCount
                accepted += c.acceptedCount
                amount += c.acceptedAmount
                let fs = c.findings
                let errs = fs.filter { $0.severity == .error }.count
                let f = c.file
                out += "\(f.path)"
                if !f.headerRows.isEmpty { out += " [\(f.sheet), 表头第\(f.headerRow!)行]" }
                out += " \(f.district ?? "区县未知"): \(c.rowCount) 行，通过 \(c.acceptedCount) 行，退回 \(c.rejectedCount) 行，"
                out += "金额 \(c.acceptedAmount.groupedString) 元；错误 \(errs) 条，提示 \(fs.count - errs) 条\n"
                for x in fs {
                    let sev = x.severity == .error ? "错误" : "提示"
                    out += "  \(x.place ?? "文件") \(sev) \(x.code.rawValue): \(x.message)"
                    if let v = x.value { out += " [\(v)]" }
                    out += "\n"
                }
                out += "\n"
            }
        }
        out += "合计：\(entries.count) 个文件，\(rows) 行，通过 \(accepted) 行，退回 \(rows - accepted) 行，通过金额 \(amount.groupedString) 元\n"
        return out
    }
}
