import Spreadsheet
import RosterCore

/// Where a file's district came from.
public enum DistrictSource: String, Sendable, Hashable {
    /// A 区县 column.
    case column
    /// The file name.
    case fileName
    /// A title row above the header.
    case title
    /// The `--district` option.
    case option
    /// Nowhere: unknown.
    case none
}

/// One header column: its position, its original text(s) and the field it means, if any.
public struct ColumnHeader: Sendable, Hashable {
    /// 0-based column index.
    public var column: Int
    /// The header text as written, group heading first for two-row headers (`银行信息/开户行`).
    public var text: String
    /// The field, or nil for a column the template does not know (kept as is).
    public var field: RosterField?

    /// The column letters.
    public var letter: String { CellAddress.columnName(column) }
}

/// One data row of a roster: the original cells, untouched, plus its district.
public struct RosterRow: Sendable, Hashable {
    /// The cells, stored compactly (a roster of 100,000 rows is held whole while checked).
    var compact: CompactRow
    /// The district of this row (its 区县 cell, else the file's).
    public var district: String?

    /// Creates a row from the row as read and its district.
    public init(row: Row, district: String?) {
        self.compact = CompactRow(row)
        self.district = district
    }

    /// The row as read (every original cell, in column order), rebuilt from the compact form.
    public var row: Row {
        get { compact.row }
        set { compact = CompactRow(newValue) }
    }

    /// The spreadsheet's 1-based row number.
    public var number: Int { compact.number }

    /// The raw text and number-ness of the cell at a 0-based column, without building a `Cell`.
    func field(_ column: Int) -> FieldText? { compact.field(column) }

    /// Each cell's column and raw text, in column order, without building the row's cells.
    package func forEachRaw(_ body: (_ column: Int, _ raw: String) -> Void) { compact.forEachRaw(body) }

    /// True when both rows hold the same cells and district.
    public static func == (a: RosterRow, b: RosterRow) -> Bool { a.district == b.district && a.row == b.row }

    /// Hashes the cells and district.
    public func hash(into h: inout Hasher) {
        h.combine(row)
        h.combine(district)
    }
}

/// A roster file as found: the chosen sheet, its header, column mapping and every row.
public struct RosterFile: Sendable, Hashable {
    /// The path as given.
    public var path: String
    /// XLSX or CSV.
    public var format: SpreadsheetFormat
    /// 0-based index of the chosen sheet.
    public var sheetIndex: Int
    /// The chosen sheet's name.
    public var sheet: String
    /// The file's district (see `districtSource`).
    public var district: String?
    /// Where the district came from.
    public var districtSource: DistrictSource
    /// Rows above the header (titles, dates, units).
    public var titleRows: [Row]
    /// The header row(s): one, or two when a group heading sits above sub-headers.
    public var headerRows: [Row]
    /// Every header column, in original order, known or not.
    public var headers: [ColumnHeader]
    /// Field -> 0-based column.
    public var columns: [RosterField: Int]
    /// Required fields whose column was not found.
    public var missingFields: [RosterField]
    /// The sheet's merged ranges.
    public var mergedRanges: [CellRange]
    /// Data rows in sheet order.
    public var dataRows: [RosterRow]
    /// Totals rows (合计 / 总计 / 小计).
    public var totalsRows: [Row]
    /// Notes, signatures and other rows after the totals row.
    public var trailerRows: [Row]
    /// True for a file of 0 bytes (an interrupted copy or download): it holds no table at all.
    public var isEmptyFile = false

    /// The first header row's number, or nil when no header was found.
    public var headerRow: Int? { headerRows.first?.number }

    /// The cell of a field in a row, if the column exists and the cell is not empty.
    public func cell(_ field: RosterField, in row: Row) -> Cell? {
        guard let c = columns[field] else { return nil }
        return row[c]
    }

