// swift-tools-version:6.1
import PackageDescription

// The map of the code: each target is one stage of the flow and uses only the targets listed
// before it (docs/architecture.md says what each one holds and must not use).
//
//   C bridges → Spreadsheet → RosterCore → RosterCheck → RosterOutputs ─┐
//                                       └→ RosterLedger ───────────────┴→ RosterRun → RosterCLI
//                                       └→ RosterSamples (scenarios for the CLI and tests)
//   RosterRun → RosterIntake (the district intake) → RosterServer (roster serve) → RosterCLI
let package = Package(
    name: "roster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "roster", targets: ["RosterCLI"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
        .library(
            name: "Roster",
            targets: [
                "RosterCore", "RosterCheck", "RosterOutputs", "RosterLedger", "RosterRun", "RosterSamples", "RosterBankResults",
                "RosterReconcile",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The district intake on the web (`roster serve`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // Carries libxml2's pkg-config flags; only the C bridge below depends on it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libzip's headers are safe to import from Swift directly.
        .systemLibrary(
            name: "CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        // Every libxml2 call lives here; its public header includes no libxml2 header.
        .target(
            name: "CXMLBridge",
            dependencies: ["CLibXML2"]
        ),
        // Cells, XLSX and CSV reading and writing, iconv, XSD validation, files written atomically:
        // knows nothing about model workers.
        .target(
            name: "Spreadsheet",
            dependencies: ["CXMLBridge", "CZip"]
        ),
        // The domain's vocabulary: money, 大写 words, dates, identity numbers, text, masks,
        // findings and their catalogue, templates, programmes, district lists, JSON values.
        .target(
            name: "RosterCore",
            dependencies: ["Spreadsheet", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Finding the roster in a workbook, the register, the rules, duplicates, the check
        // pipeline and report, and who is paid.
        .target(
            name: "RosterCheck",
            dependencies: ["RosterCore", "Spreadsheet"]
        ),
        // What a batch writes: the finance and return workbooks, the bank files.
        .target(
            name: "RosterOutputs",
            dependencies: ["RosterCheck", "RosterCore", "Spreadsheet"]
        ),
        // The payment ledger: the only user of GRDB.
        .target(
            name: "RosterLedger",
            dependencies: [
                "RosterCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own binding calls, for the one bulk insert GRDB's argument arrays slow down.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A bank's answers read: pain.002, camt.054 and delimited result lists in a template's
        // layout, checked against their own totals.
        .target(
            name: "RosterBankResults",
            dependencies: ["RosterCore", "Spreadsheet"]
        ),
        // The bank's answers applied: matched to the ledger's issued payments, then the
        // reconciliation and failure workbooks.
        .target(
            name: "RosterReconcile",
            dependencies: ["RosterCore", "RosterBankResults", "RosterLedger", "RosterOutputs", "Spreadsheet"]
        ),
        // The run as named stages, and the output folder it moves into place.
        .target(
            name: "RosterRun",
            dependencies: ["RosterCore", "RosterCheck", "RosterOutputs", "RosterLedger", "Spreadsheet"]
        ),
        // The district intake: accounts and sessions, submissions named by their SHA-256 and
        // checked on arrival, the batch made from the latest ones (no web server in it).
        .target(
            name: "RosterIntake",
            dependencies: [
                "RosterCore", "RosterCheck", "RosterOutputs", "RosterRun", "Spreadsheet",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // `roster serve`: the intake's pages and routes (Hummingbird, Mustache, streamed
        // multipart uploads), its middleware (sessions, CSRF, security headers, access log).
        .target(
            name: "RosterServer",
            dependencies: [
                "RosterIntake", "RosterCore", "RosterCheck", "RosterRun",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        // Synthetic scenarios (the CLI and tests use them; production code does not).
        .target(
            name: "RosterSamples",
            dependencies: ["RosterCore", "Spreadsheet"]
        ),
        // The command line: one thin file per subcommand in Commands/.
        .executableTarget(
            name: "RosterCLI",
            dependencies: [
                "Spreadsheet", "RosterCore", "RosterCheck", "RosterOutputs", "RosterLedger", "RosterRun", "RosterSamples",
                "RosterBankResults", "RosterReconcile", "RosterIntake", "RosterServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What each libFuzzer target runs, as a library so the regression tests replay crash
        // inputs through the very same code (Tests/RosterTests/FuzzRegressionTests.swift).
        .target(
            name: "FuzzTargets", dependencies: ["Spreadsheet", "RosterCore", "RosterCheck", "RosterOutputs", "RosterBankResults"],
            path: "Sources/Fuzz/FuzzTargets"),
        // Fixtures and golden files are read through #filePath, not as SwiftPM resources.
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RosterTests",
            dependencies: [
                "RosterCore", "RosterCheck", "RosterOutputs", "RosterLedger", "RosterRun", "RosterSamples", "Spreadsheet",
                "FuzzTargets", "RosterBankResults", "RosterReconcile", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Golden", "Fixtures", "FuzzRegressions"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "RosterServer", "RosterIntake",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "RosterCLI", "RosterCore", "RosterCheck", "RosterLedger", "RosterRun", "Spreadsheet", "RosterIntake",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)

// libFuzzer executables (Scripts/fuzz.sh, `make fuzz`). They exist only when ROSTER_FUZZ=1 is set:
// each one is a main.swift holding just `@_cdecl("LLVMFuzzerTestOneInput")`, which links into a
// libFuzzer binary under `--sanitize=fuzzer` (SwiftPM then compiles it with -parse-as-library and
// libFuzzer supplies main). A plain `swift build` would link them too, as do-nothing programs, but
// would spend five more links on every build and test run; gating them keeps the everyday build
// unchanged, while their logic lives in FuzzTargets, which is always built and tested.
if Context.environment["ROSTER_FUZZ"] == "1" {
    for name in ["FuzzXLSX", "FuzzCSV", "FuzzRoster", "FuzzConfig", "FuzzXLSXWriter", "FuzzResults"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzTargets"], path: "Sources/Fuzz/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
