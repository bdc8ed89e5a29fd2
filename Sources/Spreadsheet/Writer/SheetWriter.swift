internal import CZip

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The unique strings of a workbook, numbered in order of first use.
///
/// Strings are compared and hashed as UTF-8 bytes (exactly as they will be written), kept in
/// one byte arena with an open-addressing index: no per-string allocation and none of the
/// Unicode normalisation that `String` hashing does for non-ASCII text.
final class SharedStrings {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 1 << 16
    private var arenaCount = 0
    /// Start offset of each string in the arena, plus one end sentinel.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot → (upper 32 bits of the hash) << 32 | (string id + 1); 0 = empty.
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask = 1023
    /// Total references (the `count` attribute of `<sst>`).
    private(set) var references = 0

    init() {
        arena = .allocate(capacity: arenaCapacity)
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: 0, count: mask + 1)
    }

    deinit {
        arena.deallocate()
        slots.deallocate()
    }

    /// Number of unique strings.
    var count: Int { hashes.count }

    @inline(__always)
    private static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // FNV-1a over 64-bit words, then a final mix.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let n = p.count
        guard let base = p.baseAddress else { return h }
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(base[i])) &* 0x100_0000_01b3
            i += 1
        }
        h ^= UInt64(n)
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    /// The index of `s`, adding it on first use.
    @inline(__always)
    func id(for s: String) -> Int {
        var s = s
        return s.withUTF8 { id(bytes: $0) }
    }

    /// The index of the UTF-8 text `p`, adding it on first use.
    func id(bytes p: UnsafeBufferPointer<UInt8>) -> Int {
        references += 1
        let h = Self.hash(p)
        var slot = Int(truncatingIfNeeded: h) & mask
        let tag = h & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                let found: Bool = starts.withUnsafeBufferPointer { st in
                    let start = st[id]
                    let len = st[id + 1] - start
                    return len == p.count && (len == 0 || memcmp(arena + start, p.baseAddress!, len) == 0)
                }
                if found { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        if arenaCount + p.count > arenaCapacity {
            var cap = arenaCapacity * 2
            while cap < arenaCount + p.count { cap *= 2 }
            let a = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
            a.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = a
            arenaCapacity = cap
        }
        if let b = p.baseAddress, p.count > 0 { (arena + arenaCount).update(from: b, count: p.count) }
        arenaCount += p.count
        starts.append(arenaCount)
        hashes.append(h)
        slots[slot] = tag | UInt64(id + 1)
        // Grown at three quarters full: the tag makes a probe past a different string cheap, and
        // the table of a 270,000-string workbook stays at 4 MB instead of doubling to 8.
        if hashes.count * 4 > mask * 3 { grow() }
        return id
    }

    private func grow() {
        let newMask = mask * 2 + 1
        let s = UnsafeMutablePointer<UInt64>.allocate(capacity: newMask + 1)
        s.initialize(repeating: 0, count: newMask + 1)
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & newMask
            while s[slot] != 0 { slot = (slot + 1) & newMask }
            s[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
        }
        slots.deallocate()
        slots = s
        mask = newMask
    }

    /// The UTF-8 bytes of string `id`.
    func bytes(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + starts[id], count: starts[id + 1] - starts[id])
    }

    /// Writes `xl/sharedStrings.xml`.
    func write(into o: ByteSink) {
        o.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        o.raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"")
        o.int(references)
        o.raw("\" uniqueCount=\"")
        o.int(count)
        o.raw("\">")
        for id in 0..<count {
            let p = bytes(id)
            if needsPreserve(p) { o.raw("<si><t xml:space=\"preserve\">") } else { o.raw("<si><t>") }
            XMLEscaper.escape(p, into: o, attribute: false)
            o.raw("</t></si>")
        }
        o.raw("</sst>")
    }
}

