import Foundation
import Spreadsheet
import RosterCore

/// A data row after checking: its parsed fields, its findings and whether it is paid.
public struct CheckedRow: Sendable, Hashable {
    /// The original row (every cell as sent) and its district.
    public var source: RosterRow
    /// Normalised name.
    public var name: String
    /// 男 / 女 from the 性别 cell, nil when absent or unrecognised.
    public var isMale: Bool?
    /// The cleaned identity number (18 characters when well formed).
    public var idNumber: String
    /// The identity key used for register and duplicate checks: set when the number passed
    /// every identity check.
    public var idKey: String?
    /// The claimed honour level, when the 荣誉称号 cell is recognised.
    public var claimedHonour: HonourLevel?
    /// The register entry, when found.
    public var register: RegisterEntry?
    /// Cleaned text fields.
    public var employer: String
    /// 开户行.
    public var bank: String
    /// Cleaned account number.
    public var account: String
    /// 联系电话.
    public var phone: String
    /// 困难类型.
    public var hardship: String
    /// 备注.
    public var remarks: String
    /// The amount, when it parsed.
    public var amount: Money?
    /// Findings of this row, in column order.
    public var findings: [Finding] {
        didSet { hasError = findings.contains { $0.code.severity == .error } }
    }
    /// True when some finding is an error (kept in step with `findings`).
    public private(set) var hasError: Bool = false

    /// The district of the row.
    public var district: String? { source.district }
    /// The row number.
    public var number: Int { source.number }
    /// True when the row has no error finding (it is paid; warnings may remain).
    public var accepted: Bool { !hasError }
}

/// A normalisation applied silently to some rows of a file.
public struct NormalisationRecord: Sendable, Hashable {
    /// The field.
    public var field: RosterField
    /// What was changed (`full-width`, `spaces`, `currency-sign`…).
    public var kind: String
    /// The rows it was applied to, ascending.
    public var rows: [Int]
}

/// The check of one file.
public struct FileCheck: Sendable {
    /// The located roster.
    public var file: RosterFile
    /// Every data row, checked, in sheet order.
    public var rows: [CheckedRow]
    /// Findings about the file as a whole or its totals rows.
    public var fileFindings: [Finding]
    /// Silent normalisations, by field and kind.
    public var normalisations: [NormalisationRecord]

    /// The file-level errors (a missing column, no district, an empty file): each holds back
    /// every row of the file.
    public var blockingFindings: [Finding] { fileFindings.filter(Self.holdsBackFile) }
    /// True when a file-level error holds back every row.
    public var blocked: Bool { fileFindings.contains(where: Self.holdsBackFile) }
    /// An error about the file as a whole (no row) holds back all of it.
    static func holdsBackFile(_ f: Finding) -> Bool { f.row == nil && f.severity == .error }

    /// The one place that decides who is paid: every row without an error finding, unless a
    /// file-level error holds the whole file back. Such a row always has its amount (no amount,
    /// or one that cannot be read, is an error). Every count, workbook, bank file and the
    /// ledger follow this.
    public var paidRows: IndexSet {
        var out = IndexSet()
        guard !blocked else { return out }
        for i in rows.indices where !rows[i].hasError { out.insert(i) }
        return out
    }

    /// Whether row `i` is paid, given whether the file is `blocked` (see ``paidRows``).
    @inlinable public func isPaid(_ i: Int, blocked: Bool) -> Bool { !blocked && !rows[i].hasError }

