import Foundation
import Testing

/// `roster --help` and every subcommand's help must match the README: each subcommand is
/// documented there, and so is each of its options.
@Suite struct HelpMatchesReadmeTests {
    static let readme: String = {
        (try? String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    /// Subcommand names from a help text's SUBCOMMANDS section.
    static func subcommands(ofHelp help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:") else { return [] }
        var names: [String] = []
        for line in help[start.upperBound...].split(separator: "\n") {
            // "  name    description": two-space indent, a name, then spaces.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let name = line.drop(while: { $0 == " " }).prefix(while: { $0 != " " })
            // Subcommand names are lower-case; the closing "See 'roster help …'" line is not one.
            if !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0 == "-" }) { names.append(String(name)) }
        }
        return names
    }

    /// `--long-option` names in a help text's OPTIONS section (not --help / --version).
    static func options(ofHelp help: String) -> Set<String> {
        var found = Set<String>()
        let scalars = Array(help.unicodeScalars)
        var i = 0
        while i + 2 < scalars.count {
            if scalars[i] == "-", scalars[i + 1] == "-", i == 0 || scalars[i - 1] == " " || scalars[i - 1] == "[" {
                var j = i + 2
                var name = "--"
                while j < scalars.count, CharacterSet.lowercaseLetters.contains(scalars[j]) || scalars[j] == "-" {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                if name.count > 2 { found.insert(name) }
                i = j
            } else {
                i += 1
            }
        }
        return found.subtracting(["--help", "--version"])
    }

    @Test func everySubcommandAndOptionIsInTheReadme() throws {
        #expect(!Self.readme.isEmpty, "README.md not found beside the package")
        let root = try CLI.run(["--help"])
        #expect(root.status == 0)
        let commands = Self.subcommands(ofHelp: root.stdout)
        #expect(commands.count >= 8, "expected the documented subcommands, got \(commands)")
        for command in commands {
            #expect(Self.readme.contains("roster \(command)"), "README does not show `roster \(command)`")
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0, "roster \(command) --help failed")
            var texts = [(command, help.stdout)]
            for sub in Self.subcommands(ofHelp: help.stdout) {
                let subHelp = try CLI.run([command, sub, "--help"])
                #expect(subHelp.status == 0)
                #expect(Self.readme.contains("roster \(command) \(sub)"), "README does not show `roster \(command) \(sub)`")
                texts.append(("\(command) \(sub)", subHelp.stdout))
            }
            for (name, text) in texts {
                for option in Self.options(ofHelp: text).sorted() {
                    #expect(Self.readme.contains(option), "README does not document `roster \(name) \(option)`")
                }
            }
        }
    }
}
