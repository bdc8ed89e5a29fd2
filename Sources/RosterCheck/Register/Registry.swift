import Foundation
import Spreadsheet
import RosterCore

/// One person in the honour register.
///
/// A value type whose fields live in one shared, copy-on-write box: a checked row keeps its
/// register entry, and copying a box pointer instead of five strings took a visible share of
/// checking 100,000 rows (and a hundred bytes off each checked row and each register slot).
public struct RegisterEntry: Sendable, Hashable {
    private final class Box: @unchecked Sendable {  // never changed once shared: every setter copies a shared box first
        var name: String
        var idNumber: String
        var honour: HonourLevel?
        var honourText: String
        var honourYear: String?
        var status: RegisterStatus
        var statusDate: SimpleDate?
        var employer: String?
        var row: Int

        init(
            name: String, idNumber: String, honour: HonourLevel?, honourText: String, honourYear: String?,
            status: RegisterStatus, statusDate: SimpleDate?, employer: String?, row: Int
        ) {
            self.name = name
            self.idNumber = idNumber
            self.honour = honour
            self.honourText = honourText
            self.honourYear = honourYear
            self.status = status
            self.statusDate = statusDate
            self.employer = employer
            self.row = row
        }

        func copy() -> Box {
            Box(
                name: name, idNumber: idNumber, honour: honour, honourText: honourText, honourYear: honourYear,
                status: status, statusDate: statusDate, employer: employer, row: row)
        }
    }

    private var box: Box

    /// Creates an entry.
    public init(
        name: String, idNumber: String, honour: HonourLevel?, honourText: String, honourYear: String?,
        status: RegisterStatus, statusDate: SimpleDate? = nil, employer: String?, row: Int
    ) {
        box = Box(
            name: name, idNumber: idNumber, honour: honour, honourText: honourText, honourYear: honourYear,
            status: status, statusDate: statusDate, employer: employer, row: row)
    }

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
    }

    /// Normalised name.
    public var name: String {
        get { box.name }
        set { unique(); box.name = newValue }
    }
    /// 18-character identity number.
    public var idNumber: String {
        get { box.idNumber }
        set { unique(); box.idNumber = newValue }
    }
    /// The registered honour level (nil when the register's wording is not recognised).
    public var honour: HonourLevel? {
        get { box.honour }
        set { unique(); box.honour = newValue }
    }
    /// The honour's wording as written in the register.
    public var honourText: String {
        get { box.honourText }
        set { unique(); box.honourText = newValue }
    }
    /// The year the honour was awarded, as written.
    public var honourYear: String? {
        get { box.honourYear }
        set { unique(); box.honourYear = newValue }
    }
    /// 保持荣誉 / 撤销荣誉 / 已故.
    public var status: RegisterStatus {
        get { box.status }
        set { unique(); box.status = newValue }
    }
    /// When the status took effect (状态日期), when the register says.
    public var statusDate: SimpleDate? {
        get { box.statusDate }
        set { unique(); box.statusDate = newValue }
    }
    /// Employer, as written.
    public var employer: String? {
        get { box.employer }
        set { unique(); box.employer = newValue }
    }
    /// The register row it came from.
    public var row: Int {
        get { box.row }
        set { unique(); box.row = newValue }
    }

    /// True when the entry holds the honour on `date`: active, or revoked or deceased only after
    /// it (an undated status counts on any date).
    public func holdsHonour(on date: SimpleDate) -> Bool {
        status == .active || (statusDate.map { $0 > date } ?? false)
    }

    /// Equal when every field is equal.
    public static func == (a: RegisterEntry, b: RegisterEntry) -> Bool {
        if a.box === b.box { return true }
        return a.name == b.name && a.idNumber == b.idNumber && a.honour == b.honour && a.honourText == b.honourText
            && a.honourYear == b.honourYear && a.status == b.status && a.statusDate == b.statusDate && a.employer == b.employer && a.row == b.row
    }

    /// Hashes every field.
    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(idNumber)
        h.combine(honour)
        h.combine(honourText)
        h.combine(honourYear)
        h.combine(status)
        h.combine(statusDate)
        h.combine(employer)
        h.combine(row)
    }
}

