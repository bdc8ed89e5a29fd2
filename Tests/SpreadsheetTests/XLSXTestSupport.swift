import Foundation
import Testing

@testable import Spreadsheet

/// Paths of the shared corpus and of this test target's fixtures.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = packageRoot.appendingPathComponent("../shared/corpus").standardizedFileURL
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var corpusPresent: Bool { FileManager.default.fileExists(atPath: corpus.appendingPathComponent("xlsx").path) }

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func corpusFiles(_ folder: String) -> [String] {
        let dir = corpus.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            print("note: \(dir.path) is absent; corpus tests skipped")
            return []
        }
        return names.filter { $0.hasSuffix(".xlsx") }.sorted()
    }
}

/// A cell in the corpus's expected-grid JSON vocabulary.
enum GridCell: Equatable, CustomStringConvertible, Decodable {
    case null
    case string(String)
    case number(Double)
    case bool(Bool)
    case date(String)
    case datetime(String)
    case time(String)
    case duration(Double)
    case error(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        let d = try c.decode([String: Tagged].self)
        switch (d.keys.first, d.values.first) {
        case ("date", .text(let v)): self = .date(v)
        case ("datetime", .text(let v)): self = .datetime(v)
        case ("time", .text(let v)): self = .time(v)
        case ("duration", .number(let v)): self = .duration(v)
        case ("error", .text(let v)): self = .error(v)
        default: throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown cell \(d)")
        }
    }

    enum Tagged: Decodable, Equatable {
        case text(String)
        case number(Double)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
        }
    }

    init(_ value: CellValue) {
        switch value {
        case .empty: self = .null
        case .string(let s): self = s.isEmpty ? .null : .string(s)
        case .number(let d): self = .number(d)
        case .bool(let b): self = .bool(b)
        case .error(let e): self = .error(e)
        case .duration(let d): self = .duration(d)
        case .date(let dt):
            switch dt.kind {
            case .date: self = .date(dt.isoDate)
            case .time: self = .time(dt.isoTime)
            case .dateTime: self = .datetime(dt.description)
            }
        }
    }

    /// Equal, with numbers compared to a relative 1e-12 and durations to the millisecond.
    func matches(_ other: GridCell) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)):
            return a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
        case (.duration(let a), .duration(let b)):
            return abs(a - b) < 1e-3
        default:
            return self == other
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .string(let s): return "\"\(s)\""
        case .number(let d): return "\(d)"
        case .bool(let b): return "\(b)"
        case .date(let s): return "{date \(s)}"
        case .datetime(let s): return "{datetime \(s)}"
        case .time(let s): return "{time \(s)}"
        case .duration(let d): return "{duration \(d)}"
        case .error(let e): return "{error \(e)}"
        }
    }
}

/// A sheet read into the expected-grid shape: rows from row 1, trailing empties trimmed.
func grid(of rows: [Row]) -> [[GridCell]] {
    guard let last = rows.last?.number else { return [] }
    var out = Array(repeating: [GridCell](), count: last)
    for row in rows {
        guard let lastCell = row.cells.last else { continue }
        var line = Array(repeating: GridCell.null, count: lastCell.column + 1)
        for c in row.cells { line[c.column] = GridCell(c.value) }
        while let l = line.last, l == .null { line.removeLast() }
        out[row.number - 1] = line
    }
    while let l = out.last, l.isEmpty { out.removeLast() }
    return out
}

/// The expected grids of a corpus file.
struct ExpectedWorkbook: Decodable {
    struct Sheet: Decodable {
        var name: String
        var rows: [[GridCell]]
    }
    var sheets: [Sheet]

    static func load(_ name: String) throws -> ExpectedWorkbook {
        let url = TestPaths.corpus.appendingPathComponent("expected").appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(ExpectedWorkbook.self, from: Data(contentsOf: url))
    }
}

extension Tag {
    /// Tests of more than about a second (whole scenarios, runs of the binary, LibreOffice):
    /// `make test-quick` leaves them out while editing; `make test` and CI run them all.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Leaves a `.slow` test out of `make test-quick` (ROSTER_QUICK=1), saying so.
    static var notInQuickRuns: Self {
        .enabled(if: ProcessInfo.processInfo.environment["ROSTER_QUICK"] == nil, "slow: left out by make test-quick")
    }
}
