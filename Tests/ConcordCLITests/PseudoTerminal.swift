#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A pseudo-terminal pair, so a subprocess's standard output is a terminal (`isatty` is true) while the
/// test still reads everything it writes.
final class PseudoTerminal {
    private let primary: Int32
    private var secondary: FileHandle?

    private typealias OpenFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    /// A libc function looked up at run time (the pseudo-terminal API is not exported by the Glibc module).
    private static func function<F>(_ name: String, as type: F.Type) throws -> F {
        guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, name) else {
            throw HarnessError.malformedOutput("\(name) is not available")
        }
        return unsafeBitCast(symbol, to: type)
    }

    init() throws {
        let openPrimary = try Self.function("posix_openpt", as: OpenFunction.self)
        let grant = try Self.function("grantpt", as: OpenFunction.self)
        let unlock = try Self.function("unlockpt", as: OpenFunction.self)
        let secondaryName = try Self.function("ptsname", as: NameFunction.self)
        let primary = openPrimary(O_RDWR | O_NOCTTY)
        guard primary >= 0 else { throw HarnessError.malformedOutput("posix_openpt failed (errno \(errno))") }
        guard grant(primary) == 0, unlock(primary) == 0, let name = secondaryName(primary) else {
            close(primary)
            throw HarnessError.malformedOutput("cannot set up a pseudo-terminal (errno \(errno))")
        }
        let secondary = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard secondary >= 0 else {
            close(primary)
            throw HarnessError.malformedOutput("cannot open the pseudo-terminal's secondary side (errno \(errno))")
        }
        _ = fcntl(primary, F_SETFD, FD_CLOEXEC)
        self.primary = primary
        self.secondary = FileHandle(fileDescriptor: secondary, closeOnDealloc: true)
    }

    deinit {
        try? secondary?.close()
        close(primary)
    }

    /// Runs `process` with this terminal as its standard output (and standard error, with
    /// `includingStandardError`) and returns everything it printed there.
    func capture(_ process: Process, includingStandardError: Bool = false) throws -> String {
        guard let secondary else { throw HarnessError.malformedOutput("pseudo-terminal already used") }
        process.standardOutput = secondary
        if includingStandardError { process.standardError = secondary }
        try process.run()
        // Only the child holds the secondary side now; reading ends (EIO) once it exits.
        try secondary.close()
        self.secondary = nil
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(primary, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
