"""Write the Spir-shaped case: a programme shaped like the Spir report the issue was read against.

Seven indicators, 29 themes, about 237 bullets, last year's totals and recommended actions, two
earlier years of history, a handlingsplan whose text ends in a colon that introduces the priorities,
an imported description that still carries its «Beskrivelse:» label, and yearly frames of millions.
Built from the bundled example with fixed additions, so it is the same on every run.

    python scripts/make_spir_case.py      # writes tests/data/spir-2024.json
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "spir-2024.json"

EXTRA = {
    "strengths": ["Styret har god oversikt over porteføljen og følger opp prosjektene tett.",
                  "Programmet er godt kjent blant bedriftene i regionen."],
    "improvements": ["Resultatene bør formidles oftere til innbyggerne og politikerne.",
                     "Oppfølgingen av avsluttede prosjekter kan bli mer systematisk."],
    "actions": ["Lage en enkel plan for oppfølging av avsluttede prosjekter.",
                "Rapportere resultater til kommunestyret hvert halvår."],
}


def spir() -> dict:
    text = (ROOT / "examples" / "fjellvik-2024.json").read_text(encoding="utf-8")
    data = json.loads(text.replace("for Fjellvik", "Spir").replace("Fjellvik", "Spir"))
    p = data["program"]
    p.update(name="Omstillingsprogrammet Spir", owner="Spir kommune", assessment_date="2024-10-08",
             author="Ragnhild Os, prosessveileder")
    p["goals"] = ("Omstillingsplanen har tre mål ut over arbeidsplassene: 15 nye bedrifter i perioden, økt "
                  "verdiskaping i havbruk og sjømat, og et næringsarbeid i kommunen som står på egne bein etter 2026.")
    p["organisation"] = ("Styret har fire medlemmer, med styreleder fra næringslivet. Administrasjonen er daglig "
                         "leder i full stilling og en prosjektleder i 60 % stilling, med kontor i rådhuset. "
                         "Spir kommune er programeier og arbeidsgiver.")
    data["texts"]["previous_main_conclusion"] = (
        "Programmet er godt i gang og har bred forankring, men porteføljen har mange små prosjekter. Styret bør "
        "prioritere færre og større satsinger.")
    data["texts"]["previous_recommendations"] = ["Prioritere færre og større prosjekter.",
                                                 "Styrke kommunikasjonen med næringslivet.",
                                                 "Periodisere målet for arbeidsplasser."]
    data["texts"]["action_plan"] = (
        "Daglig leder Marte Lien presenterte handlingsplanen for 2025, der programmet viderefører de fire "
        "innsatsområdene.\n\nHun la vekt på at styret skal prioritere større prosjekter med flere bedrifter, "
        "hvor hun fremhevet:")
    data["texts"]["action_plan_priorities"] = [
        "Færre og større prosjekter med tallfestede mål for arbeidsplasser.",
        "En egen utlysning innen grønn energi våren 2025.",
        "Tettere samarbeid med næringsforeningen om bedriftsbesøk.",
        "Plan for videreføring av næringsarbeidet etter 2026."]
    data["texts"]["action_plan_closing"] = (
        "Dette var synspunkter som styret tar med seg i det videre arbeidet med handlingsplanen for 2025.")
    bullets = 0
    for n, ind in enumerate(data["indicators"]):
        for key, extra in EXTRA.items():
            if len(ind[key]) < 4:
                ind[key] = ind[key] + extra[: 4 - len(ind[key]) if n % 2 else 1]
        bullets += sum(len(ind[k]) for k in ("strengths", "improvements", "actions"))
        bullets += sum(len(t["questions"]) for t in ind["themes"])
    first = data["indicators"][0]
    first["description"] = "Beskrivelse: " + first["description"]
    data["previous_actions"] = [
        {"indicator_id": ind["id"], "text": f"Fjorårets tiltak {i + 1} for {ind['name'].lower()}.",
         "status": ["gjennomført", "pågår", "ikke startet", "gjennomført"][i % 4], "comment": None}
        for ind in data["indicators"][:4] for i in range(2)]
    data["history"] = [{"year": year, "indicator_id": ind["id"], "total": max(1.0, (ind["previous_total"] or 3) - d)}
                       for year, d in ((2022, 1.0), (2023, 0.5)) for ind in data["indicators"]]
    for row in data["budget"]:
        row["frame"] = row["frame"] * 7 // 4 if row["frame"] else row["frame"]
    texts = data["texts"]
    bullets += sum(len(texts[k]) for k in ("action_plan_priorities", "recommendations", "critical_factors",
                                              "biggest_challenges"))
    data["_bullets"] = bullets
    return data


def main() -> None:
    data = spir()
    bullets = data.pop("_bullets")
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['indicators'])} indicators, "
          f"{sum(len(i['themes']) for i in data['indicators'])} themes, {bullets} bullets")


if __name__ == "__main__":
    main()
