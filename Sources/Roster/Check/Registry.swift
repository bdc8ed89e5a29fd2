import Spreadsheet

/// One person in the honour register.
public struct RegisterEntry: Sendable, Hashable {
    /// Normalised name.
    public var name: String
    /// 18-character identity number.
    public var idNumber: String
    /// The registered honour level (nil when the register's wording is not recognised).
    public var honour: HonourLevel?
    /// The honour's wording as written in the register.
    public var honourText: String
    /// The year the honour was awarded, as written.
    public var honourYear: String?
    /// 保持荣誉 / 撤销荣誉 / 已故.
    public var status: RegisterStatus
    /// Employer, as written.
    public var employer: String?
    /// The register row it came from.
    public var row: Int
}

/// The honour register (`--registry FILE`), keyed by identity number.
public struct Registry: Sendable {
    /// Entries by 18-character identity number.
    public var entries: [String: RegisterEntry]
    /// Rows of the register that could not be used, one line each (masked).
    public var problems: [String]

    /// Creates a register from entries.
    public init(entries: [RegisterEntry], problems: [String] = []) {
        var map: [String: RegisterEntry] = [:]
        for e in entries where map[e.idNumber] == nil { map[e.idNumber] = e }
        self.entries = map
        self.problems = problems
    }

    init(map: [String: RegisterEntry], problems: [String]) {
        self.entries = map
        self.problems = problems
    }

    /// The entry for an 18-character identity number.
    public subscript(id: String) -> RegisterEntry? { entries[id] }

    /// Reads the register from an XLSX or CSV file through the register template.
    public static func load(
        path: String, template: TableTemplate = .defaultRegistry, options: ReadOptions = ReadOptions()
    ) throws(RosterError) -> Registry {
        let file: RosterFile
        do {
            file = try RosterLocator(template: template).read(path: path, options: options)
        } catch {
            throw .unreadable(error)
        }
        return try load(file: file, template: template)
    }

    /// Builds the register from a located table.
    public static func load(file: RosterFile, template: TableTemplate = .defaultRegistry) throws(RosterError) -> Registry {
        if !file.missingFields.isEmpty {
            throw .config(
                ConfigError(
                    file: file.path,
                    reason: "荣誉名册缺少列 (register lacks column): "
                        + file.missingFields.map { $0.label }.joined(separator: ", ")))
        }
        var map: [String: RegisterEntry] = [:]
        map.reserveCapacity(file.dataRows.count)
        let table = file.columnTable
        func cell(_ f: RosterField, _ row: Row) -> Cell? { table[f.ordinal].flatMap { row[$0] } }
        var problems: [String] = []
        for r in file.dataRows {
            let row = r.row
            let id = FieldParsing.identity(cell(.idNumber, row))
            var place: String { "\(file.path): \(file.sheet)!row \(row.number)" }
            guard id.problem == nil else {
                problems.append("\(place): 身份证号码无效 (invalid ID) \(Mask.identity(id.value))")
                continue
            }
            let statusText = FieldParsing.text(cell(.status, row)).0
            guard let status = template.status(for: statusText) else {
                problems.append("\(place): 无法识别荣誉状态 (unknown status) “\(statusText)”")
                continue
            }
            if map[id.value] != nil {
                problems.append("\(place): 身份证号码重复 (listed twice) \(Mask.identity(id.value)); first row kept")
                continue
            }
            let honourText = FieldParsing.text(cell(.honour, row)).0
            let year = FieldParsing.text(cell(.honourYear, row)).0
            let emp = FieldParsing.text(cell(.employer, row)).0
            map[id.value] = RegisterEntry(
                    name: FieldParsing.name(cell(.name, row)).0, idNumber: id.value,
                    honour: template.honourLevel(for: honourText), honourText: honourText,
                    honourYear: year.isEmpty ? nil : year, status: status, employer: emp.isEmpty ? nil : emp,
                    row: row.number)
        }
        return Registry(map: map, problems: problems)
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
