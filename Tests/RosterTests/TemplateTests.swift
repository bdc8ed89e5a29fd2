import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct TemplateTests {
    func schemaFile(_ name: String) throws -> String {
        try String(contentsOf: T.packageRoot.appendingPathComponent("Schemas").appendingPathComponent(name), encoding: .utf8)
    }

    @Test func embeddedCopiesEqualTheFilesInSchemasByteForByte() throws {
        #expect(try schemaFile(EmbeddedTemplates.rosterTemplateFile) == EmbeddedTemplates.rosterTemplate)
        #expect(try schemaFile(EmbeddedTemplates.registryTemplateFile) == EmbeddedTemplates.registryTemplate)
        #expect(try schemaFile(EmbeddedTemplates.templateSchemaFile) == EmbeddedTemplates.templateSchema)
        #expect(try schemaFile(EmbeddedTemplates.programSchemaFile) == EmbeddedTemplates.programSchema)
        #expect(try schemaFile(EmbeddedTemplates.kunmingDistrictsFile) == EmbeddedTemplates.kunmingDistricts)
        #expect(try schemaFile(EmbeddedTemplates.districtListSchemaFile) == EmbeddedTemplates.districtListSchema)
    }

    @Test func defaultTemplatesLoadWithTheIssuesHeaderNames() {
        let t = TableTemplate.defaultRoster
        let expected: [RosterField: [String]] = [
            .name: ["姓名", "劳模姓名"], .gender: ["性别"], .idNumber: ["身份证号码", "身份证号", "公民身份号码", "身份证"],
            .employer: ["工作单位", "单位", "所在单位"], .honour: ["荣誉称号", "荣誉级别", "劳模类别", "荣誉类别"],
            .amount: ["补助金额", "金额", "发放金额", "补助标准"], .bank: ["开户行", "开户银行"],
            .account: ["银行卡号", "银行账号", "卡号", "账号"], .phone: ["联系电话", "电话"], .hardship: ["困难类型", "致困原因"],
            .remarks: ["备注"], .district: ["区县", "所属区县"],
        ]
        for (field, headers) in expected {
            for h in headers { #expect(t.field(forHeader: h) == field, "\(h)") }
        }
        #expect(t.fields.filter(\.required).map(\.key) == [.name, .idNumber, .amount, .account])
        let r = TableTemplate.defaultRegistry
        #expect(r.status(for: "保持荣誉") == .active && r.status(for: "撤销荣誉") == .revoked && r.status(for: "已故") == .deceased)
        for h in ["姓名", "性别", "身份证号码", "荣誉称号", "获得荣誉年份", "荣誉状态", "工作单位"] { #expect(r.field(forHeader: h) != nil) }
    }

    @Test(arguments: [
        (#"{"kind":"roster","version":1,"fields":[],"honourLevels":{}}"#, "$.fields", "at least 1"),
        (#"{"kind":"roster","version":"1"}"#, "$.version", "integer"),
        (#"{"kind":"table","version":1}"#, "$.kind", "roster"),
        (#"{"kind":"roster","version":1,"extra":1}"#, "$.extra", "unknown property"),
        (#"{"kind":"roster","version":1,"fields":[{"key":"nom","label":"x","type":"text","required":true,"headers":["x"]}]}"#, "$.fields[0].key", "unknown field"),
        (#"{"kind":"roster","version":1,"fields":[{"key":"name","label":"x","type":"text","required":"yes","headers":["x"]}]}"#, "$.fields[0].required", "true or false"),
        (#"{"kind":"roster","version":1,"fields":[{"key":"name","label":"x","type":"text","required":true,"headers":["姓名"]},{"key":"phone","label":"x","type":"text","required":true,"headers":["姓 名"]}]}"#, "$.fields[1].headers[0]", "already means"),
        ("{nope", "$", "not valid JSON"),
    ])
    func badTemplatesNameFilePathAndReason(json: String, path: String, reason: String) {
        #expect {
            _ = try TableTemplate(json: Data(json.utf8), file: "t.json")
        } throws: { e in
            guard let e = e as? ConfigError else { return false }
            return e.file == "t.json" && e.jsonPath == path && e.reason.contains(reason) && e.description.hasPrefix("t.json: \(path): ")
        }
    }

    @Test func exampleProgrammeLoads() throws {
        let p = try Program.load(path: T.packageRoot.appendingPathComponent("Schemas/examples/program-2017-midautumn.json").path)
        #expect(p.id == "2017-midautumn-hardship" && p.period == "2017-09" && p.eligibleHonours == [.municipal])
        #expect(p.amount == .max(Money(fen: 300_000)) && p.budget == Money(fen: 70_000_000))
        #expect(p.date == SimpleDate(year: 2017, month: 9, day: 20))
    }

    @Test func programmeDateDefaultsToTheLastDayOfThePeriod() throws {
        let json = #"{"id":"a","title":"t","period":"2016-02","eligibleHonours":["national"],"amount":{"min":"100","max":"200.5"},"budget":"1000","currency":"CNY","payer":{"name":"n","account":"1","bank":"b"}}"#
        let p = try Program(json: Data(json.utf8), file: "p.json")
        #expect(p.date == SimpleDate(year: 2016, month: 2, day: 29) && !p.dateGiven)
        #expect(p.amount == .range(min: Money(fen: 10_000), max: Money(fen: 20_050)))
    }

    @Test(arguments: [
        (#""period":"2017-13""#, "$.period"), (#""amount":{"max":3000}"#, "$.amount.max"), (#""amount":{"fixed":"1","max":"2"}"#, "$.amount"),
        (#""eligibleHonours":["city"]"#, "$.eligibleHonours[0]"), (#""currency":"USD""#, "$.currency"), (#""budget":"1.234""#, "$.budget"),
        (#""date":"2017-02-30""#, "$.date"),
    ])
    func badProgrammesNameTheJSONPath(replacement: String, path: String) {
        var fields: [String: String] = [
            "id": #""id":"p""#, "title": #""title":"t""#, "period": #""period":"2017-09""#,
            "eligibleHonours": #""eligibleHonours":["municipal"]"#, "amount": #""amount":{"max":"3000"}"#, "budget": #""budget":"10""#,
            "currency": #""currency":"CNY""#, "payer": #""payer":{"name":"n","account":"1","bank":"b"}"#,
        ]
        let key = String(replacement.dropFirst().prefix { $0 != "\"" })
        fields[key] = replacement
        let json = "{" + fields.keys.sorted().map { fields[$0]! }.joined(separator: ",") + "}"
        #expect {
            _ = try Program(json: Data(json.utf8), file: "p.json")
        } throws: { e in (e as? ConfigError)?.jsonPath == path }
    }
}
