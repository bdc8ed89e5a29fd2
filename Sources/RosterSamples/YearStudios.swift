import RosterCore

/// A named model-worker innovation studio (劳模创新工作室) and the organisation hosting it.
struct YearStudio {
    /// The model worker leading it (a living holder of the register).
    var leader: SamplePerson
    /// The year it was named.
    var named: Int
    /// The host's unified social credit code.
    var code: String
    /// The host organisation: the leader's work unit.
    var host: String { leader.employer }
    /// Studios are named after their leader.
    var name: String { leader.name + "劳模创新工作室" }
}

/// A bank for corporate accounts: its CNAPS bank code, and its accounts' prefix and length.
struct YearCorporateBank {
    let name: String
    let code: String
    let prefix: String
    let digits: Int

    /// The banks the hosts keep their accounts with.
    static let all = [
        YearCorporateBank(name: "中国工商银行", code: "102", prefix: "2502", digits: 19),
        YearCorporateBank(name: "中国农业银行", code: "103", prefix: "2401", digits: 17),
        YearCorporateBank(name: "中国建设银行", code: "105", prefix: "5305", digits: 20),
        YearCorporateBank(name: "富滇银行", code: "313", prefix: "0300", digits: 16),
    ]
}

extension YearBuilder {
    /// `studios.xlsx`, the named list (the four named in 2017 and three earlier), and the
    /// organisation rosters of the four, in two or three districts, all clean.
    mutating func studioFiles() -> (list: SampleFile, rosters: [SampleFile], counts: YearProgrammeCounts) {
        let districts = people.choose(3, of: SampleTables.districts.count)
        let regions = [districts[0], districts[0], districts[1], districts[2]].map { SampleTables.districts[$0].code }
        var used: Set<String> = []
        var studios: [YearStudio] = []
        for (i, region) in (regions + [String?](repeating: nil, count: YearPlan.earlierStudioYears.count)).enumerated() {
            let leader = studioLeader(region: region, used: used)
            used.insert(leader.id)
            let year = i < YearPlan.studiosNamed ? 2017 : YearPlan.earlierStudioYears[i - YearPlan.studiosNamed]
            studios.append(YearStudio(leader: leader, named: year, code: creditCode(for: leader)))
        }
        let named = Array(studios.prefix(YearPlan.studiosNamed))
        let counts = YearProgrammeCounts(
            programme: "2017-innovation-studios", rows: named.count, returned: 0, resubmitted: 0, people: named.count,
            yuan: Money(fen: Int64(named.count * YearPlan.studioYuan) * 100))
        return (studioList(studios), organisationRosters(named), counts)
    }

    /// A living provincial or municipal holder who works for a company, a works or a hospital
    /// (an organisation that can host a studio), in `region` when one is there.
    func studioLeader(region: String?, used: Set<String>) -> SamplePerson {
        let hosts = register.otherLiving.filter { Self.creditPrefix($0.employer) != nil && !used.contains($0.id) }
        return hosts.first { $0.region == region } ?? hosts[0]
    }

    /// The 登记管理部门 and 机构类别 of a host: a company or works (工商, 企业) or a hospital or
    /// service centre (机构编制, 事业单位); nil for a unit that does not host studios here.
    static func creditPrefix(_ employer: String) -> String? {
        if employer.hasSuffix("公司") || employer.hasSuffix("厂") { return "91" }
        if employer.hasSuffix("医院") || employer.hasSuffix("服务中心") { return "12" }
        return nil
    }

    /// A valid unified social credit code registered in the leader's district: the prefix, the
    /// region code, nine characters of the code's set and the check character (GB 32100).
    mutating func creditCode(for leader: SamplePerson) -> String {
        var body = Self.creditPrefix(leader.employer)! + leader.region
        for _ in 0..<9 { body.append(people.rng.pick(CreditCode.characterSet)) }
        return body + String(CreditCode.checkCharacter(for: body)!)
    }

    /// `studios.xlsx`: 工作室名称 | 统一社会信用代码 | 负责人姓名 | 负责人身份证号码 | 命名年份, by year.
    func studioList(_ studios: [YearStudio]) -> SampleFile {
        let sorted = studios.enumerated().sorted { ($0.element.named, $0.offset) < ($1.element.named, $1.offset) }.map(\.element)
        let rows: [[SampleCell]] = sorted.map {
            [.text($0.name), .text($0.code), .text($0.leader.name), .text($0.leader.id), .number(String($0.named))]
        }
        let header = ["工作室名称", "统一社会信用代码", "负责人姓名", "负责人身份证号码", "命名年份"]
        let sheet = YearSheets.table(name: "命名名单", title: nil, header: header, rows: rows, widths: [30, 22, 12, 22, 10])
        return SampleFile(path: "studios.xlsx", format: .xlsx, sheets: [sheet])
    }

    /// `studios/rosters/<区县>.xlsx`: each district's newly named studios, with the host's
    /// corporate account (digits, no Luhn) and its bank's 12-digit CNAPS code.
    mutating func organisationRosters(_ studios: [YearStudio]) -> [SampleFile] {
        let header = ["序号", "单位名称", "统一社会信用代码", "工作室名称", "负责人姓名", "负责人身份证号码", "开户行", "对公账号", "联行号", "金额", "区县", "备注"]
        var byDistrict: [Int: [[SampleCell]]] = [:]
        for s in studios {
            let d = districtIndex(s.leader.region)
            let n = (byDistrict[d]?.count ?? 0) + 1
            let (bank, account, cnaps) = corporateAccount(district: d)
            byDistrict[d, default: []].append([
                .number(String(n)), .text(s.host), .text(s.code), .text(s.name), .text(s.leader.name), .text(s.leader.id), .text(bank),
                .text(account), .text(cnaps), YearSheets.yuan(YearPlan.studioYuan), .text(SampleTables.districts[d].name),
                .text("2017年命名"),
            ])
        }
        return byDistrict.keys.sorted().map { d in
            let name = SampleTables.districts[d].name
            let widths: [Double] = [6, 32, 22, 30, 10, 22, 28, 24, 14, 10, 18, 12]
            let sheet = YearSheets.table(name: "补助名单", title: nil, header: header, rows: byDistrict[d]!, widths: widths)
            return SampleFile(path: "studios/rosters/\(name).xlsx", format: .xlsx, sheets: [sheet])
        }
    }

    /// A branch in the district, a corporate account of the bank's length, and the branch's
    /// CNAPS code: bank code, Kunming's 7310, branch digits.
    mutating func corporateAccount(district d: Int) -> (bank: String, account: String, cnaps: String) {
        let bank = people.rng.pick(YearCorporateBank.all)
        var account = bank.prefix
        while account.count < bank.digits { account += String(people.rng.below(10)) }
        var cnaps = bank.code + "7310"
        while cnaps.count < 12 { cnaps += String(people.rng.below(10)) }
        return (bank.name + "昆明" + SampleTables.districts[d].short + "支行", account, cnaps)
    }
}
