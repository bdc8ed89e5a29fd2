import RosterCore

extension Validator {
    /// The 荣誉称号 wording (`honour.unrecognised`) and the honour register: not registered,
    /// another name, revoked or deceased, another level, a level this programme does not pay.
    /// Returns the claimed level and the register's entry.
    func checkRegister(
        _ row: inout RowContext, id: ParsedIdentity, idOK: Bool, name: String
    ) -> (claimed: HonourLevel?, entry: RegisterEntry?) {
        // Honour: claimed wording and the register.
        let honourText = FieldParsing.text(row.cell(.honour)).0
        var claimed: HonourLevel? = nil
        if !honourText.isEmpty {
            claimed = template.honourLevel(for: honourText)
            if let c = claimed, honourText != c.label, TextNormalizer.headerKey(honourText) != TextNormalizer.headerKey(c.label) {
                row.note(.honour, .wording)
            }
            if claimed == nil {
                row.add(.honour, .honourUnrecognised, "无法识别荣誉称号“\(honourText)”，已按荣誉名册登记的称号审核", value: honourText)
            }
        }
        var entry: RegisterEntry? = nil
        if idOK {
            entry = registry[id.value]
            if let e = entry {
                if !name.isEmpty, e.name != name {
                    row.add(
                        .name, .honourNameMismatch,
                        "荣誉名册中该身份证号码登记的姓名为“\(Mask.name(e.name))”，与所填姓名不一致，请核对姓名或身份证号码",
                        value: Mask.name(name))
                }
                switch e.status {
                case .revoked: row.add(.idNumber, .honourRevoked, "荣誉名册登记该劳模荣誉已撤销，不能发放", value: Mask.identity(id.value))
                case .deceased: row.add(.idNumber, .honourDeceased, "荣誉名册登记该劳模已故，不能发放", value: Mask.identity(id.value))
                case .active: break
                }
                if let c = claimed, let reg = e.honour, c != reg {
                    row.add(
                        .honour, .honourLevelMismatch,
                        "所填荣誉称号为“\(c.label)”，荣誉名册登记为“\(reg.label)”，请按名册更正", value: honourText)
                }
                if let reg = e.honour, !program.eligibleHonours.contains(reg) {
                    row.add(
                        .honour, .honourIneligible,
                        "该劳模为\(reg.label)，不属于“\(program.title)”的发放对象（限\(program.eligibleHonours.map(\.label).joined(separator: "、"))）",
                        value: honourText.isEmpty ? reg.label : honourText,
                        column: row.table[RosterField.honour.ordinal] ?? row.table[RosterField.idNumber.ordinal])
                } else if e.honour == nil {
                    row.add(
                        .honour, .honourIneligible,
                        "荣誉名册登记的荣誉称号“\(e.honourText)”无法识别，不能确定是否属于本次发放对象，请与市总工会核实",
                        value: e.honourText, column: row.table[RosterField.honour.ordinal] ?? row.table[RosterField.idNumber.ordinal])
                }
            } else {
                row.add(
                    .idNumber, .honourNotRegistered, "荣誉名册中没有此身份证号码，请核对号码是否抄错，或确认其劳模身份",
                    value: Mask.identity(id.value))
            }
        }
        return (claimed, entry)
    }
}
