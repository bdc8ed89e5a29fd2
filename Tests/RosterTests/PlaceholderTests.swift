import Testing
@testable import Roster

@Test func versionIsSemantic() {
    #expect(RosterInfo.version.split(separator: ".").count == 3)
}
