import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("Patient search")
struct DirectoryTests {
    static func register(_ fixture: StoreFixture, _ given: String, _ family: String, _ birth: String, _ first13: String) throws -> Patient {
        try fixture.directory.register(
            Patient(id: PatientID(0), ins: try INS.completing(first13), familyName: family, givenNames: given,
                    birthDate: CalendarDate(birth)!, sex: .female),
            password: nil, context: .operatorAccount("test"))
    }

    @Test("accents and case do not matter: \"helene\" finds Hélène, \"lefevre\" finds LEFÈVRE")
    func accentInsensitive() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        let helene = try Self.register(fixture, "Hélène", "LEFÈVRE", "1975-04-02", "2750475000001")
        for query in ["helene", "HELENE", "hél", "lefevre", "Lefèvre hel", "hel lef"] {
            let found = try fixture.directory.searchPatients(name: query).items
            #expect(found.map(\.id) == [helene.id], "\(query)")
        }
        #expect(try fixture.directory.searchPatients(name: "helena").items.isEmpty)
    }

    @Test("a birth date narrows a name search")
    func birthDate() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        let older = try Self.register(fixture, "Anne", "DURAND", "1950-01-01", "2500175000001")
        let younger = try Self.register(fixture, "Anne", "DURAND", "1990-06-15", "2900675000001")
        #expect(try fixture.directory.searchPatients(name: "durand").items.map(\.id) == [older.id, younger.id])
        #expect(try fixture.directory.searchPatients(name: "durand", birthDate: CalendarDate("15/06/1990")).items.map(\.id) == [younger.id])
    }

    @Test("finding by INS")
    func byINS() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        let marie = try #require(try fixture.directory.patient(ins: DemoAccounts.marieINS))
        #expect(marie.familyName == "DUPONT" && marie.birthDate == CalendarDate(year: 1958, month: 3, day: 12))
        #expect(try fixture.directory.patient(ins: try INS.completing("1000000000000")) == nil)
    }

    @Test("pages by keyset cover every match once")
    func paging() throws {
        let fixture = try StoreFixture(demoPatients: 400)
        let all = try fixture.directory.searchPatients(name: "a", limit: 10_000).items
        #expect(all.count > 30)
        var seen: [PatientID] = []
        var after: Int64?
        repeat {
            let page = try fixture.directory.searchPatients(name: "a", after: after, limit: 7)
            #expect(page.items.count <= 7)
            seen += page.items.map(\.id)
            after = page.next
        } while after != nil
        #expect(seen == all.map(\.id))
        #expect(Set(seen).count == seen.count)
    }

    @Test("search text is never read as FTS5 syntax", arguments: ["\"", "du\"pont", "* OR NOT", "NEAR(a b)", "-", "^a", "a:b", "   "])
    func hostileQueries(_ query: String) throws {
        let fixture = try StoreFixture(demoPatients: 2)
        _ = try fixture.directory.searchPatients(name: query)
    }

    @Test("an INS already registered is refused")
    func duplicate() throws {
        let fixture = try StoreFixture(demoPatients: 2)
        #expect(throws: StoreError.duplicatePatient(DemoAccounts.marieINS)) {
            try fixture.directory.register(Patient(id: PatientID(0), ins: DemoAccounts.marieINS, familyName: "X", givenNames: "Y",
                                                   birthDate: CalendarDate(year: 2000, month: 1, day: 1)!, sex: .female),
                                           password: nil, context: .operatorAccount("test"))
        }
    }
}
