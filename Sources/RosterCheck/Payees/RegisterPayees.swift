import RosterCore
import Spreadsheet

/// The payees of a programme paid from the register (`"payeesFrom": "register"`): nobody applies,
/// so the rosters are made here, one per district, from every holder of an eligible level who
/// holds the honour on the reference date (a status dated after it still counts), paid into the
/// account an account list gives. They then go through the same checks as any roster:
/// - a holder the list gives no account is a row without one, returned for follow-up
///   (`bank.missing`), never dropped;
/// - a list row naming nobody eligible stays a row of its own, and the checks say why
///   (not registered, deceased, another level…);
/// - the amount is the programme's fixed rule for the holder's level and the list's category.
public enum RegisterPayees {
    /// The columns of the rosters made (the default roster template's headers).
    static let header = ["序号", "姓名", "身份证号码", "区县", "荣誉称号", "补助类别", "补助金额", "开户行", "银行卡号", "联系电话", "备注"]

    /// The rosters for `program`: one per district of the account list, plus one of the holders
    /// without an account (named after the register, district unknown).
    public static func rosters(
        register: Registry, accounts: RosterFile, program: Program, districts: DistrictList, registerShown: String
    ) throws(SpreadsheetError) -> [RosterFile] {
        let eligible = register.entries.values.filter { isEligible($0, program) }.sorted { $0.row < $1.row }
        var byId: [String: RosterRow] = [:]
        for r in accounts.dataRows {
            let id = FieldParsing.identity(accounts.columns[.idNumber].flatMap { r.field($0) })
            if id.problem == nil, byId[id.value] == nil { byId[id.value] = r }
        }
        var lines: [String: [[String]]] = [:]
        var used = Set<String>()
        var missing: [[String]] = []
        for e in eligible {
            guard let r = byId[e.idNumber] else {
                missing.append(
                    line(e, level: e.honour, account: nil, file: accounts, program: program, note: "账户名单中没有该劳模的账户，请补充本人银行卡号后补发"))
                continue
            }
            used.insert(e.idNumber)
            let district = r.district ?? accounts.district ?? DistrictList.unknownDistrict
            lines[district, default: []].append(line(e, level: e.honour, account: r, file: accounts, program: program, note: ""))
        }
        // List rows that name nobody eligible: kept, so the checks say why.
        for r in accounts.dataRows {
            let id = FieldParsing.identity(accounts.columns[.idNumber].flatMap { r.field($0) })
            if id.problem == nil, used.contains(id.value) { continue }
            let district = r.district ?? accounts.district ?? DistrictList.unknownDistrict
            let known = id.problem == nil ? register[id.value] : nil
            lines[district, default: []].append(
                line(nil, level: known?.honour, account: r, file: accounts, program: program, note: "账户名单第 \(r.number) 行"))
        }
        var files: [RosterFile] = []
        for d in districts.sorted(Array(lines.keys)) {
            files.append(try roster(path: "\(accounts.path)（\(d)）", district: d, rows: lines[d]!, districts: districts))
        }
        if !missing.isEmpty {
            files.append(try roster(path: "\(registerShown)（未提供账户）", district: DistrictList.unknownDistrict, rows: missing, districts: districts))
        }
        return files
    }

    /// Holds an eligible level and the honour on the reference date.
    static func isEligible(_ e: RegisterEntry, _ program: Program) -> Bool {
        guard let level = e.honour, program.eligibleHonours.contains(level) else { return false }
        return e.holdsHonour(on: program.date)
    }

    /// One roster line: the holder's register details (or the list row's own, for a row naming
    /// nobody eligible), the list's district, bank, account and category, and the fixed amount.
    static func line(
        _ e: RegisterEntry?, level: HonourLevel?, account r: RosterRow?, file: RosterFile, program: Program, note: String
    ) -> [String] {
        func cell(_ f: RosterField) -> String { FieldParsing.text(r.flatMap { row in file.columns[f].flatMap { row.field($0) } }).0 }
        let category = cell(.category)
        let amount: String
        if case .fixed(let m)? = program.amountRule(level: level, category: category) { amount = m.decimalString } else { amount = "" }
        let district = r?.district ?? file.district ?? ""
        return [
            "", e?.name ?? cell(.name), e?.idNumber ?? cell(.idNumber), district, e?.honourText ?? "", category, amount, cell(.bank),
            cell(.account), cell(.phone), [note, cell(.remarks)].filter { !$0.isEmpty }.joined(separator: "；"),
        ]
    }

    /// A located roster of `rows` under the standard header, rows numbered from 2.
    static func roster(path: String, district: String, rows: [[String]], districts: DistrictList) throws(SpreadsheetError) -> RosterFile {
        var sheetRows = [Row.texts(1, header)]
        for (i, r) in rows.enumerated() {
            var values = r
            values[0] = String(i + 1)
            sheetRows.append(Row.texts(i + 2, values))
        }
        let wb = MemoryWorkbook(path: path, sheets: [.init(name: "发放名单", rows: sheetRows, merged: [])])
        var file = try RosterLocator(template: .defaultRoster, districts: districts).read(workbook: wb)
        // Rows whose district nobody gave are reported under the unknown district, not held back.
        if district == DistrictList.unknownDistrict { file.district = district }
        return file
    }
}
