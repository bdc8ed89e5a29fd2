import RosterBankResults
import RosterCore
import RosterLedger

/// One line of a result file matched, or not, to a payment.
public struct LineMatch: Sendable, Hashable {
    public enum Verdict: Sendable, Hashable {
        /// The payment changes state.
        case change(PaymentChange)
        /// The payment is already in that state (the same answer again, or a later one repeating it).
        case unchanged(PaymentState)
        /// The bank has not decided yet.
        case pending
        /// No issued payment matches.
        case unmatched(String)
        /// More than one payment matches: nothing is guessed.
        case ambiguous(Int)
        /// A payment matches, but the line disagrees with it or with its state.
        case conflict(String)
    }
    public var line: ResultLine
    /// The payment it matched, if any.
    public var paymentId: Int64?
    public var verdict: Verdict
}

/// Matches a result's lines to one batch's payments, never guessing: by EndToEndId, else by
/// 序号 (the amount, and the account where given, must agree), else by account + name +
/// amount when exactly one payment has them. A message or payment-group status covers the
/// payments no line names; a failure list confirms the payments it does not list.
struct Matcher {
    let payments: [IssuedPayment]
    let keys: (String?, String?) throws -> (account: [UInt8]?, name: [UInt8]?)

    func match(_ result: BankResult, lists: ResultTemplate.Lists?) throws -> [LineMatch] {
        var byEndToEnd: [String: Int] = [:]
        var bySequence: [Int: Int] = [:]
        for (i, p) in payments.enumerated() {
            if let e = p.endToEndId { byEndToEnd[e] = i }
            if let s = p.sequence { bySequence[s] = i }
        }
        // First where each line points; a payment two lines name takes neither (the bank
        // contradicted itself, or repeated itself: a person looks).
        var found: [(line: ResultLine, at: Found)] = []
        var covering: [ResultLine] = []
        var times: [Int: Int] = [:]
        for line in result.lines {
            guard line.scope == .transaction else {
                covering.append(line)
                continue
            }
            let f = try find(line, byEndToEnd: byEndToEnd, bySequence: bySequence)
            switch f {
            case .at(let i), .clash(let i, _): times[i, default: 0] += 1
            case .not: break
            }
            found.append((line, f))
        }
        var named = Set(times.keys)
        var out: [LineMatch] = []
        var problems = 0
        for (line, f) in found {
            switch f {
            case .not(let m):
                problems += 1
                out.append(LineMatch(line: line, paymentId: nil, verdict: m))
            case .clash(let i, let why):
                problems += 1
                out.append(LineMatch(line: line, paymentId: payments[i].id, verdict: .conflict(why)))
            case .at(let i) where times[i]! > 1:
                problems += 1
                out.append(LineMatch(line: line, paymentId: payments[i].id, verdict: .conflict("the file names this payment \(times[i]!) times; none of its lines is applied")))
            case .at(let i):
                out.append(LineMatch(line: line, paymentId: payments[i].id, verdict: verdict(line, payments[i])))
            }
        }
        // Statuses for the payments no line names: a group's, or what a one-sided list implies.
        var implied: [ResultLine] = covering
        switch lists {
        case .failures?: implied.append(ResultLine(position: "not in the failure list", scope: .message, outcome: .confirmed))
        case .successes?:
            implied.append(ResultLine(position: "not in the success list", scope: .message, outcome: .failed, text: "未列入银行成功清单"))
        default: break
        }
        guard !implied.isEmpty else { return out }
        // They are applied only when every line matched one payment, and the file counts the
        // batch's payments: else a line that matched nothing could hide a payment they would cover.
        let live = payments.count
        if problems > 0 || (result.declaredCount.map { $0 != live } ?? false) {
            let why =
                problems > 0
                ? "\(problems) lines need a look, so the status of the payments the file does not list is not applied"
                : "the file counts \(result.declaredCount!) payments, the batch has \(live), so the status of the payments it does not list is not applied"
            out.append(LineMatch(line: implied[0], paymentId: nil, verdict: .conflict(why)))
            return out
        }
        for line in implied.sorted(by: { rank($0.scope) < rank($1.scope) }) {
            for (i, p) in payments.enumerated() where !named.contains(i) && p.state != .voided {
                named.insert(i)
                out.append(LineMatch(line: line, paymentId: p.id, verdict: verdict(line, p)))
            }
        }
        return out
    }

    private func rank(_ s: ResultLine.Scope) -> Int { s == .paymentInformation ? 0 : 1 }

    private enum Found {
        case at(Int)
        /// A payment matches, but the line disagrees with it.
        case clash(Int, String)
        case not(LineMatch.Verdict)
    }

    private func find(
        _ line: ResultLine, byEndToEnd: [String: Int], bySequence: [Int: Int]
    ) throws -> Found {
        if let e = line.endToEndId {
            guard let i = byEndToEnd[e] else { return .not(.unmatched("no payment of the batch has EndToEndId \(e)")) }
            if let a = line.amount, a != payments[i].amount {
                return .clash(i, "EndToEndId \(e) was issued for \(payments[i].amount.decimalString) yuan, the line says \(a.decimalString)")
            }
            return .at(i)
        }
        if let s = line.sequence {
            guard let i = bySequence[s] else { return .not(.unmatched("the batch has no payment 序号 \(s)")) }
            let p = payments[i]
            if let a = line.amount, a != p.amount {
                return .clash(i, "序号 \(s) was issued for \(p.amount.decimalString) yuan, the line says \(a.decimalString)")
            }
            if let account = line.account, let stored = p.accountKey, try keys(account, nil).account != stored {
                return .clash(i, "序号 \(s) was issued to account \(p.maskedAccount ?? "?"), the line names \(Mask.account(account))")
            }
            return .at(i)
        }
        guard let account = line.account, let amount = line.amount else {
            return .not(.unmatched("the line names no EndToEndId, no 序号, and not both an account and an amount"))
        }
        let k = try keys(account, line.name)
        let candidates = payments.indices.filter { i in
            payments[i].accountKey == k.account && payments[i].amount == amount && (k.name == nil || payments[i].nameKey == nil || payments[i].nameKey == k.name)
        }
        if candidates.count > 1 { return .not(.ambiguous(candidates.count)) }
        guard let i = candidates.first else {
            return .not(.unmatched("no payment of the batch went to account \(Mask.account(account)) for \(amount.decimalString) yuan"))
        }
        return .at(i)
    }

    private func verdict(_ line: ResultLine, _ p: IssuedPayment) -> LineMatch.Verdict {
        let target: PaymentState
        switch line.outcome {
        case .pending: return .pending
        case .confirmed: target = .confirmed
        case .failed: target = .failed
        case .returned: target = .returned
        }
        if p.state == target { return .unchanged(target) }
        guard p.state.accepts(target) else {
            return .conflict("the payment is \(p.state.rawValue); the bank now says \(target.rawValue)")
        }
        return .change(PaymentChange(payment: p, to: target, code: line.code, reason: line.explanation))
    }
}
