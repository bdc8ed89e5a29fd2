import RosterCore

/// Fixed word lists the sample generator draws from. All names are assembled at random from
/// common surnames and given-name characters; none is a real person's record.
enum SampleTables {
    /// A Kunming district or county: its GB/T 2260 code, name and share of the seed's 366 rows.
    struct District: Sendable {
        let code: String
        let name: String
        let short: String
        let rows: Int
    }

    /// The 14 districts and counties of Kunming, in code order, with the row split of the
    /// default scenario (366 rows in all, as in 2017).
    static let districts: [District] = [
        District(code: "530102", name: "五华区", short: "五华", rows: 40),
        District(code: "530103", name: "盘龙区", short: "盘龙", rows: 38),
        District(code: "530111", name: "官渡区", short: "官渡", rows: 45),
        District(code: "530112", name: "西山区", short: "西山", rows: 40),
        District(code: "530113", name: "东川区", short: "东川", rows: 20),
        District(code: "530114", name: "呈贡区", short: "呈贡", rows: 20),
        District(code: "530115", name: "晋宁区", short: "晋宁", rows: 18),
        District(code: "530124", name: "富民县", short: "富民", rows: 12),
        District(code: "530125", name: "宜良县", short: "宜良", rows: 20),
        District(code: "530126", name: "石林彝族自治县", short: "石林", rows: 15),
        District(code: "530127", name: "嵩明县", short: "嵩明", rows: 18),
        District(code: "530128", name: "禄劝彝族苗族自治县", short: "禄劝", rows: 22),
        District(code: "530129", name: "寻甸回族彝族自治县", short: "寻甸", rows: 25),
        District(code: "530181", name: "安宁市", short: "安宁", rows: 33),
    ]

    /// Common surnames, most frequent first (weights follow roughly).
    static let surnames: [String] = [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
        "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
        "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
        "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚",
        "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
        "顾", "侯", "邵", "孟", "龙", "万", "段", "普", "李", "杨", "字", "者", "保", "纳", "沐", "欧阳",
        "诸葛", "司马",
    ]

    /// Given-name characters more usual for men.
    static let maleGiven: [String] = Array(
        "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
    ).map { String($0) }

    /// Given-name characters more usual for women.
    static let femaleGiven: [String] = Array(
        "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽"
    ).map { String($0) }

    /// Transliterated minority names written with a middle dot (U+00B7).
    static let dottedNames: [(name: String, male: Bool)] = [
        ("阿依古丽·买买提", false), ("艾力·吐尔逊", true), ("古丽娜尔·阿不都", false),
        ("买买提·艾买提", true), ("热依拉·哈斯木", false), ("阿不都热合曼·肉孜", true),
        ("迪丽拜尔·吾守尔", false), ("努尔兰·别克", true), ("巴特尔·那顺", true),
        ("其其格·乌力吉", false), ("扎西·多吉", true), ("卓玛·次仁", false),
    ]

    /// Employers of Kunming model workers (types of work units; district short name prefixed).
    static let employers: [String] = [
        "供电局", "自来水公司", "公交集团第三分公司", "第一人民医院", "中医医院", "环境卫生管理处",
        "第一中学", "实验小学", "机床厂", "卷烟厂", "钢铁集团有限公司", "化工有限公司", "建筑工程公司",
        "农业技术推广站", "林业局护林站", "粮食购销有限公司", "煤矿", "磷化工有限公司", "汽车运输公司",
        "食品有限公司", "花卉产业合作社", "蔬菜种植专业合作社", "社区卫生服务中心", "街道办事处",
        "茶叶专业合作社", "水务局", "公安分局", "消防救援大队", "邮政分公司", "供销合作社",
        "纺织厂", "印刷厂", "电缆厂", "燃气有限公司", "物业服务有限公司",
    ]

    /// A bank for sample accounts: its name, a card prefix (BIN) and a branch suffix style.
    struct Bank: Sendable {
        let name: String
        let bin: String
    }

    /// Banks whose debit cards are common in Kunming (all card numbers generated, 19 digits).
    static let banks: [Bank] = [
        Bank(name: "中国工商银行", bin: "622202"),
        Bank(name: "中国农业银行", bin: "622848"),
        Bank(name: "中国建设银行", bin: "621700"),
        Bank(name: "中国银行", bin: "621785"),
        Bank(name: "中国邮政储蓄银行", bin: "621799"),
        Bank(name: "云南省农村信用社", bin: "622995"),
        Bank(name: "富滇银行", bin: "622486"),
    ]

    /// Kinds of hardship written in the rosters.
    static let hardships: [String] = [
        "因病致困", "低保户", "下岗失业", "因残致困", "子女就学", "单亲家庭", "收入低", "遭受灾害",
    ]

    /// Mobile number prefixes.
    static let mobilePrefixes: [String] = [
        "138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "187", "188", "133", "153",
        "189", "180", "130", "131", "132", "155", "156", "186",
    ]

    /// Province codes that do not exist in GB/T 2260.
    static let unknownProvinces: [String] = ["26", "39", "48", "58", "67", "77", "88", "93", "96", "98"]

    /// Amounts (yuan) a clean row may carry, with weights, averaging about 1,900 yuan.
    static let amounts: [Int] = [1000, 1500, 2000, 2500, 3000]
    /// Weights of `amounts`.
    static let amountWeights: [Int] = [14, 22, 38, 14, 12]

    /// Wordings of the levels as clerks write them in the honour column.
    static let honourWords: [String: [String]] = [
        "national": ["全国劳动模范", "全国劳模", "全国先进工作者"],
        "provincial": ["省部级劳动模范", "省劳模", "省级劳动模范"],
        "municipal": ["市级劳动模范", "市劳模", "市级劳动模范"],
    ]

    /// The register's wording of each level.
    static let registerHonour: [String: String] = [
        "national": "全国劳动模范", "provincial": "省部级劳动模范", "municipal": "市级劳动模范",
    ]

    /// Full-width forms of ASCII digits and `X`.
    static func fullWidth(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { u in
                    if (0x30...0x39).contains(u.value) || u == "X" { return Unicode.Scalar(u.value + 0xFEE0)! }
                    return u
                }))
    }
}
