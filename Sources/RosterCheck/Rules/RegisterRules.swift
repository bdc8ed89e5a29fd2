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
                checkStatus(&row, entry: e, id: id)
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

extension Validator {
    /// `honour.revoked`, `honour.deceased`: the register's status on the programme's reference
    /// date. A status dated after it still leaves the person eligible for this period
    /// (`honour.status-later`, a warning naming both dates); an undated status counts always.
    func checkStatus(_ row: inout RowContext, entry e: RegisterEntry, id: ParsedIdentity) {
        let masked = Mask.identity(id.value)
        let reference = program.date
        guard e.status != .active else { return }
        switch (e.status, e.statusDate, e.holdsHonour(on: reference)) {
        case (.revoked, nil, _):
            row.add(.idNumber, .honourRevoked, "荣誉名册登记该劳模荣誉已撤销，不能发放", value: masked)
        case (.deceased, nil, _):
            row.add(.idNumber, .honourDeceased, "荣誉名册登记该劳模已故，不能发放", value: masked)
        case (.revoked, let d?, false):
            row.add(.idNumber, .honourRevoked, "荣誉名册登记该劳模荣誉已于 \(d) 撤销（本项目基准日 \(reference)），不能发放", value: masked)
        case (.deceased, let d?, false):
            row.add(.idNumber, .honourDeceased, "荣誉名册登记该劳模已于 \(d) 去世（本项目基准日 \(reference)），不能发放", value: masked)
        case (.active, nil, _):
            return
        case (let status, let d?, _):
            let what = status == .revoked ? "荣誉于 \(d) 撤销" : "于 \(d) 去世"
            row.add(
                .idNumber, .honourStatusLater,
                "荣誉名册登记该劳模\(what)，晚于本项目基准日 \(reference)，本期仍属发放对象；请核实领取人", value: masked)
        }
    }
}
