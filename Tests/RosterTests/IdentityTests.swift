import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct IdentityNumberTests {
    @Test func knownNumberHasValidChecksum() {
        // The standard's worked example.
        #expect(IdentityNumber.hasValidChecksum("11010519491231002X"))
        #expect(!IdentityNumber.hasValidChecksum("110105194912310021"))
    }

    @Test func everyGeneratedValidNumberPassesAndEverySingleDigitCorruptionFails() {
        var rng = SeededRNG(seed: 2017)
        let provinces = IdentityNumber.provinceCodes.sorted()
        for _ in 0..<2000 {
            var body = provinces.randomElement(using: &rng)!
            for _ in 0..<15 { body += String(Int.random(in: 0...9, using: &rng)) }
            let id = body + String(IdentityNumber.checkCharacter(body: body)!)
            #expect(IdentityNumber.hasValidChecksum(id))
            // Change one of the 17 digits: GB 11643's weights catch every single substitution.
            let pos = Int.random(in: 0..<17, using: &rng)
            var chars = Array(id)
            let old = chars[pos].wholeNumberValue!
            chars[pos] = Character(String((old + Int.random(in: 1...9, using: &rng)) % 10))
            #expect(!IdentityNumber.hasValidChecksum(String(chars)), "\(id) corrupted at \(pos)")
            // Swap two different adjacent digits: also caught.
            let p = Int.random(in: 0..<16, using: &rng)
            var swapped = Array(id)
            if swapped[p] != swapped[p + 1] {
                swapped.swapAt(p, p + 1)
                #expect(!IdentityNumber.hasValidChecksum(String(swapped)))
            }
        }
    }

    @Test func legacyNumberIsUpgradedWithNineteenAndACheckCharacter() {
        let up = IdentityNumber.upgradeLegacy("530102650315123")
        #expect(up == T.id(birth: "19650315", seq: "123"))
        #expect(IdentityNumber.upgradeLegacy("53010265031512") == nil)
    }

    @Test func birthDateAndSexComeFromTheNumber() {
        let id = T.id(birth: "19650315", seq: "123")
        #expect(IdentityNumber.birthDate(id) == SimpleDate(year: 1965, month: 3, day: 15))
        #expect(IdentityNumber.isMale(id) == true)
        #expect(IdentityNumber.isMale(T.id(seq: "124")) == false)
    }

    @Test func agesCountWholeYearsOnTheReferenceDate() {
        let b = SimpleDate(year: 2001, month: 9, day: 21)
        #expect(b.age(on: SimpleDate(year: 2017, month: 9, day: 20)) == 15)
        #expect(b.age(on: SimpleDate(year: 2017, month: 9, day: 21)) == 16)
        #expect(!SimpleDate(year: 1900, month: 2, day: 29).isValid)
        #expect(SimpleDate(year: 2000, month: 2, day: 29).isValid)
    }

    @Test func luhnAcceptsValidCardsAndRejectsATypo() {
        #expect(BankAccount.passesLuhn("4111111111111111"))
        #expect(!BankAccount.passesLuhn("4111111111111112"))
        #expect(BankAccount.passesLuhn(T.card(3)))
    }

    @Test func masksKeepOnlyTheEnds() {
        #expect(Mask.identity("53010219650315123X") == "530102********123X")
        #expect(Mask.account("6222021234567890123") == "6222***********0123")
        #expect(Mask.name("欧阳修") == "欧**")
        #expect(Mask.phone("13888881234") == "138****1234")
    }

    @Test func areaCodeTableReadsTheSharedGBT2260File() throws {
        let path = T.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/gbt2260-areacodes.csv").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipping: \(path) is absent")
            return
        }
        let t = try RegionTable(path: path)
        #expect(t.contains("530102"))
        #expect(t.contains("110103"))  // retired (崇文区) but valid in identity numbers
        #expect(!t.contains("530199"))
    }
}

import Foundation
