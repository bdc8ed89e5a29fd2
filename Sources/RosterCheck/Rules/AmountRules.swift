import RosterCore

extension Validator {
    /// The amount cell (`amount.*`); returns the amount when it could be read (or the
    /// programme's fixed amount when the roster has no amount column).
    func checkAmount(_ row: inout RowContext) -> Money? {
        // Amount.
        var amt = FieldParsing.amount(row.cell(.amount))
        row.note(.amount, amt.changes)
        if !row.has(.amount) {
            // A template without an amount column: the programme's fixed amount, or nothing to pay.
            if case .fixed(let f) = program.amount {
                amt.money = f
            } else {
                row.add(.amount, .amountMissing, "花名册没有“补助金额”列，本项目金额不固定，无法确定发放金额，请增加该列后重新报送")
            }
        } else {
            let shown = row.cell(.amount)?.raw ?? ""
            if amt.empty {
                row.add(.amount, .amountMissing, "补助金额为空，请填写")
            } else if let m = amt.money {
                checkAmount(m) { c, msg, _ in row.add(.amount, c, msg, value: shown) }
            } else {
                row.add(.amount, .amountFormat, "补助金额“\(shown)”不是有效金额，请只填阿拉伯数字，如 2000 或 2000.00", value: shown)
            }
        }
        return amt.money
    }

    /// `amount.not-allowed`, `amount.over-limit`: the programme's amount rule.
    func checkAmount(_ m: Money, add: (FindingCode, String, String?) -> Void) {
        if m.fen <= 0 {
            add(.amountNotAllowed, "补助金额必须大于零", nil)
            return
        }
        switch program.amount {
        case .fixed(let f):
            if m != f { add(.amountNotAllowed, "本项目补助金额固定为 \(f.groupedString) 元，所填为 \(m.groupedString) 元", nil) }
        case .max(let hi):
            if m > hi { add(.amountOverLimit, "补助金额 \(m.groupedString) 元超过本项目上限 \(hi.groupedString) 元", nil) }
        case .range(let lo, let hi):
            if m > hi {
                add(.amountOverLimit, "补助金额 \(m.groupedString) 元超过本项目上限 \(hi.groupedString) 元", nil)
            } else if m < lo {
                add(.amountNotAllowed, "补助金额 \(m.groupedString) 元低于本项目下限 \(lo.groupedString) 元", nil)
            }
        }
    }
}
