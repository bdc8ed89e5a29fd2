import Foundation

/// Login attempts, limited: after `limit` failures for one account name (or from one address)
/// within `window`, further attempts are refused until the window has passed, whatever the
/// password. A success clears the name's count.
actor LoginLimiter {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before `keys` may try again, or nil when they may now.
    func wait(_ keys: [String], now: Date = Date()) -> Int? {
        var longest: TimeInterval = 0
        for k in keys {
            let recent = (failures[k] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[k] = recent
            if recent.count >= limit, let first = recent.first { longest = max(longest, window - now.timeIntervalSince(first)) }
        }
        return longest > 0 ? Int(longest.rounded(.up)) : nil
    }

    func failed(_ keys: [String], now: Date = Date()) {
        for k in keys { failures[k, default: []].append(now) }
    }

    func succeeded(_ key: String) { failures[key] = nil }
}
