import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// Helpers for the report workbook tests: scratch folders, reading back, python3 and soffice.
enum R {
    static let runDate = SimpleDate(year: 2017, month: 9, day: 20)

    /// A fresh empty folder.
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every row of every sheet, read back with the project's own reader.
    static func read(_ path: String) throws -> [(name: String, rows: [Row])] {
        let wb = try Spreadsheets.open(path: path)
        var out: [(String, [Row])] = []
        for info in wb.sheets {
            let reader = try wb.openSheet(info.index)
            var rows: [Row] = []
            while let r = try reader.nextRow() { rows.append(r) }
            out.append((info.name, rows))
        }
        return out
    }

    /// The raw texts of a row, one per column up to its last cell ("" for an absent cell).
    static func texts(_ row: Row) -> [String] {
        guard let last = row.cells.last?.column else { return [] }
        return (0...last).map { row[$0]?.raw ?? "" }
    }

    /// Runs a program, returning its status and stdout (stderr appended on failure).
    @discardableResult
    static func run(_ exe: String, _ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        nonisolated(unsafe) var errData = Data()
        let g = DispatchGroup()
        g.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            g.leave()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        g.wait()
        p.waitUntilExit()
        var s = String(decoding: o, as: UTF8.self)
        if p.terminationStatus != 0 { s += String(decoding: errData, as: UTF8.self) }
        return (p.terminationStatus, s)
    }

    static func python(_ script: String, _ args: [String]) throws -> (status: Int32, out: String) {
        try run("/usr/bin/env", ["python3", "-c", script] + args)
    }

    /// True when python3 with openpyxl can be run.
    static let hasOpenpyxl: Bool = (try? python("import openpyxl", []).status) == 0

    static var sofficePath: String? {
        for p in ["/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// Every XML part of a package, concatenated (to search for text that must not be there).
    static func allPartsText(_ path: String) throws -> String {
        try python(
            "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist(): sys.stdout.write(z.read(n).decode('utf-8','replace'))",
            [path]
        ).out
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A workbook with typed cells: header on row 1.
    static func typedWorkbook(_ path: String, header: [String], rows: [[CellValueSpec]]) -> MemoryWorkbook {
        var out = [Row.texts(1, header)]
        for (i, specs) in rows.enumerated() {
            var cells: [Cell] = []
            for (c, s) in specs.enumerated() {
                switch s {
                case .none: continue
                case .text(let t): cells.append(Cell(column: c, value: .string(t), raw: t))
                case .number(let raw, let fmt): cells.append(Cell(column: c, value: .number(Double(raw)!), raw: raw, numberFormat: fmt))
                case .date(let d): cells.append(Cell(column: c, value: .date(d), raw: d.isoDate, numberFormat: "yyyy/m/d"))
                }
            }
            out.append(Row(number: i + 2, cells: cells))
        }
        return MemoryWorkbook(path: path, sheets: [.init(name: "Sheet1", rows: out)])
    }

    enum CellValueSpec {
        case none
        case text(String)
        case number(String, format: String?)
        case date(DateTimeValue)
    }
}
