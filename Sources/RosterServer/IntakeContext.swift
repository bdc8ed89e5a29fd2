import Hummingbird
import RosterIntake

/// What a request carries through the middleware to its route: the signed-in session, if any.
struct IntakeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The session of the request's cookie, when valid.
    var session: IntakeSession?
    /// The peer's address (loopback, or the proxy's), for the login limiter.
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "-"
    }

    /// Forms are small: anything larger than this is refused unread (uploads stream apart).
    var maxUploadSize: Int { 64 << 10 }
}
