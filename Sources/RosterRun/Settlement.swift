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
    /// Rows whose person an earlier batch already pays, and their yuan (as the rows give it).
    let alreadyPaid: PaymentTotals
    /// Returned rows by their first error code, most frequent first.
    let returnedByReason: [(code: FindingCode, count: Int)]
    /// Rows paid with a warning.
    let warnings: Int
    /// Data rows read.
    let rows: Int

    var paid: PaymentTotals { tally.total }

    init(_ checks: [FileCheck], _ c: RunConfiguration) throws(RunError) {
        var tally = PaymentTally(checks, program: c.program, districts: c.districts)
        do {
            tally.earlierCommitted = try c.existingLedger?.committed(programmeId: c.program.id, period: c.program.period).amount ?? .zero
        } catch {
            throw RunError(.ledger, "\(error)")
        }
        self.tally = tally
        var returned = PaymentTotals()
        var alreadyPaid = PaymentTotals()
        var reasons: [FindingCode: Int] = [:]
        var warnings = 0
        var rows = 0
        for check in checks {
            rows += check.rowCount
            let fileCode = check.blockingFindings.first?.code
            let blocked = check.blocked
            let all = check.rows
            for i in all.indices {
                let disposition = check.disposition(i, blocked: blocked)
                if disposition == .alreadyPaid {
                    alreadyPaid.add(all[i].amount ?? .zero)
                } else if disposition == .returned {
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
        self.alreadyPaid = alreadyPaid
        self.warnings = warnings
        self.rows = rows
        returnedByReason = reasons.map { (code: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code.rawValue < $1.code.rawValue }
    }

    /// Refuses a batch that takes the programme over its budget, counting what earlier batches
    /// hold (exit 3, nothing written). The ledger checks again as it records the batch, so two
    /// runs at once cannot overspend it together.
    func checkBudget(_ c: RunConfiguration) throws(RunError) {
        let budget = c.program.budget
        guard tally.budgetRemaining.fen < 0 else { return }
        let earlier = tally.earlierCommitted
        throw RunError(
            .reconciliation,
            "the budget of \(budget.groupedString) yuan in \(c.options.program) holds \(earlier.groupedString) yuan committed by earlier batches; this batch pays \(paid.amount.groupedString) yuan (\(paid.count) people), \(Money(fen: -tally.budgetRemaining.fen).groupedString) yuan over; nothing was written. Raise the budget in the programme or reduce the rosters")
    }

    /// The batch as the ledger records it: its id depends on what is paid, not on the clock
    /// (`-2`, `-3`… when an earlier batch with the same content was voided).
    func ledgerBatch(_ c: RunConfiguration, bank: inout PaymentBatch) throws(RunError) -> LedgerBatch {
        // The bank files list the payees in the tally's order.
        let payments = zip(bank.payments, tally.disbursements).map { p, d in
            LedgerPayment(
                idNumber: p.idNumber, amount: p.amount, district: p.district, sequence: p.sequence, account: p.account, name: p.name,
                honour: d.honourLevel)
        }
        var batch = LedgerBatch(
            programmeId: c.program.id, period: c.program.period, created: c.runDate.description, payments: payments,
            payerAccount: c.program.payer.account, budget: c.program.budget)
        batch.programme = LedgerProgramme(title: c.program.title, deadline: c.program.deadline?.description, payee: c.program.payee.rawValue)
        do {
            // A new ledger holds no batch yet: the content id the batch was made with is free.
            // (A new LedgerBatch's id is its content id.)
            if let existing = c.existingLedger { batch.id = try existing.availableBatchId(contentId: batch.id) }
        } catch {
            throw RunError(.ledger, "\(error)")
        }
        // The pain.001 ids carry the batch id, so a batch re-run after a void (same content)
        // never shares them with the voided one. EndToEndIds do not depend on the pain.001
        // version; MsgId and PmtInfId do. Only a batch paid by pain.001 has them.
        bank.ledgerBatchId = batch.id
        let pains = c.bankFormats.compactMap { f -> Pain001Version? in if case .pain001(let v) = f { v } else { nil } }
        let ids = pains.map { Pain001.identifiers(bank, version: $0) }
        batch.messages = zip(pains, ids).map { v, m in
            BatchMessage(format: v.rawValue, messageId: m.messageId, paymentInformationId: m.paymentInformationId)
        }
        if let first = ids.first {
            for i in batch.payments.indices { batch.payments[i].endToEndId = first.endToEndIds[i] }
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
                    sequence: i + 1, name: d.name, idNumber: d.idNumber, account: d.account, bankName: d.bank,
                    bankCode: d.bankCode.isEmpty ? nil : d.bankCode, amount: d.amount, district: d.district, purpose: p.title,
                    isOrganisation: d.isOrganisation ? true : nil)
            })
    }
}
