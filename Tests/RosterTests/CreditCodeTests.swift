import Testing

@testable import RosterCore

/// The unified social credit code (GB 32100-2015), corporate accounts and CNAPS bank codes.
/// Check characters below were computed independently (Python) before being written here.
@Suite struct CreditCodeTests {
    /// Publicly known codes whose check character verifies; the last two registered at
    /// national level (region 100000).
    static let knownValid = [
        "91350100M000100Y43", "91110000101623741K", "911101066976941872", "91110108551385082Q",
        "914403001922038216", "12100000400010398P", "53100000500021676K",
    ]

    @Test(arguments: knownValid) func knownCodesAreValid(code: String) {
        #expect(CreditCode.check(code) == nil)
        #expect(CreditCode.isValid(code))
    }

    @Test func checkCharacterMatchesTheIndependentComputation() {
        let oracle: [(String, Character)] = [
            ("91110105MA01ABCD1", "3"), ("51110108500001234", "6"), ("Y1110105MA01ABCD2", "G"),
            ("N2330102MA2G12345", "9"), ("12110000400010391", "6"), ("92440300666666666", "5"),
            ("54330102MA2H12345", "7"), ("31110000400000000", "2"), ("9132010070000000X", "E"),
            // Remainder 0 gives "0", remainder 1 gives "Y" (GB 32100's two edge cases).
            ("91110105MA01ABCD0", "0"), ("91110105MA01ABCDA", "Y"),
        ]
        for (body, expected) in oracle {
            #expect(CreditCode.checkCharacter(for: body) == expected, "\(body)")
            #expect(CreditCode.isValid(body + String(expected)), "\(body)")
        }
        #expect(CreditCode.checkCharacter(for: "91110105MA01ABCD") == nil)
        #expect(CreditCode.checkCharacter(for: "91110105MA01ABCDI") == nil)
        #expect(CreditCode.checkCharacter(for: "91110105ma01abcd1") == nil)
    }

    @Test func wrongLengthGivesTheCount() {
        #expect(CreditCode.check("91350100M000100Y4") == .length(17))
        #expect(CreditCode.check("91350100M000100Y433") == .length(19))
        #expect(CreditCode.check("") == .length(0))
        let p = CreditCode.check("91350100M000100Y4")!
        #expect(p.message == "统一社会信用代码应为18位，所填为17位，请按营业执照或登记证书核对")
        #expect(p.code == "org.uscc-format")
        #expect(p.position == nil)
    }

    @Test func characterOutsideTheSetIsNamedWithItsPosition() {
        let p = CreditCode.check("91350100M00O100Y43")!
        #expect(p == .character(position: 12, character: "O"))
        #expect(p.message.contains("第12位"))
        #expect(p.message.contains("“O”"))
        #expect(p.message.contains("不使用字母I、O、Z、S、V"))
        #expect(p.code == "org.uscc-format")
        #expect(CreditCode.check("91350100M000100Y4S") == .character(position: 18, character: "S"))
    }

    @Test func fullWidthAndSpacesAreNamed() {
        let wide = CreditCode.check("９1350100M000100Y43")!
        #expect(wide == .character(position: 1, character: "９"))
        #expect(wide.message.contains("第1位") && wide.message.contains("全角"))
        let space = CreditCode.check("91350100 000100Y43")!
        #expect(space == .character(position: 9, character: " "))
        #expect(space.message.contains("第9位为空格"))
    }

    @Test func lowercaseIsRefusedNeverFixed() {
        let p = CreditCode.check("91350100m000100Y43")!
        #expect(p == .lowercase(position: 9, character: "m"))
        #expect(p.message.contains("第9位") && p.message.contains("大写"))
        #expect(p.code == "org.uscc-format")
        #expect(!CreditCode.isValid("91110000101623741k"))
        #expect(CreditCode.check("91110000101623741k") == .lowercase(position: 18, character: "k"))
        // A lowercase letter whose capital the code does not use is simply outside the set.
        #expect(CreditCode.check("91350100i000100Y43") == .character(position: 9, character: "i"))
    }

