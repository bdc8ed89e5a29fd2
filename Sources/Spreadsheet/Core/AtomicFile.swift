#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files written whole or not at all: the one way this package writes a file a user asked for.
/// The content goes into a fresh temporary file in the target's folder (so the final rename is
/// atomic), which then moves into place: replacing the target when overwriting is allowed, and
/// otherwise refusing an existing one — atomically with a hard link where the file system has
/// them, by checking and renaming where it has not.
public enum AtomicFile {
    /// A new, empty temporary file beside `path` (hidden, named after it), and its descriptor.
    public static func temporary(beside path: String) throws(SpreadsheetError) -> (path: String, fd: Int32) {
        let (folder, base) = split(path)
        do {
            return try FileIO.makeTemporaryFile(in: folder, prefix: "." + base + ".tmp-")
        } catch {
            var e = error
            e.file = path
            throw e
        }
    }

    /// Writes `bytes` to a new temporary file beside `path`, flushed to the disk (`fsync`), and
    /// returns its path; nothing is left behind on failure.
    public static func writeTemporary(_ bytes: [UInt8], beside path: String) throws(SpreadsheetError) -> String {
        try writeTemporary(beside: path) { write in bytes.withUnsafeBytes(write) }
    }

    /// Writes what `produce` hands to `write`, piece by piece (a large file never held whole),
    /// to a new temporary file beside `path`, flushed to the disk (`fsync`), and returns its
    /// path. After a failed write the next pieces are dropped and the failure is thrown once
    /// `produce` returns; nothing is left behind then. A producer that fails on its own account
    /// stops early, and its caller removes the file.
    public static func writeTemporary(
        beside path: String, _ produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(SpreadsheetError) -> String {
        let (temp, fd) = try temporary(beside: path)
        var failure: Int32 = 0
        produce { piece in
            if failure == 0 { failure = FileIO.writeAll(fd, piece) }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temp)
            throw SpreadsheetError(
                .io, file: path, reason: "cannot write the file: \(String(cString: strerror(failure)))",
                hint: "check the free space of the output folder")
        }
        return temp
    }

    /// Moves `temporary` to `path`. With `overwrite` an existing file is replaced; without, an
    /// existing `path` is left untouched and the call fails (`.exists`). The temporary file is
    /// gone afterwards, whatever happened.
    public static func commit(_ temporary: String, to path: String, overwrite: Bool) throws(SpreadsheetError) {
        if overwrite {
            guard rename(temporary, path) == 0 else { throw failed(errno, temporary, path) }
            return
        }
        if link(temporary, path) == 0 {
            unlink(temporary)
            return
        }
        let err = errno
        if err == EEXIST { throw exists(temporary, path) }
        // File systems without hard links: check, then rename.
        var st = stat()
        if lstat(path, &st) == 0 { throw exists(temporary, path) }
        guard rename(temporary, path) == 0 else { throw failed(errno, temporary, path) }
    }

    /// Whether a file's bytes on disk are what was written.
    public enum Comparison: Sendable { case same, different, unreadable }

    /// Compares the file at `path` with `bytes`, reading it 1 MiB at a time (the file is never
    /// held twice in memory).
    public static func compare(_ path: String, with bytes: [UInt8]) -> Comparison {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .unreadable }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let got = buffer.withUnsafeMutableBytes { FileIO.readSome(fd, into: $0.baseAddress!, count: $0.count) }
            guard case .success(let n) = got else { return .unreadable }
            if n == 0 { return offset == bytes.count ? .same : .different }
            guard offset + n <= bytes.count,
                buffer.withUnsafeBytes({ b in bytes.withUnsafeBytes { memcmp(b.baseAddress!, $0.baseAddress! + offset, n) == 0 } })
            else { return .different }
            offset += n
        }
    }

    private static func split(_ path: String) -> (folder: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func exists(_ temporary: String, _ path: String) -> SpreadsheetError {
        unlink(temporary)
        return SpreadsheetError(.exists, file: path, reason: "the file already exists", hint: "choose another name or allow overwriting")
    }

    private static func failed(_ err: Int32, _ temporary: String, _ path: String) -> SpreadsheetError {
        unlink(temporary)
        return SpreadsheetError(.io, file: path, reason: "cannot move the new file into place: \(String(cString: strerror(err)))")
    }
}
