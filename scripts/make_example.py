"""Write the bundled example: a fictitious programme, "Omstillingsprogrammet for Fjellvik".

Fjellvik is a made-up coastal municipality. The texts are written for the example; the portfolio,
jobs and budget are generated from a fixed seed so the example is the same on every run.

    python scripts/make_example.py      # writes examples/fjellvik-2024.json and .xlsx
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psvxl.framework import standard_indicators  # noqa: E402
from psvxl.model import (  # noqa: E402
    Assessment, BudgetYear, Indicator, JobRegistration, JobTarget, Participant, Program, Project, Texts,
)
from psvxl.workbook.build import build_workbook  # noqa: E402

YEAR = 2024
FOCUS_AREAS = ["Havbruk og sjømat", "Reiseliv og opplevelser", "Industri og teknologi", "Grønn energi"]

SCORES = {
    "profil": [5, 4, 4, 4, 3],
    "organisering": [5, 5, 4, 3, 3],
    "portefolje": [4, 4, 3],
    "utviklingsevne": [4, 4, 3, 4, 4],
    "arbeidsplasser": [3, 4, 4],
    "attraktivitet": [3, 4, 4, 5],
    "baerekraft": [3, 2, 2, 3],
}
PREVIOUS = {"profil": 4.0, "organisering": 4.0, "portefolje": 3.5, "utviklingsevne": 3.5,
            "arbeidsplasser": 3.5, "attraktivitet": 4.0, "baerekraft": 2.5}
TOTALS = {"profil": 4.0, "organisering": 4.0, "portefolje": 3.5, "utviklingsevne": 4.0,
          "arbeidsplasser": 3.5, "attraktivitet": 4.0, "baerekraft": 3.5}

ASSESSMENTS = {
    "profil": dict(
        summary="Omstillingsplanen er godt forankret i kommunestyret og næringslivet, og innsatsområdene oppleves som "
                "riktige. Kommunikasjonen utad er blitt bedre, men når fortsatt for få bedrifter utenfor de etablerte miljøene.",
        strengths=["Omstillingsplanen er vedtatt og godt kjent i kommunestyret og i næringsforeningen.",
                   "Innsatsområdene er konkrete og har bred aksept.",
                   "Nettsiden og nyhetsbrevet brukes aktivt og leses av mange bedrifter."],
        improvements=["Målene er ikke periodisert per innsatsområde.",
                      "Kommunikasjonsplanen er ikke fulgt opp siste halvår.",
                      "Få bedrifter utenfor sentrum kjenner til programmets tilbud."],
        actions=["Periodisere målene for arbeidsplasser per innsatsområde i neste handlingsplan.",
                 "Rullere kommunikasjonsplanen og sette av fast tid til den i administrasjonen.",
                 "Holde to åpne bedriftsmøter i bygdene i løpet av vinteren."]),
    "organisering": dict(
        summary="Styret fungerer godt, med klar rollefordeling og god møtedisiplin. Administrasjonen er liten og sårbar "
                "ved fravær, og det er ikke lagt en plan for hva som skal videreføres etter programperioden.",
        strengths=["Styret har god sammensetning med næringslivet i flertall.",
                   "Daglig leder har høy tillit hos bedriftene og i kommunen.",
                   "Saksframlegg til styret er grundige og kommer i god tid."],
        improvements=["Administrasjonen er sårbar med bare halvannet årsverk.",
                      "Rutinene for oppfølging av prosjekter er ikke skriftliggjort.",
                      "Styret har ikke drøftet videreføringen etter 2026."],
        actions=["Skrive ned rutinene for prosjektoppfølging i en enkel prosjekthåndbok.",
                 "Sette videreføring etter programperioden på styrets strategisamling i 2025."]),
    "portefolje": dict(
        summary="Porteføljen er bred og dekker alle innsatsområdene, men bare 44 % av årets ramme er disponert. "
                "Mange prosjekter står fortsatt i forprosjektfasen.",
        strengths=["Porteføljen dekker alle fire innsatsområdene.",
                   "Flere forprosjekter er videreført til hovedprosjekter.",
                   "Prosjektene rapporterer jevnlig og i tide."],
        improvements=["For lav utnyttelse av årets ramme.",
                      "For mange små prosjekter gir lite effekt hver for seg.",
                      "Grønn energi har få prosjekter i gang."],
        actions=["Gå aktivt ut til bedriftene med et fåtall større satsinger for 2025.",
                 "Vurdere en utlysning rettet mot grønn energi.",
                 "Innføre kvartalsvis porteføljegjennomgang i styret."]),
    "utviklingsevne": dict(
        summary="Utviklingskulturen i næringslivet er styrket, og samarbeidet mellom bedriftene har økt. "
                "Kapasiteten i kommunens næringsarbeid er fortsatt begrenset.",
        strengths=["Bedriftsnettverket i havbruk har fått fart og møtes jevnlig.",
                   "Flere bedrifter har tatt i bruk SMB Utvikling.",
                   "Kommunen deltar aktivt i regionalt næringssamarbeid."],
        improvements=["Kommunens egen kompetanse på næringsutvikling er liten.",
                      "Verktøy fra programmet brukes lite utenfor de største bedriftene."],
        actions=["Lage en plan for kompetanseoverføring fra programmet til kommunen.",
                 "Tilby en kort innføring i prosjektverktøyene for nye prosjekteiere."]),
    "arbeidsplasser": dict(
        summary="Programmet har registrert arbeidsplasser i alle år, men ligger bak det lineære målet. "
                "Registreringen er blitt mer systematisk med årlig ringerunde.",
        strengths=["Årlig ringerunde gir et godt og etterprøvbart tallgrunnlag.",
                   "Skillet mellom nye og sikrede arbeidsplasser er klart."],
        improvements=["Programmet ligger bak målet for perioden.",
                      "Få prosjekter har kvantifiserte mål for arbeidsplasser."],
        actions=["Kreve tallfestede mål for arbeidsplasser i alle søknader om hovedprosjekt.",
                 "Følge opp bedriftene ett år etter avsluttet prosjekt."]),
    "attraktivitet": dict(
        summary="Fjellvik har fått flere tilflyttere, og kommunen er en aktiv tilrettelegger for næringslivet. "
                "Mangel på boliger og ledige næringsarealer begrenser veksten.",
        strengths=["Kommunen er rask og løsningsorientert i saksbehandlingen.",
                   "Rekrutteringskampanjen «Bli i Fjellvik» har gitt synlige resultater.",
                   "Stor dugnadsånd og engasjement i lokalsamfunnet."],
        improvements=["Mangel på utleieboliger for nye arbeidstakere.",
                      "Lite tilgjengelig næringsareal nær havna."],
        actions=["Kartlegge boligbehovet sammen med de største arbeidsgiverne.",
                 "Få regulert nytt næringsareal på Nordneset."]),
    "baerekraft": dict(
        summary="Bærekraft er et nytt tema for mange av bedriftene, og programmet har ennå ikke en felles forståelse "
                "eller måling av det. Gruppen satte totalen over snittet fordi arbeidet er godt i gang i 2024.",
        strengths=["Bærekraft er tatt inn som kriterium i søknadsskjemaet.",
                   "To bedrifter har gjennomført klimaregnskap med støtte fra programmet."],
        improvements=["Ingen felles definisjon av hva bærekraft betyr for programmet.",
                      "Prosjektene måles ikke på bærekraft."],
        actions=["Utarbeide en kort bærekraftsstrategi for programmet.",
                 "Ta inn enkle bærekraftsindikatorer i sluttrapportene fra prosjektene."]),
}

PROJECT_NAMES = {
    "Havbruk og sjømat": ["Ny mottakskai for villfisk", "Restråstoff til fôr", "Sjømatnettverket Fjellvik",
                          "Landbasert settefisk", "Kompetanseløft i akvakultur", "Tareprosjektet",
                          "Skreikjøkkenet", "Havrommet – fellestjenester", "Rensefisk fra Fjellvik",
                          "Sjømatfestivalen", "Automatisert filetering", "Blåskjellpilot"],
    "Reiseliv og opplevelser": ["Fjellvik Fjordopplevelser", "Destinasjonsutvikling Nordneset", "Vinterturisme",
                                "Matopplevelser langs kysten", "Booking og nettsalg", "Vandreruter i Fjellvik",
                                "Sykkelturisme", "Kystkultursenteret", "Rorbuer på Litløya", "Fisketurisme 2.0"],
    "Industri og teknologi": ["Verkstedsnettverket", "Robotisering i Fjellvik Mek", "Digital tvilling av havna",
                              "Kompositt til båtbygging", "Leverandørutvikling", "Industriinkubator",
                              "Sveisesenter", "Innovasjonsløft for småindustri", "Maritim elektronikk",
                              "Fjellvik Tre – prefabrikkering"],
    "Grønn energi": ["Landstrøm i havna", "Solenergi på næringsbygg", "Hydrogen til fiskeflåten",
                     "Energikartlegging i industrien", "Biogass fra fiskeslo", "Småkraft og lokal energi",
                     "Elektrisk arbeidsbåt", "Varmegjenvinning i fiskemottak"],
}
OWNERS = ["Fjellvik Sjømat AS", "Nordneset Reiseliv AS", "Fjellvik Mek AS", "Fjellvik kommune",
          "Fjellvik Næringsforening", "Kystkraft AS", "Litløya Rorbuer AS", "Havbruk Nord AS",
          "Fjellvik Tre AS", "Fjordopplevelser AS", "Blå Vekst AS"]
COMPANIES = ["Fjellvik Sjømat AS", "Havbruk Nord AS", "Fjellvik Mek AS", "Nordneset Reiseliv AS", "Fjellvik Tre AS",
             "Kystkraft AS", "Litløya Rorbuer AS", "Blå Vekst AS", "Fjordopplevelser AS", "Fjellvik Båtbyggeri AS",
             "Tare Nord AS", "Fjellvik Elektro AS"]


def portfolio(rng: random.Random) -> list[Project]:
    projects: list[Project] = []
    counters: dict[int, int] = {}
    for area, names in PROJECT_NAMES.items():
        for name in names:
            year = rng.choice([2021, 2021, 2022, 2022, 2023, 2023, 2024, 2024])
            counters[year] = counters.get(year, 0) + 1
            pid = f"P-{year}-{counters[year]:02d}"
            phase = rng.choice(["forstudie", "forprosjekt", "forprosjekt", "hovedprosjekt", "tiltak"])
            decision = dt.date(year, rng.randint(1, 9 if year == YEAR else 12), rng.randint(1, 28))
            if year == YEAR:
                status = rng.choice(["innvilget", "pågår", "pågår", "søkt", "avslått"])
            elif year == 2021:
                status = rng.choice(["avsluttet", "avsluttet", "avsluttet", "trukket"])
            else:
                status = rng.choice(["pågår", "avsluttet", "avsluttet", "avslått"])
            scale = {"forstudie": 150_000, "forprosjekt": 400_000, "hovedprosjekt": 1_500_000, "tiltak": 250_000}[phase]
            total_cost = rng.randint(int(scale * 0.6), int(scale * 1.6)) // 1000 * 1000
            share = rng.choice([0.3, 0.4, 0.5, 0.5, 0.6])
            granted = int(total_cost * share) // 1000 * 1000 if status not in ("søkt", "avslått") else 0
            paid = {"avsluttet": granted, "pågår": granted * rng.choice([2, 3, 5]) // 10, "trukket": 0}.get(status, 0)
            projects.append(Project(
                id=pid, name=name, focus_area=area, phase=phase, owner=rng.choice(OWNERS), status=status,
                decision_date=decision, total_cost=total_cost, granted=granted, paid=paid,
                expected_new_jobs=rng.choice([0, 0, 1, 2, 3, 5]) if phase != "forstudie" else 0,
                expected_secured_jobs=rng.choice([0, 0, 1, 2, 4]) if phase != "forstudie" else 0,
                smb_utvikling=rng.random() < 0.2,
                sustainability="Redusert energibruk og utslipp." if area == "Grønn energi" else None))
    # Main projects that continue earlier pre-projects in the same focus area.
    for main in projects:
        if main.phase != "hovedprosjekt":
            continue
        earlier = [p for p in projects if p.phase == "forprosjekt" and p.focus_area == main.focus_area
                   and p.decision_date < main.decision_date and p.status in ("avsluttet", "pågår")]
        if earlier and rng.random() < 0.6:
            main.continues = rng.choice(earlier).id
    # This year's grants come to 44 % of the 4 mill. kr frame, as in the seed programme's report.
    this_year = [p for p in projects if p.decision_date.year == YEAR and p.status in ("innvilget", "pågår")]
    wanted, have = 1_760_000, sum(p.granted for p in this_year)
    for p in this_year:
        old = p.granted
        p.granted = p.granted * wanted // have // 1000 * 1000
        p.total_cost = p.total_cost * p.granted // old // 1000 * 1000 if old else p.total_cost
        p.paid = min(p.paid, p.granted // 4 // 1000 * 1000)
    this_year[-1].granted += wanted - sum(p.granted for p in this_year)
    this_year[-1].total_cost = max(this_year[-1].total_cost, this_year[-1].granted * 2)
    projects.sort(key=lambda p: p.id)
    return projects


def jobs(rng: random.Random, projects: list[Project]) -> list[JobRegistration]:
    rows = []
    supported = [p for p in projects if p.status in ("pågår", "avsluttet", "innvilget")]
    for year in (2021, 2022, 2023, 2024):
        started = [p for p in supported if p.decision_date.year <= year]
        for project in rng.sample(started, min(len(started), 6 + (year - 2021) * 2)):
            rows.append(JobRegistration(
                year=year, project_id=project.id, company=project.owner if project.owner.endswith("AS") else rng.choice(COMPANIES),
                new=rng.choice([0, 1, 2, 3, 4, 6]), secured=rng.choice([0, 0, 1, 2, 3]),
                verified=rng.random() < 0.8, source=rng.choice(["ringerunde", "sluttrapport", "ringerunde"])))
        rows.append(JobRegistration(year=year, project_id=None, company=rng.choice(COMPANIES), new=rng.randint(1, 4),
                                    secured=0, verified=True, source="ringerunde",
                                    comment="Etablering uten prosjektstøtte, men med veiledning fra programmet."))
    seen = set()
    unique = []
    for r in rows:  # one registration per company, project and year (no double counting)
        key = (r.company, r.project_id, r.year)
        if key not in seen and (r.new or r.secured):
            seen.add(key)
            unique.append(r)
    return unique


def example() -> Assessment:
    rng = random.Random(20241015)
    indicators = _scored_indicators(rng)
    projects = portfolio(rng)
    return Assessment(
        program=_program(),
        texts=_texts(),
        indicators=indicators,
        portfolio=projects,
        jobs=jobs(rng, projects),
        job_targets=[JobTarget(year=y, focus_area=None, new=n, secured=s)
                     for y, n, s in ((2021, 15, 5), (2022, 30, 15), (2023, 40, 20), (2024, 40, 20),
                                     (2025, 40, 20), (2026, 35, 20))],
        budget=[BudgetYear(year=y, frame=f, admin=2_500_000, note=None)
                for y, f in ((2021, 3_000_000), (2022, 4_000_000), (2023, 4_000_000), (2024, 4_000_000),
                             (2025, 4_000_000), (2026, 3_000_000))],
        focus_areas=FOCUS_AREAS,
    )


def _scored_indicators(rng: random.Random) -> list[Indicator]:
    """The standard indicators with the meeting's scores, totals and texts."""
    indicators = standard_indicators()
    for ind in indicators:
        for theme, score in zip(ind.themes, SCORES[ind.id], strict=False):
            theme.score = score
        for theme in ind.themes[:2]:
            theme.previous_score = max(1, theme.score - rng.choice([0, 0, 1]))
        ind.total = TOTALS[ind.id]
        ind.previous_total = PREVIOUS[ind.id]
        texts = ASSESSMENTS[ind.id]
        ind.summary = texts["summary"]
        ind.strengths, ind.improvements, ind.actions = texts["strengths"], texts["improvements"], texts["actions"]
    ind = next(i for i in indicators if i.id == "baerekraft")
    ind.themes[1].comment = "Få bedrifter har fått konkrete krav ennå."
    ind.deviation_reason = ("Gruppen la vekt på at bærekraft nå stilles som krav i alle nye tilsagn, og satte "
                            "totalen høyere enn snittet av temaene.")
    return indicators


