import Foundation
import RosterCore
import Spreadsheet

/// Checks rosters against the honour register and a programme.
public struct Validator: Sendable {
    /// The roster template (honour wording).
    public var template: TableTemplate
    /// The programme.
    public var program: Program
    /// The honour register.
    public var registry: Registry
    /// A full GB/T 2260 table, when configured (else only province codes are checked).
    public var regions: RegionTable?
    /// The list of named studios (organisation programmes): a studio not on it is not paid.
    public var studios: StudioList? = nil
    /// The city's districts and counties: a 区县 value outside them is `district.unknown`.
    public var districts: DistrictList
    /// Answers whether a person (18-character ID) was already paid in this programme and
    /// period (the payment ledger); such rows get `dup.already-paid`.
    public var alreadyPaid: (@Sendable (String) -> Bool)?
    /// The batch that already paid a person (18-character ID), for the `dup.already-paid`
    /// message; consulted only for people `alreadyPaid` answers true for.
    public var paidInBatch: (@Sendable (String) -> String?)? = nil
    /// What the ledger holds for a person (18-character ID) in this programme and period: the
    /// payment that already pays them, or the failed one a new payment re-issues.
    public var ledgerHistory: (@Sendable (String) -> LedgerHistory?)? = nil

    /// Creates a validator.
    public init(
        template: TableTemplate = .defaultRoster, program: Program, registry: Registry, regions: RegionTable? = nil,
        districts: DistrictList = .kunming, alreadyPaid: (@Sendable (String) -> Bool)? = nil
    ) {
        self.template = template
        self.program = program
        self.registry = registry
        self.regions = regions
        self.districts = districts
        self.alreadyPaid = alreadyPaid
    }

    /// Checks files together (duplicates are found across all of them). Results keep the
    /// given order; which copy of a duplicate counts as first follows the files' paths, so
    /// the outcome does not depend on the order files are given in.
    public func check(_ files: [RosterFile]) -> [FileCheck] {
        var results = files.map { checkRows($0) }
        findDuplicates(&results)
        return results
    }

    // MARK: - one file

    struct NormKey: Hashable {
        var field: RosterField
        var kind: String
    }

    /// Checks one file on its own, every rule but the duplicates across files: the first of the
    /// two phases of `check(_:)`, for a caller that learns something between them (the run asks
    /// the ledger who was paid before) and then calls ``findDuplicates(_:)``.
    public func checkFile(_ file: RosterFile) -> FileCheck { checkRows(file) }

    func checkRows(_ file: RosterFile, prechecked: ([CheckedRow], [NormKey: [Int]])? = nil) -> FileCheck {
        if file.isEmptyFile { return FileCheck(file: file, rows: [], fileFindings: [emptyFileFinding(file)], normalisations: []) }
        var fileFindings = fileLevelFindings(file)
        let (rows, norms) = prechecked ?? checkAllRows(file)
        checkTotals(file: file, rows: rows, into: &fileFindings)
        let records = norms.keys.sorted { ($0.field, $0.kind) < ($1.field, $1.kind) }.map {
            NormalisationRecord(field: $0.field, kind: $0.kind, rows: norms[$0]!)
        }
        return FileCheck(file: file, rows: rows, fileFindings: fileFindings, normalisations: records)
    }

