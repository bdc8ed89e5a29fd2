/// One line of the indicator table in the layout finance bureaus use: 一级/二级/三级指标 |
/// 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.
public struct Indicator: Sendable, Hashable {
    /// The programme it measures (its title), or nil for the year as a whole.
    public var programme: String?
    public var level1: String
    public var level2: String
    public var level3: String
    /// 年度指标值 (empty when no target was given).
    public var target: String
    /// 实际完成值; for an indicator the ledger cannot know, nil: the clerk fills it in.
    public var actual: String?
    /// 分值.
    public var score: Int?
    /// 得分 in hundredths of a point (nil when there is no 分值 or no result).
    public var earned: Int?
    /// 偏差原因分析及改进措施: what the ledger can say of a shortfall; the clerk adds the rest.
    public var note: String

    /// True for the lines a person must complete.
    public var leftToClerk: Bool { actual == nil }

    /// `18.50` from hundredths.
    public static func points(_ hundredths: Int) -> String {
        let f = hundredths % 100
        return "\(hundredths / 100).\(f < 10 ? "0" : "")\(f)"
    }
}

/// Builds the indicator table from the ledger's figures and the targets.
public enum IndicatorTable {
    /// Every programme's output indicators (数量, 时效, 质量, 成本), then the indicators left to
    /// the clerk (the targets file's, else the defaults).
    public static func build(_ figures: YearFigures, targets: PerformanceTargets?) -> [Indicator] {
        var lines: [Indicator] = []
        for p in figures.programmes {
            lines += outputs(p, targets: targets?.programmes[p.id] ?? PerformanceTargets.Programme())
        }
        let clerk = targets.map { $0.clerkIndicators.isEmpty ? PerformanceTargets.defaultClerkIndicators : $0.clerkIndicators }
            ?? PerformanceTargets.defaultClerkIndicators
        for c in clerk {
            lines.append(
                Indicator(
                    programme: nil, level1: c.level1, level2: c.level2, level3: c.level3, target: c.target, actual: nil, score: c.score,
                    earned: nil, note: "账本无法得知，请经办人据实填写"))
        }
        return lines
    }

    /// The four output indicators of one programme.
    static func outputs(_ p: YearFigures.Programme, targets t: PerformanceTargets.Programme) -> [Indicator] {
        let unit = p.payee == "organisation" ? "个" : "人"
        var out: [Indicator] = []
        // 数量: payees paid.
        let who = p.payee == "organisation" ? "发放工作室数" : "发放人数"
        var quantity = Indicator(
            programme: p.title, level1: "产出指标", level2: "数量指标", level3: who, target: t.people.map { "\($0)\(unit)" } ?? "",
            actual: "\(p.paid.count)\(unit)", score: t.scores["people"], earned: nil, note: "")
        if let target = t.people {
            quantity.earned = earned(t.scores["people"], reached: Int64(p.paid.count), of: Int64(target))
            if p.paid.count < target {
                quantity.note = "比目标少 \(target - p.paid.count)\(unit)" + (p.failedOpen.count > 0 ? "；\(p.failedOpen.count) 笔发放失败尚未重新发放" : "")
            }
        }
        out.append(quantity)
        // 时效: paid by the deadline.
        let onTimeActual = p.onTimeRate.map(\.description) ?? (p.deadline == nil ? "未设发放期限" : "—")
        var timeliness = Indicator(
            programme: p.title, level1: "产出指标", level2: "时效指标",
            level3: "及时发放率" + (p.deadline.map { "（\($0) 前到账）" } ?? ""),
            target: t.onTimeRate?.description ?? "", actual: onTimeActual, score: t.scores["onTime"], earned: nil, note: "")
        if let target = t.onTimeRate, let rate = p.onTimeRate {
            timeliness.earned = earned(t.scores["onTime"], reached: Int64(rate.basisPoints), of: Int64(target.basisPoints))
            if rate < target, let on = p.onTime { timeliness.note = "\(p.paid.count - on)\(unit)在发放期限后到账" }
        }
        out.append(timeliness)
        // 质量: accepted the first time; nobody paid twice.
        let firstRate = p.firstTimeAcceptedRate
        var quality = Indicator(
            programme: p.title, level1: "产出指标", level2: "质量指标", level3: "银行一次受理成功率", target: t.firstTimeAcceptedRate?.description ?? "",
            actual: firstRate?.description ?? "—", score: t.scores["firstTimeAccepted"], earned: nil, note: "")
        if let target = t.firstTimeAcceptedRate, let rate = firstRate {
            quality.earned = earned(t.scores["firstTimeAccepted"], reached: Int64(rate.basisPoints), of: Int64(target.basisPoints))
        }
        if p.failed.count > 0 {
            quality.note = "银行未受理或退回 \(p.failed.count) 笔，已重新发放 \(p.reissued.count) 笔"
                + (p.failedOpen.count > 0 ? "，尚有 \(p.failedOpen.count) 笔待处理" : "")
        }
        out.append(quality)
        let twiceScore = t.scores["paidTwice"]
        out.append(
            Indicator(
                programme: p.title, level1: "产出指标", level2: "质量指标", level3: "重复发放人数", target: "0\(unit)", actual: "\(p.paidTwice)\(unit)",
                score: twiceScore, earned: twiceScore.map { p.paidTwice == 0 ? $0 * 100 : 0 },
                note: p.paidTwice == 0 ? "" : "有重复发放，请核查追回"))
        // 成本: spent against the budget.
        let rate = p.executionRate
        var cost = Indicator(
            programme: p.title, level1: "产出指标", level2: "成本指标", level3: "预算执行率（实际/预算）",
            target: t.executionRate?.description ?? (p.budget == nil ? "" : "≤100.00%"), actual: rate?.description ?? "—",
            score: t.scores["cost"], earned: nil, note: "")
        cost.note = "实际支出 \(p.paid.amount.groupedString) 元，预算 \(p.budget?.groupedString ?? "未设") 元"
        if let rate, let score = t.scores["cost"] {
            if rate > .full {
                cost.earned = 0
                cost.note += "，超出预算"
            } else {
                cost.earned = earned(score, reached: Int64(rate.basisPoints), of: Int64((t.executionRate ?? .full).basisPoints))
            }
        }
        out.append(cost)
        return out
    }

    /// 分值 × min(1, reached / target), in hundredths of a point (rounded half up).
    static func earned(_ score: Int?, reached: Int64, of target: Int64) -> Int? {
        guard let score else { return nil }
        guard target > 0, reached < target else { return score * 100 }
        return Int((Int64(score) * 200 * reached + target) / (2 * target))
    }
}
