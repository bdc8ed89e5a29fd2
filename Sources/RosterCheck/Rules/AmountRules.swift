import RosterCore

extension Validator {
    /// The amount cell (`amount.*`) against the rule for the payee's honour level (the
    /// register's, else the one claimed) and category (补助类别 / 津贴类型); returns the amount
    /// when it could be read (or the rule's fixed amount when the roster has no amount column).
    func checkAmount(_ row: inout RowContext, level: HonourLevel?) -> Money? {
        var amt = FieldParsing.amount(row.cell(.amount))
        row.note(.amount, amt.changes)
        let category = FieldParsing.text(row.cell(.category)).0
        let rule = program.amountRule(level: level, category: category)
        if !row.has(.amount) {
            // A template without an amount column: the rule's fixed amount, or nothing to pay.
            if case .fixed(let f)? = rule {
                amt.money = f
            } else if rule == nil {
                noRule(&row, level: level, category: category)
            } else {
                row.add(.amount, .amountMissing, "花名册没有“补助金额”列，本项目金额不固定，无法确定发放金额，请增加该列后重新报送")
            }
            return amt.money
        }
        let shown = row.cell(.amount)?.raw ?? ""
        if amt.empty {
            row.add(.amount, .amountMissing, "补助金额为空，请填写")
        } else if let m = amt.money {
            if let rule {
                checkAmount(m, rule: rule, scope: scope(level: level, category: category)) { c, msg, _ in row.add(.amount, c, msg, value: shown) }
            } else {
                noRule(&row, level: level, category: category)
            }
        } else {
            row.add(.amount, .amountFormat, "补助金额“\(shown)”不是有效金额，请只填阿拉伯数字，如 2000 或 2000.00", value: shown)
        }
        return amt.money
    }

    /// `amount.not-allowed` when no rule of the programme fits the payee: names the category
    /// written (or its absence) and the categories the programme knows.
    func noRule(_ row: inout RowContext, level: HonourLevel?, category: String) {
        let known = program.amountRules.compactMap(\.category)
        var seen = Set<String>()
        let list = known.filter { seen.insert(TextNormalizer.headerKey($0)).inserted }.map { "“\($0)”" }.joined(separator: "、")
        let who = level.map { "\($0.label)" } ?? "该人员"
        let message: String
        if category.isEmpty {
            message = "本项目按补助类别确定金额，\(who)的补助类别为空，请填写（可选：\(list)）"
        } else if list.isEmpty {
            message = "本项目没有适用于\(who)的金额标准，不能发放"
        } else {
            message = "本项目没有适用于\(who)、补助类别“\(category)”的金额标准（可选：\(list)），请核对补助类别"
        }
        row.add(row.has(.category) || !category.isEmpty ? .category : .amount, .amountNotAllowed, message, value: category.isEmpty ? nil : category)
    }

    /// `（省部级劳动模范、“生活困难补助”）` when the rule is scoped, else empty.
    func scope(level: HonourLevel?, category: String) -> String {
        guard let s = program.amountRules.first(where: { $0.fits(level: level, category: category) }) else { return "" }
        return "（\(s.scope)）"
    }

    /// `amount.not-allowed`, `amount.over-limit`: an amount against its rule.
    func checkAmount(_ m: Money, rule: Program.AmountRule, scope: String = "", add: (FindingCode, String, String?) -> Void) {
        if m.fen <= 0 {
            add(.amountNotAllowed, "补助金额必须大于零", nil)
            return
        }
        let what = "本项目\(scope)"
        switch rule {
        case .fixed(let f):
            if m != f { add(.amountNotAllowed, "\(what)补助金额固定为 \(f.groupedString) 元，所填为 \(m.groupedString) 元", nil) }
        case .max(let hi):
            if m > hi { add(.amountOverLimit, "补助金额 \(m.groupedString) 元超过\(what)上限 \(hi.groupedString) 元", nil) }
        case .min(let lo):
            if m < lo { add(.amountNotAllowed, "补助金额 \(m.groupedString) 元低于\(what)下限 \(lo.groupedString) 元", nil) }
        case .range(let lo, let hi):
            if m > hi {
                add(.amountOverLimit, "补助金额 \(m.groupedString) 元超过\(what)上限 \(hi.groupedString) 元", nil)
            } else if m < lo {
                add(.amountNotAllowed, "补助金额 \(m.groupedString) 元低于\(what)下限 \(lo.groupedString) 元", nil)
            }
        }
    }
}
