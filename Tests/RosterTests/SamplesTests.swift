import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// Independent GB 11643 check (not the generator's own), so the two test each other.
private func independentCheck(_ id: String) -> Bool {
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let chars = Array(id)
    guard chars.count == 18 else { return false }
    var sum = 0
    for i in 0..<17 {
        guard let d = chars[i].wholeNumberValue, chars[i].isASCII else { return false }
        sum += d * w[i]
    }
    return chars[17] == Array("10X98765432")[sum % 11]
}

private func independentLuhn(_ n: String) -> Bool {
    var sum = 0
    for (i, c) in n.reversed().enumerated() {
        guard var d = c.wholeNumberValue else { return false }
        if i % 2 == 1 {
            d *= 2
            if d > 9 { d -= 9 }
        }
        sum += d
    }
    return sum % 10 == 0
}

private let kunmingCodes: Set<String> = [
    "530102", "530103", "530111", "530112", "530113", "530114", "530115", "530124", "530125", "530126", "530127",
    "530128", "530129", "530181",
]

private func tempDir(_ tag: String) -> String {
    let path = NSTemporaryDirectory() + "roster-samples-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    return path
}

private func allFiles(_ dir: String) -> [String] {
    let e = FileManager.default.enumerator(atPath: dir)!
    var out: [String] = []
    while let p = e.nextObject() as? String {
        var isDir: ObjCBool = false
        FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir)
        if !isDir.boolValue { out.append(p) }
    }
    return out.sorted()
}

