import Spreadsheet

/// A count of people and the yuan paid to them, summed from integer fen.
public struct PaymentTotals: Sendable, Hashable, CustomStringConvertible {
    /// Number of people (rows paid).
    public var count: Int
    /// Total amount.
    public var amount: Money

    /// Creates totals.
    public init(count: Int = 0, amount: Money = .zero) {
        self.count = count
        self.amount = amount
    }

    /// Adds one payment.
    public mutating func add(_ m: Money) {
        count += 1
        amount += m
    }

    /// `12 人 / 24000.00 元`.
    public var description: String { "\(count) 人 / \(amount.decimalString) 元" }
}

/// The names written in a workbook's sign-off block (制表人, 审核人, 负责人); empty names leave a
/// line to sign on.
public struct SignOff: Sendable, Hashable {
    /// 制表人: who prepared the sheet.
    public var preparer: String
    /// 审核人: who checked it.
    public var reviewer: String
    /// 负责人: who approves it.
    public var approver: String

    /// Creates a sign-off block; every name defaults to blank (signed by hand).
    public init(preparer: String = "", reviewer: String = "", approver: String = "") {
        self.preparer = preparer
        self.reviewer = reviewer
        self.approver = approver
    }
}

/// One person paid, as written in the finance workbook (and in the order bank files should use).
public struct Disbursement: Sendable, Hashable {
    /// The district the row was paid under.
    public var district: String
    /// Normalised name.
    public var name: String
    /// 男 / 女 (from the 性别 cell, else from the identity number), or empty.
    public var gender: String
    /// 18-character identity number.
    public var idNumber: String
    /// The honour level's Chinese name (the register's level when known, else the claimed one).
    public var honour: String
    /// The honour level, when known.
    public var honourLevel: HonourLevel?
    /// 开户行.
    public var bank: String
    /// Account number.
    public var account: String
    /// The amount paid.
    public var amount: Money
    /// 备注: the row's own remarks followed by any warnings.
    public var remarks: String
    /// The file the row came from (path as given).
    public var file: String
    /// The row number in that file.
    public var row: Int
}

/// Ordering, labels and layout helpers shared by the report workbooks.
public enum ReportLayout {
    /// Deflate level of the finance and return workbooks. Level 1 makes files about a fifth
    /// larger than level 6 and takes a third of the time; compressing was the largest single
    /// cost of `roster run` (30% of its CPU at 100,000 rows).
    public static let compressionLevel = 1

    /// The label for rows whose district is unknown.
    public static let unknownDistrict = "未注明区县"

    /// Sort key: the city's districts in the list's order, then rows whose district is unknown.
    public static func districtOrder(_ name: String, in districts: DistrictList) -> (Int, String) {
        if name == unknownDistrict { return (districts.districts.count + 1, name) }
        return districts.order(name)
    }

    /// The distinct districts of `names` in report order.
    public static func sortedDistricts(_ names: some Sequence<String>, in districts: DistrictList) -> [String] {
        Set(names).sorted { districtOrder($0, in: districts) < districtOrder($1, in: districts) }
    }

    /// The district a row belongs to in reports.
    static func district(of row: CheckedRow, in file: RosterFile) -> String {
        row.district ?? file.district ?? unknownDistrict
    }

