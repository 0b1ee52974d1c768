import Foundation
import Testing
@testable import Concord
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The debug `concord` binary next to this package's sources (built by `swift build --build-tests`).
private let concordBinary: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/concord").path
}()

private let flockBinary = ["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// One writer at a time, across processes: a second `concord index` fails at once (exit 3, a message
/// naming the lock) unless `--wait`; a holder that dies, even by SIGKILL, releases the lock.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: concordBinary), "needs .build/debug/concord"))
struct WriteLockTests {
    struct Outcome {
        var status: Int32
        var standardError: String
        var seconds: Double
    }

    /// Starts `concord` with `arguments`; standard output is discarded, standard error kept.
    private func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: concordBinary)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    private func finish(_ process: Process, _ errors: Pipe, started: Date) -> Outcome {
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, standardError: String(decoding: data, as: UTF8.self),
                       seconds: Date().timeIntervalSince(started))
    }

    private func run(_ arguments: [String]) throws -> Outcome {
        let started = Date()
        let (process, errors) = try start(arguments)
        return finish(process, errors, started: started)
    }

    /// A corpus and an index built from it, in a fresh folder.
    private func indexedCorpus() throws -> (TemporaryFolder, [String]) {
        let folder = try TemporaryFolder("lock")
        let corpus = folder.appending("corpus")
        for i in 0..<5 { try TestFiles.write("Title: Note \(i)\n\nkalo mirtu \(i)\n", to: corpus + "/n\(i).txt") }
        let arguments = ["index", "--corpus", corpus, "--index", folder.appending("index"), "--quiet"]
        let first = try run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        return (folder, arguments)
    }

    /// Takes the index's write lock in this process (as another writer would), or nil if it is held.
    private func takeLock(_ index: String) -> Int32? {
        let fd = open(index + "/write.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { close(fd); return nil }
        return fd
    }

    @Test func secondWriterFailsAtOnceWithAClearMessage() throws {
        let (folder, arguments) = try indexedCorpus()
        defer { folder.remove() }
        let fd = try #require(takeLock(folder.appending("index")))
        defer { close(fd) }
        let second = try run(arguments)
        #expect(second.status == 3)
        #expect(second.standardError.contains("locked"), "message: \(second.standardError)")
        #expect(second.seconds < 5, "took \(second.seconds) s instead of failing at once")
    }

    @Test func waitingWriterProceedsWhenTheLockIsReleased() throws {
        let (folder, arguments) = try indexedCorpus()
        defer { folder.remove() }
        let fd = try #require(takeLock(folder.appending("index")))
        let started = Date()
        let (waiting, errors) = try start(arguments + ["--wait"])
        Thread.sleep(forTimeInterval: 0.5)
        #expect(waiting.isRunning, "--wait returned while the lock was held")
        flock(fd, LOCK_UN)
        close(fd)
        let outcome = finish(waiting, errors, started: started)
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }

    @Test(.enabled(if: flockBinary != nil, "needs flock(1)"))
    func killedHolderDoesNotBlockTheNextRun() throws {
        let (folder, arguments) = try indexedCorpus()
        defer { folder.remove() }
        let lockFile = folder.appending("index") + "/write.lock"
        // One process that takes the lock and then sleeps holding it (fd 9 survives the exec).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>\"$0\" && \"$1\" -x 9 && exec sleep 20", lockFile, flockBinary ?? "flock"]
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() } }
        let deadline = Date().addingTimeInterval(5)
        var held = false
        while Date() < deadline && !held {
            if let fd = takeLock(folder.appending("index")) {
                flock(fd, LOCK_UN)
                close(fd)
                Thread.sleep(forTimeInterval: 0.02)
            } else {
                held = true
            }
        }
        try #require(held, "the holder never took the lock")
        let blocked = try run(arguments)
        #expect(blocked.status == 3 && blocked.standardError.contains("locked"), "\(blocked.standardError)")

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        try TestFiles.write("Title: Late\n\nvazo\n", to: folder.appending("corpus") + "/late.txt")
        let next = try run(arguments)
        #expect(next.status == 0, "\(next.standardError)")
        #expect(try IndexFolder(path: folder.appending("index")).openSearcher().search("vazo").total == 1)
    }
}
