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
    /// The bytes its parts have inflated to so far, on every thread: the work the file cost.
    public var bytesInflated: Int64 { archive.meter.bytes }

    let archive: ZipArchive
    let options: ReadOptions
    /// Part name of each sheet (nil when the relationship is missing).
    private var sheetParts: [String?] = []
    private(set) var styles: [CellStyle] = []
    private var sharedStringsPart: String?
    private var sharedStringsTable: SharedStringTable?

    /// Parts declared at least this large are inflated and parsed on their own threads.
    let parallelThreshold: Int64

    /// Opens the workbook at `path`.
    public convenience init(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) {
        try self.init(path: path, options: options, parallelThreshold: 1 << 20)
    }

    /// Opens the workbook, with the size from which parts are read on their own threads (tests
    /// force the threaded paths with 0).
    init(path: String, options: ReadOptions, parallelThreshold: Int64) throws(SpreadsheetError) {
        self.path = path
        self.options = options
        self.parallelThreshold = parallelThreshold
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
                hint: "save it as .xlsx or .csv")
        }
        let wbSink = WorkbookSink()
        try parseEvents(archive: archive, part: workbookPart, sink: wbSink)
        date1904 = wbSink.part.date1904

        let rels = try archive.relationships(of: workbookPart)
        var byID: [String: Relationship] = [:]
        for r in rels { byID[r.id] = r }
        for (i, s) in wbSink.part.sheets.enumerated() {
            let rel = byID[s.relationshipID].flatMap { $0.external ? nil : $0 }
            sheets.append(SheetInfo(index: i, name: s.name, visibility: s.visibility, kind: rel.map(Self.kind) ?? .worksheet))
            sheetParts.append(rel?.target)
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

    /// The kind of sheet a workbook relationship points to (transitional or strict type URI).
    static func kind(of rel: Relationship) -> SheetKind {
        if rel.isType("chartsheet") { return .chart }
        if rel.isType("dialogsheet") { return .dialog }
        if rel.isType("xlMacrosheet") || rel.isType("macrosheet") { return .macro }
        return .worksheet
    }

    /// Opens a sheet for reading by 0-based index.
    public func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader {
        guard index >= 0, index < sheets.count else {
            throw SpreadsheetError(
                .noSuchSheet, file: path,
                reason: "there is no sheet number \(index + 1) (the workbook has \(sheets.count))")
        }
        guard sheets[index].kind.hasCells else {
            throw SpreadsheetError(
                .noCells, file: path, sheet: sheets[index].name, reason: "a chart sheet, which has no cells",
                hint: "choose a worksheet")
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

    /// The shared string table, loaded once (on a second thread when the part is large, so
    /// that it overlaps with reading the first sheet).
    func sharedStrings() throws(SpreadsheetError) -> SharedStringTable {
        if let sharedStringsTable { return sharedStringsTable }
        let table: SharedStringTable
        if let part = sharedStringsPart, !options.numbersAndInlineTextOnly {
            var stream = try archive.open(part)
            let background = stream.declaredSizeHint >= parallelThreshold
            if background {
                // Its own archive handle: libzip handles are not shared between threads.
                stream.close()
                stream = try archive.reopened().open(part)
            }
            table = SharedStringTable(path: path, limit: options.limits.maxSharedStrings)
            table.load(stream: stream, limits: options.limits, background: background)
        } else {
            table = SharedStringTable.empty(path: path)
        }
        sharedStringsTable = table
        return table
    }
}

