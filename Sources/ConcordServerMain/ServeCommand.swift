import ArgumentParser
import Concord
import ConcordServer
import Foundation

/// `concord-server`: serves an index over HTTP. Normally started by `concord serve`, which builds it on
/// first use and hands over to it with the same options.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord serve",
        abstract: "Serve the index: the search page at /, records at /records/{id}, JSON at /api/search, /api/records/{id}, /api/stats.",
        discussion: "Listens on 127.0.0.1 (this machine only) unless --host says otherwise. Stop it with Ctrl-C or SIGTERM. "
            + "A `concord index` run meanwhile is served within a second of its commit.")

    @Option(help: "The index folder.")
    var index: String = "Index"

    @Option(help: "Address to listen on (0.0.0.0 or :: to accept other machines).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() async throws {
        AllocatorSettings.keepFreedMemory()
        let service: SearchService
        do {
            service = try SearchService(index: IndexFolder(path: index))
        } catch {
            FileHandle.standardError.write(Data("concord: error: \(error)\n".utf8))
            throw ExitCode(3)
        }
        let folder = index
        let app = try ConcordServer.application(service: service, host: host, port: port) { url in
            print("Concord is serving \(folder) (\(service.generation > 0 ? "commit \(service.generation)" : "empty")) at \(url)")
            print("Press Ctrl-C to stop.")
            fflush(stdout)
        }
        do {
            try await app.runService()
        } catch {
            FileHandle.standardError.write(Data("concord: error: the server stopped: \(error)\n".utf8))
            throw ExitCode(3)
        }
    }
}

