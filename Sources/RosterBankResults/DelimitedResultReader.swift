import RosterCore
import Spreadsheet

/// Reads a bank's delimited result file as its ``ResultTemplate`` describes, through the same
/// CSV reader every roster goes through (any encoding, size caps). The summary line's counts
/// and amounts must agree with the lines: a file that disagrees with itself is refused.
enum DelimitedResultReader {
    static func read(
        bytes: [UInt8], file: String, sha256: String, template t: ResultTemplate, limits: ReadLimits
    ) throws(BankResultError) -> BankResult {
        var options = ReadOptions(encoding: t.encoding == "UTF-8" ? .utf8 : .gb18030, format: .csv)
        options.delimiterText = t.delimiter
        options.quoting = t.quoting == "rfc4180"
        options.limits = limits
        var records: [[String]] = []
        do throws(SpreadsheetError) {
            let reader = try CSVWorkbook(bytes: bytes, name: file, options: options).openRecords()
            while let row = try reader.nextRecord() {
                let fields = (0..<reader.fieldCount).map { row[$0]?.raw ?? "" }
                if fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
                records.append(fields)
            }
        } catch {
            throw BankResultError(.unreadable, file: file, "not readable as \(t.name): \(error.reason)")
        }
        var summary: [String]? = nil
        var firstLine = 1
        if let s = t.summary {
            guard !records.isEmpty else { throw BankResultError(.field, file: file, "empty: the summary line is missing") }
            if s.position == .first {
                summary = records.removeFirst()
                firstLine = 2
            } else {
                summary = records.removeLast()
            }
        }
        if t.headerRow == true, !records.isEmpty {
            records.removeFirst()
            firstLine += 1
        }
        var lines: [ResultLine] = []
        for (i, r) in records.enumerated() {
            lines.append(try line(r, number: firstLine + i, template: t, file: file))
        }
        let facts = try Summary(summary, template: t, file: file)
        try facts.check(lines, template: t, file: file)
        return BankResult(
            file: file, sha256: sha256, format: t.name, date: facts.date, payerAccount: facts.payerAccount, lines: lines,
            declaredCount: facts.count, declaredTotal: facts.total)
    }

    static func amount(_ s: String, _ format: String) -> Money? {
        let text = s.trimmingSpaces
        return format == "fen" ? Sane.amount(fen: text) : Sane.amount(text)
    }

    static func line(_ r: [String], number: Int, template t: ResultTemplate, file: String) throws(BankResultError) -> ResultLine {
        guard r.count >= t.columns.count else {
            throw BankResultError(.field, file: file, "line \(number) has \(r.count) fields, the template \(t.name) \(t.columns.count)")
        }
        var l = ResultLine(position: "line \(number)", outcome: t.lists == .successes ? .confirmed : .failed)
        for (c, field) in t.columns.enumerated() {
            let v = r[c].trimmingSpaces
            switch field {
            case .sequence:
                guard let n = Sane.count(v), n > 0 else { throw BankResultError(.field, file: file, "line \(number): 序号 \"\(shown(v))\" is not a number") }
                l.sequence = n
            case .account: l.account = v.isEmpty ? nil : v
            case .name: l.name = v.isEmpty ? nil : v
            case .amount:
                guard let a = amount(v, t.amountFormat) else { throw BankResultError(.field, file: file, "line \(number): 金额 \"\(shown(v))\" is not an amount") }
                l.amount = a
            case .status:
                if (t.success ?? []).contains(v) {
                    l.outcome = .confirmed
                } else if (t.failure ?? []).contains(v) {
                    l.outcome = .failed
                } else {
                    throw BankResultError(
                        .field, file: file,
                        "line \(number): the status \"\(shown(v))\" is neither a success (\((t.success ?? []).joined(separator: "/"))) nor a failure (\((t.failure ?? []).joined(separator: "/")))")
                }
            case .reason: l.text = v.isEmpty ? nil : v
            case .reasonCode: l.code = v.isEmpty ? nil : v
            case .ignore: break
            }
        }
        return l
    }

