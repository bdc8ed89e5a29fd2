import Foundation
import Spreadsheet
import RosterCheck
import RosterCore

/// Writes a batch as a template-driven delimited text file (批量代发), and reads one back.
public enum DelimitedBankFile {
    /// The bytes of the file for `batch` in `template`'s layout, checked by reading them back.
    ///
    /// Errors: a text the encoding cannot represent (naming the row and the person), a text with
    /// the delimiter, a quote or a line break in a template that cannot quote, an unusable batch.
    /// Text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a `'` prefix so that no
    /// spreadsheet program evaluates it.
    public static func render(_ batch: PaymentBatch, template: BankTemplate) throws(BankFileError) -> [UInt8] {
        var file: [UInt8] = []
        try lines(batch, template: template, into: &file, piece: .max) { _ in }
        try verify(file, template: template, batch: batch)
        return file
    }

    /// The file's bytes for `batch` in `template`'s layout, handed to `emit` in pieces of about
    /// `piece` bytes (each valid only during the call), not read back: a writer streaming them
    /// to disk reads the file back from there (``verify(fileAt:template:batch:)``). Throws what
    /// ``render(_:template:)`` throws before reading back, and stops at that line.
    public static func produce(
        _ batch: PaymentBatch, template: BankTemplate, piece: Int = 1 << 20, _ emit: (UnsafeRawBufferPointer) -> Void
    ) throws(BankFileError) {
        var out: [UInt8] = []
        try lines(batch, template: template, into: &out, piece: piece) { full in
            full.withUnsafeBytes(emit)
            full.removeAll(keepingCapacity: true)
        }
        if !out.isEmpty { out.withUnsafeBytes(emit) }
    }

    /// The file's bytes into `out`, handed to `flush` (which empties it) whenever `out` holds
    /// `piece` bytes or more; what is left at the end stays in `out`.
    private static func lines(
        _ batch: PaymentBatch, template: BankTemplate, into out: inout [UInt8], piece: Int, flush: (inout [UInt8]) -> Void
    ) throws(BankFileError) {
        try template.check()
        try batch.check()
        let writer = try Writer(template: template)
        if template.byteOrderMark { out = [0xEF, 0xBB, 0xBF] }
        let ending = Array(template.lineEnding.text.utf8)
        // Lines go straight into the buffer; every line but the last is followed by the line ending.
        var first = true
        func add(_ line: [UInt8]) {
            if !first { out.append(contentsOf: ending) }
            out.append(contentsOf: line)
            first = false
            if out.count >= piece { flush(&out) }
        }
        if let s = template.summary, s.position == .first { add(try writer.summaryLine(s, batch)) }
        if template.headerRow { add(try writer.headerLine()) }
        // The buffer is sized from the first lines (a fifth to spare): grown by doubling, a
        // 100,000-payment file held whole would take twice its size, and its copy for a moment
        // three times.
        // Streamed, it holds one piece and a few lines.
        let sample = min(batch.payments.count, 256)
        var sampled = 0
        for p in batch.payments[..<sample] {
            let line = try writer.paymentLine(p, batch)
            sampled += line.count + ending.count
            add(line)
        }
        if sample > 0 {
            let perLine = sampled / sample + 1
            let whole = out.count + (batch.payments.count - sample) * perLine * 6 / 5 + 4096
            out.reserveCapacity(piece >= whole ? whole : piece + 4 * perLine + 4096)
        }
        for p in batch.payments[sample...] { add(try writer.paymentLine(p, batch)) }
        if let s = template.summary, s.position == .last { add(try writer.summaryLine(s, batch)) }
        if !first, template.finalLineEnding ?? true { out.append(contentsOf: ending) }
    }

