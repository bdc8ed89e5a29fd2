import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct BankFilesTests {
    @Test func resolvesPainVersionsBuiltInTemplatesAndTemplateFiles() throws {
        #expect(try BankFormat.named("pain.001.001.09") == .pain001(.v09))
        #expect(try BankFormat.named("pain.001.001.03") == .pain001(.v03))
        #expect(try BankFormat.named("generic-csv").name == "generic-csv")
        #expect(try BankFormat.named(BankFixtures.packageRoot + "/Schemas/bank-templates/cn-batch-gbk.json").name == "cn-batch-gbk")
        #expect(throws: BankFileError.self) { try BankFormat.named("pain.001.001.99") }
        #expect(Set(BankFormat.builtInNames) == ["pain.001.001.09", "pain.001.001.03", "generic-csv", "cn-batch-gbk", "cn-corporate-gbk"])
    }

    @Test func writesEveryFormatIntoPlaceAndLeavesNoTemporaryFiles() throws {
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let batch = BankFixtures.batch()
        for name in BankFormat.builtInNames {
            let format = try BankFormat.named(name)
            let xsd: String? = if case .pain001(let v) = format { BankFixtures.xsd(v) } else { nil }
            let out = try BankFiles.write(batch, format: format, directory: dir, xsdPath: xsd)
            #expect(out.count == 3 && out.total == Money(fen: 491_264))
            let bytes = try #require(FileManager.default.contents(atPath: out.path))
            #expect(Array(bytes) == (try BankFiles.render(batch, format: format)))
            #expect(out.sha256 == sha256Hex(bytes: Array(bytes)) && out.byteCount == bytes.count)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names.count == BankFormat.builtInNames.count)
        #expect(names.allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func neverOverwritesAnExistingFileUnlessAsked() throws {
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.txt"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        let format = try BankFormat.named("cn-batch-gbk")
        #expect {
            try BankFiles.write(BankFixtures.batch(), format: format, to: path)
        } throws: { e in
            (e as! BankFileError).kind == .exists && (e as! BankFileError).file == path
        }
        #expect(FileManager.default.contents(atPath: path) == Data("keep me".utf8))
        _ = try BankFiles.write(BankFixtures.batch(), format: format, to: path, overwrite: true)
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == (try BankFiles.render(BankFixtures.batch(), format: format)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.txt"])
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var b = BankFixtures.batch()
        b.payments[0].name = "张𠀀"
        #expect(throws: BankFileError.self) {
            try BankFiles.write(b, format: try BankFormat.named("cn-batch-gbk"), directory: dir)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func aSchemaViolationRemovesTheFile() throws {
        guard BankFixtures.xsd(.v09) != nil, let xsd03 = BankFixtures.xsd(.v03) else { return }
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Validating a .09 message against the .03 schema must fail and keep nothing.
        #expect {
            try BankFiles.write(BankFixtures.batch(), format: .pain001(.v09), directory: dir, xsdPath: xsd03)
        } throws: { e in
            let e = e as! BankFileError
            return e.kind == .schema && e.reason.contains("line ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func anUnusableSchemaFileIsAClearError() throws {
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect {
            try BankFiles.write(BankFixtures.batch(), format: .pain001(.v09), directory: dir, xsdPath: dir + "/none.xsd")
        } throws: { e in
            (e as! BankFileError).kind == .schema && (e as! BankFileError).file == dir + "/none.xsd"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func batchRoundTripsThroughJSONWithAmountsAsDecimalText() throws {
        let b = BankFixtures.batch()
        let data = try JSONEncoder().encode(b)
        #expect(String(decoding: data, as: UTF8.self).contains("\"3000.00\""))
        #expect(try JSONDecoder().decode(PaymentBatch.self, from: data) == b)
    }
}
