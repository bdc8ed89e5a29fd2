import Spreadsheet
import RosterCore

/// A row's cells stored compactly: plain text rows as their texts by column, others as one
/// 32-byte slot per cell (its raw text, column, kind and
/// a packed typed value) instead of a full `Cell` (about 100 bytes, mostly the `CellValue`
/// enum's date payload). The encoding is lossless: `row` rebuilds exactly the `Row` it was
/// made from. Cells the slots cannot describe (a string value that differs from its raw
/// text, an error whose code is not its raw text) are kept whole in `others`.
struct CompactRow: Sendable {
    enum Kind: UInt8 {
        case string, number, bool, error, date, duration, empty, other
    }

    struct Slot: Sendable {
        /// The raw text (for `.other`, empty).
        var raw: String
        /// Double bits (number, duration), 0/1 (bool), packed date, or the index into `others`.
        var bits: UInt64
        var column: UInt32
        var kind: Kind
        /// 1-based index into `formats`, 0 for none.
        var format: UInt8
    }

    var number: Int
    /// The slot form's parts, in one shared box: copying a row (kept by the reader, handed to
    /// a checker, held by the checked row) then retains one object, not three arrays.
    final class Detail: Sendable {
        let slots: [Slot]
        let formats: [String]
        let others: [Cell]
        init(slots: [Slot], formats: [String], others: [Cell]) {
            self.slots = slots
            self.formats = formats
            self.others = others
        }
    }
    /// The slot form (nil for the plain form).
    var detail: Detail?
    /// The slots (none in the plain form).
    var slots: [Slot] { detail?.slots ?? [] }
    /// The plain form, used instead of slots when every cell is non-empty text whose value is
    /// its raw text, with no number format, in the first 64 columns (every CSV row, most XLSX
    /// rows of text): the raw texts by column, "" where there is no cell. 16 bytes a column
    /// instead of 32 a cell, which takes a fifth off the memory a 100,000-row roster holds.
    var texts: [String]

    /// Columns the plain form covers.
    static let plainColumns = 64

    init(_ row: Row) {
        number = row.number
        texts = []
        if let plain = Self.plainTexts(row) {
            texts = plain
            detail = nil
            return
        }
        var slots: [Slot] = []
        slots.reserveCapacity(row.cells.count)
        var formats: [String] = []
        var others: [Cell] = []
        // Cells are read in place through a buffer: copying each (a cell is ~100 bytes holding
        // two or three strings) retained and released every string of 100,000 rows several times.
        row.cells.withUnsafeBufferPointer { cells in
            for i in cells.indices {
                var kind: Kind
                var bits: UInt64 = 0
                switch cells[i].value {
                case .string(let s):
                    kind = s == cells[i].raw ? .string : .other
                case .number(let d):
                    kind = .number
                    bits = d.bitPattern
                case .bool(let b):
                    kind = .bool
                    bits = b ? 1 : 0
                case .error(let e):
                    kind = e == cells[i].raw ? .error : .other
                case .date(let d):
                    if let p = CompactRow.pack(d) {
                        kind = .date
                        bits = p
                    } else {
                        kind = .other
                    }
                case .duration(let d):
                    kind = .duration
                    bits = d.bitPattern
                case .empty:
                    kind = .empty
                }
                var format: UInt8 = 0
                if kind != .other, let f = cells[i].numberFormat {
                    if let i = formats.firstIndex(of: f) {
                        format = UInt8(i + 1)
                    } else if formats.count < 255 {
                        formats.append(f)
                        format = UInt8(formats.count)
                    } else {
                        kind = .other
                    }
                }
                let column = cells[i].column
                if column < 0 || column > Int(UInt32.max) { kind = .other }
                if kind == .other {
                    others.append(cells[i])
                    slots.append(Slot(raw: "", bits: UInt64(others.count - 1), column: 0, kind: .other, format: 0))
                } else {
                    slots.append(Slot(raw: cells[i].raw, bits: bits, column: UInt32(column), kind: kind, format: format))
                }
            }
        }
        detail = Detail(slots: slots, formats: formats, others: others)
    }

    /// The raw texts by column when the row fits the plain form, else nil.
    static func plainTexts(_ row: Row) -> [String]? {
        row.cells.withUnsafeBufferPointer { cells -> [String]? in
            guard let last = cells.last, last.column < plainColumns else { return nil }
            for i in cells.indices {
                guard case .string(let v) = cells[i].value, cells[i].numberFormat == nil, !cells[i].raw.isEmpty,
                    v == cells[i].raw, cells[i].column >= 0
                else { return nil }
            }
            var texts = [String](repeating: "", count: last.column + 1)
            for i in cells.indices { texts[cells[i].column] = cells[i].raw }
            return texts
        }
    }

