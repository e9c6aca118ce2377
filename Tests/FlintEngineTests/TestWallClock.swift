import FlintCore
import Foundation
import Synchronization

/// A ``WallClock`` the test moves by hand.
final class TestWallClock: WallClock {
    private let date: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_764_151_200)) {
        date = Mutex(start)
    }

    func now() -> Date { date.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        date.withLock { $0.addTimeInterval(seconds) }
    }
}
