import Foundation
import RosterBankResults
import RosterCore
import RosterLedger

/// What `roster reconcile` is asked to do.
public struct ReconcileOptions: Sendable {
    public var results: [String]
    /// The layout of delimited result lists (`--result-template`).
    public var template: String?
    /// The batch a delimited list answers (`--batch`); else the one batch awaiting the bank.
    public var batch: String?
    /// The date of a result that carries none (`--date`).
    public var date: String?
    public init(results: [String], template: String? = nil, batch: String? = nil, date: String? = nil) {
        self.results = results
        self.template = template
        self.batch = batch
        self.date = date
    }
}

/// What one result file did.
public struct FileReconciliation: Sendable {
    public let file: String
    public let format: String
    public let date: String
    public let batches: [String]
    public let matches: [LineMatch]
    /// Set when the same file was applied before: nothing changed.
    public let appliedBefore: AppliedAnswer.Before?
    /// Changes not made because another answer changed the payment first.
    public let stale: [Int64: PaymentState]
    /// Transaction lines in the file.
    public let lines: Int
    /// Lines already in the state they report.
    public let unchanged: Int
    /// Lines the bank has not decided yet.
    public let pending: Int
    /// Lines that changed nothing and need a person to look: unmatched, ambiguous, conflicting.
    public let problems: [LineMatch]
    private let changedCount: [PaymentState: Int]

    init(
        file: String, format: String, date: String, batches: [String], matches: [LineMatch], appliedBefore: AppliedAnswer.Before?,
        stale: [Int64: PaymentState]
    ) {
        (self.file, self.format, self.date, self.batches, self.matches) = (file, format, date, batches, matches)
        (self.appliedBefore, self.stale) = (appliedBefore, stale)
        var lines = 0
        var unchanged = 0
        var pending = 0
        var problems: [LineMatch] = []
        var changed: [PaymentState: Int] = [:]
        for m in matches {
            if m.line.scope == .transaction { lines += 1 }
            switch m.verdict {
            case .unchanged: unchanged += 1
            case .pending: pending += 1
            case .unmatched, .ambiguous, .conflict: problems.append(m)
            case .change(let c): if appliedBefore == nil && stale[c.paymentId] == nil { changed[c.to, default: 0] += 1 }
            }
        }
        (self.lines, self.unchanged, self.pending, self.problems, self.changedCount) = (lines, unchanged, pending, problems, changed)
    }

    /// How many payments this file moved to `s`.
    public func changed(to s: PaymentState) -> Int { changedCount[s] ?? 0 }
}

/// Where a batch stands after the answers: payments and yuan by state.
public struct BatchStanding: Sendable, Hashable {
    public var batchId: String
    public var programmeId: String
    public var period: String
    public var created: String
    public var byState: [PaymentState: PaymentTotals]
    /// Its failed and returned payments.
    public var payments: [IssuedPayment]
}

/// Why a result file was refused as a whole.
public struct ReconcileRefusal: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason); nothing in it was applied" }
}

/// Reads bank results, matches them to the ledger's issued payments and applies them.
public enum Reconciler {
    /// Reconciles every result in order; a refused file stops nothing else (it is returned
    /// among the refusals).
    public static func run(_ o: ReconcileOptions, ledger: PaymentLedger) throws -> Reconciliation {
        let template = try o.template.map { name throws(BankResultError) in try ResultTemplate.resolve(name) }
        var files: [FileReconciliation] = []
        var refusals: [String] = []
        var touched: [String] = []
        for path in o.results {
            do {
                let preload = PaymentsPreload.guess(path: path, batch: o.batch, ledger: ledger).map {
                    PaymentsPreload(batchId: $0, ledger: ledger)
                }
                let result = try ResultFiles.read(path: path, template: template)
                let f = try reconcile(result, o, template: template, ledger: ledger, preload: preload)
                files.append(f)
                for b in f.batches where !touched.contains(b) { touched.append(b) }
            } catch let e as BankResultError {
                refusals.append(e.description)
            } catch let e as ReconcileRefusal {
                refusals.append(e.description)
            }
        }
        let batches = try touched.map { try standing($0, ledger: ledger) }
        return Reconciliation(files: files, refusals: refusals, batches: batches)
    }

