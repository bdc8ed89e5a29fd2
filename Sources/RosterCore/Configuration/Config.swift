import Foundation

/// A configuration file (template, programme, register, area-code table) that cannot be used.
///
/// `description` is one line: `FILE: $.json.path: reason`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as given.
    public var file: String
    /// The JSON path of the offending value (`$.amount.max`), when it is a JSON file.
    public var jsonPath: String?
    /// What is wrong and what to do.
    public var reason: String

    /// Creates an error.
    public init(file: String, jsonPath: String? = nil, reason: String) {
        self.file = file
        self.jsonPath = jsonPath
        self.reason = reason
    }

    /// One line naming the file, the place and the reason.
    public var description: String {
        var s = file
        if let jsonPath { s += ": " + jsonPath }
        return (s + ": " + reason).replacingOccurrences(of: "\n", with: " ")
    }
}

/// Walks parsed JSON with a path, throwing `ConfigError` that names file and path.
struct JSONCursor {
    let file: String
    let path: String
    let value: Any?

    static func parse(_ data: Data, file: String) throws(ConfigError) -> JSONCursor {
        do {
            let v = try JSONSerialization.jsonObject(with: data, options: [])
            return JSONCursor(file: file, path: "$", value: v)
        } catch {
            throw ConfigError(file: file, jsonPath: "$", reason: "不是有效的 JSON (not valid JSON): \(error.localizedDescription)")
        }
    }

    /// JSON `true`/`false` arrive as NSNumbers holding a C `char`.
    static func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    func fail(_ reason: String) -> ConfigError { ConfigError(file: file, jsonPath: path, reason: reason) }

    func object(allowed: Set<String>? = nil) throws(ConfigError) -> [String: Any] {
        guard let o = value as? [String: Any] else { throw fail("must be an object") }
        if let allowed {
            for k in o.keys.sorted() where !allowed.contains(k) {
                throw ConfigError(file: file, jsonPath: path + "." + k, reason: "unknown property; allowed: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        return o
    }

    func member(_ key: String) throws(ConfigError) -> JSONCursor {
        let o = try object()
        guard let v = o[key], !(v is NSNull) else {
            throw ConfigError(file: file, jsonPath: path + "." + key, reason: "required property is missing")
        }
        return JSONCursor(file: file, path: path + "." + key, value: v)
    }

    func optionalMember(_ key: String) throws(ConfigError) -> JSONCursor? {
        let o = try object()
        guard let v = o[key], !(v is NSNull) else { return nil }
        return JSONCursor(file: file, path: path + "." + key, value: v)
    }

    func string(nonEmpty: Bool = true) throws(ConfigError) -> String {
        guard let s = value as? String else { throw fail("must be a string") }
        if nonEmpty && s.isEmpty { throw fail("must not be empty") }
        return s
    }

    func bool() throws(ConfigError) -> Bool {
        if let n = value as? NSNumber, JSONCursor.isBoolean(n) { return n.boolValue }
        throw fail("must be true or false")
    }

    func int() throws(ConfigError) -> Int {
        guard let n = value as? NSNumber, !JSONCursor.isBoolean(n), n.doubleValue == Double(n.intValue) else {
            throw fail("must be an integer")
        }
        return n.intValue
    }

    func array(minCount: Int = 0) throws(ConfigError) -> [JSONCursor] {
        guard let a = value as? [Any] else { throw fail("must be an array") }
        if a.count < minCount { throw fail("must have at least \(minCount) item(s)") }
        return a.enumerated().map { JSONCursor(file: file, path: path + "[\($0.offset)]", value: $0.element) }
    }

    func strings(minCount: Int = 1, unique: Bool = false) throws(ConfigError) -> [String] {
        var out: [String] = []
        for c in try array(minCount: minCount) {
            let s = try c.string()
            if unique && out.contains(s) { throw c.fail("duplicate value \"\(s)\"") }
            out.append(s)
        }
        return out
    }

    func money() throws(ConfigError) -> Money {
        let s = try string()
        guard s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }), let m = Money(decimal: s) else {
            throw fail("must be a decimal string of yuan with at most 2 decimals, like \"3000.00\" (got \"\(s)\")")
        }
        return m
    }
}

/// Reads a file whole, as a `ConfigError` when it cannot be read.
func readConfigFile(_ path: String) throws(ConfigError) -> Data {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        throw ConfigError(file: path, reason: "文件不存在 (no such file)")
    }
    guard !isDir.boolValue, let d = FileManager.default.contents(atPath: path) else {
        throw ConfigError(file: path, reason: "无法读取 (cannot be read)")
    }
    return d
}
