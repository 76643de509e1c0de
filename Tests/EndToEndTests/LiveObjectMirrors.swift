import Foundation

// A failed `#expect` reflects the values it names. Reflecting an object another thread is
// writing to (its reader filling a buffer, its watchdog) crashed the whole test process
// with a bad pointer in the runtime's field copy, twice: these show no fields instead.
extension RunningBinary: CustomReflectable {
    var customMirror: Mirror { Mirror(self, children: []) }
}

extension REPLTerminalTests.Session: CustomReflectable {
    var customMirror: Mirror { Mirror(self, children: []) }
}

extension PaperServer: CustomReflectable {
    var customMirror: Mirror { Mirror(self, children: ["url": url]) }
}

extension BackgroundRun: CustomReflectable {
    var customMirror: Mirror { Mirror(self, children: []) }
}
