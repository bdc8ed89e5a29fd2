import Foundation

/// The year's performance targets (`--targets FILE`, schema
/// `Schemas/performance-targets.schema.json`): per programme the 年度指标值 and the 分值 of each
/// indicator the ledger can measure, and the indicators only a person can judge.
public struct PerformanceTargets: Sendable, Hashable {
    /// One programme's targets.
    public struct Programme: Sendable, Hashable {
        /// People (or organisations) to pay.
        public var people: Int?
        /// Yuan to pay.
        public var yuan: Money?
        /// 及时发放率 to reach.
        public var onTimeRate: Rate?
        /// 一次受理成功率 to reach.
        public var firstTimeAcceptedRate: Rate?
        /// 预算执行率 to reach (never above 100%).
        public var executionRate: Rate?
        /// 分值 by indicator: `people`, `onTime`, `firstTimeAccepted`, `paidTwice`, `cost`.
        public var scores: [String: Int]

        /// Creates targets.
        public init(
            people: Int? = nil, yuan: Money? = nil, onTimeRate: Rate? = nil, firstTimeAcceptedRate: Rate? = nil,
            executionRate: Rate? = nil, scores: [String: Int] = [:]
        ) {
            self.people = people
            self.yuan = yuan
            self.onTimeRate = onTimeRate
            self.firstTimeAcceptedRate = firstTimeAcceptedRate
            self.executionRate = executionRate
            self.scores = scores
        }
    }

    /// An indicator the ledger cannot know (satisfaction, social benefit): listed with its
    /// target and 分值, its result left for the clerk.
    public struct ClerkIndicator: Sendable, Hashable {
        public var level1: String
        public var level2: String
        public var level3: String
        public var target: String
        public var score: Int?

        /// Creates one.
        public init(level1: String, level2: String, level3: String, target: String, score: Int?) {
            self.level1 = level1
            self.level2 = level2
            self.level3 = level3
            self.target = target
            self.score = score
        }
    }

    /// The year the targets are for.
    public var year: Int
    /// Targets by programme id.
    public var programmes: [String: Programme]
    /// The indicators left to the clerk, in file order.
    public var clerkIndicators: [ClerkIndicator]

    /// The indicator keys a programme's `scores` may name.
    public static let scoreKeys: Set<String> = ["people", "onTime", "firstTimeAccepted", "paidTwice", "cost"]

    /// Creates targets in code.
    public init(year: Int, programmes: [String: Programme] = [:], clerkIndicators: [ClerkIndicator] = []) {
        self.year = year
        self.programmes = programmes
        self.clerkIndicators = clerkIndicators
    }

    /// The default indicators left to the clerk when no targets file lists any.
    public static let defaultClerkIndicators: [ClerkIndicator] = [
        ClerkIndicator(level1: "效益指标", level2: "社会效益指标", level3: "弘扬劳模精神、关爱劳模氛围", target: "持续提升", score: nil),
        ClerkIndicator(level1: "满意度指标", level2: "服务对象满意度指标", level3: "劳模满意度", target: "≥90%", score: nil),
    ]

    /// Parses a targets file; `known` are the programme ids the ledger has for the year, and a
    /// target for any other is refused (a typo would otherwise vanish from the report).
    public init(json data: Data, file: String, known: Set<String>? = nil) throws(ConfigError) {
        let root = try JSONCursor.parse(data, file: file)
        _ = try root.object(allowed: ["$schema", "year", "programmes", "clerkIndicators"])
        year = try root.member("year").int()
        let pc = try root.member("programmes")
        var programmes: [String: Programme] = [:]
        for id in try pc.object().keys.sorted() {
            let c = try pc.member(id)
            if let known, !known.contains(id) {
                let list = known.sorted().joined(separator: ", ")
                throw c.fail("the ledger has no programme \"\(id)\" paid in \(year) (it has: \(list.isEmpty ? "none" : list))")
            }
            programmes[id] = try Self.programme(c)
        }
        self.programmes = programmes
        clerkIndicators = []
        if let cc = try root.optionalMember("clerkIndicators") {
            for item in try cc.array() {
                _ = try item.object(allowed: ["level1", "level2", "level3", "target", "score"])
                clerkIndicators.append(
                    ClerkIndicator(
                        level1: try item.member("level1").string(), level2: try item.member("level2").string(),
                        level3: try item.member("level3").string(), target: try item.member("target").string(),
                        score: try item.optionalMember("score")?.int()))
            }
        }
    }

    /// Loads a targets file.
    public static func load(path: String, known: Set<String>? = nil) throws(ConfigError) -> PerformanceTargets {
        try PerformanceTargets(json: try readConfigFile(path), file: path, known: known)
    }

    static func programme(_ c: JSONCursor) throws(ConfigError) -> Programme {
        _ = try c.object(allowed: ["people", "yuan", "onTimeRate", "firstTimeAcceptedRate", "executionRate", "scores"])
        func rate(_ key: String) throws(ConfigError) -> Rate? {
            guard let rc = try c.optionalMember(key) else { return nil }
            let t = try rc.string()
            guard let r = Rate(percent: t), r <= .full else { throw rc.fail("must be a percent from 0 to 100, like \"98.5\" (got \"\(t)\")") }
            return r
        }
        var scores: [String: Int] = [:]
        if let sc = try c.optionalMember("scores") {
            for key in try sc.object().keys.sorted() {
                let kc = try sc.member(key)
                guard scoreKeys.contains(key) else { throw kc.fail("unknown indicator; known: \(scoreKeys.sorted().joined(separator: ", "))") }
                let v = try kc.int()
                guard v >= 0 else { throw kc.fail("must not be negative") }
                scores[key] = v
            }
        }
        var people: Int? = nil
        if let pc = try c.optionalMember("people") {
            let v = try pc.int()
            guard v >= 0 else { throw pc.fail("must not be negative") }
            people = v
        }
        return Programme(
            people: people, yuan: try c.optionalMember("yuan")?.money(), onTimeRate: try rate("onTimeRate"),
            firstTimeAcceptedRate: try rate("firstTimeAcceptedRate"), executionRate: try rate("executionRate"), scores: scores)
    }
}
