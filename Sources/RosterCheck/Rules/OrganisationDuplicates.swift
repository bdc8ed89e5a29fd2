import RosterCore

extension Validator {
    /// `dup.org`: one grant per studio and per host organisation in a programme. A second row
    /// naming the same studio, or the same credit code, anywhere in the batch is not paid (the
    /// first, in path order, is); then the ledger rules run on each organisation's rows.
    func findOrganisationDuplicates(_ results: inout [FileCheck]) {
        let order = results.indices.sorted { (results[$0].file.path, $0) < (results[$1].file.path, $1) }
        var byCode: [String: [Occurrence]] = [:]
        var codes: [String] = []
        var firstStudio: [String: Occurrence] = [:]
        var firstCode: [String: Occurrence] = [:]
        for f in order {
            for i in results[f].rows.indices {
                let o = Occurrence(file: f, row: i)
                let row = results[f].rows[i]
                if let key = row.idKey {
                    if byCode[key] == nil { codes.append(key) }
                    byCode[key, default: []].append(o)
                }
                let studio = StudioList.key(row.organisation?.studio ?? "")
                if !studio.isEmpty, let first = firstStudio[studio] {
                    addDuplicate(&results, o, first: first, what: "同一工作室“\(row.organisation!.studio)”")
                } else if let key = row.idKey, let first = firstCode[key] {
                    addDuplicate(&results, o, first: first, what: "同一依托单位（统一社会信用代码相同）")
                }
                if !studio.isEmpty, firstStudio[studio] == nil { firstStudio[studio] = o }
                if let key = row.idKey, firstCode[key] == nil { firstCode[key] = o }
            }
        }
        markLedgerHistory(&results, runs: codes.map { byCode[$0]! })
    }

    private func addDuplicate(_ results: inout [FileCheck], _ o: Occurrence, first: Occurrence, what: String) {
        let file = results[o.file].file
        let firstRow = results[first.file].rows[first.row]
        let whereText =
            first.file == o.file
            ? "本表第\(firstRow.number)行"
            : "\(firstRow.district ?? "其他区县")报送的“\(results[first.file].file.path.split(separator: "/").last.map(String.init) ?? "")”第\(firstRow.number)行"
        let row = results[o.file].rows[o.row]
        results[o.file].rows[o.row].findings.append(
            Finding(
                file: file.path, sheet: file.sheet, row: row.number, columnIndex: file.columns[.studio] ?? file.columns[.creditCode],
                field: .studio, code: .dupOrg, message: "与\(whereText)为\(what)，每个项目只发放一次，本行不予发放",
                value: row.organisation?.studio))
    }
}
