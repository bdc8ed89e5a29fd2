#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming XLSX workbook writer.
///
/// ```swift
/// let book = try XLSXWriter(path: "out.xlsx")
/// let bold = book.addStyle(CellFormat(font: Font(bold: true)))
/// let sheet = try book.addSheet(name: "名单", options: SheetOptions(freezeRows: 1))
/// try sheet.writeRow([.string("姓名", style: bold), .string("身份证号码", style: bold)])
/// try sheet.writeRow([.string("张三"), .text("530102199001011234")])
/// try book.close()
/// ```
///
/// Each sheet's XML streams to a temporary file next to the output, so memory does not grow
/// with the number of rows (only with the number of distinct strings). `close()` zips the parts
/// into a temporary file and renames it into place. The same calls give the same bytes.
public final class XLSXWriter {
    /// Workbook-wide options.
    public struct Options: Sendable, Hashable {
        /// Replace an existing file at the path.
        public var overwrite: Bool
        /// Deflate level 1 (fastest) to 9 (smallest).
        public var compressionLevel: Int
        /// Document properties.
        public var properties: DocumentProperties
        /// The workbook's default font.
        public var defaultFont: Font

        /// Creates options.
        public init(
            overwrite: Bool = false, compressionLevel: Int = 1, properties: DocumentProperties = DocumentProperties(),
            defaultFont: Font = Font()
        ) {
            self.overwrite = overwrite
            self.compressionLevel = compressionLevel
            self.properties = properties
            self.defaultFont = defaultFont
        }
    }

    /// The output path.
    public let path: String
    /// The options.
    public let options: Options
    private let state: WorkbookState
    private let directory: String
    private var sheetWriters: [SheetWriter] = []
    private var lowerNames: Set<String> = []
    private var closed = false

