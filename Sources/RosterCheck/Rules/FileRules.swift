import RosterCore
import Spreadsheet

extension Validator {
    /// A 0-byte file: nothing to check, the one thing to say is that it must be sent again.
    func emptyFileFinding(_ file: RosterFile) -> Finding {
        Finding(
            file: file.path, sheet: nil, row: nil, columnIndex: nil, field: nil, code: .fileEmpty,
            message: "文件是空的（0 字节），可能是复制或下载时中断了。请重新报送完整的花名册文件")
    }

    /// Findings about the file as a whole, each holding back every row: a required column
    /// missing (`column.missing`), no district anywhere (`district.unknown`).
    func fileLevelFindings(_ file: RosterFile) -> [Finding] {
        if let wrong = wrongKindFinding(file) { return [wrong] }
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
        return fileFindings
    }

    /// `file.wrong-kind`: an organisation roster sent to a programme paying people, or a
    /// person roster sent to one paying organisations, told as such instead of as missing columns.
    public func wrongKindFinding(_ file: RosterFile) -> Finding? {
        // Without a header the template knows, the other kind's header is among the first rows.
        let texts = file.headerRows.isEmpty ? file.titleRows.prefix(40).flatMap { $0.cells.map(\.raw) } : file.headers.map(\.text)
        let message: String
        switch program.payee {
        case .person:
            guard file.columns[.idNumber] == nil,
                texts.contains(where: { TableTemplate.defaultOrganisation.field(forHeader: $0) == .creditCode })
            else { return nil }
            message = "这是单位（工作室）名册（有“统一社会信用代码”列），而“\(program.title)”发放给劳模个人，请使用个人花名册模板（姓名、身份证号码、银行卡号等）重新报送"
        case .organisation:
            guard file.columns[.creditCode] == nil,
                texts.contains(where: { TableTemplate.defaultRoster.field(forHeader: $0) == .account && $0.contains("卡") })
                    || texts.contains(where: { TableTemplate.defaultRoster.field(forHeader: $0) == .honour })
            else { return nil }
            message = "这是个人花名册（有银行卡号或荣誉称号列，没有“统一社会信用代码”列），而“\(program.title)”发放给劳模创新工作室的依托单位，请使用单位名册模板（单位名称、统一社会信用代码、工作室名称、对公账号等）重新报送"
        }
        return Finding(
            file: file.path, sheet: file.sheet, row: nil, columnIndex: nil, field: nil, code: .fileWrongKind, message: message)
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
}