    /// Rows that are paid.
    public var acceptedRows: [CheckedRow] { paidRows.map { rows[$0] } }
    /// Rows that are returned.
    public var rejectedRows: [CheckedRow] {
        let paid = paidRows
        return rows.indices.filter { !paid.contains($0) }.map { rows[$0] }
    }
    /// Number of data rows.
    public var rowCount: Int { rows.count }
    /// Number of rows paid.
    public var acceptedCount: Int { paidTotals.count }
    /// Number of rows returned.
    public var rejectedCount: Int { rowCount - acceptedCount }
    /// Total of the paid rows.
    public var acceptedAmount: Money { paidTotals.amount }
    /// The rows paid and their total.
    public var paidTotals: PaymentTotals {
        let blocked = blocked
        var t = PaymentTotals()
        for i in rows.indices where isPaid(i, blocked: blocked) { t.add(rows[i].amount ?? .zero) }
        return t
    }
    /// The rows returned and the total of those whose amount could be read.
    public var returnedTotals: PaymentTotals {
        let blocked = blocked
        var t = PaymentTotals()
        for i in rows.indices where !isPaid(i, blocked: blocked) { t.add(rows[i].amount ?? .zero) }
        return t
    }
    /// Every finding: file-level first, then by row and column.
    public var findings: [Finding] {
        var all = fileFindings
        for i in rows.indices where !rows[i].findings.isEmpty { all += rows[i].findings }
        all = all.enumerated().sorted { a, b in
            let ka = (a.element.row ?? 0, a.element.columnIndex ?? -1)
            let kb = (b.element.row ?? 0, b.element.columnIndex ?? -1)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        return all
    }
}

/// Checks rosters against the honour register and a programme.
public struct Validator: Sendable {
    /// The roster template (honour wording).
    public var template: TableTemplate
    /// The programme.
    public var program: Program
    /// The honour register.
    public var registry: Registry
    /// A full GB/T 2260 table, when configured (else only province codes are checked).
    public var regions: RegionTable?
    /// The city's districts and counties: a 区县 value outside them is `district.unknown`.
    public var districts: DistrictList
    /// Answers whether a person (18-character ID) was already paid in this programme and
    /// period (the payment ledger); such rows get `dup.already-paid`.
    public var alreadyPaid: (@Sendable (String) -> Bool)?
    /// The batch that already paid a person (18-character ID), for the `dup.already-paid`
    /// message; consulted only for people `alreadyPaid` answers true for.
    public var paidInBatch: (@Sendable (String) -> String?)? = nil

    /// Creates a validator.
    public init(
        template: TableTemplate = .defaultRoster, program: Program, registry: Registry, regions: RegionTable? = nil,
        districts: DistrictList = .kunming, alreadyPaid: (@Sendable (String) -> Bool)? = nil
    ) {
        self.template = template
        self.program = program
        self.registry = registry
        self.regions = regions
        self.districts = districts
        self.alreadyPaid = alreadyPaid
    }

    /// Checks files together (duplicates are found across all of them). Results keep the
    /// given order; which copy of a duplicate counts as first follows the files' paths, so
    /// the outcome does not depend on the order files are given in.
    public func check(_ files: [RosterFile]) -> [FileCheck] {
        var results = files.map { checkRows($0) }
        findDuplicates(&results)
        return results
    }

    // MARK: - one file

    struct NormKey: Hashable {
        var field: RosterField
        var kind: String
    }

    /// Checks one file on its own, every rule but the duplicates across files: the first of the
    /// two phases of `check(_:)`, for a caller that learns something between them (the run asks
    /// the ledger who was paid before) and then calls ``findDuplicates(_:)``.
    public func checkFile(_ file: RosterFile) -> FileCheck { checkRows(file) }

    func checkRows(_ file: RosterFile, prechecked: ([CheckedRow], [NormKey: [Int]])? = nil) -> FileCheck {
        if file.isEmptyFile {
            // Nothing to check: the one thing to say is that the file must be sent again.
            let empty = Finding(
                file: file.path, sheet: nil, row: nil, columnIndex: nil, field: nil, code: .fileEmpty,
                message: "文件是空的（0 字节），可能是复制或下载时中断了。请重新报送完整的花名册文件")
            return FileCheck(file: file, rows: [], fileFindings: [empty], normalisations: [])
        }
        var fileFindings: [Finding] = []
        for f in file.missingFields {
            let names = template.spec(f)?.headers.joined(separator: "、") ?? f.label
            fileFindings.append(
                Finding(
                    file: file.path, sheet: file.headerRows.isEmpty ? nil : file.sheet, row: nil, columnIndex: nil,
                    field: f, code: .columnMissing,
                    message: file.headerRows.isEmpty
                        ? "找不到花名册表头，缺少“\(f.label)”列。请使用标准表头（\(names)）后重新报送"
                        : "找不到“\(f.label)”列，请在表头中加上该列（可用列名：\(names)）后重新报送"))
        }
        if !file.headerRows.isEmpty && file.district == nil && file.dataRows.contains(where: { $0.district == nil }) {
            fileFindings.append(
                Finding(
                    file: file.path, sheet: file.sheet, row: nil, columnIndex: nil, field: .district, code: .districtUnknown,
                    message: "无法确定所属区县：请在文件名或表格标题中写明区县（如“\(districts.names.first ?? "五华区")”），或增加“区县”列。\(districts.city)的区县为：\(districts.listed)"))
        }
        let (rows, norms) = prechecked ?? checkAllRows(file)
        checkTotals(file: file, rows: rows, into: &fileFindings)
        let records = norms.keys.sorted { ($0.field, $0.kind) < ($1.field, $1.kind) }.map {
            NormalisationRecord(field: $0.field, kind: $0.kind, rows: norms[$0]!)
        }
        return FileCheck(file: file, rows: rows, fileFindings: fileFindings, normalisations: records)
    }