    /// What the summary line declares.
    struct Summary {
        var count: Int?, successCount: Int?, failureCount: Int?
        var total: Money?, successTotal: Money?, failureTotal: Money?
        var date: String?, payerAccount: String?

        init(_ fields: [String]?, template t: ResultTemplate, file: String) throws(BankResultError) {
            guard let fields, let items = t.summary?.items else { return }
            guard fields.count >= items.count else {
                throw BankResultError(.field, file: file, "the summary line has \(fields.count) fields, the template \(t.name) \(items.count)")
            }
            for (i, item) in items.enumerated() {
                let v = fields[i].trimmingSpaces
                func int() throws(BankResultError) -> Int {
                    guard let n = Sane.count(v) else { throw BankResultError(.field, file: file, "the summary's \(item.rawValue) \"\(shown(v))\" is not a count") }
                    return n
                }
                func money() throws(BankResultError) -> Money {
                    guard let m = t.amountFormat == "fen" ? Sane.money(fen: v) : Sane.money(v) else {
                        throw BankResultError(.field, file: file, "the summary's \(item.rawValue) \"\(shown(v))\" is not an amount")
                    }
                    return m
                }
                switch item {
                case .count: count = try int()
                case .successCount: successCount = try int()
                case .failureCount: failureCount = try int()
                case .total: total = try money()
                case .successTotal: successTotal = try money()
                case .failureTotal: failureTotal = try money()
                case .date: date = Self.date(v)
                case .payerAccount: payerAccount = v
                case .ignore: break
                }
            }
        }

        /// `YYYY-MM-DD` from `YYYYMMDD` or `YYYY-MM-DD` (or `YYYY/MM/DD`).
        static func date(_ v: String) -> String? {
            let digits = v.filter(\.isNumber)
            guard digits.count == 8 else { return nil }
            let d = Array(digits)
            return String(d[0..<4]) + "-" + String(d[4..<6]) + "-" + String(d[6..<8])
        }

        func check(_ lines: [ResultLine], template t: ResultTemplate, file: String) throws(BankResultError) {
            func sum(_ ls: [ResultLine]) -> Money { Money(fen: ls.reduce(0) { $0 + ($1.amount?.fen ?? 0) }) }
            func same(_ what: String, _ declared: Int?, _ counted: Int) throws(BankResultError) {
                if let declared, declared != counted {
                    throw BankResultError(.totals, file: file, "the summary says \(what) \(declared), the lines give \(counted)")
                }
            }
            func same(_ what: String, _ declared: Money?, _ counted: Money) throws(BankResultError) {
                if let declared, declared != counted {
                    throw BankResultError(.totals, file: file, "the summary says \(what) \(declared.decimalString), the lines give \(counted.decimalString)")
                }
            }
            let ok = lines.filter { $0.outcome == .confirmed }
            let bad = lines.filter { $0.outcome == .failed }
            if let c = count, let s = successCount, let f = failureCount, c != s + f {
                throw BankResultError(.totals, file: file, "the summary's 总笔数 \(c) is not 成功笔数 \(s) + 失败笔数 \(f)")
            }
            if let c = total, let s = successTotal, let f = failureTotal, c != s + f {
                throw BankResultError(.totals, file: file, "the summary's 总金额 \(c.decimalString) is not 成功金额 \(s.decimalString) + 失败金额 \(f.decimalString)")
            }
            switch t.lists {
            case .all:
                try same("总笔数", count, lines.count)
                try same("总金额", total, sum(lines))
                try same("成功笔数", successCount, ok.count)
                try same("成功金额", successTotal, sum(ok))
                try same("失败笔数", failureCount, bad.count)
                try same("失败金额", failureTotal, sum(bad))
            case .failures:
                try same("失败笔数", failureCount, bad.count)
                try same("失败金额", failureTotal, sum(bad))
            case .successes:
                try same("成功笔数", successCount, ok.count)
                try same("成功金额", successTotal, sum(ok))
            }
        }
    }
}
