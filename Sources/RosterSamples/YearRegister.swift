import RosterCore

/// One holder of the honour register and, when the title was revoked or the holder died, the day.
struct YearHolder: Sendable {
    var person: SamplePerson
    var statusDate: SimpleDate?

    /// Holds the title on `date`: active, or lost after it (what `honour.status-later` allows).
    func eligible(on date: SimpleDate) -> Bool {
        person.status == "保持荣誉" || statusDate.map { $0 > date } == true
    }
}

/// The year's honour register, in the groups the programmes draw on. Living holders on
/// 2017-12-10 are exactly the seed's census: 57 national, 673 provincial, 3,725 municipal.
struct YearRegister {
    /// National holders living all year (57).
    var nationals: [SamplePerson] = []
    /// National holders who died between 2017-07-01 and 2017-11-30: eligible on 2017-06-30,
    /// not on the provincial programme's 2017-12-01.
    var nationalsDied: [YearHolder] = []
    /// Provincial holders the December rosters pay, by district (district order).
    var provincialRoster: [[SamplePerson]] = []
    /// Municipal holders the Mid-Autumn rosters pay, by district.
    var municipalRoster: [[SamplePerson]] = []
    /// Every other living provincial and municipal holder.
    var otherLiving: [SamplePerson] = []
    /// Municipal holders who died in 2017 before the Mid-Autumn reference date.
    var municipalDied2017: [YearHolder] = []
    /// Revoked and deceased holders of earlier years (two of them national).
    var lapsed: [YearHolder] = []

    /// The 60 national holders eligible on 2017-06-30.
    var eligibleNationals: [YearHolder] { nationals.map { YearHolder(person: $0, statusDate: nil) } + nationalsDied }

    /// Every row of the register.
    var all: [YearHolder] {
        let living = nationals + provincialRoster.joined() + municipalRoster.joined() + otherLiving
        return living.map { YearHolder(person: $0, statusDate: nil) } + nationalsDied + municipalDied2017 + lapsed
    }

    /// Rows holding the title, revoked, deceased.
    var statusCounts: (active: Int, revoked: Int, deceased: Int) {
        let statuses = all.map(\.person.status)
        return (statuses.count(where: { $0 == "保持荣誉" }), statuses.count(where: { $0 == "撤销荣誉" }), statuses.count(where: { $0 == "已故" }))
    }

    /// `total` split over the 14 districts in the proportions of the seed's 366 rows, the
    /// remainders to the largest fractions (366 gives the seed's split itself).
    static func quotas(_ total: Int) -> [Int] {
        let weights = SampleTables.districts.map(\.rows)
        let sum = weights.reduce(0, +)
        var counts = weights.map { total * $0 / sum }
        let order = weights.indices.sorted { (total * weights[$0] % sum, -$0) > (total * weights[$1] % sum, -$1) }
        for k in 0..<(total - counts.reduce(0, +)) { counts[order[k % order.count]] += 1 }
        return counts
    }
}

extension YearBuilder {
    /// Lapsed holders of earlier years: (level, status, count).
    static let lapsedPlan: [(String, String, Int)] = [
        ("provincial", "撤销荣誉", 6), ("provincial", "已故", 18), ("municipal", "撤销荣誉", 35), ("municipal", "已故", 110),
    ]

    /// Builds every holder: the roster people district by district first, so each district's
    /// quota is exact, then the rest of the census with districts drawn by weight.
    mutating func buildRegister() {
        let plan = YearPlan.living
        register.nationals = (0..<plan.national).map { _ in people.make(level: "national") }
        register.nationalsDied = (0..<YearPlan.nationalsDiedLater).map { _ in
            lapsedHolder(level: "national", status: "已故", date: { $0.date(year: 2017, months: 7...11) })
        }
        register.municipalRoster = rosterPeople(level: "municipal", total: YearPlan.midautumnAmounts.reduce(0) { $0 + $1.people })
        let provincialTotal = YearPlan.provincialAmounts.reduce(0) { $0 + $1.people } - YearPlan.provincialNationals
        register.provincialRoster = rosterPeople(level: "provincial", total: provincialTotal)
        let provincialRest = plan.provincial - provincialTotal
        let municipalRest = plan.municipal - register.municipalRoster.joined().count
        register.otherLiving = (0..<provincialRest).map { _ in people.make(level: "provincial") }
        register.otherLiving += (0..<municipalRest).map { _ in people.make(level: "municipal") }
        register.municipalDied2017 = (0..<4).map { _ in
            lapsedHolder(level: "municipal", status: "已故", date: { $0.date(year: 2017, months: 1...8) })
        }
        buildLapsed()
    }

    /// Two nationals lost before 2017-06-30 (not eligible for the allowance), and the
    /// provincial and municipal holders revoked or deceased in earlier years.
    mutating func buildLapsed() {
        register.lapsed.append(lapsedHolder(level: "national", status: "已故", date: { $0.date(year: 2016, months: 1...12) }))
        register.lapsed.append(lapsedHolder(level: "national", status: "撤销荣誉", date: { $0.date(year: 2017, months: 1...5) }))
        for (level, status, count) in Self.lapsedPlan {
            for _ in 0..<count {
                register.lapsed.append(
                    lapsedHolder(level: level, status: status) { people in
                        let year = people.rng.int(2008...2016)
                        return people.date(year: year, months: 1...12)
                    })
            }
        }
    }

    /// A holder who lost the title (or died) on the day `date` draws, never before the award.
    mutating func lapsedHolder(level: String, status: String, date: (inout YearPeople) -> SimpleDate) -> YearHolder {
        let person = people.make(level: level, status: status)
        var day = date(&people)
        if day.year < person.year { day.year = person.year }
        return YearHolder(person: person, statusDate: day)
    }

    /// `total` living holders of `level`, by district in the seed's proportions.
    mutating func rosterPeople(level: String, total: Int) -> [[SamplePerson]] {
        YearRegister.quotas(total).enumerated().map { d, n in
            (0..<n).map { _ in people.make(level: level, region: SampleTables.districts[d].code) }
        }
    }

    /// `register.xlsx`: grouped by level, then status, then year of the title.
    func registerFile() -> SampleFile {
        func rank(_ h: YearHolder) -> (Int, Int, Int, String) {
            let level = ["national": 0, "provincial": 1][h.person.level] ?? 2
            let status = ["保持荣誉": 0, "撤销荣誉": 1][h.person.status] ?? 2
            return (level, status, h.person.year, h.person.id)
        }
        let holders = register.all.map { (rank($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        let header = ["姓名", "性别", "身份证号码", "荣誉称号", "获得荣誉年份", "荣誉状态", "状态日期", "工作单位"]
        var rows: [[SampleCell]] = [header.map { .text($0) }]
        for h in holders {
            let p = h.person
            rows.append([
                .text(p.name), .text(p.male ? "男" : "女"), .text(p.id), .text(SampleTables.registerHonour[p.level]!),
                .number(String(p.year)), .text(p.status), h.statusDate.map { .text($0.description) } ?? .empty, .text(p.employer),
            ])
        }
        var sheet = SampleSheet(name: "劳模名册", rows: rows, columnWidths: [16, 6, 22, 16, 12, 10, 12, 34])
        sheet.headerRows = 1...1
        return SampleFile(path: "register.xlsx", format: .xlsx, sheets: [sheet])
    }
}
