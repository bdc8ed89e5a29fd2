import Testing
@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct MoneyTests {
    @Test(arguments: [
        ("1912.57", 191_257), ("3000", 300_000), ("0.07", 7), ("-5.5", -550), ("+12", 1200),
        ("1912.570", 191_257), ("1.5E+3", 150_000), ("1.91257E3", 191_257), (".5", 50), ("7.", 700),
    ] as [(String, Int64)])
    func parsesDecimalYuanIntoFen(text: String, fen: Int64) {
        #expect(Money(decimal: text)?.fen == fen)
    }

    @Test(arguments: ["", "-", ".", "1.234", "1,000", "abc", "1.2.3", "1e", "１００", "1E+30"])
    func refusesWhatIsNotAPlainAmount(text: String) {
        #expect(Money(decimal: text) == nil)
    }

    @Test func formatsWithTwoDecimals() {
        #expect(Money(fen: 191_257).decimalString == "1912.57")
        #expect(Money(fen: -50).decimalString == "-0.50")
        #expect(Money(fen: 105_350_000).groupedString == "1,053,500.00")
        #expect(Money(fen: 5).groupedString == "0.05")
    }
}
