import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// The city's districts and counties: spellings, order, and the file that lists them.
@Suite struct DistrictListTests {
    let kunming = DistrictList.kunming

    @Test func kunmingsFourteenAreBuiltInWithTheirCodesInReportOrder() {
        #expect(kunming.names.count == 14)
        #expect(kunming.names.first == "五华区" && kunming.names.last == "安宁市")
        #expect(kunming.districts.compactMap(\.code) == kunming.districts.compactMap(\.code).sorted(), "official order is code order")
        #expect(kunming.order("盘龙区") < kunming.order("官渡区"))
        #expect(kunming.order("五华区") < kunming.order("外地区"), "an unknown name sorts after the list")
    }

    @Test(arguments: [
        ("五华", "五华区"), ("五华区", "五华区"), ("昆明市五华区", "五华区"), ("云南省昆明市五华区", "五华区"), (" 五 华 区 ", "五华区"),
        ("禄劝县", "禄劝彝族苗族自治县"), ("禄劝", "禄劝彝族苗族自治县"), ("石林县", "石林彝族自治县"), ("路南彝族自治县", "石林彝族自治县"),
        ("寻甸县", "寻甸回族彝族自治县"), ("晋宁县", "晋宁区"), ("呈贡县", "呈贡区"), ("安宁县", "安宁市"),
    ])
    func shortFormsAndAliasesNameTheirDistrict(_ text: String, _ name: String) {
        #expect(kunming.canonical(text) == name)
        #expect(kunming.names(text))
    }

    @Test(arguments: ["../../../etc/x", "=HYPERLINK(\"http://x\")", "火星区", "大理市", "昆明市", "", "区"])
    func anythingElseNamesNoDistrict(_ text: String) {
        #expect(kunming.canonical(text) == nil)
        #expect(!kunming.names(text))
    }

    @Test func oneDistrictInFreeTextIsFoundAndTwoAreNone() {
        #expect(kunming.find(in: "2017年安宁市困难劳模.xlsx") == "安宁市")
        #expect(kunming.find(in: "（五华区）名单.csv") == "五华区", "a district in brackets counts in a file name")
        #expect(kunming.find(in: "五华区与盘龙区合并.xlsx") == nil)
        #expect(kunming.find(in: "roster.xlsx") == nil)
    }

    @Test func aListFileIsReadAndCheckedWithThePlaceOfEveryProblem() throws {
        let good = #"{"city": "大理市", "code": "532901", "districts": [{"name": "下关镇", "code": "532901", "aliases": ["下关"]}]}"#
        let dali = try DistrictList(json: Data(good.utf8), file: "dali.json")
        #expect(dali.canonical("下关") == "下关镇" && dali.canonical("大理市下关镇") == "下关镇")
        #expect(dali.canonical("五华区") == nil)
        let cases: [(String, String)] = [
            (#"{"city": "x", "districts": []}"#, "$.districts"),
            (#"{"districts": [{"name": "a"}]}"#, "$.city"),
            (#"{"city": "x", "districts": [{"name": "a", "code": "12"}]}"#, "$.districts[0].code"),
            (#"{"city": "x", "districts": [{"name": "a", "colour": "red"}]}"#, "$.districts[0].colour"),
            (#"{"city": "x", "districts": [{"name": "甲区", "aliases": ["乙"]}, {"name": "乙"}]}"#, "$.districts[1]"),
        ]
        for (json, place) in cases {
            #expect(throws: ConfigError.self) { try DistrictList(json: Data(json.utf8), file: "d.json") }
            do { _ = try DistrictList(json: Data(json.utf8), file: "d.json") } catch {
                #expect(error.jsonPath == place, "\(json): \(error)")
            }
        }
    }
}
