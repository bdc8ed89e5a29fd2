import Spreadsheet

/// The roster domain: templates, validation, registers, programmes and the payment outputs.
public enum RosterInfo {
    /// The tool's version, written into manifests and `roster --version`.
    public static let version = "0.1.0"
}
