#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A list of work items shared between an owner that does them in order from the front (writing each
/// result out as it goes) and a helper that does them from the back into memory, which the owner appends
/// once the two meet: used to write a segment's terms and its stored-field chunks with both cores whichever
/// part is longer (see `SegmentBuilder.write`). Items are claimed a few at a time under a lock, so every
/// item is done exactly once and the two meet wherever their speeds make them meet.
///
/// Neither side ever waits for the other to arrive: a helper can start only between `open` and `close`
/// (the owner opens once the items are known, and closes when its claims run out), so parts run one after
/// the other on one core end as surely as parts run side by side. Only `close` waits, and only for a helper
/// that started (which never waits itself).
final class TwoEndedWork<Context, Held>: @unchecked Sendable {
    /// What a helper that started hands back.
    struct Helped {
        /// The first item it did (it did every item from here to the last, last first).
        var start: Int
        /// Its results, last item first.
        var held: Held
        var error: Error?
    }

    /// Items claimed at a time: few enough that the two sides end close together, enough that the lock is
    /// taken rarely.
    let claimSize: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let helperFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Under `mutex`:
    private var context: Context?
    private var front = 0
    private var back = 0
    private var isClosed = false
    private var helping = false
    private var helped: Helped?

    init(claimSize: Int) {
        self.claimSize = max(1, claimSize)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(helperFinished, nil)
    }

    deinit {
        pthread_cond_destroy(helperFinished)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        helperFinished.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// For tests: run on the owner's thread by `open`, before its first claim (to let a helper work first).
    var afterOpening: (() -> Void)?

    /// The owner's side: `count` items are known, with what a helper needs to do them; a helper may start.
    func open(count: Int, context: Context) {
        locked {
            self.context = context
            back = count
        }
        afterOpening?()
    }

    /// The owner's next items, nil once it has met the helper's.
    func claimFront() -> Range<Int>? {
        locked {
            guard front < back else { return nil }
            let end = min(back, front + claimSize)
            defer { front = end }
            return front..<end
        }
    }

    /// The helper's next items (to do last first), nil once it has met the owner's.
    func claimBack() -> Range<Int>? {
        locked {
            guard front < back else { return nil }
            let start = max(front, back - claimSize)
            defer { back = start }
            return start..<back
        }
    }

    /// The helper's side: what it needs to help, when it may (nil before `open`, after `close`, or with
    /// nothing left to do). A helper that gets it must call `finishHelping` once.
    func startHelping() -> Context? {
        locked {
            guard let context, !isClosed, front < back else { return nil }
            helping = true
            return context
        }
    }

    /// The helper is done: its results are those of the items from where the two met to the last, or it failed.
    func finishHelping(held: Held, error: Error?) {
        locked {
            helped = Helped(start: back, held: held, error: error)
            helping = false
            pthread_cond_signal(helperFinished)
        }
    }

    /// The owner's side, its claims run out: no helper may start any more; returns what a helper that
    /// started did, once it is done (nil when none started). The context is let go.
    func close() -> Helped? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        isClosed = true
        while helping { pthread_cond_wait(helperFinished, mutex) }
        context = nil
        return helped
    }

    /// The owner's side when it fails: no item is claimed any more and no helper may start (a helper at work
    /// stops after the items it holds); nothing is waited for.
    func abandon() {
        locked {
            isClosed = true
            back = front
        }
    }
}
