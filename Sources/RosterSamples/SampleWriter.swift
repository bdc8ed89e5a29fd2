import Foundation
import Spreadsheet
import RosterCore

/// Writes a generated scenario to a folder: the register, `program.json`, the district rosters,
/// `truth.json`, `normalisations.json` and `README.txt`.
public enum SampleWriter {
    /// Why a scenario could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// One line naming the file and what to do.
        public var description: String
    }

    /// Writes `scenario` into `directory`. An existing non-empty folder is refused unless
    /// `force`, in which case the scenario's own files are replaced and any other file is left
    /// alone. Returns the paths written, relative to the folder, in order.
    @discardableResult
    public static func write(_ scenario: SampleScenario, to directory: String, force: Bool = false) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw Failure(description: "\(directory): is a file, not a folder; give a folder for --out")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            if !contents.isEmpty, !force {
                throw Failure(
                    description: "\(directory): the folder is not empty; choose another --out or add --force to replace the samples in it")
            }
        }
        do {
            try fm.createDirectory(atPath: directory + "/rosters", withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(directory): cannot create the folder: \(error.localizedDescription)")
        }
        var written: [String] = []
        func put(_ relative: String, _ bytes: [UInt8]) throws {
            let url = URL(fileURLWithPath: directory + "/" + relative)
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw Failure(description: "\(url.path): cannot write: \(error.localizedDescription)")
            }
            written.append(relative)
        }
        for file in [scenario.register] + scenario.rosters {
            let target = directory + "/" + file.path
            if file.format == .xlsx {
                try writeXLSX(file, to: target)
                written.append(file.path)
            } else {
                try put(file.path, try csvBytes(file))
            }
        }
        try put("program.json", Array(programJSON(scenario.program).utf8))
        try put("truth.json", Array(truthJSON(scenario.truth).utf8))
        try put("normalisations.json", Array(normalisationsJSON(scenario.normalisations).utf8))
        try put("README.txt", Array(readme(scenario).utf8))
        return written
    }

    // MARK: - CSV

    /// The bytes of a CSV file in its declared encoding, CRLF line ends as Excel writes them,
    /// every record padded to the sheet's width.
    public static func csvBytes(_ file: SampleFile) throws -> [UInt8] {
        let sheet = file.sheets[0]
        let width = sheet.rows.map(\.count).max() ?? 0
        var text = ""
        for row in sheet.rows {
            var fields = row.map { quote($0.csvText) }
            while fields.count < width { fields.append("") }
            text += fields.joined(separator: ",") + "\r\n"
        }
        switch file.format {
        case .csvUTF8: return Array(text.utf8)
        case .csvUTF8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .csvGB18030:
            do {
                return try IconvConverter.encode(text, to: "GB18030")
            } catch {
                throw Failure(description: "\(file.path): cannot encode in GB18030: \(error)")
            }
        case .xlsx:
            throw Failure(description: "\(file.path): is a workbook, not a CSV file")
        }
    }

    static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    // MARK: - XLSX

    /// Writes a workbook through the project's XLSX writer, with the look of a clerk's file:
    /// a bold title, grey bordered headers, bordered data, identity and account numbers as text.
    public static func writeXLSX(_ file: SampleFile, to path: String) throws {
        do {
            let props = DocumentProperties(
                author: "roster samples", created: DateTimeValue(year: 2017, month: 9, day: 6, hour: 9, kind: .dateTime))
            let book = try XLSXWriter(
                path: path, options: XLSXWriter.Options(overwrite: true, compressionLevel: 6, properties: props))
            let thin = Borders.all(.thin)
            let title = book.addStyle(
                CellFormat(font: Font(size: 16, bold: true), alignment: Alignment(horizontal: .center, vertical: .center)))
            let header = book.addStyle(
                CellFormat(
                    font: Font(bold: true), fill: .headerGrey, borders: thin,
                    alignment: Alignment(horizontal: .center, vertical: .center, wrap: true)))
            let body = book.addStyle(CellFormat(borders: thin))
            for sheet in file.sheets {
                let columns = sheet.columnWidths.enumerated().map { ColumnFormat(first: $0.offset, width: $0.element) }
                let w = try book.addSheet(name: sheet.name, options: SheetOptions(columns: columns))
                let width = sheet.rows.map(\.count).max() ?? 0
                for (i, row) in sheet.rows.enumerated() {
                    let r = i + 1
                    if row.isEmpty { continue }
                    var style: StyleID?
                    var pad = row.count
                    if r == sheet.titleRow {
                        style = title
                    } else if let h = sheet.headerRows, h.contains(r) {
                        style = header
                        pad = width
                    } else if let t = sheet.tableRows, t.contains(r) {
                        style = body
                        pad = width
                    }
                    var cells = row.map { writeCell($0, style: style) }
                    while cells.count < pad { cells.append(.empty(style: style)) }
                    try w.writeRow(cells, at: r, height: r == sheet.titleRow ? 30 : nil)
                }
                for m in sheet.merges { try w.mergeCells(m) }
            }
            try book.close()
        } catch {
            throw Failure(description: "\(path): cannot write the workbook: \(error)")
        }
    }

    static func writeCell(_ cell: SampleCell, style: StyleID?) -> WriteCell {
        switch cell {
        case .empty: return .empty(style: style)
        case .text(let s):
            // Long digit strings (IDs, accounts) are typed into text-formatted cells.
            let digitsLike = s.count >= 12 && s.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X" || $0 == "x") }
            return digitsLike ? .text(s, style: style) : .string(s, style: style)
        case .number(let s):
            if let d = Double(s), s.contains("E") { return .number(d, style: style) }
            return .decimal(s, style: style)
        }
    }

    // MARK: - JSON and README

    static func jsonString(_ s: String) -> String { JSONLines.quoted(s) }

    /// `program.json`, keys in the documented order, money as decimal strings.
    public static func programJSON(_ p: SampleProgram) -> String {
        """
        {
          "id": \(jsonString(p.id)),
          "title": \(jsonString(p.title)),
          "period": \(jsonString(p.period)),
          "eligibleHonours": [\(p.eligibleHonours.map(jsonString).joined(separator: ", "))],
          "amount": {"max": \(jsonString(p.amount.max.decimalString))},
          "budget": \(jsonString(p.budget.decimalString)),
          "currency": \(jsonString(p.currency)),
          "payer": {"name": \(jsonString(p.payer.name)), "account": \(jsonString(p.payer.account)), "bank": \(jsonString(p.payer.bank))}
        }

        """
    }

    /// `truth.json`: one finding per line, sorted by file, row and code.
    public static func truthJSON(_ truth: [SampleTruthEntry]) -> String {
        let lines = truth.map {
            "  {\"file\": \(jsonString($0.file)), \"row\": \($0.row), \"code\": \(jsonString($0.code)), \"severity\": \(jsonString($0.severity))}"
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    /// `normalisations.json`: the silent variations, one per line.
    public static func normalisationsJSON(_ items: [SampleNormalisation]) -> String {
        let lines = items.map {
            "  {\"file\": \(jsonString($0.file)), \"row\": \($0.row), \"kind\": \(jsonString($0.kind))}"
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    /// The scenario's `README.txt`, in Chinese and English.
    public static func readme(_ s: SampleScenario) -> String {
        let c = s.registerCounts
        let files = s.rosters.map { "  \($0.path)  (\(formatName($0.format)))" }.joined(separator: "\n")
        var byCode: [String: Int] = [:]
        for t in s.truth { byCode[t.code, default: 0] += 1 }
        let codes = byCode.keys.sorted().map { "  \($0): \(byCode[$0]!)" }.joined(separator: "\n")
        return """
            昆明市困难劳模帮扶 —— 合成示例数据（种子 \(s.seed)）
            ================================================

            本目录下的全部人员、身份证号码、银行卡号和电话均为程序随机生成，不对应任何真实人员。
            由 `\(s.commandLine)` 生成，同一种子生成的文件逐字节相同。

            - register.\(s.register.format.fileExtension)：劳模名册，全国劳模 \(c["national", default: 0]) 名、省部级劳模 \(c["provincial", default: 0]) 名、市级劳模 \(c["municipal", default: 0]) 名（保持荣誉），另有撤销荣誉 \(c["revoked", default: 0]) 名、已故 \(c["deceased", default: 0]) 名。
            - program.json：2017年中秋国庆困难市级劳模帮扶项目，每人不超过 \(s.program.amount.max.decimalString) 元，预算 \(s.program.budget.decimalString) 元。
            - rosters/：14个县（市）区的申报表共 \(s.rosterRowCount) 行，格式各异（标题行、合并表头、合计行与签字栏、填表说明工作表、身份证号存为数字、GB18030 与 UTF-8 CSV）。
            - truth.json：注入的问题及校验应报告的结果（文件、行号、代码、级别）；normalisations.json：应静默规范化、不报告问题的写法（小写x、全角数字、姓名中的空格、间隔号变体）。
            - 应发放 \(s.payableRows) 人，合计 \(s.payableTotal.decimalString) 元。

            Kunming hardship payments to model workers — synthetic sample (seed \(s.seed))
            ==============================================================================

            Every person, identity number, bank card and phone number here is randomly generated and
            belongs to no real person. Generated by `\(s.commandLine)`;
            the same seed gives byte-identical files.

            - register.\(s.register.format.fileExtension): the honour register — \(c["national", default: 0]) national, \(c["provincial", default: 0]) provincial and
              \(c["municipal", default: 0]) municipal model workers holding their title, plus \(c["revoked", default: 0]) revoked and \(c["deceased", default: 0]) deceased.
            - program.json: the 2017 Mid-Autumn / National Day hardship programme for municipal model
              workers, at most \(s.program.amount.max.decimalString) yuan each, budget \(s.program.budget.decimalString) yuan.
            - rosters/: \(s.rosterRowCount) rows from the 14 districts and counties in mixed layouts and formats:
            \(files)
            - truth.json: every finding the validator must report for the injected defects (file,
              spreadsheet row or CSV line, code, severity); normalisations.json: variations that must be
              normalised silently (lower-case x, full-width digits, spaces inside names, middle-dot
              variants).
            - Payable: \(s.payableRows) rows, \(s.payableTotal.decimalString) yuan.

            Findings by code:
            \(codes)

            """
    }

    static func formatName(_ f: SampleFileFormat) -> String {
        switch f {
        case .xlsx: return "XLSX"
        case .csvUTF8: return "CSV, UTF-8 without BOM"
        case .csvUTF8BOM: return "CSV, UTF-8 with BOM"
        case .csvGB18030: return "CSV, GB18030"
        }
    }
}
