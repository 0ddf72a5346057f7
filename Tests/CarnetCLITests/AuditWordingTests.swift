import CarnetApp
import CarnetModel
import CarnetStore
import Foundation
import Testing
@testable import carnet

/// How the operator's audit commands word the trail: every code the store writes read
/// back in French and in English, times in the reader's zone. No process: the words
/// themselves, against a demo database for the names.
@Suite("carnet audit: the trail in words")
struct AuditWordingTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let utc = TimeZone(identifier: "UTC")!

    @Test("TZ as the C library reads it; Europe/Paris when unset, empty or unknown", arguments: [
        ("", "Europe/Paris"), ("Europe/Paris", "Europe/Paris"), (":Europe/Paris", "Europe/Paris"), ("UTC", "UTC"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"), ("CET-1CEST,M3.5.0,M10.5.0/3", "Europe/Paris"),
    ])
    func timeZone(_ tz: String, _ zone: String) {
        // Foundation may name UTC "GMT": compared as Foundation names the expected zone.
        #expect(AuditWording.timeZone(environment: ["TZ": tz]).identifier == TimeZone(identifier: zone)?.identifier)
    }

    @Test("times as French and English readers write them, in winter, in summer and across midnight")
    func times() {
        let winter = Date(timeIntervalSince1970: 1_795_266_300)  // 2026-11-21 13:05 UTC
        let summer = Date(timeIntervalSince1970: 1_784_725_200)  // 2026-07-22 13:00 UTC
        let newYear = Date(timeIntervalSince1970: 1_798_759_800)  // 2026-12-31 23:30 UTC
        #expect(AuditWording.timeZone(environment: [:]).identifier == "Europe/Paris")
        let french = AuditWording(language: .french, timeZone: Self.paris)
        let english = AuditWording(language: .english, timeZone: Self.paris)
        #expect(french.time(winter) == "21/11/2026 14:05")
        #expect(english.time(winter) == "2026-11-21 14:05")
        #expect(french.time(summer) == "22/07/2026 15:00")
        #expect(french.time(newYear) == "01/01/2027 00:30")
        #expect(AuditWording(language: .french, timeZone: Self.utc).time(newYear) == "31/12/2026 23:30")
        #expect(AuditWording(language: .english, timeZone: TimeZone(identifier: "America/New_York")!).time(winter) == "2026-11-21 08:05")
    }

    /// An event as the store writes it.
    static func event(_ action: AuditAction, actor: String = "operator:root", patient: String? = nil, section: RecordSection? = nil,
                      outcome: AuditOutcome = .allowed, reason: String? = nil, detail: String?) -> AuditEvent {
        AuditEvent(seq: 7, at: Date(timeIntervalSince1970: 1_795_266_300), actor: actor, patient: patient, action: action.rawValue,
                   section: section?.rawValue, purpose: "care", outcome: outcome, reason: reason, detail: detail, hash: "")
    }

    static let marie = DemoAccounts.marieINS.digits
    static let sophie = "rpps:10002345675"

    /// Each detail, reason and actor the store or the operator commands write, with what
    /// the French and the English line must say (the whole line: who, whom, what, outcome, detail).
    static let cases: [(AuditEvent, String, String)] = [
        (event(.login, actor: sophie, outcome: .refused, reason: "wrong-pin", detail: "at /dev/pts/3 on kiosque-urgences from 10.0.4.21"),
         "refusé : code PIN incorrect\tau terminal /dev/pts/3 sur kiosque-urgences depuis 10.0.4.21",
         "refused: wrong PIN\tat /dev/pts/3 on kiosque-urgences from 10.0.4.21"),
        (event(.login, actor: "patient:\(marie)", patient: marie, outcome: .refused, reason: "wrong-password", detail: "account locked"),
         "Marie DUPONT (INS 258037511223324)\tMarie DUPONT (INS 258037511223324)\tconnexion\trefusé : mot de passe incorrect\tcompte verrouillé après trop d'essais",
         "Marie DUPONT (INS 258037511223324)\tMarie DUPONT (INS 258037511223324)\tsign-in\trefused: wrong password\taccount locked after too many attempts"),
        (event(.breakGlassStart, actor: sophie, patient: marie, reason: "vital-emergency", detail: "window=3600; Patiente inconsciente aux urgences"),
         "Dr Sophie LEROY, médecin urgentiste (RPPS 10002345675)\tMarie DUPONT (INS 258037511223324)\taccès en urgence (bris de glace)\tautorisé, motif : urgence vitale\tdurée autorisée : 1 h ; justification : « Patiente inconsciente aux urgences »",
         "Dr Sophie LEROY, emergency physician (RPPS 10002345675)\tMarie DUPONT (INS 258037511223324)\temergency access (break-glass)\tallowed, reason: vital emergency\twindow: 1 h; justification: “Patiente inconsciente aux urgences”"),
        (event(.read, actor: sophie, patient: marie, section: .history, outcome: .refused, reason: "break-glass-summary-only", detail: nil),
         "consultation · Antécédents\trefusé : le bris de glace montre la synthèse d'urgence tant que le dossier complet n'est pas confirmé",
         "read · History\trefused: break-glass access shows the emergency summary until the full record is confirmed"),
        (event(.read, actor: sophie, patient: marie, section: .allergies, outcome: .refused, reason: "break-glass-expired",
               detail: "statements; break-glass 12: past its recorded window of 5400 s"),
         "ce que les sources ont déclaré ; accès en urgence n° 12 : au-delà de sa durée enregistrée (1 h 30 min)",
         "what the sources stated; emergency access no. 12: past its recorded window (1 h 30 min)"),
        (event(.breakGlassStart, actor: sophie, patient: DemoAccounts.lucINS.digits, outcome: .refused, reason: "consent-refused:samu-regulator", detail: nil),
         "refusé : le patient a refusé l'accès en urgence (bris de glace) par les médecins régulateurs du SAMU",
         "refused: the patient refused break-glass access by SAMU regulating physicians"),
        (event(.breakGlassStart, actor: sophie, patient: marie, outcome: .refused, reason: "blocked-by-patient", detail: nil),
         "refusé : la patiente a bloqué ce professionnel", "refused: the patient has blocked this professional"),
        (event(.read, actor: "rpps:10003456786", patient: marie, section: .history, outcome: .refused, reason: "profession-not-allowed:pharmacien:history", detail: nil),
         "Jean BERNARD, pharmacie (RPPS 10003456786)\tMarie DUPONT (INS 258037511223324)\tconsultation · Antécédents\trefusé : les pharmaciens n'ont pas accès au volet Antécédents",
         "Jean BERNARD, pharmacist (RPPS 10003456786)\tMarie DUPONT (INS 258037511223324)\tread · History\trefused: pharmacists may not use the History pane"),
        (event(.breakGlassStop, actor: sophie, patient: marie, reason: "vital-emergency", detail: "start:12 not-stopped: closed at next sign-in"),
         "fin de l'accès en urgence n° 12 : jamais arrêté : clos à la connexion suivante du professionnel",
         "end of emergency access no. 12: never stopped: closed at the professional's next sign-in"),
        (event(.breakGlassFullRecord, actor: sophie, patient: marie, reason: "vital-emergency", detail: "start:12"),
         "accès en urgence : dossier complet ouvert\tautorisé, motif : urgence vitale\tsuite de l'accès en urgence n° 12",
         "emergency access: full record opened\tallowed, reason: vital emergency\tfollowing emergency access no. 12"),
        (event(.breakGlassReview, patient: marie, reason: "samu-regulation-call", detail: "start:12 verdict:justified"),
         "opérateur root\tMarie DUPONT (INS 258037511223324)\tavis sur un accès en urgence\tautorisé, motif : appel de régulation SAMU\taccès en urgence n° 12 : justifié",
         "operator root\tMarie DUPONT (INS 258037511223324)\treview of an emergency access\tallowed, reason: SAMU regulation call\temergency access no. 12: justified"),
        (event(.write, actor: "patient:\(marie)", patient: marie, section: .access, detail: "grant read-write to rpps:10001234565"),
         "modification · Accès\tautorisé\taccès accordé (lecture + écriture) : Dr Paul MARTIN, médecin généraliste (RPPS 10001234565)",
         "change · Access\tallowed\taccess granted (read + write): Dr Paul MARTIN, general practitioner (RPPS 10001234565)"),
        (event(.write, patient: marie, section: .access, detail: "revoke rpps:10001234565"),
         "accès révoqué : Dr Paul MARTIN, médecin généraliste (RPPS 10001234565)", "access revoked: Dr Paul MARTIN, general practitioner (RPPS 10001234565)"),
        (event(.write, patient: marie, section: .access, detail: "unblock rpps:10004567896"),
         "accès débloqué : Claire PETIT, soins infirmiers (RPPS 10004567896)", "access unblocked: Claire PETIT, nurse (RPPS 10004567896)"),
        (event(.write, patient: marie, section: .access, detail: "treating doctor rpps:10001234565"),
         "médecin traitant choisi : Dr Paul MARTIN", "treating doctor chosen: Dr Paul MARTIN"),
        (event(.write, patient: marie, section: .access, detail: "break-glass consent emergency-physician: refused"),
         "accès en urgence par les médecins urgentistes : refusé", "emergency access by emergency physicians: refused"),
        (event(.write, patient: marie, section: .access, detail: "emergency data: organ donation refuses-registered, 1 contacts"),
         "données d'urgence modifiées — don d'organes : refus inscrit au registre, 1 personne à prévenir",
         "emergency data changed — organ donation: refusal registered, 1 person to contact"),
        (event(.write, patient: marie, section: .documents, detail: "unmask document 31"),
         "document n° 31 de nouveau visible des professionnels", "document no. 31 visible to professionals again"),
        (event(.write, actor: "rpps:10001234565", patient: marie, section: .prescriptions,
               detail: "prescription held for confirmation: Amoxicilline 1 g; warnings: allergy:J01C, repeated-lab-test:1610, unrecognised-medicine"),
         "prescription en attente de confirmation : Amoxicilline 1 g ; avertissements : allergie (J01C), analyse répétée (1610), médicament non reconnu",
         "prescription held for confirmation: Amoxicilline 1 g; warnings: allergy (J01C), repeated test (1610), medicine not recognised"),
        (event(.write, patient: marie, section: .history, detail: "add family-history: Diabète (père)"),
         "ajout d'un antécédent familial : Diabète (père)", "family history added: Diabète (père)"),
        (event(.acknowledge, actor: "patient:\(marie)", patient: marie, section: .access, detail: "through:40"),
         "alertes lues jusqu'à l'événement n° 40", "alerts read up to event no. 40"),
        (event(.search, actor: sophie, detail: "search dupont marie: 1 result"),
         "« dupont marie » : 1 résultat", "“dupont marie”: 1 result"),
        (event(.search, actor: "rpps:10004567896", patient: marie, outcome: .refused, reason: "blocked-by-patient", detail: "search dupont: not shown"),
         "refusé : la patiente a bloqué ce professionnel\t« dupont » : dossier non montré (professionnel bloqué)",
         "refused: the patient has blocked this professional\t“dupont”: record not shown (blocked professional)"),
        (event(.unblock, detail: "rpps:10002345675"),
         "déblocage d'une carte de professionnel\tautorisé\tcarte débloquée : Dr Sophie LEROY", "professional card unblocked\tallowed\tcard unblocked: Dr Sophie LEROY"),
        (event(.import, detail: "import record.json: 12 entries"), "depuis « record.json » : 12 éléments", "from “record.json”: 12 entries"),
        (event(.write, patient: "carnet:12", detail: "patient registered"), "patient n° 12 sans INS\tmodification\tautorisé\tdossier créé dans Carnet",
         "patient no. 12 without INS\tchange\tallowed\trecord created in Carnet"),
        (event(.write, detail: "professional registered: rpps:10002345675"), "professionnel inscrit : Dr Sophie LEROY",
         "professional registered: Dr Sophie LEROY"),
        (event(.login, actor: "rpps:19999999998", outcome: .refused, reason: "unknown-identifier", detail: nil),
         "RPPS 19999999998 (inconnu de Carnet)\t-\tconnexion\trefusé : identifiant inconnu de Carnet",
         "RPPS 19999999998 (not in Carnet)\t-\tsign-in\trefused: identifier unknown to Carnet"),
        (event(.auditVerify, outcome: .refused, detail: "broken at event 4: it carries no MAC; state: 1 unexplained row"),
         "chaîne rompue à l'événement n° 4 (carnet audit verify en dit la raison) ; état : 1 ligne inexpliquée",
         "chain broken at event 4: it carries no MAC; state: 1 unexplained row"),
        (event(.auditRead, patient: marie, detail: "log --json: 2 events"), "journal listé : 2 événements (JSON)", "trail listed: 2 events (JSON)"),
        (event(.auditRead, detail: "FHIR export: 1 events"), "export FHIR : 1 événement", "FHIR export: 1 event"),
        (event(.read, actor: sophie, patient: marie, section: .summary, outcome: .refused, reason: "a-code-of-tomorrow:x", detail: nil),
         "refusé : règle inconnue de cette version de Carnet", "refused: a rule this version of Carnet does not know"),
    ]

    @Test("every code the trail holds is said in words, people named, in French and in English")
    func lines() throws {
        let fixture = try CLIFixture()
        let database = try CarnetDatabase.open(path: fixture.path)
        defer { try? database.close() }
        for language in Strings.Language.allCases {
            let wording = AuditWording(language: language, timeZone: Self.paris)
            let words = AuditEventWords(wording: wording, names: AuditNames(database: database, wording: wording))
            for (event, french, english) in Self.cases {
                let line = AuditEventFormat.line(event, words: words)
                #expect(line.hasPrefix("7\t" + (language == .french ? "21/11/2026 14:05\t" : "2026-11-21 14:05\t")))
                #expect(line.contains(language == .french ? french : english), "\(line)")
                #expect(AuditCommandTests.internalCodes(in: line) == [], "\(line)")
            }
        }
    }

    @Test("the verdict command is ready to copy: the database named when it was, quoted for a shell")
    func howToJudge() throws {
        let english = AuditWording(language: .english, timeZone: Self.paris)
        let bare = try AuditCommand.Review.parse(["--db", "/srv/carnet/carnet.sqlite"])
        #expect(AuditCommand.Review.howToJudge("42", database: bare.database, wording: english)
            == "to record a verdict: carnet audit review --db /srv/carnet/carnet.sqlite --start 42 --verdict justified|not-justified [--comment TEXT]")
        let spaced = try AuditCommand.Review.parse(["--db", "/srv/mes dossiers/l'hôpital.sqlite"])
        #expect(AuditCommand.Review.howToJudge(nil, database: spaced.database, wording: AuditWording(language: .french, timeZone: Self.paris))
            == "pour rendre un avis : carnet audit review --db '/srv/mes dossiers/l'\\''hôpital.sqlite' --start N --verdict justified|not-justified [--comment TEXTE] (N : le numéro de l'accès ci-dessus)")
        let none = try AuditCommand.Review.parse([])
        #expect(AuditCommand.Review.howToJudge("7", database: none.database, wording: english).hasPrefix("to record a verdict: carnet audit review --start 7 "))
    }
}
