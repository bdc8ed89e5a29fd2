import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The district intake in a real browser: `Tests/browser/intake_browser_test.py` drives Debian's
/// headless Chromium through /usr/bin/chromedriver (Selenium) against `roster serve` of the
/// debug build: log in, upload a roster with defects, see the highlighted rows, download the
/// return workbook, not see another district's submission, and the city's page. Skipped, saying
/// why, where Chromium, the driver, or python's selenium or openpyxl are missing (`.ci/run`
/// installs them).
@Suite(.tags(.slow), .notInQuickRuns) struct BrowserTests {
    static let script = CLI.packageRoot.appendingPathComponent("Tests/browser/intake_browser_test.py").path

    /// What is missing to run the browser test, or nil when everything is there.
    static let missing: String? = {
        var missing: [String] = []
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        if !path.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/chromium") }) { missing.append("chromium") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") { missing.append("/usr/bin/chromedriver (chromium-driver)") }
        for module in ["selenium", "openpyxl"] where (try? python(["-c", "import \(module)"]).status) != 0 {
            missing.append("python3 module \(module)")
        }
        return missing.isEmpty ? nil : missing.joined(separator: ", ")
    }()

    static var skipNote: Comment {
        Comment(rawValue: "skipping the browser test: \(missing ?? "nothing") missing (apt-get install chromium chromium-driver; pip install selenium openpyxl)")
    }

    @Test(.enabled(if: missing == nil, skipNote), .timeLimit(.minutes(5)))
    func intakeInABrowser() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("roster-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let roster = CLI.productsDirectory.appendingPathComponent("roster").path
        let port = try Self.freePort()
        let started = Date()
        let r = try Self.python([Self.script, roster, String(port), work.path])
        if r.status == 0 {
            try? FileManager.default.removeItem(at: work)
        }
        #expect(
            r.status == 0,
            "intake_browser_test.py exited \(r.status) after \(Int(Date().timeIntervalSince(started))) s (work folder \(work.path)):\n\(r.output)")
    }

    /// Runs `python3 ARGS`, standard output and error together.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = CLI.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A port on 127.0.0.1 that nothing listens on now (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
