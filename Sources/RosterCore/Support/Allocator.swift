/// How the batch jobs use glibc's allocator. Worker threads allocate from their own arenas, and
/// a block freed in one arena serves only that arena again: left alone, the 100,000-row run's
/// resident size grows well past what is live at any moment.

/// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module does not export): returns
/// freed heap memory to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// glibc's `mallopt` (also in `<malloc.h>`).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Gives memory freed by worker threads back to the system, so the resident size follows
/// what is live (a no-op apart from that).
package func releaseFreedMemory() {
    _ = glibcMallocTrim(0)
}

/// Blocks of 4 MiB and more (arrays of rows and payments, whole files) get pages of their own,
/// returned to the system as they are freed. By default glibc raises this threshold each time
/// such a block is freed, after which the next ones come from the arenas and stay there:
/// 35-40 MiB more at the peak of the 100,000-row run. Blocks this large are few, so the
/// threshold costs next to nothing in speed.
package func keepLargeBlocksApart() {
    _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 4 << 20)
}
