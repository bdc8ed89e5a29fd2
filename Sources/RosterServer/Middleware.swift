import Foundation
import Hummingbird
import Logging
import RosterIntake

/// Headers on every page: no framing, no sniffing, no referrer, nothing loaded from elsewhere.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = IntakeContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.cacheControl] = "no-store"
        return response
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

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Pages.sessionCookie]?.value, !token.isEmpty {
            context.session = try store.session(token: token, lifetime: lifetime)
        }
        return try await next(request, context)
    }
}