@Suite struct SamplesRandomTests {
    @Test func sameSeedGivesSameSequenceAndOtherSeedsDiffer() {
        var a = SampleRandom(seed: 2017)
        var b = SampleRandom(seed: 2017)
        var c = SampleRandom(seed: 2018)
        let xa = (0..<100).map { _ in a.next() }
        let xb = (0..<100).map { _ in b.next() }
        let xc = (0..<100).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var r = SampleRandom(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let v = r.below(7)
            #expect((0..<7).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }
}

@Suite struct SamplesIdentityTests {
    @Test func builtIDsPassAnIndependentChecksumAndCarryTheirGender() {
        var r = SampleRandom(seed: 42)
        for _ in 0..<2000 {
            let seq = r.below(1000)
            let id = SampleIdentity.make(
                region: "530102", birth: SampleDate(year: r.int(1940...1990), month: r.int(1...12), day: r.int(1...28)),
                sequence: seq)
            #expect(independentCheck(id))
            #expect(SampleIdentity.isMale(id) == (seq % 2 == 1))
            let wrong = SampleIdentity.withWrongCheck(id, choice: r.below(10))
            #expect(!independentCheck(wrong))
        }
    }

    @Test func legacyFormDropsCenturyAndCheck() {
        let id = SampleIdentity.make(region: "530111", birth: SampleDate(year: 1962, month: 3, day: 9), sequence: 457)
        #expect(SampleIdentity.legacy15(id) == "530111620309457")
    }

    @Test func luhnCheckDigitMatchesAnIndependentCheck() {
        var r = SampleRandom(seed: 3)
        for _ in 0..<1000 {
            var payload = "62"
            for _ in 0..<16 { payload += String(r.below(10)) }
            let card = payload + String(SampleLuhn.checkDigit(payload: payload))
            #expect(independentLuhn(card))
            #expect(SampleLuhn.isValid(card))
        }
    }
}

@Suite(.serialized) struct SamplesScenarioTests {
    static let scenario = try! SampleGenerator.generate(SampleOptions())

    @Test func registerKeepsTheSeedsProportions() {
        let c = Self.scenario.registerCounts
        #expect(c["national"] == 57)
        #expect(c["provincial"] == 673)
        #expect(c["municipal"] == 3725)
        #expect((c["revoked"] ?? 0) > 0)
        #expect((c["deceased"] ?? 0) > 0)
    }

    @Test func everyRegisterIDIsValidKunmingAndAgreesWithGenderAndBirth() {
        let rows = Self.scenario.register.sheets[0].rows
        #expect(rows[0] == ["姓名", "性别", "身份证号码", "荣誉称号", "获得荣誉年份", "荣誉状态", "工作单位"].map { SampleCell.text($0) })
        var ids = Set<String>()
        for row in rows.dropFirst() {
            guard case .text(let id) = row[2], case .text(let gender) = row[1], case .text(let status) = row[5] else {
                Issue.record("register row has the wrong cell types: \(row)")
                continue
            }
            #expect(independentCheck(id), "invalid ID \(id)")
            #expect(kunmingCodes.contains(String(id.prefix(6))))
            let digits = Array(id.utf8).map { Int($0) - 48 }
            let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
            let month = digits[10] * 10 + digits[11]
            let day = digits[12] * 10 + digits[13]
            #expect((1940...1990).contains(year))
            #expect((1...12).contains(month))
            #expect(day >= 1 && day <= SampleDate.daysIn(month: month, year: year))
            #expect((gender == "男") == (digits[16] % 2 == 1))
            #expect(["保持荣誉", "撤销荣誉", "已故"].contains(status))
            #expect(ids.insert(id).inserted, "duplicate register ID")
        }
        #expect(rows.contains { if case .text(let n) = $0[0] { return n.contains("·") } else { return false } })
    }

    @Test func truthCoversEveryDefectClassAndEveryNormalisation() {
        let codes = Set(Self.scenario.truth.map(\.code))
        let expected: Set<String> = [
            "id.checksum", "id.birthdate", "id.region", "id.precision-lost", "id.legacy15", "id.gender-mismatch",
            "name.missing", "honour.not-registered", "honour.name-mismatch", "honour.level-mismatch", "honour.revoked",
            "honour.deceased", "honour.ineligible", "dup.in-file", "dup.cross-district", "dup.suspect", "bank.missing",
            "bank.account-format", "bank.luhn", "amount.missing", "amount.format", "amount.over-limit",
            "total.mismatch",
        ]
        #expect(codes == expected)
        #expect(Set(Self.scenario.normalisations.map(\.kind)) == ["id.lowercase-x", "id.fullwidth", "name.inner-space", "name.middle-dot"])
        for t in Self.scenario.truth {
            let warning = ["id.legacy15", "id.gender-mismatch", "dup.suspect", "bank.luhn"].contains(t.code)
            #expect(t.severity == (warning ? "warning" : "error"))
        }
        // About 5–10% of the rows are defective.
        let defectiveRows = Set(Self.scenario.truth.map { "\($0.file)#\($0.row)" }).count
        #expect(defectiveRows * 100 >= Self.scenario.rosterRowCount * 5)
        #expect(defectiveRows * 100 <= Self.scenario.rosterRowCount * 10)
    }

    @Test func rostersCoverTheFourteenDistrictsInMixedFormats() {
        let s = Self.scenario
        #expect(s.rosters.count == 14)
        #expect(s.rosterRowCount == 366)
        let formats = Set(s.rosters.map(\.format))
        #expect(formats == [.xlsx, .csvUTF8, .csvUTF8BOM, .csvGB18030])
        #expect(s.rosters.contains { $0.sheets.count == 2 && $0.sheets[0].name == "填表说明" })
        #expect(s.rosters.contains { $0.sheets.last!.merges.contains { $0.firstRow == $0.lastRow && $0.lastColumn == $0.firstColumn + 1 } })
        let numericIDs = s.rosters.flatMap { $0.sheets.flatMap(\.rows) }.flatMap { $0 }.filter {
            if case .number(let t) = $0 { return t.hasSuffix("E+17") } else { return false }
        }
        #expect(!numericIDs.isEmpty)
    }

    @Test func totalsRowsMatchTheParsedAmountsExceptTheInjectedMismatch() {
        let s = Self.scenario
        let mismatches = Set(s.truth.filter { $0.code == "total.mismatch" }.map(\.file))
        #expect(mismatches.count == 1)
        for file in s.rosters {
            let rows = file.sheets.last!.rows
            guard let totalIndex = rows.firstIndex(where: { $0.first == .text("合计") }) else { continue }
            // The amount column is the one whose header holds an amount word.
            let headerIndex = rows.firstIndex { $0.contains(.text("序号")) || $0.contains(.text("姓名")) }!
            let amountColumn = rows[headerIndex].firstIndex {
                if case .text(let h) = $0 { return ["金额", "补助标准"].contains { h.contains($0) } }
                return false
            }!
            var sum = Money.zero
            for row in rows[(headerIndex + 1)..<totalIndex] where amountColumn < row.count {
                let text = row[amountColumn].csvText
                if let m = Money(decimal: text) { sum += m }
            }
            let declared = Money(decimal: rows[totalIndex][amountColumn].csvText)!
            #expect((declared == sum) == !mismatches.contains(file.path), "\(file.path)")
        }
    }

    @Test func cleanRowsCarryValidCardsStartingWith62() {
        // Accounts of rows without findings: 19 digits, prefix 62, Luhn-valid.
        let flagged = Set(Self.scenario.truth.map { "\($0.file)#\($0.row)" })
        var checked = 0
        for file in Self.scenario.rosters {
            for (i, row) in file.sheets.last!.rows.enumerated() where !flagged.contains("\(file.path)#\(i + 1)") {
                for cell in row {
                    if case .text(let t) = cell, t.count == 19, t.hasPrefix("62"), t.allSatisfy(\.isNumber) {
                        #expect(independentLuhn(t))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 300)
    }

    @Test func budgetCoversThePayableRowsAndProgrammeIsDecimalJSON() throws {
        let s = Self.scenario
        #expect(s.program.budget >= s.payableTotal)
        #expect(s.program.budget.fen - s.payableTotal.fen < 1_000_000)
        let json = SampleWriter.programJSON(s.program)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(decoded["id"] as? String == "2017-midautumn-hardship")
        #expect((decoded["amount"] as? [String: Any])?["max"] as? String == "3000.00")
        #expect(decoded["budget"] as? String == s.program.budget.decimalString)
        #expect(decoded["eligibleHonours"] as? [String] == ["municipal"])
    }
}

/// Name and ID cells of a roster's data rows, keyed by spreadsheet row number.
private func rosterPeople(_ file: SampleFile) -> [Int: (name: String, id: SampleCell)] {
    let rows = file.sheets.last!.rows
    let header = rows.firstIndex { $0.contains { if case .text(let t) = $0 { return t.hasSuffix("姓名") } else { return false } } }!
    let nameColumn = rows[header].firstIndex { if case .text(let t) = $0 { return t.hasSuffix("姓名") } else { return false } }!
    let idColumn = rows[header].firstIndex { if case .text(let t) = $0 { return t.contains("身份") } else { return false } }!
    var out: [Int: (name: String, id: SampleCell)] = [:]
    for i in (header + 1)..<rows.count {
        let row = rows[i]
        if row.first == .text("合计") { break }
        guard idColumn < row.count else { continue }
        out[i + 1] = (nameColumn < row.count ? row[nameColumn].csvText : "", row[idColumn])
    }
    return out
}

@Suite struct SamplesDuplicateTests {
    static let scenario = try! SampleGenerator.generate(SampleOptions(rows: 2000, seed: 77))

    @Test func duplicatesPointBackToACleanEarlierRowOfTheSameFile() {
        let s = Self.scenario
        let flagged = Set(s.truth.map { "\($0.file)#\($0.row)" })
        for t in s.truth where t.code == "dup.in-file" || t.code == "dup.suspect" {
            let file = s.rosters.first { $0.path == t.file }!
            let people = rosterPeople(file)
            let me = people[t.row]!
            let birth = { (c: SampleCell) in String(Array(c.csvText).dropFirst(6).prefix(8)) }
            let earlier = people.filter { $0.key < t.row && $0.value.name == me.name && birth($0.value.id) == birth(me.id) }
            #expect(earlier.count == 1, "\(t.file) row \(t.row): \(t.code) without one earlier namesake")
            guard let (row, first) = earlier.first else { continue }
            #expect(!flagged.contains("\(t.file)#\(row)"), "the first occurrence must stay valid")
            let a = Array(first.id.csvText)
            let b = Array(me.id.csvText)
            let differing = (0..<17).filter { a[$0] != b[$0] }.count
            #expect(differing == (t.code == "dup.in-file" ? 0 : 1))
        }
    }

    @Test func crossDistrictCopiesComeInPairsFromTwoDistricts() {
        let s = Self.scenario
        var byID: [String: [String]] = [:]
        for t in s.truth where t.code == "dup.cross-district" {
            let id = rosterPeople(s.rosters.first { $0.path == t.file }!)[t.row]!.id.csvText
            byID[id, default: []].append(t.file)
        }
        #expect(!byID.isEmpty)
        for (_, files) in byID {
            #expect(files.count == 2)
            #expect(Set(files).count == 2)
        }
    }

    @Test func silentVariationsNormaliseToARegisteredPerson() {
        let s = Self.scenario
        var register: [String: String] = [:]
        for row in s.register.sheets[0].rows.dropFirst() { register[row[2].csvText] = row[0].csvText }
        for n in s.normalisations {
            let (name, idCell) = rosterPeople(s.rosters.first { $0.path == n.file }!)[n.row]!
            let id = String(
                String.UnicodeScalarView(
                    idCell.csvText.unicodeScalars.map { $0.value >= 0xFF10 && $0.value <= 0xFF5A ? Unicode.Scalar($0.value - 0xFEE0)! : $0 })
            ).uppercased()
            let cleanName = String(
                name.filter { !$0.isWhitespace }.map { "・•‧∙".contains($0) ? "·" : $0 })
            #expect(register[id] == cleanName, "\(n.file) row \(n.row) (\(n.kind)) does not normalise to its register entry")
            #expect(idCell.csvText != id || name != cleanName, "\(n.kind) changed nothing")
        }
    }
}

@Suite(.serialized) struct SamplesOutputTests {
    @Test func twoGenerationsAreByteIdentical() throws {
        let a = tempDir("a")
        let b = tempDir("b")
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        try SampleWriter.write(try SampleGenerator.generate(SampleOptions(rows: 300, seed: 11)), to: a)
        try SampleWriter.write(try SampleGenerator.generate(SampleOptions(rows: 300, seed: 11)), to: b)
        let files = allFiles(a)
        #expect(files == allFiles(b))
        #expect(files.contains("register.xlsx"))
        #expect(files.contains("truth.json"))
        #expect(files.filter { $0.hasPrefix("rosters/") }.count == 14)
        for f in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            #expect(x == y, "\(f) differs between two generations")
        }
        let other = try SampleGenerator.generate(SampleOptions(rows: 300, seed: 12))
        #expect(SampleWriter.truthJSON(other.truth) != (try String(contentsOfFile: a + "/truth.json", encoding: .utf8)))
    }

    @Test func csvFilesAreInTheirDeclaredEncodings() throws {
        let s = try SampleGenerator.generate(SampleOptions(rows: 200, seed: 5))
        for file in s.rosters where file.format != .xlsx {
            let bytes = try SampleWriter.csvBytes(file)
            switch file.format {
            case .csvGB18030:
                #expect(String(validating: bytes, as: UTF8.self) == nil, "GB18030 file is also valid UTF-8")
                let text = try IconvConverter.decode(bytes, from: "GB18030")
                #expect(text.contains("身份证号码"))
                #expect(bytes.prefix(3) != [0xEF, 0xBB, 0xBF])
            case .csvUTF8BOM:
                #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
                #expect(String(validating: bytes.dropFirst(3), as: UTF8.self) != nil)
            case .csvUTF8:
                #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
                #expect(String(validating: bytes, as: UTF8.self)?.contains("姓名") == true)
            case .xlsx:
                break
            }
            // CRLF records, one per sheet row: truth row numbers are physical lines.
            let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").dropLast()
            #expect(lines.count == file.sheets[0].rows.count)
        }
    }

    @Test(.tags(.slow), .notInQuickRuns, arguments: [150, 366, 1500])
    func rowsScaleWithTheRequest(rows: Int) throws {
        let s = try SampleGenerator.generate(SampleOptions(rows: rows, seed: 9))
        #expect(s.rosterRowCount == rows)
        let dataRows = s.truth.count + s.normalisations.count
        #expect(dataRows >= 24)
        if rows >= 1500 { #expect(s.truth.count > 24 * 3) }
        // The person count of the register grows with the rows once they outgrow the seed.
        let big = try SampleGenerator.generate(SampleOptions(rows: 6000, seed: 9))
        #expect(big.registerCounts["municipal"]! >= 6000)
    }

    @Test func aRegisterGivenTightShrinksTheUpperLevelsInsteadOfFailing() throws {
        let s = try SampleGenerator.generate(SampleOptions(rows: 3000, seed: 4, registerSize: 3100))
        let c = s.registerCounts
        #expect(c["national"]! + c["provincial"]! + c["municipal"]! == 3100)
        #expect(c["municipal"]! > 2900)
        #expect(c["provincial"]! > c["national"]!)
        #expect(s.rosterRowCount == 3000)
        #expect(Set(s.truth.map(\.code)).count == 23)
    }

    @Test func refusesTooFewRowsAndATooSmallRegister() {
        #expect(throws: SampleOptionsError.self) { try SampleGenerator.generate(SampleOptions(rows: 50)) }
        #expect(throws: SampleOptionsError.self) {
            try SampleGenerator.generate(SampleOptions(rows: 3000, registerSize: 2000))
        }
    }

    @Test func refusesANonEmptyFolderUnlessForcedAndKeepsForeignFiles() throws {
        let dir = tempDir("force")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/roster-sample.xlsx"))
        let s = try SampleGenerator.generate(SampleOptions(rows: 150, seed: 1, registerFormat: .csvUTF8BOM))
        #expect(throws: SampleWriter.Failure.self) { try SampleWriter.write(s, to: dir) }
        try SampleWriter.write(s, to: dir, force: true)
        #expect(try String(contentsOfFile: dir + "/roster-sample.xlsx", encoding: .utf8) == "keep")
        #expect(FileManager.default.fileExists(atPath: dir + "/register.csv"))
        #expect(FileManager.default.fileExists(atPath: dir + "/README.txt"))
    }

    @Test func writtenFilesReadBackCellForCellThroughTheProjectReaders() throws {
        let s = try SampleGenerator.generate(SampleOptions(rows: 200, seed: 21))
        let dir = tempDir("readback")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SampleWriter.write(s, to: dir)
        for file in [s.register] + s.rosters {
            let book = try Spreadsheets.open(path: dir + "/" + file.path)
            #expect(book.sheets.map(\.name) == (file.format == .xlsx ? file.sheets.map(\.name) : [book.sheets[0].name]))
            for (index, sheet) in file.sheets.enumerated() {
                let (rows, merged) = try book.readAll(sheet: index)
                var byNumber: [Int: Row] = [:]
                for r in rows { byNumber[r.number] = r }
                for (i, expected) in sheet.rows.enumerated() {
                    let got = byNumber[i + 1]
                    for (c, cell) in expected.enumerated() where cell != .empty {
                        let read = got?[c]
                        #expect(read?.raw == cell.csvText, "\(file.path) \(CellAddress.name(column: c, row: i + 1))")
                        if file.format == .xlsx, case .number = cell {
                            #expect(read?.isText == false, "\(file.path) \(CellAddress.name(column: c, row: i + 1)) should be a number")
                        }
                    }
                    // CSV records are padded with empty fields; nothing else is in the row.
                    #expect((got?.cells.count ?? 0) == expected.filter { $0 != .empty }.count, "\(file.path) row \(i + 1)")
                }
                if file.format == .xlsx { #expect(Set(merged) == Set(sheet.merges)) }
            }
        }
    }

    @Test func idsTypedAsNumbersAreStoredInENotationInTheWorkbook() throws {
        let s = try SampleGenerator.generate(SampleOptions(rows: 366, seed: 2017))
        let file = s.rosters.first { $0.sheets.contains { $0.rows.joined().contains { if case .number(let t) = $0 { return t.contains("E+") } else { return false } } } }!
        let dir = tempDir("enote")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try SampleWriter.writeXLSX(file, to: dir + "/book.xlsx")
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        guard FileManager.default.isExecutableFile(atPath: unzip.executableURL!.path) else {
            print("note: unzip not installed; skipping the raw XML check")
            return
        }
        unzip.arguments = ["-p", dir + "/book.xlsx", "xl/worksheets/sheet1.xml"]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        #expect(xml.range(of: #"<v>5\.3\d{0,14}E\+17</v>"#, options: .regularExpression) != nil)
        #expect(xml.contains("<mergeCell"))
    }
}
