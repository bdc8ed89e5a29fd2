import Testing
@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples
import Spreadsheet

@Suite struct CompactRowTests {
    @Test func aRosterRowGivesBackExactlyTheCellsItWasMadeFrom() {
        let cells = [
            Cell(column: 0, value: .number(1), raw: "1"),
            Cell(column: 1, value: .string("王芳"), raw: "王芳"),
            Cell(column: 2, value: .string("trimmed"), raw: " trimmed "),
            Cell(column: 3, value: .number(1912.57), raw: "1912.57", numberFormat: "#,##0.00"),
            Cell(column: 5, value: .date(DateTimeValue(year: 2017, month: 9, day: 30, hour: 8, minute: 45, second: 30, kind: .dateTime)), raw: "43008.3", numberFormat: "yyyy-mm-dd"),
            Cell(column: 6, value: .bool(true), raw: "1"),
            Cell(column: 7, value: .error("#DIV/0!"), raw: "#DIV/0!"),
            Cell(column: 8, value: .duration(5400), raw: "0.0625", numberFormat: "[h]:mm"),
            Cell(column: 9, value: .empty, raw: ""),
            Cell(column: 40, value: .string("530102199001011234"), raw: "530102199001011234", numberFormat: "#,##0.00"),
        ]
        let row = Row(number: 7, cells: cells)
        let r = RosterRow(row: row, district: "五华区")
        #expect(r.row == row)
        #expect(r.number == 7)
        #expect(r.field(3)?.raw == "1912.57")
        #expect(r.field(3)?.isNumber == true)
        #expect(r.field(2)?.raw == " trimmed ")
        #expect(r.field(40)?.raw == "530102199001011234")
        #expect(r.field(4) == nil)
        #expect(r == RosterRow(row: row, district: "五华区"))
    }

    @Test func aRowOfPlainTextIsKeptByColumnAndGivesBackTheSameCells() {
        // Text cells with gaps (empty CSV fields have no cell): the plain form.
        let cells = [
            Cell(column: 0, value: .string("1"), raw: "1"),
            Cell(column: 1, value: .string("王芳"), raw: "王芳"),
            Cell(column: 3, value: .string("530102199001011234"), raw: "530102199001011234"),
            Cell(column: 13, value: .string("2017-09-04"), raw: "2017-09-04"),
        ]
        let row = Row(number: 12, cells: cells)
        let c = CompactRow(row)
        #expect(c.slots.isEmpty && c.texts.count == 14)
        #expect(c.row == row)
        #expect(c.field(3)?.raw == "530102199001011234" && c.field(3)?.isNumber == false)
        #expect(c.field(2) == nil && c.field(14) == nil && c.field(99) == nil && c.field(-1) == nil)
        // Anything the plain form cannot say exactly goes to slots: a number, a format, a
        // value that is not its raw text, an empty text cell, a column past 63.
        let others: [Cell] = [
            Cell(column: 1, value: .number(1500), raw: "1500"),
            Cell(column: 1, value: .string("x"), raw: "x", numberFormat: "@"),
            Cell(column: 1, value: .string("trimmed"), raw: " trimmed "),
            Cell(column: 1, value: .string(""), raw: ""),
            Cell(column: 64, value: .string("far"), raw: "far"),
        ]
        for o in others {
            let r = Row(number: 2, cells: [Cell(column: 0, value: .string("a"), raw: "a"), o])
            let k = CompactRow(r)
            #expect(k.texts.isEmpty && k.slots.count == 2, "\(o)")
            #expect(k.row == r, "\(o)")
        }
        #expect(CompactRow(Row(number: 3, cells: [])).row == Row(number: 3, cells: []))
    }

    @Test func registerKeysPackSeventeenDigitsAndTheCheckCharacter() {
        #expect(Registry.pack("11010519491231002X") != Registry.pack("110105194912310029"))
        #expect(Registry.pack("11010519491231002") == nil)
        #expect(Registry.pack("1101051949123100x2") == nil)
        let e = RegisterEntry(name: "王芳", idNumber: "11010519491231002X", honour: .municipal, honourText: "市级劳动模范", honourYear: nil, status: .active, employer: nil, row: 2)
        let reg = Registry(entries: [e])
        #expect(reg["11010519491231002X"]?.name == "王芳")
        #expect(reg.entries.keys.sorted() == ["11010519491231002X"])
    }

    @Test func aRegisterEntryIsAValueWhateverItsStorage() {
        let a = RegisterEntry(name: "王芳", idNumber: "11010519491231002X", honour: .municipal, honourText: "市级劳动模范", honourYear: "2005", status: .active, employer: "昆明钢铁", row: 2)
        var b = a
        #expect(a == b && a.hashValue == b.hashValue)
        b.status = .deceased
        b.employer = nil
        #expect(a.status == .active && a.employer == "昆明钢铁")
        #expect(b.status == .deceased && b.employer == nil && b.name == "王芳")
        #expect(a != b)
        b.status = .active
        b.employer = "昆明钢铁"
        #expect(a == b && a.hashValue == b.hashValue)
    }
}