/// The honour register (`--registry FILE`), keyed by identity number.
public struct Registry: Sendable {
    /// Entries of well-formed 18-character numbers, by the number packed into 64 bits
    /// (hashing a word instead of a string; no key string per entry).
    var packed: [UInt64: RegisterEntry]
    /// Entries whose number does not pack (not 17 digits and a check character).
    var unpacked: [String: RegisterEntry]
    /// Rows of the register that could not be used, one line each (masked).
    public var problems: [String]

    /// Entries by 18-character identity number.
    public var entries: [String: RegisterEntry] {
        get {
            var all = unpacked
            all.reserveCapacity(packed.count + unpacked.count)
            for e in packed.values { all[e.idNumber] = e }
            return all
        }
        set {
            packed = [:]
            unpacked = [:]
            for (k, e) in newValue { insert(e, key: k) }
        }
    }

    /// Creates a register from entries.
    public init(entries: [RegisterEntry], problems: [String] = []) {
        self.packed = [:]
        self.unpacked = [:]
        self.problems = problems
        for e in entries where self[e.idNumber] == nil { insert(e, key: e.idNumber) }
    }

    init(packed: [UInt64: RegisterEntry], problems: [String]) {
        self.packed = packed
        self.unpacked = [:]
        self.problems = problems
    }

    mutating func insert(_ e: RegisterEntry, key: String) {
        if let k = Registry.pack(key) { packed[k] = e } else { unpacked[key] = e }
    }

    /// 17 digits and a check character (`0`–`9` or `X`) as one number: digits × 11 + check.
    static func pack(_ id: String) -> UInt64? {
        withUTF8Bytes(id) { b in
            guard b.count == 18 else { return nil }
            var v: UInt64 = 0
            for i in 0..<17 {
                let u = b[i]
                guard u >= 48 && u <= 57 else { return nil }
                v = v * 10 + UInt64(u - 48)
            }
            let last = b[17]
            if last >= 48 && last <= 57 { return v * 11 + UInt64(last - 48) }
            return last == UInt8(ascii: "X") ? v * 11 + 10 : nil
        }
    }

    /// The entry for an 18-character identity number.
    public subscript(id: String) -> RegisterEntry? {
        if let k = Registry.pack(id) { return packed[k] }
        return unpacked[id]
    }

