#if canImport(Glibc)
import Glibc
#endif

/// Gives memory the process has freed back to the system. The C allocator keeps freed blocks for reuse,
/// so after a writer lets go of a flushed buffer of hundreds of megabytes of small allocations, the
/// process would go on holding them while it merges: asking glibc (`malloc_trim`) to return them keeps
/// the resident set near what is in use. Where the allocator has no such call, nothing happens.
public enum FreedMemory {
    public static func giveBack() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        // Looked up at run time: `malloc_trim` is glibc's own, not part of the C library Swift imports.
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
