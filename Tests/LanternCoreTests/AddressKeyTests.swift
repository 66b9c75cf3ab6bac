import LanternCore
import Testing

@Suite("Address normalisation")
struct AddressKeyTests {
    /// Each row: two ways of writing an address that must be one Location.
    @Test(
        arguments: [
            ("Flat 4, 12 Acre Lane", "SW2 5SG", "4/12 Acre Ln", "sw25sg"),
            ("Flat 4, 12 Acre Lane, London", "SW2 5SG", "12 Acre Lane (flat 4)", "SW2 5SG"),
            ("12 Acre Lane, Brixton, London SW2 5SG", nil, "12, Acre Lane", "sw2 5sg"),
            ("Apartment 3, 7 Oak Rd", "CR0 2TB", "flat 3 7 oak road", "CR02TB"),
            ("7 Oak Road", "CR0 2TB", "7 OAK ROAD", "cr0 2tb"),
        ] as [(String, String?, String, String?)])
    func sameAddress(_ a: String, _ pa: String?, _ b: String, _ pb: String?) throws {
        let first = try #require(AddressKey.make(a, postcode: pa))
        let second = try #require(AddressKey.make(b, postcode: pb))
        #expect(first == second, "\(first) vs \(second)")
    }

    /// Near misses that must stay different Locations.
    @Test(
        arguments: [
            ("Flat 4, 12 Acre Lane", "SW2 5SG", "Flat 5, 12 Acre Lane", "SW2 5SG"),
            ("12 Acre Lane", "SW2 5SG", "14 Acre Lane", "SW2 5SG"),
            ("12 Acre Lane", "SW2 5SG", "12 Acre Lane", "SW2 5SH"),
            ("7 Oak Road", "CR0 2TB", "7 Oak Street", "CR0 2TB"),
        ] as [(String, String?, String, String?)])
    func differentAddress(_ a: String, _ pa: String?, _ b: String, _ pb: String?) {
        #expect(AddressKey.make(a, postcode: pa) != AddressKey.make(b, postcode: pb))
    }

    @Test func tooLittleToIdentifyABuilding() {
        #expect(AddressKey.make("Acre Lane", postcode: nil) == nil)
        #expect(AddressKey.make("somewhere in Brixton", postcode: "not a postcode") == nil)
        #expect(AddressKey.make("Acre Lane", postcode: "SW2 5SG")?.value == "SW2 5SG|||acre lane")
    }
}
