import Foundation
import Testing

@testable import Spreadsheet

/// The most a hostile file may inflate before it is refused: the bombs here would inflate to
/// gigabytes, and a bound on bytes (unlike one on seconds) holds on a loaded machine.
let hostileWorkBound: Int64 = 32 << 20

/// Reads every sheet of a workbook to the end; returns why it stopped (nil when it did not)
/// and the bytes its parts inflated to meanwhile (0 when the workbook did not open).
func readMeasured(_ path: String, options: ReadOptions = ReadOptions()) -> (error: SpreadsheetError?, inflated: Int64) {
    let wb: XLSXWorkbook
    do {
        wb = try XLSXWorkbook(path: path, options: options)
    } catch {
        return (error, 0)
    }
    do {
        for s in wb.sheets where s.kind.hasCells {
            let reader = try wb.openSheet(s.index)
            while try reader.nextRow() != nil {}
        }
        return (nil, wb.bytesInflated)
    } catch {
        return (error, wb.bytesInflated)
    }
}

/// Reads every sheet of a workbook to the end; returns the number of rows.
@discardableResult
func readEverything(_ path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) -> Int {
    let wb = try Spreadsheets.open(path: path, options: options)
    var rows = 0
    for s in wb.sheets where s.kind.hasCells {
        let reader = try wb.openSheet(s.index)
        while try reader.nextRow() != nil { rows += 1 }
    }
    return rows
}

@Suite struct XLSXHostileCorpusTests {
    static let expectedKinds: [String: SpreadsheetError.Kind] = [
        // Workbook rels whose garbled deflate stream inflates past the size its entry declares:
        // refused as it inflates (the archive itself is consistent enough to open).
        "calamine-issue252.xlsx": .zipBomb,
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
        if file == "calamine-issue_174-dimension-A1-XFD1048576.xlsx" {
            // Legal: a sheet declaring the whole grid as its dimension is read without sizing anything from it.
            let rows = try readEverything(path)
            #expect(rows > 0)
            return
        }
        let (error, inflated) = readMeasured(path)
        guard let error else {
            Issue.record("\(file) was read without an error")
            return
        }
        #expect(error.kind == Self.expectedKinds[file], "\(file): \(error)")
        #expect(error.description.hasPrefix(path), "the message names the file")
        #expect(!error.description.contains("\n"))
        #expect(inflated <= hostileWorkBound, "\(file) was refused only after inflating \(inflated) bytes")
    }
}

@Suite struct CompoundFileSniffTests {
    @Test func encryptedWorkbookIsFoundByWalkingTheCompoundFileDirectory() throws {
        let path = TestPaths.corpus.appendingPathComponent("hostile/calamine-pass_protected.xlsx").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("note: \(path) is absent; skipped")
            return
        }
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        #expect(Spreadsheets.oleDirectoryHasEncryptedPackage(handle))
        do {
            _ = try Spreadsheets.sniff(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .encrypted)
            #expect(error.description.contains("remove the password"))
        }
    }

    @Test func legacyXLSHeaderWithoutEncryptionStreamsIsLegacy() throws {
        // A minimal compound-file header whose directory holds only a Workbook stream.
        var file = [UInt8](repeating: 0, count: 512 * 3)
        file.replaceSubrange(0..<8, with: Spreadsheets.oleSignature)
        file[0x1E] = 9
        file[0x4C] = 1  // FAT in sector 1 (offset 1024)
        // Directory in sector 0 (offset 512): entry "Workbook".
        let name = Array("Workbook".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        file.replaceSubrange(512..<(512 + name.count), with: name)
        file[512 + 64] = UInt8(name.count + 2)
        // FAT: sector 0 ends its chain.
        file.replaceSubrange(1024..<1028, with: [0xFE, 0xFF, 0xFF, 0xFF])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-\(UUID().uuidString).xls")
        try Data(file).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try Spreadsheets.sniff(path: url.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .legacyXLS)
        }
    }
}
