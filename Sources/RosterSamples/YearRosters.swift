import RosterCore

/// The two programmes the districts apply for with a person roster, and what differs.
enum YearRosterKind {
    case midautumn, provincial

    /// The programme's id.
    var programme: String { self == .midautumn ? "2017-midautumn-hardship" : "2017-provincial-hardship" }
    /// The folder its rosters go in.
    var folder: String { self == .midautumn ? "midautumn" : "provincial" }
    /// Words of the rosters' title row, after the district.
    var title: String { self == .midautumn ? "2017年中秋国庆困难市级劳模帮扶申报表" : "2017年省部级以上困难劳模帮扶申报表" }
    /// The programme's largest amount per person.
    var maxYuan: Int { self == .midautumn ? 3000 : 10000 }
    /// The amounts paid and to how many people.
    var amounts: [(yuan: Int, people: Int)] { self == .midautumn ? YearPlan.midautumnAmounts : YearPlan.provincialAmounts }
    /// The slips the districts make in the first batch, one row each.
    var defects: [YearDefect] {
        self == .midautumn ? YearDefect.allCases : [.idChecksum, .accountTypo, .overLimit, .nameMismatch, .bankMissing]
    }
}

/// One row of a person roster, as the district writes it.
struct YearLine {
    var name, gender, id, employer, honour: String
    /// Yuan as written, empty when left out.
    var amount: String
    var branch, account: String
    var remarks = ""

    /// The row of `person` as it should be.
    init(_ person: SamplePerson, yuan: Int, card: (branch: String, account: String)) {
        name = person.name
        gender = person.male ? "男" : "女"
        id = person.id
        employer = person.employer
        honour = SampleTables.registerHonour[person.level]!
        amount = String(yuan)
        (branch, account) = card
    }

    /// The cells under the person roster's header, numbered `n`.
    func cells(_ n: Int) -> [SampleCell] {
        [
            .number(String(n)), .text(name), .text(gender), .text(id), .text(employer), .text(honour),
            amount.isEmpty ? .empty : .number(amount), .text(branch), .text(account), .text(remarks),
        ]
    }

    /// The person roster's header (the usual one of `Schemas/roster-template.json`).
    static let header = ["序号", "姓名", "性别", "身份证号码", "工作单位", "荣誉称号", "补助金额(元)", "开户行", "银行卡号", "备注"]
    /// Column widths in characters.
    static let widths: [Double] = [6, 10, 6, 22, 30, 16, 14, 28, 24, 12]
}

/// A slip a district makes that the check returns (an error, never a warning): the row comes
/// back in the district's return workbook and is sent again, as it should have been.
enum YearDefect: CaseIterable {
    case idChecksum, accountTypo, overLimit, nameMismatch, bankMissing, amountMissing

    /// The finding the check returns the row with.
    var code: String {
        switch self {
        case .idChecksum: "id.checksum"
        case .accountTypo: "bank.account-format"
        case .overLimit: "amount.over-limit"
        case .nameMismatch: "honour.name-mismatch"
        case .bankMissing: "bank.missing"
        case .amountMissing: "amount.missing"
        }
    }

    /// The row with the slip: a wrong check character, a digit typed as the letter O, an amount
    /// over the programme's limit, another name, no card, no amount.
    func apply(to line: inout YearLine, person: SamplePerson, maxYuan: Int, people: inout YearPeople) {
        switch self {
        case .idChecksum: line.id = SampleIdentity.withWrongCheck(line.id, choice: people.rng.below(10))
        case .accountTypo:
            var digits = Array(line.account)
            digits[people.rng.int(8...15)] = "O"
            line.account = String(digits)
        case .overLimit: line.amount = String(maxYuan + people.rng.pick([500, 1000, 2000]))
        case .nameMismatch: line.name = people.otherName(than: person)
        case .bankMissing: line.account = ""
        case .amountMissing: line.amount = ""
        }
    }
}

/// A programme's roster workbooks, the districts' corrections, and what they add up to.
struct YearRosterFiles {
    var files: [SampleFile]
    var counts: YearProgrammeCounts
}

