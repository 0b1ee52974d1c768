import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `concord serve`: hands over to the `concord-server` executable (the HTTP stack is a separate target,
/// so building `concord` never compiles it). When `concord` runs from a package checkout
/// (`.build/<configuration>/concord`) and the server is missing or older than `concord` (the sources
/// changed since it was built), it is built with `swift build` first — the first time this compiles
/// Hummingbird and takes minutes.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the search page and a JSON API over HTTP (on 127.0.0.1 unless --host says otherwise).",
        discussion: """
            Pages: / (search, every option in the URL), /records/{id}. JSON: /api/search?q=&page=&limit=&sort=&from=&to=&facet= \
            (exactly `concord search --format json`), /api/records/{id}, /api/stats. Stop with Ctrl-C or SIGTERM.
            """)

    @OptionGroup var indexOption: IndexOption

    @Option(help: "Address to listen on (0.0.0.0 or :: to accept other machines).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() throws {
        let server = try ServerExecutable.locate()
        let arguments = [server.path, "--index", indexOption.index, "--host", host, "--port", String(port)]
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(server.path, cArguments)
        printError("concord: error: cannot start \(server.path): \(String(cString: strerror(errno)))")
        throw ExitStatus.failure
    }
}

/// Where `concord-server` is: beside this executable, built there first when this is a package checkout.
enum ServerExecutable {
    static let name = "concord-server"

    static func locate() throws -> URL {
        let own = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        let folder = own.deletingLastPathComponent()
        let server = folder.appendingPathComponent(name)
        let exists = FileManager.default.isExecutableFile(atPath: server.path)
        if let root = packageRoot(above: folder), !exists || isOlder(server, than: own) {
            try build(in: root, configuration: folder.lastPathComponent, firstTime: !exists)
        }
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            let command = buildCommand(configuration: folder.lastPathComponent).joined(separator: " ")
            printError("concord: error: \(server.path) is missing; build it with `\(command)`")
            throw ExitStatus.failure
        }
        return server
    }

    /// True when `file` was modified before `other`: the server is rebuilt when `concord` was relinked
    /// after it (the sources changed since), and not otherwise, so a start costs no `swift build` run.
    static func isOlder(_ file: URL, than other: URL) -> Bool {
        func modified(_ url: URL) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        }
        guard let a = modified(file), let b = modified(other) else { return true }
        return a < b
    }

    /// The package checkout whose `.build` holds `folder` (`<root>/.build/<triple>/<configuration>`).
    static func packageRoot(above folder: URL) -> URL? {
        var candidate = folder
        for _ in 0..<4 {
            candidate = candidate.deletingLastPathComponent()
            if candidate.lastPathComponent == ".build" {
                let root = candidate.deletingLastPathComponent()
                return FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) ? root : nil
            }
        }
        return nil
    }

    /// The command that builds the server next to a `concord` of `configuration` (its build folder's
    /// name): release products are linked as `Scripts/build-release` links them, so both share one build.
    static func buildCommand(configuration: String) -> [String] {
        configuration == "debug"
            ? ["swift", "build", "-c", "debug", "--product", name]
            : ["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", name]
    }

    static func build(in root: URL, configuration: String, firstTime: Bool) throws {
        if firstTime {
            printError("concord: building the server (\(name)) on first use; this takes a few minutes…")
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("concord-server-build-\(getpid()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = buildCommand(configuration: configuration)
        process.currentDirectoryURL = root
        process.standardOutput = handle
        process.standardError = handle
        do {
            try process.run()
        } catch {
            printError("concord: error: cannot run `swift build`: \(error)")
            throw ExitStatus.failure
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write((try? Data(contentsOf: log)) ?? Data())
            printError("concord: error: building \(name) failed (log above)")
            throw ExitStatus.failure
        }
    }
}
