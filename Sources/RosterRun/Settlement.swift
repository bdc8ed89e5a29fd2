import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs

/// Who is paid, what is returned and why, whether the budget holds, and the batch that pays:
/// the one tally every output and the ledger are made from.
struct Settlement {
    /// The payees and their totals.
    let tally: PaymentTally
    /// Rows and yuan returned (yuan of the rows whose amount could be read).
    let returned: PaymentTotals
    /// Returned rows by their first error code, most frequent first.
    let returnedByReason: [(code: FindingCode, count: Int)]
    /// Rows paid with a warning.
    let warnings: Int
    /// Data rows read.
    let rows: Int

    var paid: PaymentTotals { tally.total }

    init(_ checks: [FileCheck], _ c: RunConfiguration) {
        tally = PaymentTally(checks, program: c.program, districts: c.districts)
        var returned = PaymentTotals()
        var reasons: [FindingCode: Int] = [:]
        var warnings = 0
        var rows = 0
        for check in checks {
            rows += check.rowCount
            let fileCode = check.blockingFindings.first?.code
            let blocked = check.blocked
            let all = check.rows
            for i in all.indices {
                if !check.isPaid(i, blocked: blocked) {
                    returned.add(all[i].amount ?? .zero)
                    if let code = all[i].findings.first(where: { $0.severity == .error })?.code ?? fileCode {
                        reasons[code, default: 0] += 1
                    }
                } else if all[i].findings.contains(where: { $0.severity == .warning }) {
                    warnings += 1
                }
            }
        }
        self.returned = returned
        self.warnings = warnings
        self.rows = rows
        returnedByReason = reasons.map { (code: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code.rawValue < $1.code.rawValue }
    }

    /// Refuses a batch over the programme's budget (exit 3, nothing written).
    func checkBudget(_ c: RunConfiguration) throws(RunError) {
        let budget = c.program.budget
        guard paid.amount > budget else { return }
        throw RunError(
            .reconciliation,
            "the rows to pay total \(paid.amount.groupedString) yuan (\(paid.count) people), over the budget of \(budget.groupedString) yuan in \(c.options.program) by \((paid.amount - budget).groupedString) yuan; nothing was written. Raise the budget in the programme or reduce the rosters")
    }

    /// The batch as the ledger records it: its id depends on what is paid, not on the clock
    /// (`-2`, `-3`… when an earlier batch with the same content was voided).
    func ledgerBatch(_ c: RunConfiguration) throws(RunError) -> LedgerBatch {
        let payments = tally.disbursements.map { LedgerPayment(idNumber: $0.idNumber, amount: $0.amount, district: $0.district) }
        var batch = LedgerBatch(programmeId: c.program.id, period: c.program.period, created: c.runDate.description, payments: payments)
        do {
            // A new ledger holds no batch yet: the content id the batch was made with is free.
            if let existing = c.existingLedger { batch.id = try existing.availableBatchId(for: batch) }
        } catch {
            throw RunError(.ledger, "\(error)")
        }
        return batch
    }

    /// The batch as the bank files carry it: the payees in the finance workbook's order.
    func bankBatch(_ c: RunConfiguration) -> PaymentBatch {
        let p = c.program
        return PaymentBatch(
            programmeId: p.id, programmeTitle: p.title, period: p.period, payerName: p.payer.name, payerAccount: p.payer.account,
            payerBank: p.payer.bank, executionDate: c.runDate.description, currency: p.currency,
            payments: tally.disbursements.enumerated().map { i, d in
                Payment(
                    sequence: i + 1, name: d.name, idNumber: d.idNumber, account: d.account, bankName: d.bank, amount: d.amount,
                    district: d.district, purpose: p.title)
            })
    }
}
