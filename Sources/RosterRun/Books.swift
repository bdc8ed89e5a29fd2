import Foundation
import RosterCheck
import RosterCore
import RosterOutputs
import Spreadsheet

/// The books of a batch, checked before anything is recorded or moved: every file's rows in
/// equal rows paid plus rows returned (and yuan likewise); the finance workbook, each bank file
/// and the manifest, each read back from disk, hold the batch's total; the budget holds.
enum Books {
    static func reconcile(
        checks: [FileCheck], tally: PaymentTally, finance: PaymentTally, financeOnDisk onDisk: PaymentTotals,
        returns: [ReturnWorkbook.Result],
        bank: [BankFileOutput]
    ) throws(RunError) {
        func fail(_ what: String) -> RunError {
            RunError(.reconciliation, "the books do not balance: \(what); nothing was recorded and no output was kept. Please report this")
        }
        var paidByFile: [String: PaymentTotals] = [:]
        for d in tally.disbursements { paidByFile[d.file, default: PaymentTotals()].add(d.amount) }
        var rowsAll = 0
        for c in checks {
            let p = paidByFile[c.file.path] ?? PaymentTotals()
            var ret = PaymentTotals()
            var before = PaymentTotals()
            var all = Money.zero
            let blocked = c.blocked
            let rs = c.rows
            for i in rs.indices {
                all += rs[i].amount ?? .zero
                switch c.disposition(i, blocked: blocked) {
                case .paid: break
                case .alreadyPaid: before.add(rs[i].amount ?? .zero)
                case .returned: ret.add(rs[i].amount ?? .zero)
                }
            }
            rowsAll += c.rowCount
            if c.rowCount != p.count + before.count + ret.count {
                throw fail("\(c.file.path): \(c.rowCount) rows read but \(p.count) paid + \(before.count) already paid + \(ret.count) returned")
            }
            if all != p.amount + before.amount + ret.amount {
                throw fail(
                    "\(c.file.path): \(all.groupedString) yuan read but \(p.amount.groupedString) paid + \(before.amount.groupedString) already paid + \(ret.amount.groupedString) returned")
            }
            if p.count != c.acceptedCount || p.amount != c.acceptedAmount {
                throw fail("\(c.file.path): \(c.acceptedCount) rows accepted but \(p.count) in the finance workbook")
            }
        }
        let paid = tally.total
        if finance.total != paid { throw fail("the finance workbook holds \(finance.total), the batch \(paid)") }
        // The finance workbook as read back from disk (its detail rows added up).
        if onDisk != paid { throw fail("\(PaymentRun.financeFileName) read back holds \(onDisk), the batch \(paid)") }
        let retRows = returns.reduce(0) { $0 + $1.received }
        let retPaid = returns.map(\.accepted).reduce(PaymentTotals(), +)
        if retRows != rowsAll { throw fail("the return workbooks list \(retRows) rows, \(rowsAll) were read") }
        if retPaid != paid { throw fail("the return workbooks mark \(retPaid) as paid, the batch \(paid)") }
        for b in bank where b.count != paid.count || b.total != paid.amount {
            throw fail("\(b.path) holds \(b.count) payments / \(b.total.decimalString) yuan, the batch \(paid)")
        }
        if tally.budgetRemaining.fen < 0 { throw fail("earlier batches and this one exceed the budget \(tally.budget.groupedString)") }
    }

    /// Count and total of the detail rows of a finance workbook on disk (rows whose 序号 is a number).
    static func financeDetailTotals(_ path: String) throws(RunError) -> PaymentTotals {
        var t = PaymentTotals()
        do {
            // Only the numbers are needed: the shared strings (names, numbers as text) are not loaded.
            var options = ReadOptions()
            options.numbersAndInlineTextOnly = true
            let wb = try Spreadsheets.open(path: path, options: options)
            guard let idx = wb.sheetIndex(for: FinanceWorkbook.detailSheetName) else {
                throw RunError(.reconciliation, "\(path): no sheet \(FinanceWorkbook.detailSheetName) when read back")
            }
            let amountColumn = FinanceWorkbook.columns.firstIndex(of: "金额(元)") ?? 8
            // Streamed one row at a time: the workbook is never held whole in memory.
            let reader = try wb.openSheet(idx)
            while let row = try reader.nextRow() {
                guard row.number > 3, case .number = row[0]?.value, let cell = row[amountColumn], let m = Money(decimal: cell.raw) else { continue }
                t.add(m)
            }
        } catch let e as RunError {
            throw e
        } catch {
            throw RunError(.reconciliation, "\(path): cannot be read back: \(error)")
        }
        return t
    }

    static func checkManifest(_ path: String, paid: PaymentTotals) throws(RunError) {
        guard let data = FileManager.default.contents(atPath: path),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let totals = obj["totals"] as? [String: Any], let amount = totals["paidAmount"] as? String,
            let count = totals["paid"] as? Int
        else { throw RunError(.reconciliation, "\(path): the manifest cannot be read back") }
        if amount != paid.amount.decimalString || count != paid.count {
            throw RunError(.reconciliation, "the books do not balance: manifest.json holds \(count) / \(amount), the batch \(paid)")
        }
    }
}
