import Foundation

/// A block of inflated bytes (empty at the end of the entry).
final class Chunk: @unchecked Sendable {  // filled by one thread, then handed over through the source's guarded queues
    static let capacity = 65536
    let storage: UnsafeMutableRawBufferPointer
    var count = 0

    init() { storage = .allocate(byteCount: Chunk.capacity, alignment: 16) }
    deinit { storage.deallocate() }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(start: storage.baseAddress, count: count))
    }
}

/// Where a sheet parser gets its inflated bytes from.
protocol ChunkSource: AnyObject {
    /// The next chunk; a chunk with `count == 0` marks the end.
    func next() throws(SpreadsheetError) -> Chunk
    /// Gives a chunk back once its bytes are consumed.
    func recycle(_ chunk: Chunk)
    /// Stops producing (the reader is done or failed).
    func cancel()
}

/// Inflates on its own thread into a small bounded queue of chunks, so inflating and parsing
/// overlap. Memory stays bounded by `depth` chunks. With `threaded` false, inflates on the
/// calling thread instead.
final class PrefetchingChunkSource: ChunkSource, @unchecked Sendable {  // `ready` and `free` are read and written under `condition`
    private let stream: ZipEntryStream
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var free: [Chunk] = []
    private var producerError: SpreadsheetError?
    private var producerDone = false
    private var cancelled = false
    private let threaded: Bool
    private let depth = 8

    init(stream: ZipEntryStream, threaded: Bool) {
        self.stream = stream
        self.threaded = threaded
        if threaded {
            for _ in 0..<depth { free.append(Chunk()) }
            let thread = Thread { [self] in self.produce() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func produce() {
        while true {
            condition.lock()
            while free.isEmpty && !cancelled { condition.wait() }
            if cancelled {
                producerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let chunk = free.removeLast()
            condition.unlock()
            var error: SpreadsheetError?
            do {
                chunk.count = try stream.read(into: chunk.storage)
            } catch let e {
                error = e
                chunk.count = 0
            }
            condition.lock()
            if let error {
                producerError = error
                producerDone = true
            } else {
                ready.append(chunk)
                if chunk.count == 0 { producerDone = true }
            }
            condition.broadcast()
            let done = producerDone
            condition.unlock()
            if done { return }
        }
    }

    func next() throws(SpreadsheetError) -> Chunk {
        if !threaded {
            let chunk = free.popLast() ?? Chunk()
            chunk.count = try stream.read(into: chunk.storage)
            return chunk
        }
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && producerError == nil && !producerDone { condition.wait() }
        if !ready.isEmpty {
            return ready.removeFirst()
        }
        if let producerError { throw producerError }
        let end = Chunk()
        end.count = 0
        return end
    }

    func recycle(_ chunk: Chunk) {
        if !threaded {
            free.append(chunk)
            return
        }
        condition.lock()
        free.append(chunk)
        condition.signal()
        condition.unlock()
    }

    func cancel() {
        guard threaded else {
            stream.close()
            return
        }
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
        stream.close()
    }
}
