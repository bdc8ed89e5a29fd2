import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterRun
import Spreadsheet
import Testing

/// Helpers of the security tests: the personal numbers of a scenario and the texts of outputs.
enum Secure {
    /// A person's row as one district sent it.
    struct SentRow: Hashable {
        var file: String
        var district: String
        var name: String
        var id: String?
        var account: String?
    }

    /// An 18-character identity number in `text` (17 digits and a digit or X), else nil.
    static func fullID(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let u = Array(t.utf8)
        guard u.count == 18, u[..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            (u[17] >= 0x30 && u[17] <= 0x39) || u[17] == UInt8(ascii: "X")
        else { return nil }
        return t
    }

    /// A full bank account number in `text` (12 or more digits once spaces are removed), else nil.
    static func fullAccount(_ text: String) -> String? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count >= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// Every roster row of the scenario's roster files, with its district as the reports assign it.
    static func sentRows(_ dir: URL, rosters: String = "rosters") throws -> [SentRow] {
        let folder = dir.appendingPathComponent(rosters)
        var out: [SentRow] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where !name.hasPrefix(".") {
            let f = try RosterLocator().read(path: folder.appendingPathComponent(name).path)
            for r in f.dataRows {
                let district = r.district ?? f.district ?? DistrictList.unknownDistrict
                out.append(
                    SentRow(
                        file: name, district: district,
                        name: f.cell(.name, in: r.row)?.raw.trimmingCharacters(in: .whitespaces) ?? "",
                        id: f.cell(.idNumber, in: r.row).flatMap { fullID($0.raw) },
                        account: f.cell(.account, in: r.row).flatMap { fullAccount($0.raw) }))
            }
        }
        return out
    }

    /// Every full ID of the register and the rosters, and every full account of the rosters.
    static func personalNumbers(_ dir: URL) throws -> (ids: Set<String>, accounts: Set<String>) {
        let reg = try Registry.load(path: dir.appendingPathComponent("register.xlsx").path)
        var ids = Set(reg.entries.keys)
        var accounts = Set<String>()
        for r in try sentRows(dir) {
            if let i = r.id { ids.insert(i) }
            if let a = r.account { accounts.insert(a) }
        }
        return (ids, accounts)
    }

    /// The text of every cell of every sheet of a workbook, read with the project's reader.
    static func cellTexts(_ path: String) throws -> [String] {
        let wb = try Spreadsheets.open(path: path)
        var out: [String] = []
        for s in wb.sheets {
            for row in try wb.readAll(sheet: s.index).rows { for c in row.cells { out.append(c.raw) } }
        }
        return out
    }

    /// The XML of every worksheet and the shared strings of an XLSX, via `unzip -p`.
    static func sheetXML(_ path: String) throws -> String {
        let cwd = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent)
        let sheets = try Harden.exec("/usr/bin/unzip", ["-p", path, "xl/worksheets/*.xml"], cwd: cwd)
        #expect(sheets.status == 0, "unzip \(path): \(sheets.stderr)")
        let strings = try Harden.exec("/usr/bin/unzip", ["-p", path, "xl/sharedStrings.xml"], cwd: cwd)
        return sheets.stdout + strings.stdout
    }

    /// Needles of `set` found in `haystack`.
    static func found(_ set: Set<String>, in haystack: String) -> [String] {
        set.filter { haystack.contains($0) }.sorted()
    }

    /// Every file under `dir`, relative to it, sorted.
    static func files(under dir: URL) -> [String] {
        var out: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        while let sub = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(sub).path, isDirectory: &isDir), !isDir.boolValue {
                out.append(sub)
            }
        }
        return out.sorted()
    }
}