def _program() -> Program:
    return Program(
            name="Omstillingsprogrammet for Fjellvik", owner="Fjellvik kommune", year=YEAR,
            assessment_date=dt.date(YEAR, 10, 15), period_start=2021, period_end=2026, job_target=300,
            job_target_new=200, job_target_secured=100,
            participants=[Participant("Kari Nordvik", "styreleder"), Participant("Ola Strand", "styremedlem"),
                          Participant("Ingrid Havsund", "styremedlem"), Participant("Per Fjeld", "styremedlem"),
                          Participant("Marte Lien", "daglig leder"), Participant("Jonas Berg", "prosjektleder"),
                          Participant("Sigrid Nes", "ordfører, observatør"),
                          Participant("Tor Aasen", "rådgiver, Innovasjon Norge"),
                          Participant("Hilde Moen", "rådgiver, fylkeskommunen"),
                          Participant("Anne Vik", "prosessveileder")],
            author="Anne Vik, prosessveileder")


def _texts() -> Texts:
    return Texts(
            main_conclusion="Omstillingsprogrammet for Fjellvik er i sitt fjerde år og har etablert seg som en viktig "
                            "pådriver for næringsutvikling i kommunen. Styret og administrasjonen fungerer godt, og "
                            "programmet har bred forankring i næringslivet og i kommunestyret.\n\n"
                            "Programmet ligger likevel bak målet for arbeidsplasser, og bare 44 % av årets ramme er "
                            "disponert ved vurderingstidspunktet. De to siste årene må brukes til færre og større "
                            "satsinger med tydelige mål for arbeidsplasser, og til å sikre at kompetansen fra "
                            "programmet blir værende i kommunen etter 2026.",
            action_plan="Daglig leder presenterte handlingsplanen for 2025. Planen viderefører de fire "
                        "innsatsområdene, men legger mer vekt på større prosjekter med flere bedrifter og på "
                        "grønn energi i havna.",
            action_plan_priorities=["Færre og større prosjekter med tallfestede mål for arbeidsplasser.",
                                    "En egen utlysning innen grønn energi våren 2025.",
                                    "Plan for videreføring av næringsarbeidet etter 2026."],
            action_plan_closing="Dette var synspunkter som styret tar med seg i det videre arbeidet med "
                                "handlingsplanen for 2025.",
            recommendations=["Øke tempoet i disponeringen av årets ramme.",
                             "Periodisere målene for arbeidsplasser per innsatsområde.",
                             "Utarbeide en kort bærekraftsstrategi for programmet.",
                             "Styrke kommunens egen kapasitet i næringsarbeidet."],
            critical_factors=["Å få fram flere større hovedprosjekter.", "Tilgang på boliger og næringsareal.",
                              "At næringslivet fortsatt tar eierskap til programmet."],
            biggest_challenges=["Å nå målet for arbeidsplasser på to år.", "Rekruttering av fagfolk.",
                                "Videreføring etter programperioden."],
            usefulness="Deltakerne opplevde gjennomgangen som nyttig. Den ga en felles forståelse av hvor "
                       "programmet står, og konkrete tiltak å ta med inn i handlingsplanen for 2025.")


