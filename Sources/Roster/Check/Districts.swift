/// The 14 districts and counties of Kunming and the short forms people write for them.
public enum KunmingDistricts {
    /// Canonical names, in the official order.
    public static let names: [String] = [
        "五华区", "盘龙区", "官渡区", "西山区", "东川区", "呈贡区", "晋宁区", "富民县", "宜良县", "石林彝族自治县", "嵩明县",
        "禄劝彝族苗族自治县", "寻甸回族彝族自治县", "安宁市",
    ]

    /// Every accepted spelling (full, short, stem) with its canonical name, longest first.
    static let aliases: [(String, String)] = {
        var a: [(String, String)] = []
        for n in names {
            a.append((n, n))
            let stem = String(n.prefix(2))
            a.append((stem, n))
        }
        a += [
            ("石林县", "石林彝族自治县"), ("石林自治县", "石林彝族自治县"), ("禄劝县", "禄劝彝族苗族自治县"), ("禄劝自治县", "禄劝彝族苗族自治县"),
            ("寻甸县", "寻甸回族彝族自治县"), ("寻甸自治县", "寻甸回族彝族自治县"), ("晋宁县", "晋宁区"), ("呈贡县", "呈贡区"),
            ("安宁县", "安宁市"),
        ]
        return a.sorted { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0 < $1.0 }
    }()

    /// The canonical name for a cell's text (`石林县` -> `石林彝族自治县`, `五华` -> `五华区`), or nil.
    public static func canonical(_ text: String) -> String? {
        let k = TextNormalizer.headerKey(text).replacingOccurrences(of: "昆明市", with: "")
        guard !k.isEmpty else { return nil }
        for (alias, name) in aliases where k == alias { return name }
        return nil
    }

    /// The one district named somewhere inside free text (a file name, a title), or nil when
    /// none or several different ones are named.
    public static func find(in text: String) -> String? {
        var found: Set<String> = []
        var rest = TextNormalizer.clean(text, mode: .removeAll).0
        for (alias, name) in aliases where rest.contains(alias) {
            found.insert(name)
            rest = rest.replacingOccurrences(of: alias, with: "|")
        }
        return found.count == 1 ? found.first : nil
    }
}
