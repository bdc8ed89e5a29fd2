import Foundation
import RosterCore
import Spreadsheet

/// One named model-worker innovation studio (劳模创新工作室) on the city's list.
public struct NamedStudio: Sendable, Hashable {
    /// 工作室名称, as written.
    public var name: String
    /// The host organisation's unified social credit code (upper case).
    public var creditCode: String
    /// The host organisation's name, when listed.
    public var host: String
    /// The leader's identity number (18 characters when well formed).
    public var leaderId: String
    /// The leader's name, when listed.
    public var leaderName: String
    /// 命名年份, as written.
    public var namedYear: String
    /// The list row it came from.
    public var row: Int
}

/// The list of named studios (`--studios FILE`, template `Schemas/studio-list-template.json`):
/// an organisation may be paid for a studio only when the list names it with that host.
public struct StudioList: Sendable {
    /// The studios by their name's key (`TextNormalizer.headerKey`: spaces and brackets ignored).
    var byName: [String: NamedStudio]
    /// Rows of the list that could not be used, one line each.
    public var problems: [String]

    /// Creates a list in code.
    public init(studios: [NamedStudio], problems: [String] = []) {
        byName = [:]
        self.problems = problems
        for s in studios where byName[Self.key(s.name)] == nil { byName[Self.key(s.name)] = s }
    }

    /// The key a studio's name is compared by.
    public static func key(_ name: String) -> String { TextNormalizer.headerKey(name) }

    /// The studio of that name, if named.
    public subscript(name: String) -> NamedStudio? { byName[Self.key(name)] }

    /// Every studio, by list row.
    public var studios: [NamedStudio] { byName.values.sorted { $0.row < $1.row } }

    /// Reads the list from an XLSX or CSV file.
    public static func load(
        path: String, template: TableTemplate = .defaultStudios, options: ReadOptions = ReadOptions()
    ) throws(RosterError) -> StudioList {
        let file: RosterFile
        do {
            file = try RosterLocator(template: template).read(path: path, options: options)
        } catch {
            throw .unreadable(error)
        }
        return try load(file: file)
    }

    /// Builds the list from a located table; a list without a required column is refused.
    public static func load(file: RosterFile) throws(RosterError) -> StudioList {
        if !file.missingFields.isEmpty {
            throw .config(
                ConfigError(
                    file: file.path,
                    reason: "劳模创新工作室命名名单缺少列 (the list of named studios lacks column): "
                        + file.missingFields.map(\.label).joined(separator: ", ")))
        }
        var studios: [NamedStudio] = []
        var problems: [String] = []
        var seen: [String: Int] = [:]
        for r in file.dataRows {
            func text(_ f: RosterField) -> String { FieldParsing.text(file.columns[f].flatMap { r.field($0) }).0 }
            let place = "\(file.path): \(file.sheet)!row \(r.number)"
            let name = text(.studio)
            guard !name.isEmpty else { continue }
            let code = text(.creditCode).uppercased()
            if let p = CreditCode.check(code) {
                problems.append("\(place): \(p.message)")
                continue
            }
            if let first = seen[key(name)] {
                problems.append("\(place): 工作室“\(name)”与第 \(first) 行重复 (listed twice); first row kept")
                continue
            }
            seen[key(name)] = r.number
            let leader = FieldParsing.identity(file.columns[.leaderId].flatMap { r.field($0) })
            studios.append(
                NamedStudio(
                    name: name, creditCode: code, host: text(.name), leaderId: leader.value, leaderName: text(.leaderName),
                    namedYear: text(.namedYear), row: r.number))
        }
        return StudioList(studios: studios, problems: problems)
    }
}
