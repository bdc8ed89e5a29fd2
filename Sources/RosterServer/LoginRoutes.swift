import Foundation
import Hummingbird
import RosterIntake

/// `/login`, `/logout`, `/`: signing in and out. The login form carries a token matched against
/// a cookie set with it (there is no session yet to hold a CSRF token); attempts are limited per
/// account name and per address.
extension IntakeServer {
    struct LoginForm: Decodable {
        var name: String
        var password: String
        var csrf: String
    }

    struct TokenForm: Decodable {
        var csrf: String
    }

    func addLoginRoutes(_ router: Router<IntakeContext>) {
        router.get("/") { _, context -> Response in
            guard let s = context.session else { return Pages.redirect("/login") }
            return Pages.redirect(s.account.role == .city ? "/city" : "/district")
        }
        // Browsers ask for an icon; there is none to send, and no error to log.
        router.get("/favicon.ico") { _, _ -> Response in Response(status: .noContent) }
        router.get("/login") { _, context -> Response in
            if context.session != nil { return Pages.redirect("/") }
            return loginPage(error: nil, name: "")
        }
        router.post("/login") { request, context -> Response in
            try await login(request, context)
        }
        router.post("/logout") { request, context -> Response in
            let s = try signedIn(context)
            _ = try await form(TokenForm.self, request, context, session: s)
            if let token = request.cookies[Pages.sessionCookie]?.value { try store.closeSession(token: token) }
            store.audit(account: s.account.name, action: "logout", detail: "")
            var r = Pages.redirect("/login")
            r.setCookie(Pages.sessionCookie("", maxAge: 0, secure: secureCookies))
            return r
        }
    }

    /// The login form with a fresh token in a cookie beside it.
    func loginPage(error: String?, name: String, status: HTTPResponse.Status = .ok) -> Response {
        let token = IntakeStore.newToken()
        // Escaped here, scalar by scalar, and rendered as is: swift-mustache 2.1.1 escapes by
        // character, so a quote followed by a combining mark would pass unescaped into the
        // attribute this name goes in.
        var values: [String: Any] = ["loginToken": token, "name": Pages.escape(name)]
        if let error { values["error"] = error }
        var r = pages.render("login", title: "登录", session: nil, values, status: status)
        r.setCookie(Cookie(name: Pages.loginCookie, value: token, maxAge: 900, path: "/login", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return r
    }

    func login(_ request: Request, _ context: IntakeContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let f = try? URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: body)) else {
            return loginPage(error: "请填写账号和密码", name: "", status: .badRequest)
        }
        guard let expected = request.cookies[Pages.loginCookie]?.value, !expected.isEmpty, expected == f.csrf else {
            return loginPage(error: "页面已过期，请重新登录", name: f.name, status: .forbidden)
        }
        let key = f.name + "|" + context.peer
        let shownName = IntakeStore.auditName(f.name)
        if let wait = await limiter.begin(key) {
            return loginPage(error: "登录失败次数过多，请 \(max(1, wait / 60)) 分钟后再试", name: f.name, status: .tooManyRequests)
        }
        let store = self.store
        guard let account = try await checks.run({ try store.verify(name: f.name, password: f.password) }) else {
            store.audit(account: shownName, action: "login-failed", detail: "from \(context.peer)")
            return loginPage(error: "账号或密码不正确", name: f.name, status: .unauthorized)
        }
        await limiter.succeeded(key)
        let (token, _) = try store.openSession(account, lifetime: configuration.sessionSeconds)
        store.audit(account: account.name, action: "login", detail: "from \(context.peer)")
        var r = Pages.redirect(account.role == .city ? "/city" : "/district")
        r.setCookie(Pages.sessionCookie(token, maxAge: configuration.sessionSeconds, secure: secureCookies))
        r.setCookie(Cookie(name: Pages.loginCookie, value: "", maxAge: 0, path: "/login", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return r
    }

    /// A small urlencoded form whose `csrf` must be the session's: refused with 403 otherwise.
    func form<F: Decodable & CSRFCarrying>(_ type: F.Type, _ request: Request, _ context: IntakeContext, session: IntakeSession) async throws -> F {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let f = try? URLEncodedFormDecoder().decode(F.self, from: String(buffer: body)), f.csrf == session.csrf else {
            throw HTTPError(.forbidden, message: "表单已过期或来源不明（CSRF），请返回页面后重试")
        }
        return f
    }
}

/// A form that carries the session's CSRF token.
protocol CSRFCarrying { var csrf: String { get } }
extension IntakeServer.TokenForm: CSRFCarrying {}
