import Foundation
import RosterCore

/// Checks roster rows while the rosters are still being read.
///
/// Reading threads publish rows as the locator keeps them (``Feed``); any thread holding a
/// validator (the register's thread once the register is loaded, then the reading thread once
/// every file is read) claims chunks of published rows and checks them (``work(with:)``).
/// ``checkedRows(file:dataRows:)`` then joins each file's chunks in row order, so the outcome is
/// exactly that of checking each file after reading it (`Validator.checkAllRows`): rows are
/// checked one by one, with nothing carried from one row to the next but the normalisation
/// record, which is merged in row order.
public final class CheckPipeline: @unchecked Sendable {  // all mutable state is read and written under `condition`
    /// Rows per published batch and per claimed chunk.
    static let batch = 1024

    private struct FileState {
        var path = ""
        var sheet = ""
        var table: [Int?] = []
        /// Published batches, each handed whole to one worker (no row is copied).
        var batches: [[RosterRow]] = []
        /// The first row number (0-based) of each batch.
        var starts: [Int] = []
        /// Rows published so far.
        var published = 0
        /// Checked chunks: rows in memory this class allocated, moved (not copied) into the
        /// file's array when joined. Copying would retain and release every string of 100,000
        /// checked rows.
        var parts: [(lo: Int, rows: UnsafeMutableBufferPointer<CheckedRow>, norms: [Validator.NormKey: [Int]])] = []
    }

    private let condition = NSCondition()
    private var files: [FileState]
    /// Published batches not yet claimed, oldest first, as (file, batch): claiming is O(1) however
    /// many files there are.
    private var ready: [(file: Int, batch: Int)] = []
    private var readyHead = 0
    private var readingDone = false
    /// Rows checked by workers so far (for tests: that the pipeline, not a fallback, did the work).
    private var checkedCount = 0
    var rowsChecked: Int {
        condition.lock()
        defer { condition.unlock() }
        return checkedCount
    }

    /// A pipeline for `fileCount` inputs (indexed as the paths are).
    public init(fileCount: Int) {
        files = Array(repeating: FileState(), count: fileCount)
    }

    /// One reading thread's side of one file: keeps rows and publishes them in batches.
    final class Feed {
        private let pipeline: CheckPipeline
        private let file: Int
        private var pending: [RosterRow] = []
        private var header: (path: String, sheet: String, table: [Int?])?

        init(_ pipeline: CheckPipeline, file: Int) {
            self.pipeline = pipeline
            self.file = file
            pending.reserveCapacity(CheckPipeline.batch)
        }

        /// Takes one kept row (with the table as located).
        func kept(_ row: RosterRow, _ table: RosterFile) {
            if header == nil { header = (table.path, table.sheet, table.columnTable) }
            pending.append(row)
            if pending.count >= CheckPipeline.batch { publish() }
        }

        /// Publishes what is left (call when the file is read, whether or not it succeeded).
        func publish() {
            guard let header, !pending.isEmpty else { return }
            pipeline.publish(file: file, header: header, rows: pending)
            pending = []
            pending.reserveCapacity(CheckPipeline.batch)
        }
    }

    private func publish(file: Int, header: (path: String, sheet: String, table: [Int?]), rows: [RosterRow]) {
        condition.lock()
        if files[file].batches.isEmpty {
            files[file].path = header.path
            files[file].sheet = header.sheet
            files[file].table = header.table
        }
        ready.append((file, files[file].batches.count))
        files[file].batches.append(rows)
        files[file].starts.append(files[file].published)
        files[file].published += rows.count
        condition.broadcast()
        condition.unlock()
    }

    /// Says that every file has been read (or has failed): workers finish once all is claimed.
    public func readingFinished() {
        condition.lock()
        readingDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Checks published rows with `validator` until every row of every file is claimed and
    /// reading is finished. Safe to call from several threads at once.
    public func work(with validator: Validator) {
        condition.lock()
        while true {
            var claim: (file: Int, lo: Int, rows: [RosterRow], path: String, sheet: String, table: [Int?])?
            if readyHead < ready.count {
                let (i, k) = ready[readyHead]
                readyHead += 1
                claim = (i, files[i].starts[k], files[i].batches[k], files[i].path, files[i].sheet, files[i].table)
                files[i].batches[k] = []  // the worker holds the only reference now
            }
            if let c = claim {
                condition.unlock()
                var norms: [Validator.NormKey: [Int]] = [:]
                let checked = UnsafeMutableBufferPointer<CheckedRow>.allocate(capacity: c.rows.count)
                for (k, r) in c.rows.enumerated() {
                    (checked.baseAddress! + k).initialize(
                        to: validator.checkRow(r, path: c.path, sheet: c.sheet, table: c.table, norms: &norms))
                }
                condition.lock()
                files[c.file].parts.append((c.lo, checked, norms))
                checkedCount += checked.count
                continue
            }
            if readingDone { break }
            condition.wait()
        }
        condition.unlock()
    }

    /// The checked rows of file `file`, in row order, with their districts taken from the
    /// file as read, and the normalisation record; nil when its rows were not all checked
    /// here (the caller then checks the file itself). Call once every worker has returned.
    func checkedRows(file: Int, dataRows: [RosterRow]) -> ([CheckedRow], [Validator.NormKey: [Int]])? {
        condition.lock()
        var parts = files[file].parts
        files[file].parts = []
        files[file].batches = []
        condition.unlock()
        parts.sort { $0.lo < $1.lo }
        var expected = 0
        var whole = true
        for p in parts {
            whole = whole && p.lo == expected
            expected += p.rows.count
        }
        guard whole, expected == dataRows.count else {
            for p in parts { p.rows.deinitialize().deallocate() }
            return nil
        }
        var norms: [Validator.NormKey: [Int]] = [:]
        let rows = [CheckedRow](unsafeUninitializedCapacity: expected) { buffer, initialized in
            for p in parts {
                (buffer.baseAddress! + p.lo).moveInitialize(from: p.rows.baseAddress!, count: p.rows.count)
                p.rows.deallocate()
                for (key, numbers) in p.norms { norms[key, default: []] += numbers }
            }
            initialized = expected
            // The district is known only once the whole file is read.
            for i in 0..<expected { buffer[i].source.district = dataRows[i].district }
        }
        return (rows, norms)
    }

    deinit {
        for f in files { for p in f.parts { p.rows.deinitialize().deallocate() } }
    }
}
