internal import CZip
import Foundation

/// Raw-deflates a byte stream into a file on a background thread, keeping the CRC-32 and the
/// sizes a zip entry needs, so packaging can copy the compressed bytes as they are.
///
/// The producer hands over one buffer at a time (`submit`) and must not touch it until the next
/// `wait()`; with two buffers, generating XML and compressing it overlap on two cores.
final class Deflater: @unchecked Sendable {  // one buffer at a time: `submit` hands it over, `wait` (the queue) takes it back
    private let stream: UnsafeMutablePointer<z_stream>
    private let fd: Int32
    private let out: UnsafeMutablePointer<UInt8>
    private let outSize = 256 << 10
    private let queue = DispatchQueue(label: "spreadsheet.writer.deflate")
    private let group = DispatchGroup()
    /// CRC-32 of the uncompressed bytes.
    private(set) var crc: UInt = 0
    /// Uncompressed bytes consumed.
    private(set) var size: Int64 = 0
    /// Compressed bytes written to the file.
    private(set) var compressedSize: Int64 = 0
    /// The first failure: a zlib code (negative) or an errno (positive).
    private(set) var failure: Int32 = 0
    private var ended = false

    /// A deflater writing raw deflate data (no zlib header) to `fd` at `level` 1…9.
    init(fd: Int32, level: Int) {
        self.fd = fd
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        out = .allocate(capacity: outSize)
        let r = deflateInit2_(
            stream, Int32(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        if r != Z_OK { failure = r }
    }

    deinit {
        if !ended { deflateEnd(stream) }
        stream.deallocate()
        out.deallocate()
    }

    /// Compresses `count` bytes at `bytes` in the background.
    func submit(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        let address = UInt(bitPattern: bytes)
        queue.async(group: group) { [self] in
            run(UnsafeMutablePointer<UInt8>(bitPattern: address)!, count: count, flush: Z_NO_FLUSH)
        }
    }

    /// Waits until every submitted buffer is compressed.
    func wait() { group.wait() }

    /// Compresses the last bytes, ends the stream, and waits. `flush` is `Z_FINISH` for a
    /// complete stream or `Z_SYNC_FLUSH` for a byte-aligned, unterminated one.
    func finish(flush: Int32 = Z_FINISH) {
        group.wait()
        var empty: UInt8 = 0
        run(&empty, count: 0, flush: flush)
        deflateEnd(stream)
        ended = true
    }

    private func run(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, flush: Int32) {
        guard failure == 0 else { return }
        if count > 0 {
            crc = crc32(crc, bytes, uInt(count))
            size += Int64(count)
        }
        stream.pointee.next_in = bytes
        stream.pointee.avail_in = uInt(count)
        repeat {
            stream.pointee.next_out = out
            stream.pointee.avail_out = uInt(outSize)
            let r = deflate(stream, flush)
            if r == Z_STREAM_ERROR {
                failure = r
                return
            }
            let produced = outSize - Int(stream.pointee.avail_out)
            let err = FileIO.writeAll(fd, UnsafeRawBufferPointer(start: out, count: produced))
            if err != 0 {
                failure = err
                return
            }
            compressedSize += Int64(produced)
        } while stream.pointee.avail_out == 0
    }

    /// Deflates a small buffer in memory with a sync flush (byte-aligned, not final): a prefix
    /// that another complete deflate stream may follow. Returns the bytes and CRC-32.
    static func syncFlushed(_ data: UnsafeBufferPointer<UInt8>, level: Int) -> (bytes: [UInt8], crc: UInt)? {
        var s = z_stream()
        guard
            deflateInit2_(&s, Int32(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return nil }
        defer { deflateEnd(&s) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: Int(deflateBound(&s, uLong(data.count))) + 64)
        s.next_in = UnsafeMutablePointer(mutating: data.baseAddress)
        s.avail_in = uInt(data.count)
        repeat {
            let produced: Int = chunk.withUnsafeMutableBufferPointer { c in
                s.next_out = c.baseAddress
                s.avail_out = uInt(c.count)
                _ = deflate(&s, Z_SYNC_FLUSH)
                return c.count - Int(s.avail_out)
            }
            result.append(contentsOf: chunk[0..<produced])
        } while s.avail_out == 0
        let crc = data.count > 0 ? crc32(0, data.baseAddress, uInt(data.count)) : 0
        return (result, crc)
    }
}
