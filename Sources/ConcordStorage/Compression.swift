import CZstd

/// Zstandard compression of byte blocks (the system's libzstd).
///
/// A `Compression.Compressor` or `Compression.Decompressor` keeps its zstd context between calls, which
/// avoids allocating and initialising one per block (the one-shot `ZSTD_compress` and `ZSTD_decompress`
/// do that every time). Neither is thread-safe: use one per thread.
public enum Compression {
    /// How frames begin. `standard` frames start with zstd's 4-byte magic number; `magicless` frames
    /// (zstd's `ZSTD_f_zstd1_magicless`) leave it out, for containers that know what they hold (stored-field
    /// chunks). Both record their content size. A frame is read in the format it was written in.
    public enum FrameFormat: Sendable {
        case standard
        case magicless
    }

    /// Compresses `input` at `level` with a one-off context. A zstd failure throws (never an empty result).
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) throws -> [UInt8] {
        try Compressor(level: level).compress(input)
    }

    /// Decompresses `input` that must expand to exactly `expectedSize` bytes; anything else is corruption.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int, file: String) throws -> [UInt8] {
        try Decompressor().decompress(input, expectedSize: expectedSize, file: file)
    }

    /// A reusable compression context.
    public final class Compressor {
        private let context: OpaquePointer?
        private let dictionary: OpaquePointer?
        public let level: Int32
        public let format: FrameFormat
        /// True when the context took every parameter the frames need (level and format) for
        /// `ZSTD_compress2`; checked by `compress`, which otherwise throws.
        private let configured: Bool

        public init(level: Int32 = 3, format: FrameFormat = .standard) {
            self.level = level
            self.format = format
            context = ZSTD_createCCtx()
            dictionary = nil
            configured = Self.configure(context, level: level, format: format)
        }

        /// A context that compresses every frame with `dictionary` (digested once here), whose frames
        /// leave out the dictionary's id (the reader knows which dictionary to use). Throws
        /// `StorageError.compressionFailed` if zstd cannot load it.
        public init(level: Int32 = 3, dictionary bytes: [UInt8], format: FrameFormat = .standard) throws {
            self.level = level
            self.format = format
            context = ZSTD_createCCtx()
            dictionary = bytes.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, level) }
            configured = Self.configure(context, level: level, format: format)
            guard let context, let dictionary, configured,
                  ZSTD_isError(ZSTD_CCtx_refCDict(context, dictionary)) == 0,
                  ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 0)) == 0
            else { throw StorageError.compressionFailed(reason: "zstd cannot load the dictionary") }
        }

        /// Sets the level and, for magicless frames, the format; false when zstd refuses one.
        private static func configure(_ context: OpaquePointer?, level: Int32, format: FrameFormat) -> Bool {
            guard let context, ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)) == 0 else { return false }
            return format == .standard || ZSTD_isError(concord_zstd_cctx_set_magicless(context)) == 0
        }

        deinit {
            ZSTD_freeCCtx(context)
            ZSTD_freeCDict(dictionary)
        }

        /// Compresses `input` into one zstd frame (which records its content size) of this compressor's
        /// format. Throws `StorageError.compressionFailed` if zstd reports an error (e.g. out of memory).
        public func compress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
            let bound = ZSTD_compressBound(input.count)
            if ZSTD_isError(bound) != 0 { throw StorageError.compressionFailed(reason: "input of \(input.count) bytes is too large") }
            guard let context, configured else { throw StorageError.compressionFailed(reason: "no zstd compression context") }
            var output = [UInt8](repeating: 0, count: bound)
            // `ZSTD_compress2` applies the context's parameters (level, format, dictionary), and records
            // the content size (known for a single call).
            let written = output.withUnsafeMutableBytes { ZSTD_compress2(context, $0.baseAddress, bound, input.baseAddress, input.count) }
            if ZSTD_isError(written) != 0 {
                throw StorageError.compressionFailed(reason: String(cString: ZSTD_getErrorName(written)))
            }
            output.removeSubrange(written...)
            return output
        }
    }

    /// A reusable decompression context.
    public final class Decompressor {
        private let context: OpaquePointer?
        public let format: FrameFormat
        /// False when zstd refused the frame format (then every decompression throws).
        private let configured: Bool

        public init(format: FrameFormat = .standard) {
            self.format = format
            context = ZSTD_createDCtx()
            if format == .magicless, let context {
                configured = ZSTD_isError(concord_zstd_dctx_set_magicless(context)) == 0
            } else {
                configured = true
            }
        }

        deinit { ZSTD_freeDCtx(context) }

        /// Decompresses `input`, which must expand to exactly `expectedSize` bytes.
        public func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int, file: String) throws -> [UInt8] {
            try Self.checkFrameSize(input, expectedSize: expectedSize, file: file)
            var output = [UInt8](repeating: 0, count: expectedSize)
            try decompress(input, into: &output, file: file)
            return output
        }

        /// Checks, before any memory is allocated for it, that `input` starts with a zstd frame recording
        /// `expectedSize` bytes of content (a damaged size field cannot ask for gigabytes).
        public static func checkFrameSize(_ input: UnsafeRawBufferPointer, expectedSize: Int, file: String) throws {
            let recorded = input.baseAddress.map { ZSTD_getFrameContentSize($0, input.count) } ?? ZSTD_CONTENTSIZE_ERROR
            guard recorded == UInt64(expectedSize) else {
                throw StorageError.corrupt(file: file, reason: "compressed block does not hold the \(expectedSize) bytes its header promises")
            }
        }

        /// The content size the header of the magicless frame `input` records, checked to be at most
        /// `limit` before any memory is allocated for it (a damaged size field cannot ask for gigabytes).
        /// A header that does not parse, records no size or a larger one is corruption of `file`.
        /// Decompressing checks the size again: a frame whose blocks make another size fails there.
        public static func magiclessContentSize(_ input: UnsafeRawBufferPointer, limit: Int, file: String) throws -> Int {
            let recorded = input.baseAddress.map { concord_zstd_magicless_content_size($0, input.count) } ?? ZSTD_CONTENTSIZE_ERROR
            guard recorded != ZSTD_CONTENTSIZE_ERROR, recorded != ZSTD_CONTENTSIZE_UNKNOWN else {
                throw StorageError.corrupt(file: file, reason: "a compressed block's zstd frame header is damaged")
            }
            guard recorded <= UInt64(limit) else {
                throw StorageError.corrupt(file: file, reason: "a compressed block claims \(recorded) bytes, more than \(limit)")
            }
            return Int(recorded)
        }

        /// Decompresses `input` into `output`, whose count is the exact expected size; with `dictionary`
        /// when the frame was compressed with one.
        public func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8],
                               dictionary: DecompressionDictionary? = nil, file: String) throws {
            try output.withUnsafeMutableBytes { try decompress(input, into: $0, dictionary: dictionary, file: file) }
        }

        /// Decompresses `input` into `output`, whose count is the exact expected size; with `dictionary`
        /// when the frame was compressed with one.
        public func decompress(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer,
                               dictionary: DecompressionDictionary? = nil, file: String) throws {
            let expectedSize = out.count
            let written: Int
            guard configured else { throw StorageError.corrupt(file: file, reason: "zstd cannot read magicless frames") }
            if format == .magicless, context == nil { throw StorageError.corrupt(file: file, reason: "zstd: no decompression context") }
            if let dictionary, let context {
                written = ZSTD_decompress_usingDDict(context, out.baseAddress, expectedSize, input.baseAddress, input.count, dictionary.pointer)
            } else if dictionary != nil {
                throw StorageError.corrupt(file: file, reason: "zstd: no decompression context")
            } else {
                written = context.map { ZSTD_decompressDCtx($0, out.baseAddress, expectedSize, input.baseAddress, input.count) }
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
