import Foundation
import RosterCore

extension Validator {
    // MARK: - across files

    /// A hash of a name's bytes and a birth date, only used to bring candidates together (they
    /// are then compared exactly). Seeded per process, like every `Hasher`, so a roster cannot
    /// be made to collide on purpose; no output depends on its value.
    static func nameBirthHash(_ name: String, _ birth: SimpleDate) -> UInt64 {
        var hasher = Hasher()
        withUTF8Bytes(name) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(birth.year &* 10_000 &+ birth.month &* 100 &+ birth.day)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// The groups of two or more places among `pairs` (sorted by key, then place) whose keys
    /// are equal and which `same` says are equal too (keys are hashes: equal keys are only
    /// candidates). Each group keeps path order; a group's first place is its first copy.
    static func groups(sorted pairs: [(key: UInt64, seq: UInt64)], same: (UInt64, UInt64) -> Bool) -> [[UInt64]] {
        var out: [[UInt64]] = []
        for run in runs(sorted: pairs) where run.count > 1 {
            // Split the run by `same`, each part in path order (one pass per part).
            var left = pairs[run].map(\.seq)
            while left.count > 1 {
                let first = left[0]
                var part: [UInt64] = []
                var rest: [UInt64] = []
                for q in left {
                    if q == first || same(first, q) { part.append(q) } else { rest.append(q) }
                }
                if part.count > 1 { out.append(part) }
                left = rest
            }
        }
        return out
    }

    /// The index ranges of `pairs` (sorted by key) over which the key stays the same.
    static func runs(sorted pairs: [(key: UInt64, seq: UInt64)]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var lo = 0
        while lo < pairs.count {
            var hi = lo + 1
            while hi < pairs.count && pairs[hi].key == pairs[lo].key { hi += 1 }
            out.append(lo..<hi)
            lo = hi
        }
        return out
    }

    struct Occurrence {
        var file: Int
        var row: Int
    }

    /// The second phase of `check(_:)`: the same person within a file, across files of a
    /// district, across districts, near-identical numbers, and people `alreadyPaid` names.
    public func findDuplicates(_ results: inout [FileCheck]) {
        if program.payee == .organisation { return findOrganisationDuplicates(&results) }
        // Files in path order decide which copy is first.
        let order = results.indices.sorted { (results[$0].file.path, $0) < (results[$1].file.path, $1) }
        let total = results.reduce(0) { $0 + $1.rows.count }
        // Each row's place in path order: the file's rank in `order`, then the row.
        @Sendable func occurrence(_ seq: UInt64) -> Occurrence { Occurrence(file: order[Int(seq >> 32)], row: Int(seq & 0xFFFF_FFFF)) }
        // The two groupings (by number, by name and birth date) are made at the same time, one per
        // core, by sorting (key, place) pairs: equal keys end up side by side, each group in path
        // order, so its first element is the first copy. Sorting 16-byte pairs walks memory in
        // order, where a hash table of 100,000 rows was a cache miss and a page touch per row.
        final class Groups: @unchecked Sendable {  // each field is written by one job, read after concurrentPerform returns
            /// Every number (packed into 64 bits; idKey is always well formed) with its place, sorted.
            var ids: [(key: UInt64, seq: UInt64)] = []
            /// Runs of the same name and birth date, two or more rows each, as places in path order.
            var nameBirth: [[UInt64]] = []
        }
        let groups = Groups()
        do {
            // A copy that ends with this block, before any row is changed (a live copy would make the
            // first change copy every row of the file).
            let snapshot = results
            DispatchQueue.concurrentPerform(iterations: 2) { job in
                if job == 0 {
                    var pairs: [(key: UInt64, seq: UInt64)] = []
                    pairs.reserveCapacity(total)
                    for (rank, f) in order.enumerated() {
                        // Through a buffer: each row is read in place, never copied whole.
                        snapshot[f].rows.withUnsafeBufferPointer { rows in
                            for i in rows.indices {
                                guard let s = rows[i].idKey, let k = Registry.pack(s) else { continue }
                                pairs.append((k, UInt64(rank) << 32 | UInt64(i)))
                            }
                        }
                    }
                    pairs.sort { $0 < $1 }
                    groups.ids = pairs
                } else {
                    // Keyed by a hash of the name's bytes and the birth date; rows whose hashes
                    // agree are then compared exactly, so a collision never joins two people.
                    var pairs: [(key: UInt64, seq: UInt64)] = []
                    pairs.reserveCapacity(total)
                    for (rank, f) in order.enumerated() {
                        snapshot[f].rows.withUnsafeBufferPointer { rows in
                            for i in rows.indices {
                                guard !rows[i].name.isEmpty, IdentityNumber.isWellFormed18(rows[i].idNumber),
                                    let b = IdentityNumber.birthDate(rows[i].idNumber)
                                else { continue }
                                pairs.append((Self.nameBirthHash(rows[i].name, b), UInt64(rank) << 32 | UInt64(i)))
                            }
                        }
                    }
                    pairs.sort { $0 < $1 }
                    groups.nameBirth = Self.groups(sorted: pairs) { p, q in
                        let a = occurrence(p)
                        let b = occurrence(q)
                        let x = snapshot[a.file].rows[a.row]
                        let y = snapshot[b.file].rows[b.row]
                        return UTF8Key(x.name) == UTF8Key(y.name)
                            && IdentityNumber.birthDate(x.idNumber) == IdentityNumber.birthDate(y.idNumber)
                    }
                }
            }
        }
        // Runs of the same number (a packed number is exact: each run is one person).
        let ids = groups.ids
        let idRuns = Self.runs(sorted: ids)
        let byID = idRuns.filter { $0.count > 1 }.map { r in ids[r].map { occurrence($0.seq) } }
        let byNameBirth = groups.nameBirth.map { $0.map(occurrence) }
        func add(_ o: Occurrence, _ code: FindingCode, _ message: String, others: [String] = []) {
            let file = results[o.file].file
            let number = results[o.file].rows[o.row].source.number
            let masked = Mask.identity(results[o.file].rows[o.row].idNumber)
            results[o.file].rows[o.row].findings.append(
                Finding(
                    file: file.path, sheet: file.sheet, row: number, columnIndex: file.columns[.idNumber], field: .idNumber,
                    code: code, message: message, value: masked, otherDistricts: others))
        }
        markLedgerHistory(&results, runs: idRuns.map { ids[$0].map { occurrence($0.seq) } })
        // Each row belongs to one group, so group order does not change any row's findings.
        for occ in byID {
            let districts = occ.map { results[$0.file].rows[$0.row].source.district ?? "" }
            let distinct = Set(districts.filter { !$0.isEmpty })
            if distinct.count > 1 {
                for (j, o) in occ.enumerated() {
                    let others = distinct.subtracting([districts[j]]).sorted { self.districts.order($0) < self.districts.order($1) }
                    add(
                        o, .dupCrossDistrict,
                        "该劳模同时由\(others.joined(separator: "、"))申报，各区县均暂缓发放。请与\(others.joined(separator: "、"))核实后，由户籍或工作所在区县一方重新申报",
                        others: others)
                }
            }
            // The first copy in each file and in each district, so that n copies of one person
            // cost O(n), not O(n²).
            var firstInFile: [Int: Int] = [occ[0].file: 0]
            var firstInDistrict: [String: Int] = [districts[0]: 0]
            for j in 1..<occ.count {
                let o = occ[j]
                let inFile = firstInFile[o.file]
                let inDistrict = firstInDistrict[districts[j]]
                if inFile == nil { firstInFile[o.file] = j }
                if inDistrict == nil { firstInDistrict[districts[j]] = j }
                guard let fi = inFile ?? inDistrict else { continue }
                let first = occ[fi]
                if first.file == o.file {
                    add(o, .dupInFile, "与本表第\(results[first.file].rows[first.row].number)行为同一人（身份证号码相同），重复申报，本行不予发放")
                } else {
                    let name = results[first.file].file.path.split(separator: "/").last.map(String.init) ?? ""
                    add(o, .dupInBatch, "与本区县报送的另一文件“\(name)”第\(results[first.file].rows[first.row].number)行为同一人，重复申报，本行不予发放")
                }
            }
        }
        for occ in byNameBirth {
            // Earlier rows matter only by their distinct numbers: the first row carrying each one,
            // in order. The earliest row whose number is one edit from this row's is then the
            // first match in that list, and copies of one person cost nothing extra.
            var distinct: [(id: [UInt8], at: Int)] = []
            var seen: Set<String> = []
            for j in 0..<occ.count {
                let id = results[occ[j].file].rows[occ[j].row].idNumber
                let bytes = Array(id.utf8)
                if j > 0, let match = distinct.first(where: { $0.id != bytes && hamming1($0.id, bytes) }) {
                    let i = match.at
                    let a = results[occ[i].file].rows[occ[i].row]
                    let bDistrict = results[occ[j].file].rows[occ[j].row].district
                    let whereText: String
                    if occ[i].file == occ[j].file {
                        whereText = "本表第\(a.number)行"
                    } else if a.district == bDistrict {
                        whereText = "本区县另一文件中的一行"
                    } else {
                        whereText = "\(a.district ?? "其他区县")报送的一行"
                    }
                    add(occ[j], .dupSuspect, "与\(whereText)姓名、出生日期相同，身份证号码仅差一位，疑似同一人，请核对")
                }
                if seen.insert(id).inserted { distinct.append((bytes, j)) }
            }
        }
    }

    /// True when two 18-character numbers (as UTF-8 bytes) are one edit apart: one digit of the
    /// first 17 differs (the check character follows it or not), or only the check character differs.
    func hamming1(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        guard x.count == 18, y.count == 18 else { return false }
        var d = 0
        for i in 0..<17 where x[i] != y[i] {
            d += 1
            if d > 1 { return false }
        }
        return d == 1 || x[17] != y[17]
    }
}
