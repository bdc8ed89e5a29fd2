import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct BankDelimitedTests {
    static func template(_ name: String) -> BankTemplate { BankTemplate.builtIn(named: name)! }

    @Test(arguments: [("generic-csv", "generic-csv.csv"), ("cn-batch-gbk", "cn-batch-gbk.txt")])
    func builtInTemplateMatchesItsGoldenFileByteForByte(name: String, golden: String) throws {
        let bytes = try DelimitedBankFile.render(BankFixtures.batch(), template: Self.template(name))
        let expected = try #require(try BankFixtures.golden(golden, actual: bytes), "missing golden \(golden)")
        #expect(bytes == expected)
    }

    @Test func genericCSVQuotesPerRFC4180AndGuardsFormulasGolden() throws {
        let bytes = try DelimitedBankFile.render(BankFixtures.awkwardBatch(), template: Self.template("generic-csv"))
        let expected = try #require(try BankFixtures.golden("generic-csv-awkward.csv", actual: bytes))
        #expect(bytes == expected)
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.contains("\"工商银行,五华支行\""))
        #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(text.contains(",'-王五,"))
        #expect(text.contains(",'+1\r\n"))
    }

    @Test func gbkTemplateWritesSummaryFirstThenPipeRowsInGBK() throws {
        let bytes = try DelimitedBankFile.render(BankFixtures.batch(), template: Self.template("cn-batch-gbk"))
        let text = try IconvConverter.decode(bytes, from: "GBK")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "3|4912.64")
        #expect(lines[1] == "1|6222021234567890123|张三|3000.00|劳模慰问金")
        #expect(lines[3] == "3|6228480123456789012|买买提·艾力|0.07|劳模慰问金")
        #expect(lines.last == "")
        // GBK, not UTF-8: 张 is D5C5 in GBK.
        #expect(bytes.contains(0xD5) && !bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    }

    @Test func sameBatchGivesSameBytes() throws {
        for name in BankTemplate.builtInNames {
            let a = try DelimitedBankFile.render(BankFixtures.batch(), template: Self.template(name))
            let b = try DelimitedBankFile.render(BankFixtures.batch(), template: Self.template(name))
            #expect(a == b)
        }
    }

    @Test func nameOutsideGBKIsAnErrorNamingRowAndMaskedPersonNeverAQuestionMark() {
        var b = BankFixtures.batch()
        b.payments[1].name = "李𠀀"
        #expect {
            try DelimitedBankFile.render(b, template: Self.template("cn-batch-gbk"))
        } throws: { e in
            let e = e as! BankFileError
            return e.kind == .unencodable && e.row == 2 && e.reason.contains("row 2")
                && e.reason.contains("530103********0021") && !e.reason.contains("530103197512120021")
                && e.reason.contains("U+20000") && e.reason.contains("GBK") && e.reason.contains("户名")
        }
        // The same name is fine in UTF-8 and in a GB18030 variant of the template.
        var gb18030 = Self.template("cn-batch-gbk")
        gb18030.encoding = .gb18030
        #expect(throws: Never.self) { try DelimitedBankFile.render(b, template: gb18030) }
        #expect(throws: Never.self) { try DelimitedBankFile.render(b, template: Self.template("generic-csv")) }
    }

    @Test(arguments: ["工行|五华", "工行\"五华\"", "工行\n五华", "工行\r\n五华"])
    func pipeTemplateRefusesTextItCannotCarry(purpose: String) {
        var b = BankFixtures.batch()
        b.payments[0].purpose = purpose
        #expect {
            try DelimitedBankFile.render(b, template: Self.template("cn-batch-gbk"))
        } throws: { e in
            let e = e as! BankFileError
            return e.kind == .unsafeText && e.row == 1 && e.reason.contains("row 1") && e.reason.contains("摘要")
        }
    }

    /// The bank files follow the one guard of the CSV writer (`TextPolicy`), tested there too.
    @Test(arguments: ["=1+1", "+86", "-5+1", "-x", "@SUM(A1)", "\tx", "\rx"])
    func textThatASpreadsheetWouldEvaluateGetsAQuotePrefix(text: String) throws {
        #expect(TextPolicy.formulaGuarded(text) == "'" + text)
        var b = BankFixtures.batch()
        b.payments[0].purpose = text
        let bytes = try DelimitedBankFile.render(b, template: Self.template("generic-csv"))
        let records = try DelimitedBankFile.parseRecords(
            String(decoding: bytes.dropFirst(3), as: UTF8.self), template: Self.template("generic-csv"),
            mismatch: { BankFileError(.mismatch, $0) })
        #expect(records[1].last == "'" + text)
        // Amounts are never prefixed.
        #expect(records[1][3] == "3000.00")
    }

    /// A plain negative number is a number, not a formula: unchanged, as in the CSV writer.
    @Test(arguments: ["张三", "1912.57", "a=b", "'quoted", "-5", "-12.50"])
    func ordinaryTextIsNotPrefixed(text: String) throws {
        #expect(TextPolicy.formulaGuarded(text) == text)
        var b = BankFixtures.batch()
        b.payments[0].purpose = text
        let bytes = try DelimitedBankFile.render(b, template: Self.template("generic-csv"))
        let records = try DelimitedBankFile.parseRecords(
            String(decoding: bytes.dropFirst(3), as: UTF8.self), template: Self.template("generic-csv"),
            mismatch: { BankFileError(.mismatch, $0) })
        #expect(records[1].last == text)
    }

    @Test func fenTemplateWithSummaryLastAndOwnSummaryDelimiterRoundTrips() throws {
        let t = BankTemplate(
            name: "fen-last", delimiter: ",", quoting: .rfc4180, encoding: .gb18030, lineEnding: .lf,
            finalLineEnding: false, amountFormat: .fen, headerRow: true,
            summary: .init(position: .last, items: [.programmeId, .executionDate, .count, .total], delimiter: "|"),
            columns: [.init(field: .account, header: "账号"), .init(field: .amount, header: "金额"),
                      .init(field: .constant, header: "币种", value: "人民币")],
            fileName: "{programme}.txt")
        let bytes = try DelimitedBankFile.render(BankFixtures.batch(), template: t)
        let text = try IconvConverter.decode(bytes, from: "GB18030")
        #expect(text == "账号,金额,币种\n6222021234567890123,300000,人民币\n6217003860001234567,191257,人民币\n6228480123456789012,7,人民币\nKM-2024-LM|2024-09-30|3|491264")
    }

    @Test func aFullWidthDelimiterRoundTripsAndSplitsOnlyAtCharacters() throws {
        // A multi-byte delimiter (U+FF5C, EF BD 9C) next to Chinese text whose bytes share its
        // lead byte (U+FF08 full-width bracket, EF BC 88): records split at the delimiter only.
        let t = BankTemplate(
            name: "fullwidth", delimiter: "｜", quoting: .rfc4180, encoding: .utf8, lineEnding: .crlf,
            finalLineEnding: true, amountFormat: .yuan, headerRow: true,
            summary: .init(position: .first, items: [.count, .total], delimiter: nil),
            columns: [.init(field: .name, header: "户名（全称）"), .init(field: .amount, header: "金额"),
                      .init(field: .constant, header: "用途", value: "帮扶（中秋）")],
            fileName: "{programme}.txt")
        let batch = BankFixtures.batch()
        let bytes = try DelimitedBankFile.render(batch, template: t)
        try DelimitedBankFile.verify(bytes, template: t, batch: batch)
        let records = try DelimitedBankFile.parseRecords(
            String(decoding: bytes, as: UTF8.self), template: t, mismatch: { BankFileError(.mismatch, $0) })
        #expect(records.count == 2 + batch.count)
        #expect(records[0] == ["3", "4912.64"])
        #expect(records[1] == ["户名（全称）", "金额", "用途"])
        #expect(records[2] == [batch.payments[0].name, "3000.00", "帮扶（中秋）"])
    }

    @Test func readBackDetectsAChangedAmountACountMismatchAndAWrongSummary() throws {
        let t = Self.template("cn-batch-gbk")
        let batch = BankFixtures.batch()
        let good = try DelimitedBankFile.render(batch, template: t)
        try DelimitedBankFile.verify(good, template: t, batch: batch)

        func tampered(_ edit: (String) -> String) throws -> [UInt8] {
            try IconvConverter.encode(edit(try IconvConverter.decode(good, from: "GBK")), to: "GBK")
        }
        let cases: [([UInt8], String)] = [
            (try tampered { $0.replacingOccurrences(of: "|3000.00|", with: "|3000.01|") }, "reads 3000.01"),
            (try tampered { $0.replacingOccurrences(of: "3|4912.64", with: "3|4912.65") }, "summary total"),
            (try tampered { $0.replacingOccurrences(of: "3|4912.64", with: "2|4912.64") }, "summary count"),
            (try tampered { s in String(s.components(separatedBy: "\r\n").dropLast(2).joined(separator: "\r\n") + "\r\n") },
             "2 payment rows instead of 3"),
            (try tampered { $0.replacingOccurrences(of: "\r\n", with: "\n") }, "bare line feed"),
        ]
        for (bytes, why) in cases {
            #expect {
                try DelimitedBankFile.verify(bytes, template: t, batch: batch)
            } throws: { e in
                let e = e as! BankFileError
                return e.kind == .mismatch && e.reason.contains(why)
            }
        }
        // A batch that differs from the file is caught too.
        var other = batch
        other.payments[2].amount = Money(fen: 8)
        #expect(throws: BankFileError.self) { try DelimitedBankFile.verify(good, template: t, batch: other) }
    }

    @Test func aFileStreamedInPiecesIsTheRenderedFile() throws {
        // The awkward batch (quotes, delimiters, formula signs) where the template can carry it.
        for (name, batch) in [("generic-csv", BankFixtures.awkwardBatch()), ("cn-batch-gbk", BankFixtures.batch())] {
            let whole = try DelimitedBankFile.render(batch, template: Self.template(name))
            for piece in [1, 7, 64, 1 << 20] {
                var pieces: [[UInt8]] = []
                try DelimitedBankFile.produce(batch, template: Self.template(name), piece: piece) { pieces.append(Array($0)) }
                #expect(Array(pieces.joined()) == whole, "\(name), pieces of \(piece) bytes")
                // Every piece but the last holds at least `piece` bytes: the buffer is emptied only when full.
                #expect(pieces.dropLast().allSatisfy { $0.count >= piece })
            }
        }
    }

    @Test func readBackFromDiskFindsWhatReadBackInMemoryFinds() throws {
        let dir = try BankFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let batch = BankFixtures.batch()
        func onDisk(_ bytes: [UInt8]) throws -> String {
            let path = dir + "/file-\(UUID().uuidString)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        for name in ["generic-csv", "cn-batch-gbk"] {
            let t = Self.template(name)
            let good = try DelimitedBankFile.render(batch, template: t)
            try DelimitedBankFile.verify(fileAt: try onDisk(good), template: t, batch: batch)
            // Cut short (a full disk), the file fails as it fails in memory.
            let cut = Array(good.dropLast(9))
            let inMemory = #expect(throws: BankFileError.self) { try DelimitedBankFile.verify(cut, template: t, batch: batch) }
            let fromDisk = #expect(throws: BankFileError.self) {
                try DelimitedBankFile.verify(fileAt: try onDisk(cut), template: t, batch: batch)
            }
            #expect(inMemory?.reason == fromDisk?.reason && fromDisk?.kind == .mismatch)
        }
        // The byte order mark generic-csv writes is checked on disk too.
        let t = Self.template("generic-csv")
        let unmarked = Array(try DelimitedBankFile.render(batch, template: t).dropFirst(3))
        #expect {
            try DelimitedBankFile.verify(fileAt: try onDisk(unmarked), template: t, batch: batch)
        } throws: { e in
            (e as! BankFileError).reason.contains("byte order mark is missing")
        }
        #expect(throws: BankFileError.self) { try DelimitedBankFile.verify(fileAt: dir + "/none", template: t, batch: batch) }
    }

    @Test func refusesABatchWithANonPositiveAmountOrABadDate() {
        var b = BankFixtures.batch()
        b.payments[0].amount = Money(fen: -100)
        #expect(throws: BankFileError.self) { try DelimitedBankFile.render(b, template: Self.template("generic-csv")) }
        for date in ["2024-02-30", "2024/09/30", "20240930", ""] {
            var d = BankFixtures.batch()
            d.executionDate = date
            #expect(throws: BankFileError.self) { try DelimitedBankFile.render(d, template: Self.template("generic-csv")) }
        }
        var dup = BankFixtures.batch()
        dup.payments[1].sequence = 1
        #expect(throws: BankFileError.self) { try DelimitedBankFile.render(dup, template: Self.template("generic-csv")) }
    }
}

/// The bank file read back from disk is compared in chunks, never loaded whole.
@Suite struct AtomicFileCompareTests {
    @Test func comparesSameLongerShorterDifferentAndMissingFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("f").path
        // More than one 1 MiB chunk, so the offset bookkeeping is exercised.
        let bytes = (0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(AtomicFile.compare(path, with: bytes) == .same)
        #expect(AtomicFile.compare(path, with: bytes + [0]) == .different)
        #expect(AtomicFile.compare(path, with: Array(bytes.dropLast())) == .different)
        var changed = bytes
        changed[(2 << 20) + 5] ^= 1
        #expect(AtomicFile.compare(path, with: changed) == .different)
        #expect(AtomicFile.compare(dir.appendingPathComponent("missing").path, with: bytes) == .unreadable)
    }
}
