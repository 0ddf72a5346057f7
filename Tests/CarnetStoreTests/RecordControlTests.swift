import CarnetModel
import CarnetStore
import Foundation
import Testing

@Suite("The patient controls the record")
struct RecordControlTests {
    let jean = AccessContext.kiosk(DemoAccounts.jeanBernard)
    let sophie = AccessContext.kiosk(DemoAccounts.sophieLeroy)
    let claire = AccessContext.kiosk(DemoAccounts.clairePetit)

    @Test("a revoked professional is refused at once, and the revocation is audited")
    func revoke() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        #expect(try !store.allergies(of: marie.id, context: jean).isEmpty)
        try store.revoke(DemoAccounts.jeanBernard.rpps, on: marie.id, context: .patient(marie))
        let change = try fixture.lastEvent()
        #expect(change.actor == "patient:258037511223324" && change.action == "write" && change.detail == "revoke rpps:10003456786")
        let refused = #expect(throws: AccessRefused.self) { try store.allergies(of: marie.id, context: jean) }
        #expect(refused?.reason == .noGrant)
    }

    @Test("a blocked professional is refused even with a grant; unblocking restores the grant")
    func blockOverridesGrant() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        try store.grant(.read, to: DemoAccounts.sophieLeroy.rpps, on: marie.id, context: .patient(marie))
        #expect(try !store.history(of: marie.id, context: sophie).isEmpty)
        try store.block(DemoAccounts.sophieLeroy.rpps, on: marie.id, context: .patient(marie))
        let refused = #expect(throws: AccessRefused.self) { try store.history(of: marie.id, context: sophie) }
        #expect(refused?.reason == .blocked)
        try store.unblock(DemoAccounts.sophieLeroy.rpps, on: marie.id, context: .patient(marie))
        #expect(try fixture.lastEvent().detail == "unblock rpps:10002345675")
        #expect(try !store.history(of: marie.id, context: sophie).isEmpty)
    }

    @Test("only the patient changes access settings; a professional's attempt is refused and audited")
    func onlyThePatient() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let paul = AccessContext.kiosk(DemoAccounts.paulMartin)
        let refused = #expect(throws: AccessRefused.self) {
            try store.grant(.readWrite, to: DemoAccounts.sophieLeroy.rpps, on: marie.id, context: paul)
        }
        #expect(refused?.reason == .patientOnly(.access))
        #expect(try fixture.lastEvent().outcome == .refused)
        #expect(throws: AccessRefused.self) { try store.setConsent(.emergencyPhysician, allowed: false, of: marie.id, context: paul) }
    }

    @Test("consents, the treating doctor and the level of a grant change as the patient says")
    func settings() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        try store.setConsent(.emergencyPhysician, allowed: false, of: marie.id, context: .patient(marie))
        try store.grant(.readWrite, to: DemoAccounts.jeanBernard.rpps, on: marie.id, context: .patient(marie))
        try store.setTreatingDoctor(DemoAccounts.sophieLeroy.rpps, of: marie.id, context: .patient(marie))
        let settings = try store.accessSettings(of: marie.id, context: .patient(marie))
        #expect(settings.consents.emergencyPhysician == false && settings.consents.samuRegulator == true)
        #expect(settings.grants.first { $0.professional.rpps == DemoAccounts.jeanBernard.rpps }?.level == .readWrite)
        #expect(settings.treatingDoctor?.rpps == DemoAccounts.sophieLeroy.rpps)
        // A pharmacist cannot be médecin traitant.
        #expect(throws: StoreError.self) { try store.setTreatingDoctor(DemoAccounts.jeanBernard.rpps, of: marie.id, context: .patient(marie)) }
        #expect(try store.accessSettings(of: marie.id, context: .patient(marie)).treatingDoctor?.rpps == DemoAccounts.sophieLeroy.rpps)
    }

    @Test("a masked document is hidden from a granted professional but not from the treating doctor")
    func masking() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let paul = AccessContext.kiosk(DemoAccounts.paulMartin)
        try store.grant(.read, to: DemoAccounts.sophieLeroy.rpps, on: marie.id, context: .patient(marie))
        let document = try #require(try store.documents(of: marie.id, context: sophie).first { !$0.state.maskedFromProfessionals })
        let id = try #require(document.id)
        try store.setDocument(id, masked: true, of: marie.id, context: .patient(marie))
        #expect(try !store.documents(of: marie.id, context: sophie).contains { $0.id == id })
        #expect(try store.documents(of: marie.id, context: paul).contains { $0.id == id })
        #expect(try store.documents(of: marie.id, context: .patient(marie)).first { $0.id == id }?.state.maskedFromProfessionals == true)
        try store.setDocument(id, masked: false, of: marie.id, context: .patient(marie))
        #expect(try store.documents(of: marie.id, context: sophie).contains { $0.id == id })
        #expect(throws: StoreError.self) { try store.setDocument(EntryID(999_999), masked: true, of: marie.id, context: .patient(marie)) }
    }

    @Test("a patient's own file is stored whole and listed by type and size")
    func attachment() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let bytes = Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0xFF])
        let id = try store.add(Document(loinc: DocumentType.patientNote.rawValue, title: "Carte de groupe sanguin", author: .patient,
                                        date: CalendarDate(fixture.now), text: nil,
                                        attachment: Attachment(mediaType: "application/pdf", byteCount: bytes.count, data: bytes)),
                               to: marie.id, context: .patient(marie))
        let listed = try #require(try store.documents(of: marie.id, context: .patient(marie)).first { $0.id == id })
        #expect(listed.attachment == Attachment(mediaType: "application/pdf", byteCount: 7))
        #expect(listed.isPatientAuthored && listed.text == nil)
        let stored = try fixture.inspect { db in try Data.fetchOne(db, sql: "SELECT content FROM document WHERE id = ?", arguments: [id.rawValue]) }
        #expect(stored == bytes)
    }

    @Test("emergency data edited by the patient shows in the summary")
    func emergencyData() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let data = EmergencyData(organDonation: .refusesRegistered, advanceDirectives: "Pas d'acharnement thérapeutique.",
                                 contacts: [EmergencyContact(name: "Luc Dupont", relationship: "fils", phone: "06 12 34 56 78")])
        try store.setEmergencyData(data, of: marie.id, context: .patient(marie))
        let summary = try store.summary(of: marie.id, context: .patient(marie))
        #expect(summary.patient.organDonation == .refusesRegistered)
        #expect(summary.patient.advanceDirectives == "Pas d'acharnement thérapeutique.")
        #expect(summary.patient.contacts == data.contacts)
    }

    @Test("access history: newest first, names in words, filters, and what is new since the last sign-in")
    func history() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let marie = try fixture.credentials.patientLogin(ins: DemoAccounts.marieINS, password: DemoAccounts.mariePassword)
        fixture.advance(by: 60)
        _ = try store.allergies(of: marie.id, context: jean)
        _ = try? store.history(of: marie.id, context: claire)
        _ = try fixture.credentials.patientLogin(ins: DemoAccounts.marieINS, password: DemoAccounts.mariePassword)
        let all = try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(), before: nil, limit: 50, context: .patient(marie)).items
        #expect(all.map(\.event.seq) == all.map(\.event.seq).sorted(by: >))
        let newest = try #require(all.first)
        #expect(newest.actorName == "Claire PETIT (infirmier)" && newest.isRefused && newest.isNew)
        #expect(all.contains { $0.actorName == "Jean BERNARD (pharmacien)" && $0.event.section == "allergies" && $0.isNew })
        // Marie's own reads are not in her history.
        #expect(!all.contains { $0.event.actor == "patient:258037511223324" && $0.event.action == "read" })
        let refused = try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(kind: .refused), before: nil, limit: 50,
                                              context: .patient(marie)).items
        #expect(!refused.isEmpty && refused.allSatisfy(\.isRefused))
        let jeans = try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(actor: "rpps:10003456786", section: .allergies),
                                            before: nil, limit: 50, context: .patient(marie)).items
        #expect(jeans.count == 1)
        // Keyset pages join up without a gap or a repeat.
        let first = try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(), before: nil, limit: 2, context: .patient(marie))
        let second = try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(), before: first.next, limit: 2, context: .patient(marie))
        #expect((first.items + second.items).map(\.event.seq) == Array(all.prefix(4)).map(\.event.seq))
        #expect(try store.accessHistoryActors(of: marie.id, context: .patient(marie)).contains { $0.name == "Jean BERNARD (pharmacien)" })
        #expect(throws: AccessRefused.self) {
            try store.accessHistory(of: marie.id, filter: AccessHistoryFilter(), before: nil, limit: 5, context: jean)
        }
    }

    @Test("alerts: a first access and a blocked professional's attempt, until acknowledged")
    func alerts() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        try store.grant(.read, to: DemoAccounts.sophieLeroy.rpps, on: marie.id, context: .patient(marie))
        _ = try store.allergies(of: marie.id, context: sophie)
        _ = try store.vaccinations(of: marie.id, context: sophie)
        _ = try? store.allergies(of: marie.id, context: claire)
        let alerts = try store.alerts(of: marie.id, context: .patient(marie))
        #expect(alerts.filter { $0.kind == .firstAccess && $0.entry.event.actor == "rpps:10002345675" }.count == 1)
        #expect(alerts.contains { $0.kind == .blockedAttempt && $0.entry.actorName.hasPrefix("Claire PETIT") })
        let last = try #require(alerts.map(\.entry.event.seq).max())
        try store.acknowledgeAlerts(through: last, of: marie.id, context: .patient(marie))
        #expect(try store.alerts(of: marie.id, context: .patient(marie)).isEmpty)
        // A later access by someone already seen is no alert; a new blocked attempt is.
        _ = try store.history(of: marie.id, context: sophie)
        _ = try? store.history(of: marie.id, context: claire)
        #expect(try store.alerts(of: marie.id, context: .patient(marie)).map(\.kind) == [.blockedAttempt])
    }

    @Test("professionals are found by RPPS or by name, accents and case aside")
    func findProfessionals() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        #expect(try store.findProfessionals("10002345675", limit: 5).map(\.familyName) == ["LEROY"])
        #expect(try store.findProfessionals("sophie ler", limit: 5).map(\.rpps) == [DemoAccounts.sophieLeroy.rpps])
        #expect(try store.findProfessionals("helene perrin", limit: 5).first?.givenNames == "Hélène")
        #expect(try store.findProfessionals("   ", limit: 5).isEmpty)
    }

    @Test("a document hidden from the patient until a day is not listed before it, and appears on its own after")
    func releaseDate() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let today = CalendarDate(fixture.now)
        let release = CalendarDate(daysSinceEpoch: today.daysSinceEpoch + 2)
        let id = try store.add(Document(loinc: DocumentType.laboratoryReport.rawValue, title: "Résultat à annoncer en consultation",
                                        author: .patient, date: today, text: "…", state: DocumentState(hiddenFromPatientUntil: release)),
                               to: marie.id, context: .kiosk(DemoAccounts.paulMartin))
        #expect(try !store.documents(of: marie.id, context: .patient(marie)).contains { $0.id == id })
        #expect(try store.documents(of: marie.id, context: .kiosk(DemoAccounts.paulMartin)).contains { $0.id == id })
        fixture.advance(by: 3 * 86_400)
        #expect(try store.documents(of: marie.id, context: .patient(marie)).contains { $0.id == id })
    }
}

