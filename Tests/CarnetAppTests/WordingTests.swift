@testable import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import Testing

/// The words themselves (issue 16, "Words"): a woman's profession in the feminine, "du Dr",
/// "la patiente", no "(e)", no audit code reaching a person, and English screens in English.
@Suite("Wording")
struct WordingTests {
    static let languages = [Strings(.french), Strings(.english)]
    static let claire = Professional(rpps: try! RPPS("10004567896"), familyName: "PETIT", givenNames: "Claire", profession: .nurse, sex: .female)
    static let jean = Professional(rpps: try! RPPS("10003456786"), familyName: "BERNARD", givenNames: "Jean", profession: .pharmacist, sex: .male)
    static let paul = Professional(rpps: try! RPPS("10001234565"), familyName: "MARTIN", givenNames: "Paul", profession: .generalPractitioner)
    static let helene = Professional(rpps: try! RPPS.completing("1000567890"), familyName: "PERRIN", givenNames: "Hélène",
                                     profession: .specialist, specialty: "Endocrinologie", sex: .female)
    static let at = Date(timeIntervalSince1970: 1_795_000_000)

    /// French words that must not be on an English screen.
    static let frenchWords = ["Entrée", "Échap", "médecin", "Groupe", "non renseigné", " : ", "(e)", "patiente", "infirmi", "pharmacien"]

    // MARK: Professions

