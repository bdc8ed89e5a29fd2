import Foundation
import Testing

/// Writes bytes to a fresh temporary folder and returns the file's path.
func scratchFile(_ bytes: [UInt8], name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clitests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// GB18030 bytes of a text, through the system's iconv tool.
func gb18030(_ text: String) throws -> [UInt8] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    p.arguments = ["-f", "UTF-8", "-t", "GB18030"]
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return [UInt8](data)
}

let rosterCSV = "序号,姓名,补助金额(元),备注\n1,王芳,1912.57,\n\n2,\"李, 强\",1000,\"说\"\"好\"\"\n第二行\"\n,,,\n"

@Suite struct CatCommandTests {
    @Test func printsJSONLinesFromRowOneWithEmptyRowsAndNulls() throws {
        let path = try scratchFile(Array(rosterCSV.utf8), name: "五华区.csv")
        let r = try CLI.run(["cat", path])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(
            r.stdout == """
                ["序号","姓名","补助金额(元)","备注"]
                ["1","王芳","1912.57"]
                []
                ["2","李, 强","1000","说\\"好\\"\\n第二行"]

                """)
    }

    @Test func printsRFC4180CSV() throws {
        let path = try scratchFile(Array(rosterCSV.utf8), name: "五华区.csv")
        let r = try CLI.run(["cat", path, "--format", "csv"])
        #expect(r.status == 0)
        #expect(
            r.stdout
                == "序号,姓名,补助金额(元),备注\r\n1,王芳,1912.57\r\n\r\n2,\"李, 强\",1000,\"说\"\"好\"\"\n第二行\"\r\n")
    }

    @Test func printsOnlyCountsWithStats() throws {
        let path = try scratchFile(Array(rosterCSV.utf8), name: "五华区.csv")
        let r = try CLI.run(["cat", path, "--stats"])
        #expect(r.status == 0)
        #expect(
            r.stdout == """
                sheet: 五华区
                rows: 3
                last row: 4
                cells: 11
                strings: 11
                numbers: 0
                booleans: 0
                errors: 0
                dates: 0
                durations: 0
                merged ranges: 0

                """)
    }

    @Test func detectsGBKAndTabsAndHonoursOverrides() throws {
        let path = try scratchFile(try gb18030("姓名\t区县\n王芳\t五华区\n"), name: "gbk.txt")
        let auto = try CLI.run(["cat", path])
        #expect(auto.stdout == "[\"姓名\",\"区县\"]\n[\"王芳\",\"五华区\"]\n")
        let forced = try CLI.run(["cat", path, "--encoding", "gbk", "--delimiter", "tab"])
        #expect(forced.stdout == auto.stdout)
        let wrongDelimiter = try CLI.run(["cat", path, "--delimiter", ";"])
        #expect(wrongDelimiter.stdout == "[\"姓名\\t区县\"]\n[\"王芳\\t五华区\"]\n")
        let wrongEncoding = try CLI.run(["cat", path, "--encoding", "utf-8"])
        #expect(wrongEncoding.status == 2)
        #expect(wrongEncoding.stderr.contains("line 1"))
    }

    @Test func selectsTheSheetByIndexOrNameAndRefusesOthers() throws {
        let path = try scratchFile(Array("a\n".utf8), name: "list.csv")
        #expect(try CLI.run(["cat", path, "--sheet", "1"]).stdout == "[\"a\"]\n")
        #expect(try CLI.run(["cat", path, "--sheet", "list"]).stdout == "[\"a\"]\n")
        let r = try CLI.run(["cat", path, "--sheet", "2"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasSuffix("\n") && r.stderr.dropLast().contains("\n") == false)
        #expect(r.stderr.contains("1 list"))
    }

    @Test func exitsTwoWithOneLineForUnreadableInput() throws {
        let missing = try CLI.run(["cat", "/nonexistent/roster.xlsx"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "roster: /nonexistent/roster.xlsx: no such file\n")

        let unclosed = try scratchFile(Array("a,b\n1,\"open\n2,3\n".utf8), name: "bad.csv")
        let u = try CLI.run(["cat", unclosed])
        #expect(u.status == 2)
        #expect(u.stdout == "[\"a\",\"b\"]\n")
        #expect(u.stderr.contains("line 2"))
        #expect(u.stderr.filter { $0 == "\n" }.count == 1)

        // Files that look like a workbook but are not readable: one line, status 2.
        let zip = try scratchFile([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 64), name: "broken.xlsx")
        let xls = try scratchFile([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 64), name: "old.xls")
        for path in [zip, xls] {
            for command in [["cat", path], ["cat", path, "--stats"], ["sheets", path]] {
                let r = try CLI.run(command)
                #expect(r.status == 2)
                #expect(r.stderr.hasPrefix("roster: " + path))
                #expect(r.stderr.filter { $0 == "\n" }.count == 1)
            }
        }
    }

    @Test func refusesAnUnknownEncodingName() throws {
        let path = try scratchFile(Array("a\n".utf8), name: "a.csv")
        let r = try CLI.run(["cat", path, "--encoding", "latin-9"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown encoding"))
    }
}

@Suite struct SheetsCommandTests {
    @Test func listsTheOneSheetOfACSVFile() throws {
        let path = try scratchFile(Array("a,b\n".utf8), name: "盘龙区 名单.csv")
        let r = try CLI.run(["sheets", path])
        #expect(r.status == 0)
        #expect(r.stdout == "1\t盘龙区 名单\tvisible\tworksheet\n")
    }

    @Test func exitsTwoForAMissingFile() throws {
        let r = try CLI.run(["sheets", "/nonexistent/x.csv"])
        #expect(r.status == 2)
        #expect(r.stderr == "roster: /nonexistent/x.csv: no such file\n")
    }
}
