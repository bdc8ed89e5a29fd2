import Foundation
import Testing

/// Issue 6, security pass: each reader, on each hostile file, stays within 512 MiB of address
/// space and a few seconds, and refuses the file with exit 2 and one line.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct SecurityReaderLimitTests {
    static let hostileDir = CLI.packageRoot.appendingPathComponent("../shared/corpus/hostile").standardizedFileURL
    static var corpusPresent: Bool { FileManager.default.fileExists(atPath: hostileDir.path) }
    /// Files of the shared corpus that are legal workbooks (read to the end, exit 0).
    static let legal: Set<String> = ["calamine-issue_174-dimension-A1-XFD1048576.xlsx"]
    static let memoryLimit = "536870912"
    static let seconds = 3.0

    static var corpusFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: hostileDir.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// `roster cat --stats FILE` under `prlimit --as=512MiB`, with a time limit.
    static func catStats(_ path: String) throws -> Harden.Outcome {
        let cwd = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent)
        return try Harden.exec(
            "/usr/bin/prlimit", ["--as=" + memoryLimit, "--", Harden.binary, "cat", "--stats", path], cwd: cwd, timeout: 20)
    }

    static func expectRefused(_ r: Harden.Outcome, _ name: String) {
        #expect(!r.timedOut && !r.signalled, "\(name): hung or crashed: \(r.stderr)")
        #expect(r.status == 2, "\(name): exit \(r.status): \(r.stderr.prefix(300))")
        #expect(r.errorLines.count == 1, "\(name): \(r.stderr.prefix(300))")
        #expect(r.stderr.contains(name), "\(name): the message does not name the file: \(r.stderr.prefix(300))")
        #expect(r.seconds < seconds, "\(name): took \(r.seconds) s")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Killed"), "\(name): \(r.stderr.prefix(300))")
    }

    @Test(.enabled(if: corpusPresent, "../shared/corpus/hostile is absent"), arguments: corpusFiles)
    func eachHostileCorpusFileIsRefusedWithinMemoryAndTimeLimits(_ name: String) throws {
        let r = try Self.catStats(Self.hostileDir.appendingPathComponent(name).path)
        print("hostile \(name): exit \(r.status) in \(String(format: "%.2f", r.seconds)) s")
        if Self.legal.contains(name) {
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.seconds < Self.seconds, "\(name): took \(r.seconds) s")
            return
        }
        Self.expectRefused(r, name)
    }

    @Test func aFiftyMegabyteCSVWithOneUnclosedQuoteIsRefusedWithinLimits() throws {
        let dir = try Harden.freshDir("limit-quote")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("unclosed.csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.write(contentsOf: Data("姓名,身份证号码\n\"".utf8))
        let chunk = Data(repeating: 0x61, count: 1 << 20)
        for _ in 0..<50 { try h.write(contentsOf: chunk) }
        try h.close()
        Self.expectRefused(try Self.catStats(path), "unclosed.csv")
    }

    @Test func aCSVLineOfTwoMillionFieldsIsRefusedWithinLimits() throws {
        let dir = try Harden.freshDir("limit-fields")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("wide.csv")
        try Data(String(repeating: "a,", count: 2_000_000).utf8).write(to: path)
        Self.expectRefused(try Self.catStats(path.path), "wide.csv")
    }

    @Test func aZipBombDeclaringOneGigabyteIsRefusedWithinLimits() throws {
        let dir = try Harden.freshDir("limit-bomb")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A well-formed package whose sheet inflates to 1 GiB of blanks (about 1 MB on disk).
        let script = #"""
            import sys, zipfile, zlib
            path = sys.argv[1]
            ct = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
            rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            wb = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
            wbrels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
            with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('[Content_Types].xml', ct)
                z.writestr('_rels/.rels', rels)
                z.writestr('xl/workbook.xml', wb)
                z.writestr('xl/_rels/workbook.xml.rels', wbrels)
                info = zipfile.ZipInfo('xl/worksheets/sheet1.xml')
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, 'w', force_zip64=True) as f:
                    f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    blank = b' ' * (1 << 24)
                    for _ in range(64):
                        f.write(blank)
                    f.write(b'</sheetData></worksheet>')
            """#
        let path = dir.appendingPathComponent("bomb.xlsx").path
        let made = try Harden.exec("/usr/bin/env", ["python3", "-c", script, path], cwd: dir, timeout: 120)
        guard made.status == 0 else {
            print("SKIPPED zip bomb: python3 could not build it (\(made.stderr.prefix(200)))")
            return
        }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(size < 8 << 20, "the bomb is \(size) bytes")
        Self.expectRefused(try Self.catStats(path), "bomb.xlsx")
    }
}
