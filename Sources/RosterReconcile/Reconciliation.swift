import Foundation
import RosterBankResults
import RosterCore
import RosterLedger
import RosterOutputs
import Spreadsheet

/// What a `roster reconcile` did: each file, the files refused, and where the batches it
/// touched stand now; as text for the terminal, JSON, and workbooks.
public struct Reconciliation: Sendable {
    public var files: [FileReconciliation]
    public var refusals: [String]
    public var batches: [BatchStanding]

    /// The latest date among the results (the workbooks' date; never the clock).
    public var date: String { files.map(\.date).max() ?? batches.map(\.created).max() ?? "1970-01-01" }

    static let states: [PaymentState] = [.confirmed, .failed, .returned]

    /// One screen for the terminal (masked identities only).
    public func text() -> String {
        var out = ""
        for f in files {
            let name = (f.file as NSString).lastPathComponent
            if let before = f.appliedBefore {
                out += "\(name): already applied on \(before.date) (as \(before.name)); nothing changed\n"
                continue
            }
            out += "\(name) (\(f.format), \(f.date), batch \(f.batches.joined(separator: ", "))): \(f.lines) lines; "
            out += Self.states.map { "\($0.rawValue) \(f.changed(to: $0))" }.joined(separator: ", ")
            out += "; unchanged \(f.unchanged); awaiting the bank \(f.pending); need a look \(f.problems.count)\n"
            for p in f.problems.prefix(10) { out += "  \(p.line.position): \(Self.describe(p.verdict))\n" }
            if f.problems.count > 10 { out += "  … and \(f.problems.count - 10) more (see the workbook with --out)\n" }
            if !f.stale.isEmpty { out += "  \(f.stale.count) payments were changed by another answer meanwhile; left as they are\n" }
        }
        for r in refusals { out += "refused: \(r)\n" }
        for b in batches {
            func t(_ s: PaymentState) -> String {
                let v = b.byState[s] ?? PaymentTotals()
                return "\(v.count) (\(v.amount.groupedString))"
            }
            out += "batch \(b.batchId): awaiting the bank \(t(.issued)); confirmed \(t(.confirmed)); failed \(t(.failed)); returned \(t(.returned))"
            if let v = b.byState[.voided], v.count > 0 { out += "; voided \(v.count)" }
            out += " yuan\n"
        }
        let failures = failureRows()
        if !failures.isEmpty {
            var byDistrict: [String: PaymentTotals] = [:]
            for f in failures { byDistrict[f.district, default: PaymentTotals()].add(f.amount) }
            out += "to pay again (failed or returned): "
            out += byDistrict.keys.sorted().map { "\($0) \(byDistrict[$0]!.count) (\(byDistrict[$0]!.amount.groupedString))" }.joined(separator: ", ")
            out += "\n"
        }
        return out
    }

    static func describe(_ v: LineMatch.Verdict) -> String {
        switch v {
        case .unmatched(let why): return "matches no issued payment: \(why)"
        case .ambiguous(let n): return "matches \(n) payments; nothing guessed"
        case .conflict(let why): return why
        case .pending: return "the bank has not decided yet"
        case .unchanged(let s): return "already \(s.rawValue)"
        case .change(let c): return "\(c.from.rawValue) → \(c.to.rawValue)"
        }
    }

    /// The failed and returned payments of the batches touched, by district.
    func failureRows() -> [ReconciliationReport.Failure] {
        var names: [Int64: String] = [:]
        var reasons: [Int64: String] = [:]
        for f in files {
            for m in f.matches {
                guard let id = m.paymentId else { continue }
                if let n = m.line.name { names[id] = n }
                if case .change(let c) = m.verdict, let r = c.reason { reasons[id] = r }
            }
        }
        var out: [ReconciliationReport.Failure] = []
        for b in batches {
            for p in b.payments where p.state == .failed || p.state == .returned {  // (standing holds only these)
                out.append(
                    ReconciliationReport.Failure(
                        district: p.district, batchId: b.batchId, sequence: p.sequence, maskedId: p.maskedId, name: names[p.id],
                        maskedAccount: p.maskedAccount, amount: p.amount, state: p.state.chinese, date: p.stateDate ?? date,
                        reason: p.stateReason ?? reasons[p.id] ?? ""))
            }
        }
        return out
    }