@Suite("Prescribing through the store")
struct PrescribingTests {
    @Test("amoxicilline for Marie is held for her Pénicilline allergy, then saved once confirmed; both audited")
    func allergyHold() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let store = fixture.store
        let paul = AccessContext.kiosk(DemoAccounts.paulMartin)
        let amoxicilline = Prescription(medicine: "Amoxicilline 1 g", atc: "J01CA04", dosage: "1 g matin et soir, 6 jours",
                                        start: CalendarDate(fixture.now), end: nil, prescriber: .patient, status: .active)
        let held = try store.prescribe(amoxicilline, for: marie.id, confirming: [], context: paul)
        guard case let .needsConfirmation(warnings) = held else { Issue.record("not held: \(held)"); return }
        #expect(warnings.map(\.code) == ["allergy:J01C"])
        #expect(try fixture.lastEvent().detail == "prescription held for confirmation: Amoxicilline 1 g; warnings: allergy:J01C")
        #expect(try !store.prescriptions(of: marie.id, context: paul).contains { $0.medicine == "Amoxicilline 1 g" })
        // The plain add path cannot go around the checks.
        #expect(throws: PrescriptionHeld.self) { try store.add(amoxicilline, to: marie.id, context: paul) }

        let saved = try store.prescribe(amoxicilline, for: marie.id, confirming: ["allergy:J01C"], context: paul)
        guard case .saved = saved else { Issue.record("not saved: \(saved)"); return }
        #expect(try fixture.lastEvent().detail == "add prescription: Amoxicilline 1 g; confirmed over warnings: allergy:J01C")
        let stored = try #require(try store.prescriptions(of: marie.id, context: paul).first { $0.medicine == "Amoxicilline 1 g" })
        // The author is the prescriber signed in, whatever the value said.
        #expect(stored.prescriber == .professional(DemoAccounts.paulMartin.rpps, name: "Dr Paul MARTIN"))
    }

    @Test("a professional without write access is refused before any check, and the refusal is audited")
    func refusedFirst() throws {
        let fixture = try StoreFixture()
        let marie = try fixture.marie()
        let jean = AccessContext.kiosk(DemoAccounts.jeanBernard)
        let prescription = Prescription(medicine: "Paracétamol 1 g", atc: "N02BE01", dosage: "1 g si douleur", start: CalendarDate(fixture.now),
                                        end: nil, prescriber: .patient, status: .active)
        #expect(throws: AccessRefused.self) { try fixture.store.prescribe(prescription, for: marie.id, confirming: [], context: jean) }
        let event = try fixture.lastEvent()
        #expect(event.outcome == .refused && event.detail == "add prescription: Paracétamol 1 g")
    }
}