    /// Checks every data row; large files are split into chunks checked on all cores, then
    /// joined in row order (the result is the same as checking them one by one).
    func checkAllRows(_ file: RosterFile) -> ([CheckedRow], [NormKey: [Int]]) {
        let table = file.columnTable
        let count = file.dataRows.count
        let chunks = count >= 4096 ? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) : 1
        if chunks == 1 {
            var norms: [NormKey: [Int]] = [:]
            var rows: [CheckedRow] = []
            rows.reserveCapacity(count)
            for r in file.dataRows { rows.append(checkRow(r, path: file.path, sheet: file.sheet, table: table, norms: &norms)) }
            return (rows, norms)
        }
        // Each chunk writes its checked rows straight into its own slice of the result, so
        // no second copy of the rows is ever held (one CheckedRow is a few hundred bytes).
        let size = (count + chunks - 1) / chunks
        let normParts = UnsafeMutableBufferPointer<[NormKey: [Int]]>.allocate(capacity: chunks)
        normParts.initialize(repeating: [:])
        defer {
            normParts.deinitialize()
            normParts.deallocate()
        }
        nonisolated(unsafe) let normOut = normParts  // chunk c writes only normOut[c]; read after concurrentPerform returns
        let dataRows = file.dataRows
        let path = file.path
        let sheet = file.sheet
        let rows = [CheckedRow](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer  // each chunk initializes only its own slice of rows
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size
                let hi = min(count, lo + size)
                var norms: [NormKey: [Int]] = [:]
                if lo < hi {
                    for i in lo..<hi {
                        (out.baseAddress! + i).initialize(
                            to: checkRow(dataRows[i], path: path, sheet: sheet, table: table, norms: &norms))
                    }
                }
                normOut[c] = norms
            }
            initialized = count
        }
        var norms: [NormKey: [Int]] = [:]
        for c in 0..<chunks {
            for (k, v) in normParts[c] { norms[k, default: []] += v }
        }
        return (rows, norms)
    }

    /// Checks one row (the file is named by path and sheet only, so no file is copied per row):
    /// each rule family in its own file, in this order, which is the order of the findings.
    func checkRow(_ r: RosterRow, path: String, sheet: String, table: [Int?], norms: inout [NormKey: [Int]]) -> CheckedRow {
        if program.payee == .organisation { return checkOrganisationRow(r, path: path, sheet: sheet, table: table, norms: &norms) }
        var row = RowContext(row: r, path: path, sheet: sheet, table: table)
        checkDistrict(&row)
        let name = checkName(&row)
        let (id, idOK) = checkIdentity(&row)
        let isMale = checkGender(&row, id: id)
        let (claimed, entry) = checkRegister(&row, id: id, idOK: idOK, name: name)
        let account = checkAccount(&row)
        let amount = checkAmount(&row, level: entry?.honour ?? claimed)
        for (field, changes) in row.notes {
            for k in changes.names { norms[NormKey(field: field, kind: k), default: []].append(r.number) }
        }
        var checked = CheckedRow(
            source: r, name: name, isMale: isMale, idNumber: id.value, idKey: idOK ? id.value : nil,
            claimedHonour: claimed, register: entry, employer: FieldParsing.text(row.cell(.employer)).0,
            bank: FieldParsing.text(row.cell(.bank)).0, account: account, phone: FieldParsing.name(row.cell(.phone)).0,
            hardship: FieldParsing.text(row.cell(.hardship)).0, remarks: FieldParsing.text(row.cell(.remarks)).0,
            amount: amount, findings: [])
        checked.findings = row.findings  // sets hasError
        return checked
    }
}

/// One row being checked: its cells by field, and what the rules find in it.
struct RowContext {
    let row: RosterRow
    let path: String
    let sheet: String
    /// Field ordinal → column.
    let table: [Int?]
    /// The findings so far, in the order the rules ran.
    var findings: [Finding] = []
    /// Silent normalisations applied, by field.
    var notes: [(field: RosterField, changes: TextChanges)] = []

    /// The cell of a field, if its column exists and the cell is not empty.
    func cell(_ f: RosterField) -> FieldText? { table[f.ordinal].flatMap { row.field($0) } }
    /// Whether the roster has the field's column.
    func has(_ f: RosterField) -> Bool { table[f.ordinal] != nil }

    mutating func add(_ field: RosterField, _ code: FindingCode, _ message: String, value: String? = nil, column: Int? = nil) {
        findings.append(
            Finding(
                file: path, sheet: sheet, row: row.number, columnIndex: column ?? table[field.ordinal], field: field, code: code,
                message: message, value: value))
    }

    mutating func note(_ field: RosterField, _ changes: TextChanges) {
        if !changes.isEmpty { notes.append((field, changes)) }
    }
}