    /// Checks every data row; large files are split into chunks checked on all cores, then
    /// joined in row order (the result is the same as checking them one by one).
    func checkAllRows(_ file: RosterFile) -> ([CheckedRow], [NormKey: [Int]]) {
        let table = file.columnTable
        let count = file.dataRows.count
        let chunks = count >= 4096 ? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) : 1
        if chunks == 1 {
            var norms: [NormKey: [Int]] = [:]
            var rows: [CheckedRow] = []
            rows.reserveCapacity(count)
            for r in file.dataRows { rows.append(checkRow(r, path: file.path, sheet: file.sheet, table: table, norms: &norms)) }
            return (rows, norms)
        }
        // Each chunk writes its checked rows straight into its own slice of the result, so
        // no second copy of the rows is ever held (one CheckedRow is a few hundred bytes).
        let size = (count + chunks - 1) / chunks
        let normParts = UnsafeMutableBufferPointer<[NormKey: [Int]]>.allocate(capacity: chunks)
        normParts.initialize(repeating: [:])
        defer {
            normParts.deinitialize()
            normParts.deallocate()
        }
        nonisolated(unsafe) let normOut = normParts  // chunk c writes only normOut[c]; read after concurrentPerform returns
        let dataRows = file.dataRows
        let path = file.path
        let sheet = file.sheet
        let rows = [CheckedRow](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer  // each chunk initializes only its own slice of rows
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size
                let hi = min(count, lo + size)
                var norms: [NormKey: [Int]] = [:]
                if lo < hi {
                    for i in lo..<hi {
                        (out.baseAddress! + i).initialize(
                            to: checkRow(dataRows[i], path: path, sheet: sheet, table: table, norms: &norms))
                    }
                }
                normOut[c] = norms
            }
            initialized = count
        }
        var norms: [NormKey: [Int]] = [:]
        for c in 0..<chunks {
            for (k, v) in normParts[c] { norms[k, default: []] += v }
        }
        return (rows, norms)
    }

    func checkRow(_ r: RosterRow, file: RosterFile, table: [Int?], norms: inout [NormKey: [Int]]) -> CheckedRow {
        checkRow(r, path: file.path, sheet: file.sheet, table: table, norms: &norms)
    }

    /// Checks one row (the file is named by path and sheet only, so no file is copied per row).
    func checkRow(_ r: RosterRow, path: String, sheet: String, table: [Int?], norms: inout [NormKey: [Int]]) -> CheckedRow {
        let rowNumber = r.number
        var findings: [Finding] = []
        func note(_ field: RosterField, _ changes: TextChanges) {
            guard !changes.isEmpty else { return }
            for k in changes.names { norms[NormKey(field: field, kind: k), default: []].append(rowNumber) }
        }
        func add(_ field: RosterField, _ code: FindingCode, _ message: String, value: String? = nil, column: Int? = nil) {
            findings.append(
                Finding(
                    file: path, sheet: sheet, row: rowNumber, columnIndex: column ?? table[field.ordinal],
                    field: field, code: code, message: message, value: value))
        }
        let cell = { (f: RosterField) -> FieldText? in table[f.ordinal].flatMap { r.field($0) } }
        let has = { (f: RosterField) -> Bool in table[f.ordinal] != nil }

        // District: a value must name one of the city's districts (never `../x` or a formula).
        if let d = cell(.district), !districts.names(d.raw) {
            let shown = FieldParsing.text(d).0
            if !shown.isEmpty {
                add(
                    .district, .districtUnknown,
                    "区县“\(shown)”不是\(districts.city)的区县。请填写以下之一：\(districts.listed)", value: shown)
            }
        }

        // Name.
        let (name, nameChanges) = FieldParsing.name(cell(.name))
        note(.name, nameChanges)
        if name.isEmpty, has(.name) { add(.name, .nameMissing, "姓名为空，请填写劳模姓名") }

        // Identity number.
        let id = FieldParsing.identity(cell(.idNumber))
        note(.idNumber, id.changes)
        var idOK = false
        if has(.idNumber) {
            idOK = checkIdentity(id, add: { add(.idNumber, $0, $1, value: $2) })
        }
        // Gender.
        let genderText = FieldParsing.text(cell(.gender)).0
        let isMale = genderText.isEmpty ? nil : FieldParsing.isMale(genderText)
        if let m = isMale, id.problem == nil, let idMale = IdentityNumber.isMale(id.value), m != idMale {
            add(
                .gender, .idGenderMismatch,
                "性别填写为“\(m ? "男" : "女")”，但身份证号码显示为\(idMale ? "男" : "女")性，请核对性别或身份证号码",
                value: genderText)
        }

        // Honour: claimed wording and the register.
        let honourText = FieldParsing.text(cell(.honour)).0
        var claimed: HonourLevel? = nil
        if !honourText.isEmpty {
            claimed = template.honourLevel(for: honourText)
            if let c = claimed, honourText != c.label, TextNormalizer.headerKey(honourText) != TextNormalizer.headerKey(c.label) {
                note(.honour, .wording)
            }
            if claimed == nil {
                add(.honour, .honourUnrecognised, "无法识别荣誉称号“\(honourText)”，已按荣誉名册登记的称号审核", value: honourText)
            }
        }
        var entry: RegisterEntry? = nil
        if idOK {
            entry = registry[id.value]
            if let e = entry {
                if !name.isEmpty, e.name != name {
                    add(
                        .name, .honourNameMismatch,
                        "荣誉名册中该身份证号码登记的姓名为“\(Mask.name(e.name))”，与所填姓名不一致，请核对姓名或身份证号码",
                        value: Mask.name(name))
                }
                switch e.status {
                case .revoked: add(.idNumber, .honourRevoked, "荣誉名册登记该劳模荣誉已撤销，不能发放", value: Mask.identity(id.value))
                case .deceased: add(.idNumber, .honourDeceased, "荣誉名册登记该劳模已故，不能发放", value: Mask.identity(id.value))
                case .active: break
                }
                if let c = claimed, let reg = e.honour, c != reg {
                    add(
                        .honour, .honourLevelMismatch,
                        "所填荣誉称号为“\(c.label)”，荣誉名册登记为“\(reg.label)”，请按名册更正", value: honourText)
                }
                if let reg = e.honour, !program.eligibleHonours.contains(reg) {
                    add(
                        .honour, .honourIneligible,
                        "该劳模为\(reg.label)，不属于“\(program.title)”的发放对象（限\(program.eligibleHonours.map(\.label).joined(separator: "、"))）",
                        value: honourText.isEmpty ? reg.label : honourText,
                        column: table[RosterField.honour.ordinal] ?? table[RosterField.idNumber.ordinal])
                } else if e.honour == nil {
                    add(
                        .honour, .honourIneligible,
                        "荣誉名册登记的荣誉称号“\(e.honourText)”无法识别，不能确定是否属于本次发放对象，请与市总工会核实",
                        value: e.honourText, column: table[RosterField.honour.ordinal] ?? table[RosterField.idNumber.ordinal])
                }
            } else {
                add(
                    .idNumber, .honourNotRegistered, "荣誉名册中没有此身份证号码，请核对号码是否抄错，或确认其劳模身份",
                    value: Mask.identity(id.value))
            }
        }

        // Bank account.
        let acct = FieldParsing.account(cell(.account))
        note(.account, acct.changes)
        if has(.account) {
            checkAccount(acct, add: { add(.account, $0, $1, value: $2) })
        }

        // Amount.
        var amt = FieldParsing.amount(cell(.amount))
        note(.amount, amt.changes)
        if !has(.amount) {
            // A template without an amount column: the programme's fixed amount, or nothing to pay.
            if case .fixed(let f) = program.amount {
                amt.money = f
            } else {
                add(.amount, .amountMissing, "花名册没有“补助金额”列，本项目金额不固定，无法确定发放金额，请增加该列后重新报送")
            }
        } else {
            let shown = cell(.amount)?.raw ?? ""
            if amt.empty {
                add(.amount, .amountMissing, "补助金额为空，请填写")
            } else if let m = amt.money {
                checkAmount(m, add: { c, msg, _ in add(.amount, c, msg, value: shown) })
            } else {
                add(.amount, .amountFormat, "补助金额“\(shown)”不是有效金额，请只填阿拉伯数字，如 2000 或 2000.00", value: shown)
            }
        }

        var checked = CheckedRow(
            source: r, name: name, isMale: isMale, idNumber: id.value, idKey: idOK ? id.value : nil,
            claimedHonour: claimed, register: entry, employer: FieldParsing.text(cell(.employer)).0,
            bank: FieldParsing.text(cell(.bank)).0, account: acct.value, phone: FieldParsing.name(cell(.phone)).0,
            hardship: FieldParsing.text(cell(.hardship)).0, remarks: FieldParsing.text(cell(.remarks)).0,
            amount: amt.money, findings: [])
        checked.findings = findings  // sets hasError
        return checked
    }

    /// Runs the identity checks; returns true when the number can be used as a key.
    func checkIdentity(_ id: ParsedIdentity, add: (FindingCode, String, String?) -> Void) -> Bool {
        switch id.problem {
        case .missing:
            add(.idMissing, "身份证号码为空，请填写18位身份证号码", nil)
            return false
        case .precisionLost:
            add(
                .idPrecisionLost,
                "身份证号码以数字格式保存，末几位已丢失（如显示为 5.30102E+17）。请把该列设为“文本”格式后重新录入完整号码",
                Mask.identity(FieldParsing.expandScientific(id.value) ?? id.value))
            return false
        case .format:
            let n = id.value.count
            let why = n == 18 || n == 15 ? "含有不应出现的字符" : "共\(n)位"
            add(.idFormat, "身份证号码格式不对（\(why)），应为18位：前17位为数字，最后一位为数字或X，请核对后重填", Mask.identity(id.value))
            return false
        case nil: break
        }
        var ok = true
        var maskedCache: String?
        var masked: String {
            if let m = maskedCache { return m }
            let m = Mask.identity(id.value)
            maskedCache = m
            return m
        }
        if id.upgradedLegacy {
            add(.idLegacy15, "15位旧身份证号码已自动升级为18位，请核对是否为本人现用号码", masked)
        }
        if !IdentityNumber.hasProvinceCode(id.value) {
            add(.idRegion, "身份证号码前两位“\(id.value.prefix(2))”不是有效的省级行政区划代码，请核对", masked)
            ok = false
        } else if let regions, !regions.contains(id.value.prefix(6)) {
            add(.idRegion, "身份证号码前六位“\(id.value.prefix(6))”不是有效的行政区划代码，请核对", masked)
            ok = false
        }
        if let b = IdentityNumber.birthDate(id.value) {
            let ref = program.date
            if !b.isValid {
                add(.idBirthdate, "身份证号码中的出生日期“\(b)”不是有效日期，请核对", masked)
                ok = false
            } else if b > ref {
                add(.idBirthdate, "身份证号码中的出生日期“\(b)”晚于发放日期 \(ref)，请核对", masked)
                ok = false
            } else {
                let age = b.age(on: ref)
                if age < 16 || age > 120 {
                    add(.idBirthdate, "按身份证号码计算年龄为\(age)岁，不在16至120岁之间，请核对", masked)
                    ok = false
                }
            }
        }
        if !IdentityNumber.hasValidChecksum(id.value) {
            add(.idChecksum, "身份证号码校验位（最后一位）不正确，可能有数字抄错，请对照身份证原件核对", masked)
            ok = false
        }
        return ok
    }

    func checkAccount(_ a: (value: String, precisionLost: Bool, changes: TextChanges), add: (FindingCode, String, String?) -> Void) {
        if a.value.isEmpty {
            add(.bankMissing, "银行卡号为空，请填写本人银行卡号", nil)
            return
        }
        var masked: String { Mask.account(a.value) }
        if a.precisionLost {
            add(.bankPrecisionLost, "银行卡号以数字格式保存，末几位已丢失。请把该列设为“文本”格式后重新录入完整卡号", masked)
            return
        }
        let digitsOnly = a.value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        let n = digitsOnly ? a.value.utf8.count : a.value.count
        if !digitsOnly || n < 12 || n > 30 {
            add(.bankAccountFormat, "银行卡号应为12至30位数字（现为\(digitsOnly ? "\(n)位" : "含非数字字符")），请核对", masked)
            return
        }
        if (16...19).contains(n), !BankAccount.passesLuhn(a.value) {
            add(.bankLuhn, "银行卡号校验不通过，可能有数字抄错，请与存折或银行卡核对", masked)
        }
    }

    func checkAmount(_ m: Money, add: (FindingCode, String, String?) -> Void) {
        if m.fen <= 0 {
            add(.amountNotAllowed, "补助金额必须大于零", nil)
            return
        }
        switch program.amount {
        case .fixed(let f):
            if m != f { add(.amountNotAllowed, "本项目补助金额固定为 \(f.groupedString) 元，所填为 \(m.groupedString) 元", nil) }
        case .max(let hi):
            if m > hi { add(.amountOverLimit, "补助金额 \(m.groupedString) 元超过本项目上限 \(hi.groupedString) 元", nil) }
        case .range(let lo, let hi):
            if m > hi {
                add(.amountOverLimit, "补助金额 \(m.groupedString) 元超过本项目上限 \(hi.groupedString) 元", nil)
            } else if m < lo {
                add(.amountNotAllowed, "补助金额 \(m.groupedString) 元低于本项目下限 \(lo.groupedString) 元", nil)
            }
        }
    }

    func checkTotals(file: RosterFile, rows: [CheckedRow], into findings: inout [Finding]) {
        guard let ac = file.columns[.amount], !file.totalsRows.isEmpty else { return }
        var segmentStart = 0  // index into rows
        for t in file.totalsRows {
            let isSubtotal = t.cells.contains { $0.isText && TextNormalizer.headerKey($0.raw).hasSuffix("小计") }
            let upTo = rows.firstIndex { $0.number > t.number } ?? rows.count
            let from = isSubtotal ? segmentStart : 0
            let expected = rows[from..<upTo].reduce(Money.zero) { $0 + ($1.amount ?? .zero) }
            if isSubtotal { segmentStart = upTo }
            guard let cell = t[ac] else { continue }
            let parsed = FieldParsing.amount(cell)
            guard let stated = parsed.money else { continue }
            if stated != expected {
                findings.append(
                    Finding(
                        file: file.path, sheet: file.sheet, row: t.number, columnIndex: ac, field: .amount, code: .totalMismatch,
                        message: "\(isSubtotal ? "小计" : "合计")行金额 \(stated.groupedString) 元与明细金额之和 \(expected.groupedString) 元不符，请核对",
                        value: cell.raw))
            }
        }
    }

    // MARK: - across files

    /// A hash of a name's bytes and a birth date, only used to bring candidates together (they
    /// are then compared exactly). Seeded per process, like every `Hasher`, so a roster cannot
    /// be made to collide on purpose; no output depends on its value.
    static func nameBirthHash(_ name: String, _ birth: SimpleDate) -> UInt64 {
        var hasher = Hasher()
        withUTF8Bytes(name) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(birth.year &* 10_000 &+ birth.month &* 100 &+ birth.day)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// The groups of two or more places among `pairs` (sorted by key, then place) whose keys
    /// are equal and which `same` says are equal too (keys are hashes: equal keys are only
    /// candidates). Each group keeps path order; a group's first place is its first copy.
    static func groups(sorted pairs: [(key: UInt64, seq: UInt64)], same: (UInt64, UInt64) -> Bool) -> [[UInt64]] {
        var out: [[UInt64]] = []
        for run in runs(sorted: pairs) where run.count > 1 {
            // Split the run by `same`, each part in path order (one pass per part).
            var left = pairs[run].map(\.seq)
            while left.count > 1 {
                let first = left[0]
                var part: [UInt64] = []
                var rest: [UInt64] = []
                for q in left {
                    if q == first || same(first, q) { part.append(q) } else { rest.append(q) }
                }
                if part.count > 1 { out.append(part) }
                left = rest
            }
        }
        return out
    }

    /// The index ranges of `pairs` (sorted by key) over which the key stays the same.
    static func runs(sorted pairs: [(key: UInt64, seq: UInt64)]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var lo = 0
        while lo < pairs.count {
            var hi = lo + 1
            while hi < pairs.count && pairs[hi].key == pairs[lo].key { hi += 1 }
            out.append(lo..<hi)
            lo = hi
        }
        return out
    }

    struct Occurrence {
        var file: Int
        var row: Int
    }

    /// The second phase of `check(_:)`: the same person within a file, across files of a
    /// district, across districts, near-identical numbers, and people `alreadyPaid` names.
    public func findDuplicates(_ results: inout [FileCheck]) {
        // Files in path order decide which copy is first.
        let order = results.indices.sorted { (results[$0].file.path, $0) < (results[$1].file.path, $1) }
        let total = results.reduce(0) { $0 + $1.rows.count }
        // Each row's place in path order: the file's rank in `order`, then the row.
        @Sendable func occurrence(_ seq: UInt64) -> Occurrence { Occurrence(file: order[Int(seq >> 32)], row: Int(seq & 0xFFFF_FFFF)) }
        // The two groupings (by number, by name and birth date) are made at the same time, one per
        // core, by sorting (key, place) pairs: equal keys end up side by side, each group in path
        // order, so its first element is the first copy. Sorting 16-byte pairs walks memory in
        // order, where a hash table of 100,000 rows was a cache miss and a page touch per row.
        final class Groups: @unchecked Sendable {  // each field is written by one job, read after concurrentPerform returns
            /// Every number (packed into 64 bits; idKey is always well formed) with its place, sorted.
            var ids: [(key: UInt64, seq: UInt64)] = []
            /// Runs of the same name and birth date, two or more rows each, as places in path order.
            var nameBirth: [[UInt64]] = []
        }
        let groups = Groups()
        do {
            // A copy that ends with this block, before any row is changed (a live copy would make the
            // first change copy every row of the file).
            let snapshot = results
            DispatchQueue.concurrentPerform(iterations: 2) { job in
                if job == 0 {
                    var pairs: [(key: UInt64, seq: UInt64)] = []
                    pairs.reserveCapacity(total)
                    for (rank, f) in order.enumerated() {
                        // Through a buffer: each row is read in place, never copied whole.
                        snapshot[f].rows.withUnsafeBufferPointer { rows in
                            for i in rows.indices {
                                guard let s = rows[i].idKey, let k = Registry.pack(s) else { continue }
                                pairs.append((k, UInt64(rank) << 32 | UInt64(i)))
                            }
                        }
                    }
                    pairs.sort { $0 < $1 }
                    groups.ids = pairs
                } else {
                    // Keyed by a hash of the name's bytes and the birth date; rows whose hashes
                    // agree are then compared exactly, so a collision never joins two people.
                    var pairs: [(key: UInt64, seq: UInt64)] = []
                    pairs.reserveCapacity(total)
                    for (rank, f) in order.enumerated() {
                        snapshot[f].rows.withUnsafeBufferPointer { rows in
                            for i in rows.indices {
                                guard !rows[i].name.isEmpty, IdentityNumber.isWellFormed18(rows[i].idNumber),
                                    let b = IdentityNumber.birthDate(rows[i].idNumber)
                                else { continue }
                                pairs.append((Self.nameBirthHash(rows[i].name, b), UInt64(rank) << 32 | UInt64(i)))
                            }
                        }
                    }
                    pairs.sort { $0 < $1 }
                    groups.nameBirth = Self.groups(sorted: pairs) { p, q in
                        let a = occurrence(p)
                        let b = occurrence(q)
                        let x = snapshot[a.file].rows[a.row]
                        let y = snapshot[b.file].rows[b.row]
                        return UTF8Key(x.name) == UTF8Key(y.name)
                            && IdentityNumber.birthDate(x.idNumber) == IdentityNumber.birthDate(y.idNumber)
                    }
                }
            }
        }
        // Runs of the same number (a packed number is exact: each run is one person).
        let ids = groups.ids
        let idRuns = Self.runs(sorted: ids)
        let byID = idRuns.filter { $0.count > 1 }.map { r in ids[r].map { occurrence($0.seq) } }
        let byNameBirth = groups.nameBirth.map { $0.map(occurrence) }
        func add(_ o: Occurrence, _ code: FindingCode, _ message: String, others: [String] = []) {
            let file = results[o.file].file
            let number = results[o.file].rows[o.row].source.number
            let masked = Mask.identity(results[o.file].rows[o.row].idNumber)
            results[o.file].rows[o.row].findings.append(
                Finding(
                    file: file.path, sheet: file.sheet, row: number, columnIndex: file.columns[.idNumber], field: .idNumber,
                    code: code, message: message, value: masked, otherDistricts: others))
        }
        if let paid = alreadyPaid {
            for run in idRuns {
                let first = occurrence(ids[run.lowerBound].seq)
                guard let key = results[first.file].rows[first.row].idKey, paid(key) else { continue }
                let batch = paidInBatch?(key).map { "（发放批次 \($0)）" } ?? ""
                for o in ids[run].map({ occurrence($0.seq) }) {
                    add(o, .dupAlreadyPaid, "该劳模已在“\(program.title)”（\(program.period)）中发放过\(batch)，不能重复发放")
                }
            }
        }
        // Each row belongs to one group, so group order does not change any row's findings.
        for occ in byID {
            let districts = occ.map { results[$0.file].rows[$0.row].source.district ?? "" }
            let distinct = Set(districts.filter { !$0.isEmpty })
            if distinct.count > 1 {
                for (j, o) in occ.enumerated() {
                    let others = distinct.subtracting([districts[j]]).sorted { self.districts.order($0) < self.districts.order($1) }
                    add(
                        o, .dupCrossDistrict,
                        "该劳模同时由\(others.joined(separator: "、"))申报，各区县均暂缓发放。请与\(others.joined(separator: "、"))核实后，由户籍或工作所在区县一方重新申报",
                        others: others)
                }
            }
            // The first copy in each file and in each district, so that n copies of one person
            // cost O(n), not O(n²).
            var firstInFile: [Int: Int] = [occ[0].file: 0]
            var firstInDistrict: [String: Int] = [districts[0]: 0]
            for j in 1..<occ.count {
                let o = occ[j]
                let inFile = firstInFile[o.file]
                let inDistrict = firstInDistrict[districts[j]]
                if inFile == nil { firstInFile[o.file] = j }
                if inDistrict == nil { firstInDistrict[districts[j]] = j }
                guard let fi = inFile ?? inDistrict else { continue }
                let first = occ[fi]
                if first.file == o.file {
                    add(o, .dupInFile, "与本表第\(results[first.file].rows[first.row].number)行为同一人（身份证号码相同），重复申报，本行不予发放")
                } else {
                    let name = results[first.file].file.path.split(separator: "/").last.map(String.init) ?? ""
                    add(o, .dupInBatch, "与本区县报送的另一文件“\(name)”第\(results[first.file].rows[first.row].number)行为同一人，重复申报，本行不予发放")
                }
            }
        }
        for occ in byNameBirth {
            // Earlier rows matter only by their distinct numbers: the first row carrying each one,
            // in order. The earliest row whose number is one edit from this row's is then the
            // first match in that list, and copies of one person cost nothing extra.
            var distinct: [(id: [UInt8], at: Int)] = []
            var seen: Set<String> = []
            for j in 0..<occ.count {
                let id = results[occ[j].file].rows[occ[j].row].idNumber
                let bytes = Array(id.utf8)
                if j > 0, let match = distinct.first(where: { $0.id != bytes && hamming1($0.id, bytes) }) {
                    let i = match.at
                    let a = results[occ[i].file].rows[occ[i].row]
                    let bDistrict = results[occ[j].file].rows[occ[j].row].district
                    let whereText: String
                    if occ[i].file == occ[j].file {
                        whereText = "本表第\(a.number)行"
                    } else if a.district == bDistrict {
                        whereText = "本区县另一文件中的一行"
                    } else {
                        whereText = "\(a.district ?? "其他区县")报送的一行"
                    }
                    add(occ[j], .dupSuspect, "与\(whereText)姓名、出生日期相同，身份证号码仅差一位，疑似同一人，请核对")
                }
                if seen.insert(id).inserted { distinct.append((bytes, j)) }
            }
        }
    }

    /// True when two 18-character numbers (as UTF-8 bytes) are one edit apart: one digit of the
    /// first 17 differs (the check character follows it or not), or only the check character differs.
    func hamming1(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        guard x.count == 18, y.count == 18 else { return false }
        var d = 0
        for i in 0..<17 where x[i] != y[i] {
            d += 1
            if d > 1 { return false }
        }
        return d == 1 || x[17] != y[17]
    }
}
