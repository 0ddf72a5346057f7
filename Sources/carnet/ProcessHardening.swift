import CProcessGuard
import Foundation

/// What a crash may expose. A kiosk that crashes must not show Swift's interactive crash
/// prompt (memory, registers) to whoever is at the keyboard, nor leave a core file holding
/// the PIN typed and the record on screen.
enum ProcessHardening {
    /// The value of SWIFT_BACKTRACE that turns Swift's backtracer off.
    static let backtracerOff = "enable=no"

    /// First thing in `main`: no core dumps, not dumpable, and no backtracer. The runtime
    /// reads SWIFT_BACKTRACE before `main`, so when it is not already off the program runs
    /// itself again with it off (once: the second run finds it set).
    static func apply() {
        _ = carnet_forbid_dumps()
        guard ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] != backtracerOff else { return }
        setenv("SWIFT_BACKTRACE", backtracerOff, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc): carry on, dumps are off all the same.
    }
}
