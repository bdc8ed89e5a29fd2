import Foundation
import RosterCheck
import RosterCore
import RosterBankResults
import RosterOutputs
import Spreadsheet

/// A broken invariant found while running a fuzz input: the fuzzer aborts on it, the
/// regression tests report it.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    /// What was expected and what was seen.
    public var description: String

    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}

/// The code paths the libFuzzer targets drive, one function per target.
///
/// The fuzz executables (`FuzzXLSX`, `FuzzCSV`, …) only forward their input here, and the
/// regression tests replay committed inputs through the same functions, so a crash found by
/// the fuzzer and its regression test always exercise identical code. Errors the readers and
/// loaders are meant to throw for bad input are swallowed; a trap is a crash, and a broken
/// invariant is thrown as `FuzzFailure`.
public enum FuzzTargets {
    /// The targets by name, as used by `Scripts/fuzz.sh` and the regression folders.
    public static let all: [String: @Sendable ([UInt8]) throws(FuzzFailure) -> Void] = [
        "FuzzXLSX": xlsx,
        "FuzzCSV": csv,
        "FuzzRoster": roster,
        "FuzzConfig": config,
        "FuzzXLSXWriter": xlsxWriter,
        "FuzzResults": results,
    ]

    // MARK: - readers

    /// Opens the bytes as a workbook (sniffing the format, as `roster` does) and walks every
    /// sheet, every row and the merged ranges.
    public static func xlsx(_ bytes: [UInt8]) throws(FuzzFailure) {
        try ScratchFile.with(bytes, name: "in.xlsx") { path throws(FuzzFailure) in
            guard let wb = try? Spreadsheets.open(path: path) else { return }
            try walk(wb)
        }
    }

    /// Opens the bytes as CSV with encoding and delimiter detection and walks every row.
    public static func csv(_ bytes: [UInt8]) throws(FuzzFailure) {
        try ScratchFile.with(bytes, name: "in.csv") { path throws(FuzzFailure) in
            guard let wb = try? CSVWorkbook(path: path) else { return }
            try walk(wb)
        }
    }

    /// Reads every sheet, checking the `SheetReader` contract: rows in increasing order and
    /// never empty, cells in increasing column order within Excel's grid, merged ranges inside it.
    static func walk(_ wb: any Workbook) throws(FuzzFailure) {
        for info in wb.sheets {
            guard let reader = try? wb.openSheet(info.index) else { continue }
            var last = 0
            while true {
                let row: Row?
                do { row = try reader.nextRow() } catch { break }
                guard let row else {
                    for m in reader.mergedRanges {
                        _ = m.description
                    }
                    break
                }
                guard row.number > last else {
                    throw FuzzFailure("sheet \(info.name): row \(row.number) after row \(last)")
                }
                guard !row.cells.isEmpty else { throw FuzzFailure("sheet \(info.name): empty row \(row.number) returned") }
                last = row.number
                var lastColumn = -1
                for cell in row.cells {
                    guard cell.column > lastColumn, cell.column <= CellAddress.maxColumn else {
                        throw FuzzFailure("sheet \(info.name) row \(row.number): column \(cell.column) after \(lastColumn)")
                    }
                    lastColumn = cell.column
                    _ = "\(cell.value)"
                }
            }
        }
    }

    // MARK: - roster header detection and validation

