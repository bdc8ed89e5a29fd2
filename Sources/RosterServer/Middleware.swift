import Foundation
import Hummingbird
import Logging
import RosterIntake

/// Headers on every page: no framing, no sniffing, no referrer, nothing loaded from elsewhere.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = IntakeContext
    let pages: Pages

    /// Errors become pages here (a clerk reads Chinese, not JSON), so they carry the headers too.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let r as Redirect {
            response = Pages.redirect(r.to)
        } catch let e as any HTTPResponseError {
            let text = (e as? HTTPError)?.body ?? Self.text(e.status)
            let back = context.session.map { $0.account.role == .city ? "/city" : "/district" } ?? "/login"
            response = pages.message(Self.text(e.status), text, back: back, session: context.session, status: e.status)
        }
        response.headers[.init("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; script-src \(Pages.scriptHash); img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

extension SecurityHeaders {
    /// The heading of an error page.
    static func text(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 403: return "没有权限"
        case 404: return "没有找到"
        case 413: return "文件太大"
        case 400: return "请求无效"
        default: return "出错了"
        }
    }
}

/// One line per request: method, path (ids only: no query, no body, no personal data), status,
/// time, account. The server's own logger stays at notice, so nothing else is logged per request.
struct AccessLog: RouterMiddleware {
    typealias Context = IntakeContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let who = context.session?.account.name ?? "-"
        let path = request.uri.path
        do {
            let response = try await next(request, context)
            logger.info("\(request.method) \(path) \(response.status.code) \(Self.ms(since: start)) ms \(who)")
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            logger.info("\(request.method) \(path) \(status) \(Self.ms(since: start)) ms \(who)")
            throw error
        }
    }

    static func ms(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Finds the session of the request's cookie (sliding its expiry).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = IntakeContext
    let store: IntakeStore
    let lifetime: Int
    let secure: Bool

    /// The cookie's Max-Age follows the session's sliding expiry on every page of a session.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        guard let token = request.cookies[Pages.sessionCookie]?.value, !token.isEmpty else { return try await next(request, context) }
        context.session = try store.session(token: token, lifetime: lifetime)
        var response = try await next(request, context)
        if context.session != nil, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(Pages.sessionCookie + "=") }) {
            response.setCookie(Pages.sessionCookie(token, maxAge: lifetime, secure: secure))
        }
        return response
    }
}
