import Foundation
import Testing

@testable import Spreadsheet

/// Helpers for the writer tests: scratch folders, unzipping parts, running python3 and soffice.
enum WriterSupport {
    /// A fresh empty folder.
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs a program, returning status and stdout (stderr appended on failure).
    @discardableResult
    static func run(_ exe: String, _ args: [String], cwd: String? = nil) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
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

    /// The text of one part of a zip package (via python3's zipfile).
    static func part(_ path: String, _ name: String) throws -> String {
        let r = try run(
            "/usr/bin/env",
            ["python3", "-c", "import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", path, name])
        return r.out
    }

    /// The names of a package's entries in archive order.
    static func entries(_ path: String) throws -> [String] {
        let r = try run("/usr/bin/env", ["python3", "-c", "import sys,zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path])
        return r.out.split(separator: "\n").map(String.init)
    }

    /// True when python3 with openpyxl can be run.
    static let hasOpenpyxl: Bool = (try? run("/usr/bin/env", ["python3", "-c", "import openpyxl"]).status) == 0

    static var sofficePath: String? {
        for p in ["/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// Reads every sheet with openpyxl: one line per row, cells as `type:value` joined by tabs.
    static func openpyxlDump(_ path: String) throws -> (status: Int32, out: String) {
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            for ws in wb.worksheets:
                print('#' + ws.title)
                for row in ws.iter_rows():
                    cells = []
                    for c in row:
                        if c.value is None: cells.append('')
                        else: cells.append(c.data_type + ':' + repr(c.value) + ('|' + c.number_format if c.number_format != 'General' else ''))
                    print('\\t'.join(cells))
            """
        return try run("/usr/bin/env", ["python3", "-c", script, path])
    }
}
