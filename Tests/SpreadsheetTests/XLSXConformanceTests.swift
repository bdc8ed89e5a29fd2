import Foundation
import Testing

@testable import Spreadsheet

@Suite struct XLSXConformanceTests {
    @Test(arguments: TestPaths.corpusFiles("xlsx"))
    func readsCorpusFileLikeExpectedGrid(_ file: String) throws {
        let name = String(file.dropLast(5))
        let expected = try ExpectedWorkbook.load(name)
        let path = TestPaths.corpus.appendingPathComponent("xlsx").appendingPathComponent(file).path
        let wb: XLSXWorkbook
        do { wb = try XLSXWorkbook(path: path) } catch {
            Issue.record("\(file): \(error)")
            return
        }
        #expect(wb.sheets.map(\.name) == expected.sheets.map(\.name), "\(file) sheet names")
        for (i, sheet) in expected.sheets.enumerated() where i < wb.sheets.count {
            let got: [[GridCell]]
            do { got = grid(of: try wb.readAll(sheet: i).rows) } catch {
                Issue.record("\(file) [\(sheet.name)]: \(error)")
                continue
            }
            var diffs: [String] = []
            for r in 0..<max(got.count, sheet.rows.count) {
                let g = r < got.count ? got[r] : []
                let e = r < sheet.rows.count ? sheet.rows[r] : []
                for c in 0..<max(g.count, e.count) {
                    let gc = c < g.count ? g[c] : .null
                    let ec = c < e.count ? e[c] : .null
                    if !gc.matches(ec) {
                        let place = CellAddress.name(column: c, row: r + 1)
                        if let why = KnownDifferences.reason(file: name, sheet: sheet.name, cell: place, got: gc, expected: ec) {
                            _ = why
                            continue
                        }
                        diffs.append("\(place): got \(gc), expected \(ec)")
                    }
                }
            }
            #expect(diffs.isEmpty, "\(file) [\(sheet.name)]: \(diffs.prefix(12).joined(separator: "; "))")
        }
    }
}

/// Cells where this reader deliberately differs from python-calamine's expected grid, each
/// with the reason (checked against the file's XML).
enum KnownDifferences {
    static func reason(file: String, sheet: String, cell: String, got: GridCell, expected: GridCell) -> String? {
        nil
    }
}
