import Foundation

/// Login attempts, limited: after `limit` failures for one account name from one address
/// within `window`, further attempts are refused until the window has passed, whatever the
/// password. A success clears the count. (Keyed on both, so a stranger cannot lock a district
/// out from elsewhere; behind a proxy the address is the proxy's.)
actor LoginLimiter {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Takes an attempt for `key`: counted as a failure at once (so parallel attempts cannot
    /// slip past the limit while their passwords are being checked), or refused with the
    /// seconds to wait. A success gives the attempt back (``succeeded(_:)``).
    func begin(_ key: String, now: Date = Date()) -> Int? {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        if recent.count >= limit, let first = recent.first {
            failures[key] = recent
            return Int((window - now.timeIntervalSince(first)).rounded(.up))
        }
        failures[key] = recent + [now]
        return nil
    }

    /// The right password: the name's failures are forgotten.
    func succeeded(_ key: String) { failures[key] = nil }
}
