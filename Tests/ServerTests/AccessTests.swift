import Foundation
import Hummingbird
import HummingbirdTesting
import RosterIntake
import Testing

@testable import RosterServer

/// Every route's access rules: signed out, a district, another district, the city.
@Suite(.serialized) struct AccessTests {
    static let protectedGets = ["/district", "/city", "/city/claims", "/submissions/1", "/submissions/1/return.xlsx"]
    static let protectedPosts = ["/district/upload", "/city/run", "/logout"]

    @Test func signedOutEveryPageSendsToTheLogin() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            for uri in Self.protectedGets {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .seeOther && r.headers[.location] == "/login", "GET \(uri): \(r.status)")
            }
            for uri in Self.protectedPosts {
                let r = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: "csrf=x"))
                #expect(r.status == .seeOther && r.headers[.location] == "/login", "POST \(uri): \(r.status)")
            }
            let forged = try await client.execute(uri: "/district", method: .get, headers: [.cookie: "roster_session=0123456789abcdef"])
            #expect(forged.status == .seeOther)
        }
    }

    @Test func aDistrictSeesOnlyItsOwnAndTheCitySeesAll() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let wuhua = try await client.login("五华区")
            let up = try await client.upload(try Intake.sample("五华区.xlsx"), fileName: "五华区.xlsx", as: wuhua)
            #expect(up.status == .seeOther)
            let page = try #require(up.headers[.location])
            #expect(page == "/submissions/1")
            let own = try await client.execute(uri: page, method: .get, headers: wuhua.headers)
            #expect(own.status == .ok && String(buffer: own.body).contains("class=\"fault\""))
            let download = try await client.execute(uri: page + "/return.xlsx", method: .get, headers: wuhua.headers)
            #expect(download.status == .ok && download.body.getBytes(at: 0, length: 2) == [0x50, 0x4B])

            let panlong = try await client.login("盘龙区")
            for uri in [page, page + "/return.xlsx", "/submissions/999"] {
                let r = try await client.execute(uri: uri, method: .get, headers: panlong.headers)
                #expect(r.status == .notFound, "盘龙区 GET \(uri): \(r.status)")
            }
            let mine = try await client.execute(uri: "/district", method: .get, headers: panlong.headers)
            #expect(!String(buffer: mine.body).contains("/submissions/1\""))
            for uri in ["/city", "/city/claims"] {
                let r = try await client.execute(uri: uri, method: .get, headers: panlong.headers)
                #expect(r.status == .forbidden, "district GET \(uri): \(r.status)")
            }
            let run = try await client.postForm("/city/run", ["csrf": panlong.csrf], cookie: panlong.cookie)
            #expect(run.status == .forbidden)

            let city = try await client.login("city")
            for uri in [page, page + "/return.xlsx", "/city", "/city/claims"] {
                let r = try await client.execute(uri: uri, method: .get, headers: city.headers)
                #expect(r.status == .ok, "city GET \(uri): \(r.status)")
            }
            let upload = try await client.upload(try Intake.sample("盘龙区.xlsx"), fileName: "x.xlsx", as: city)
            #expect(upload.status == .forbidden)
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndExpires() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let token = try #require(TestClientProtocolField.field("csrf", String(buffer: page.body)))
            let loginCookie = String(page.headers[values: .setCookie].first { $0.hasPrefix("roster_login=") }!.split(separator: ";")[0])
            let r = try await client.postForm("/login", ["name": "city", "password": Intake.password, "csrf": token], cookie: loginCookie)
            let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("roster_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=3600") && cookie.contains("Path=/"))
            // Security headers on every page.
            let csp = r.headers[.init("Content-Security-Policy")!] ?? ""
            #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-") && !csp.contains("script-src 'unsafe-inline'"))
            // Logged out: the session no longer opens anything.
            let session = String(cookie.split(separator: ";")[0])
            let home = try await client.execute(uri: "/city", method: .get, headers: [.cookie: session])
            let csrf = try #require(TestClientProtocolField.field("csrf", String(buffer: home.body)))
            let out = try await client.postForm("/logout", ["csrf": csrf], cookie: session)
            #expect(out.status == .seeOther)
            let after = try await client.execute(uri: "/city", method: .get, headers: [.cookie: session])
            #expect(after.status == .seeOther && after.headers[.location] == "/login")
        }
    }

    @Test func loginAttemptsAreLimited() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server(loginLimit: 3).application(host: "127.0.0.1", port: 0).test(.router) { client in
            for _ in 0..<3 {
                let page = try await client.execute(uri: "/login", method: .get)
                let token = TestClientProtocolField.field("csrf", String(buffer: page.body))!
                let c = String(page.headers[values: .setCookie].first { $0.hasPrefix("roster_login=") }!.split(separator: ";")[0])
                let r = try await client.postForm("/login", ["name": "五华区", "password": "wrong", "csrf": token], cookie: c)
                #expect(r.status == .unauthorized)
            }
            let page = try await client.execute(uri: "/login", method: .get)
            let token = TestClientProtocolField.field("csrf", String(buffer: page.body))!
            let c = String(page.headers[values: .setCookie].first { $0.hasPrefix("roster_login=") }!.split(separator: ";")[0])
            let r = try await client.postForm("/login", ["name": "五华区", "password": Intake.password, "csrf": token], cookie: c)
            #expect(r.status == .tooManyRequests && String(buffer: r.body).contains("登录失败次数过多"))
        }
    }
}

/// The value of a page's hidden input, callable without a client.
enum TestClientProtocolField {
    static func field(_ name: String, _ html: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }
}

/// What users type never escapes into the markup.
@Suite struct EscapingTests {
    @Test func aLoginNameWithAQuoteAndACombiningMarkStaysInItsAttribute() async throws {
        let intake = try Intake.make()
        defer { intake.remove() }
        try await intake.server().application(host: "127.0.0.1", port: 0).test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let token = TestClientProtocolField.field("csrf", String(buffer: page.body))!
            let c = String(page.headers[values: .setCookie].first { $0.hasPrefix("roster_login=") }!.split(separator: ";")[0])
            let evil = "x\"\u{301} autofocus onfocus=alert(1) \"<script>"
            let r = try await client.postForm("/login", ["name": evil, "password": "p", "csrf": token], cookie: c)
            let html = String(buffer: r.body)
            #expect(r.status == .unauthorized && !html.contains("onfocus=alert(1) \"") && !html.contains("<script>"))
            #expect(html.contains("x&quot;\u{301} autofocus onfocus=alert(1) &quot;&lt;script&gt;"))
        }
    }

    @Test func escapingWorksScalarByScalar() {
        #expect(Pages.escape("a\"\u{301}<\u{338}&'") == "a&quot;\u{301}&lt;\u{338}&amp;&#39;")
    }
}
