import Foundation
import Hummingbird
import Logging
import RosterCheck
import RosterCore
import RosterIntake

/// `roster serve DIR`: the district intake on the web. Districts log in, upload their roster,
/// and see at once what the city will see; the city sees every district and runs the batch.
/// Everything it keeps is in the intake folder; it listens on loopback unless told otherwise.
public struct IntakeServer: Sendable {
    let store: IntakeStore
    let configuration: IntakeConfiguration
    let checker: IntakeChecker
    let pages: Pages
    let limiter: LoginLimiter
    let checks: CheckSlots
    /// Held while a batch runs: the city's batches run one at a time.
    let runs = Locked<Int>(0)
    let logger: Logger
    /// Marks cookies Secure (set when a TLS proxy is in front).
    let secureCookies: Bool

    /// Opens the intake folder and loads its programme and register.
    public init(folder: String, secureCookies: Bool = false, logger: Logger = IntakeServer.defaultLogger, loginLimit: Int = 5) throws {
        configuration = try IntakeConfiguration.load(folder: folder)
        store = try IntakeStore(folder: folder)
        checker = try IntakeChecker(folder: folder, configuration: configuration)
        pages = try Pages()
        limiter = LoginLimiter(limit: loginLimit)
        checks = CheckSlots(count: max(1, ProcessInfo.processInfo.activeProcessorCount))
        self.logger = logger
        self.secureCookies = secureCookies
    }

    /// The access log on standard error, a line per request.
    public static var defaultLogger: Logger {
        var l = Logger(label: "roster.serve")
        l.logLevel = .info
        return l
    }

    /// The routes and their middleware.
    func router() -> Router<IntakeContext> {
        let router = Router(context: IntakeContext.self)
        router.middlewares.add(SecurityHeaders(pages: pages))
        router.middlewares.add(SessionMiddleware(store: store, lifetime: configuration.sessionSeconds, secure: secureCookies))
        router.middlewares.add(AccessLog(logger: logger))
        addLoginRoutes(router)
        addDistrictRoutes(router)
        addSubmissionRoutes(router)
        addCityRoutes(router)
        return router
    }

    /// The application, listening on `host:port`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        var quiet = logger
        quiet.logLevel = .notice
        return Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: quiet)
    }

    /// The session of a request, or a redirect to the login page.
    func signedIn(_ context: IntakeContext) throws -> IntakeSession {
        guard let s = context.session else { throw Redirect(to: "/login") }
        return s
    }
}

/// A way out of a route: the browser is sent elsewhere (to log in).
struct Redirect: Error, HTTPResponseError {
    let to: String
    var status: HTTPResponse.Status { .seeOther }
    var headers: HTTPFields { [.location: to] }
    func response(from request: Request, context: some RequestContext) throws -> Response { Pages.redirect(to) }
}

/// Checks run on their own threads, a few at a time, so uploads arriving together neither
/// starve the server's threads nor run more checks at once than there are cores.
final class CheckSlots: Sendable {
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "roster.serve.checks", attributes: .concurrent)

    init(count: Int) { slots = DispatchSemaphore(value: count) }

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [slots] in
                slots.wait()
                defer { slots.signal() }
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
