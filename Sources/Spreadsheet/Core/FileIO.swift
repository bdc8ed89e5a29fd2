#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls every reader and writer of this package goes through: reads and writes
/// retried when a signal interrupts them, and temporary files and folders whose names no other
/// process can take (`mkstemp`, `mkdtemp`).
public enum FileIO {
    /// Writes all of `bytes` to `fd`, retrying interrupted and partial writes; 0, or the
    /// `errno` of the write that failed.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    /// Reads up to `count` bytes into `buffer`, retrying a read a signal interrupts: the
    /// number read (0 at the end of the file), or the `errno` of a failure.
    public static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, Errno> {
        while true {
            let n = read(fd, buffer, count)
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }

    /// A system error number, as an `Error`.
    public struct Errno: Error, Sendable, Hashable {
        public var code: Int32
        public init(_ code: Int32) { self.code = code }
        /// The system's words for it.
        public var text: String { String(cString: strerror(code)) }
    }

    /// Creates a new, empty file `folder/prefixXXXXXX` (six random letters and digits, created
    /// with `O_EXCL` so no other process can take the name) and returns its path and descriptor.
    /// `mode` (less the umask) is 0666 for a file that becomes the user's, 0600 for scratch
    /// files that hold the content on its way (identity numbers included) and stay private.
    public static func makeTemporaryFile(
        in folder: String, prefix: String, mode: mode_t = 0o666
    ) throws(SpreadsheetError) -> (path: String, fd: Int32) {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        let base = (folder.isEmpty ? "." : folder) + "/" + prefix
        for _ in 0..<100 {
            let suffix = String(decoding: (0..<6).map { _ in letters.randomElement()! }, as: UTF8.self)
            let fd = open(base + suffix, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 { return (base + suffix, fd) }
            if errno != EEXIST { throw cannotCreate(folder, errno, "a temporary file") }
        }
        throw cannotCreate(folder, EEXIST, "a temporary file")
    }

    /// Creates a new, empty folder `folder/prefixXXXXXX` (mode 0700) and returns its path.
    public static func makeTemporaryFolder(in folder: String, prefix: String) throws(SpreadsheetError) -> String {
        var template = Array(((folder.isEmpty ? "." : folder) + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        guard made else { throw cannotCreate(folder, errno, "a temporary folder") }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private static func cannotCreate(_ folder: String, _ err: Int32, _ what: String) -> SpreadsheetError {
        SpreadsheetError(
            .io, file: folder, reason: "cannot create \(what): \(String(cString: strerror(err)))",
            hint: "check the free space and permissions of the folder")
    }
}
