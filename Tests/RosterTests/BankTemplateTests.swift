import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct BankTemplateTests {
    static let templateDir = BankFixtures.packageRoot + "/Schemas/bank-templates"

    @Test func embeddedTemplatesEqualTheFilesInSchemasByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.templateDir)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files == BuiltInBankTemplates.files.map(\.name).sorted())
        for (name, json) in BuiltInBankTemplates.files {
            let onDisk = FileManager.default.contents(atPath: Self.templateDir + "/" + name + ".json")
            #expect(onDisk.map { Array($0) } == Array(json.utf8), "embedded \(name) differs; run Scripts/embed-bank-templates.py")
        }
    }

    @Test func builtInTemplatesIncludeGenericCSVAndAPipeGBKTemplateWithSummaryFirst() throws {
        #expect(BankTemplate.builtInNames.contains("generic-csv"))
        let csv = try #require(BankTemplate.builtIn(named: "generic-csv"))
        #expect(csv.delimiter == "," && csv.encoding == .utf8 && csv.byteOrderMark && csv.headerRow)
        let gbk = try #require(BankTemplate.builtIn(named: "cn-batch-gbk"))
        #expect(gbk.delimiter == "|" && gbk.encoding == .gbk && gbk.quoting == .refuse)
        #expect(gbk.summary == BankTemplate.Summary(position: .first, items: [.count, .total]))
        #expect(gbk.columns.map(\.field) == [.sequence, .account, .name, .amount, .purpose])
        for name in BankTemplate.builtInNames {
            #expect(BankTemplate.builtIn(named: name)?.name == name)
        }
    }

    @Test func loadsATemplateFromAFilePath() throws {
        let t = try BankTemplate.resolve(Self.templateDir + "/cn-batch-gbk.json")
        #expect(t == BankTemplate.builtIn(named: "cn-batch-gbk"))
    }

    @Test func refusesAnUnknownTemplateNameListingTheKnownOnes() {
        #expect {
            try BankTemplate.resolve("no-such-bank")
        } throws: { e in
            let e = e as! BankFileError
            return e.kind == .invalidTemplate && e.reason.contains("generic-csv") && e.reason.contains("pain.001.001.09")
        }
    }

    @Test(arguments: [
        (#"{"name":"x"}"#, "missing"),
        (#"{"name":"x","delimiter":"||","quoting":"refuse","encoding":"GBK","byteOrderMark":false,"lineEnding":"LF","amountFormat":"yuan","headerRow":false,"columns":[{"field":"amount"}],"fileName":"a.txt"}"#, "delimiter"),
        (#"{"name":"x","delimiter":"|","quoting":"refuse","encoding":"GBK","byteOrderMark":false,"lineEnding":"LF","amountFormat":"yuan","headerRow":false,"columns":[{"field":"name"}],"fileName":"a.txt"}"#, "amount column"),
        (#"{"name":"x","delimiter":"|","quoting":"refuse","encoding":"GBK","byteOrderMark":true,"lineEnding":"LF","amountFormat":"yuan","headerRow":false,"columns":[{"field":"amount"}],"fileName":"a.txt"}"#, "byte order mark"),
        (#"{"name":"x","delimiter":"|","quoting":"refuse","encoding":"GBK","byteOrderMark":false,"lineEnding":"LF","amountFormat":"yuan","headerRow":true,"columns":[{"field":"amount"}],"fileName":"a.txt"}"#, "header"),
        (#"{"name":"x","delimiter":"|","quoting":"refuse","encoding":"EBCDIC","byteOrderMark":false,"lineEnding":"LF","amountFormat":"yuan","headerRow":false,"columns":[{"field":"amount"}],"fileName":"a.txt"}"#, "encoding"),
    ] as [(String, String)])
    func refusesAMalformedTemplateSayingWhy(json: String, why: String) {
        #expect {
            try BankTemplate.decode(Array(json.utf8), source: "t.json")
        } throws: { e in
            let e = e as! BankFileError
            return e.kind == .invalidTemplate && e.file == "t.json" && e.description.contains(why)
        }
    }

    @Test func schemaFileListsExactlyTheFieldsAndSummaryItemsTheCodeKnows() throws {
        let data = try #require(FileManager.default.contents(atPath: BankFixtures.packageRoot + "/Schemas/bank-template.schema.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let props = try #require(root["properties"] as? [String: Any])
        let columns = try #require(props["columns"] as? [String: Any])
        let item = try #require((columns["items"] as? [String: Any])?["properties"] as? [String: Any])
        let fields = try #require((item["field"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(fields) == Set(BankTemplate.Field.allCases.map(\.rawValue)))
        let summary = try #require((props["summary"] as? [String: Any])?["properties"] as? [String: Any])
        let items = try #require(((summary["items"] as? [String: Any])?["items"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(items) == Set(BankTemplate.SummaryItem.allCases.map(\.rawValue)))
    }

    @Test func builtInTemplateFilesSatisfyTheJSONSchema() throws {
        // Uses python3's jsonschema when present (it is on the project's machines).
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import jsonschema"]
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch {
            print("note: skipping JSON Schema check, python3 not available")
            return
        }
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            print("note: skipping JSON Schema check, python3 jsonschema not installed")
            return
        }
        let script = """
            import json, sys, glob, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            files = sorted(glob.glob(sys.argv[2] + '/*.json'))
            assert files
            for f in files:
                jsonschema.validate(json.load(open(f)), schema, cls=jsonschema.Draft202012Validator)
            print(len(files))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, BankFixtures.packageRoot + "/Schemas/bank-template.schema.json", Self.templateDir]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == String(BankTemplate.builtInNames.count))
    }

    @Test func fileNamePatternFillsPlaceholdersAndReplacesUnsafeCharacters() throws {
        var b = BankFixtures.batch()
        b.programmeId = "KM/2024:LM"
        let t = try #require(BankTemplate.builtIn(named: "cn-batch-gbk"))
        #expect(t.outputFileName(for: b) == "KM_2024_LM_2024_2024-09-30_daifa.txt")
        #expect(BankFormat.pain001(.v09).outputFileName(for: b) == "KM_2024_LM_2024_2024-09-30_pain.001.001.09.xml")
    }
}
