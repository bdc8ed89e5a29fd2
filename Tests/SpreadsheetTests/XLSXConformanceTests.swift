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
            if !wb.sheets[i].kind.hasCells {
                // A chart sheet: no cells to read, and opening it says so.
                let noneExpected = sheet.rows.allSatisfy { $0.isEmpty }
                #expect(noneExpected, "\(file) [\(sheet.name)] is a chart sheet with cells expected")
                #expect(throws: SpreadsheetError.self) { try wb.openSheet(i) }
                continue
            }
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
                        if KnownDifferences.reason(file: name, sheet: sheet.name, cell: place, got: gc, expected: ec) != nil {
                            continue
                        }
                        diffs.append("\(place): got \(gc), expected \(ec)")
                    }
                }
            }
            let summary = diffs.prefix(12).joined(separator: "; ")
            #expect(diffs.count == 0, "\(file) [\(sheet.name)]: \(diffs.count) differences: \(summary)")
        }
    }
}

/// Cells where this reader deliberately differs from python-calamine's expected grid, each
/// with the reason (checked against the file's XML).
enum KnownDifferences {
    /// Files whose strings python-calamine trims; this reader keeps whitespace as stored (the
    /// XML holds the spaces, and an office suite shows them). A difference is accepted only when
    /// trimming our text gives the expected text (or nothing, for whitespace-only cells).
    static let trimmedByCalamine: [String: String] = [
        "calamine-whitespace_trim":
            "leading/trailing spaces, tabs and newlines are stored in <t> and <is><t>; calamine trims them",
        "calamine-minimal_package":
            "street names are stored with leading padding and some cells are a single space; calamine trims",
    ]

    /// Single cells, with the reason.
    static let cells: [String: String] = [
        // <si><t>&#xA;</t></si>: the string is one newline; calamine trims it to nothing.
        "calamine-encoded_entities/Sheet1!A2": "the shared string is a single newline (&#xA;), kept as stored",
        // <c r="G8" t="e"><f t="shared" si="0"/><v>#DIV/0!</v></c>: a cached error the
        // expected grid (errors filled in from openpyxl) lost for these shared formulas.
        "calamine-pivots/DataSheet!J5": "cached #DIV/0! of a shared formula is stored in the sheet",
        "calamine-pivots/DataSheet!G8": "cached #DIV/0! of a shared formula is stored in the sheet",
        "calamine-pivots/DataSheet2!J5": "cached #DIV/0! of a shared formula is stored in the sheet",
        "calamine-pivots/DataSheet2!G8": "cached #DIV/0! of a shared formula is stored in the sheet",
    ]

    static func reason(file: String, sheet: String, cell: String, got: GridCell, expected: GridCell) -> String? {
        if let why = cells["\(file)/\(sheet)!\(cell)"] { return why }
        if let why = trimmedByCalamine[file], case .string(let g) = got {
            let trimmed = g.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty ? expected == .null : expected == .string(trimmed) { return why }
        }
        return nil
    }
}

@Suite struct XLSXCorpusThreadingTests {
    @Test(arguments: TestPaths.corpusFiles("xlsx"))
    func threadedReadOfCorpusFileEqualsSingleThreadedRead(_ file: String) throws {
        let path = TestPaths.corpus.appendingPathComponent("xlsx").appendingPathComponent(file).path
        #expect(try XLSXThreadedReadTests.read(path, threshold: 0) == XLSXThreadedReadTests.read(path, threshold: .max))
    }
}
