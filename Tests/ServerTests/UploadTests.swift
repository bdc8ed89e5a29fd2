import Foundation
import Hummingbird
import HummingbirdTesting
import RosterIntake
import Testing

@testable import RosterServer

/// Uploads: CSRF, the size cap, hostile and unreadable files (nothing stored), the browser's file
/// name never a path, superseding, the audit trail without personal numbers.
@Suite(.serialized) struct UploadTests {
    func storedFiles(_ intake: Intake) -> [String] {
        (FileManager.default.enumerator(atPath: intake.folder + "/files")?.allObjects as? [String] ?? []).sorted()
    }

    func leftovers(_ intake: Intake) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: intake.folder)) ?? []).filter { $0.hasPrefix("upload-") }
    }

    @Test func withoutTheFormsTokenNothingIsStored() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let b = try await client.login("五华区")
            let r = try await client.upload(try Intake.sample("五华区.xlsx"), fileName: "a.xlsx", as: b, csrf: "forged")
            #expect(r.status == .forbidden)
            let run = try await client.login("city")
            let refused = try await client.postForm("/city/run", ["csrf": "forged"], cookie: run.cookie)
            #expect(refused.status == .forbidden)
        }
        #expect(storedFiles(intake).isEmpty && leftovers(intake).isEmpty)
    }

    @Test func anUploadOverTheCapIsRefusedAndNothingKept() async throws {
        let intake = try Intake.make(uploadLimit: 16 << 10)
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let b = try await client.login("五华区")
            // Over the file cap but under the request's: the file part itself is cut off.
            let r = try await client.upload([UInt8](repeating: 0x41, count: 40 << 10), fileName: "big.csv", as: b)
            #expect(r.status == .contentTooLarge && String(buffer: r.body).contains("上限"))
            let huge = try await client.upload([UInt8](repeating: 0x41, count: 200 << 10), fileName: "huge.csv", as: b)
            #expect(huge.status == .contentTooLarge)
        }
        #expect(storedFiles(intake).isEmpty && leftovers(intake).isEmpty)
    }

    /// 西山区's roster with its rows repeated to about 110 KB: more than the 64 KiB the form's
    /// other fields may take.
    static func largeRoster() throws -> [UInt8] {
        let lines = try Intake.sample("西山区.csv").split(separator: 0x0A, omittingEmptySubsequences: false)
        var bytes = Array(lines[0]) + [0x0A]
        for _ in 0..<20 { for l in lines.dropFirst() where !l.isEmpty { bytes += Array(l) + [0x0A] } }
        return bytes
    }

    @Test func aLargeRosterIsReceivedWholeHoweverItsBodyArrives() async throws {
        let bytes = try Self.largeRoster()
        #expect(bytes.count > 100 << 10)
        // In one piece, as a loaded server may read it: the file's bytes are not the form's fields.
        let form = MultipartForm(file: bytes, fileName: "西山区.csv", csrf: "token")
        let dir = NSTemporaryDirectory() + "roster-upload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/district/upload",
                headerFields: [.contentType: form.contentType]),
            body: RequestBody(buffer: form.body))
        let upload = try await Upload.receive(request, limit: 1 << 20, into: dir)
        #expect(upload.bytes == bytes.count && upload.fields["csrf"] == "token" && upload.fileName == "西山区.csv")
        let file = try #require(upload.file)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: file))) == bytes)
        // Through the server, as the test client sends it: stored as one submission, nothing left over.
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let b = try await client.login("西山区")
            let r = try await client.upload(bytes, fileName: "西山区.csv", as: b)
            #expect(r.status != .contentTooLarge, "\(r.status)")
        }
        #expect(try IntakeStore(folder: intake.folder).submissions(district: "西山区").count == 1)
        #expect(leftovers(intake).isEmpty)
    }

    @Test(arguments: [
        ("zip bomb", "bomb.xlsx"), ("not a spreadsheet", "notes.xlsx"), ("truncated archive", "cut.xlsx"),
    ])
    func aFileTheReadersRefuseIsExplainedAndNotStored(kind: String, name: String) async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        let bytes: [UInt8]
        switch kind {
        case "zip bomb": bytes = try HostileFiles.zipBomb()
        case "truncated archive": bytes = Array(try Intake.sample("五华区.xlsx").prefix(900))
        default: bytes = Array("PK\u{3}\u{4} this is not a workbook".utf8)
        }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let b = try await client.login("五华区")
            let r = try await client.upload(bytes, fileName: name, as: b)
            #expect(r.status == .unprocessableContent, "\(kind): \(r.status)")
            #expect(String(buffer: r.body).contains("文件无法读取，未保存"))
        }
        #expect(storedFiles(intake).isEmpty && leftovers(intake).isEmpty)
        #expect(try IntakeStore(folder: intake.folder).submissions(district: "五华区").isEmpty)
    }

    @Test func theBrowsersFileNameIsNeverAPath() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let b = try await client.login("五华区")
            let r = try await client.upload(try Intake.sample("五华区.xlsx"), fileName: "../../../../tmp/evil<script>.xlsx", as: b)
            #expect(r.status == .seeOther)
            let page = try await client.execute(uri: "/submissions/1", method: .get, headers: b.headers)
            let html = String(buffer: page.body)
            #expect(!html.contains("<script>.xlsx") && html.contains("evil&lt;script&gt;.xlsx"))
        }
        let files = storedFiles(intake)
        #expect(files.contains { $0.hasSuffix("/五华区.xlsx") } && files.allSatisfy { !$0.contains("evil") })
        #expect(!FileManager.default.fileExists(atPath: "/tmp/evil<script>.xlsx"))
    }

    @Test func aNewUploadSupersedesTheLastAndTheAuditTrailHasNoNumbers() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let b = try await client.login("五华区")
            _ = try await client.upload(try Intake.sample("五华区.xlsx"), fileName: "first.xlsx", as: b)
            _ = try await client.upload(try Intake.sample("五华区.xlsx"), fileName: "second.xlsx", as: b)
            let home = String(buffer: try await client.execute(uri: "/district", method: .get, headers: b.headers).body)
            #expect(home.contains("second.xlsx") && home.contains("已被取代"))
            _ = try await client.execute(uri: "/submissions/2/return.xlsx", method: .get, headers: b.headers)
        }
        let store = try IntakeStore(folder: intake.folder)
        let subs = try store.submissions(district: "五华区")
        #expect(subs.count == 2 && subs[0].supersededBy == nil && subs[1].supersededBy == subs[0].id)
        let actions = Set(try store.auditTrail().map(\.action))
        #expect(actions.isSuperset(of: ["login", "upload", "download", "init"]))
        // No identity or card number in clear anywhere in the trail (18 or 16-19 digit runs).
        let log = try String(contentsOfFile: intake.folder + "/audit.log", encoding: .utf8)
        #expect(log.range(of: "[0-9]{15,}", options: .regularExpression) == nil)
        let json = try #require(subs.first).result
        #expect(json.returnedRows.flatMap(\.cells).allSatisfy { $0.text.range(of: "[0-9]{15,}", options: .regularExpression) == nil })
    }

    @Test func theCityRunsTheBatchFromTheLatestSubmissions() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            for d in ["东川区.csv", "安宁市.xlsx"] {
                let b = try await client.login(String(d.split(separator: ".")[0]))
                let r = try await client.upload(try Intake.sample(d), fileName: d, as: b)
                #expect(r.status == .seeOther)
            }
            let city = try await client.login("city")
            let claims = String(buffer: try await client.execute(uri: "/city/claims", method: .get, headers: city.headers).body)
            #expect(claims.contains("东川区") && claims.contains("安宁市") && claims.contains("********"))
            let status = String(buffer: try await client.execute(uri: "/city", method: .get, headers: city.headers).body)
            #expect(status.contains("2 个区县已报送") && status.contains("未报送"))
            let ran = try await client.postForm("/city/run", ["csrf": city.csrf, "date": "2017-09-30"], cookie: city.cookie)
            #expect(ran.status == .ok && String(buffer: ran.body).contains("发放批次已生成"), "\(String(buffer: ran.body).prefix(2000))")
        }
        #expect(FileManager.default.fileExists(atPath: intake.folder + "/ledger.sqlite"))
        #expect(FileManager.default.fileExists(atPath: intake.folder + "/batches/1/汇总发放表.xlsx"))
    }
}