    /// Reads a file back as `template` describes it and compares it with `batch`: the number of
    /// payment rows, every amount in order, the total, and the summary line's count and total.
    /// Throws a `.mismatch` error at the first difference.
    public static func verify(_ bytes: [UInt8], template: BankTemplate, batch: PaymentBatch) throws(BankFileError) {
        if template.byteOrderMark {
            guard bytes.starts(with: byteOrderMark) else { throw mismatcher(template)("the byte order mark is missing") }
        }
        // The reader takes a UTF-8 file's mark as such: only another encoding's file is copied
        // without it (a whole bank file, held twice, is the run's largest block of memory).
        let text = template.byteOrderMark && template.encoding != .utf8 ? Array(bytes.dropFirst(3)) : bytes
        try verifyRecords(.bytes(text), template: template, batch: batch)
    }

    /// ``verify(_:template:batch:)`` of the file at `path`, read from disk a piece at a time.
    public static func verify(fileAt path: String, template: BankTemplate, batch: PaymentBatch) throws(BankFileError) {
        if template.byteOrderMark {
            let mismatch = mismatcher(template)
            guard let head = firstBytes(of: path, count: 3) else { throw mismatch("the file cannot be read") }
            guard head == byteOrderMark else { throw mismatch("the byte order mark is missing") }
            // A mark before another encoding is read past in memory (no built-in template has one).
            if template.encoding != .utf8 {
                guard let data = FileManager.default.contents(atPath: path) else { throw mismatch("the file cannot be read") }
                return try verify(Array(data), template: template, batch: batch)
            }
        }
        try verifyRecords(.file(path), template: template, batch: batch)
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The error for a file that does not read back as it should.
    private static func mismatcher(_ template: BankTemplate) -> (String) -> BankFileError {
        { s in BankFileError(.mismatch, "read back as \(template.name): \(s); the file is not usable and was not kept") }
    }

    /// The first `count` bytes of the file at `path` (fewer when it is shorter); nil when it
    /// cannot be read.
    private static func firstBytes(of path: String, count: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: count)).map { [UInt8]($0 ?? Data()) }
    }

    /// The records of a file read back, compared with `batch` (see ``verify(_:template:batch:)``).
    private static func verifyRecords(_ source: RecordSource, template: BankTemplate, batch: PaymentBatch) throws(BankFileError) {
        let mismatch = mismatcher(template)
        // Records are checked as they are parsed (the file is never held as fields). The last
        // record is held back one step, so a summary line at the end is known as such.
        let summaryFirst = template.summary?.position == .first
        let summaryLast = template.summary?.position == .last
        let amountColumn = template.columns.firstIndex { $0.field == .amount }!
        var index = 0
        var summary: [String]? = nil
        var held: [String]? = nil
        var payments = 0
        var total: Int64 = 0
        func payment(_ record: [String]) throws(BankFileError) {
            defer { payments += 1 }
            // Rows past the batch's count are only counted; the count check names them.
            guard payments < batch.count else { return }
            let p = batch.payments[payments]
            guard record.count == template.columns.count else {
                throw mismatch("payment row \(p.sequence) has \(record.count) fields instead of \(template.columns.count)")
            }
            guard let amount = parseAmount(record[amountColumn], template.amountFormat) else {
                throw mismatch("payment row \(p.sequence) has the amount \"\(record[amountColumn])\", not an amount")
            }
            guard amount == p.amount else {
                throw mismatch("payment row \(p.sequence) reads \(amount) instead of \(p.amount)")
            }
            total += amount.fen
        }
        try forEachRecord(source, template: template, mismatch: mismatch) { (record: [String]) throws(BankFileError) in
            defer { index += 1 }
            if summaryFirst && index == 0 {
                summary = record
                return
            }
            if template.headerRow && index == (summaryFirst ? 1 : 0) {
                let expected = template.columns.map { TextPolicy.formulaGuarded($0.header ?? "") }
                guard record == expected else { throw mismatch("the header row differs from the template") }
                return
            }
            if summaryLast {
                if let h = held { try payment(h) }
                held = record
            } else {
                try payment(record)
            }
        }
        let leading = (summaryFirst ? 1 : 0) + (template.headerRow ? 1 : 0)
        if summaryFirst, index < 1 { throw mismatch("the summary line is missing") }
        if template.headerRow, index < leading { throw mismatch("the header row is missing") }
        if summaryLast {
            guard let h = held else { throw mismatch("the summary line is missing") }
            summary = h
        }
        guard payments == batch.count else {
            throw mismatch("\(payments) payment rows instead of \(batch.count)")
        }
        guard Money(fen: total) == batch.total else {
            throw mismatch("the rows add up to \(Money(fen: total)) instead of \(batch.total)")
        }
        if let s = template.summary, let line = summary {
            var values = line
            if let d = s.delimiter, d != template.delimiter {
                values = line.joined(separator: template.delimiter)
                    .split(separator: Character(d), omittingEmptySubsequences: false).map(String.init)
            }
            guard values.count == s.items.count else {
                throw mismatch("the summary line has \(values.count) values instead of \(s.items.count)")
            }
            for (item, value) in zip(s.items, values) {
                switch item {
                case .count:
                    guard Int(value) == batch.count else {
                        throw mismatch("the summary count is \(value) instead of \(batch.count)")
                    }
                case .total:
                    guard parseAmount(value, template.amountFormat) == batch.total else {
                        throw mismatch("the summary total is \(value) instead of \(batch.total)")
                    }
                default: break
                }
            }
        }
    }

    /// Splits decoded text into records of fields, honouring RFC 4180 quotes when the template
    /// quotes, and requiring the template's line ending exactly.
    static func parseRecords(
        _ text: String, template: BankTemplate, mismatch: (String) -> BankFileError
    ) throws(BankFileError) -> [[String]] {
        var records: [[String]] = []
        try forEachRecord(.bytes(Array(text.utf8)), template: template, mismatch: mismatch) { (r: [String]) throws(BankFileError) in
            records.append(r)
        }
        return records
    }

    /// Where a file read back is: in memory, or on disk (read a piece at a time).
    enum RecordSource {
        case bytes([UInt8])
        case file(String)
    }

    /// `parseRecords` over the file's bytes (after any byte order mark), in the template's
    /// encoding, handing each record to `body` as soon as it is read. The records come from the
    /// same CSV reader every roster goes through (RFC 4180 quoting when the template quotes, any
    /// one-character delimiter); on top of it the template's own rules are checked: its exact
    /// line ending on every record, and a final line ending only where the template has one.
    static func forEachRecord(
        _ source: RecordSource, template: BankTemplate, mismatch: (String) -> BankFileError,
        _ body: ([String]) throws(BankFileError) -> Void
    ) throws(BankFileError) {
        var options = ReadOptions(encoding: template.encoding == .utf8 ? .utf8 : .gb18030, format: .csv)
        options.delimiterText = template.delimiter
        options.quoting = template.quoting == .rfc4180
        let expected: CSVSheetReader.LineEnding = template.lineEnding == .crlf ? .crlf : .lf
        var last: CSVSheetReader.LineEnding? = nil
        var records = 0
        var failure: BankFileError? = nil
        do throws(SpreadsheetError) {
            let workbook =
                switch source {
                case .bytes(let bytes): try CSVWorkbook(bytes: bytes, name: template.name, options: options)
                case .file(let path): try CSVWorkbook(path: path, options: options)
                }
            let reader = try workbook.openRecords()
            while let row = try reader.nextRecord() {
                records += 1
                last = reader.lineEnding
                if let ending = last, ending != expected {
                    failure = mismatch(
                        ending == .cr || expected == .lf
                            ? "a carriage return that is not part of the template's line ending, in record \(records)"
                            : "a bare line feed where the template ends lines with CRLF, in record \(records)")
                    break
                }
                do {
                    try body((0..<reader.fieldCount).map { row[$0]?.raw ?? "" })
                } catch {
                    failure = error
                    break
                }
            }
        } catch {
            switch error.kind {
            case .encoding: throw mismatch("the bytes are not valid \(template.encoding.rawValue)")
            default: throw mismatch(error.reason.contains("never closed") ? "a quoted field is not closed" : error.reason)
            }
        }
        if let failure { throw failure }
        guard records > 0 else { return }
        if template.finalLineEnding ?? true {
            guard last != nil else { throw mismatch("the last line has no line ending") }
        } else {
            guard last == nil else { throw mismatch("the file ends with a line ending the template does not have") }
        }
    }

    static func parseAmount(_ s: String, _ format: BankTemplate.AmountFormat) -> Money? {
        let u = Array(s.utf8)
        let digit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        switch format {
        case .yuan:
            guard u.count >= 4, u[u.count - 3] == 46, u.enumerated().allSatisfy({ $0.offset == u.count - 3 || digit($0.element) })
            else { return nil }
            return Money(decimal: s)
        case .fen:
            guard !u.isEmpty, u.count <= 18, u.allSatisfy(digit), let v = Int64(s) else { return nil }
            return Money(fen: v)
        }
    }
}

