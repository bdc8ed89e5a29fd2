internal import CZip

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Adds package parts to a zip archive with libzip, in the order given, with a fixed timestamp
/// (1980-01-01 00:00 DOS time) and a fixed compression level, so the same parts give the same
/// bytes. Stops at the first error.
struct ZipPackager {
    /// One part: its name and either bytes or a file to read at close.
    enum Content {
        case bytes(ByteSink)
        case file(String)
    }

    var parts: [(name: String, content: Content)] = []
    let level: Int

    init(level: Int) { self.level = level }

    mutating func add(_ name: String, _ sink: ByteSink) { parts.append((name, .bytes(sink))) }
    mutating func add(_ name: String, file: String) { parts.append((name, .file(file))) }

    /// Writes the archive to `path` (which must not exist). Returns an error text on failure.
    func write(to path: String) -> String? {
        var zerr: Int32 = 0
        guard let za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr) else {
            var e = zip_error_t()
            zip_error_init_with_code(&e, zerr)
            defer { zip_error_fini(&e) }
            return "cannot create the archive: " + String(cString: zip_error_strerror(&e))
        }
        func lastError() -> String { String(cString: zip_strerror(za)) }
        for (name, content) in parts {
            let src: OpaquePointer?
            switch content {
            case .bytes(let sink):
                let n = sink.count
                let mem = malloc(max(n, 1))!
                sink.withBytes { b in if n > 0 { memcpy(mem, b.baseAddress!, n) } }
                src = zip_source_buffer(za, mem, zip_uint64_t(n), 1)
                if src == nil { free(mem) }
            case .file(let file):
                src = zip_source_file(za, file, 0, -1)
            }
            guard let src else {
                let e = lastError()
                zip_discard(za)
                return "cannot add \(name): \(e)"
            }
            let idx = zip_file_add(za, name, src, zip_flags_t(ZIP_FL_ENC_UTF_8))
            if idx < 0 {
                zip_source_free(src)
                let e = lastError()
                zip_discard(za)
                return "cannot add \(name): \(e)"
            }
            let i = zip_uint64_t(idx)
            // DOS date 1980-01-01 (year 0, month 1, day 1), time 00:00:00.
            if zip_set_file_compression(za, i, ZIP_CM_DEFLATE, zip_uint32_t(level)) != 0
                || zip_file_set_dostime(za, i, 0, (1 << 5) | 1, 0) != 0
            {
                let e = lastError()
                zip_discard(za)
                return "cannot set up \(name): \(e)"
            }
        }
        if zip_close(za) != 0 {
            let e = lastError()
            zip_discard(za)
            return "cannot write the archive: \(e)"
        }
        return nil
    }
}
