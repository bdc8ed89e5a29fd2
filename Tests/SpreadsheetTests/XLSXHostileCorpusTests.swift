import Foundation
import Testing

@testable import Spreadsheet

/// Reads every sheet of a workbook to the end; returns the number of rows.
@discardableResult
func readEverything(_ path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) -> Int {
    let wb = try Spreadsheets.open(path: path, options: options)
    var rows = 0
    for i in wb.sheets.indices {
        let reader = try wb.openSheet(i)
        while try reader.nextRow() != nil { rows += 1 }
    }
    return rows
}

@Suite struct XLSXHostileCorpusTests {
    static let expectedKinds: [String: SpreadsheetError.Kind] = [
        "calamine-issue252.xlsx": .corrupt,  // workbook rels with a bad CRC (garbled XML)
        "calamine-pass_protected.xlsx": .encrypted,  // OLE2 compound file with EncryptedPackage
        "edr-EmptyZipFile.xlsx": .notSpreadsheet,  // a zip holding only test.txt
        "poi-54764.xlsx": .xmlEntity,  // sharedStrings.xml with a billion-laughs DOCTYPE (POI bug 54764)
        "poi-54764-2.xlsx": .xmlEntity,
        "poi-poc-shared-strings.xlsx": .limit,  // a 1 MB shared string repeated in every cell
        "poi-poc-xmlbomb.xlsx": .xmlEntity,  // DOCTYPE with nested entities
        "poi-poc-xmlbomb-empty.xlsx": .xmlEntity,
    ]

    @Test(arguments: TestPaths.corpusFiles("hostile"))
    func refusesHostileFileQuicklyWithTheRightKind(_ file: String) throws {
        let path = TestPaths.corpus.appendingPathComponent("hostile").appendingPathComponent(file).path
        let start = ContinuousClock.now
        if file == "calamine-issue_174-dimension-A1-XFD1048576.xlsx" {
            // Legal: a sheet declaring the whole grid as its dimension is read without sizing anything from it.
            let rows = try readEverything(path)
            #expect(rows > 0)
            #expect(ContinuousClock.now - start < .seconds(5))
            return
        }
        do {
            try readEverything(path)
            Issue.record("\(file) was read without an error")
        } catch {
            #expect(error.kind == Self.expectedKinds[file], "\(file): \(error)")
            #expect(error.description.hasPrefix(path), "the message names the file")
            #expect(!error.description.contains("\n"))
        }
        #expect(ContinuousClock.now - start < .seconds(2), "\(file) took too long")
    }
}