/// The Chinese label of a field, for messages and default headers.
func fieldLabel(_ field: BankTemplate.Field) -> String {
    switch field {
    case .sequence: "序号"
    case .account: "账号"
    case .name: "户名"
    case .amount: "金额"
    case .bankName: "开户行"
    case .bankCode: "联行号"
    case .purpose: "摘要"
    case .idNumber: "身份证号"
    case .district: "区县"
    case .currency: "币种"
    case .programmeId: "项目编号"
    case .period: "期间"
    case .executionDate: "日期"
    case .constant: "固定值"
    }
}

/// Turns values into encoded lines for one template.
private struct Writer {
    let template: BankTemplate
    let converter: IconvConverter?

    init(template: BankTemplate) throws(BankFileError) {
        self.template = template
        if template.encoding == .utf8 {
            converter = nil
        } else {
            do {
                converter = try IconvConverter(from: "UTF-8", to: template.encoding.rawValue)
            } catch {
                throw BankFileError(.invalidTemplate, "this system cannot encode \(template.encoding.rawValue)")
            }
        }
    }

    func amountText(_ m: Money) -> String {
        template.amountFormat == .yuan ? m.decimalString : String(m.fen)
    }

    /// One field: guarded against formula injection, then quoted or refused as the template says.
    func cell(
        _ raw: String, label: @autoclosure () -> String, delimiter: String, who: @autoclosure () -> String?, row: Int?
    ) throws(BankFileError) -> String {
        let text = TextPolicy.formulaGuarded(raw)
        let needsQuotes: Bool
        if delimiter.utf8.count == 1, let d = delimiter.utf8.first, d < 0x80 {
            // An ASCII delimiter: one pass over the bytes (ASCII bytes never occur inside a multi-byte character).
            needsQuotes = withUTF8Bytes(text) { b in b.contains { $0 == 0x22 || $0 == 0x0D || $0 == 0x0A || $0 == d } }
        } else {
            needsQuotes = text.unicodeScalars.contains { $0 == "\"" || $0 == "\r" || $0 == "\n" || String($0) == delimiter }
        }
        guard needsQuotes else { return text }
        let label = label()
        let who = who()
        switch template.quoting {
        case .rfc4180:
            return "\"" + text.replacingQuotes() + "\""
        case .refuse:
            let prefix = who.map { "\($0): " } ?? ""
            throw BankFileError(
                .unsafeText,
                "\(prefix)\(label) contains the delimiter \"\(delimiter)\", a quote or a line break, which the \(template.name) template cannot carry; remove it from the source and run again",
                row: row)
        }
    }