# The second example: the same programme assessed with a framework of 12 indicators in two groups
# on a 1–5 scale (examples/rammeverk-12-indikatorer.json), to show that nothing assumes 7 or 6.
SCORES_12 = {"forankring": [4, 4], "organisering": [4, 3], "strategi": [3, 4], "portefolje": [3, 3],
             "samarbeid": [4, 5], "kommunikasjon": [3, 3], "nye-arbeidsplasser": [2, 3],
             "sikrede-arbeidsplasser": [3, 3], "nyetableringer": [3, 2], "innovasjon": [4, 3],
             "attraktivitet": [3, 4, 2], "utviklingsevne": [2, 3]}
TOTALS_12 = {"forankring": 4.0, "organisering": 3.5, "strategi": 3.5, "portefolje": 3.0, "samarbeid": 4.5,
             "kommunikasjon": 3.0, "nye-arbeidsplasser": 2.5, "sikrede-arbeidsplasser": 3.0,
             "nyetableringer": 2.5, "innovasjon": 3.5, "attraktivitet": 3.0, "utviklingsevne": 2.0}


def example_12() -> Assessment:
    from psvxl.framework import load_framework

    framework, indicators = load_framework(ROOT / "examples" / "rammeverk-12-indikatorer.json")
    a = example()
    for ind in indicators:
        for theme, score in zip(ind.themes, SCORES_12[ind.id], strict=False):
            theme.score = score
        ind.total = TOTALS_12[ind.id]
        ind.summary = f"Gruppen vurderer «{ind.name.lower()}» til {str(ind.total).replace('.', ',')} av 5."
        ind.strengths = [f"Det er gjort et godt arbeid med {ind.themes[0].title.lower()}."]
        ind.improvements = [f"{ind.themes[-1].title} kan bli bedre."]
        ind.actions = [f"Lage en plan for {ind.themes[-1].title.lower()} i neste handlingsplan."]
    utvikling = next(i for i in indicators if i.id == "utviklingsevne")
    utvikling.deviation_reason = "Gruppen mener det mangler en plan for tiden etter 2026, og satte totalen lavere."
    a.framework, a.indicators = framework, indicators
    return a


def main() -> None:
    out = ROOT / "examples"
    twelve = example_12()
    (out / "eksempel-12-indikatorer-2024.json").write_text(
        json.dumps(twelve.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assessment = example()
    out = ROOT / "examples"
    text = json.dumps(assessment.to_json(), ensure_ascii=False, indent=2) + "\n"
    (out / "fjellvik-2024.json").write_text(text, encoding="utf-8")
    # A copy ships in the package: `psvxl check-template` test-renders templates with it.
    (ROOT / "psvxl" / "templates" / "example.json").write_text(text, encoding="utf-8")
    build_workbook(assessment, out / "fjellvik-2024.xlsx")
    print(f"Wrote {out / 'fjellvik-2024.json'} and {out / 'fjellvik-2024.xlsx'}")


if __name__ == "__main__":
    main()
