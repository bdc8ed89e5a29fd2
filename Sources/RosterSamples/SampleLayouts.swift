import RosterCore

/// The roster fields a generated district file may carry.
enum SampleField: Sendable, Hashable {
    case seq, district, name, gender, id, employer, honour, hardship, amount, bank, account, phone, remarks

    /// A column width in characters that suits the field.
    var width: Double {
        switch self {
        case .seq: return 6
        case .district: return 20
        case .name: return 16
        case .gender: return 6
        case .id: return 22
        case .employer: return 30
        case .honour: return 16
        case .hardship: return 12
        case .amount: return 14
        case .bank: return 28
        case .account: return 24
        case .phone: return 14
        case .remarks: return 12
        }
    }
}

/// How one district lays out its roster: format, columns and their header words, and the
/// furniture around the table (title, merged bank heading, totals, notes, instructions sheet).
struct SampleLayout: Sendable {
    var format: SampleFileFormat
    var columns: [(field: SampleField, header: String)]
    var title = false
    var subtitle = false
    var bankGroup = false
    var totals = false
    var footer = false
    var instructions = false
    var numericIDs = false
    var amountText = false

    func has(_ f: SampleField) -> Bool { columns.contains { $0.field == f } }

    /// The layouts of the 14 districts, in district order.
    static let all: [SampleLayout] = {
        let standard: [(SampleField, String)] = [
            (.seq, "序号"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号码"), (.employer, "工作单位"),
            (.honour, "荣誉称号"), (.hardship, "困难类型"), (.amount, "补助金额(元)"), (.bank, "开户行"),
            (.account, "银行卡号"), (.phone, "联系电话"), (.remarks, "备注"),
        ]
        func cols(_ c: [(SampleField, String)]) -> [(field: SampleField, header: String)] {
            c.map { (field: $0.0, header: $0.1) }
        }
        return [
            // 五华区: title, merged two-row header, totals, notes and signatures.
            SampleLayout(
                format: .xlsx, columns: cols(standard), title: true, subtitle: true, bankGroup: true, totals: true,
                footer: true),
            // 盘龙区: an instructions sheet first, the roster second, other header words.
            SampleLayout(
                format: .xlsx,
                columns: cols([
                    (.seq, "序号"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号"), (.employer, "所在单位"),
                    (.honour, "荣誉级别"), (.hardship, "致困原因"), (.amount, "补助金额"), (.bank, "开户银行"),
                    (.account, "银行账号"), (.phone, "联系电话"), (.remarks, "备注"),
                ]), instructions: true),
            // 官渡区: some IDs typed as numbers (digits lost), title, totals.
            SampleLayout(format: .xlsx, columns: cols(standard), title: true, totals: true, numericIDs: true),
            // 西山区: GB18030 CSV, plain table.
            SampleLayout(format: .csvGB18030, columns: cols(standard)),
            // 东川区: UTF-8 CSV with BOM, other wording, no gender column.
            SampleLayout(
                format: .csvUTF8BOM,
                columns: cols([
                    (.seq, "序号"), (.name, "劳模姓名"), (.id, "公民身份号码"), (.employer, "单位"), (.honour, "劳模类别"),
                    (.amount, "金额"), (.bank, "开户行"), (.account, "账号"), (.phone, "电话"),
                ])),
            // 呈贡区: UTF-8 CSV without BOM, another column order, full-width brackets.
            SampleLayout(
                format: .csvUTF8,
                columns: cols([
                    (.name, "姓名"), (.id, "身份证号码"), (.gender, "性别"), (.honour, "荣誉称号"), (.employer, "工作单位"),
                    (.amount, "补助金额（元）"), (.bank, "开户行"), (.account, "银行卡号"), (.phone, "联系电话"),
                ])),
            // 晋宁区: ID first, other wording, totals and footer.
            SampleLayout(
                format: .xlsx,
                columns: cols([
                    (.seq, "序号"), (.id, "公民身份号码"), (.name, "劳模姓名"), (.gender, "性别"), (.honour, "荣誉类别"),
                    (.employer, "单位"), (.account, "卡号"), (.bank, "开户银行"), (.amount, "发放金额"), (.remarks, "备注"),
                ]), title: true, totals: true, footer: true),
            // 富民县: plain workbook without an honour column.
            SampleLayout(
                format: .xlsx,
                columns: cols([
                    (.seq, "序号"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号码"), (.employer, "工作单位"),
                    (.hardship, "困难类型"), (.amount, "补助金额(元)"), (.bank, "开户行"), (.account, "银行卡号"),
                ])),
            // 宜良县: GB18030 CSV with a title line and a totals line.
            SampleLayout(
                format: .csvGB18030,
                columns: cols([
                    (.seq, "序号"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号码"), (.honour, "荣誉称号"),
                    (.employer, "工作单位"), (.hardship, "致困原因"), (.amount, "补助标准"), (.bank, "开户银行"),
                    (.account, "银行账号"), (.phone, "联系电话"), (.remarks, "备注"),
                ]), title: true, totals: true),
            // 石林: title, merged bank heading, totals and footer.
            SampleLayout(
                format: .xlsx, columns: cols(standard), title: true, bankGroup: true, totals: true, footer: true),
            // 嵩明县: merged bank heading without a title.
            SampleLayout(
                format: .xlsx,
                columns: cols([
                    (.seq, "序号"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号码"), (.employer, "工作单位"),
                    (.honour, "荣誉称号"), (.amount, "发放金额"), (.bank, "开户银行"), (.account, "银行账号"),
                    (.remarks, "备注"),
                ]), bankGroup: true),
            // 禄劝: UTF-8 CSV with BOM and a district column.
            SampleLayout(
                format: .csvUTF8BOM,
                columns: cols([
                    (.seq, "序号"), (.district, "所属区县"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号码"),
                    (.employer, "工作单位"), (.honour, "荣誉称号"), (.amount, "补助金额(元)"), (.bank, "开户行"),
                    (.account, "银行卡号"), (.phone, "联系电话"),
                ])),
            // 寻甸: instructions sheet, then a titled roster with totals.
            SampleLayout(format: .xlsx, columns: cols(standard), title: true, totals: true, instructions: true),
            // 安宁市: title, amounts typed as text, totals and footer.
            SampleLayout(
                format: .xlsx,
                columns: cols([
                    (.seq, "序号"), (.name, "姓名"), (.gender, "性别"), (.id, "身份证号码"), (.employer, "工作单位"),
                    (.honour, "荣誉称号"), (.hardship, "困难类型"), (.amount, "补助标准(元)"), (.bank, "开户行"),
                    (.account, "卡号"), (.phone, "联系电话"), (.remarks, "备注"),
                ]), title: true, totals: true, footer: true, amountText: true),
        ]
    }()
}
