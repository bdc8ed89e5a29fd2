import RosterCore

extension YearBuilder {
    /// The account list of the national allowance, a programme paid from the register: every
    /// national holder eligible on 2017-06-30 is a payee, the list only gives their accounts.
    /// One holder has no account yet (the first run lists them for follow-up) and comes in
    /// `accounts-supplement.xlsx`; one receives 特殊困难帮扶 instead of 荣誉津贴.
    mutating func nationalAccounts() -> YearRosterFiles {
        let holders = register.eligibleNationals.map(\.person)
        let living = register.nationals.count
        let picks = people.choose(2, of: living)
        let (special, missing) = people.rng.chance(1, in: 2) ? (picks[0], picks[1]) : (picks[1], picks[0])
        var rows: [(district: Int, cells: [SampleCell])] = []
        var supplement: [[SampleCell]] = []
        for (i, p) in holders.enumerated() {
            let card = people.card(region: p.region)
            let d = districtIndex(p.region)
            let kind = i == special ? YearPlan.allowance.special : YearPlan.allowance.honour
            let cells: [SampleCell] = [
                .text(p.id), .text(p.name), .text(card.branch), .text(card.account), .text(SampleTables.districts[d].name), .text(kind),
            ]
            if i == missing { supplement.append(cells) } else { rows.append((d, cells)) }
        }
        let ordered = rows.enumerated().sorted { ($0.element.district, $0.offset) < ($1.element.district, $1.offset) }
        let files = [
            accountFile("national/accounts.xlsx", rows: ordered.map(\.element.cells)),
            accountFile("national/accounts-supplement.xlsx", rows: supplement),
        ]
        let a = YearPlan.allowance
        let yuan = (holders.count - 1) * a.honourYuan + a.specialYuan
        let counts = YearProgrammeCounts(
            programme: "2017-national-allowance", rows: holders.count, returned: 1, resubmitted: 1, people: holders.count,
            yuan: Money(fen: Int64(yuan) * 100))
        return YearRosterFiles(files: files, counts: counts)
    }

    /// An account list: 身份证号码 | 姓名 | 开户行 | 账号 | 区县 | 津贴类型.
    func accountFile(_ path: String, rows: [[SampleCell]]) -> SampleFile {
        let header = ["身份证号码", "姓名", "开户行", "账号", "区县", "津贴类型"]
        let sheet = YearSheets.table(name: "账户名单", title: nil, header: header, rows: rows, widths: [22, 10, 28, 24, 20, 14])
        return SampleFile(path: path, format: .xlsx, sheets: [sheet])
    }
}