/// Issue 6, security pass: full identity and account numbers appear only in the files meant to
/// carry them, and each district's return workbook holds only that district's people.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct SecurityLeakTests {
    static let banks = ["--bank-template", "generic-csv", "--bank-template", "cn-batch-gbk", "--bank-template", "pain.001.001.09"]

    @Test func fullIDsAndAccountsAppearOnlyInTheFinanceWorkbookBankFilesAndReturns() throws {
        let dir = try Harden.scenario(seed: 661, rows: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (ids, accounts) = try Secure.personalNumbers(dir)
        #expect(ids.count > 200 && accounts.count > 100, "\(ids.count) ids, \(accounts.count) accounts")
        let r = try Harden.roster(Harden.runArgs(out: "out", extra: Self.banks), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("out")
        // Streams of a complete run, of a refused second payment, and of the ledger commands.
        var streams: [(String, String)] = [("stdout", r.stdout), ("stderr", r.stderr)]
        let again = try Harden.roster(Harden.runArgs(out: "out2"), cwd: dir)
        #expect(again.status == 1, "\(again.stderr)")
        streams += [("second run stdout", again.stdout), ("second run stderr", again.stderr)]
        let batch = try #require(Harden.manifestBatchId(out))
        for args in [["ledger", "list", "--ledger", "ledger.sqlite"], ["ledger", "show", batch, "--ledger", "ledger.sqlite"]] {
            let l = try Harden.roster(args, cwd: dir)
            #expect(l.status == 0, "\(args): \(l.stderr)")
            #expect(!l.stdout.isEmpty)
            streams += [(args.joined(separator: " "), l.stdout + l.stderr)]
        }
        for (what, text) in streams {
            #expect(Secure.found(ids, in: text).isEmpty, "\(what) shows full IDs \(Secure.found(ids, in: text).prefix(3))")
            #expect(Secure.found(accounts, in: text).isEmpty, "\(what) shows full accounts")
        }
        // Every output file other than the finance workbook, the bank files and the returns.
        let all = Secure.files(under: out)
        #expect(all.contains("report.json") && all.contains("manifest.json"))
        for rel in all where rel != PaymentRun.financeFileName && !rel.hasPrefix("bank/") && !rel.hasPrefix("returns/") {
            let text = String(decoding: try Data(contentsOf: out.appendingPathComponent(rel)), as: UTF8.self)
            #expect(Secure.found(ids, in: text).isEmpty, "\(rel) holds full IDs")
            #expect(Secure.found(accounts, in: text).isEmpty, "\(rel) holds full accounts")
        }
        // The ledger's bytes (and any journal beside it).
        for suffix in ["", "-wal", "-journal"] {
            guard let bytes = FileManager.default.contents(atPath: dir.appendingPathComponent("ledger.sqlite" + suffix).path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Secure.found(ids, in: text).isEmpty, "ledger.sqlite\(suffix) holds clear IDs")
            #expect(Secure.found(accounts, in: text).isEmpty, "ledger.sqlite\(suffix) holds accounts")
        }
        // The scan is not vacuous: the files meant to carry the numbers do carry them.
        let finance = try Secure.cellTexts(out.appendingPathComponent(PaymentRun.financeFileName).path).joined(separator: "\n")
        #expect(Secure.found(ids, in: finance).count > 50)
        #expect(Secure.found(accounts, in: finance).count > 50)
        let bankCSV = String(decoding: try Data(contentsOf: out.appendingPathComponent("bank").appendingPathComponent(
            try #require(Secure.files(under: out.appendingPathComponent("bank")).first { $0.hasSuffix(".csv") }))), as: UTF8.self)
        #expect(Secure.found(accounts, in: bankCSV).count > 50)
    }

    @Test func everyReturnWorkbookHoldsOnlyItsOwnDistrictsPeople() throws {
        let dir = try Harden.scenario(seed: 662, rows: 400)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sent = try Secure.sentRows(dir)
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let returns = dir.appendingPathComponent("out/returns")
        let files = Secure.files(under: returns)
        let districts = Set(sent.map(\.district))
        #expect(files.count >= 10 && files.count == districts.count, "\(files) for \(districts.sorted())")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("truth.json")))
        let truthText = String(decoding: try JSONSerialization.data(withJSONObject: truth), as: UTF8.self)
        #expect(truthText.contains("dup.cross-district"), "the scenario has no cross-district duplicate to test")
        var crossNamed = 0
        for file in files {
            let district = (file as NSString).deletingPathExtension
            let texts = try Secure.cellTexts(returns.appendingPathComponent(file).path)
            let joined = texts.joined(separator: "\n")
            let cells = Set(texts.map { $0.trimmingCharacters(in: .whitespaces) })
            let own = sent.filter { $0.district == district }
            let others = sent.filter { $0.district != district }
            #expect(!own.isEmpty, "\(file): no district sent rows under this name")
            // Numbers and names sent only by other districts (a person sent by two districts
            // appears in both returns, each with the district's own row).
            let ownIDs = Set(own.compactMap(\.id))
            let ownAccounts = Set(own.compactMap(\.account))
            let ownNames = Set(own.map(\.name))
            let otherIDs = Set(others.compactMap(\.id)).subtracting(ownIDs)
            let otherAccounts = Set(others.compactMap(\.account)).subtracting(ownAccounts)
            let otherNames = Set(others.map(\.name).filter { !$0.isEmpty }).subtracting(ownNames)
            #expect(Secure.found(otherIDs, in: joined).isEmpty, "\(file) holds other districts' IDs \(Secure.found(otherIDs, in: joined).prefix(3).map(Mask.identity))")
            #expect(Secure.found(otherAccounts, in: joined).isEmpty, "\(file) holds other districts' accounts")
            #expect(cells.intersection(otherNames).isEmpty, "\(file) holds other districts' names \(cells.intersection(otherNames).sorted().prefix(3))")
            // Not vacuous: the district's own people are there.
            #expect(!Secure.found(ownIDs, in: joined).isEmpty || ownIDs.isEmpty, "\(file) lacks its own IDs")
            // A cross-district duplicate names the other district, not its person.
            if joined.contains("dup.cross-district") || joined.contains("其他区县") || others.contains(where: { o in ownIDs.contains(o.id ?? "") }) {
                crossNamed += 1
            }
        }
        #expect(crossNamed >= 1, "no return workbook carries a cross-district duplicate")
    }
}
