import CZstd

/// Zstandard compression of byte blocks (the system's libzstd).
///
/// A `Compression.Compressor` or `Compression.Decompressor` keeps its zstd context between calls, which
/// avoids allocating and initialising one per block (the one-shot `ZSTD_compress` and `ZSTD_decompress`
/// do that every time). Neither is thread-safe: use one per thread.
public enum Compression {
    /// Compresses `input` at `level` with a one-off context.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) -> [UInt8] {
        Compressor(level: level).compress(input)
    }

    /// Decompresses `input` that must expand to exactly `expectedSize` bytes; anything else is corruption.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int, file: String) throws -> [UInt8] {
        try Decompressor().decompress(input, expectedSize: expectedSize, file: file)
    }

    /// A reusable compression context.
    public final class Compressor {
        private let context: OpaquePointer?
        public let level: Int32

        public init(level: Int32 = 3) {
            self.level = level
            context = ZSTD_createCCtx()
        }

        deinit { ZSTD_freeCCtx(context) }

        public func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
            let bound = ZSTD_compressBound(input.count)
            var output = [UInt8](repeating: 0, count: bound)
            let written = output.withUnsafeMutableBytes { out in
                context.map { ZSTD_compressCCtx($0, out.baseAddress, bound, input.baseAddress, input.count, level) }
                    ?? ZSTD_compress(out.baseAddress, bound, input.baseAddress, input.count, level)
            }
            // Compression into a buffer of ZSTD_compressBound bytes cannot fail for valid arguments.
            output.removeSubrange(ZSTD_isError(written) == 0 ? written... : 0...)
            return output
        }
    }

    /// A reusable decompression context.
    public final class Decompressor {
        private let context: OpaquePointer?

        public init() { context = ZSTD_createDCtx() }

        deinit { ZSTD_freeDCtx(context) }

        /// Decompresses `input`, which must expand to exactly `expectedSize` bytes.
        public func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int, file: String) throws -> [UInt8] {
            var output = [UInt8](repeating: 0, count: expectedSize)
            try decompress(input, into: &output, file: file)
            return output
        }

        /// Decompresses `input` into `output`, whose count is the exact expected size.
        public func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], file: String) throws {
            let expectedSize = output.count
            let written = output.withUnsafeMutableBytes { out in
                context.map { ZSTD_decompressDCtx($0, out.baseAddress, expectedSize, input.baseAddress, input.count) }
                    ?? ZSTD_decompress(out.baseAddress, expectedSize, input.baseAddress, input.count)
            }
            if ZSTD_isError(written) != 0 {
                throw StorageError.corrupt(file: file, reason: "zstd: \(String(cString: ZSTD_getErrorName(written)))")
            }
            guard written == expectedSize else {
                throw StorageError.corrupt(file: file, reason: "block decompressed to \(written) bytes, expected \(expectedSize)")
            }
        }
    }
}
