import RosterCore

extension Validator {
    /// Checks one row of an organisation roster (a programme paying studios' hosts): 单位名称,
    /// the credit code (`org.uscc-*`), the studio on the named list (`org.not-named`), its
    /// leader in the register holding an eligible honour on the reference date
    /// (`org.leader-not-registered`), the corporate account (`org.account-format`), the bank
    /// code (`org.bank-code`) and the amount. The payee's key is its credit code.
    func checkOrganisationRow(_ r: RosterRow, path: String, sheet: String, table: [Int?], norms: inout [NormKey: [Int]]) -> CheckedRow {
        var row = RowContext(row: r, path: path, sheet: sheet, table: table)
        checkDistrict(&row)
        let name = FieldParsing.text(row.cell(.name)).0
        if name.isEmpty { row.add(.name, .nameMissing, "单位名称为空，请按营业执照或登记证书填写依托单位全称") }
        let (code, codeOK) = checkCreditCode(&row)
        let studioName = FieldParsing.text(row.cell(.studio)).0
        let named = checkNamedStudio(&row, studio: studioName, code: codeOK ? code : nil)
        let (leader, leaderName) = checkLeader(&row, named: named)
        let account = checkCorporateAccount(&row)
        let bankCode = checkBankCode(&row)
        let amount = checkAmount(&row, level: leader?.honour)
        for (field, changes) in row.notes {
            for k in changes.names { norms[NormKey(field: field, kind: k), default: []].append(r.number) }
        }
        var checked = CheckedRow(
            source: r, name: name, isMale: nil, idNumber: code, idKey: codeOK ? code : nil, claimedHonour: nil, register: leader,
            employer: studioName, bank: FieldParsing.text(row.cell(.bank)).0, account: account, phone: "", hardship: "",
            remarks: FieldParsing.text(row.cell(.remarks)).0, amount: amount,
            organisation: OrganisationDetails(studio: studioName, leader: leaderName, bankCode: bankCode), findings: [])
        checked.findings = row.findings
        return checked
    }

    /// `org.uscc-format`, `org.uscc-checksum`: the code as written (spaces removed), checked,
    /// never corrected. Returns the code and whether it is valid.
    func checkCreditCode(_ row: inout RowContext) -> (String, Bool) {
        let (code, changes) = TextNormalizer.clean(FieldParsing.text(row.cell(.creditCode)).0, mode: .removeAll)
        row.note(.creditCode, changes)
        if code.isEmpty {
            row.add(.creditCode, .orgUsccFormat, "统一社会信用代码为空，请按营业执照或登记证书填写18位代码")
            return (code, false)
        }
        if let p = CreditCode.check(code, regions: regions) {
            row.add(.creditCode, p == .checksum ? .orgUsccChecksum : .orgUsccFormat, p.message, value: code)
            return (code, false)
        }
        return (code, true)
    }

    /// `org.not-named`: the studio must be on the list of named studios, hosted by the
    /// organisation whose code the row gives.
    func checkNamedStudio(_ row: inout RowContext, studio: String, code: String?) -> NamedStudio? {
        if studio.isEmpty {
            row.add(.studio, .orgNotNamed, "工作室名称为空，请按命名文件填写劳模创新工作室全称")
            return nil
        }
        guard let named = studios?[studio] else {
            row.add(.studio, .orgNotNamed, "“\(studio)”不在已命名的劳模创新工作室名单中，不能发放", value: studio)
            return nil
        }
        if let code, code != named.creditCode {
            row.add(
                .creditCode, .orgNotNamed,
                "命名名单登记“\(named.name)”的依托单位统一社会信用代码为 \(named.creditCode)，与所填 \(code) 不符，请核对依托单位", value: code)
        }
        return named
    }

    /// `org.leader-not-registered`: the studio's leader (the row's 负责人身份证号码, else the
    /// list's) is in the register, holds the honour on the reference date, at an eligible level.
    /// Returns the leader's register entry and name.
    func checkLeader(_ row: inout RowContext, named: NamedStudio?) -> (RegisterEntry?, String) {
        let written = FieldParsing.identity(row.cell(.leaderId))
        let rowName = FieldParsing.name(row.cell(.leaderName)).0
        if row.has(.leaderId), written.problem != nil, written.problem != .missing {
            row.add(.leaderId, .orgLeaderNotRegistered, "负责人身份证号码无效，请逐位核对", value: Mask.identity(written.value))
            return (nil, rowName)
        }
        if let named, written.problem == nil, !named.leaderId.isEmpty, written.value != named.leaderId {
            row.add(.leaderId, .orgLeaderNotRegistered, "负责人与命名名单登记的负责人不是同一人，请核对", value: Mask.identity(written.value))
            return (nil, rowName)
        }
        let id = written.problem == nil ? written.value : named?.leaderId ?? ""
        guard !id.isEmpty else {
            if named != nil || row.has(.leaderId) { row.add(.leaderId, .orgLeaderNotRegistered, "缺少负责人身份证号码，无法核对负责人的劳模身份") }
            return (nil, rowName)
        }
        let column = row.table[RosterField.leaderId.ordinal] ?? row.table[RosterField.studio.ordinal]
        guard let e = registry[id] else {
            row.add(.leaderId, .orgLeaderNotRegistered, "工作室负责人不在劳模荣誉名册中，不能发放", value: Mask.identity(id), column: column)
            return (nil, rowName)
        }
        let name = rowName.isEmpty ? e.name : rowName
        if !e.holdsHonour(on: program.date) {
            let what = e.status == .revoked ? "荣誉已撤销" : "已故"
            let when = e.statusDate.map { "（\($0)）" } ?? ""
            row.add(.leaderId, .orgLeaderNotRegistered, "荣誉名册登记工作室负责人\(what)\(when)，不能发放", value: Mask.identity(id), column: column)
        } else if let level = e.honour, !program.eligibleHonours.contains(level) {
            row.add(
                .leaderId, .orgLeaderNotRegistered, "工作室负责人为\(level.label)，不属于本项目的发放范围（限\(program.eligibleHonours.map(\.label).joined(separator: "、"))）",
                value: Mask.identity(id), column: column)
        }
        return (e, name)
    }

    /// `bank.missing`, `bank.precision-lost`, `org.account-format`: a corporate account has no
    /// check digit, so only its digits and length are checked.
    func checkCorporateAccount(_ row: inout RowContext) -> String {
        let a = FieldParsing.account(row.cell(.account))
        row.note(.account, a.changes)
        guard row.has(.account) else { return a.value }
        if a.value.isEmpty {
            row.add(.account, .bankMissing, "对公账号为空，请填写依托单位的对公账号")
        } else if a.precisionLost {
            row.add(.account, .bankPrecisionLost, "对公账号以数字格式保存，末几位已丢失。请把该列设为“文本”格式后重新录入完整账号", value: Mask.account(a.value))
        } else if let p = CorporateAccount.check(a.value) {
            row.add(.account, .orgAccountFormat, p.message, value: Mask.account(a.value))
        }
        return a.value
    }

    /// `org.bank-code`: 联行号, when given, is 12 digits.
    func checkBankCode(_ row: inout RowContext) -> String {
        let (code, _) = TextNormalizer.clean(FieldParsing.text(row.cell(.bankCode)).0, mode: .removeAll)
        if !code.isEmpty, let p = BankCode.check(code) { row.add(.bankCode, .orgBankCode, p.message, value: code) }
        return code
    }
}
