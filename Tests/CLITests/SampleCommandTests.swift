import Foundation
import Testing

/// The bundled demo samples (Samples/, written by Scripts/make-sample.py).
@Suite struct SampleCommandTests {
    let xlsx = CLI.packageRoot.appendingPathComponent("Samples/roster-sample.xlsx").path
    let gbk = CLI.packageRoot.appendingPathComponent("Samples/roster-sample-gbk.csv").path

    @Test func listsTheWorkbookSheetsWithTheHiddenOne() throws {
        let r = try CLI.run(["sheets", xlsx])
        #expect(r.status == 0)
        #expect(r.stdout == "1\t申报表\tvisible\tworksheet\n2\t填表说明\tvisible\tworksheet\n3\t字典\thidden\tworksheet\n")
    }

    @Test func printsTypedCellsOfTheWorkbookAsJSONLines() throws {
        let r = try CLI.run(["cat", xlsx])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 24)  // 23 rows and the final line break
        #expect(lines[0] == "[\"昆明市五华区2017年困难劳模帮扶补助申报表\"]")
        #expect(
            lines[2]
                == "[1,\"王芳\",\"女\",\"530102197506246686\",\"五华区教育体育局\",\"市级劳动模范\",2013,\"低保\",1912.57,\"富滇银行\",\"6223557176855000375\",\"13871790348\",{\"date\":\"2017-09-23\"}]"
        )
        #expect(lines[22] == "[null,null,null,null,null,null,null,\"合计\",43213.13]")
        #expect(try CLI.run(["cat", xlsx, "--sheet", "字典"]).stdout == "[\"全国劳动模范\"]\n[\"省部级劳动模范\"]\n[\"市级劳动模范\"]\n")
    }

    @Test func readsTheGBKCSVAsTheSameTextAsTheWorkbook() throws {
        let csv = try CLI.run(["cat", gbk])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(
            lines[1]
                == "[\"1\",\"王芳\",\"女\",\"530102197506246686\",\"五华区教育体育局\",\"市级劳动模范\",\"2013\",\"低保\",\"1912.57\",\"富滇银行\",\"6223557176855000375\",\"13871790348\",\"2017-09-23\"]"
        )
        #expect(lines[7].hasSuffix(",\"家属代领，\\n委托书已附\"]"))
    }
}