    /// The data of the reconciliation workbooks.
    public func report() -> ReconciliationReport {
        let batchRows = batches.map { b in
            let all = b.byState.values.reduce(PaymentTotals(), +)
            func t(_ s: PaymentState) -> PaymentTotals { b.byState[s] ?? PaymentTotals() }
            return ReconciliationReport.Batch(
                id: b.batchId, programme: b.programmeId, period: b.period, date: b.created, issued: all, confirmed: t(.confirmed),
                failed: t(.failed), returned: t(.returned), pending: t(.issued), voided: t(.voided))
        }
        let fileRows = files.map { f in
            ReconciliationReport.File(
                name: (f.file as NSString).lastPathComponent, format: f.format, date: f.date, lines: f.lines,
                confirmed: f.changed(to: .confirmed), failed: f.changed(to: .failed), returned: f.changed(to: .returned),
                unchanged: f.unchanged, problems: f.problems.count,
                note: f.appliedBefore.map { "已于 \($0.date) 导入过（\($0.name)），本次未做任何更改" } ?? "")
        }
        let problems = files.flatMap { f in
            f.problems.map { ReconciliationReport.Problem(file: (f.file as NSString).lastPathComponent, position: $0.line.position, what: Self.describe($0.verdict)) }
        }
        return ReconciliationReport(
            date: SimpleDate(iso: date) ?? SimpleDate(year: 1970, month: 1, day: 1), batches: batchRows, files: fileRows, problems: problems,
            failures: failureRows())
    }

    /// Writes the reconciliation workbook and one failure workbook per district into `out`
    /// (created when missing; the workbooks are replaced).
    public func writeWorkbooks(to out: String) throws(SpreadsheetError) -> [String] {
        let r = report()
        try Folders.create(out)
        var written = [out + "/" + ReconciliationWorkbook.fileName]
        try ReconciliationWorkbook.write(to: written[0], report: r, overwrite: true)
        let byDistrict = Dictionary(grouping: r.failures, by: \.district)
        if !byDistrict.isEmpty { try Folders.create(out + "/failures") }
        for d in byDistrict.keys.sorted() {
            let path = out + "/failures/" + FailureWorkbook.fileName(for: d)
            try FailureWorkbook.write(to: path, district: d, failures: byDistrict[d]!, date: r.date, overwrite: true)
            written.append(path)
        }
        return written
    }

    /// The JSON the CLI prints with `--format json` (amounts as decimal strings).
    public func json() -> JSONValue {
        return .object([
            (
                "files",
                .array(
                    files.map { f in
                        .object([
                            ("file", .string(f.file)), ("format", .string(f.format)), ("date", .string(f.date)),
                            ("batches", .array(f.batches.map { .string($0) })), ("lines", .int(f.lines)),
                            ("appliedBefore", f.appliedBefore.map { .string($0.date) } ?? .null),
                            ("confirmed", .int(f.changed(to: .confirmed))), ("failed", .int(f.changed(to: .failed))),
                            ("returned", .int(f.changed(to: .returned))), ("unchanged", .int(f.unchanged)), ("pending", .int(f.pending)),
                            ("stale", .int(f.stale.count)),
                            (
                                "problems",
                                .array(f.problems.map { .object([("position", .string($0.line.position)), ("what", .string(Self.describe($0.verdict)))]) })
                            ),
                        ])
                    })
            ),
            ("refused", .array(refusals.map { .string($0) })),
            (
                "batches",
                .array(
                    batches.map { b in
                        .object(
                            [("batch", .string(b.batchId))]
                                + [PaymentState.issued, .confirmed, .failed, .returned, .voided].map { s in
                                    (s == .issued ? "pending" : s.rawValue, (b.byState[s] ?? PaymentTotals()).json)
                                })
                    })
            ),
        ])
    }
}
