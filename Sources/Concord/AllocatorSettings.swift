#if os(Linux)
import CMalloc
#endif

/// Settings of the C allocator that Concord's executables apply at start; a library user decides for
/// their own process (nothing here runs unless called).
///
/// By default glibc hands the top of its heap back to the system as soon as 128 KiB are free there, and
/// serves blocks from 128 KiB up with fresh mappings that are unmapped when freed. A search whose snippets
/// copy a long text (tens of KiB) therefore grows the heap, faults its pages in and gives them back at
/// every query: on a page of hits with two long descriptions that was 40% of the query's time. Kept
/// instead (freed memory stays with the process up to `heapTrimThreshold`, blocks up to
/// `mmapThreshold` come from the heap), the pages are reused; the peak memory a command needs is the same.
public enum AllocatorSettings {
    public static let heapTrimThreshold: Int32 = 64 << 20
    public static let mmapThreshold: Int32 = 16 << 20

    /// Applies the thresholds (glibc's `mallopt`, on Linux; elsewhere nothing changes).
    public static func keepFreedMemory() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        _ = mallopt(M_TRIM_THRESHOLD, heapTrimThreshold)
        #endif
    }
}
