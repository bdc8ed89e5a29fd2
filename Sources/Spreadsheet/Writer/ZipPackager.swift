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
        /// Raw deflate data already compressed: `prefix` then the file's bytes, with the
        /// uncompressed size and CRC-32 of the whole. Copied into the archive as is.
        case deflated(prefix: [UInt8], file: String, crc: UInt32, size: Int64, compressedSize: Int64)
    }

    var parts: [(name: String, content: Content)] = []
    let level: Int

    init(level: Int) { self.level = level }

    mutating func add(_ name: String, _ sink: ByteSink) { parts.append((name, .bytes(sink))) }
    mutating func add(_ name: String, file: String) { parts.append((name, .file(file))) }
    mutating func add(_ name: String, _ content: Content) { parts.append((name, content)) }

    /// Writes the archive to `path` (a new file, or the empty temporary file made for it).
    /// Returns an error text on failure.
    func write(to path: String) -> String? {
        var zerr: Int32 = 0
        guard let za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr) else {
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
            case .deflated(let prefix, let file, let crc, let size, let compressedSize):
                let box = PrecompressedSource(
                    prefix: prefix, path: file, crc: crc, size: size, compressedSize: compressedSize)
                let user = Unmanaged.passRetained(box).toOpaque()
                src = zip_source_function(za, precompressedCallback, user)
                if src == nil { Unmanaged<PrecompressedSource>.fromOpaque(user).release() }
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
            var precompressed = false
            if case .deflated = content { precompressed = true }
            // DOS date 1980-01-01 (year 0, month 1, day 1), time 00:00:00. Pre-compressed data
            // keeps libzip's default method so it is copied, not compressed again.
            // A part added from a file would take that file's mode: fix it (a private 0600), so
            // the archive's bytes never depend on the umask of the machine that wrote it.
            var fromFile = false
            if case .file = content { fromFile = true }
            if (!precompressed && zip_set_file_compression(za, i, ZIP_CM_DEFLATE, zip_uint32_t(level)) != 0)
                || zip_file_set_dostime(za, i, 0, (1 << 5) | 1, 0) != 0
                || (fromFile && zip_file_set_external_attributes(za, i, 0, zip_uint8_t(ZIP_OPSYS_UNIX), 0o100600 << 16) != 0)
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

/// A libzip source serving raw deflate data (a memory prefix, then a file) with its stat.
final class PrecompressedSource {
    let prefix: [UInt8]
    let path: String
    let crc: UInt32
    let size: Int64
    let compressedSize: Int64
    var fd: Int32 = -1
    var position = 0
    var error = zip_error_t()

    init(prefix: [UInt8], path: String, crc: UInt32, size: Int64, compressedSize: Int64) {
        self.prefix = prefix
        self.path = path
        self.crc = crc
        self.size = size
        self.compressedSize = compressedSize
        zip_error_init(&error)
    }

    deinit {
        if fd >= 0 { close(fd) }
        zip_error_fini(&error)
    }
}

/// The callback libzip calls for a `PrecompressedSource`.
private let precompressedCallback: zip_source_callback = { user, data, length, command in
    let box = Unmanaged<PrecompressedSource>.fromOpaque(user!).takeUnretainedValue()
    switch command {
    case ZIP_SOURCE_OPEN:
        box.fd = open(box.path, O_RDONLY)
        if box.fd < 0 {
            zip_error_set(&box.error, ZIP_ER_OPEN, errno)
            return -1
        }
        box.position = 0
        return 0
    case ZIP_SOURCE_READ:
        guard let data else { return 0 }
        var done = 0
        let want = Int(length)
        if box.position < box.prefix.count {
            let n = min(want, box.prefix.count - box.position)
            box.prefix.withUnsafeBytes { p in (data + 0).copyMemory(from: p.baseAddress! + box.position, byteCount: n) }
            box.position += n
            done = n
        }
        while done < want {
            switch FileIO.readSome(box.fd, into: data + done, count: want - done) {
            case .failure(let e):
                zip_error_set(&box.error, ZIP_ER_READ, e.code)
                return -1
            case .success(0):
                return zip_int64_t(done)
            case .success(let r):
                done += r
            }
        }
        return zip_int64_t(done)
    case ZIP_SOURCE_CLOSE:
        if box.fd >= 0 { close(box.fd) }
        box.fd = -1
        return 0
    case ZIP_SOURCE_STAT:
        guard let data, length >= UInt64(MemoryLayout<zip_stat_t>.size) else { return -1 }
        let st = data.assumingMemoryBound(to: zip_stat_t.self)
        zip_stat_init(st)
        st.pointee.valid = zip_uint64_t(
            ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD)
        st.pointee.size = zip_uint64_t(box.size)
        st.pointee.comp_size = zip_uint64_t(box.compressedSize)
        st.pointee.comp_method = zip_uint16_t(ZIP_CM_DEFLATE)
        st.pointee.encryption_method = zip_uint16_t(ZIP_EM_NONE)
        st.pointee.crc = box.crc
        return zip_int64_t(MemoryLayout<zip_stat_t>.size)
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&box.error, data, length)
    case ZIP_SOURCE_FREE:
        Unmanaged<PrecompressedSource>.fromOpaque(user!).release()
        return 0
    case ZIP_SOURCE_SUPPORTS:
        var bits: zip_int64_t = 0
        for c in [
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
            ZIP_SOURCE_SUPPORTS,
        ] {
            bits |= zip_int64_t(1) << zip_int64_t(c.rawValue)
        }
        return bits
    default:
        zip_error_set(&box.error, ZIP_ER_OPNOTSUPP, 0)
        return -1
    }
}
