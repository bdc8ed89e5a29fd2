import Foundation

/// A field of a roster or register, identified by its template key.
public enum RosterField: String, Sendable, Hashable, CaseIterable, Comparable {
    case name, gender, idNumber, district, employer, honour, amount, bank, account, phone, hardship, remarks
    case honourYear, status, statusDate, category
    case creditCode, studio, leaderName, leaderId, bankCode, namedYear

    /// The Chinese label used in messages.
    public var label: String {
        switch self {
        case .name: return "姓名"
        case .gender: return "性别"
        case .idNumber: return "身份证号码"
        case .district: return "区县"
        case .employer: return "工作单位"
        case .honour: return "荣誉称号"
        case .amount: return "补助金额"
        case .bank: return "开户行"
        case .account: return "银行卡号"
        case .phone: return "联系电话"
        case .hardship: return "困难类型"
        case .remarks: return "备注"
        case .honourYear: return "获得荣誉年份"
        case .status: return "荣誉状态"
        case .statusDate: return "状态日期"
        case .category: return "补助类别"
        case .creditCode: return "统一社会信用代码"
        case .studio: return "工作室名称"
        case .leaderName: return "负责人姓名"
        case .leaderId: return "负责人身份证号码"
        case .bankCode: return "联行号"
        case .namedYear: return "命名年份"
        }
    }

    /// Position in `allCases`, without hashing (used for per-row column lookups).
    public var ordinal: Int {
        switch self {
        case .name: return 0
        case .gender: return 1
        case .idNumber: return 2
        case .district: return 3
        case .employer: return 4
        case .honour: return 5
        case .amount: return 6
        case .bank: return 7
        case .account: return 8
        case .phone: return 9
        case .hardship: return 10
        case .remarks: return 11
        case .honourYear: return 12
        case .status: return 13
        case .statusDate: return 14
        case .category: return 15
        case .creditCode: return 16
        case .studio: return 17
        case .leaderName: return 18
        case .leaderId: return 19
        case .bankCode: return 20
        case .namedYear: return 21
        }
    }

    public static func < (a: RosterField, b: RosterField) -> Bool { a.ordinal < b.ordinal }
}

/// The honour levels a model worker can hold.
public enum HonourLevel: String, Sendable, Hashable, CaseIterable, Codable {
    /// 全国劳动模范 / 全国先进工作者.
    case national
    /// 省部级劳动模范.
    case provincial
    /// 市级劳动模范.
    case municipal

    /// The Chinese name.
    public var label: String {
        switch self {
        case .national: return "全国劳动模范"
        case .provincial: return "省部级劳动模范"
        case .municipal: return "市级劳动模范"
        }
    }
}

/// The status of an honour in the register.
public enum RegisterStatus: String, Sendable, Hashable, CaseIterable {
    /// 保持荣誉.
    case active
    /// 撤销荣誉.
    case revoked
    /// 已故.
    case deceased
}

/// One field of a template: its key, type, whether it must be present and the headers that mean it.
public struct FieldSpec: Sendable, Hashable {
    /// The field.
    public var key: RosterField
    /// The label written in outputs.
    public var label: String
    /// The value type (`text`, `name`, `idNumber`, `money`, …).
    public var type: String
    /// Whether a file without this column cannot be used.
    public var required: Bool
    /// Header texts that mean this field, as written in the template.
    public var headers: [String]
}

/// A table template (`Schemas/roster-template.json`, `Schemas/registry-template.json`).
public struct TableTemplate: Sendable, Hashable {
    /// `roster` or `registry`.
    public var kind: String
    /// The fields, in template order.
    public var fields: [FieldSpec]
    /// Wording variants of each honour level.
    public var honourLevels: [HonourLevel: [String]]
    /// Wording of each register status (registry templates).
    public var statusValues: [RegisterStatus: [String]]
    /// Normalised header text -> field.
    public let headerIndex: [String: RosterField]
    let honourIndex: [String: HonourLevel]
    let statusIndex: [String: RegisterStatus]
    let honourRawIndex: [String: HonourLevel]
    let statusRawIndex: [String: RegisterStatus]
    /// The raw indexes as lists, matched byte for byte before hashing (hashing non-ASCII text
    /// normalises it, which costs more than comparing a few short words).
    let honourRawList: [(String, HonourLevel)]
    let statusRawList: [(String, RegisterStatus)]

