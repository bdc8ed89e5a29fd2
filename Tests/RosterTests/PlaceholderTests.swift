import Testing
@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Test func versionIsSemantic() {
    #expect(RosterInfo.version.split(separator: ".").count == 3)
}