    /// Every paid row of the checks, grouped by district in report order, and within a
    /// district by source file path and row number. Independent of the order of `checks`.
    public static func disbursements(_ checks: [FileCheck], districts: DistrictList = .kunming) -> [Disbursement] {
        var out: [Disbursement] = []
        var count = 0
        for c in checks where !c.blocked { count += c.rows.count }
        out.reserveCapacity(count)
        for c in checks where !c.blocked {
            let all = c.rows
            for i in all.indices where all[i].accepted {
                guard let amount = all[i].amount else { continue }
                out.append(disbursement(all[i], amount: amount, file: c.file))
            }
        }
        // Sort by precomputed ranks: district (report order), file path (by bytes), row number.
        let districtRank = Dictionary(
            uniqueKeysWithValues: sortedDistricts(out.lazy.map(\.district), in: districts).enumerated().map { ($1, $0) })
        let files = Set(out.lazy.map(\.file)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let fileRank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        var keys: [(district: Int, file: Int, row: Int, index: Int)] = []
        keys.reserveCapacity(out.count)
        var lastDistrict = "", lastFile = ""
        var dr = 0, fr = 0
        for (i, d) in out.enumerated() {
            if i == 0 || d.district != lastDistrict { dr = districtRank[d.district]!; lastDistrict = d.district }
            if i == 0 || d.file != lastFile { fr = fileRank[d.file]!; lastFile = d.file }
            keys.append((dr, fr, d.row, i))
        }
        keys.sort { ($0.district, $0.file, $0.row) < ($1.district, $1.file, $1.row) }
        return keys.map { out[$0.index] }
    }

    /// One accepted row as paid.
    static func disbursement(_ r: CheckedRow, amount: Money, file: RosterFile) -> Disbursement {
        var gender = ""
        if let m = r.isMale ?? IdentityNumber.isMale(r.idNumber) { gender = m ? "男" : "女" }
        let level = r.register?.honour ?? r.claimedHonour
        var remarks = r.remarks
        if !r.findings.isEmpty {
            var uniqueWarnings: [String] = []
            for f in r.findings where f.severity == .warning {
                let label = FindingText.label(f.code)
                if !uniqueWarnings.contains(label) { uniqueWarnings.append(label) }
            }
            if !uniqueWarnings.isEmpty {
                remarks += (remarks.isEmpty ? "" : "；") + "提示：" + uniqueWarnings.joined(separator: "、")
            }
        }
        return Disbursement(
            district: district(of: r, in: file), name: r.name, gender: gender, idNumber: r.idNumber,
            honour: level?.label ?? "", honourLevel: level, bank: r.bank, account: r.account, amount: amount,
            remarks: remarks, file: file.path, row: r.number)
    }

    /// Display width of text in Excel character units: CJK and full-width characters count 2.
    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += scalarWidth(u.value) }
        return w
    }

    /// A column width fitting the widest of `texts` (longest line), clamped.
    static func width(_ texts: [String], min lo: Double, max hi: Double) -> Double {
        var widest = 0
        for t in texts { widest = Swift.max(widest, lineWidth(t)) }
        return width(widest: widest, min: lo, max: hi)
    }

    /// A column width for text whose widest line is `widest` characters wide, clamped.
    static func width(widest: Int, min lo: Double, max hi: Double) -> Double {
        Swift.min(hi, Swift.max(lo, Double(widest) + 2))
    }

    /// The display width of the widest line of `s`. Lines end at a line feed that is its own
    /// character (a CR LF pair is one character, so it does not end a line and counts 2).
    static func lineWidth(_ s: String) -> Int {
        var widest = 0
        var w = 0
        var afterCR = false
        var ascii = true
        for b in s.utf8 where b >= 0x80 { ascii = false; break }
        if ascii {
            for b in s.utf8 {
                if b == 0x0A && !afterCR {
                    widest = Swift.max(widest, w)
                    w = 0
                } else {
                    w += 1
                }
                afterCR = b == 0x0D
            }
            return Swift.max(widest, w)
        }
        for u in s.unicodeScalars {
            if u == "\n" && !afterCR {
                widest = Swift.max(widest, w)
                w = 0
            } else {
                w += scalarWidth(u.value)
            }
            afterCR = u == "\r"
        }
        return Swift.max(widest, w)
    }

    /// 2 for CJK and full-width characters, else 1.
    @inline(__always) static func scalarWidth(_ v: UInt32) -> Int {
        if v < 0x1100 { return 1 }
        let wide =
            (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    /// `2017年09月20日`.
    static func chineseDate(_ d: SimpleDate) -> String {
        func p(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(d.year)年\(p(d.month))月\(p(d.day))日"
    }

    /// The run date as the document properties' timestamp (so the bytes depend on it, not the clock).
    static func timestamp(_ d: SimpleDate) -> DateTimeValue {
        DateTimeValue(year: d.year, month: d.month, day: d.day, kind: .dateTime)
    }

    /// The workbooks' default font (a common Chinese office face).
    static let bodyFont = Font(name: "宋体", size: 11)
}

/// Chinese wording for finding codes: a short label and what the district should do.
public enum FindingText {
    /// A short label for a code (`身份证号码校验位错误`).
    public static func label(_ code: FindingCode) -> String {
        switch code {
        case .idMissing: return "缺少身份证号码"
        case .idFormat: return "身份证号码格式错误"
        case .idChecksum: return "身份证号码校验位错误"
        case .idBirthdate: return "身份证号码出生日期不合理"
        case .idRegion: return "身份证号码地区码不存在"
        case .idPrecisionLost: return "身份证号码被存成数字、末几位已丢失"
        case .idLegacy15: return "15位旧身份证号码已转换"
        case .idGenderMismatch: return "性别与身份证号码不符"
        case .nameMissing: return "缺少姓名"
        case .honourNotRegistered: return "未在劳模名册中"
        case .honourNameMismatch: return "姓名与劳模名册不符"
        case .honourLevelMismatch: return "荣誉称号与劳模名册不符"
        case .honourRevoked: return "荣誉已撤销"
        case .honourDeceased: return "名册登记为已故"
        case .honourIneligible: return "荣誉级别不在本项目范围"
        case .honourUnrecognised: return "荣誉称号写法无法识别"
        case .dupInFile: return "本表内重复申报"
        case .dupInBatch: return "本区县多个文件重复申报"
        case .dupCrossDistrict: return "多个区县重复申报"
        case .dupSuspect: return "疑似重复（姓名、出生日期相同）"
        case .dupAlreadyPaid: return "本期已发放过"
        case .bankMissing: return "缺少银行卡号"
        case .bankAccountFormat: return "银行卡号格式错误"
        case .bankPrecisionLost: return "银行卡号被存成数字、末几位已丢失"
        case .bankLuhn: return "银行卡号校验未通过"
        case .amountMissing: return "缺少金额"
        case .amountFormat: return "金额不是数字"
        case .amountOverLimit: return "金额超过标准"
        case .amountNotAllowed: return "金额不符合标准"
        case .totalMismatch: return "合计金额与明细不符"
        case .columnMissing: return "缺少必填列"
        case .districtUnknown: return "区县不明或不在本市名单"
        case .fileEmpty: return "文件是空的（0 字节）"
        }
    }

    /// What to do about a code, in one sentence.
    public static func fix(_ code: FindingCode) -> String {
        switch code {
        case .idMissing, .idFormat, .idChecksum, .idBirthdate, .idRegion:
            return "请对照本人身份证逐位核对并改正身份证号码（18位，末位可为X）。"
        case .idPrecisionLost:
            return "请先把身份证号码列设置为“文本”格式，再重新录入完整号码（不要直接粘贴数字）。"
        case .idLegacy15: return "已自动转换为18位号码，请核对；如有新身份证请填写18位号码。"
        case .idGenderMismatch: return "请核对性别或身份证号码。"
        case .nameMissing: return "请填写姓名。"
        case .honourNotRegistered: return "请核对身份证号码；如确为劳模，请提供荣誉证书，经市总工会补录名册后再报。"
        case .honourNameMismatch: return "请核对姓名和身份证号码是否为同一人（含改名、错别字）。"
        case .honourLevelMismatch: return "请按劳模名册登记的荣誉称号填写，或提供证明材料。"
        case .honourRevoked, .honourDeceased, .honourIneligible:
            return "不属于本项目发放对象，请从名单中删除；如有异议请提供证明材料。"
        case .honourUnrecognised: return "请按“全国劳动模范／省部级劳动模范／市级劳动模范”填写荣誉称号。"
        case .dupInFile, .dupInBatch: return "请删除重复的行，每人只报一次。"
        case .dupCrossDistrict: return "请与另一区县核实，由户籍或工作所在区县一方申报，另一方删除。"
        case .dupSuspect: return "请核对是否为同一人；如是，请删除重复的行。"
        case .dupAlreadyPaid: return "本期已发放，请从名单中删除。"
        case .bankMissing, .bankAccountFormat, .bankLuhn:
            return "请对照银行卡逐位核对卡号（只填数字，不要空格）。"
        case .bankPrecisionLost: return "请先把银行卡号列设置为“文本”格式，再重新录入完整卡号。"
        case .amountMissing, .amountFormat: return "请用阿拉伯数字填写金额，如 2000 或 2000.00。"
        case .amountOverLimit, .amountNotAllowed: return "请按本项目的发放标准填写金额。"
        case .totalMismatch: return "请重新计算合计行，或删除合计行。"
        case .columnMissing: return "请使用统一模板，补齐缺少的列后整表重新报送。"
        case .districtUnknown: return "请按本市区县名单填写区县全称，或在文件名、标题中写明区县。"
        case .fileEmpty: return "请重新报送完整的花名册文件（文件传输或下载时中断了）。"
        }
    }
}