    /// Prepares to write a workbook at `path`. Fails at once when the file exists (unless
    /// `options.overwrite`) or the folder does not.
    public init(path: String, options: Options = Options()) throws(SpreadsheetError) {
        self.path = path
        self.options = options
        self.state = WorkbookState(path: path, defaultFont: options.defaultFont, noteAuthor: options.properties.author ?? "")
        if let slash = path.lastIndex(of: "/") {
            let d = String(path[..<slash])
            directory = d.isEmpty ? "/" : d
        } else {
            directory = "."
        }
        guard (1...9).contains(options.compressionLevel) else {
            throw SpreadsheetError(.malformed, file: path, reason: "compression level must be 1...9")
        }
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR {
                throw SpreadsheetError(.io, file: path, reason: "is a folder", hint: "give a file name ending in .xlsx")
            }
            if !options.overwrite {
                throw SpreadsheetError(.exists, file: path, reason: "the file already exists", hint: "choose another name or allow overwriting")
            }
        }
        // The folder the workbook goes in is created when missing, as `mkdir -p` does.
        try Folders.createParent(of: path)
    }

    deinit { if !closed { discard() } }

    /// Registers a cell style; equal styles share one id.
    public func addStyle(_ style: CellFormat) -> StyleID { StyleID(state.styles.add(style)) }

    /// Checks a sheet name against Excel's rules; returns the reason it is refused, or nil.
    public static func sheetNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a sheet name cannot be empty" }
        if name.utf16.count > 31 { return "sheet name \"\(name)\" is longer than 31 characters" }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            return "sheet name \"\(name)\" contains \"\(bad)\", which Excel does not allow"
        }
        if name.hasPrefix("'") || name.hasSuffix("'") { return "sheet name \"\(name)\" starts or ends with an apostrophe" }
        if name.lowercased() == "history" { return "\"History\" is reserved by Excel" }
        // XML cannot carry these, and readers do not decode `_xHHHH_` in attributes.
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            return "sheet name contains a control character"
        }
        return nil
    }

    /// Adds a sheet and returns its writer. Names follow Excel's rules (≤ 31 characters, none
    /// of `[ ] : * ? / \`, unique ignoring case).
    public func addSheet(name: String, options: SheetOptions = SheetOptions()) throws(SpreadsheetError) -> SheetWriter {
        guard !closed else { throw SpreadsheetError(.malformed, file: path, reason: "the workbook is already closed") }
        if let problem = Self.sheetNameProblem(name) {
            throw SpreadsheetError(.malformed, file: path, sheet: name, reason: problem, hint: "rename the sheet")
        }
        guard lowerNames.insert(name.lowercased()).inserted else {
            throw SpreadsheetError(.malformed, file: path, sheet: name, reason: "a sheet with this name already exists (names ignore case)")
        }
        guard sheetWriters.count < 4096 else { throw SpreadsheetError(.limit, file: path, reason: "too many sheets") }
        let w = try SheetWriter(
            name: name, index: sheetWriters.count, options: options, state: state, directory: directory,
            compressionLevel: self.options.compressionLevel)
        sheetWriters.append(w)
        return w
    }

    /// The sheets added so far.
    public var sheets: [SheetWriter] { sheetWriters }

    /// Finishes every sheet, packages the workbook and moves it into place.
    public func close() throws(SpreadsheetError) {
        guard !closed else { return }
        defer {
            closed = true
            for s in sheetWriters { s.removeTemp() }
        }
        if sheetWriters.isEmpty { _ = try addSheet(name: "Sheet1") }
        // The first visible sheet is the one shown and selected when the file opens.
        guard let active = sheetWriters.firstIndex(where: { !$0.options.hidden }) else {
            throw SpreadsheetError(.malformed, file: path, reason: "every sheet is hidden", hint: "leave at least one sheet visible")
        }
        var entries: [SheetEntry] = []
        for s in sheetWriters {
            try s.finish(noteRelationship: !s.notes.isEmpty, selected: s.index == active)
            entries.append(
                SheetEntry(
                    name: s.name, hidden: s.options.hidden, hasNotes: !s.notes.isEmpty, autoFilter: s.autoFilter,
                    repeatRows: s.options.pageSetup?.repeatRows))
        }
        var z = ZipPackager(level: options.compressionLevel)
        z.add("[Content_Types].xml", PackageParts.contentTypes(entries))
        z.add("_rels/.rels", PackageParts.rootRels())
        z.add("docProps/app.xml", PackageParts.app(options.properties, sheetNames: entries.map(\.name)))
        z.add("docProps/core.xml", PackageParts.core(options.properties))
        z.add("xl/workbook.xml", PackageParts.workbook(entries, hasFormulas: state.hasFormulas))
        z.add("xl/_rels/workbook.xml.rels", PackageParts.workbookRels(sheetCount: entries.count))
        let styles = ByteSink(capacity: 4096)
        state.styles.write(into: styles)
        z.add("xl/styles.xml", styles)
        // The string table can be large: stream it to a temporary file too.
        let (sstPath, sstFD): (String, Int32)
        do {
            (sstPath, sstFD) = try FileIO.makeTemporaryFile(in: directory, prefix: ".sst-", mode: 0o600)
        } catch {
            var e = error
            e.file = path
            throw e
        }
        defer { unlink(sstPath) }
        let sst = ByteSink(fd: sstFD, bufferSize: 256 << 10)
        state.strings.write(into: sst)
        sst.flush()
        Glibc.close(sstFD)
        if sst.writeError != 0 {
            throw SpreadsheetError(.io, file: path, reason: "cannot write a temporary file: \(String(cString: strerror(sst.writeError)))",
                hint: "check the free space of the output folder")
        }
        z.add("xl/sharedStrings.xml", file: sstPath)
        for (i, s) in sheetWriters.enumerated() {
            guard let p = s.packed else { continue }
            z.add(
                "xl/worksheets/sheet\(i + 1).xml",
                .deflated(prefix: p.prefix, file: s.tempPath, crc: p.crc, size: p.size, compressedSize: p.compressedSize))
        }
        for (i, s) in sheetWriters.enumerated() where !s.notes.isEmpty {
            z.add("xl/worksheets/_rels/sheet\(i + 1).xml.rels", PackageParts.sheetRels(sheetNumber: i + 1))
            z.add("xl/comments\(i + 1).xml", PackageParts.comments(s.notes))
            z.add("xl/drawings/vmlDrawing\(i + 1).vml", PackageParts.vmlDrawing(s.notes, sheetNumber: i + 1))
        }
        let (tmp, fd) = try AtomicFile.temporary(beside: path)
        Glibc.close(fd)  // libzip writes the archive itself, then renames it over this name
        if let e = z.write(to: tmp) {
            unlink(tmp)
            throw SpreadsheetError(.io, file: path, reason: e, hint: "check the free space and permissions of the output folder")
        }
        try AtomicFile.commit(tmp, to: path, overwrite: options.overwrite)
    }

    /// Abandons the workbook: removes its temporary files and writes nothing.
    public func discard() {
        closed = true
        for s in sheetWriters { s.removeTemp() }
    }
}
