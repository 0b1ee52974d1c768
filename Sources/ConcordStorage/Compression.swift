import CZstd

/// Zstandard compression of byte blocks (the system's libzstd).
public enum Compression {
    /// Compresses `input` at `level` (zstd levels; 3 is zstd's default balance of speed and size).
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compress(out.baseAddress, bound, input.baseAddress, input.count, level)
        }
        // Compression into a buffer of ZSTD_compressBound bytes cannot fail for valid arguments.
        output.removeSubrange(Int(ZSTD_isError(written)) == 0 ? written... : 0...)
        return output
    }

    /// Decompresses `input` that must expand to exactly `expectedSize` bytes; anything else is corruption.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int, file: String) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expectedSize)
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_decompress(out.baseAddress, expectedSize, input.baseAddress, input.count)
        }
        if ZSTD_isError(written) != 0 {
            throw StorageError.corrupt(file: file, reason: "zstd: \(String(cString: ZSTD_getErrorName(written)))")
        }
        guard written == expectedSize else {
            throw StorageError.corrupt(file: file, reason: "block decompressed to \(written) bytes, expected \(expectedSize)")
        }
        return output
    }
}