    /// year 16 bits (offset), month 8, day 8, hour 8, minute 8, second 8, kind 2.
    static func pack(_ d: DateTimeValue) -> UInt64? {
        let y = d.year + 32768
        guard (0..<65536).contains(y), (0..<256).contains(d.month), (0..<256).contains(d.day),
            (0..<256).contains(d.hour), (0..<256).contains(d.minute), (0..<256).contains(d.second)
        else { return nil }
        let k: UInt64
        switch d.kind {
        case .date: k = 0
        case .time: k = 1
        case .dateTime: k = 2
        }
        return UInt64(y) | UInt64(d.month) << 16 | UInt64(d.day) << 24 | UInt64(d.hour) << 32
            | UInt64(d.minute) << 40 | UInt64(d.second) << 48 | k << 56
    }

    static func unpack(_ p: UInt64) -> DateTimeValue {
        let k: DateTimeValue.Kind
        switch p >> 56 {
        case 0: k = .date
        case 1: k = .time
        default: k = .dateTime
        }
        return DateTimeValue(
            year: Int(p & 0xFFFF) - 32768, month: Int(p >> 16 & 0xFF), day: Int(p >> 24 & 0xFF),
            hour: Int(p >> 32 & 0xFF), minute: Int(p >> 40 & 0xFF), second: Int(p >> 48 & 0xFF), kind: k)
    }

    static func cell(_ s: Slot, _ d: Detail) -> Cell {
        let value: CellValue
        switch s.kind {
        case .other: return d.others[Int(s.bits)]
        case .string: value = .string(s.raw)
        case .number: value = .number(Double(bitPattern: s.bits))
        case .bool: value = .bool(s.bits != 0)
        case .error: value = .error(s.raw)
        case .date: value = .date(CompactRow.unpack(s.bits))
        case .duration: value = .duration(Double(bitPattern: s.bits))
        case .empty: value = .empty
        }
        return Cell(column: Int(s.column), value: value, raw: s.raw, numberFormat: s.format == 0 ? nil : d.formats[Int(s.format) - 1])
    }

    /// The row as read.
    var row: Row {
        if !texts.isEmpty {
            var cells: [Cell] = []
            cells.reserveCapacity(texts.count)
            for (c, t) in texts.enumerated() where !t.isEmpty { cells.append(Cell(column: c, value: .string(t), raw: t)) }
            return Row(number: number, cells: cells)
        }
        guard let d = detail else { return Row(number: number, cells: []) }
        return Row(number: number, cells: d.slots.map { Self.cell($0, d) })
    }

    /// Each cell's column and raw text as `row` would give them, without building them.
    func forEachRaw(_ body: (_ column: Int, _ raw: String) -> Void) {
        guard let d = detail else {
            for (c, t) in texts.enumerated() where !t.isEmpty { body(c, t) }
            return
        }
        for s in d.slots {
            if s.kind == .other {
                body(d.others[Int(s.bits)].column, d.others[Int(s.bits)].raw)
            } else {
                body(Int(s.column), s.raw)
            }
        }
    }

    /// The slot index of a column, if the row has a cell there (same search as `Row`'s subscript).
    @inline(__always)
    static func index(of column: Int, in d: Detail) -> Int? {
        let n = d.slots.count
        if column < n, columnOf(column, d) == column { return column }
        var lo = 0
        var hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if columnOf(mid, d) < column { lo = mid + 1 } else { hi = mid }
        }
        return lo < n && columnOf(lo, d) == column ? lo : nil
    }

    @inline(__always)
    static func columnOf(_ i: Int, _ d: Detail) -> Int {
        let s = d.slots[i]
        return s.kind == .other ? d.others[Int(s.bits)].column : Int(s.column)
    }

    /// The raw text of the cell at a column and whether it holds a number, without building a `Cell`.
    @inline(__always)
    func field(_ column: Int) -> FieldText? {
        guard let d = detail else {
            guard column >= 0, column < texts.count, !texts[column].isEmpty else { return nil }
            return FieldText(raw: texts[column], isNumber: false)
        }
        guard let i = Self.index(of: column, in: d) else { return nil }
        let s = d.slots[i]
        if s.kind == .other {
            let c = d.others[Int(s.bits)]
            if case .number = c.value { return FieldText(raw: c.raw, isNumber: true) }
            return FieldText(raw: c.raw, isNumber: false)
        }
        return FieldText(raw: s.raw, isNumber: s.kind == .number)
    }
}

/// A cell's raw text and whether it is a number cell: all the field parsers look at.
struct FieldText {
    var raw: String
    var isNumber: Bool

    init(raw: String, isNumber: Bool) {
        self.raw = raw
        self.isNumber = isNumber
    }

    init?(_ cell: Cell?) {
        guard let cell else { return nil }
        raw = cell.raw
        if case .number = cell.value { isNumber = true } else { isNumber = false }
    }
}
