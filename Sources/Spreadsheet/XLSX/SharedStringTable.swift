import Foundation
internal import CXMLBridge

/// The shared strings of a workbook, filled by a loader (possibly on another thread) while
/// readers look strings up.
///
/// Strings live in fixed blocks that never move, so a reader may read any slot below the
/// published count while the loader appends more; the count is published under a lock.
final class SharedStringTable: @unchecked Sendable {  // blocks never move; slots below the count, published under the lock, are never written again
    /// Excel's longest cell text, in UTF-16 code units.
    static let maxCharacters = 32_767
    private static let blockShift = 16
    private static let blockSize = 1 << blockShift

    let path: String
    private let limit: Int
    private var blocks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>
    private let blockCount: Int
    /// Strings written by the loader (loader thread only).
    private var written = 0
    /// Strings published to readers (under `condition`).
    private var published = 0
    private var done = false
    private var failure: SpreadsheetError?
    private let condition = NSCondition()

    init(path: String, limit: Int) {
        self.path = path
        // At most 2^36 strings whatever the setting, so the block table stays small.
        self.limit = min(max(limit, 0), 1 << 36)
        blockCount = max(1, (self.limit + SharedStringTable.blockSize - 1) >> SharedStringTable.blockShift)
        blocks = .allocate(capacity: blockCount)
        blocks.initialize(repeating: nil, count: blockCount)
    }

    static func empty(path: String) -> SharedStringTable {
        let t = SharedStringTable(path: path, limit: 0)
        t.done = true
        return t
    }

    deinit {
        for b in 0..<blockCount {
            guard let block = blocks[b] else { continue }
            let n = min(SharedStringTable.blockSize, written - (b << SharedStringTable.blockShift))
            if n > 0 { block.deinitialize(count: n) }
            block.deallocate()
        }
        blocks.deallocate()
    }

    // MARK: Reading

    /// A snapshot of how many strings may be read without waiting.
    func availableCount() -> Int {
        condition.lock()
        defer { condition.unlock() }
        return published
    }

    /// Waits until string `index` is loaded or loading ends. Returns the available count and
    /// the loader's failure, if any.
    func waitFor(index: Int) -> (count: Int, failure: SpreadsheetError?) {
        condition.lock()
        defer { condition.unlock() }
        while published <= index && !done { condition.wait() }
        return (published, failure)
    }

    /// Waits for the loader to finish; returns its failure, if any.
    func waitUntilLoaded() -> SpreadsheetError? {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        return failure
    }

    /// The string at an index below a count obtained from `availableCount`/`waitFor`.
    @inline(__always)
    subscript(index: Int) -> String {
        blocks[index >> SharedStringTable.blockShift]![index & (SharedStringTable.blockSize - 1)]
    }

    // MARK: Loading

    private func append(_ s: String) -> Bool {
        if written >= limit { return false }
        let b = written >> SharedStringTable.blockShift
        if blocks[b] == nil { blocks[b] = .allocate(capacity: SharedStringTable.blockSize) }
        (blocks[b]! + (written & (SharedStringTable.blockSize - 1))).initialize(to: s)
        written += 1
        if written & 1023 == 0 { publish() }
        return true
    }

    private func publish() {
        condition.lock()
        published = written
        condition.broadcast()
        condition.unlock()
    }

    private func finish(_ error: SpreadsheetError?) {
        condition.lock()
        published = written
        failure = error
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// Loads from the part's stream, on a new thread when `background`.
    func load(stream: ZipEntryStream, limits: ReadLimits, background: Bool) {
        if background {
            let thread = Thread { [self] in self.run(stream: stream, limits: limits) }
            thread.stackSize = 1 << 20
            thread.start()
        } else {
            run(stream: stream, limits: limits)
        }
    }

    private var pendingFailure: SpreadsheetError?

    private func run(stream: ZipEntryStream, limits: ReadLimits) {
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        let cb: cxml_string_fn = { ctx, bytes, n in
            let table = Unmanaged<SharedStringTable>.fromOpaque(ctx!).takeUnretainedValue()
            let s = String(decoding: UnsafeRawBufferPointer(start: bytes, count: n), as: UTF8.self)
            if n > SharedStringTable.maxCharacters, s.utf16.count > SharedStringTable.maxCharacters {
                table.pendingFailure = SpreadsheetError(
                    .limit, file: table.path,
                    reason: "shared string \(table.written) is \(s.utf16.count) characters long, more than Excel's 32,767",
                    hint: "the file is damaged or hostile; it was not read")
                return 1
            }
            if !table.append(s) {
                table.pendingFailure = SpreadsheetError(
                    .limit, file: table.path, reason: "more than \(table.limit) shared strings",
                    hint: "the file is damaged or hostile; it was not read")
                return 1
            }
            return 0
        }
        guard let parser = cxml_sst_parser_new(cxmlLimits(limits), ctx, cb) else {
            finish(SpreadsheetError(.limit, file: path, reason: "out of memory creating an XML parser"))
            return
        }
        defer { cxml_parser_free(parser) }
        do {
            try feedAll(stream: stream, parser: parser, path: path, part: stream.partName)
            finish(nil)
        } catch {
            finish(pendingFailure ?? error)
        }
        stream.close()
    }
}