    /// Field ordinal -> column, for lookups without hashing in per-row loops.
    public var columnTable: [Int?] {
        var t = [Int?](repeating: nil, count: RosterField.allCases.count)
        for (f, c) in columns { t[f.ordinal] = c }
        return t
    }
}

/// Finds the roster in a workbook: the sheet, the header, the columns, the data rows.
public struct RosterLocator: Sendable {
    /// The template whose headers are looked for.
    public var template: TableTemplate
    /// How many rows of each sheet are scanned for a header.
    public var scanRows: Int = 40
    /// The districts a file or row may belong to.
    public var districts: DistrictList

    /// Creates a locator for a template and a city's districts.
    public init(template: TableTemplate = .defaultRoster, districts: DistrictList = .kunming) {
        self.template = template
        self.districts = districts
    }

    struct HeaderGuess {
        var startIndex: Int  // index into the buffered rows
        var rowCount: Int  // 1 or 2
        var columns: [RosterField: Int]
        var headers: [ColumnHeader]
        var score: Int
    }

    /// Scores one or two rows as a header.
    func guess(rows: [Row], at i: Int, twoRows: Bool) -> HeaderGuess? {
        let top = rows[i]
        var texts: [Int: (String, String)] = [:]  // column -> (group, own)
        for c in top.cells { texts[c.column] = ("", c.raw) }
        if twoRows {
            guard i + 1 < rows.count, rows[i + 1].number == top.number + 1 else { return nil }
            var lastGroup = ""
            var lastGroupCol = -10
            for c in rows[i + 1].cells {
                let group: String
                if let t = texts[c.column] {
                    group = t.1
                    lastGroup = t.1
                    lastGroupCol = c.column
                } else if c.column - lastGroupCol <= 3 {
                    group = lastGroup
                } else {
                    group = ""
                }
                texts[c.column] = (group, c.raw)
            }
        }
        var columns: [RosterField: Int] = [:]
        var headers: [ColumnHeader] = []
        for col in texts.keys.sorted() {
            let (group, own) = texts[col]!
            var field = template.field(forHeader: own)
            if field == nil, !group.isEmpty { field = template.field(forHeader: group + own) }
            if let f = field, columns[f] != nil { field = nil }
            if let f = field { columns[f] = col }
            let text = group.isEmpty || group == own ? own : group + "/" + own
            headers.append(ColumnHeader(column: col, text: text, field: field))
        }
        var score = columns.count * 10
        for spec in template.fields where spec.required && columns[spec.key] != nil { score += 5 }
        // A header names its payee: a person (姓名, 身份证号码) or a studio's host (工作室, 信用代码).
        guard columns.count >= 2, columns[.name] != nil || columns[.idNumber] != nil || columns[.studio] != nil || columns[.creditCode] != nil
        else { return nil }
        return HeaderGuess(startIndex: i, rowCount: twoRows ? 2 : 1, columns: columns, headers: headers, score: score)
    }

    /// The best header among buffered rows. A two-row header must match more than either of
    /// its rows alone (a group heading over sub-headers), so a title above a header never joins it.
    func bestHeader(rows: [Row]) -> HeaderGuess? {
        let singles = rows.indices.map { guess(rows: rows, at: $0, twoRows: false) }
        var best: HeaderGuess?
        for i in rows.indices {
            var candidates: [HeaderGuess] = []
            if let s = singles[i] { candidates.append(s) }
            if let t = guess(rows: rows, at: i, twoRows: true) {
                let alone = max(singles[i]?.score ?? 0, i + 1 < rows.count ? singles[i + 1]?.score ?? 0 : 0)
                if t.score > alone { candidates.append(t) }
            }
            for g in candidates where best == nil || g.score > best!.score { best = g }
        }
        return best
    }

    /// Opens the file with the spreadsheet readers and locates the roster.
    public func read(path: String, options: ReadOptions = ReadOptions(), fallbackDistrict: String? = nil) throws(SpreadsheetError)
        -> RosterFile
    {
        try read(path: path, options: options, fallbackDistrict: fallbackDistrict) { _, _ in }
    }