    func encode(_ fields: [String], delimiter: String, payment: Payment?) throws(BankFileError) -> [UInt8] {
        // The line's UTF-8 bytes, joined in place (no intermediate String).
        var line: [UInt8] = []
        line.reserveCapacity(160)
        for (i, f) in fields.enumerated() {
            if i > 0 { line.append(contentsOf: delimiter.utf8) }
            withUTF8Bytes(f) { line.append(contentsOf: $0) }
        }
        guard let converter else { return line }
        do {
            return try converter.convert(line)
        } catch {
            throw diagnose(fields, payment: payment)
        }
    }

    /// Finds the field and character the encoding cannot represent.
    func diagnose(_ fields: [String], payment: Payment?) -> BankFileError {
        let enc = template.encoding.rawValue
        let who = payment.map(\.described) ?? "the \(template.name) file"
        for (i, f) in fields.enumerated() {
            for ch in f.unicodeScalars {
                do {
                    _ = try IconvConverter.encode(String(ch), to: enc)
                } catch {
                    let label = i < template.columns.count && payment != nil
                        ? (template.columns[i].header ?? fieldLabel(template.columns[i].field)) : "text"
                    let code = "U+" + String(ch.value, radix: 16, uppercase: true)
                    return BankFileError(
                        .unencodable,
                        "\(who): \(label) \"\(f)\" contains \"\(ch)\" (\(code)), which \(enc) cannot represent; correct the text or use a GB18030 or UTF-8 template",
                        row: payment?.sequence)
                }
            }
        }
        return BankFileError(.unencodable, "\(who): the line cannot be encoded in \(enc)", row: payment?.sequence)
    }

