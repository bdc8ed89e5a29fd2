import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct RMBWordsTests {
    /// Worked examples: amount in yuan → capital words.
    static let table: [(String, String)] = [
        ("0", "零元整"),
        ("0.01", "壹分"),
        ("0.05", "伍分"),
        ("0.10", "壹角整"),
        ("0.5", "伍角整"),
        ("0.55", "伍角伍分"),
        ("1", "壹元整"),
        ("1.05", "壹元零伍分"),
        ("1.50", "壹元伍角整"),
        ("2.34", "贰元叁角肆分"),
        ("10", "壹拾元整"),
        ("11", "壹拾壹元整"),
        ("19.9", "壹拾玖元玖角整"),
        ("20", "贰拾元整"),
        ("101", "壹佰零壹元整"),
        ("110", "壹佰壹拾元整"),
        ("1000", "壹仟元整"),
        ("1001", "壹仟零壹元整"),
        ("1010.01", "壹仟零壹拾元零壹分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("1912.57", "壹仟玖佰壹拾贰元伍角柒分"),
        ("3000", "叁仟元整"),
        ("10000", "壹万元整"),
        ("10001", "壹万零壹元整"),
        ("15000", "壹万伍仟元整"),
        ("100100", "壹拾万零壹佰元整"),
        ("105000", "壹拾万零伍仟元整"),
        ("1053500", "壹佰零伍万叁仟伍佰元整"),
        ("10001000", "壹仟万零壹仟元整"),
        ("10010000", "壹仟零壹万元整"),
        ("100000000", "壹亿元整"),
        ("100000001.10", "壹亿零壹元壹角整"),
        ("110000000", "壹亿壹仟万元整"),
        ("100010000", "壹亿零壹万元整"),
        ("1234567890.12", "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分"),
        ("100000000000", "壹仟亿元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ]

    @Test(arguments: table)
    func writesCapitalWords(amount: String, words: String) throws {
        let money = try #require(Money(decimal: amount))
        #expect(try RMBWords.capital(money) == words)
    }

    @Test func tableHasAtLeastThirtyExamples() {
        #expect(Self.table.count >= 30)
    }

    @Test func refusesNegativeAmounts() {
        #expect(throws: RMBWords.Failure.negative) { try RMBWords.capital(Money(fen: -1)) }
    }

    @Test func refusesAmountsAboveTheLimit() {
        #expect(throws: RMBWords.Failure.tooLarge) { try RMBWords.capital(Money(fen: RMBWords.maximumFen + 1)) }
    }
}
