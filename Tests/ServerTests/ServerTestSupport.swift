import Foundation
import Hummingbird
import HummingbirdTesting
import RosterIntake
import Testing

@testable import RosterServer

/// An intake folder on the bundled samples, with known passwords, and the requests a browser
/// sends: logging in (cookie + CSRF token), uploading a file as multipart/form-data.
struct Intake {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let password = "correct horse battery"

    let folder: String

    /// A new intake on Samples/program.json and Samples/register.xlsx; every password is `password`.
    static func make(uploadLimit: Int? = nil) throws -> Intake {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roster-intake-\(UUID().uuidString)").path
        _ = try IntakeFolder.create(
            folder, program: packageRoot.appendingPathComponent("Samples/program.json").path,
            registry: packageRoot.appendingPathComponent("Samples/register.xlsx").path)
        let store = try IntakeStore(folder: folder)
        for a in try store.accounts() { try store.setPassword(name: a.name, role: a.role, district: a.district, password: password) }
        if let uploadLimit {
            var c = try IntakeConfiguration.load(folder: folder)
            c.uploadLimit = uploadLimit
            try Data(c.json.utf8).write(to: URL(fileURLWithPath: folder + "/intake.json"))
        }
        return Intake(folder: folder)
    }

    func server(loginLimit: Int = 5) throws -> IntakeServer { try IntakeServer(folder: folder, loginLimit: loginLimit) }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appendingPathComponent("Samples/rosters/" + name)))
    }
}

/// The body a browser's upload form posts (multipart/form-data): the CSRF token, then the file.
struct MultipartForm {
    static let boundary = "----rosterTestBoundary7MA4YWxkTrZu0gW"
    var body = ByteBuffer()
    var contentType: String { "multipart/form-data; boundary=\(Self.boundary)" }

    init(file bytes: [UInt8], fileName: String, csrf: String) {
        let boundary = Self.boundary
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
    }
}

/// A signed-in browser: its session cookie and the page's CSRF token.
struct Browser {
    var cookie: String
    var csrf: String

    var headers: HTTPFields { [.cookie: cookie] }
}

extension TestClientProtocol {
    /// Logs in as `name` (the login page's token and cookie first, as a browser does).
    func login(_ name: String, password: String = Intake.password) async throws -> Browser {
        let page = try await execute(uri: "/login", method: .get)
        let token = try #require(Self.field("csrf", in: String(buffer: page.body)))
        let loginCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("roster_login=") }).split(separator: ";")[0]
        let r = try await postForm("/login", ["name": name, "password": password, "csrf": token], cookie: String(loginCookie))
        #expect(r.status == .seeOther, "login as \(name): \(r.status)")
        let session = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("roster_session=") })
        let cookie = String(session.split(separator: ";")[0])
        let home = try await execute(uri: r.headers[.location]!, method: .get, headers: [.cookie: cookie])
        let csrf = try #require(Self.field("csrf", in: String(buffer: home.body)))
        return Browser(cookie: cookie, csrf: csrf)
    }

    /// POSTs an urlencoded form.
    func postForm(_ uri: String, _ fields: [String: String], cookie: String? = nil) async throws -> TestResponse {
        let ascii = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: ascii)!)" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// POSTs a file as a browser's form does (multipart/form-data).
    func upload(_ bytes: [UInt8], fileName: String, as browser: Browser, csrf: String? = nil) async throws -> TestResponse {
        let form = MultipartForm(file: bytes, fileName: fileName, csrf: csrf ?? browser.csrf)
        return try await execute(
            uri: "/district/upload", method: .post, headers: [.cookie: browser.cookie, .contentType: form.contentType], body: form.body)
    }

    /// The value of a hidden input of the page.
    static func field(_ name: String, in html: String) -> String? { TestClientProtocolField.field(name, html) }
}