    /// Builds a workbook from the bytes (sheets split by form feed, rows by line feed, cells by
    /// tab, or by comma when there is no tab; text that reads as a number becomes a number
    /// cell), locates the roster in it and validates it.
    public static func roster(_ bytes: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        let delimiter: Character = text.contains("\t") ? "\t" : ","
        var sheets: [MemoryWorkbook.Sheet] = []
        for (s, sheetText) in text.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated() {
            var rows: [Row] = []
            for (i, line) in sheetText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var cells: [Cell] = []
                for (c, field) in line.split(separator: delimiter, omittingEmptySubsequences: false).enumerated()
                where !field.isEmpty {
                    let raw = String(field)
                    let value: CellValue = Double(raw).map { .number($0) } ?? .string(raw)
                    cells.append(Cell(column: c, value: value, raw: raw))
                }
                let row = Row(number: i + 1, cells: cells)
                // The compact form a roster keeps its rows in must give back exactly the row.
                guard RosterRow(row: row, district: nil).row == row else {
                    throw FuzzFailure("row \(i + 1) changed in its compact form")
                }
                rows.append(row)
            }
            sheets.append(.init(name: "Sheet\(s + 1)", rows: rows, visibility: s == 0 ? .visible : .hidden))
        }
        let wb = MemoryWorkbook(path: "fuzz/roster.xlsx", sheets: sheets)
        guard let file = try? RosterLocator().read(workbook: wb, fallbackDistrict: nil) else { return }
        let checks = Validator(program: rosterProgram, registry: Registry(entries: [])).check([file])
        for check in checks {
            let paid = check.acceptedRows.count + check.rejectedRows.count
            guard paid == check.rowCount || check.blocked else {
                throw FuzzFailure("accepted + returned rows (\(paid)) differ from the data rows (\(check.rowCount))")
            }
            _ = check.acceptedAmount
            for f in check.findings { _ = f.message }
        }
    }

    /// The sample programme (parsed from JSON: `Program.Payer` has no public initialiser).
    static let rosterProgram: Program = {
        let json = #"""
            {"id": "fuzz", "title": "fuzz", "period": "2017-09", "eligibleHonours": ["municipal", "provincial"],
             "amount": {"max": "3000.00"}, "budget": "700000.00", "currency": "CNY",
             "payer": {"name": "昆明市总工会", "account": "1", "bank": "工行"}}
            """#
        do { return try Program(json: Data(json.utf8), file: "fuzz/program.json") } catch {
            fatalError("the fuzz programme does not load: \(error)")
        }
    }()

    // MARK: - bank results

    /// Reads the bytes as a bank result: XML (a pain.002 or a camt.054, told apart as
    /// `roster reconcile` does) or, otherwise, a delimited list in the built-in template the
    /// first byte chooses. A file that reads must keep the promises the matcher relies on.
    public static func results(_ bytes: [UInt8]) throws(FuzzFailure) {
        let names = ResultTemplate.builtInNames
        let template = try? ResultTemplate.resolve(names[Int(bytes.first ?? 0) % names.count])
        try ScratchFile.with(bytes, name: "result.txt") { path throws(FuzzFailure) in
            guard let r = try? ResultFiles.read(path: path, template: template) else { return }
            if let d = r.date, SimpleDate(iso: d) == nil && d.count != 10 {
                throw FuzzFailure("the date \(d) is not YYYY-MM-DD")
            }
            for l in r.lines {
                if let a = l.amount, a.fen < 0 { throw FuzzFailure("\(l.position): a negative amount \(a)") }
                if let s = l.sequence, s <= 0 { throw FuzzFailure("\(l.position): 序号 \(s)") }
                if l.scope != .transaction && l.messageId == nil && l.paymentInformationId == nil && template?.lists == .all {
                    throw FuzzFailure("\(l.position): a covering line that names no message")
                }
                _ = l.explanation
            }
        }
    }

    // MARK: - JSON configuration

    /// Feeds the bytes to every JSON loader: programme, roster/registry template, bank template.
    public static func config(_ bytes: [UInt8]) throws(FuzzFailure) {
        let data = Data(bytes)
        _ = try? Program(json: data, file: "fuzz/program.json")
        if let t = try? TableTemplate(json: data, file: "fuzz/roster-template.json") {
            for spec in t.fields { _ = t.field(forHeader: spec.key.rawValue) }
        }
        if let b = try? BankTemplate.decode(bytes, source: "fuzz/bank-template.json") {
            _ = b.columns.count
        }
    }

    // MARK: - XLSX writer round trip

    /// Writes the bytes as cell text (pieces split at 0xFF bytes, four columns a row, the first
    /// piece also as the sheet name when it is a legal one), reads the file back with the
    /// project's reader and requires every text to come back identical.
    public static func xlsxWriter(_ bytes: [UInt8]) throws(FuzzFailure) {
        let pieces = bytes.split(separator: 0xFF, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        let sheetName = pieces.first.flatMap { XLSXWriter.sheetNameProblem($0) == nil ? $0 : nil } ?? "Sheet1"
        let columns = 4
        var expected: [Int: [Int: String]] = [:]  // row -> column -> text
        try ScratchFile.path(name: "out.xlsx") { path throws(FuzzFailure) in
            do {
                let book = try XLSXWriter(path: path, options: .init(overwrite: true))
                let sheet = try book.addSheet(name: sheetName)
                var row = 1
                var i = 0
                while i < pieces.count {
                    let chunk = Array(pieces[i..<min(i + columns, pieces.count)])
                    let cells = chunk.enumerated().map { c, t in c % 2 == 0 ? WriteCell.string(t) : WriteCell.text(t) }
                    try sheet.writeRow(cells)
                    for (c, t) in chunk.enumerated() where !t.isEmpty { expected[row, default: [:]][c] = t }
                    row += 1
                    i += columns
                }
                try book.close()
            } catch {
                // Text beyond Excel's limits is refused with an error: not a bug.
                return
            }
            let wb: any Workbook
            do { wb = try Spreadsheets.open(path: path) } catch {
                throw FuzzFailure("the written workbook cannot be read back: \(error)")
            }
            guard wb.sheets.count == 1, wb.sheets[0].name == sheetName else {
                throw FuzzFailure("sheet names \(wb.sheets.map(\.name)) read back, \(sheetName.debugDescription) written")
            }
            let rows: [Row]
            do { rows = try wb.readAll(sheet: 0).rows } catch { throw FuzzFailure("read back failed: \(error)") }
            var seen: [Int: [Int: String]] = [:]
            for r in rows {
                for cell in r.cells {
                    guard case .string(let s) = cell.value else {
                        throw FuzzFailure("row \(r.number) column \(cell.column): \(cell.value) read back, text written")
                    }
                    if !s.isEmpty { seen[r.number, default: [:]][cell.column] = s }
                }
            }
            guard seen == expected else {
                let diff = expected.keys.sorted().first { seen[$0] != expected[$0] } ?? seen.keys.sorted().first ?? 0
                throw FuzzFailure(
                    "row \(diff): wrote \(String(reflecting: expected[diff])), read back \(String(reflecting: seen[diff]))")
            }
        }
    }
}

/// One reusable scratch file per process and name (in /dev/shm when it exists, so fuzzing does
/// not wear the disk).
enum ScratchFile {
    static let folder: String = {
        var isDir: ObjCBool = false
        let base =
            FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = (base as NSString).appendingPathComponent("roster-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// Runs `body` with a scratch path that does not exist yet; removes it afterwards.
    static func path(name: String, _ body: (String) throws(FuzzFailure) -> Void) throws(FuzzFailure) {
        let p = (folder as NSString).appendingPathComponent(name)
        try? FileManager.default.removeItem(atPath: p)
        defer { try? FileManager.default.removeItem(atPath: p) }
        try body(p)
    }

    /// Runs `body` with the path of a scratch file holding `bytes`.
    static func with(_ bytes: [UInt8], name: String, _ body: (String) throws(FuzzFailure) -> Void) throws(FuzzFailure) {
        try path(name: name) { p throws(FuzzFailure) in
            guard FileManager.default.createFile(atPath: p, contents: Data(bytes)) else {
                throw FuzzFailure("cannot write the scratch file \(p)")
            }
            try body(p)
        }
    }
}
