import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct BankPain001Tests {
    @Test(arguments: Pain001Version.allCases)
    func matchesItsGoldenFileByteForByte(version: Pain001Version) throws {
        let bytes = try Pain001.render(BankFixtures.batch(), version: version)
        let expected = try #require(try BankFixtures.golden(version.rawValue + ".xml", actual: bytes))
        #expect(bytes == expected)
    }

    @Test(arguments: Pain001Version.allCases)
    func validatesAgainstTheOfficialSchema(version: Pain001Version) throws {
        guard let xsd = BankFixtures.xsd(version) else { return }
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for batch in [BankFixtures.batch(), BankFixtures.awkwardBatch()] {
            let path = dir + "/" + version.rawValue + "-" + String(batch.payments[0].bankName.count) + ".xml"
            try Data(try Pain001.render(batch, version: version)).write(to: URL(fileURLWithPath: path))
            let validator = try XMLSchemaValidator(xsdPath: xsd)
            #expect(try validator.validate(xmlPath: path) == [])
        }
    }

    @Test func writesReqdExctnDtInEachVersionsShapeAndTotalsAtBothLevels() throws {
        let v09 = String(decoding: try Pain001.render(BankFixtures.batch(), version: .v09), as: UTF8.self)
        let v03 = String(decoding: try Pain001.render(BankFixtures.batch(), version: .v03), as: UTF8.self)
        #expect(v09.contains("<ReqdExctnDt>\n        <Dt>2024-09-30</Dt>\n      </ReqdExctnDt>"))
        #expect(v03.contains("<ReqdExctnDt>2024-09-30</ReqdExctnDt>"))
        #expect(v09.contains("xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\""))
        #expect(v03.contains("xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\""))
        for xml in [v09, v03] {
            #expect(xml.components(separatedBy: "<NbOfTxs>3</NbOfTxs>").count == 3)
            #expect(xml.components(separatedBy: "<CtrlSum>4912.64</CtrlSum>").count == 3)
            #expect(xml.contains("<InstdAmt Ccy=\"CNY\">0.07</InstdAmt>"))
            #expect(xml.contains("<CreDtTm>2024-09-30T00:00:00</CreDtTm>"))
            #expect(xml.contains("<CdtrAcct>\n          <Id>\n            <Othr>\n              <Id>6222021234567890123</Id>"))
            #expect(xml.contains("<Nm>买买提·艾力</Nm>"))
        }
    }

    @Test func escapesXMLSpecialCharactersInNames() throws {
        var b = BankFixtures.batch()
        b.payments[0].name = "A&B <C> \"D\" 'E'"
        let xml = String(decoding: try Pain001.render(b, version: .v09), as: UTF8.self)
        #expect(xml.contains("<Nm>A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;</Nm>"))
    }

    @Test func identifiersComeFromTheContentNotTheClock() throws {
        let a = Pain001.identifiers(BankFixtures.batch(), version: .v09)
        let b = Pain001.identifiers(BankFixtures.batch(), version: .v09)
        #expect(a == b)
        #expect(a.messageId.count == 35 && a.paymentInformationId.count == 35)
        #expect(a.endToEndIds.allSatisfy { $0.count <= 35 } && Set(a.endToEndIds).count == 3)
        var changed = BankFixtures.batch()
        changed.payments[1].amount = Money(fen: 191_258)
        let c = Pain001.identifiers(changed, version: .v09)
        #expect(c.messageId != a.messageId && c.paymentInformationId != a.paymentInformationId)
        #expect(c.endToEndIds[0] == a.endToEndIds[0] && c.endToEndIds[1] != a.endToEndIds[1])
        #expect(try Pain001.render(BankFixtures.batch(), version: .v03) == Pain001.render(BankFixtures.batch(), version: .v03))
    }

    @Test(arguments: [
        (\Payment.name, 141, "户名"), (\Payment.account, 35, "账号"), (\Payment.purpose, 141, "摘要"),
        (\Payment.idNumber, 36, "身份证号"), (\Payment.bankName, 141, "开户行"),
    ] as [(any WritableKeyPath<Payment, String> & Sendable, Int, String)])
    func refusesTextLongerThanTheSchemaAllows(field: any WritableKeyPath<Payment, String> & Sendable, length: Int, label: String) {
        var b = BankFixtures.batch()
        b.payments[1][keyPath: field] = String(repeating: "劳", count: length)
        #expect {
            try Pain001.render(b, version: .v09)
        } throws: { e in
            let e = e as! BankFileError
            return e.kind == .tooLong && e.row == 2 && e.reason.contains(label) && e.reason.contains("at most \(length - 1)")
        }
        // One less is fine.
        b.payments[1][keyPath: field] = String(repeating: "1", count: length - 1)
        #expect(throws: Never.self) { try Pain001.render(b, version: .v09) }
    }

    @Test func refusesControlCharactersInText() {
        var b = BankFixtures.batch()
        b.payments[0].purpose = "慰问\u{1}金"
        #expect(throws: BankFileError.self) { try Pain001.render(b, version: .v09) }
    }

    @Test func readBackDetectsCountAndSumMismatches() throws {
        let batch = BankFixtures.batch()
        let xml = String(decoding: try Pain001.render(batch, version: .v09), as: UTF8.self)
        let totals = try Pain001.readTotals(Array(xml.utf8))
        #expect(totals.groupCount == 3 && totals.paymentCount == 3)
        #expect(totals.groupSum == Money(fen: 491_264) && totals.paymentSum == Money(fen: 491_264))
        #expect(totals.amounts == batch.payments.map(\.amount))

        let cases: [(String, String)] = [
            (xml.replacingOccurrences(of: "<CtrlSum>4912.64</CtrlSum>", with: "<CtrlSum>4912.65</CtrlSum>"), "CtrlSum"),
            (xml.replacingOccurrences(of: "<NbOfTxs>3</NbOfTxs>", with: "<NbOfTxs>4</NbOfTxs>"), "NbOfTxs"),
            (xml.replacingOccurrences(of: ">0.07</InstdAmt>", with: ">0.08</InstdAmt>"), "amounts adding up"),
            (xml.replacingOccurrences(of: ">0.07</InstdAmt>", with: ">0.070</InstdAmt>"), "exactly 2 decimals"),
            (xml.replacingOccurrences(of: "Ccy=\"CNY\">0.07", with: "Ccy=\"USD\">0.07"), "CNY"),
        ]
        for (text, why) in cases {
            #expect {
                try Pain001.verify(Array(text.utf8), batch: batch)
            } throws: { e in
                let e = e as! BankFileError
                return e.kind == .mismatch && e.reason.contains(why)
            }
        }
        var other = batch
        other.payments.removeLast()
        #expect(throws: BankFileError.self) { try Pain001.verify(Array(xml.utf8), batch: other) }
    }
}

