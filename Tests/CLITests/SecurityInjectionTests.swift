import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterRun
import Spreadsheet
import Testing

/// Issue 6, security pass: names, employers, remarks and the programme title that start with
/// `=`, `+`, `-`, `@`, a tab or a CR never become formulas in any output of `roster run`.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct SecurityInjectionTests {
    /// Texts a spreadsheet would evaluate, if written as they are.
    static let hostileNames = [#"=HYPERLINK("http://x","y")"#, "+1+1", "-2+3", "@SUM(A1)", "\t=1+2", "\r=3+4"]
    /// Hostile names a `|`-delimited template that refuses quoting can still carry.
    static let plainHostileNames = ["=1+2", "+1+1", "-2+3", "@SUM(A1)", "\t=5+6", "=A1*3"]
    static let hostileEmployers = [#"=cmd|' /C calc'!A0"#, "+SUM(1)", "-1-1", "@A1", "\t=0", "\r+9"]
    static let hostileRemarks = ["=1/0", "+A1", "-5+5", "@NOW()", "\t-3", "\r@x"]

    /// A CSV field, always quoted.
    static func field(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A 19-digit account passing the Luhn check.
    static func account(_ n: Int) -> String {
        let body = "622202" + String(format: "%012d", n)
        var sum = 0
        for (i, ch) in body.reversed().enumerated() {
            var d = Int(String(ch))!
            if i % 2 == 0 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return body + String((10 - sum % 10) % 10)
    }

    /// A scenario whose register, programme and one roster carry hostile text: six people paid
    /// under hostile names and one returned (over the amount limit), all with hostile employers
    /// and remarks. Returns the folder.
    static func hostileScenario(seed: Int, names: [String]) throws -> URL {
        let dir = try Harden.scenario(seed: seed, rows: 120)
        let reg = try Registry.load(path: dir.appendingPathComponent("register.xlsx").path)
        let entries = reg.entries.values.sorted { $0.idNumber < $1.idNumber }
        let chosen = Array(entries.filter { $0.honour == .municipal && $0.status == .active }.prefix(7))
        #expect(chosen.count == 7)
        var hostileName: [String: String] = [:]
        for (i, e) in chosen.prefix(6).enumerated() { hostileName[e.idNumber] = names[i] }
        hostileName[chosen[6].idNumber] = names[0]
        // The register as CSV, hostile names and employers for the chosen people.
        let status: [RegisterStatus: String] = [.active: "保持荣誉", .revoked: "撤销荣誉", .deceased: "已故"]
        var regCSV = "姓名,身份证号码,荣誉称号,荣誉状态,工作单位\r\n"
        for (i, e) in entries.enumerated() {
            let name = hostileName[e.idNumber] ?? e.name
            let employer = hostileName[e.idNumber] != nil ? hostileEmployers[i % hostileEmployers.count] : (e.employer ?? "")
            regCSV += [name, e.idNumber, e.honourText, status[e.status]!, employer].map(field).joined(separator: ",") + "\r\n"
        }
        try Data(regCSV.utf8).write(to: dir.appendingPathComponent("reg.csv"))
        // One roster of 五华区 holding only these people.
        var roster = "姓名,身份证号码,工作单位,补助金额,开户行,银行卡号,备注\r\n"
        for (i, e) in chosen.enumerated() {
            let amount = i == 6 ? "3500.00" : "1000.00"
            roster += [
                hostileName[e.idNumber]!, e.idNumber, hostileEmployers[i % 6], amount, "中国工商银行昆明分行", account(i + 1),
                hostileRemarks[i % 6],
            ].map(field).joined(separator: ",") + "\r\n"
        }
        let rosters = dir.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: rosters, withIntermediateDirectories: false)
        try Data(roster.utf8).write(to: rosters.appendingPathComponent("五华区.csv"))
        // The programme's title is hostile too (it is the bank files' purpose).
        let programURL = dir.appendingPathComponent("program.json")
        var program = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: programURL)) as? [String: Any])
        program["title"] = "@SUM(1) 帮扶"
        try JSONSerialization.data(withJSONObject: program).write(to: programURL)
        return dir
    }

    /// Splits CSV text (RFC 4180 quoting) into records of fields.
    static func parseCSV(_ text: String, delimiter: Character) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                record.append(field)
                field = ""
            } else if c == "\r\n" || c == "\n" || c == "\r" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// True when a spreadsheet would evaluate `field`: starts with = + @ tab CR, or - not
    /// followed by a plain number.
    static func dangerous(_ field: String) -> Bool {
        guard let first = field.unicodeScalars.first else { return false }
        if "=+@\t\r".unicodeScalars.contains(first) { return true }
        if first == "-" { return field.range(of: #"^-[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) == nil }
        return false
    }

    /// Asserts no sheet of the workbook at `path` holds a formula and the hostile texts read back
    /// as text cells. Returns the texts of the cells.
    static func expectNoFormulas(_ path: String, mustHold: [String]) throws {
        let xml = try Secure.sheetXML(path)
        #expect(!xml.isEmpty, "\(path): no sheet XML")
        #expect(!xml.contains("<f>") && !xml.contains("<f ") && !xml.contains("<f/>"), "\(path) holds a formula element")
        let wb = try Spreadsheets.open(path: path)
        var strings: [String] = []
        for s in wb.sheets {
            for row in try wb.readAll(sheet: s.index).rows {
                for c in row.cells where c.raw.contains(where: { "=+@-".contains($0) }) {
                    if case .string = c.value { strings.append(c.raw) } else if mustHold.contains(where: { c.raw.contains($0) }) {
                        Issue.record("\(path): \(c.raw.debugDescription) is \(c.value), not text")
                    }
                }
            }
        }
        let all = strings.joined(separator: "\n")
        for h in mustHold {
            #expect(all.contains(h), "\(path) lacks the text \(h.debugDescription) as a string cell")
        }
    }

    @Test func hostileTextStaysTextInTheFinanceAndReturnWorkbooksAndIsQuotedInTheBankCSV() throws {
        let dir = try Self.hostileScenario(seed: 663, names: Self.hostileNames)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Harden.roster(
            ["run", "--program", "program.json", "--registry", "reg.csv", "--ledger", "ledger.sqlite", "--out", "out",
             "--bank-template", "generic-csv", "--bank-template", "pain.001.001.09", "hostile"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("发放 paid: 6 人"), "\(r.stdout)")
        let out = dir.appendingPathComponent("out")
        // The texts as the tool keeps them (leading tabs/CRs may be trimmed; the rest stays).
        let visible = ["=HYPERLINK(", "+1+1", "-2+3", "@SUM(A1)", "=1+2", "=3+4"]
        try Self.expectNoFormulas(
            out.appendingPathComponent(PaymentRun.financeFileName).path, mustHold: visible + ["@SUM(1) 帮扶"])
        try Self.expectNoFormulas(
            out.appendingPathComponent("returns/五华区.xlsx").path,
            mustHold: visible + ["+SUM(1)", "-1-1", "=1/0", "+A1", "-5+5", "@NOW()"])
        // The bank CSV: every field that would be evaluated carries a leading apostrophe; the
        // amounts stay plain numbers.
        let bank = out.appendingPathComponent("bank")
        let csvName = try #require(Secure.files(under: bank).first { $0.hasSuffix(".csv") })
        let csv = String(decoding: try Data(contentsOf: bank.appendingPathComponent(csvName)), as: UTF8.self)
        let records = Self.parseCSV(csv, delimiter: ",")
        #expect(records.count >= 7, "\(records.count) records")
        let fields = records.flatMap { $0 }
        for f in fields { #expect(!Self.dangerous(f), "bank CSV field \(f.debugDescription) is not guarded") }
        for h in ["'=HYPERLINK(", "'+1+1", "'-2+3", "'@SUM(A1)", "'@SUM(1) 帮扶"] {
            #expect(fields.contains { $0.hasPrefix(h) }, "bank CSV lacks \(h)")
        }
        #expect(fields.contains("1000.00") && !fields.contains("'1000.00"), "amounts are plain numbers")
        // pain.001 carries the names as XML text (escaped), never as anything else.
        let xmlName = try #require(Secure.files(under: bank).first { $0.hasSuffix(".xml") })
        let xml = String(decoding: try Data(contentsOf: bank.appendingPathComponent(xmlName)), as: UTF8.self)
        #expect(xml.contains("+1+1") && !xml.contains("<!DOCTYPE"))
    }

    @Test func hostileNamesAreGuardedInThePipeDelimitedGBKBankFile() throws {
        let dir = try Self.hostileScenario(seed: 664, names: Self.plainHostileNames)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Harden.roster(
            ["run", "--program", "program.json", "--registry", "reg.csv", "--ledger", "ledger.sqlite", "--out", "out",
             "--bank-template", "cn-batch-gbk", "hostile"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let bank = dir.appendingPathComponent("out/bank")
        let name = try #require(Secure.files(under: bank).first)
        // The hostile texts are ASCII: the same bytes in GBK.
        let text = String(decoding: try Data(contentsOf: bank.appendingPathComponent(name)), as: UTF8.self)
        let lines = text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" })
        let fields = lines.flatMap { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        for f in fields { #expect(!Self.dangerous(f), "GBK bank field \(f.debugDescription) is not guarded") }
        for h in ["'=1+2", "'+1+1", "'-2+3", "'@SUM(A1)", "'=A1*3"] {
            #expect(fields.contains { $0.hasPrefix(h) }, "GBK bank file lacks \(h)")
        }
    }

    @Test func convertingToCSVGuardsFormulaTextButNotRealNegativeNumbers() throws {
        let dir = try Harden.freshDir("inject-convert")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = "名称,金额\r\n" + [("=1+1", "-12.50"), ("+1+1", "-3"), ("-2+3", "7"), ("@SUM(A1)", "-0.5"), ("\t=1", "1")]
            .map { Self.field($0.0) + "," + $0.1 }.joined(separator: "\r\n") + "\r\n"
        try Data(input.utf8).write(to: dir.appendingPathComponent("in.csv"))
        let toXLSX = try Harden.roster(["convert", "in.csv", "mid.xlsx"], cwd: dir)
        #expect(toXLSX.status == 0, "\(toXLSX.stderr)")
        try Self.expectNoFormulas(dir.appendingPathComponent("mid.xlsx").path, mustHold: ["=1+1", "+1+1", "-2+3", "@SUM(A1)"])
        let toCSV = try Harden.roster(["convert", "mid.xlsx", "out.csv"], cwd: dir)
        #expect(toCSV.status == 0, "\(toCSV.stderr)")
        let fields = Self.parseCSV(String(decoding: try Data(contentsOf: dir.appendingPathComponent("out.csv")), as: UTF8.self), delimiter: ",")
            .flatMap { $0 }
        for f in fields { #expect(!Self.dangerous(f), "converted CSV field \(f.debugDescription) is not guarded") }
        for h in ["'=1+1", "'+1+1", "'-2+3", "'@SUM(A1)"] { #expect(fields.contains(h), "converted CSV lacks \(h): \(fields)") }
        for n in ["-12.5", "-3", "-0.5"] {
            #expect(fields.contains { $0 == n || $0 == n + "0" }, "the negative number \(n) was changed: \(fields)")
        }
    }
}
