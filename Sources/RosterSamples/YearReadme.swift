import RosterCore

/// The year's `README.txt`: what each file is, in Chinese and English, and the commands that
/// play the year (those of `Scripts/demo-year.sh`).
enum YearReadme {
    /// The whole text.
    static func text(_ year: YearScenario) -> String {
        let r = year.registerCounts
        let l = YearPlan.living
        let figures = year.counts.map { c in
            "  \(c.programme): \(c.people) / \(c.yuan.groupedString)  (rows \(c.rows), returned \(c.returned), resent \(c.resubmitted))"
        }
        return """
            昆明市劳模帮扶资金 \(year.year) 年度 —— 合成示例数据（种子 \(year.seed)）
            =====================================================

            本目录下的全部人员、身份证号码、银行卡号、单位及统一社会信用代码均为程序随机生成，不对应任何真实人员或单位。
            由 `\(year.commandLine)` 生成，同一种子生成的文件逐字节相同。

            - register.xlsx：劳模荣誉名册（含状态日期）。2017年12月10日健在并保持荣誉的全国劳模\(l.national)名、省部级\(l.provincial)名、市级\(l.municipal)名；
              另有\(YearPlan.nationalsDiedLater)名全国劳模于2017年7月至11月间去世（6月30日仍在册，领取当年“三金”），以及撤销荣誉、已故人员。
            - studios.xlsx：劳模创新工作室命名名单（2017年新命名4个，此前命名3个）。
            - programmes/：四个项目（中秋国庆市级困难劳模帮扶、全国劳模“三金”、省部级以上困难劳模帮扶、新命名工作室补助）。
            - midautumn/、provincial/：各县（市）区申报表（rosters/）及退回后更正重报的名单（resubmission/）。
            - national/accounts.xlsx：全国劳模“三金”发放账户名单（缺1人）；accounts-supplement.xlsx：补报的账户。
            - studios/rosters/：新命名工作室所在单位的补助名单（对公账户）。
            - targets.json：年度绩效目标（roster report --targets）。

            Kunming model-worker funds, year \(year.year) — synthetic samples (seed \(year.seed))
            ==================================================================

            Every person, identity number, card, organisation and credit code here is random and
            belongs to no real person or body. The same seed gives byte-identical files.

            - register.xlsx: the honour register with status dates: \(r.active) holding the title,
              \(r.revoked) revoked, \(r.deceased) deceased (three national holders died July-November 2017).
            - studios.xlsx: the named innovation studios (four named in 2017, three earlier).
            - programmes/*.json: the four programmes, budgets the seed report's totals.
            - midautumn/, provincial/: the districts' rosters (rosters/) with a few slips the check
              returns, and the corrected rows sent again (resubmission/).
            - national/accounts.xlsx: accounts of the national allowance (paid from the register;
              one holder missing); accounts-supplement.xlsx: the missing one.
            - studios/rosters/: the host organisations' rosters, corporate accounts.
            - targets.json: the year's performance targets for `roster report --targets`.

            What the year adds up to (people / yuan):
            \(figures.joined(separator: "\n"))

            The year, played (Scripts/demo-year.sh; I = this folder, O = the output folder):

            \(commands.joined(separator: "\n"))

            """
    }

    /// The commands of the year, in order.
    static let commands: [String] = [
        "  roster run --program I/programmes/2017-national-allowance.json --registry I/register.xlsx --accounts I/national/accounts.xlsx --ledger O/ledger.sqlite --out O/national/batch1 --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-06-30",
        "  roster run --program I/programmes/2017-national-allowance.json --registry I/register.xlsx --accounts I/national/accounts-supplement.xlsx --ledger O/ledger.sqlite --out O/national/batch2 --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-07-10",
        "  roster run --program I/programmes/2017-midautumn-hardship.json --registry I/register.xlsx --ledger O/ledger.sqlite --out O/midautumn/batch1 --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-09-20 I/midautumn/rosters",
        "  roster samples --answer O/midautumn/batch1 --out O/midautumn/bank",
        "  roster reconcile --ledger O/ledger.sqlite --out O/midautumn/reconcile O/midautumn/bank/pain.002.xml",
        "  roster run --program I/programmes/2017-midautumn-hardship.json --registry I/register.xlsx --ledger O/ledger.sqlite --out O/midautumn/batch2 --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-09-26 I/midautumn/resubmission O/midautumn/bank/resubmission",
        "  roster run --program I/programmes/2017-innovation-studios.json --registry I/register.xlsx --studios I/studios.xlsx --ledger O/ledger.sqlite --out O/studios/batch1 --bank-template cn-corporate-gbk --bank-template pain.001.001.09 --date 2017-11-15 I/studios/rosters",
        "  roster run --program I/programmes/2017-provincial-hardship.json --registry I/register.xlsx --ledger O/ledger.sqlite --out O/provincial/batch1 --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-12-01 I/provincial/rosters",
        "  roster samples --answer O/provincial/batch1 --out O/provincial/bank",
        "  roster reconcile --ledger O/ledger.sqlite --out O/provincial/reconcile O/provincial/bank/pain.002.xml",
        "  roster run --program I/programmes/2017-provincial-hardship.json --registry I/register.xlsx --ledger O/ledger.sqlite --out O/provincial/batch2 --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-12-08 I/provincial/resubmission O/provincial/bank/resubmission",
        "  roster report --year 2017 --ledger O/ledger.sqlite --targets I/targets.json --out O/2017年度劳模帮扶资金绩效自评表.xlsx",
    ]
}
