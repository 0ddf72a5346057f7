import Testing

/// The slow suites, tagged so that they can be named and left out of a quick run:
/// `swift test --skip 'CarnetCLITests\.(ConcurrencyTests|CrashTests|DiskTests|HostileInputTests|ReliabilityTests|TmuxTests)'`
/// runs the rest (CONTRIBUTING.md). `.ci/run` runs everything.
extension Tag {
    /// Minutes rather than seconds: each of these suites runs many processes or a real terminal.
    @Tag static var slow: Self
    /// Runs the real `carnet` binary inside tmux.
    @Tag static var tmux: Self
    /// Kills processes mid-write.
    @Tag static var crash: Self
    /// Full disks, read-only files, hostile bytes, brute force.
    @Tag static var fault: Self
    /// Several processes on one database at once.
    @Tag static var concurrency: Self
}