extension YearBuilder {
    /// The rosters of `kind` (one per district), each slip on its own row, one person who is
    /// not eligible on the reference date, and `resubmission/<区县>补发.xlsx` with the slipped
    /// rows corrected: after both batches everyone is paid once and the total is the seed's.
    mutating func personRosters(_ kind: YearRosterKind) -> YearRosterFiles {
        let listed = rosterPeople(kind)
        let clean = rosterLines(listed, kind: kind)
        var written = clean
        let flat = written.indices.flatMap { d in written[d].indices.map { (d, $0) } }
        let slipped = people.choose(kind.defects.count, of: flat.count).map { flat[$0] }
        for ((d, r), defect) in zip(slipped, kind.defects) {
            defect.apply(to: &written[d][r], person: listed[d][r], maxYuan: kind.maxYuan, people: &people)
        }
        addIneligible(kind, to: &written)
        var files = written.indices.filter { !written[$0].isEmpty }.map { rosterFile(kind, district: $0, lines: written[$0]) }
        files += resubmissions(kind, lines: slipped.map { clean[$0.0][$0.1] }, districts: slipped.map(\.0))
        let yuan = kind.amounts.reduce(0) { $0 + $1.yuan * $1.people }
        let counts = YearProgrammeCounts(
            programme: kind.programme, rows: written.joined().count, returned: kind.defects.count + 1,
            resubmitted: kind.defects.count, people: flat.count, yuan: Money(fen: Int64(yuan) * 100))
        return YearRosterFiles(files: files, counts: counts)
    }

    /// Who each district lists: the roster people of the register; for the provincial
    /// programme (省部级以上) also some national holders, first in their district's list.
    mutating func rosterPeople(_ kind: YearRosterKind) -> [[SamplePerson]] {
        guard kind == .provincial else { return register.municipalRoster }
        var byDistrict = register.provincialRoster
        let chosen = people.choose(YearPlan.provincialNationals, of: register.nationals.count).map { register.nationals[$0] }
        for p in chosen.reversed() {
            let d = districtIndex(p.region)
            byDistrict[d].insert(p, at: 0)
        }
        return byDistrict
    }

    /// Each person's row as it should be, the programme's amounts dealt out in a shuffled order.
    mutating func rosterLines(_ byDistrict: [[SamplePerson]], kind: YearRosterKind) -> [[YearLine]] {
        var amounts = kind.amounts.flatMap { Array(repeating: $0.yuan, count: $0.people) }
        people.rng.shuffle(&amounts)
        var next = 0
        return byDistrict.map { list in
            list.map { p in
                defer { next += 1 }
                return YearLine(p, yuan: amounts[next], card: people.card(region: p.region))
            }
        }
    }

    /// A holder who is no longer eligible on the reference date, listed by their district all
    /// the same: a municipal holder who died before the Mid-Autumn date; for the December
    /// programme, the national holder who died last (in November, before 2017-12-01).
    mutating func addIneligible(_ kind: YearRosterKind, to lines: inout [[YearLine]]) {
        let holder =
            kind == .midautumn
            ? register.municipalDied2017[0] : register.nationalsDied.max { $0.statusDate! < $1.statusDate! }!
        let d = districtIndex(holder.person.region)
        lines[d].append(YearLine(holder.person, yuan: kind.amounts[0].yuan, card: people.card(region: holder.person.region)))
    }

    /// `<folder>/rosters/<区县>.xlsx`: a title, the header, the rows.
    func rosterFile(_ kind: YearRosterKind, district d: Int, lines: [YearLine]) -> SampleFile {
        let name = SampleTables.districts[d].name
        let rows = lines.enumerated().map { $0.element.cells($0.offset + 1) }
        let sheet = YearSheets.table(name: "申报表", title: name + kind.title, header: YearLine.header, rows: rows, widths: YearLine.widths)
        return SampleFile(path: "\(kind.folder)/rosters/\(name).xlsx", format: .xlsx, sheets: [sheet])
    }

    /// `<folder>/resubmission/<区县>补发.xlsx`: the returned rows of each district, corrected.
    func resubmissions(_ kind: YearRosterKind, lines: [YearLine], districts: [Int]) -> [SampleFile] {
        Set(districts).sorted().map { d in
            let name = SampleTables.districts[d].name
            let mine = zip(lines, districts).filter { $0.1 == d }.map(\.0)
            let rows = mine.enumerated().map { i, line in
                var line = line
                line.remarks = "更正后重报"
                return line.cells(i + 1)
            }
            let sheet = YearSheets.table(name: "补报名单", title: nil, header: YearLine.header, rows: rows, widths: YearLine.widths)
            return SampleFile(path: "\(kind.folder)/resubmission/\(name)补发.xlsx", format: .xlsx, sheets: [sheet])
        }
    }
}
