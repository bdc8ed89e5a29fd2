import ArgumentParser
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import RosterRun
import RosterSamples

/// `roster rmb AMOUNT`: the Chinese capital amount words (大写) of a decimal amount of yuan.
struct Rmb: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prints the capital amount words (大写金额) of an amount of yuan.",
        discussion: """
            AMOUNT is decimal yuan with at most two decimals (1053500, 1010.01, 0.5); thousands \
            separators and a leading ¥ are ignored. 整 follows 元 when there are no 角/分 and 角 \
            when there is no 分; each run of zeros inside the number is one 零; 10-19 read 壹拾…. \
            Up to 999,999,999,999.99; negative amounts are refused (exit status 1).
            """)

    @Argument(help: "The amount in yuan, e.g. 1053500 or 1010.01.")
    var amount: String

    func run() throws {
        var text = amount.trimmingWhitespace()
        text.removeAll { $0 == "," || $0 == "，" }
        if text.hasPrefix("¥") || text.hasPrefix("￥") { text.removeFirst() }
        guard let money = Money(decimal: text) else {
            FileHandleStderr.write("roster: '\(amount)' is not an amount of yuan with at most two decimals\n")
            throw ExitCode(1)
        }
        do {
            print(try RMBWords.capital(money))
        } catch {
            FileHandleStderr.write("roster: \(amount): \(error.description)\n")
            throw ExitCode(1)
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
