internal import CXMLBridge

/// An XLSX workbook opened for streaming reads.
///
/// Opening reads only the package structure (relationships, workbook, styles); shared strings
/// are read when a sheet is first opened; sheet rows are streamed by `openSheet(_:)`.
public final class XLSXWorkbook: Workbook {
    /// The path as given by the caller.
    public let path: String
    /// Always `.xlsx`.
    public var format: SpreadsheetFormat { .xlsx }
    /// Sheets in workbook order, with their visibility.
    public private(set) var sheets: [SheetInfo] = []
    /// True when the workbook uses the 1904 date system.
    public private(set) var date1904 = false

    let archive: ZipArchive
    let options: ReadOptions
    /// Part name of each sheet (nil when the relationship is missing).
    private var sheetParts: [String?] = []
    private(set) var styles: [CellStyle] = []
    private var sharedStringsPart: String?
    private var sharedStringsCache: [String]?

    /// Opens the workbook at `path`.
    public init(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) {
        self.path = path
        self.options = options
        self.archive = try ZipArchive(path: path, limits: options.limits)

        // _rels/.rels → the office document (the workbook part).
        var workbookPart: String?
        for rel in try archive.relationships(of: "") where !rel.external && rel.isType("officeDocument") {
            if archive.contains(rel.target) {
                workbookPart = rel.target
                break
            }
        }
        if workbookPart == nil, archive.contains("xl/workbook.xml") { workbookPart = "xl/workbook.xml" }
        guard let workbookPart else {
            throw SpreadsheetError(
                .notSpreadsheet, file: path, reason: "a zip archive without an Excel workbook part",
                hint: "send the roster as .xlsx or .csv")
        }
        let wbSink = WorkbookSink()
        try parseEvents(archive: archive, part: workbookPart, sink: wbSink)
        date1904 = wbSink.part.date1904

        let rels = try archive.relationships(of: workbookPart)
        var byID: [String: Relationship] = [:]
        for r in rels { byID[r.id] = r }
        for (i, s) in wbSink.part.sheets.enumerated() {
            sheets.append(SheetInfo(index: i, name: s.name, visibility: s.visibility))
            if let r = byID[s.relationshipID], !r.external {
                sheetParts.append(r.target)
            } else {
                sheetParts.append(nil)
            }
        }
        if let r = rels.first(where: { $0.isType("sharedStrings") && !$0.external }), archive.contains(r.target) {
            sharedStringsPart = r.target
        } else if archive.contains("xl/sharedStrings.xml") {
            sharedStringsPart = "xl/sharedStrings.xml"
        }
        var stylesPart: String?
        if let r = rels.first(where: { $0.isType("styles") && !$0.external }), archive.contains(r.target) {
            stylesPart = r.target
        } else if archive.contains("xl/styles.xml") {
            stylesPart = "xl/styles.xml"
        }
        if let stylesPart {
            let sink = StylesSink()
            try parseEvents(archive: archive, part: stylesPart, sink: sink)
            styles = sink.styles()
        }
    }

    /// Opens a sheet for reading by 0-based index.
    public func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader {
        guard index >= 0, index < sheets.count else {
            throw SpreadsheetError(
                .noSuchSheet, file: path,
                reason: "there is no sheet number \(index + 1) (the workbook has \(sheets.count))")
        }
        guard let part = sheetParts[index], archive.contains(part) else {
            throw SpreadsheetError(
                .malformed, file: path, sheet: sheets[index].name,
                reason: "the sheet's part is missing from the package",
                hint: "open it in Excel or WPS and save it as .xlsx again")
        }
        let strings = try sharedStrings()
        return try XLSXSheetReader(workbook: self, sheet: sheets[index], part: part, sharedStrings: strings)
    }

    /// The shared string table, read once.
    func sharedStrings() throws(SpreadsheetError) -> [String] {
        if let sharedStringsCache { return sharedStringsCache }
        var table: [String] = []
        if let part = sharedStringsPart {
            table = try SharedStringsReader.read(archive: archive, part: part)
        }
        sharedStringsCache = table
        return table
    }
}

/// Reads `sharedStrings.xml` into an array of strings.
enum SharedStringsReader {
    /// Excel's longest cell text, in UTF-16 code units.
    static let maxCharacters = 32_767

    private final class Sink {
        var strings: [String] = []
        var failure: SpreadsheetError?
        let path: String
        let limit: Int
        init(path: String, limit: Int) {
            self.path = path
            self.limit = limit
        }
    }

    static func read(archive: ZipArchive, part: String) throws(SpreadsheetError) -> [String] {
        let sink = Sink(path: archive.path, limit: archive.limits.maxSharedStrings)
        let ctx = Unmanaged.passUnretained(sink).toOpaque()
        let cb: cxml_string_fn = { ctx, bytes, n in
            let sink = Unmanaged<Sink>.fromOpaque(ctx!).takeUnretainedValue()
            let s = String(decoding: UnsafeRawBufferPointer(start: bytes, count: n), as: UTF8.self)
            if n > SharedStringsReader.maxCharacters, s.utf16.count > SharedStringsReader.maxCharacters {
                sink.failure = SpreadsheetError(
                    .limit, file: sink.path,
                    reason: "shared string \(sink.strings.count) is \(s.utf16.count) characters long, more than Excel's 32,767",
                    hint: "the file is damaged or hostile; it was not read")
                return 1
            }
            if sink.strings.count >= sink.limit {
                sink.failure = SpreadsheetError(
                    .limit, file: sink.path, reason: "more than \(sink.limit) shared strings",
                    hint: "the file is damaged or hostile; it was not read")
                return 1
            }
            sink.strings.append(s)
            return 0
        }
        guard let parser = cxml_sst_parser_new(cxmlLimits(archive.limits), ctx, cb) else {
            throw SpreadsheetError(.limit, file: archive.path, reason: "out of memory creating an XML parser")
        }
        defer { cxml_parser_free(parser) }
        let stream = try archive.open(part)
        do {
            try withExtendedLifetime(sink) { () throws(SpreadsheetError) in
                try feedAll(stream: stream, parser: parser, path: archive.path, part: part)
            }
        } catch {
            if let f = sink.failure { throw f }
            throw error
        }
        return sink.strings
    }
}
