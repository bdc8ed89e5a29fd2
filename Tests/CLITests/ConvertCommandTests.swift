import Foundation
import Testing

/// The text of one zip entry, via python3's zipfile (nil when python3 is missing).
private func zipEntry(_ path: String, _ name: String) throws -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", path, name]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
}

let convertCSV =
    "序号,姓名,身份证号码,银行卡号,金额,编号,备注\r\n1,张三,530102199001011234,6228480012345678901,1912.57,007,=cmd|' /C calc'!A0\r\n2,李四,53010219900101123X,6228480012345678902,-3000,010,\"多行\n备注\"\r\n"

@Suite struct ConvertCommandTests {
    @Test func csvToXLSXAndBackKeepsEveryFieldAndGuardsFormulaText() throws {
        let csv = try scratchFile(Array(convertCSV.utf8), name: "五华区.csv")
        let dir = (csv as NSString).deletingLastPathComponent
        let xlsx = dir + "/out.xlsx"
        let r = try CLI.run(["convert", csv, xlsx])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        if let workbook = try zipEntry(xlsx, "xl/workbook.xml") {
            #expect(workbook.contains("<sheet name=\"五华区\""))
            let sheet = try #require(try zipEntry(xlsx, "xl/worksheets/sheet1.xml"))
            #expect(!sheet.contains("<f>"))
            // Every cell is a shared string in the text style.
            #expect(sheet.components(separatedBy: "t=\"s\"").count - 1 == 21)
        }
        let back = dir + "/back.csv"
        let r2 = try CLI.run(["convert", xlsx, back, "--output-encoding", "utf-8"])
        #expect(r2.status == 0, "\(r2.stderr)")
        let text = try String(contentsOfFile: back, encoding: .utf8)
        #expect(text == convertCSV.replacingOccurrences(of: "=cmd", with: "'=cmd"))
    }

    @Test func readsAGBKCSVAndWritesAGBKCSV() throws {
        let csv = try scratchFile(try gb18030("姓名,身份证号码\n王芳,530102199001011234\n"), name: "gbk.csv")
        let dir = (csv as NSString).deletingLastPathComponent
        let r = try CLI.run(["convert", csv, dir + "/a.xlsx", "--encoding", "gbk"])
        #expect(r.status == 0, "\(r.stderr)")
        let r2 = try CLI.run(["convert", dir + "/a.xlsx", dir + "/b.csv", "--output-encoding", "gbk"])
        #expect(r2.status == 0, "\(r2.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/b.csv")))
        #expect(bytes == (try gb18030("姓名,身份证号码\r\n王芳,530102199001011234\r\n")))
    }

    @Test func numbersFlagTypesShortDecimalsButKeepsLongDigitStringsText() throws {
        let csv = try scratchFile(Array(convertCSV.utf8), name: "n.csv")
        let dir = (csv as NSString).deletingLastPathComponent
        let r = try CLI.run(["convert", csv, dir + "/n.xlsx", "--numbers"])
        #expect(r.status == 0, "\(r.stderr)")
        guard let sheet = try zipEntry(dir + "/n.xlsx", "xl/worksheets/sheet1.xml") else {
            print("skipped: python3 is not available to unzip the workbook")
            return
        }
        #expect(sheet.contains("<c r=\"E2\"><v>1912.57</v></c>"))
        #expect(sheet.contains("<c r=\"E3\"><v>-3000</v></c>"))
        #expect(sheet.contains("<c r=\"A2\"><v>1</v></c>"))
        #expect(sheet.contains("<c r=\"C2\" s=\"1\" t=\"s\">"))
        #expect(sheet.contains("<c r=\"F2\" s=\"1\" t=\"s\">"))  // 007 keeps its zeros
    }

    @Test func refusesAnExistingOutputWithoutForce() throws {
        let csv = try scratchFile(Array(convertCSV.utf8), name: "x.csv")
        let dir = (csv as NSString).deletingLastPathComponent
        let out = dir + "/x.xlsx"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: out))
        let r = try CLI.run(["convert", csv, out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("already exists"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "precious")
        let forced = try CLI.run(["convert", csv, out, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)).starts(with: [0x50, 0x4B]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["x.csv", "x.xlsx"])
    }

    @Test func anUnreadableInputIsOneLineWithExitStatusTwo() throws {
        let bad = try scratchFile([0x25, 0x50, 0x44, 0x46, 0x2D], name: "scan.csv")
        let r = try CLI.run(["convert", bad, bad + ".xlsx"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("PDF"))
        #expect(!FileManager.default.fileExists(atPath: bad + ".xlsx"))
    }

    @Test func xlsxToXLSXReadsBackCellForCellWithTheMergedTitle() throws {
        let sample = CLI.packageRoot.appendingPathComponent("Samples/roster-sample.xlsx").path
        let out = try scratchFile([], name: "placeholder") + ".xlsx"
        let r = try CLI.run(["convert", sample, out])
        #expect(r.status == 0, "\(r.stderr)")
        let original = try CLI.run(["cat", sample])
        let copy = try CLI.run(["cat", out])
        #expect(copy.status == 0)
        #expect(copy.stdout == original.stdout)
        #expect(try CLI.run(["cat", "--stats", out]).stdout.contains("merged ranges: 1"))
    }

    @Test func tsvOutputUsesTabsAndGuardsText() throws {
        let csv = try scratchFile(Array("a,b\r\n=1,-2\r\n".utf8), name: "t.csv")
        let out = (csv as NSString).deletingLastPathComponent + "/t.tsv"
        let r = try CLI.run(["convert", csv, out, "--output-encoding", "utf-8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "a\tb\r\n'=1\t-2\r\n")
    }

    @Test func missingOutputFoldersAreCreatedAsMkdirP() throws {
        let csv = try scratchFile(Array(convertCSV.utf8), name: "x.csv")
        let dir = (csv as NSString).deletingLastPathComponent
        let out = dir + "/new-\(UUID().uuidString)/deeper/x.xlsx"
        let r = try CLI.run(["convert", csv, out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func aFileWhereAnOutputFolderShouldBeIsOneLineWithExitStatusOne() throws {
        let csv = try scratchFile(Array(convertCSV.utf8), name: "x.csv")
        let r = try CLI.run(["convert", csv, csv + "/x.xlsx"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is a file, not a folder"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func helpExplainsThatCSVFieldsStayText() throws {
        let r = try CLI.run(["convert", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("keeps every field as text"))
    }
}

@Suite struct RmbCommandTests {
    @Test(arguments: [
        ("1053500", "壹佰零伍万叁仟伍佰元整"), ("1,010.01", "壹仟零壹拾元零壹分"), ("¥0.5", "伍角整"), ("0", "零元整"),
    ])
    func printsCapitalWords(amount: String, words: String) throws {
        let r = try CLI.run(["rmb", amount])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == words + "\n")
    }

    @Test(arguments: ["-5", "1.234", "abc", "1000000000000"])
    func refusesNegativeMalformedAndTooLargeAmounts(amount: String) throws {
        let r = try CLI.run(["rmb", "--", amount])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("roster: "))
    }
}