/// Hostile archives made in code (as the readers' own hostile tests do).
enum HostileFiles {
    /// A zip whose one entry claims a small size and inflates to far more (4 MiB of zeros
    /// compressed): the XLSX reader must refuse it while inflating.
    static func zipBomb() throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            import zipfile, sys
            z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)
            z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
            z.writestr('xl/worksheets/sheet1.xml', b'\\0' * (256 << 20))
            z.close()
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.appendingPathComponent("b.xlsx").path]
        try p.run()
        p.waitUntilExit()
        return Array(try Data(contentsOf: dir.appendingPathComponent("b.xlsx")))
    }
}

/// A district files only its own people; a roster naming another district is held back whole.
@Suite(.serialized) struct DistrictAuthorityTests {
    @Test func rowsOfAnotherDistrictHoldTheFileBackAndStayOutOfTheBatch() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        let csv = "姓名,身份证号码,区县,补助金额,银行卡号\r\n某某,530102196001011234,五华区,2000,6222021234567890128\r\n"
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let panlong = try await client.login("盘龙区")
            let r = try await client.upload(Array(csv.utf8), fileName: "roster.csv", as: panlong)
            #expect(r.status == .seeOther)
            let page = String(buffer: try await client.execute(uri: "/submissions/1", method: .get, headers: panlong.headers).body)
            #expect(page.contains("整个文件暂不接收") && page.contains("五华区"))
            #expect(!page.contains("530102196001011234"))
            // Error pages are pages, with the headers.
            let missing = try await client.execute(uri: "/submissions/999", method: .get, headers: panlong.headers)
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("没有找到"))
            #expect(missing.headers[.init("Content-Security-Policy")!] != nil)
            // The session cookie follows the sliding expiry.
            let home = try await client.execute(uri: "/district", method: .get, headers: panlong.headers)
            #expect(home.headers[values: .setCookie].contains { $0.hasPrefix("roster_session=") && $0.contains("Max-Age=3600") })
        }
        let store = try IntakeStore(folder: intake.folder)
        #expect(try store.submissions(district: "盘龙区").first?.status == "blocked")
        let c = try IntakeConfiguration.load(folder: intake.folder)
        #expect(throws: IntakeError.self) { try IntakeBatch.options(store: store, configuration: c, out: intake.folder + "/b") }
    }
}
