import Foundation
import RosterCheck
import RosterCore

/// Creating an intake folder (`roster serve --init`): one folder holds everything the server
/// needs, so nothing else has to be started or found.
public enum IntakeFolder {
    /// Creates `folder` (it must be new or empty): copies the programme, the register and the
    /// list of named studios into it, checks they load, writes `intake.json`, creates the
    /// index with one account per district and the city's, and returns their one-time
    /// passwords (shown once; only bcrypt hashes are kept).
    public static func create(
        _ folder: String, program: String, registry: String, studios: String? = nil, districts: DistrictList = .kunming
    ) throws -> [(name: String, password: String)] {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: folder), !existing.isEmpty {
            throw IntakeError("\(folder): not empty; give a new or empty folder")
        }
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func copy(_ path: String, as name: String) throws -> String {
            try fm.copyItem(atPath: path, toPath: folder + "/" + name)
            return name
        }
        let registryName = "register." + ((registry as NSString).pathExtension.lowercased() == "csv" ? "csv" : "xlsx")
        var c = IntakeConfiguration(program: try copy(program, as: "program.json"), registry: try copy(registry, as: registryName))
        if let studios { c.studios = try copy(studios, as: "studios." + ((studios as NSString).pathExtension.lowercased() == "csv" ? "csv" : "xlsx")) }
        // Loads now: a programme or register that cannot be used is said here, not at the first upload.
        let checker = try IntakeChecker(folder: folder, configuration: c, districts: districts)
        if checker.program.payeesFrom == .register {
            throw IntakeError("\(program) is paid from the register: nobody sends a roster, so it has no intake")
        }
        try Data(c.json.utf8).write(to: URL(fileURLWithPath: folder + "/" + IntakeConfiguration.fileName))
        let store = try IntakeStore(folder: folder, create: true)
        let made = try store.createAccounts(districts: districts.names)
        store.audit(account: "-", action: "init", detail: "\(made.count) accounts for \(checker.program.id)")
        return made
    }
}
