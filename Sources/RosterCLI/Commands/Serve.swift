import ArgumentParser
import Foundation
import RosterCheck
import RosterCore
import RosterIntake
import RosterServer

/// `roster serve`: the districts' intake on the web.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the district intake: districts upload their rosters and see every finding at once; the city runs the batch.",
        discussion: """
            roster serve --init DIR --program P --registry R [--studios S] creates the intake folder: it copies \
            the programme and register in, creates one account per district and one for the city (city), and \
            prints their one-time passwords (only bcrypt hashes are kept). roster serve DIR then serves it on \
            127.0.0.1:8080 (--host, --port). Everything is kept in DIR: intake.sqlite, the uploads named by \
            their SHA-256, the return workbooks, the batches, audit.log. Put it behind nginx with TLS to serve \
            other machines (README), and add --secure-cookies there.
            """)

    @Flag(name: .customLong("init"), help: "Create the intake folder DIR and its accounts.")
    var initialise = false

    @Option(name: .long, help: "With --init: the programme (JSON).")
    var program: String?

    @Option(name: .long, help: "With --init: the honour register (XLSX or CSV).")
    var registry: String?

    @Option(name: .long, help: "With --init: the list of named studios, for a programme paying organisations.")
    var studios: String?

    @Option(name: .long, help: "The address to listen on (default loopback only).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8080

    @Flag(name: .long, help: "Mark cookies Secure (behind a TLS proxy).")
    var secureCookies = false

    @Option(name: .long, help: ArgumentHelp("With --init: set these accounts' passwords to PASSWORD instead of random ones (demos only).", valueName: "PASSWORD"))
    var demoPassword: String?

    @Argument(help: "The intake folder.")
    var folder: String

    func run() async throws {
        if initialise { return try create() }
        let server: IntakeServer
        do {
            server = try IntakeServer(folder: folder, secureCookies: secureCookies)
        } catch {
            FileHandle.standardError.write(Data("roster serve: \(error)\n".utf8))
            throw ExitCode(2)
        }
        FileHandle.standardError.write(Data("roster serve: \(folder) on http://\(host):\(port)/ (Ctrl-C stops)\n".utf8))
        try await server.application(host: host, port: port).runService()
    }

    func create() throws {
        guard let program, let registry else {
            FileHandle.standardError.write(Data("roster serve: --init needs --program and --registry\n".utf8))
            throw ExitCode(2)
        }
        do {
            var made = try IntakeFolder.create(folder, program: program, registry: registry, studios: studios)
            if let demoPassword {
                let store = try IntakeStore(folder: folder)
                for account in try store.accounts() {
                    try store.setPassword(name: account.name, role: account.role, district: account.district, password: demoPassword)
                }
                made = made.map { ($0.name, demoPassword) }
            }
            print("Created \(folder). One-time passwords (shown once; give each to its office):")
            for m in made { print("  \(m.name): \(m.password)") }
            print("Start it with: roster serve \(folder)")
        } catch {
            FileHandle.standardError.write(Data("roster serve: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
