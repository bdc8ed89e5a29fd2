import Foundation
import GRDB
import GRDBSQLite
import RosterCore

/// The year's payments read once, row by row, and added up in memory by programme, period,
/// batch, honour level, district, state, state date and whether the payment re-issues a failed
/// one. SQLite's GROUP BY sorts every row first (about 2 s for a million payments); here each row
/// costs a few byte comparisons and one hash of small integers.
struct YearScan {
    /// What a group of payments shares.
    struct Key: Hashable {
        var programme: Int32
        var period: Int32
        var batch: Int32
        var honour: Int32
        var district: Int32
        /// -1 while issued (no state row), else an index into `texts`.
        var state: Int32
        /// -1 while issued, else the state's date, an index into `texts`.
        var date: Int32
        var reissued: Bool
    }

    /// The groups, with their payments and fen.
    var groups: [Key: (count: Int, fen: Int64)] = [:]
    /// The distinct texts the keys point to.
    var texts: [String] = []

    /// Reads every payment of `year` (its period starts with the year).
    init(_ db: Database, year: String) throws {
        let read = try ColumnReader(
            db,
            sql: """
                SELECT p.programme_id, p.period, p.batch_id, coalesce(p.honour, 'unknown'), p.district, s.state, s.date,
                       p.reissue_of IS NOT NULL, p.amount_fen
                FROM payments p LEFT JOIN payment_states s ON s.payment_id = p.id
                WHERE substr(p.period, 1, 4) = ?
                """, arguments: [year])
        var interned = Interner()
        while try read.step() {
            let key = Key(
                programme: interned.index(read, 0), period: interned.index(read, 1), batch: interned.index(read, 2),
                honour: interned.index(read, 3), district: interned.index(read, 4), state: interned.index(read, 5),
                date: interned.index(read, 6), reissued: read.int(7) == 1)
            let fen = read.int(8) ?? 0
            if let g = groups[key] {
                groups[key] = (g.count + 1, g.fen + fen)
            } else {
                groups[key] = (1, fen)
            }
        }
        texts = interned.texts
    }

    /// Distinct texts of the columns, each made into a string once: the same value is compared
    /// byte for byte with the few seen before (a year has a handful of programmes, batches,
    /// districts and dates).
    struct Interner {
        var texts: [String] = []
        var bytes: [[UInt8]] = []
        /// The last index each column gave, tried first (rows come batch by batch).
        var last: [Int32] = Array(repeating: -1, count: 8)

        mutating func index(_ read: ColumnReader, _ c: Int32) -> Int32 {
            guard !read.isNull(c), let p = sqlite3_column_text(read.s, c) else { return -1 }
            let n = Int(sqlite3_column_bytes(read.s, c))
            let b = UnsafeBufferPointer(start: p, count: n)
            let l = last[Int(c)]
            if l >= 0, same(bytes[Int(l)], b) { return l }
            for i in bytes.indices where same(bytes[i], b) {
                last[Int(c)] = Int32(i)
                return Int32(i)
            }
            bytes.append(Array(b))
            texts.append(String(decoding: b, as: UTF8.self))
            last[Int(c)] = Int32(bytes.count - 1)
            return Int32(bytes.count - 1)
        }

        private func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            guard a.count == b.count else { return false }
            guard b.count > 0 else { return true }
            return a.withUnsafeBufferPointer { x in memcmp(x.baseAddress!, b.baseAddress!, b.count) == 0 }
        }
    }
}
