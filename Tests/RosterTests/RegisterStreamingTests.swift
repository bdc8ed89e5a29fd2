import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// The register is built while its rows stream past (`Registry.load(path:)`), and the byte-level
/// identity helpers that replaced `Character` work must answer as the definitions do.
@Suite struct RegisterStreamingTests {
    static func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-register-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("register.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let header = "姓名,性别,身份证号码,荣誉称号,获得荣誉年份,荣誉状态,工作单位\n"

    @Test func streamedLoadMatchesLoadingTheLocatedFile() throws {
        let a = T.id(birth: "19650315", seq: "123")
        let b = T.id(birth: "19700101", seq: "456")
        let path = try Self.write(
            "昆明市劳动模范名册\n" + Self.header
                + "张三,男,\(a),市级劳动模范,2001,保持荣誉,昆明钢铁集团有限责任公司第一炼钢厂\n"
                + "李四,女,\(b),全国劳动模范,1999,已故,云南白药集团\n"
                + "王五,男,\(a),省劳模,2005,保持荣誉,重复的一行\n"
                + "赵六,男,12345,市劳模,2003,保持荣誉,号码不对\n")
        let streamed = try Registry.load(path: path)
        let whole = try Registry.load(file: try RosterLocator(template: .defaultRegistry).read(path: path))
        #expect(streamed.entries == whole.entries)
        #expect(streamed.problems == whole.problems)
        #expect(streamed.entries.count == 2)
        // The first row of a number listed twice is kept; the second is reported (masked).
        #expect(streamed[a]?.name == "张三")
        #expect(streamed[a]?.honour == .municipal)
        #expect(streamed[b]?.status == .deceased)
        #expect(streamed.problems.count == 2)
        #expect(streamed.problems.contains { $0.contains("row 5") && $0.contains("listed twice") && !$0.contains(a) })
        #expect(streamed.problems.contains { $0.contains("row 6") && $0.contains("invalid ID") })
    }

    @Test func aRegisterWithoutARequiredColumnIsRefusedWithOrWithoutRows() throws {
        let noStatus = "姓名,性别,身份证号码,荣誉称号,获得荣誉年份,工作单位\n"
        for body in ["", "张三,男,\(T.id(birth: "19650315", seq: "123")),市级劳动模范,2001,某单位\n"] {
            let path = try Self.write(noStatus + body)
            #expect {
                try Registry.load(path: path)
            } throws: { e in
                guard case .config(let c) = e as? RosterError else { return false }
                return c.description.contains("荣誉名册缺少列")
            }
        }
    }

    @Test func anEmptyRegisterWithAHeaderLoadsEmpty() throws {
        let reg = try Registry.load(path: try Self.write(Self.header))
        #expect(reg.entries.isEmpty)
        #expect(reg.problems.isEmpty)
    }

    @Test func provinceCodeOnTheBytesAgreesWithTheSet() {
        for n in 0..<100 {
            let two = n < 10 ? "0\(n)" : "\(n)"
            #expect(IdentityNumber.hasProvinceCode(two + "0102196503151234") == IdentityNumber.provinceCodes.contains(two))
        }
        #expect(!IdentityNumber.hasProvinceCode(""))
        #expect(!IdentityNumber.hasProvinceCode("5"))
        #expect(!IdentityNumber.hasProvinceCode("５３0102196503151234"))  // full-width digits are not codes
    }

    @Test func birthDateOnTheBytesReadsDigitsSevenToFourteen() {
        #expect(IdentityNumber.birthDate("53010219650315123X") == SimpleDate(year: 1965, month: 3, day: 15))
        #expect(IdentityNumber.birthDate("530102196513451234") == SimpleDate(year: 1965, month: 13, day: 45))
        #expect(IdentityNumber.birthDate("5301021965031512") == nil)
        #expect(IdentityNumber.birthDate("530102196a03151234") == nil)
    }

    @Test func checksumOnTheBytesRefusesWrongLengthsAndCharacters() {
        #expect(IdentityNumber.hasValidChecksum("11010519491231002X"))
        #expect(!IdentityNumber.hasValidChecksum("11010519491231002x"))
        #expect(!IdentityNumber.hasValidChecksum("11010519491231002"))
        #expect(!IdentityNumber.hasValidChecksum("11010519491231002X0"))
        #expect(!IdentityNumber.hasValidChecksum("1101051949123100２X"))
    }

    @Test func utf8KeysAreEqualExactlyWhenTheBytesAre() {
        #expect(UTF8Key("五华区") == UTF8Key("五华区"))
        #expect(UTF8Key("五华区").hashValue == UTF8Key("五华区").hashValue)
        #expect(UTF8Key("五华区") != UTF8Key("盘龙区"))
        // Canonically equal, stored differently: different keys (harmless for caches).
        #expect(UTF8Key("e\u{301}") != UTF8Key("\u{E9}"))
    }
}
