import Dispatch

/// A value computed on another thread while its owner goes on with other work; `get()` waits for it
/// and returns it, or rethrows the error computing it threw. Used by `IndexWriter` to read what a run
/// will need from the committed segments while the caller reads the corpus.
final class BackgroundResult<Value>: @unchecked Sendable {
    private let finished = DispatchGroup()
    /// Written by the computing thread before it leaves `finished`; read only after waiting on it.
    private var outcome: Result<Value, Error>?

    /// Starts `work` on a global queue. What it uses must allow use from another thread (a
    /// `FileSystemDirectory` does; the caller must not touch what it computes until `get()`).
    init(_ work: @escaping () throws -> Value) {
        finished.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            outcome = Result { try work() }
            finished.leave()
        }
    }

    /// Waits for the work to end; its value, or the error it threw.
    func get() throws -> Value {
        finished.wait()
        guard let outcome else { preconditionFailure("finished work has an outcome") }
        return try outcome.get()
    }
}