@Suite struct BankXMLSchemaValidatorTests {
    @Test func rejectsADeliberatelyBrokenMessageWithLineNumbers() throws {
        guard let xsd = BankFixtures.xsd(.v09) else { return }
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var xml = String(decoding: try Pain001.render(BankFixtures.batch(), version: .v09), as: UTF8.self)
        // PmtMtd must be TRF/CHK/TRA; MsgId may not be empty.
        xml = xml.replacingOccurrences(of: "<PmtMtd>TRF</PmtMtd>", with: "<PmtMtd>XXX</PmtMtd>")
        xml = xml.replacingOccurrences(of: #"<MsgId>[0-9a-zM]+</MsgId>"#, with: "<MsgId></MsgId>", options: .regularExpression)
        let path = dir + "/broken.xml"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let errors = try XMLSchemaValidator(xsdPath: xsd).validate(xmlPath: path)
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasPrefix("line 5:") && $0.contains("MsgId") })
        #expect(errors.contains { $0.contains("PmtMtd") && $0.contains("XXX") })
    }

    @Test func aVersion03MessageFailsTheVersion09Schema() throws {
        guard let xsd = BankFixtures.xsd(.v09) else { return }
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/v03.xml"
        try Data(try Pain001.render(BankFixtures.batch(), version: .v03)).write(to: URL(fileURLWithPath: path))
        #expect(try !XMLSchemaValidator(xsdPath: xsd).validate(xmlPath: path).isEmpty)
    }

    @Test func reportsAMalformedDocumentAsAFailureNotAsValid() throws {
        guard let xsd = BankFixtures.xsd(.v09) else { return }
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.xml"
        try Data("<Document>\n<a>\n</b>\n</Document>\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try XMLSchemaValidator(xsdPath: xsd).validate(xmlPath: path)
        } throws: { e in
            let e = e as! XMLSchemaValidator.Failure
            return e.path == path && e.messages.first?.hasPrefix("line 3:") == true
        }
        #expect(throws: XMLSchemaValidator.Failure.self) { _ = try XMLSchemaValidator(xsdPath: dir + "/missing.xml").validate(xmlPath: path) }
    }

    @Test func refusesAFileThatIsNotASchema() throws {
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/not-a-schema.xsd"
        try Data("<root/>\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: XMLSchemaValidator.Failure.self) { _ = try XMLSchemaValidator(xsdPath: path) }
    }

    @Test func doesNotFetchExternalEntities() throws {
        guard let xsd = BankFixtures.xsd(.v09) else { return }
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let secret = dir + "/secret.txt"
        try Data("TOPSECRET".utf8).write(to: URL(fileURLWithPath: secret))
        let path = dir + "/xxe.xml"
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE Document [<!ENTITY x SYSTEM "file://\(secret)">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">&x;</Document>

            """
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let errors = try XMLSchemaValidator(xsdPath: xsd).validate(xmlPath: path)
        #expect(!errors.isEmpty)
        #expect(!errors.joined().contains("TOPSECRET"))
    }
}
