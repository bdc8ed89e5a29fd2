import Crypto
import Foundation
import Hummingbird
import Mustache
import RosterIntake

/// Rendering the pages: the Mustache library, and the responses every route returns.
struct Pages: Sendable {
    let library: MustacheLibrary

    /// The session cookie's name.
    static let sessionCookie = "roster_session"
    /// The cookie carrying the login form's token (there is no session yet to carry it).
    static let loginCookie = "roster_login"

    /// The CSP source of the one inline script (the district page's drag and drop): its SHA-256,
    /// so no other inline script runs.
    static let scriptHash: String = {
        let t = Templates.district
        guard let a = t.range(of: "<script>"), let b = t.range(of: "</script>", range: a.upperBound..<t.endIndex) else { return "'none'" }
        return "'sha256-" + Data(SHA256.hash(data: Data(t[a.upperBound..<b.lowerBound].utf8))).base64EncodedString() + "'"
    }()

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// A page: `values` merged with what the header needs (the user and the CSRF token).
    func render(_ template: String, title: String, session: IntakeSession?, _ values: [String: Any] = [:], status: HTTPResponse.Status = .ok)
        -> Response
    {
        var context = values
        context["title"] = title
        if let s = session {
            context["user"] = ["name": s.account.name, "roleLabel": s.account.role == .city ? "市总工会" : "区县", "csrf": s.csrf]
            context["csrf"] = s.csrf
        }
        let html = library.render(context, withTemplate: template) ?? "<!doctype html><p>页面无法显示</p>"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A short page with one message and a way back.
    func message(_ heading: String, _ text: String, back: String, session: IntakeSession?, status: HTTPResponse.Status) -> Response {
        render("message", title: heading, session: session, ["heading": heading, "text": text, "back": back], status: status)
    }

    /// HTML-escapes text by Unicode scalar (`&`, `<`, `>`, `"`, `'`), whatever follows them.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// 303 to `location` (after a form: the browser then GETs it).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The session cookie: HttpOnly, SameSite=Strict, for the whole site, expiring with the session.
    static func sessionCookie(_ token: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: sessionCookie, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// 状态 in words.
    static func statusLabel(_ status: String) -> String {
        switch status {
        case "clean": return "无误"
        case "errors": return "有退回"
        case "blocked": return "整体退回"
        default: return "未报送"
        }
    }

    /// A stored UTC time as the clerks read it: China Standard Time, `2026-12-04 02:13`.
    static func localTime(_ iso: String) -> String {
        let parse = ISO8601DateFormatter()
        guard let date = parse.date(from: iso) else { return iso }
        let show = DateFormatter()
        show.locale = Locale(identifier: "en_US_POSIX")
        show.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        show.dateFormat = "yyyy-MM-dd HH:mm"
        return show.string(from: date)
    }

    /// A submission's figures for a template.
    static func figures(_ s: Submission) -> [String: Any] {
        [
            "id": s.id, "district": s.district, "originalName": s.originalName, "uploadedAt": localTime(s.uploadedAt), "status": s.status,
            "statusLabel": statusLabel(s.status), "rows": s.result.rows, "passed": s.result.passed, "returned": s.result.returned,
            "passedYuan": s.result.passedYuan, "returnedYuan": s.result.returnedYuan, "superseded": s.supersededBy != nil,
        ]
    }
}
