import Foundation
internal import CXMLBridge

/// Completed rows of a sheet still as the C parser's flat records, handed from the parsing
/// thread to the reading thread.
final class RowBatch: @unchecked Sendable {  // filled by the parsing thread, then handed over through the producer's guarded queue
    struct RowRef {
        var number: Int
        var firstCell: Int
        var cellCount: Int
        var byteBase: Int
    }
    var rows: [RowRef] = []
    var cells: [cxml_cell] = []
    var bytes: [UInt8] = []
    /// True for the batch that ends the sheet.
    var isLast = false
    /// A failure that ends the sheet after this batch's rows.
    var error: SpreadsheetError?

    func reset() {
        rows.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        isLast = false
        error = nil
    }

    var isFull: Bool { bytes.count >= 256 * 1024 || rows.count >= 4096 }
}

/// Inflates and parses one sheet part into row batches: on its own thread for large parts
/// (so that inflating/parsing and building rows overlap), or step by step on the caller's.
final class SheetProducer: @unchecked Sendable {  // the state both threads touch is read and written under `condition`
    /// Most merged ranges kept for one sheet (memory stays bounded on hostile files).
    static let maxMergedRanges = 1_000_000
    /// A failure raised inside a parser callback (producer side only).
    private var pendingFailure: SpreadsheetError?

    private let source: PrefetchingChunkSource
    private var parser: OpaquePointer?
    private let path: String
    private let sheet: String
    private let part: String
    private let threaded: Bool

    private let condition = NSCondition()
    private var ready: [RowBatch] = []
    private var free: [RowBatch] = []
    private var cancelled = false
    private var running = false
    private var ended = false
    private var merged: [CellRange] = []
    /// The batch being filled by the parser callbacks (producer side only).
    private var filling: RowBatch?

    init(stream: ZipEntryStream, limits: ReadLimits, path: String, sheet: String, part: String, threaded: Bool)
        throws(SpreadsheetError)
    {
        // Large parts: inflating runs on one more thread, ahead of the parser.
        self.source = PrefetchingChunkSource(stream: stream, threaded: threaded)
        self.path = path
        self.sheet = sheet
        self.part = part
        self.threaded = threaded
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        let rowCB: cxml_row_fn = { ctx, row, cells, count, bytes in
            let p = Unmanaged<SheetProducer>.fromOpaque(ctx!).takeUnretainedValue()
            p.take(row: Int(row), cells: cells!, count: count, bytes: bytes!)
            return 0
        }
        let mergeCB: cxml_merge_fn = { ctx, ref in
            let p = Unmanaged<SheetProducer>.fromOpaque(ctx!).takeUnretainedValue()
            guard let r = CellRange(Substring(String(cString: ref!))) else { return 0 }
            p.condition.lock()
            defer { p.condition.unlock() }
            if p.merged.count >= SheetProducer.maxMergedRanges {
                p.pendingFailure = SpreadsheetError(
                    .limit, file: p.path, sheet: p.sheet,
                    reason: "more than \(SheetProducer.maxMergedRanges) merged ranges",
                    hint: "the file is damaged or hostile; it was not read")
                return 1
            }
            p.merged.append(r)
            return 0
        }
        guard let p = cxml_sheet_parser_new(cxmlLimits(limits), ctx, rowCB, mergeCB) else {
            throw SpreadsheetError(.limit, file: path, sheet: sheet, reason: "out of memory creating an XML parser")
        }
        parser = p
        for _ in 0..<(threaded ? 3 : 1) { free.append(RowBatch()) }
        if threaded {
            running = true
            let thread = Thread { [self] in self.runLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        if let parser { cxml_parser_free(parser) }
    }

    /// Merged ranges seen so far (complete once the last batch was taken).
    var mergedRanges: [CellRange] {
        condition.lock()
        defer { condition.unlock() }
        return merged
    }

    private func take(row: Int, cells: UnsafePointer<cxml_cell>, count: Int, bytes: UnsafePointer<CChar>) {
        guard let b = filling else { return }
        // Cell texts are stored in order, each followed by a NUL.
        let length = count > 0 ? Int(cells[count - 1].offset) + Int(cells[count - 1].length) + 1 : 0
        b.rows.append(.init(number: row, firstCell: b.cells.count, cellCount: count, byteBase: b.bytes.count))
        b.cells.append(contentsOf: UnsafeBufferPointer(start: cells, count: count))
        b.bytes.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: length))
    }

    /// Fills one batch: parses chunks until it is full or the part ends or fails.
    private func fill(_ b: RowBatch) {
        b.reset()
        filling = b
        defer { filling = nil }
        guard let parser else {
            b.isLast = true
            return
        }
        while !b.isFull {
            let chunk: Chunk
            do {
                chunk = try source.next()
            } catch {
                b.error = error
                b.isLast = true
                return
            }
            let n = chunk.count
            let status = chunk.withBytes { buf in
                cxml_parser_feed(parser, buf.baseAddress?.assumingMemoryBound(to: CChar.self), n, n == 0 ? 1 : 0)
            }
            source.recycle(chunk)
            if status != 0 {
                var e = xmlFailure(parser, status: status, path: path, part: part, sheet: sheet)
                if e.kind == .malformed { e.reason = "the sheet XML is damaged: " + e.reason }
                b.error = pendingFailure ?? e
                b.isLast = true
                return
            }
            if n == 0 {
                b.isLast = true
                return
            }
        }
    }

    private func runLoop() {
        while true {
            condition.lock()
            while free.isEmpty && !cancelled { condition.wait() }
            if cancelled {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let b = free.removeLast()
            condition.unlock()
            fill(b)
            condition.lock()
            ready.append(b)
            let last = b.isLast
            if last { running = false }
            condition.broadcast()
            condition.unlock()
            if last { return }
        }
    }

    /// The next batch (blocking while the producer thread works).
    func next() -> RowBatch {
        if !threaded {
            let b = free.popLast() ?? RowBatch()
            if ended {
                b.reset()
                b.isLast = true
                return b
            }
            fill(b)
            if b.isLast { ended = true }
            return b
        }
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && running { condition.wait() }
        if !ready.isEmpty { return ready.removeFirst() }
        let b = RowBatch()
        b.isLast = true
        return b
    }

    /// Gives a consumed batch back.
    func recycle(_ b: RowBatch) {
        if !threaded {
            free.append(b)
            return
        }
        condition.lock()
        free.append(b)
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the producer thread and waits for it to leave.
    func cancel() {
        guard threaded else {
            source.cancel()
            return
        }
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
        source.cancel()
    }
}
