#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fresh temporary files and folders with names no other process can take (`mkstemp` and
/// `mkdtemp`): the one way this package makes them.
public enum TemporaryFiles {
    /// Creates a new, empty file `folder/prefixXXXXXX` and returns its path and open descriptor
    /// (read-write).
    public static func makeFile(in folder: String, prefix: String) throws(SpreadsheetError) -> (path: String, fd: Int32) {
        var template = Array(((folder.isEmpty ? "." : folder) + "/" + prefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(folder, errno, "a temporary file") }
        return (template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, fd)
    }

    /// Creates a new, empty folder `folder/prefixXXXXXX` (mode 0700) and returns its path.
    public static func makeFolder(in folder: String, prefix: String) throws(SpreadsheetError) -> String {
        var template = Array(((folder.isEmpty ? "." : folder) + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        guard made else { throw failure(folder, errno, "a temporary folder") }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private static func failure(_ folder: String, _ err: Int32, _ what: String) -> SpreadsheetError {
        SpreadsheetError(
            .io, file: folder, reason: "cannot create \(what): \(String(cString: strerror(err)))",
            hint: "check the free space and permissions of the folder")
    }
}