    /// Locates the roster in an opened workbook (every sheet is scored; the best one is read).
    public func read(workbook wb: any Workbook, fallbackDistrict: String? = nil) throws(SpreadsheetError) -> RosterFile {
        try read(workbook: wb, fallbackDistrict: fallbackDistrict, streaming: false) { _, _ in true }
    }

    /// `read(path:)` that also hands each data row, as it is kept, to `kept` with the table as
    /// located (no rows, no district yet): rows can be checked while the file is still read.
    /// The file is named `shownAs` (say, relative to the user's folder) in the result and its
    /// findings, and `path` only in reading errors.
    func read(
        path: String, options: ReadOptions, fallbackDistrict: String?, shownAs: String? = nil,
        kept: (RosterRow, RosterFile) -> Void
    ) throws(SpreadsheetError) -> RosterFile {
        let wb: any Workbook
        do {
            wb = try Spreadsheets.open(path: path, options: options)
        } catch where error.kind == .empty {
            return emptyFile(path: shownAs ?? path, fallbackDistrict: fallbackDistrict)
        }
        return try read(workbook: wb, fallbackDistrict: fallbackDistrict, streaming: false, shownAs: shownAs, kept: kept) { _, _ in
            true
        }
    }

    /// A 0-byte file as a roster without a table: one `file.empty` finding asks for it again.
    /// Its district is told by its name or `--district`, so the right office is asked.
    func emptyFile(path: String, fallbackDistrict: String?) -> RosterFile {
        let fromName = districts.find(in: baseName(path))
        let district = fromName ?? fallbackDistrict.flatMap(districts.canonical)
        return RosterFile(
            path: path, format: path.lowercased().hasSuffix(".csv") ? .csv : .xlsx, sheetIndex: 0, sheet: "",
            district: district, districtSource: fromName != nil ? .fileName : district != nil ? .option : .none,
            titleRows: [], headerRows: [], headers: [], columns: [:], missingFields: [], mergedRanges: [], dataRows: [],
            totalsRows: [], trailerRows: [], isEmptyFile: true)
    }