    func summaryLine(_ s: BankTemplate.Summary, _ batch: PaymentBatch) throws(BankFileError) -> [UInt8] {
        let d = s.delimiter ?? template.delimiter
        var fields: [String] = []
        for item in s.items {
            switch item {
            case .count: fields.append(String(batch.count))
            case .total: fields.append(amountText(batch.total))
            case .executionDate: fields.append(batch.executionDate)
            case .payerAccount: fields.append(try cell(batch.payerAccount, label: "付款账号", delimiter: d, who: nil, row: nil))
            case .payerName: fields.append(try cell(batch.payerName, label: "付款户名", delimiter: d, who: nil, row: nil))
            case .programmeId: fields.append(try cell(batch.programmeId, label: "项目编号", delimiter: d, who: nil, row: nil))
            case .period: fields.append(try cell(batch.period, label: "期间", delimiter: d, who: nil, row: nil))
            }
        }
        return try encode(fields, delimiter: d, payment: nil)
    }

    func headerLine() throws(BankFileError) -> [UInt8] {
        var fields: [String] = []
        for c in template.columns {
            fields.append(try cell(c.header ?? "", label: "header", delimiter: template.delimiter, who: nil, row: nil))
        }
        return try encode(fields, delimiter: template.delimiter, payment: nil)
    }

    func paymentLine(_ p: Payment, _ batch: PaymentBatch) throws(BankFileError) -> [UInt8] {
        // Built only for a message: most payments need none.
        var who: String { p.described }
        var fields: [String] = []
        fields.reserveCapacity(template.columns.count)
        for c in template.columns {
            var label: String { c.header ?? fieldLabel(c.field) }
            let d = template.delimiter
            switch c.field {
            case .sequence: fields.append(String(p.sequence))
            case .amount: fields.append(amountText(p.amount))
            case .account: fields.append(try cell(p.account, label: label, delimiter: d, who: who, row: p.sequence))
            case .name: fields.append(try cell(p.name, label: label, delimiter: d, who: who, row: p.sequence))
            case .bankName: fields.append(try cell(p.bankName, label: label, delimiter: d, who: who, row: p.sequence))
            case .bankCode: fields.append(try cell(p.bankCode ?? "", label: label, delimiter: d, who: who, row: p.sequence))
            case .purpose: fields.append(try cell(p.purpose, label: label, delimiter: d, who: who, row: p.sequence))
            case .idNumber: fields.append(try cell(p.idNumber, label: label, delimiter: d, who: who, row: p.sequence))
            case .district: fields.append(try cell(p.district, label: label, delimiter: d, who: who, row: p.sequence))
            case .currency: fields.append(batch.currency)
            case .programmeId: fields.append(try cell(batch.programmeId, label: label, delimiter: d, who: who, row: p.sequence))
            case .period: fields.append(try cell(batch.period, label: label, delimiter: d, who: who, row: p.sequence))
            case .executionDate: fields.append(batch.executionDate)
            case .constant: fields.append(try cell(c.value ?? "", label: label, delimiter: d, who: who, row: p.sequence))
            }
        }
        return try encode(fields, delimiter: template.delimiter, payment: p)
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = String.UnicodeScalarView()
        for u in unicodeScalars {
            out.append(u)
            if u == "\"" { out.append(u) }
        }
        return String(out)
    }
}
