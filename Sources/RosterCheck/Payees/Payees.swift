import RosterCore

/// One person paid, as written in the finance workbook (and in the order bank files should use).
public struct Disbursement: Sendable, Hashable {
    /// The district the row was paid under.
    public var district: String
    /// Normalised name.
    public var name: String
    /// 男 / 女 (from the 性别 cell, else from the identity number), or empty.
    public var gender: String
    /// 18-character identity number.
    public var idNumber: String
    /// The honour level's Chinese name (the register's level when known, else the claimed one).
    public var honour: String
    /// The honour level, when known.
    public var honourLevel: HonourLevel?
    /// 开户行.
    public var bank: String
    /// Account number.
    public var account: String
    /// The amount paid.
    public var amount: Money
    /// 备注: the row's own remarks followed by any warnings.
    public var remarks: String
    /// The file the row came from (path as given).
    public var file: String
    /// The row number in that file.
    public var row: Int
    /// An organisation payee: `name` is the organisation, `idNumber` its unified social credit
    /// code, `studio` the studio the grant is for, `leader` its leader's name.
    public var isOrganisation = false
    /// The studio (organisation payees).
    public var studio = ""
    /// The studio leader's name (organisation payees).
    public var leader = ""
    /// 联行号, when given.
    public var bankCode = ""
}

/// Who is paid: every accepted row of the checks, in the order of the finance workbook and the
/// bank files.
public enum Payees {
    /// The district a row belongs to in reports.
    package static func district(of row: CheckedRow, in file: RosterFile) -> String {
        row.district ?? file.district ?? DistrictList.unknownDistrict
    }

    /// Every paid row of the checks, grouped by district in report order, and within a
    /// district by source file path and row number. Independent of the order of `checks`.
    public static func disbursements(
        _ checks: [FileCheck], districts: DistrictList = .kunming, payee: Program.Payee = .person
    ) -> [Disbursement] {
        var out: [Disbursement] = []
        var count = 0
        for c in checks where !c.blocked { count += c.rows.count }
        out.reserveCapacity(count)
        for c in checks {
            let all = c.rows
            let blocked = c.blocked
            for i in all.indices where c.isPaid(i, blocked: blocked) {
                out.append(disbursement(all[i], amount: all[i].amount ?? .zero, file: c.file, payee: payee))
            }
        }
        // Sort by precomputed ranks: district (report order), file path (by bytes), row number.
        let districtRank = Dictionary(
            uniqueKeysWithValues: districts.sorted(out.lazy.map(\.district)).enumerated().map { ($1, $0) })
        let files = Set(out.lazy.map(\.file)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let fileRank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        var keys: [(district: Int, file: Int, row: Int, index: Int)] = []
        keys.reserveCapacity(out.count)
        var lastDistrict = "", lastFile = ""
        var dr = 0, fr = 0
        for (i, d) in out.enumerated() {
            if i == 0 || d.district != lastDistrict { dr = districtRank[d.district]!; lastDistrict = d.district }
            if i == 0 || d.file != lastFile { fr = fileRank[d.file]!; lastFile = d.file }
            keys.append((dr, fr, d.row, i))
        }
        keys.sort { ($0.district, $0.file, $0.row) < ($1.district, $1.file, $1.row) }
        return keys.map { out[$0.index] }
    }

    /// One accepted row as paid.
    static func disbursement(_ r: CheckedRow, amount: Money, file: RosterFile, payee: Program.Payee = .person) -> Disbursement {
        var gender = ""
        if payee == .person, let m = r.isMale ?? IdentityNumber.isMale(r.idNumber) { gender = m ? "男" : "女" }
        let level = r.register?.honour ?? r.claimedHonour
        var remarks = r.remarks
        if !r.findings.isEmpty {
            var uniqueWarnings: [String] = []
            for f in r.findings where f.severity == .warning {
                let label = FindingText.label(f.code)
                if !uniqueWarnings.contains(label) { uniqueWarnings.append(label) }
            }
            if !uniqueWarnings.isEmpty {
                remarks += (remarks.isEmpty ? "" : "；") + "提示：" + uniqueWarnings.joined(separator: "、")
            }
        }
        return Disbursement(
            district: district(of: r, in: file), name: r.name, gender: gender, idNumber: r.idNumber,
            honour: level?.label ?? "", honourLevel: level, bank: r.bank, account: r.account, amount: amount,
            remarks: remarks, file: file.path, row: r.number, isOrganisation: payee == .organisation,
            studio: r.organisation?.studio ?? "", leader: r.organisation?.leader ?? "", bankCode: r.organisation?.bankCode ?? "")
    }
}