    static func reconcile(
        _ result: BankResult, _ o: ReconcileOptions, template: ResultTemplate?, ledger: PaymentLedger, preload: PaymentsPreload? = nil
    ) throws -> FileReconciliation {
        func refuse(_ s: String) -> ReconcileRefusal { ReconcileRefusal(file: result.file, reason: s) }
        let isList = !(result.format.hasPrefix("pain.002") || result.format.hasPrefix("camt.054"))
        // The file's own date, when it is a real one; else --date.
        let fileDate = result.date.flatMap { SimpleDate(iso: $0) != nil ? $0 : nil }
        guard let date = fileDate ?? o.date.flatMap({ SimpleDate(iso: $0) != nil ? $0 : nil }) else {
            throw refuse(
                result.date.map { "its date \"\($0)\" is not a date; give the date the bank answered with --date YYYY-MM-DD" }
                    ?? "it carries no date; give the date the bank answered with --date YYYY-MM-DD")
        }
        // Lines by the batch they answer.
        var batchOf: [Int: String] = [:]
        if isList {
            let awaiting = try ledger.batchesAwaitingBank()
            guard let b = o.batch ?? (awaiting.count == 1 ? awaiting[0] : nil) else {
                throw refuse(
                    awaiting.isEmpty
                        ? "no batch in the ledger is awaiting the bank; give the batch it answers with --batch"
                        : "\(awaiting.count) batches await the bank (\(awaiting.joined(separator: ", "))); say which one the list answers with --batch")
            }
            for i in result.lines.indices { batchOf[i] = b }
        } else {
            // Each id is looked up once: a 100,000-line pain.002 names one message.
            var byMessage: [String: String?] = [:]
            var byGroup: [String: String?] = [:]
            func batch(message m: String) throws -> String? {
                if let known = byMessage[m] { return known }
                let b = try ledger.batchId(forMessage: m)
                byMessage[m] = b
                return b
            }
            func batch(group p: String) throws -> String? {
                if let known = byGroup[p] { return known }
                let b = try ledger.batchId(forPaymentInformation: p)
                byGroup[p] = b
                return b
            }
            for (i, l) in result.lines.enumerated() {
                if let m = l.messageId, let b = try batch(message: m) {
                    batchOf[i] = b
                } else if let p = l.paymentInformationId, let b = try batch(group: p) {
                    batchOf[i] = b
                } else if let e = l.endToEndId, let b = try ledger.batchId(forEndToEnd: e) {
                    batchOf[i] = b
                } else if let m = l.messageId, result.format.hasPrefix("pain.002") {
                    // A pain.002 answers one message: an unknown one is another ledger's. (A camt.054
                    // line about some other payment is only listed, below.)
                    throw refuse("it answers pain.001 message \(m), which no batch in this ledger issued; check the ledger and the file")
                }
            }
        }
        let batchIds = Array(Set(batchOf.values)).sorted()
        var matches: [LineMatch] = []
        for b in batchIds {
            guard let facts = try ledger.batchFacts(b) else { throw refuse("batch \(b) is not in this ledger; check --batch") }
            if facts.status == .voided { throw refuse("it answers batch \(b), which was voided; a voided batch takes no bank result") }
            // A file that says how many payments it answers must answer this batch's.
            if let n = result.declaredCount, n != facts.count {
                throw refuse("it counts \(n) payments, batch \(b) paid \(facts.count): it answers another batch; check --batch")
            }
            if let t = result.declaredTotal, t != facts.total {
                throw refuse(
                    "it totals \(t.groupedString) yuan, batch \(b) paid \(facts.total.groupedString) yuan: it answers another batch; check --batch")
            }
            if let mine = facts.payerAccount, let theirs = result.payerAccount, digits(mine) != digits(theirs) {
                throw refuse(
                    "it is about payer account \(Mask.account(theirs)), batch \(b) was paid from \(Mask.account(mine)); it is another account's result")
            }
            let lines = result.lines.indices.filter { batchOf[$0] == b }.map { result.lines[$0] }
            let part = BankResult(
                file: result.file, sha256: result.sha256, format: result.format, date: date, payerAccount: result.payerAccount, lines: lines)
            let keyer = try ledger.matchKeyer()
            let payments = try preload?.payments(of: b) ?? ledger.issuedPayments(batchId: b)
            let matcher = Matcher(payments: payments) { a, n in keyer?.keys(account: a, name: n) ?? (nil, nil) }
            matches += try matcher.match(part, lists: isList ? template?.lists : nil)
        }
        for (i, l) in result.lines.enumerated() where batchOf[i] == nil {
            matches.append(LineMatch(line: l, paymentId: nil, verdict: .unmatched("it names no batch of this ledger")))
        }
        let changes = matches.compactMap { m -> PaymentChange? in if case .change(let c) = m.verdict { c } else { nil } }
        let name = (result.file as NSString).lastPathComponent
        let applied = try ledger.apply(
            sha256: result.sha256, name: name, format: result.format, date: date, source: "\(result.format) \(name)", changes: changes)
        return FileReconciliation(
            file: result.file, format: result.format, date: date, batches: batchIds, matches: matches, appliedBefore: applied.appliedBefore,
            stale: applied.stale)
    }

    static func digits(_ s: String) -> String { s.filter { !$0.isWhitespace && $0 != "-" } }

    /// A batch's totals by state and its failed and returned payments, as the ledger holds them now.
    public static func standing(_ id: String, ledger: PaymentLedger) throws -> BatchStanding {
        let payments = try ledger.issuedPayments(batchId: id, states: [.failed, .returned])
        let byState = try ledger.stateTotals(batchId: id)
        let facts = try ledger.batchFacts(id)
        return BatchStanding(
            batchId: id, programmeId: facts?.programmeId ?? "", period: facts?.period ?? "", created: facts?.created ?? "",
            byState: byState, payments: payments)
    }
}
