import Spreadsheet

/// The year's four programme files (`Schemas/program.schema.json`) and its performance targets
/// (`Schemas/examples/targets-2017.json`), as JSON text with the members in the documented order.
enum YearProgrammes {
    /// The payer of every programme: the one of `Samples/program.json`.
    static let payer = (name: "昆明市总工会", account: "2502531488861479432", bank: "中国工商银行昆明正义路支行")

    /// `programmes/<id>.json` for the four programmes, budgets the seed's totals.
    static func files() -> [YearTextFile] {
        let payerJSON = "{\"name\": \(q(payer.name)), \"account\": \(q(payer.account)), \"bank\": \(q(payer.bank))}"
        let a = YearPlan.allowance
        let rules = "[\(rule(a.honour, a.honourYuan)), \(rule(a.special, a.specialYuan))]"
        return [
            file("2017-midautumn-hardship", "2017年中秋国庆困难市级劳模帮扶", ("2017-09", "2017-09-20", "2017-09-30"), [
                ("eligibleHonours", "[\"municipal\"]"), ("amount", "{\"max\": \"3000.00\"}"), ("budget", q("700000.00")),
            ], payer: payerJSON),
            file("2017-national-allowance", "2017年全国劳模“三金”（荣誉津贴、特殊困难帮扶）", ("2017-06", "2017-06-30", "2017-07-31"), [
                ("payeesFrom", q("register")), ("eligibleHonours", "[\"national\"]"), ("amountRules", rules),
                ("budget", q("1053500.00")),
            ], payer: payerJSON),
            file("2017-provincial-hardship", "2017年省部级以上困难劳模帮扶", ("2017-12", "2017-12-01", "2017-12-31"), [
                ("eligibleHonours", "[\"national\", \"provincial\"]"), ("amount", "{\"max\": \"10000.00\"}"),
                ("budget", q("1451900.00")),
            ], payer: payerJSON),
            file("2017-innovation-studios", "2017年新命名劳模创新工作室补助", ("2017-11", "2017-11-15", "2017-12-31"), [
                ("payee", q("organisation")), ("eligibleHonours", "[\"national\", \"provincial\", \"municipal\"]"),
                ("amount", "{\"fixed\": \"\(YearPlan.studioYuan).00\"}"), ("budget", q("28000.00")),
            ], payer: payerJSON),
        ]
    }

    /// One programme file: id, title, period, reference date, deadline, then `members`, the
    /// currency and the payer, one member a line.
    static func file(
        _ id: String, _ title: String, _ dates: (period: String, date: String, deadline: String), _ members: [(String, String)],
        payer: String
    ) -> YearTextFile {
        let head = [("id", q(id)), ("title", q(title)), ("period", q(dates.period)), ("date", q(dates.date)), ("deadline", q(dates.deadline))]
        let body = (head + members + [("currency", q("CNY")), ("payer", payer)]).map { "  \(q($0.0)): \($0.1)" }
        return YearTextFile(path: "programmes/\(id).json", text: "{\n" + body.joined(separator: ",\n") + "\n}\n")
    }

    /// A fixed amount for one category (津贴类型).
    static func rule(_ category: String, _ yuan: Int) -> String {
        "{\"category\": \(q(category)), \"fixed\": \"\(yuan).00\"}"
    }

    /// A JSON string literal.
    static func q(_ s: String) -> String { JSONLines.quoted(s) }

    /// `targets.json`: `Schemas/examples/targets-2017.json` without its `$schema` line (the
    /// folder it points from is not the samples' own).
    static let targets = """
        {
          "year": 2017,
          "programmes": {
            "2017-midautumn-hardship": {
              "people": 366, "yuan": "700000.00", "onTimeRate": "100", "firstTimeAcceptedRate": "98", "executionRate": "100",
              "scores": {"people": 15, "onTime": 10, "firstTimeAccepted": 5, "paidTwice": 5, "cost": 5}
            },
            "2017-national-allowance": {
              "people": 60, "yuan": "1053500.00", "onTimeRate": "100", "firstTimeAcceptedRate": "98", "executionRate": "100",
              "scores": {"people": 10, "onTime": 5, "firstTimeAccepted": 5, "paidTwice": 5, "cost": 5}
            },
            "2017-provincial-hardship": {
              "people": 217, "yuan": "1451900.00", "onTimeRate": "100", "firstTimeAcceptedRate": "98", "executionRate": "100",
              "scores": {"people": 10, "onTime": 5, "firstTimeAccepted": 5, "paidTwice": 5, "cost": 5}
            },
            "2017-innovation-studios": {
              "people": 4, "yuan": "28000.00", "onTimeRate": "100", "firstTimeAcceptedRate": "100", "executionRate": "100",
              "scores": {"people": 5, "onTime": 2, "firstTimeAccepted": 1, "paidTwice": 1, "cost": 1}
            }
          },
          "clerkIndicators": [
            {"level1": "效益指标", "level2": "社会效益指标", "level3": "弘扬劳模精神，营造尊重劳模、关爱劳模的社会氛围", "target": "持续提升", "score": 10},
            {"level1": "效益指标", "level2": "可持续影响指标", "level3": "困难劳模帮扶长效机制", "target": "长期", "score": 5},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "劳模满意度", "target": "≥90%", "score": 10}
          ]
        }

        """
}
