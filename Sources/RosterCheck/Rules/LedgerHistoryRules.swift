import RosterCore

/// What the payment ledger holds for one person in the programme and period.
public enum LedgerHistory: Sendable, Hashable {
    /// Already paid (issued, awaiting the bank, or confirmed): the row is neither paid again nor
    /// returned. The batch, its date and the amount are named to the district.
    case paid(batchId: String?, date: String?, amount: Money?, confirmed: Bool)
    /// The bank failed or returned their last payment; `sameAccount` when the row gives the
    /// account that failed (masked here).
    case failed(batchId: String, date: String, reason: String, maskedAccount: String?, sameAccount: Bool)
}

extension Validator {
    /// The ledger rules, over each person's rows (`runs`: one list of places per person):
    /// - `dup.already-paid`: the person is already paid; the row is neither paid nor returned;
    /// - `dup.paid-amount-differs` (warning): and the row's amount differs from the amount paid;
    /// - `bank.account-failed` (warning): the person's last payment failed, and the row sends
    ///   the same account again.
    func markLedgerHistory(_ results: inout [FileCheck], runs: [[Occurrence]]) {
        guard alreadyPaid != nil || ledgerHistory != nil else { return }
        for run in runs {
            let first = run[0]
            guard let key = results[first.file].rows[first.row].idKey else { continue }
            let history = ledgerHistory?(key) ?? (alreadyPaid?(key) == true ? .paid(batchId: paidInBatch?(key), date: nil, amount: nil, confirmed: false) : nil)
            switch history {
            case .paid(let batch, let date, let amount, let confirmed)?:
                let when = [batch.map { "批次 \($0)" }, date.map { "日期 \($0)" }].compactMap { $0 }.joined(separator: "，")
                let shown = when.isEmpty ? "" : "（\(when)）"
                let state = confirmed ? "已到账" : "已提交银行"
                for o in run {
                    add(&results, o, .dupAlreadyPaid, field: .idNumber, "该劳模已在“\(program.title)”（\(program.period)）中发放\(shown)，\(state)，本次不再发放")
                    if let amount, let mine = results[o.file].rows[o.row].amount, mine != amount {
                        add(&results, o, .dupPaidAmountDiffers, field: .amount, "本行金额 \(mine.groupedString) 元，已发放 \(amount.groupedString) 元")
                    }
                }
            case .failed(let batch, let date, let reason, let masked, true)?:
                let account = masked.map { "银行卡号 \($0) " } ?? "该银行卡号"
                for o in run {
                    add(&results, o, .bankAccountFailed, field: .account, "\(account)在批次 \(batch)（\(date)）发放失败：\(reason)；本次仍报送同一卡号")
                }
            default:
                continue
            }
        }
    }

    private func add(_ results: inout [FileCheck], _ o: Occurrence, _ code: FindingCode, field: RosterField, _ message: String) {
        let file = results[o.file].file
        let row = results[o.file].rows[o.row]
        let value = field == .idNumber ? Mask.identity(row.idNumber) : field == .account ? Mask.account(row.account) : row.amount.map(\.groupedString)
        results[o.file].rows[o.row].findings.append(
            Finding(
                file: file.path, sheet: file.sheet, row: row.source.number, columnIndex: file.columns[field], field: field,
                code: code, message: message, value: value))
    }
}
