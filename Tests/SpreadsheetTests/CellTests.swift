import Testing
@testable import Spreadsheet

@Suite struct CellAddressTests {
    @Test func columnNamesRoundTrip() {
        #expect(CellAddress.columnName(0) == "A")
        #expect(CellAddress.columnName(25) == "Z")
        #expect(CellAddress.columnName(26) == "AA")
        #expect(CellAddress.columnName(16_383) == "XFD")
        for c in [0, 1, 25, 26, 51, 52, 701, 702, 16_383] {
            #expect(CellAddress.parse(Substring(CellAddress.name(column: c, row: 7)))! == (c, 7))
        }
    }

    @Test func refusesCoordinatesBeyondXFD1048576() {
        #expect(CellAddress.parse("XFE1") == nil)
        #expect(CellAddress.parse("A1048577") == nil)
        #expect(CellAddress.parse("A0") == nil)
        #expect(CellAddress.parse("1A") == nil)
        #expect(CellAddress.parse("XFD1048576")! == (16_383, 1_048_576))
    }

    @Test func rangeParsesAndNormalises() {
        #expect(CellRange("C3:A1")?.description == "A1:C3")
        #expect(CellRange("$B$2")?.description == "B2:B2")
        #expect(CellRange("A1:") == nil)
    }

    @Test func rowSubscriptFindsSparseCells() {
        let row = Row(number: 3, cells: [
            Cell(column: 0, value: .number(1), raw: "1"),
            Cell(column: 4, value: .string("x"), raw: "x"),
        ])
        #expect(row[4]?.raw == "x")
        #expect(row[1] == nil)
        #expect(row[0]?.raw == "1")
    }
}
