import Foundation
import RosterCore
import Spreadsheet

/// An intake folder's configuration (`intake.json`): the programme and register the districts'
/// rosters are checked against (copied into the folder at `roster serve --init`, so the folder
/// is whole), the upload cap and the session lifetime. Everything else lives beside it:
/// `intake.sqlite` (accounts, sessions, submissions, audit), `files/` (the uploads, named by
/// their SHA-256), `batches/` (runs made from the submissions), `audit.log`.
public struct IntakeConfiguration: Sendable, Hashable {
    /// The programme file, relative to the folder.
    public var program: String
    /// The honour register, relative to the folder.
    public var registry: String
    /// The list of named studios (an organisation programme), relative to the folder.
    public var studios: String? = nil
    /// The largest upload accepted, in bytes.
    public var uploadLimit: Int
    /// How long a session lasts without being used, in seconds.
    public var sessionSeconds: Int

    /// The default upload cap: 20 MiB.
    public static let defaultUploadLimit = 20 << 20

    /// Creates a configuration.
    public init(program: String, registry: String, uploadLimit: Int = defaultUploadLimit, sessionSeconds: Int = 3600) {
        self.program = program
        self.registry = registry
        self.uploadLimit = uploadLimit
        self.sessionSeconds = sessionSeconds
    }

    /// The file name in an intake folder.
    public static let fileName = "intake.json"

    /// Reads `DIR/intake.json`.
    public static func load(folder: String) throws(ConfigError) -> IntakeConfiguration {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, reason: "no intake configuration here; create the folder with roster serve --init DIR --program P --registry R")
        }
        guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let program = o["program"] as? String,
            let registry = o["registry"] as? String
        else {
            throw ConfigError(file: path, reason: "must be {\"program\": …, \"registry\": …, \"uploadLimit\": bytes, \"sessionSeconds\": n}")
        }
        let limit = (o["uploadLimit"] as? Int) ?? defaultUploadLimit
        let seconds = (o["sessionSeconds"] as? Int) ?? 3600
        guard limit > 0, seconds > 0 else { throw ConfigError(file: path, reason: "uploadLimit and sessionSeconds must be positive") }
        var c = IntakeConfiguration(program: program, registry: registry, uploadLimit: limit, sessionSeconds: seconds)
        c.studios = o["studios"] as? String
        return c
    }

    /// The JSON text written at `--init`.
    public var json: String {
        JSONValue.object([
            ("program", .string(program)), ("registry", .string(registry)), ("uploadLimit", .int(uploadLimit)),
            ("sessionSeconds", .int(sessionSeconds)), ("studios", studios.map { .string($0) } ?? .null),
        ]).serialized() + "\n"
    }
}
