import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct NormalisationTests {
    func text(_ s: String) -> Cell { Cell(column: 0, value: .string(s), raw: s) }
    func number(_ s: String) -> Cell { Cell(column: 0, value: .number(Double(s) ?? 0), raw: s) }

    @Test(arguments: [
        ("王 芳", "王芳", ["spaces"]), (" 李强\u{3000}", "李强", ["full-width", "spaces"]),
        ("阿依\u{00A0}古丽", "阿依古丽", ["spaces", "invisible-space"]), ("张\u{200B}伟", "张伟", ["invisible-space"]),
        ("买买提・艾力", "买买提·艾力", ["middle-dot"]), ("买买提•艾力", "买买提·艾力", ["middle-dot"]),
        ("买买提‧艾力", "买买提·艾力", ["middle-dot"]), ("买买提∙艾力", "买买提·艾力", ["middle-dot"]),
        ("ＬＩ Ｍｉｎｇ", "LIMing", ["full-width", "spaces"]),
    ])
    func namesAreNormalised(input: String, expected: String, kinds: [String]) {
        let (v, changes) = FieldParsing.name(text(input))
        #expect(v == expected)
        #expect(Set(changes.names) == Set(kinds))
    }

    @Test func identityNumbersLoseSpacesFullWidthDigitsApostropheAndLowerCaseX() {
        let id = T.id(seq: "128")
        let lower = FieldParsing.identity(text(String(id.dropLast()) + String(id.last!).lowercased()))
        #expect(lower.value == id && lower.problem == nil)
        let fw = String(id.unicodeScalars.map { $0.value >= 48 && $0.value <= 57 ? Character(Unicode.Scalar($0.value + 0xFEE0)!) : Character($0) })
        let parsed = FieldParsing.identity(text(" " + fw + " "))
        #expect(parsed.value == id && parsed.problem == nil && parsed.changes.contains(.fullWidth))
        #expect(FieldParsing.identity(text("'" + id)).changes.contains(.apostrophe))
        let xid = (0..<1000).lazy.map { T.id(seq: String(format: "%03d", $0)) }.first { $0.hasSuffix("X") }!
        let px = FieldParsing.identity(text(String(xid.dropLast()) + "x"))
        #expect(px.value == xid && px.changes.contains(.lowercaseX))
    }

    @Test func numberCellsWithMoreThanFifteenDigitsHaveLostPrecision() {
        #expect(FieldParsing.identity(number("5.30102196503151E+17")).problem == .precisionLost)
        #expect(FieldParsing.identity(number("530102196503151234")).problem == .precisionLost)
        #expect(FieldParsing.identity(text("5.30102E+17")).problem == .precisionLost)
        // A 15-digit legacy number survives being a number.
        let legacy = FieldParsing.identity(number("530102650315123"))
        #expect(legacy.problem == nil && legacy.upgradedLegacy)
        #expect(FieldParsing.account(number("6.22202123456789E+18")).precisionLost)
        #expect(!FieldParsing.account(text("6222021234567890123")).precisionLost)
    }

    @Test(arguments: [
        ("2000", 200_000, [String]()), ("￥2,000.00", 200_000, ["currency-sign", "thousands-separator"]),
        ("¥1,912.57", 191_257, ["currency-sign", "thousands-separator"]), ("2000元", 200_000, ["currency-sign"]),
        ("２０００", 200_000, ["full-width"]), ("1 500", 150_000, ["spaces"]), ("3,000.5", 300_050, ["thousands-separator"]),
    ])
    func amountsAreCleanedFromTheRawText(input: String, fen: Int64, kinds: [String]) {
        let r = FieldParsing.amount(text(input))
        #expect(r.money == Money(fen: fen))
        #expect(Set(r.changes.names) == Set(kinds))
    }

    @Test(arguments: ["一千元", "约2000", "1,5OO", "20,00", "2000.005", "1.2.3", "--5"])
    func amountsThatAreNotNumbersAreRefused(input: String) {
        let r = FieldParsing.amount(text(input))
        #expect(r.money == nil && !r.empty)
    }

    @Test func numberCellsUseTheRawTextAndRoundBinaryNoiseOnly() {
        #expect(FieldParsing.amount(number("1912.57")).money == Money(fen: 191_257))
        let noisy = FieldParsing.amount(number("1912.5699999999999"))
        #expect(noisy.money == Money(fen: 191_257) && noisy.changes.contains(.floatNoise))
        #expect(FieldParsing.amount(number("1912.5700000000001")).money == Money(fen: 191_257))
        #expect(FieldParsing.amount(number("1912.575")).money == nil)
        #expect(FieldParsing.amount(number("1.5E+3")).money == Money(fen: 150_000))
    }

    @Test(arguments: [
        ("全国劳模", HonourLevel.national), ("全国劳动模范", .national), ("全国先进工作者", .national), ("省劳模", .provincial),
        ("省部级劳动模范", .provincial), ("省级", .provincial), ("市劳模", .municipal), ("市级劳动模范", .municipal),
        (" 市级 劳动模范 ", .municipal),
    ])
    func honourWordingVariantsMapToLevels(text: String, level: HonourLevel) {
        #expect(TableTemplate.defaultRoster.honourLevel(for: text) == level)
    }

    @Test(arguments: [
        ("补助金额（元）", RosterField.amount), ("补助金额(元)", .amount), (" 姓  名 ", .name), ("身份证号码\n(18位)", .idNumber),
        ("【备注】", .remarks), ("*银行卡号", .account), ("公民身份号码", .idNumber), ("劳模类别", .honour), ("所属区县", .district),
        ("致困原因", .hardship), ("联系电话", .phone), ("开户银行", .bank), ("单位", .employer), ("补助标准", .amount),
    ])
    func headersAreRecognisedDespiteSpacesBracketsAndUnits(text: String, field: RosterField) {
        #expect(TableTemplate.defaultRoster.field(forHeader: text) == field)
    }

    @Test func districtsAreFoundInFullShortAndStemForms() {
        #expect(DistrictList.kunming.canonical("石林县") == "石林彝族自治县")
        #expect(DistrictList.kunming.canonical("禄劝县") == "禄劝彝族苗族自治县")
        #expect(DistrictList.kunming.canonical("寻甸县") == "寻甸回族彝族自治县")
        #expect(DistrictList.kunming.canonical("五华") == "五华区")
        #expect(DistrictList.kunming.find(in: "2017年安宁市困难劳模.xlsx") == "安宁市")
        #expect(DistrictList.kunming.find(in: "roster.xlsx") == nil)
        #expect(DistrictList.kunming.find(in: "五华区与盘龙区合并.xlsx") == nil)
        #expect(DistrictList.kunming.names.count == 14)
    }

    @Test func totalsLabelsAreRecognised() {
        for s in ["合计", "合 计", "总计：", "小计", "本页合计"] { #expect(TextNormalizer.isTotalsLabel(s), "\(s)") }
        for s in ["合计金额说明文字很长的一行", "王芳"] { #expect(!TextNormalizer.isTotalsLabel(s)) }
    }

    @Test func plainDecimalReadsExactlyWhatTheGeneralParserReads() {
        // Money(decimal:)'s byte fast path must agree with its general parser wherever it
        // answers, and leave everything else to it (sign, exponent, separators, fractions of a
        // fen, too many digits).
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0000123456789..")
        var samples = ["", ".", "..", "0", "00", "5.", ".5", "007", "1500", "1500.00", "1.5000", "1.505", "1.50500",
            "123456789012345", "1234567890123456", "0000000000000000001", "99999999999999.99", "1e3", "-5", "+5"]
        for _ in 0..<5000 {
            let n = Int.random(in: 1...19, using: &rng)
            samples.append(String((0..<n).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        for s in samples {
            let general = Money.generalDecimal(s)
            #expect(Money(decimal: s) == general, "\(s)")
            if let fast = Array(s.utf8).withUnsafeBufferPointer(Money.plainDecimal) {
                #expect(general == fast, "\(s)")
            } else {
                let plain = !s.isEmpty && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 }
                    && s.utf8.filter { $0 == 46 }.count <= 1 && s != "."
                if plain { #expect(general == nil, "\(s)") }
            }
        }
    }

    @Test func amountsWithUnitsAndSeparatorsStillTakeTheFullPath() {
        #expect(FieldParsing.amount(text("1500")).money == Money(fen: 150_000))
        #expect(FieldParsing.amount(text("1500")).changes.isEmpty)
        let unit = FieldParsing.amount(text("¥1,500.50元"))
        #expect(unit.money == Money(fen: 150_050))
        #expect(Set(unit.changes.names) == ["currency-sign", "thousands-separator"])
        #expect(FieldParsing.amount(text("1.505")).money == nil)
        #expect(FieldParsing.amount(text("1.5E+3")).money == Money(fen: 150_000))
    }
}