    static let knownTypes: Set<String> = [
        "text", "name", "gender", "idNumber", "district", "honour", "money", "account", "phone", "year", "status", "date", "creditCode", "bankCode",
    ]

    /// Parses and checks a template's JSON; errors name the file and the JSON path.
    public init(json data: Data, file: String) throws(ConfigError) {
        let root = try JSONCursor.parse(data, file: file)
        _ = try root.object(allowed: ["kind", "version", "title", "fields", "honourLevels", "statusValues"])
        let kindC = try root.member("kind")
        kind = try kindC.string()
        guard TableTemplate.requiredFields[kind] != nil else {
            throw kindC.fail("must be one of \(TableTemplate.requiredFields.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        let vC = try root.member("version")
        guard try vC.int() == 1 else { throw vC.fail("must be 1") }
        if let t = try root.optionalMember("title") { _ = try t.string(nonEmpty: false) }
        var fields: [FieldSpec] = []
        var index: [String: RosterField] = [:]
        for fc in try root.member("fields").array(minCount: 1) {
            _ = try fc.object(allowed: ["key", "label", "type", "required", "headers"])
            let keyC = try fc.member("key")
            let keyText = try keyC.string()
            guard let key = RosterField(rawValue: keyText) else {
                throw keyC.fail("unknown field \"\(keyText)\"; known: \(RosterField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if fields.contains(where: { $0.key == key }) { throw keyC.fail("field \"\(keyText)\" is listed twice") }
            let typeC = try fc.member("type")
            let type = try typeC.string()
            guard TableTemplate.knownTypes.contains(type) else {
                throw typeC.fail("unknown type \"\(type)\"; known: \(TableTemplate.knownTypes.sorted().joined(separator: ", "))")
            }
            let headersC = try fc.member("headers")
            let headers = try headersC.strings(minCount: 1, unique: true)
            for (i, h) in headers.enumerated() {
                let k = TextNormalizer.headerKey(h)
                let hc = JSONCursor(file: file, path: headersC.path + "[\(i)]", value: h)
                guard !k.isEmpty else { throw hc.fail("header is empty once spaces and brackets are removed") }
                if let other = index[k], other != key {
                    throw hc.fail("header \"\(h)\" already means field \"\(other.rawValue)\"")
                }
                index[k] = key
            }
            fields.append(
                FieldSpec(
                    key: key, label: try fc.member("label").string(), type: type, required: try fc.member("required").bool(),
                    headers: headers))
        }
        for r in TableTemplate.requiredFields[kind]! where !fields.contains(where: { $0.key == r }) {
            throw root.fail("a \(kind) template must define field \"\(r.rawValue)\"")
        }
        var levels: [HonourLevel: [String]] = [:]
        var hIndex: [String: HonourLevel] = [:]
        // Rosters and registers name honours; the other kinds may leave the wordings out.
        let hlOptional = try root.optionalMember("honourLevels")
        if hlOptional == nil, kind == "roster" || kind == "registry" { _ = try root.member("honourLevels") }
        if let hl = hlOptional {
            _ = try hl.object(allowed: Set(HonourLevel.allCases.map(\.rawValue)))
            for level in HonourLevel.allCases {
                let words = try hl.member(level.rawValue).strings()
                levels[level] = words
                for w in words { hIndex[TextNormalizer.headerKey(w)] = level }
            }
        }
        var statuses: [RegisterStatus: [String]] = [:]
        var sIndex: [String: RegisterStatus] = [:]
        if let sv = try root.optionalMember("statusValues") {
            _ = try sv.object(allowed: Set(RegisterStatus.allCases.map(\.rawValue)))
            for st in RegisterStatus.allCases {
                let words = try sv.member(st.rawValue).strings()
                statuses[st] = words
                for w in words { sIndex[TextNormalizer.headerKey(w)] = st }
            }
        } else if kind == "registry" {
            _ = try root.member("statusValues")
        }
        self.fields = fields
        self.honourLevels = levels
        self.statusValues = statuses
        self.headerIndex = index
        self.honourIndex = hIndex
        self.statusIndex = sIndex
        var hRaw: [String: HonourLevel] = [:]
        for (l, ws) in levels { for w in ws { hRaw[w] = l } }
        var sRaw: [String: RegisterStatus] = [:]
        for (st, ws) in statuses { for w in ws { sRaw[w] = st } }
        self.honourRawIndex = hRaw
        self.statusRawIndex = sRaw
        self.honourRawList = hRaw.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.statusRawList = sRaw.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The kinds of table and the fields each must define: a district's roster of people, the
    /// honour register, an organisation roster, the list of named studios, an account list.
    static let requiredFields: [String: [RosterField]] = [
        "roster": [.name, .idNumber, .amount, .account], "registry": [.name, .idNumber, .status],
        "organisation": [.name, .creditCode, .studio, .account, .amount], "studios": [.studio, .creditCode],
        "accounts": [.idNumber, .account],
    ]

    /// Loads a template file.
    public static func load(path: String) throws(ConfigError) -> TableTemplate {
        try TableTemplate(json: try readConfigFile(path), file: path)
    }

    /// The built-in roster template.
    public static let defaultRoster: TableTemplate = {
        do {
            return try TableTemplate(json: Data(EmbeddedTemplates.rosterTemplate.utf8), file: EmbeddedTemplates.rosterTemplateFile)
        } catch { fatalError("embedded roster template is invalid: \(error)") }
    }()

    /// The built-in honour-register template.
    public static let defaultRegistry: TableTemplate = {
        do {
            return try TableTemplate(
                json: Data(EmbeddedTemplates.registryTemplate.utf8), file: EmbeddedTemplates.registryTemplateFile)
        } catch { fatalError("embedded registry template is invalid: \(error)") }
    }()

    /// The built-in organisation roster template (a studio's host as payee).
    public static let defaultOrganisation: TableTemplate = embedded(EmbeddedTemplates.organisationTemplate, EmbeddedTemplates.organisationTemplateFile)

    /// The built-in template of the list of named studios.
    public static let defaultStudios: TableTemplate = embedded(EmbeddedTemplates.studioListTemplate, EmbeddedTemplates.studioListTemplateFile)

    /// The built-in template of an account list (a programme paid from the register).
    public static let defaultAccounts: TableTemplate = embedded(EmbeddedTemplates.accountListTemplate, EmbeddedTemplates.accountListTemplateFile)

    private static func embedded(_ text: String, _ file: String) -> TableTemplate {
        do { return try TableTemplate(json: Data(text.utf8), file: file) } catch { fatalError("embedded template \(file) is invalid: \(error)") }
    }

    /// The field a header cell means, if any.
    public func field(forHeader text: String) -> RosterField? { headerIndex[TextNormalizer.headerKey(text)] }

    /// The spec of a field, if the template has it.
    public func spec(_ key: RosterField) -> FieldSpec? { fields.first { $0.key == key } }

    /// The honour level a cell's wording means (`全国劳模` -> national), if recognised.
    public func honourLevel(for text: String) -> HonourLevel? {
        if let l = TableTemplate.exact(text, in: honourRawList) { return l }
        if let l = honourRawIndex[text] { return l }
        let k = TextNormalizer.headerKey(text)
        if let l = honourIndex[k] { return l }
        if let l = HonourLevel(rawValue: k) { return l }
        return nil
    }

    /// The register status a cell's wording means, if recognised.
    public func status(for text: String) -> RegisterStatus? {
        if let s = TableTemplate.exact(text, in: statusRawList) { return s }
        if let s = statusRawIndex[text] { return s }
        let k = TextNormalizer.headerKey(text)
        return statusIndex[k] ?? RegisterStatus(rawValue: k)
    }

    /// The value of the first word whose UTF-8 bytes equal the text's (equal bytes mean equal
    /// strings, so this answers as the dictionary would, only sooner).
    @inline(__always)
    static func exact<V>(_ text: String, in list: [(String, V)]) -> V? {
        let n = text.utf8.count
        for (w, v) in list where w.utf8.count == n {
            let same =
                text.utf8.withContiguousStorageIfAvailable { a in
                    w.utf8.withContiguousStorageIfAvailable { b in
                        var i = 0
                        while i < n && a[i] == b[i] { i += 1 }
                        return i == n
                    }
                } ?? nil
            if same ?? w.utf8.elementsEqual(text.utf8) { return v }
        }
        return nil
    }

    public static func == (a: TableTemplate, b: TableTemplate) -> Bool {
        a.kind == b.kind && a.fields == b.fields && a.honourLevels == b.honourLevels && a.statusValues == b.statusValues
    }

    public func hash(into h: inout Hasher) {
        h.combine(kind)
        h.combine(fields)
    }
}
