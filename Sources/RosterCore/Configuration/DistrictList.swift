import Foundation

/// The districts and counties of a city whose offices send rosters (`--districts FILE`, schema
/// `Schemas/district-list.schema.json`; Kunming's 14 are built in). A district named anywhere —
/// a 区县 cell, a file name, a title, `--district` — is one of these or it is unknown: a value
/// outside the list is never used as a district.
public struct DistrictList: Sendable, Hashable {
    /// One district or county.
    public struct District: Sendable, Hashable {
        /// The full official name (`禄劝彝族苗族自治县`), as written in reports and file names.
        public var name: String
        /// Its GB/T 2260 code, when given.
        public var code: String?
        /// Short forms and former names people write (`禄劝`, `禄劝县`).
        public var aliases: [String]

        /// Creates a district.
        public init(name: String, code: String? = nil, aliases: [String] = []) {
            self.name = name
            self.code = code
            self.aliases = aliases
        }
    }

    /// The province written before the city in full names (`云南省`), when given.
    public private(set) var province: String?
    /// The city (`昆明市`).
    public private(set) var city: String
    /// The districts, in the order of every report.
    public private(set) var districts: [District]
    /// Every accepted spelling (matching key) with its district's name, longest first.
    private var spellings: [(key: String, name: String)] = []
    /// Position of each name in `districts`.
    private var position: [String: Int] = [:]
    /// Spellings as usually typed (full names, aliases, stems, with the city in front): a cell
    /// holding one of these exactly is known without normalising it.
    private var exact: Set<String> = []

    public static func == (a: DistrictList, b: DistrictList) -> Bool {
        a.province == b.province && a.city == b.city && a.districts == b.districts
    }

    public func hash(into h: inout Hasher) {
        h.combine(province)
        h.combine(city)
        h.combine(districts)
    }

    /// A list in code; `aliases` of each district, plus its name without the final 区/县/市,
    /// are accepted spellings.
    public init(province: String? = nil, city: String, districts: [District]) {
        self.province = province
        self.city = city
        self.districts = districts
        var keys: [(String, String)] = []
        for (i, d) in districts.enumerated() {
            position[d.name] = i
            var forms = [d.name] + d.aliases
            if let stem = DistrictList.stem(d.name) { forms.append(stem) }
            for f in forms {
                exact.insert(f)
                exact.insert(city + f)
                let k = TextNormalizer.headerKey(f)
                if !k.isEmpty, !keys.contains(where: { $0.0 == k }) { keys.append((k, d.name)) }
            }
        }
        spellings = keys.sorted { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0 < $1.0 }.map { (key: $0.0, name: $0.1) }
    }

    /// `五华区` → `五华`; nil for a name that would leave fewer than two characters.
    static func stem(_ name: String) -> String? {
        guard let last = name.last, "区县市".contains(last), name.count >= 3 else { return nil }
        return String(name.dropLast())
    }

    /// The label for rows whose district is unknown.
    public static let unknownDistrict = "未注明区县"

    /// The names, in report order.
    public var names: [String] { districts.map(\.name) }

    /// The district's name for a cell's text (`石林县` → `石林彝族自治县`, `昆明市五华` → `五华区`),
    /// or nil when it names none of the list.
    public func canonical(_ text: String) -> String? {
        var k = TextNormalizer.headerKey(text)
        for prefix in [province, city].compactMap({ $0 }).map(TextNormalizer.headerKey) where !prefix.isEmpty {
            if k.hasPrefix(prefix), k != prefix { k.removeFirst(prefix.count) }
        }
        guard !k.isEmpty else { return nil }
        return spellings.first { $0.key == k }?.name
    }

    /// The one district named somewhere inside free text (a file name, a title), or nil when
    /// none or several different ones are named.
    public func find(in text: String) -> String? {
        var found: Set<String> = []
        // Cleaned but not reduced to a header key: a district in brackets (`（五华区）名单`) counts.
        var rest = TextNormalizer.clean(text, mode: .removeAll).0.lowercased()
        for s in spellings where rest.contains(s.key) {
            found.insert(s.name)
            rest = rest.replacingOccurrences(of: s.key, with: "|")
        }
        return found.count == 1 ? found.first : nil
    }

    /// True when a cell's text names a district of the list (`canonical` is not nil), checked
    /// first against the usual spellings as typed (one hash per row of a large roster).
    public func names(_ text: String) -> Bool { exact.contains(text) || canonical(text) != nil }

    /// True when `name` is one of the list's full names.
    public func contains(_ name: String) -> Bool { position[name] != nil }

    /// Sort key: the list's order, then any other name by its text.
    public func order(_ name: String) -> (Int, String) { (position[name] ?? districts.count, name) }

    /// The names joined for a message: `五华区、盘龙区、…、安宁市`.
    public var listed: String { names.joined(separator: "、") }

    /// Kunming's 14 districts and counties (`Schemas/districts-kunming.json`, built in).
    public static let kunming: DistrictList = {
        do {
            return try DistrictList(json: Data(EmbeddedTemplates.kunmingDistricts.utf8), file: EmbeddedTemplates.kunmingDistrictsFile)
        } catch {
            preconditionFailure("the built-in district list is invalid: \(error)")
        }
    }()

    /// Parses and checks a district list; errors name the file and JSON path.
    public init(json data: Data, file: String) throws(ConfigError) {
        let root = try JSONCursor.parse(data, file: file)
        _ = try root.object(allowed: ["$schema", "province", "city", "code", "districts"])
        if let c = try root.optionalMember("code") { try DistrictList.checkCode(c) }
        var list: [District] = []
        var seen: [String: String] = [:]
        for dc in try root.member("districts").array(minCount: 1) {
            _ = try dc.object(allowed: ["name", "code", "aliases"])
            let name = try dc.member("name").string()
            let code = try dc.optionalMember("code").map { c throws(ConfigError) in try DistrictList.checkCode(c) }
            let aliases = try dc.optionalMember("aliases")?.strings(minCount: 0, unique: true) ?? []
            for form in [name] + aliases {
                let k = TextNormalizer.headerKey(form)
                if let other = seen[k], other != name {
                    throw dc.fail("“\(form)” would name both \(other) and \(name); each spelling must name one district")
                }
                seen[k] = name
            }
            list.append(District(name: name, code: code, aliases: aliases))
        }
        self.init(
            province: try root.optionalMember("province")?.string(), city: try root.member("city").string(), districts: list)
    }

    @discardableResult
    private static func checkCode(_ c: JSONCursor) throws(ConfigError) -> String {
        let s = try c.string()
        guard s.utf8.count == 6, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw c.fail("must be a 6-digit GB/T 2260 code (got \"\(s)\")")
        }
        return s
    }

    /// Loads a district list file.
    public static func load(path: String) throws(ConfigError) -> DistrictList {
        try DistrictList(json: try readConfigFile(path), file: path)
    }
}

extension DistrictList {
    /// Sort key: the city's districts in the list's order, then rows whose district is unknown.
    public func reportOrder(_ name: String) -> (Int, String) {
        if name == DistrictList.unknownDistrict { return (districts.count + 1, name) }
        return order(name)
    }

    /// The distinct districts of `names` in report order.
    public func sorted(_ names: some Sequence<String>) -> [String] {
        Set(names).sorted { reportOrder($0) < reportOrder($1) }
    }
}