/// True when the text has leading/trailing white space or line breaks that XML would lose.
func needsPreserve(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = p.first, let last = p.last else { return false }
    func ws(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    if ws(first) || ws(last) { return true }
    return p.contains(0x0A)
}

/// State shared by the sheets of one workbook.
final class WorkbookState {
    let path: String
    var styles: StyleTable
    let strings = SharedStrings()
    var hasFormulas = false
    /// Default date styles by kind, registered on first use.
    var dateStyle: [DateTimeValue.Kind: Int] = [:]
    /// Who notes are by, unless a note says: the workbook's author.
    let noteAuthor: String

    init(path: String, defaultFont: Font, noteAuthor: String = "") {
        self.path = path
        self.styles = StyleTable(defaultFont: defaultFont)
        self.noteAuthor = noteAuthor
    }
}

/// Writes the rows of one sheet, streaming them to a temporary file.
///
/// Rows are written top to bottom (a row number may skip ahead, never go back). Merged cells,
/// notes and the autofilter can be added at any time before the workbook is closed.
public final class SheetWriter {
    /// The sheet's name.
    public let name: String
    /// 0-based position in the workbook.
    public let index: Int
    /// The options the sheet was created with.
    public let options: SheetOptions
    /// The 1-based number of the next row `writeRow` writes.
    public private(set) var nextRow = 1

    let state: WorkbookState
    let tempPath: String
    private var fd: Int32
    private let sink: ByteSink
    private let deflater: Deflater
    private let level: Int
    private var minColumn = Int.max
    private var maxColumn = -1
    private var firstRow = 0
    private var lastRow = 0
    private(set) var merges: [CellRange] = []
    private(set) var notes: [Note] = []
    private var noteCells: Set<Int> = []
    /// The autofilter range, if any.
    public private(set) var autoFilter: CellRange?
    private(set) var finished = false
    /// Once finished: the deflated part start (everything before the rows, sync-flushed), and
    /// the whole part's CRC-32, size and compressed size. The rest is in `tempPath`.
    private(set) var packed: (prefix: [UInt8], crc: UInt32, size: Int64, compressedSize: Int64)?

    init(
        name: String, index: Int, options: SheetOptions, state: WorkbookState, directory: String,
        compressionLevel: Int = 1
    ) throws(SpreadsheetError) {
        self.name = name
        self.index = index
        self.options = options
        self.state = state
        self.level = compressionLevel
        let temp: (path: String, fd: Int32)
        do {
            temp = try FileIO.makeTemporaryFile(in: directory, prefix: ".sheet\(index + 1)-", mode: 0o600)
        } catch {
            var e = error
            e.file = state.path
            throw e
        }
        self.fd = temp.fd
        self.tempPath = temp.path
        // The rows stream through a deflater on its own thread; the part's start (which holds
        // the final dimension) is deflated at the end and placed in front.
        self.deflater = Deflater(fd: fd, level: compressionLevel)
        self.sink = ByteSink(deflater: deflater)
        do {
            try validateOptions()
        } catch {
            Glibc.close(fd)
            unlink(tempPath)
            self.fd = -1
            throw error
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    private func fail(_ kind: SpreadsheetError.Kind, row: Int? = nil, column: Int? = nil, _ reason: String, hint: String? = nil)
        -> SpreadsheetError
    {
        SpreadsheetError(kind, file: state.path, sheet: name, row: row, column: column, reason: reason, hint: hint)
    }

    private func validateOptions() throws(SpreadsheetError) {
        for c in options.columns {
            guard c.first >= 0, c.last >= c.first, c.last <= CellAddress.maxColumn else {
                throw fail(.limit, "column format \(c.first)...\(c.last) is outside A:XFD")
            }
            if let w = c.width, !(w >= 0 && w <= 255) { throw fail(.limit, "column width \(w) is outside 0...255") }
        }
        guard options.freezeRows >= 0, options.freezeRows < CellAddress.maxRow, options.freezeColumns >= 0,
            options.freezeColumns <= CellAddress.maxColumn
        else { throw fail(.limit, "frozen panes are outside the sheet") }
        if let r = options.pageSetup?.repeatRows, r.lowerBound < 1 || r.upperBound > CellAddress.maxRow {
            throw fail(.limit, "repeated print rows \(r) are outside 1...\(CellAddress.maxRow)")
        }
    }

    /// Everything before the rows, with the final dimension.
    func header(dimension: String, selected: Bool) -> ByteSink {
        let o = ByteSink(capacity: 1024)
        o.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        o.raw(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        )
        let fit = options.pageSetup?.fitToWidth == true
        if options.tabColor != nil || fit {
            o.raw("<sheetPr>")
            if let c = options.tabColor {
                o.raw("<tabColor rgb=\"")
                o.raw(c.argb)
                o.raw("\"/>")
            }
            if fit { o.raw("<pageSetUpPr fitToPage=\"1\"/>") }
            o.raw("</sheetPr>")
        }
        o.raw("<dimension ref=\"")
        o.raw(dimension)
        o.raw("\"/>")
        o.raw("<sheetViews><sheetView")
        if !options.showGridlines { o.raw(" showGridLines=\"0\"") }
        if selected { o.raw(" tabSelected=\"1\"") }
        o.raw(" workbookViewId=\"0\"")
        let fr = options.freezeRows
        let fc = options.freezeColumns
        if fr > 0 || fc > 0 {
            let pane: StaticString = fr > 0 && fc > 0 ? "bottomRight" : (fr > 0 ? "bottomLeft" : "topRight")
            o.raw("><pane")
            if fc > 0 {
                o.raw(" xSplit=\"")
                o.int(fc)
                o.raw("\"")
            }
            if fr > 0 {
                o.raw(" ySplit=\"")
                o.int(fr)
                o.raw("\"")
            }
            o.raw(" topLeftCell=\"")
            o.cellRef(column: fc, row: fr + 1)
            o.raw("\" activePane=\"")
            o.raw(pane)
            o.raw("\" state=\"frozen\"/><selection pane=\"")
            o.raw(pane)
            o.raw("\"/></sheetView>")
        } else {
            o.raw("/>")
        }
        o.raw("</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !options.columns.isEmpty {
            o.raw("<cols>")
            for c in options.columns.sorted(by: { $0.first < $1.first }) {
                o.raw("<col min=\"")
                o.int(c.first + 1)
                o.raw("\" max=\"")
                o.int(c.last + 1)
                o.raw("\" width=\"")
                o.raw(formatNumber(c.width ?? 8.43))
                o.raw("\"")
                if let s = c.style {
                    o.raw(" style=\"")
                    o.int(s.index)
                    o.raw("\"")
                }
                if c.hidden { o.raw(" hidden=\"1\"") }
                if c.width != nil { o.raw(" customWidth=\"1\"") }
                o.raw("/>")
            }
            o.raw("</cols>")
        }
        o.raw("<sheetData>")
        return o
    }

    /// Writes the next row (at `nextRow`), cells from column A on. `.empty` cells without a style
    /// leave their column blank. `height` is in points.
    public func writeRow(_ cells: [WriteCell], height: Double? = nil) throws(SpreadsheetError) {
        try writeRow(cells, at: nextRow, startColumn: 0, height: height)
    }

    /// Writes a row at a 1-based row number not before `nextRow`, the first cell in
    /// `startColumn` (0-based).
    public func writeRow(_ cells: [WriteCell], at row: Int, startColumn: Int = 0, height: Double? = nil)
        throws(SpreadsheetError)
    {
        guard !finished else { throw fail(.malformed, "the sheet is already closed") }
        guard row >= nextRow else {
            throw fail(.malformed, row: row, "rows must be written top to bottom; row \(nextRow) is next")
        }
        guard row <= CellAddress.maxRow else {
            throw fail(.limit, row: row, "a sheet holds at most \(CellAddress.maxRow) rows", hint: "split the data over several sheets")
        }
        guard startColumn >= 0, startColumn + cells.count - 1 <= CellAddress.maxColumn else {
            throw fail(.limit, row: row, column: min(max(startColumn, 0) + cells.count - 1, CellAddress.maxColumn + 1),
                "a sheet holds at most \(CellAddress.maxColumn + 1) columns (A:XFD)")
        }
        if let h = height, !(h >= 0 && h <= 409) { throw fail(.limit, row: row, "row height \(h) is outside 0...409 points") }
        let o = sink
        o.raw("<row r=\"")
        o.int(row)
        if let h = height {
            o.raw("\" ht=\"")
            o.raw(formatNumber(h))
            o.raw("\" customHeight=\"1")
        }
        o.raw("\">")
        var col = startColumn
        var wroteAny = false
        for cell in cells {
            defer { col += 1 }
            if try writeCell(cell, row: row, column: col) {
                if !wroteAny {
                    if col < minColumn { minColumn = col }
                    wroteAny = true
                }
                if col > maxColumn { maxColumn = col }
            }
        }
        o.raw("</row>")
        if firstRow == 0 { firstRow = row }
        lastRow = row
        nextRow = row + 1
    }

    @inline(__always)
    private func styleAttr(_ s: Int) {
        if s != 0 {
            sink.raw(" s=\"")
            sink.int(s)
            sink.byte(0x22)
        }
    }

    private func checkLength(_ s: String, row: Int, column: Int) throws(SpreadsheetError) {
        // UTF-8 length bounds the UTF-16 length Excel counts; count exactly only when needed.
        if s.utf8.count > 32_767, s.utf16.count > 32_767 {
            throw fail(.limit, row: row, column: column, "text of \(s.utf16.count) characters exceeds Excel's 32,767",
                hint: "shorten the text")
        }
    }

    /// Writes one cell; returns false when nothing was written (an unstyled empty cell).
    private func writeCell(_ cell: WriteCell, row: Int, column: Int) throws(SpreadsheetError) -> Bool {
        let o = sink
        switch cell.value {
        case .empty:
            guard let s = cell.style, s.index != 0 else { return false }
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(s.index)
            o.raw("/>")
        case .string(let text), .text(let text):
            if text.isEmpty, cell.style == nil, case .string = cell.value { return false }
            try checkLength(text, row: row, column: column)
            var s = cell.style?.index ?? 0
            if case .text = cell.value { s = state.styles.textVariant(of: s) }
            let id = state.strings.id(for: text)
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(s)
            o.raw(" t=\"s\"><v>")
            o.int(id)
            o.raw("</v></c>")
        case .number(let d):
            guard d.isFinite else { throw fail(.malformed, row: row, column: column, "the number \(d) cannot be stored") }
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(cell.style?.index ?? 0)
            o.raw("><v>")
            o.raw(formatNumber(d))
            o.raw("</v></c>")
        case .decimal(let text):
            guard TextPolicy.isPlainDecimal(text) else {
                throw fail(.malformed, row: row, column: column, "\"\(text)\" is not a plain decimal number")
            }
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(cell.style?.index ?? 0)
            o.raw("><v>")
            o.raw(text)
            o.raw("</v></c>")
        case .bool(let b):
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(cell.style?.index ?? 0)
            o.raw(b ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        case .date(let d):
            guard let serial = d.excelSerial else {
                throw fail(.malformed, row: row, column: column, "the date \(d) is outside 1900-03-01...9999-12-31")
            }
            let s: Int
            if let given = cell.style {
                s = given.index
            } else if let known = state.dateStyle[d.kind] {
                s = known
            } else {
                let f: NumberFormat = d.kind == .date ? .date : (d.kind == .time ? .time : .dateTime)
                s = state.styles.add(CellFormat(numberFormat: f))
                state.dateStyle[d.kind] = s
            }
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(s)
            o.raw("><v>")
            o.raw(formatNumber(serial))
            o.raw("</v></c>")
        case .formula(let f, let cached):
            var formula = Substring(f)
            if formula.first == "=" { formula = formula.dropFirst() }
            guard !formula.isEmpty else { throw fail(.malformed, row: row, column: column, "empty formula") }
            try checkLength(String(formula), row: row, column: column)
            state.hasFormulas = true
            o.raw("<c r=\"")
            o.cellRef(column: column, row: row)
            o.byte(0x22)
            styleAttr(cell.style?.index ?? 0)
            if case .string = cached { o.raw(" t=\"str\"") }
            o.raw("><f>")
            o.text(String(formula))
            o.raw("</f>")
            switch cached {
            case .decimal(let v)?:
                guard TextPolicy.isPlainDecimal(v) else {
                    throw fail(.malformed, row: row, column: column, "cached result \"\(v)\" is not a plain decimal number")
                }
                o.raw("<v>")
                o.raw(v)
                o.raw("</v>")
            case .string(let v)?:
                o.raw("<v>")
                o.text(v)
                o.raw("</v>")
            case nil: break
            }
            o.raw("</c>")
        }
        return true
    }

    /// Merges a range of cells (write the value into its top-left cell).
    public func mergeCells(_ range: CellRange) throws(SpreadsheetError) {
        guard range.firstColumn >= 0, range.lastColumn <= CellAddress.maxColumn, range.firstRow >= 1,
            range.lastRow <= CellAddress.maxRow, range.firstColumn <= range.lastColumn, range.firstRow <= range.lastRow
        else { throw fail(.limit, "merged range \(range) is outside the sheet") }
        guard range.firstColumn != range.lastColumn || range.firstRow != range.lastRow else {
            throw fail(.malformed, "merged range \(range) is a single cell")
        }
        for m in merges
        where m.firstColumn <= range.lastColumn && range.firstColumn <= m.lastColumn && m.firstRow <= range.lastRow
            && range.firstRow <= m.lastRow
        {
            throw fail(.malformed, "merged range \(range) overlaps \(m)", hint: "Excel refuses overlapping merges")
        }
        merges.append(range)
    }

    /// Attaches a note (a comment shown on hover) to a cell, by `author` (default: the
    /// workbook's author in its document properties).
    public func addNote(row: Int, column: Int, text: String, author: String? = nil) throws(SpreadsheetError) {
        guard row >= 1, row <= CellAddress.maxRow, column >= 0, column <= CellAddress.maxColumn else {
            throw fail(.limit, row: row, column: column, "the note's cell is outside the sheet")
        }
        try checkLength(text, row: row, column: column)
        let key = row &* 16_384 &+ column
        guard noteCells.insert(key).inserted else {
            throw fail(.malformed, row: row, column: column, "the cell already has a note", hint: "join the texts into one note")
        }
        notes.append(Note(row: row, column: column, text: text, author: author ?? state.noteAuthor))
    }

    /// Sets the autofilter drop-downs over a range (its first row holds the headers).
    public func setAutoFilter(_ range: CellRange) throws(SpreadsheetError) {
        guard range.firstColumn >= 0, range.lastColumn <= CellAddress.maxColumn, range.firstRow >= 1,
            range.lastRow <= CellAddress.maxRow
        else { throw fail(.limit, "autofilter range \(range) is outside the sheet") }
        autoFilter = range
    }

    /// Finishes the part: the trailing elements, the real dimension, and closes the file.
    func finish(noteRelationship: Bool, selected: Bool) throws(SpreadsheetError) {
        guard !finished else { return }
        finished = true
        let o = sink
        o.raw("</sheetData>")
        if let a = autoFilter {
            o.raw("<autoFilter ref=\"")
            o.raw(a.description)
            o.raw("\"/>")
        }
        if !merges.isEmpty {
            o.raw("<mergeCells count=\"")
            o.int(merges.count)
            o.raw("\">")
            for m in merges {
                o.raw("<mergeCell ref=\"")
                o.raw(m.description)
                o.raw("\"/>")
            }
            o.raw("</mergeCells>")
        }
        let p = options.pageSetup
        if p?.centerHorizontally == true { o.raw("<printOptions horizontalCentered=\"1\"/>") }
        let m = p?.margins ?? PageMargins()
        o.raw("<pageMargins left=\"")
        o.raw(formatNumber(m.left))
        o.raw("\" right=\"")
        o.raw(formatNumber(m.right))
        o.raw("\" top=\"")
        o.raw(formatNumber(m.top))
        o.raw("\" bottom=\"")
        o.raw(formatNumber(m.bottom))
        o.raw("\" header=\"")
        o.raw(formatNumber(m.header))
        o.raw("\" footer=\"")
        o.raw(formatNumber(m.footer))
        o.raw("\"/>")
        if let p {
            o.raw("<pageSetup paperSize=\"")
            o.int(p.paper.rawValue)
            o.raw("\"")
            if p.fitToWidth { o.raw(" fitToWidth=\"1\" fitToHeight=\"0\"") }
            o.raw(" orientation=\"")
            o.raw(p.orientation.rawValue)
            o.raw("\"/>")
            if p.header != nil || p.footer != nil {
                o.raw("<headerFooter>")
                if let h = p.header {
                    o.raw("<oddHeader>")
                    o.text(h)
                    o.raw("</oddHeader>")
                }
                if let f = p.footer {
                    o.raw("<oddFooter>")
                    o.text(f)
                    o.raw("</oddFooter>")
                }
                o.raw("</headerFooter>")
            }
        }
        if noteRelationship { o.raw("<legacyDrawing r:id=\"rId1\"/>") }
        o.raw("</worksheet>")
        o.finishDeflate()
        var dim = "A1"
        if maxColumn >= 0 {
            dim = CellRange(firstColumn: minColumn, firstRow: firstRow, lastColumn: maxColumn, lastRow: lastRow)
                .description
            if minColumn == maxColumn && firstRow == lastRow { dim = CellAddress.name(column: minColumn, row: firstRow) }
        }
        let head = header(dimension: dim, selected: selected)
        let prefix = head.withBytes { Deflater.syncFlushed($0, level: level) }
        let err = sink.writeError
        close(fd)
        fd = -1
        if err != 0 || prefix == nil {
            throw fail(.io, "cannot write the sheet's temporary file: \(String(cString: strerror(err != 0 ? err : EIO)))",
                hint: "check the free space of the output folder")
        }
        let crc = crc32_combine(uLong(prefix!.crc), uLong(deflater.crc), off_t(deflater.size))
        packed = (
            prefix!.bytes, UInt32(truncatingIfNeeded: crc), Int64(head.count) + deflater.size,
            Int64(prefix!.bytes.count) + deflater.compressedSize
        )
    }

    /// Removes the temporary file.
    func removeTemp() { unlink(tempPath) }
}
