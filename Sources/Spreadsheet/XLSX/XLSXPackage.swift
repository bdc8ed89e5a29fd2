/// One relationship of a package part.
struct Relationship: Sendable, Hashable {
    var id: String
    /// The relationship type URI (transitional or strict).
    var type: String
    /// The resolved part name of the target (no leading slash), or the raw target when external.
    var target: String
    var external: Bool

    /// True when the type ends with `/suffix` (matches both transitional and strict URIs).
    func isType(_ suffix: String) -> Bool { type.hasSuffix("/" + suffix) }
}

/// Relationship parts and part-name resolution.
enum PackagePaths {
    /// The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPart(of part: String) -> String {
        let p = ZipArchive.normaliseKeepingCase(part)
        if let slash = p.lastIndex(of: "/") {
            return String(p[..<slash]) + "/_rels/" + String(p[p.index(after: slash)...]) + ".rels"
        }
        return "_rels/" + p + ".rels"
    }

    /// Resolves a relationship target against the folder of its source part.
    static func resolve(target: String, source: String) -> String {
        var t = target.map { $0 == "\\" ? "/" : $0 }.reduce(into: "") { $0.append($1) }
        if let hash = t.firstIndex(of: "#") { t = String(t[..<hash]) }
        t = percentDecoded(t)
        var segments: [Substring]
        if t.hasPrefix("/") {
            segments = []
        } else {
            let src = ZipArchive.normaliseKeepingCase(source)
            segments = src.split(separator: "/", omittingEmptySubsequences: true)
            if !segments.isEmpty { segments.removeLast() }
        }
        for seg in t.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(seg)
        }
        return segments.joined(separator: "/")
    }

    private static func percentDecoded(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}

extension ZipArchive {
    /// Like `normalise` without lowercasing.
    static func normaliseKeepingCase(_ name: String) -> String {
        var s = String(name.map { $0 == "\\" ? "/" : $0 })
        while s.hasPrefix("/") { s.removeFirst() }
        return s
    }

    /// Reads the relationships of a part; an absent rels part means none.
    func relationships(of part: String) throws(SpreadsheetError) -> [Relationship] {
        let relsPart = PackagePaths.relsPart(of: part)
        guard contains(relsPart) else { return [] }
        let sink = RelationshipsSink(source: part)
        try parseEvents(archive: self, part: relsPart, sink: sink)
        return sink.relationships
    }
}

private final class RelationshipsSink: XMLEventSink {
    let source: String
    var relationships: [Relationship] = []
    init(source: String) { self.source = source }

    func start(_ name: String, _ a: [String: String]) {
        guard name == "Relationship", let target = a["Target"] else { return }
        let external = a["TargetMode"] == "External"
        relationships.append(
            Relationship(
                id: a["Id"] ?? "", type: a["Type"] ?? "",
                target: external ? target : PackagePaths.resolve(target: target, source: source),
                external: external))
    }
}

/// What the workbook part says: sheets in order and the date system.
struct WorkbookPart {
    struct SheetEntry {
        var name: String
        var relationshipID: String
        var visibility: SheetVisibility
    }
    var sheets: [SheetEntry] = []
    var date1904 = false
}

final class WorkbookSink: XMLEventSink {
    var part = WorkbookPart()
    private var inSheets = false

    func start(_ name: String, _ a: [String: String]) {
        switch name {
        case "workbookPr":
            if let v = a["date1904"] { part.date1904 = v == "1" || v.lowercased() == "true" }
        case "sheets":
            inSheets = true
        case "sheet" where inSheets:
            let vis: SheetVisibility
            switch a["state"] {
            case "hidden": vis = .hidden
            case "veryHidden": vis = .veryHidden
            default: vis = .visible
            }
            part.sheets.append(.init(name: a["name"] ?? "", relationshipID: a["id"] ?? "", visibility: vis))
        default: break
        }
    }

    func end(_ name: String) { if name == "sheets" { inSheets = false } }
}