    /// Locates the table and hands each data row to `dataRow` as it is read instead of keeping
    /// it: the returned file has no `dataRows` and no district of its own, only its header,
    /// columns, totals and trailer. For a large table read once (the honour register), this
    /// keeps no row in memory.
    func stream(
        path: String, options: ReadOptions = ReadOptions(), dataRow: (Row, RosterFile) throws(RosterError) -> Void
    ) throws(RosterError) -> RosterFile {
        let wb: any Workbook
        do {
            wb = try Spreadsheets.open(path: path, options: options)
        } catch {
            throw .unreadable(error)
        }
        var failure: RosterError? = nil
        do throws(SpreadsheetError) {
            return try read(workbook: wb, fallbackDistrict: nil, streaming: true) { (row: Row, header: RosterFile) -> Bool in
                do throws(RosterError) {
                    try dataRow(row, header)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            throw failure ?? .unreadable(error)
        }
    }

    /// `read(workbook:)`; when `streaming`, rows go to `dataRow` (with the table as located)
    /// instead of into `dataRows`; it returns false to stop (then a `.malformed` error ends the read).
    func read(
        workbook wb: any Workbook, fallbackDistrict: String?, streaming: Bool, shownAs: String? = nil,
        kept: (RosterRow, RosterFile) -> Void = { _, _ in }, dataRow: (Row, RosterFile) -> Bool
    ) throws(SpreadsheetError) -> RosterFile {
        let shownPath = shownAs ?? wb.path
        var bestSheet: (index: Int, reader: any SheetReader, buffer: [Row], guess: HeaderGuess?, exhausted: Bool)?
        // Chart sheets hold no cells: never a roster.
        for info in wb.sheets where info.kind.hasCells {
            let reader = try wb.openSheet(info.index)
            var buffer: [Row] = []
            var exhausted = false
            while buffer.count < scanRows {
                guard let r = try reader.nextRow() else {
                    exhausted = true
                    break
                }
                buffer.append(r)
            }
            let g = bestHeader(rows: buffer)
            let score = (g?.score ?? -1) * 2 + (info.visibility == .visible ? 1 : 0)
            let bestScore = bestSheet.map { ($0.guess?.score ?? -1) * 2 + (wb.sheets[$0.index].visibility == .visible ? 1 : 0) }
            if bestSheet == nil || score > bestScore! {
                bestSheet = (info.index, reader, buffer, g, exhausted)
            }
        }
        guard let chosen = bestSheet else {
            throw SpreadsheetError(.noSuchSheet, file: wb.path, reason: "the workbook has no sheets")
        }
        let sheetName = wb.sheets[chosen.index].name
        guard let g = chosen.guess else {
            var rows = chosen.buffer
            if !chosen.exhausted {
                while let r = try chosen.reader.nextRow() { rows.append(r) }
            }
            return RosterFile(
                path: shownPath, format: wb.format, sheetIndex: chosen.index, sheet: sheetName,
                district: districtFrom(fileName: wb.path, titles: Array(rows.prefix(5))) ?? fallbackDistrict.flatMap(districts.canonical),
                districtSource: .none, titleRows: rows, headerRows: [], headers: [], columns: [:],
                missingFields: template.fields.filter(\.required).map(\.key), mergedRanges: chosen.reader.mergedRanges,
                dataRows: [], totalsRows: [], trailerRows: [])
        }
        let buffer = chosen.buffer
        let titleRows = Array(buffer[..<g.startIndex])
        let headerRows = Array(buffer[g.startIndex..<(g.startIndex + g.rowCount)])
        let missing = template.fields.filter { $0.required && g.columns[$0.key] == nil }.map(\.key)
        // What a row sink is told about the table (its header and columns; no rows).
        let header = RosterFile(
            path: shownPath, format: wb.format, sheetIndex: chosen.index, sheet: sheetName, district: nil, districtSource: .none,
            titleRows: titleRows, headerRows: headerRows, headers: g.headers, columns: g.columns,
            missingFields: missing, mergedRanges: [],
            dataRows: [], totalsRows: [], trailerRows: [])
        var stopped = false
        var dataRows: [RosterRow] = []
        var totals: [Row] = []
        var trailer: [Row] = []
        var afterTotals = false
        // The columns whose filled cell makes a row a payee (or a named studio), not a stray note.
        let keyColumns = [RosterField.name, .idNumber, .amount, .account, .studio, .creditCode].compactMap { g.columns[$0] }
        let idColumn = g.columns[.idNumber]
        let amountColumn = g.columns[.amount]
        func classify(_ r: Row) {
            if isTotalsRow(r, amountColumn: amountColumn, idColumn: idColumn) {
                totals.append(r)
                afterTotals = true
                return
            }
            let hasKey = keyColumns.contains { c in r.rawText(column: c).map { !isBlank($0.raw) } ?? false }
            if !hasKey {
                if afterTotals { trailer.append(r) }
                return  // a numbered but empty line, or a stray note: not a person
            }
            // After a totals row only rows that carry an identity number are people.
            if afterTotals, RosterLocator.digitCount(idColumn.flatMap { r.rawText(column: $0)?.raw } ?? "") < 15 {
                trailer.append(r)
                return
            }
            if streaming {
                guard dataRow(r, header) else { stopped = true; return }
            } else {
                let row = RosterRow(row: r, district: nil)
                kept(row, header)
                dataRows.append(row)
            }
        }
        for r in buffer[(g.startIndex + g.rowCount)...] where !stopped { classify(r) }
        if !chosen.exhausted {
            while !stopped, let r = try chosen.reader.nextRow() { classify(r) }
        }
        if stopped {
            throw SpreadsheetError(.malformed, file: wb.path, reason: "reading stopped")
        }
        let merged = chosen.reader.mergedRanges
        // District: column (when it names one district), file name, title, option.
        var fileDistrict: String?
        var source = DistrictSource.none
        if let dc = g.columns[.district] {
            var seen = Set<String>()
            var lastSeen: String? = nil
            var cache: [UTF8Key: String?] = [:]
            for i in dataRows.indices {
                guard let c = dataRows[i].field(dc) else { continue }
                let d: String?
                if let hit = cache[UTF8Key(c.raw)] {
                    d = hit
                } else {
                    // A value that names no district of the list is not a district: the row
                    // takes the file's, and the validator names the value (district.unknown).
                    d = districts.canonical(c.raw)
                    cache[UTF8Key(c.raw)] = d
                }
                if let d {
                    dataRows[i].district = d
                    // Rows of one district come in runs: hash a name only when it changes.
                    if d != lastSeen {
                        seen.insert(d)
                        lastSeen = d
                    }
                }
            }
            if seen.count == 1 {
                fileDistrict = seen.first
                source = .column
            }
        }
        if fileDistrict == nil, let d = districts.find(in: baseName(wb.path)) {
            fileDistrict = d
            source = .fileName
        }
        if fileDistrict == nil, let d = districtFrom(fileName: nil, titles: titleRows) {
            fileDistrict = d
            source = .title
        }
        if fileDistrict == nil, let f = fallbackDistrict, let d = districts.canonical(f) {
            fileDistrict = d
            source = .option
        }
        for i in dataRows.indices where dataRows[i].district == nil { dataRows[i].district = fileDistrict }
        return RosterFile(
            path: shownPath, format: wb.format, sheetIndex: chosen.index, sheet: sheetName, district: fileDistrict,
            districtSource: source, titleRows: titleRows, headerRows: headerRows, headers: g.headers, columns: g.columns,
            missingFields: missing, mergedRanges: merged, dataRows: dataRows, totalsRows: totals, trailerRows: trailer)
    }

    /// ASCII and full-width digits in a text.
    static func digitCount(_ s: String) -> Int {
        // ASCII digits are one byte; full-width ones are EF BC 90…99 (nothing else starts EF BC 9x
        // with a continuation byte in that range).
        withUTF8Bytes(s) { b in
            var n = 0
            var p2: UInt8 = 0
            var p1: UInt8 = 0
            for u in b {
                if u >= 48 && u <= 57 {
                    n += 1
                } else if p2 == 0xEF && p1 == 0xBC && u >= 0x90 && u <= 0x99 {
                    n += 1
                }
                p2 = p1
                p1 = u
            }
            return n
        }
    }

    func isBlank(_ s: String) -> Bool { TextNormalizer.clean(s, mode: .removeAll).0.isEmpty }

    func isTotalsRow(_ r: Row, columns: [RosterField: Int]) -> Bool {
        isTotalsRow(r, amountColumn: columns[.amount], idColumn: columns[.idNumber])
    }

    func isTotalsRow(_ r: Row, amountColumn: Int?, idColumn: Int?) -> Bool {
        // A totals label in any text cell left of the amount column, with no identity number.
        let limit = amountColumn ?? Int.max
        if let ic = idColumn, let c = r.rawText(column: ic), RosterLocator.digitCount(c.raw) >= 15 { return false }
        for c in r.cells where c.column < limit && c.isText {
            if TextNormalizer.isTotalsLabel(c.raw) { return true }
        }
        return false
    }

    func districtFrom(fileName: String?, titles: [Row]) -> String? {
        if let f = fileName, let d = districts.find(in: baseName(f)) { return d }
        for r in titles {
            for c in r.cells where c.isText {
                if let d = districts.find(in: c.raw) { return d }
            }
        }
        return nil
    }

    func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
