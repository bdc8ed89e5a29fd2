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