    @Test("a woman's profession is in the feminine; unknown, it is named by its field, never with (e)")
    func feminineProfessions() {
        let french = Strings(.french)
        #expect(french.profession(Self.claire) == "infirmière")
        #expect(french.nameAndProfession(Self.claire) == "Claire PETIT (infirmière)")
        #expect(french.profession(.pharmacist, sex: .female) == "pharmacienne")
        #expect(french.profession(.physiotherapist, sex: .female) == "masseuse-kinésithérapeute")
        #expect(french.profession(.dentist, sex: .female) == "chirurgienne-dentiste")
        #expect(french.profession(.midwife, sex: .male) == "sage-femme")
        #expect(french.profession(.generalPractitioner, sex: .female) == "médecin généraliste")
        #expect(french.profession(Self.jean) == "pharmacien")
        // Not known: a word true of a woman as of a man.
        #expect(french.profession(.nurse, sex: nil) == "soins infirmiers")
        #expect(french.profession(.pharmacist, sex: .unknown) == "pharmacie")
        for profession in Profession.allCases {
            for sex in [Sex.female, .male, .other, .unknown, nil] {
                let words = french.profession(profession, sex: sex)
                #expect(!words.contains("(") && !words.contains("·"), "\(words)")
                if sex == .female { #expect(words != profession.frenchName || ["médecin", "sage-femme", "biologiste"].contains { words.hasPrefix($0) }, "\(words)") }
                #expect(Strings(.english).profession(profession, sex: sex) == profession.englishName)
            }
        }
        #expect(Strings(.english).nameAndProfession(Self.paul) == "Dr Paul MARTIN (general practitioner)")
        #expect(Strings(.english).profession(Self.claire) == "nurse")
    }

    // MARK: Names after a preposition

    @Test("de + le Dr is du Dr, à + le Dr is au Dr, de elides before a vowel")
    func titledNames() {
        let french = Strings(.french)
        #expect(french.of("Dr Hélène PERRIN") == "du Dr Hélène PERRIN")
        #expect(french.of("Jean BERNARD") == "de Jean BERNARD")
        #expect(french.of("Isabelle DUPONT") == "d'Isabelle DUPONT")
        #expect(french.to("Dr Paul MARTIN") == "au Dr Paul MARTIN")
        #expect(french.to("Jean BERNARD") == "à Jean BERNARD")
        #expect(french.subject("Dr Paul MARTIN") == "Le Dr Paul MARTIN")
        #expect(french.done(.revoke(Self.helene)) == "Accès du Dr Hélène PERRIN révoqué.")
        #expect(french.done(.grant(.read, Self.paul)) == "Accès accordé au Dr Paul MARTIN : lecture.")
        #expect(french.explain(.grant(.read, Self.paul)).text.hasPrefix("Le Dr Paul MARTIN (médecin généraliste) pourra consulter"))
        #expect(Strings(.english).done(.revoke(Self.helene)) == "Dr Hélène PERRIN's access revoked.")
        // French puts an article before "Dr", at the start of a sentence too.
        for request in Self.requests {
            let words = french.explain(request).text + " " + french.done(request)
            #expect(!words.contains("de Dr") && !words.contains("à Dr") && !words.contains(". Dr") && !words.hasPrefix("Dr"), "\(words)")
        }
    }

    // MARK: The patient

    @Test("sentences about the record's patient agree with her sex")
    func patientAgreement() {
        let french = Strings(.french)
        #expect(french.refusal(.blocked, patientSex: .female) == "la patiente a bloqué ce professionnel")
        #expect(french.refusal(.noGrant, patientSex: .male) == "le patient n'a pas autorisé ce professionnel")
        #expect(french.refusal(.consentRefused(.emergencyPhysician), patientSex: .female).hasPrefix("la patiente a refusé"))
        #expect(french.refusal(.patientOnly(.access), patientSex: .female) == "le volet Accès est réservé à la patiente")
        #expect(french.refusal(.documentMasked, patientSex: nil) == "le patient ou la patiente a masqué ce document aux professionnels")
        #expect(french.message(for: AccessRefused(.blocked), patientSex: .female) == "Accès refusé : la patiente a bloqué ce professionnel")
        #expect(french.breakGlassReason(BreakGlassReason.patientUnableToExpressWill.rawValue, patientSex: .female) == "patiente hors d'état d'exprimer sa volonté")
        #expect(french.breakGlassReason(BreakGlassReason.patientUnableToExpressWill.rawValue) == "personne hors d'état d'exprimer sa volonté")
        #expect(french.refusal(.professionNotAllowed(.pharmacist, .history)) == "les pharmaciens n'ont pas accès au volet Antécédents")
        #expect(Strings(.english).refusal(.professionNotAllowed(.pharmacist, .history)) == "pharmacists may not use the History pane")
        var marie = Patient(id: PatientID(1), ins: nil, familyName: "DUPONT", givenNames: "Marie",
                            birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female)
        marie.isDeceased = true
        #expect(french.lifespan(marie, today: CalendarDate(year: 2026, month: 11, day: 21)!) == "décédée")
        // An entry the patient wrote: "Vous" to her, "La patiente" to a professional, never "patient".
        #expect(french.author(.patient, readByPatient: true, patientSex: .female) == "Vous")
        #expect(french.author(.patient, readByPatient: false, patientSex: .female) == "La patiente")
    }

    // MARK: Allergies

    @Test("an allergy warning names the substance as written, without an article to guess")
    func allergyWarning() {
        let warning = SafetyWarning(kind: .allergy, code: "allergy:J01C", conflictsWith: "Pénicilline", detail: "urticaire")
        #expect(Strings(.french).warning(warning) == "ALLERGIE : Pénicilline (réaction : urticaire)")
        #expect(Strings(.english).warning(warning) == "ALLERGY: Pénicilline (reaction: urticaire)")
        #expect(Strings(.french).warning(warning).lowercased().contains("allergie : pénicilline"))
        #expect(!Strings(.french).warning(warning).contains("allergique"))
        let bare = SafetyWarning(kind: .allergy, code: "allergy:J01C", conflictsWith: "Pénicilline")
        #expect(Strings(.french).warning(bare) == "ALLERGIE : Pénicilline")
    }

    // MARK: No "(e)"

    @Test("no French or English output says (e)")
    func noParentheticalE() {
        for strings in Self.languages {
            for line in Self.everything(strings) {
                #expect(!line.contains("(e)") && !line.contains("é(e)") && !line.contains("(s)"), "\(line)")
            }
        }
    }

    // MARK: The access history

    @Test("every known audit action and detail reads in words, never as its code", arguments: WordingTests.events)
    func historyInWords(_ event: AuditEvent) throws {
        let code = try Regex("[a-z-]+:[a-z0-9-]+")
        let readers: [HistoryReader] = [.owner, .patient(Patient(id: PatientID(1), ins: nil, familyName: "DUPONT", givenNames: "Marie",
                                                                   birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female),
                                                          knowing: [Self.jean]), .professional(patientSex: .male)]
        // The store names a professional it knows "Name (profession)", the others by their actor.
        let actorName = event.actor == "rpps:10004567896" ? "Claire PETIT (infirmier)" : event.actor
        let entry = AccessHistoryEntry(event: event, actorName: actorName, isNew: true)
        for strings in Self.languages {
            for reader in readers {
                let row = strings.historyRow(entry, reader: reader), detail = strings.historyDetail(entry, reader: reader)
                let kind: AccessAlert.Kind = event.action == "break-glass-start" ? .breakGlass : event.outcome == .refused ? .blockedAttempt : .firstAccess
                for text in [row, detail, strings.alertLine(AccessAlert(kind: kind, entry: entry), reader: reader)] {
                    #expect(text.firstMatch(of: code) == nil, "\(text)")
                    for raw in ["rpps:", "operator:", "patient:", "audit-read", "consent-refused", "not-stopped", "verdict", "through:", "root"] {
                        #expect(!text.contains(raw), "\(raw) in \(text)")
                    }
                    if strings.language == .english { Self.expectEnglish(text) }
                }
                // A refusal reads as one: never "Accordé", always "REFUSÉ" / "Refusé".
                if event.outcome == .refused {
                    #expect(row.contains(strings.t("REFUSÉ", "REFUSED")), "\(row)")
                    #expect(detail.contains(strings.t("Refusé : ", "Refused: ")) && !detail.contains(strings.t("Accordé", "Allowed")), "\(detail)")
                }
            }
        }
    }

    @Test("every word a break-glass stop keeps reads in words, in the history as for the operator")
    func stopReasons() {
        // What the doors (`DoorApp`, `SessionEnd`) and the store (`closedAtNextSignIn`) write.
        let written = ["logout", "expired", "idle", "ended-by-store", "not-stopped: closed at next sign-in"]
            + SessionEnd.allCases.filter { $0 != .quit }.map(\.rawValue)
        for strings in Self.languages {
            for why in written {
                let words = strings.stopReason(why)
                #expect(words != nil && words != why, "\(why)")
                let stop = AccessHistoryEntry(event: Self.event("break-glass-stop", "start:12 \(why)", reason: "vital-emergency"),
                                              actorName: "Dr Sophie LEROY", isNew: false)
                let line = strings.field(strings.t("Fin de l'accès en urgence n° 12", "End of emergency access no. 12"), words ?? "")
                #expect(strings.historyDetail(stop).contains(line), "\(strings.historyDetail(stop))")
            }
        }
    }

    @Test("a refused break-glass reads as refused in the history, its details and the alert at sign-in")
    func refusedConsent() {
        let event = AuditEvent(seq: 12, at: Self.at, actor: "rpps:10002345675", patient: "171026912345697", action: "break-glass-start", section: nil,
                               purpose: "emergency", outcome: .refused, reason: "consent-refused:emergency-physician",
                               detail: "window=14400; Patient inconscient aux urgences.", hash: "h")
        let entry = AccessHistoryEntry(event: event, actorName: "Dr Sophie LEROY (médecin urgentiste)", isNew: true)
        let french = Strings(.french)
        #expect(french.historyRow(entry).contains("✗ BRIS DE GLACE REFUSÉ  Dr Sophie LEROY (médecin urgentiste) — vous avez refusé à l'avance"))
        #expect(french.historyDetail(entry).contains("Refusé : vous avez refusé à l'avance l'accès en urgence par les médecins urgentistes"))
        #expect(!french.historyDetail(entry).contains("Accordé") && !french.historyDetail(entry).contains("Durée"))
        let alert = french.alertLine(AccessAlert(kind: .breakGlass, entry: entry))
        #expect(alert.hasPrefix("✗ Accès en urgence REFUSÉ") && !alert.contains("consent-refused"), "\(alert)")
        let english = Strings(.english).alertLine(AccessAlert(kind: .breakGlass, entry: entry))
        #expect(english.contains("Emergency access REFUSED") && english.contains("(emergency physician)"), "\(english)")
        // Read by her treating doctor: her refusal, not "yours".
        #expect(french.historyRow(entry, reader: .professional(patientSex: .female)).contains("la patiente a refusé l'accès en urgence"))
    }

    @Test("the operator and the professionals named in a change read as people")
    func actorsAndTargets() {
        func event(_ actor: String, _ action: String, _ detail: String?) -> AccessHistoryEntry {
            AccessHistoryEntry(event: AuditEvent(seq: 3, at: Self.at, actor: actor, patient: "258037511223324", action: action, section: nil,
                                                 purpose: "self", outcome: .allowed, reason: nil, detail: detail, hash: "h"),
                               actorName: actor, isNew: false)
        }
        let french = Strings(.french)
        #expect(french.historyRow(event("operator:root", "audit-read", "FHIR export: 3 events")).contains("Un opérateur Carnet — consultation du journal d'audit"))
        let unblock = event("patient:258037511223324", "write", "unblock rpps:10003456786")
        #expect(french.historyRow(unblock).contains("Vous — accès débloqué : le professionnel RPPS 10003456786"))
        #expect(french.historyRow(unblock, reader: .patient(Patient(id: PatientID(1), ins: nil, familyName: "D", givenNames: "M",
                                                                     birthDate: CalendarDate(year: 1958, month: 3, day: 12)!, sex: .female),
                                                             knowing: [Self.jean])).contains("Vous — accès débloqué : Jean BERNARD (RPPS 10003456786)"))
        #expect(Strings(.english).historyRow(unblock).contains("You — access unblocked: the professional with RPPS 10003456786"))
        // A refused change is an attempt, not a change made.
        let refused = AccessHistoryEntry(event: AuditEvent(seq: 5, at: Self.at, actor: "rpps:10004567896", patient: "258037511223324", action: "write",
                                                           section: "allergies", purpose: "care", outcome: .refused, reason: "read-only-grant",
                                                           detail: "add allergy: Latex", hash: "h"), actorName: "Claire PETIT (infirmier)", isNew: false)
        #expect(french.historyRow(refused).contains("✗ REFUSÉ  Claire PETIT (soins infirmiers) — modification · Allergies — vous n'avez autorisé que la lecture"))
        #expect(french.historyDetail(refused).contains("Tentative — Ajout d'une allergie : Latex"))
        // The store's French profession is said in the screen's words.
        let claire = AccessHistoryEntry(event: AuditEvent(seq: 4, at: Self.at, actor: "rpps:10004567896", patient: "258037511223324", action: "read",
                                                          section: "allergies", purpose: "care", outcome: .allowed, reason: nil, detail: nil, hash: "h"),
                                        actorName: "Claire PETIT (infirmier)", isNew: false)
        #expect(french.historyRow(claire).contains("Claire PETIT (soins infirmiers) — consultation · Allergies"))
        #expect(Strings(.english).historyRow(claire).contains("Claire PETIT (nurse) — read · Allergies"))
    }

    // MARK: English

    @Test("English screens say it in English")
    func english() {
        let english = Strings(.english)
        for line in Self.everything(english) { Self.expectEnglish(line) }
        #expect(english.field(english.bloodGroupLabel, "A+") == "Blood group: A+")
        #expect(Strings(.french).field(Strings(.french).bloodGroupLabel, "A+") == "Groupe sanguin : A+")
    }

    @Test("the Synthèse gives the directives and each contact a row of their own, phone included")
    func summaryRows() throws {
        let (folder, database) = try temporaryDemo("carnet-words")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = RecordStore(database: database, policy: try .standard(), clock: { Self.at })
        let listing = try #require(try Directory(database: database).patient(ins: DemoAccounts.marieINS))
        let marie = Patient(id: listing.id, ins: listing.ins, familyName: listing.familyName, givenNames: listing.givenNames,
                            birthDate: listing.birthDate, sex: listing.sex)
        let french = PaneContent.load(.summary, of: marie.id, access: store, context: .patient(marie), strings: Strings(.french))
        #expect(french.rows.contains("Groupe sanguin : A+"))
        #expect(french.rows.contains("Directives anticipées : Je ne souhaite pas d'acharnement thérapeutique. Personne de confiance : Pierre DUPONT, mon époux."))
        #expect(french.rows.contains("Personnes à prévenir :"))
        #expect(french.rows.contains("  Pierre DUPONT (époux) — 06 12 34 56 78"))
        #expect(french.rows.contains("  Isabelle DUPONT (fille) — 06 98 76 54 32"))
        #expect(french.rows.count == french.details.count)
        let english = PaneContent.load(.summary, of: marie.id, access: store, context: .patient(marie), strings: Strings(.english))
        #expect(english.rows.contains("Blood group: A+"))
        for row in english.rows where !row.contains("DUPONT") && !row.contains("acharnement") { Self.expectEnglish(row) }
        let data = EmergencyData(organDonation: .consents, advanceDirectives: "Pas d'acharnement thérapeutique.",
                                 contacts: [EmergencyContact(name: "Isabelle DUPONT", relationship: "fille", phone: "06 12 34 56 78")])
        #expect(Strings(.french).explain(.setEmergencyData(data)).text
                == "Don d'organes : favorable. Directives anticipées : Pas d'acharnement thérapeutique.\nPersonnes à prévenir :\n  Isabelle DUPONT (fille) — 06 12 34 56 78")
        // The phone stays when the relationship is not given.
        #expect(Strings(.french).contact(EmergencyContact(name: "Anne MOREAU", relationship: "", phone: "06 45 67 89 01")) == "Anne MOREAU — 06 45 67 89 01")
    }

    // MARK: Fixtures

    static func expectEnglish(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in frenchWords { #expect(!text.contains(word), "“\(word)” in \(text)", sourceLocation: sourceLocation) }
    }

    static let requests: [ControlRequest] = {
        let document = Document(loinc: "11506-3", title: "Compte rendu", author: .professional(paul.rpps, name: paul.displayName),
                                date: CalendarDate(year: 2026, month: 1, day: 2)!, text: "x")
        return [.grant(.read, paul), .grant(.readWrite, claire), .revoke(helene), .revoke(jean), .block(claire), .unblock(helene),
                .setTreatingDoctor(paul), .setConsent(.emergencyPhysician, allowed: false), .setConsent(.samuRegulator, allowed: true),
                .mask(document, true), .mask(document, false), .addDocument(path: "/tmp/x.pdf", title: "Ordonnance", type: .patientNote),
                .setEmergencyData(EmergencyData(organDonation: .consents, advanceDirectives: nil,
                                                contacts: [EmergencyContact(name: "Anne MOREAU", relationship: "", phone: "06 45 67 89 01")])),
                .closeRecord]
    }()

    static let reasons: [RefusalReason] = RefusalWordsTests.reasons

    static func event(_ action: String, _ detail: String?, outcome: AuditOutcome = .allowed, reason: String? = nil,
                      actor: String = "rpps:10004567896", section: String? = nil) -> AuditEvent {
        AuditEvent(seq: 42, at: at, actor: actor, patient: "258037511223324", action: action, section: section, purpose: "care",
                   outcome: outcome, reason: reason, detail: detail, hash: "h")
    }

    /// An event for every action the store writes, with each kind of detail it gives, and
    /// refusals of every reason: what a patient's history or an inbox may show.
    static let events: [AuditEvent] = {
        let me = "patient:258037511223324", op = "operator:root"
        var events = [
            event("read", nil, section: "allergies"), event("read", "statements", section: "history"), event("read", "access history", actor: me),
            event("read", "access history actors"), event("read", "alerts"), event("open", nil),
            event("login", nil), event("login", "account locked", outcome: .refused, reason: "wrong-password", actor: me),
            event("login", "card blocked after 3 wrong PINs at /dev/pts/1", outcome: .refused, reason: "wrong-pin"),
            event("login", "at /dev/pts/1", outcome: .refused, reason: "too-soon"),
            event("write", "add condition: Diabète", section: "history"), event("write", "add family-history: Diabète"),
            event("write", "add allergy: Pénicilline", section: "allergies"), event("write", "add vaccination: DTP"),
            event("write", "add prescription: Amoxicilline; confirmed over warnings: allergy:J01C, interaction:B01AA+M01A"),
            event("write", "prescription held for confirmation: Amoxicilline; warnings: allergy:J01C, duplicate:J01CA04"),
            event("write", "add document: Compte rendu"),
            event("write", "grant read to rpps:10003456786", actor: me), event("write", "grant read-write to rpps:10003456786", actor: me),
            event("write", "revoke rpps:10003456786", actor: me), event("write", "block rpps:10003456786", actor: me),
            event("write", "unblock rpps:10003456786", actor: me), event("write", "treating doctor rpps:10001234565", actor: me),
            event("write", "no treating doctor", actor: me), event("write", "break-glass consent emergency-physician: refused", actor: me),
            event("write", "break-glass consent samu-regulator: allowed", actor: me), event("write", "mask document 3", actor: me),
            event("write", "unmask document 3", actor: me), event("write", "emergency data: organ donation consents, 2 contacts", actor: me),
            event("write", "close record", actor: me), event("write", "reopen record", actor: op),
            event("write", "patient registered with a password", actor: op), event("write", "professional registered: rpps:10003456786", actor: op),
            event("write", "add allergy: Latex; break-glass 12: past its recorded window of 3600 s", outcome: .refused, reason: "break-glass-expired"),
            event("write", "break-glass 12: its start records no window", outcome: .refused, reason: "break-glass-expired"),
            event("acknowledge", "through:42", actor: me),
            event("import", "import /tmp/marie.json: 12 entries", actor: op),
            event("import", "import marie.json: 30 resources imported, 2 unchanged", actor: op),
            event("unblock", "rpps:10003456786", actor: op), event("demo", "demo database: 100 patients, seed 7", actor: op),
            event("audit-read", "head", actor: op), event("audit-read", "log --json: 3 events", actor: op),
            event("audit-read", "FHIR export: 5 events", actor: op), event("audit-read", "break-glass review list: 2", actor: op),
            event("audit-read", "treating-doctor inbox: 4 events"), event("audit-read", "synthetic event 3", actor: op),
            event("audit-verify", "12 events intact", actor: op), event("audit-verify", "broken at 5", outcome: .refused, actor: op),
            event("search", "search dupont: 3 results"), event("search", "search dupont: 1 result"),
            event("search", "search dupont: not shown", outcome: .refused, reason: "blocked-by-patient"),
            event("break-glass-start", "window=14400; Patient inconscient aux urgences.", reason: "vital-emergency"),
            event("break-glass-start", "window=14400; Patient inconscient aux urgences.", outcome: .refused, reason: "consent-refused:emergency-physician"),
            event("break-glass-start", "window=14400; x", outcome: .refused, reason: "clock-behind-trail"),
            event("break-glass-start", "window=14400; x", outcome: .refused, reason: "profession-cannot-break-glass:nurse"),
            event("break-glass-full-record", "start:12", reason: "vital-emergency"),
            event("break-glass-stop", "start:12 logout", reason: "vital-emergency"),
            event("break-glass-stop", "start:12 not-stopped: closed at next sign-in", reason: "unable-to-express-will"),
            event("break-glass-stop", "start:12 terminal-lost", reason: "samu-regulation-call"),
            event("break-glass-review", "start:12 verdict:justified; Conforme.", reason: "vital-emergency", actor: op),
            event("break-glass-review", "start:12 verdict:not-justified", reason: "vital-emergency", actor: op),
            event("read", nil, outcome: .refused, reason: "unknown-patient"),
            // From a newer Carnet: neither the action nor its detail nor its reason is shown raw.
            event("frobnicate", "x:y-z", outcome: .refused, reason: "some-new:code"),
            event("read", "mystery:detail"), event("read", nil, actor: "robot:r2"),
        ]
        events += reasons.map { event("read", nil, outcome: .refused, reason: $0.code, section: "history") }
        return events
    }()

    /// Every output of the words this issue touched, for checks over all of them.
    static func everything(_ s: Strings) -> [String] {
        var lines: [String] = []
        for request in requests { lines += [s.explain(request).title, s.explain(request).text, s.done(request)] }
        for reason in reasons {
            for sex in [Sex.female, .male, .other, .unknown, nil] {
                lines += [s.refusal(reason, patientSex: sex), s.message(for: AccessRefused(reason), patientSex: sex)]
            }
            lines.append(s.breakGlassRefusal(reason, patient: "Luc MOREAU"))
        }
        for profession in Profession.allCases {
            for sex in [Sex.female, .male, .other, .unknown, nil] { lines.append(s.profession(profession, sex: sex)) }
        }
        for reason in BreakGlassReason.allCases { lines += [s.breakGlassReason(reason.rawValue), s.breakGlassReason(reason.rawValue, patientSex: .male)] }
        for stance in OrganDonationStance.allCases { lines.append(s.organStance(stance)) }
        for section in RecordSection.allCases { lines += [s.pane(section), s.noneKnown(section)] }
        let warnings = [SafetyWarning(kind: .allergy, code: "allergy:J01C", conflictsWith: "Pénicilline", detail: "urticaria"),
                        SafetyWarning(kind: .interaction, code: "interaction:a+b", conflictsWith: "Warfarin", detail: "bleeding"),
                        SafetyWarning(kind: .duplicate, code: "duplicate:J01CA04", conflictsWith: "Amoxicillin",
                                      since: CalendarDate(year: 2026, month: 1, day: 2)),
                        SafetyWarning(kind: .repeatedLabTest, code: "repeated-lab-test:x", conflictsWith: "HbA1c", detail: "90",
                                      since: CalendarDate(year: 2026, month: 1, day: 2)),
                        SafetyWarning(kind: .unrecognised, code: "unrecognised-medicine", conflictsWith: "Zz")]
        lines += warnings.map(s.warning)
        for sex in Sex.allCases {
            var patient = Patient(id: PatientID(1), ins: nil, familyName: "X", givenNames: "Y", birthDate: CalendarDate(year: 1950, month: 1, day: 1)!, sex: sex)
            patient.isDeceased = true
            lines += [s.lifespan(patient, today: CalendarDate(year: 2026, month: 1, day: 1)!), s.thePatient(sex),
                      s.author(.patient, readByPatient: false, patientSex: sex)]
        }
        lines += [s.bloodGroup, s.field(s.bloodGroupLabel, "A+"), s.loginHelp, s.accessPaneDetail,
                  s.contact(EmergencyContact(name: "Anne MOREAU", relationship: "", phone: "06"))]
        for event in events {
            let entry = AccessHistoryEntry(event: event, actorName: event.actor, isNew: true)
            lines += [s.historyRow(entry), s.historyDetail(entry), s.alertLine(AccessAlert(kind: .breakGlass, entry: entry))]
        }
        return lines
    }
}

