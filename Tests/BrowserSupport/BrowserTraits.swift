import Testing

extension Trait where Self == ConditionTrait {
    /// Skips the test, saying so, when no Chromium is installed (``HeadlessChromium/binary``).
    public static var needsChromium: Self {
        .enabled(
            if: HeadlessChromium.binary != nil,
            "chromium is not installed (scripts/bootstrap installs it): the report is not rendered")
    }

    /// Skips the test, saying so, when python3 with zlib is not on PATH (``HeadlessChromium/python``).
    public static var needsPython: Self {
        .enabled(if: HeadlessChromium.python, "python3 (with zlib) is not on PATH: the screenshot cannot be decoded")
    }
}