    @Test func registrationAuthorityAtPositionOne() {
        let p = CreditCode.check("B1350100M000100Y43")!
        #expect(p == .authority("B"))
        #expect(p.position == 1)
        #expect(p.message.contains("第1位") && p.message.contains("登记管理部门"))
        #expect(CreditCode.check("01350100M000100Y43") == .authority("0"))
    }

    @Test func typeMustBelongToItsAuthority() {
        let p = CreditCode.check("94350100M000100Y43")!
        #expect(p == .type(authority: "9", type: "4"))
        #expect(p.position == 2)
        #expect(p.message.contains("第2位") && p.message.contains("机构类别"))
        #expect(CreditCode.check("Y2350100M000100Y43") == .type(authority: "Y", type: "2"))
        #expect(CreditCode.check("8235010000000000X0") == .type(authority: "8", type: "2"))
    }

    @Test func everyListedAuthorityAndTypeIsAccepted() {
        let authorities: Set<Character> = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "N", "Y"]
        #expect(Set(CreditCode.typeCodes.keys) == authorities)
        #expect(CreditCode.typeCodes["9"] == ["1", "2", "3"])
        #expect(CreditCode.typeCodes["Y"] == ["1"])
        for (a, types) in CreditCode.typeCodes {
            for t in types {
                let body = "\(a)\(t)330102MA2G12345"
                let code = body + String(CreditCode.checkCharacter(for: body)!)
                #expect(CreditCode.check(code) == nil, "\(code)")
            }
        }
    }

    @Test func regionMustBeDigitsWithAProvince() {
        let letter = CreditCode.check("9135A100M000100Y43")!
        #expect(letter == .regionCharacter(position: 5, character: "A"))
        #expect(letter.message.contains("第5位") && letter.message.contains("第3至8位"))
        let province = CreditCode.check("91990100M000100Y43")!
        #expect(province == .province(region: "990100"))
        #expect(province.position == 3)
        #expect(province.message.contains("第3至8位") && province.message.contains("990100"))
    }

    @Test func regionTableIsConsultedWhenGiven() {
        let table = RegionTable(codes: ["350100", "110000", "440300"])
        #expect(CreditCode.check("91350100M000100Y43", regions: table) == nil)
        #expect(CreditCode.check("914403001922038216", regions: table) == nil)
        let p = CreditCode.check("911101066976941872", regions: table)!
        #expect(p == .region("110106"))
        #expect(p.code == "org.uscc-format")
        #expect(p.message.contains("第3至8位") && p.message.contains("110106") && p.message.contains("行政区划代码表"))
        // National registrations (100000) are not in GB/T 2260 and stay valid.
        #expect(CreditCode.check("12100000400010398P", regions: table) == nil)
        #expect(!CreditCode.isValid("911101066976941872", regions: table))
    }

    @Test func checksumNamesPositionEighteenButNeverTheExpectedCharacter() {
        // The right check character is "Y" for both (computed independently).
        for wrong in ["91110105MA01ABCDA3", "911100001000024782"] {
            let p = CreditCode.check(wrong)!
            #expect(p == .checksum)
            #expect(p.code == "org.uscc-checksum")
            #expect(p.position == 18)
            #expect(p.message.contains("第18位"))
            #expect(!p.message.contains("Y"))
            #expect(!p.message.contains("应为") && !p.message.contains("应是") && !p.message.contains("正确"))
            #expect(!p.description.contains("'Y'"))
        }
    }

    @Test func everyChangedCharacterInTheBodyOrCheckIsCaught() {
        var rng = SeededRNG(seed: 32100)
        let provinces = IdentityNumber.provinceCodes.sorted()
        let set = CreditCode.characterSet
        let checksumMessage = CreditCode.Problem.checksum.message
        for _ in 0..<500 {
            var body = "91" + provinces.randomElement(using: &rng)! + "0102"
            for _ in 0..<9 { body.append(set.randomElement(using: &rng)!) }
            let code = body + String(CreditCode.checkCharacter(for: body)!)
            #expect(CreditCode.isValid(code))
            // GB 32100's weights are all non-zero mod 31, so one substitution in 9-18 is caught.
            var chars = Array(code)
            let pos = Int.random(in: 8..<18, using: &rng)
            chars[pos] = set.filter { $0 != chars[pos] }.randomElement(using: &rng)!
            let p = CreditCode.check(String(chars))
            #expect(p == .checksum, "\(code) changed at \(pos + 1)")
            #expect(p?.message == checksumMessage)
        }
    }

    @Test func everyMessageNamesItsPosition() {
        let problems: [CreditCode.Problem] = [
            .lowercase(position: 4, character: "a"), .character(position: 7, character: "O"), .authority("B"),
            .type(authority: "9", type: "5"), .regionCharacter(position: 6, character: "A"), .province(region: "990000"),
            .region("110199"), .checksum,
        ]
        for p in problems {
            let position = p.position!
            let named = position == 3 ? "第3至8位" : "第\(position)位"
            #expect(p.message.contains(named), "\(p)")
            #expect(p.code == (p == .checksum ? "org.uscc-checksum" : "org.uscc-format"))
        }
    }

    @Suite struct Accounts {
        @Test func digitsWithSpacesOfAnyLengthFrom8To32AreValid() {
            #expect(CorporateAccount.check("1234 5678 9012 3456 789") == nil)
            #expect(CorporateAccount.check("12345678") == nil)
            #expect(CorporateAccount.check(String(repeating: "9", count: 32)) == nil)
            #expect(CorporateAccount.digits("3100 1234 5678") == "310012345678")
        }

        @Test func noLuhnCheckIsApplied() {
            #expect(!BankAccount.passesLuhn("12345678901"))
            #expect(CorporateAccount.check("12345678901") == nil)
        }

        @Test func lengthIsCountedWithoutSpaces() {
            let short = CorporateAccount.check("1234 567")!
            #expect(short == .length(7))
            #expect(short.message == "对公账号应为8至32位数字，去掉空格后为7位，请按开户许可证或银行回单核对")
            #expect(short.code == "org.account-format")
            #expect(CorporateAccount.check(String(repeating: "1", count: 33)) == .length(33))
            #expect(CorporateAccount.check("") == .length(0))
            #expect(CorporateAccount.check("   ") == .length(0))
        }

        @Test func firstBadCharacterIsNamedAtItsPositionAsWritten() {
            let hyphen = CorporateAccount.check("1234-5678-9012")!
            #expect(hyphen == .character(position: 5, character: "-"))
            #expect(hyphen.message.contains("第5位") && hyphen.message.contains("“-”"))
            #expect(hyphen.code == "org.account-format")
            #expect(CorporateAccount.check("1234 567X 9012") == .character(position: 9, character: "X"))
            let wide = CorporateAccount.check("１２345678")!
            #expect(wide == .character(position: 1, character: "１"))
            #expect(wide.message.contains("全角"))
            #expect(CorporateAccount.digits("1234-5678") == nil)
        }
    }

    @Suite struct BankCodes {
        @Test func twelveDigitsAreValid() {
            #expect(BankCode.check("102100099996") == nil)
            #expect(BankCode.check("313290000017") == nil)
        }

        @Test func wrongLengthGivesTheCount() {
            let p = BankCode.check("10210009999")!
            #expect(p == .length(11))
            #expect(p.message == "联行号应为12位数字，所填为11位，请向开户银行核对")
            #expect(p.code == "org.bank-code")
            #expect(BankCode.check("1021000999961") == .length(13))
            #expect(BankCode.check("") == .length(0))
        }

        @Test func nonDigitIsNamedAtItsPosition() {
            let p = BankCode.check("10210009999A")!
            #expect(p == .character(position: 12, character: "A"))
            #expect(p.message.contains("第12位") && p.message.contains("“A”"))
            #expect(p.code == "org.bank-code")
            #expect(BankCode.check("1021 00099996") == .character(position: 5, character: " "))
        }
    }
}
