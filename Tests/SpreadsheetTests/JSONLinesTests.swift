import Testing

@testable import Spreadsheet

@Suite struct JSONLinesTests {
    @Test func formatsIntegralNumbersWithoutAFraction() {
        #expect(JSONLines.number(15) == "15")
        #expect(JSONLines.number(-3) == "-3")
        #expect(JSONLines.number(-0.0) == "0")
        #expect(JSONLines.number(9_007_199_254_740_991) == "9007199254740991")
    }

    @Test func formatsOtherNumbersInShortestRoundTripForm() {
        #expect(JSONLines.number(1912.57) == "1912.57")
        #expect(JSONLines.number(0.1 + 0.2) == "0.30000000000000004")
        #expect(JSONLines.number(1e-05) == "1e-05")
        #expect(JSONLines.number(5.30102198001011e+17) == "5.30102198001011e+17")
        #expect(JSONLines.number(.nan) == "null")
        #expect(JSONLines.number(.infinity) == "null")
        for d in [1912.57, 0.1, 123456.789, 1e-7, 2.5e300] {
            #expect(Double(JSONLines.number(d)) == d)
        }
    }

    @Test func rendersEveryValueKind() {
        #expect(JSONLines.json(.empty) == "null")
        #expect(JSONLines.json(.string("")) == "null")
        #expect(JSONLines.json(.string("王芳")) == "\"王芳\"")
        #expect(JSONLines.json(.bool(true)) == "true")
        #expect(JSONLines.json(.bool(false)) == "false")
        #expect(JSONLines.json(.error("#DIV/0!")) == "{\"error\":\"#DIV/0!\"}")
        #expect(JSONLines.json(.duration(918610)) == "{\"duration\":918610}")
        #expect(JSONLines.json(.duration(1.5)) == "{\"duration\":1.5}")
        #expect(
            JSONLines.json(.date(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date)))
                == "{\"date\":\"2017-09-30\"}")
        #expect(
            JSONLines.json(.date(DateTimeValue(year: 1899, month: 12, day: 31, hour: 8, minute: 45, second: 30, kind: .time)))
                == "{\"time\":\"08:45:30\"}")
        #expect(
            JSONLines.json(.date(DateTimeValue(year: 2017, month: 9, day: 30, hour: 8, minute: 5, second: 3, kind: .dateTime)))
                == "{\"datetime\":\"2017-09-30T08:05:03\"}")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(JSONLines.json(.string("a\"b\\c\nd\te\r\u{1}")) == #""a\"b\\c\nd\te\r\u0001""#)
    }

    @Test func fillsGapsWithNullFromColumnA() {
        let row = Row(
            number: 3,
            cells: [
                Cell(column: 1, value: .string("x"), raw: "x"),
                Cell(column: 3, value: .number(1912.57), raw: "1912.57"),
            ])
        #expect(JSONLines.line(row) == "[null,\"x\",null,1912.57]")
        #expect(JSONLines.line(Row(number: 1, cells: [])) == "[]")
    }
}

@Suite struct CSVLinesTests {
    @Test func quotesFieldsThatNeedItAndKeepsColumns() {
        let row = Row(
            number: 1,
            cells: [
                Cell(column: 0, value: .string("王, 芳"), raw: "王, 芳"),
                Cell(column: 2, value: .string("说\"好\"\n"), raw: ""),
                Cell(column: 3, value: .number(15), raw: "15"),
                Cell(column: 4, value: .bool(true), raw: "1"),
                Cell(column: 5, value: .date(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date)), raw: "42643"),
            ])
        var out: [UInt8] = []
        CSVLines.appendRow(row, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"王, 芳\",,\"说\"\"好\"\"\n\",15,TRUE,2017-09-30\r\n")
    }

    @Test func startsWithEmptyColumnsWhenColumnAIsEmpty() {
        var out: [UInt8] = []
        CSVLines.appendRow(Row(number: 1, cells: [Cell(column: 2, value: .string("c"), raw: "c")]), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == ",,c\r\n")
    }
}
