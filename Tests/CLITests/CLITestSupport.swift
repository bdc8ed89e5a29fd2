import Foundation
import Testing

/// Runs the built `roster` executable and captures its output.
enum CLI {
    /// The folder holding the built products (where the test bundle is).
    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        // swift test on Linux: .build/<triple>/debug/rosterPackageTests.xctest
        var dir = bundle
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("roster").path),
            dir.path != "/"
        {
            dir.deleteLastPathComponent()
        }
        return dir
    }

    /// The package root (for Samples/ and ../shared).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `roster` with arguments, optionally in a working directory.
    static func run(_ arguments: [String], cwd: URL? = nil, stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("roster")
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inPipe = Pipe()
            process.standardInput = inPipe
            try process.run()
            inPipe.fileHandleForWriting.write(stdin)
            try inPipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        // Read both pipes concurrently to avoid a full-pipe deadlock.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Test func helpListsTheTool() throws {
    let r = try CLI.run(["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("roster"))
}

extension Tag {
    /// Tests of more than about a second (whole scenarios, runs of the binary, LibreOffice):
    /// `make test-quick` leaves them out while editing; `make test` and CI run them all.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Leaves a `.slow` test out of `make test-quick` (ROSTER_QUICK=1), saying so.
    static var notInQuickRuns: Self {
        .enabled(if: ProcessInfo.processInfo.environment["ROSTER_QUICK"] == nil, "slow: left out by make test-quick")
    }
}