    /// Reads the register from an XLSX or CSV file through the register template. Rows are
    /// turned into entries as they are read; none is kept.
    public static func load(
        path: String, template: TableTemplate = .defaultRegistry, options: ReadOptions = ReadOptions()
    ) throws(RosterError) -> Registry {
        var builder = Builder(template: template)
        // Room for the people the file's size suggests (a register row takes at least ~40 bytes
        // zipped, ~60 as CSV), so the table is not rebuilt as it grows.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            builder.map.reserveCapacity(min(size / (path.lowercased().hasSuffix(".csv") ? 60 : 40), 4_000_000))
        }
        let file = try RosterLocator(template: template).stream(path: path, options: options) {
            (row: Row, header: RosterFile) throws(RosterError) in
            if builder.table == nil { try builder.start(header) }
            builder.add(number: row.number) { c in row.rawText(column: c).map { FieldText(raw: $0.raw, isNumber: $0.isNumber) } }
        }
        if builder.table == nil { try builder.start(file) }
        return builder.registry
    }

    /// Builds the register from a located table.
    public static func load(file: RosterFile, template: TableTemplate = .defaultRegistry) throws(RosterError) -> Registry {
        var builder = Builder(template: template)
        try builder.start(file)
        for r in file.dataRows {
            builder.add(number: r.number) { r.field($0) }
        }
        return builder.registry
    }

    /// Turns register rows into entries, one at a time.
    struct Builder {
        let template: TableTemplate
        var path = ""
        var sheet = ""
        var table: [Int?]? = nil
        var map: [UInt64: RegisterEntry] = Dictionary(minimumCapacity: 1 << 14)
        var problems: [String] = []

        init(template: TableTemplate) { self.template = template }

        /// Takes the located header; a register without a required column is refused.
        mutating func start(_ file: RosterFile) throws(RosterError) {
            if !file.missingFields.isEmpty {
                throw .config(
                    ConfigError(
                        file: file.path,
                        reason: "荣誉名册缺少列 (register lacks column): "
                            + file.missingFields.map { $0.label }.joined(separator: ", ")))
            }
            path = file.path
            sheet = file.sheet
            table = file.columnTable
        }

        /// The honour wordings seen so far with their levels, each kept once and shared by every
        /// row using it: a register uses a handful, so a short list compared byte for byte
        /// beats hashing each row's wording.
        var honours: [(text: UTF8Key, level: HonourLevel?)] = []

        /// The shared copy of an honour wording and its level.
        mutating func honour(_ s: String) -> (String, HonourLevel?) {
            let key = UTF8Key(s)
            for h in honours where h.text == key { return (h.text.text, h.level) }
            let level = template.honourLevel(for: s)
            if honours.count < 32 { honours.append((key, level)) }
            return (s, level)
        }

        /// Adds data row `number`; `field` gives the raw text of a 0-based column.
        mutating func add(number: Int, field: (Int) -> FieldText?) {
            let table = self.table!
            func cell(_ f: RosterField) -> FieldText? { table[f.ordinal].flatMap(field) }
            let id = FieldParsing.identity(cell(.idNumber))
            var place: String { "\(path): \(sheet)!row \(number)" }
            guard id.problem == nil else {
                problems.append("\(place): 身份证号码无效 (invalid ID) \(Mask.identity(id.value))")
                return
            }
            let statusText = FieldParsing.text(cell(.status)).0
            guard let status = template.status(for: statusText) else {
                problems.append("\(place): 无法识别荣誉状态 (unknown status) “\(statusText)”")
                return
            }
            // A problem-free number is 17 digits and a check character: it always packs.
            let dateText = FieldParsing.text(cell(.statusDate)).0
            // Most registers have no date, and this runs once per register row.
            let statusDate = dateText.isEmpty ? nil : WrittenDate.parse(dateText)
            if statusDate == nil, !dateText.isEmpty {
                problems.append("\(place): 无法识别状态日期 (unreadable status date) “\(dateText)”; the status is taken as of any date")
            }
            let key = Registry.pack(id.value)!
            let (honourText, honourLevel) = honour(FieldParsing.text(cell(.honour)).0)
            let year = FieldParsing.text(cell(.honourYear)).0
            // Not interned: a register has thousands of employers, and looking each row's up
            // cost more than the few megabytes it saved.
            let emp = FieldParsing.text(cell(.employer)).0
            let entry = RegisterEntry(
                name: FieldParsing.name(cell(.name)).0, idNumber: id.value,
                honour: honourLevel, honourText: honourText,
                honourYear: year.isEmpty ? nil : year, status: status, statusDate: statusDate, employer: emp.isEmpty ? nil : emp,
                row: number)
            // One hash lookup per person; a number listed twice (rare) keeps its first row.
            if let first = map.updateValue(entry, forKey: key) {
                map[key] = first
                problems.append("\(place): 身份证号码重复 (listed twice) \(Mask.identity(id.value)); first row kept")
            }
        }

        var registry: Registry { Registry(packed: map, problems: problems) }
    }
}

/// Why a check could not run at all.
public enum RosterError: Error, Sendable, CustomStringConvertible {
    /// A spreadsheet could not be read.
    case unreadable(SpreadsheetError)
    /// A configuration file is wrong.
    case config(ConfigError)

    /// One line.
    public var description: String {
        switch self {
        case .unreadable(let e): return e.description
        case .config(let e): return e.description
        }
    }
}

/// A string keyed by its UTF-8 bytes: hashing and comparing bytes skips the Unicode
/// normalisation `String` does for non-ASCII text (Chinese names and employers), which made
/// dictionary lookups one of the larger costs of reading a 100,000-person register. Strings
/// that are canonically equal but stored differently are different keys, which is harmless
/// for caches and interning.
struct UTF8Key: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        withUTF8Bytes(text) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        // Native strings are contiguous UTF-8: one length check and a memcmp (the generic
        // element-by-element walk was a visible cost of interning 100,000 register rows).
        withUTF8Bytes(a.text) { p in
            withUTF8Bytes(b.text) { q in
                p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0)
            }
        }
    }
}
