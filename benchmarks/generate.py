"""Synthetic registers for the benchmark: N standards in vngreg's YAML source format.

    python benchmarks/generate.py N OUTDIR

writes OUTDIR/source/ (the five YAML files) with OUTDIR/shapes and OUTDIR/ontology beside it
(symlinks to the project's), the layout `vngreg build --source OUTDIR/source` expects. The same N
gives the same bytes on every run (fixed seed), so runs on different days compare.

The mix follows the real register where it has one (its 3 binding levels, 5 categories and
organisations are copied from source/) and spreads further where it is too small to show one:
200 extra organisations, dates over 1995-2030, and the optional fields filled in part.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
SEED = 20240607
EXTRA_ORGANISATIONS = 200

# Binding levels and categories by weight: most standards are advice or comply-or-explain,
# few are mandatory; most are API standards, as in the real register.
LEVELS = {"aanbevolen": 35, "pas-toe-of-leg-uit": 50, "verplicht": 15}
CATEGORIES = {"api-standaarden": 55, "informatiebeveiliging": 12, "infrastructuur": 15,
              "inkoop": 8, "privacy": 10}

SUBJECTS = [
    "Zaakgericht werken", "Zaken", "Documenten", "Besluiten", "Klanten", "Contactmomenten",
    "Verzoeken", "Objecten", "Objecttypen", "Catalogi", "Notificaties", "Autorisaties",
    "Regels bij Activiteiten", "BAG", "BRK", "BRP", "WOZ", "HR", "BGT", "BRO", "Omgevingswet",
    "Jeugdzorg", "Wmo", "Participatiewet", "Schuldhulpverlening", "Burgerzaken", "Belastingen",
    "Vergunningen", "Meldingen openbare ruimte", "Afval", "Parkeren", "Subsidies", "Archief",
    "Informatiebeveiliging", "Privacy", "Inkoop", "Hosting", "Identiteit", "Berichtenbox",
    "Gegevensuitwisseling", "Samenwerking", "Haven", "Common Ground", "Klantinteractie",
    "Producten en diensten", "Personen", "Adressen", "Gebouwen", "Percelen", "Verkiezingen",
]
KINDS = [
    "Bevragen", "API", "Koppelvlak", "Gegevensmodel", "Informatiemodel", "Berichtenstandaard",
    "Ontologie", "Referentiearchitectuur", "Richtlijn", "Handreiking", "Normenkader",
    "Inkoopvoorwaarden", "Verwerkersovereenkomst", "Baseline", "Profiel", "Notificaties",
    "Registratie", "Services", "Specificatie", "Beheermodel",
]
QUALIFIERS = ["", "", "", "", "Basis", "Uitgebreid", "Gemeenten", "Regio", "Keten", "Open",
              "Landelijk", "Lokaal", "Publiek", "Intern", "Digitaal"]
PLACES = [
    "Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Tilburg", "Almere",
    "Breda", "Nijmegen", "Apeldoorn", "Arnhem", "Haarlem", "Enschede", "Amersfoort", "Zaanstad",
    "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Ede", "Alphen aan den Rijn", "Westland",
    "Alkmaar", "Emmen", "Delft", "Venlo", "Deventer", "Sittard-Geleen", "Helmond", "Oss", "Hilversum",
    "Heerlen", "Súdwest-Fryslân", "Leeuwarden", "Assen", "Middelburg", "Den Bosch", "Gouda",
    "Roermond",
]
ORG_KINDS = [("Gemeente {}", "Municipality of {}"), ("Samenwerkingsverband {}", "{} partnership"),
             ("Uitvoeringsorganisatie {}", "{} service organisation"),
             ("Stichting Informatievoorziening {}", "{} information foundation"),
             ("Werkgroep {}", "{} working group")]
WORDS = ("standaard gemeenten gegevens uitwisseling afspraken beheer ketenpartners registratie "
         "dienstverlening burgers bedrijven informatie beveiliging landelijke voorzieningen "
         "toepassing verplicht aanbevolen koppeling systemen leveranciers kwaliteit").split()
WORDS_EN = ("standard municipalities data exchange agreements maintenance partners registration "
            "services citizens businesses information security national facilities use "
            "mandatory recommended link systems suppliers quality").split()


def slugify(text: str) -> str:
    ascii_text = text.lower().replace("ú", "u").replace("â", "a").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


PLAIN = re.compile(r"^[A-Za-z0-9À-ž][A-Za-z0-9À-ž ()'./-]*$")


def scalar(text: str) -> str:
    """A YAML scalar: plain where that reads back as the same string, else double-quoted."""
    if PLAIN.match(text) and not text.endswith(" ") and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def sentence(rng: random.Random, words: list[str], lo: int, hi: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))
    return text[0].upper() + text[1:] + "."


def organisations(rng: random.Random) -> tuple[list[str], list[str]]:
    """YAML lines for the real organisations plus generated ones, and all their ids."""
    real = (SOURCE / "organisaties.yaml").read_text(encoding="utf-8").splitlines()
    lines = [line for line in real if not line.startswith("# yaml-language-server")]
    ids = [m.group(1) for line in lines if (m := re.match(r"\s*- id: (\S+)", line))]
    seen = set(ids)
    made: list[str] = []
    while len(made) < EXTRA_ORGANISATIONS:
        nl, en = rng.choice(ORG_KINDS)
        place = rng.choice(PLACES)
        name_nl, name_en, k = nl.format(place), en.format(place), 1
        while slugify(name_nl) in seen:
            k += 1
            name_nl, name_en = f"{nl.format(place)} {k}", f"{en.format(place)} {k}"
        slug = slugify(name_nl)
        seen.add(slug)
        lines.append(f"  - id: {slug}")
        lines.append(f"    naam: {{nl: {scalar(name_nl)}, en: {scalar(name_en)}}}")
        if rng.random() < 0.3:
            lines.append(f"    afkorting: {''.join(w[0] for w in name_nl.split()).upper()}")
        if made and rng.random() < 0.2:
            lines.append(f"    onderdeel_van: {rng.choice(made)}")
        elif rng.random() < 0.1:
            lines.append(f"    onder_regie_van: {rng.choice(ids)}")
        made.append(slug)
    return lines, ids + made


def standards(rng: random.Random, n: int, org_ids: list[str]) -> list[str]:
    lines = ["# A synthetic register for benchmarks/run.py: made by benchmarks/generate.py.",
             "standaarden:"]
    levels, level_weights = list(LEVELS), list(LEVELS.values())
    categories, category_weights = list(CATEGORIES), list(CATEGORIES.values())
    seen: set[str] = set()
    for i in range(n):
        name = " ".join(w for w in (rng.choice(QUALIFIERS), rng.choice(SUBJECTS), rng.choice(KINDS)) if w)
        slug = slugify(name)
        if slug in seen:  # names repeat at scale; the id stays unique, as a steward would make it
            name = f"{name} {i}"
            slug = slugify(name)
        seen.add(slug)
        maintainers = rng.sample(org_ids, rng.choices([1, 2, 3], [70, 22, 8])[0])
        year = rng.randint(1995, 2030)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines += [f"  - id: {slug}",
                  f"    naam: {scalar(name)}",
                  f"    categorie: {rng.choices(categories, category_weights)[0]}",
                  f"    in_beheer_bij: [{', '.join(maintainers)}]"]
        if rng.random() < 0.6:
            lines.append(f"    in_beheer_bij_tekst: {scalar(' / '.join(m.replace('-', ' ').title() for m in maintainers))}")
        lines += ["    vaststelling:",
                  f"      geldt_vanaf: {date}",
                  f"      verbindendheid: {rng.choices(levels, level_weights)[0]}"]
        if rng.random() < 0.9:
            lines.append("      vastgesteld_door: vng-bestuur")
        if rng.random() < 0.7:
            lines.append("      op_advies_van: college-van-dienstverleningszaken")
        if rng.random() < 0.5:
            lines.append("    beschrijving:")
            lines.append(f"      nl: {scalar(sentence(rng, WORDS, 8, 30))}")
            if rng.random() < 0.5:
                lines.append(f"      en: {scalar(sentence(rng, WORDS_EN, 8, 30))}")
        if rng.random() < 0.4:
            lines.append(f"    specificatie: https://standaarden.example.org/{slug}/spec")
        if rng.random() < 0.3:
            lines.append(f"    homepage: https://www.example.org/standaarden/{slug}")
        if rng.random() < 0.5:
            lines.append(f"    versie: {scalar(f'{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}')}")
        if rng.random() < 0.1:
            lines.append(f"    opmerking: {scalar(sentence(rng, WORDS, 5, 15))}")
    return lines


def supplements(rng: random.Random, ids: list[str]) -> list[str]:
    """aanvullingen.yaml: later decisions (with an end date, document and source), statuses,
    versions (one replacing another), relations and links, for a share of the standards."""
    statuses = ["in-ontwikkeling", "in-gebruik", "einde-ondersteuning", "teruggetrokken", "vervangen"]
    lines = ["# Supplements for benchmarks/run.py: made by benchmarks/generate.py.", "aanvullingen:"]
    for i, slug in enumerate(ids):
        if rng.random() > 0.3:
            continue
        lines.append(f"  - id: {slug}")
        if rng.random() < 0.5:
            year = rng.randint(2031, 2040)
            lines += ["    vaststellingen:", f"      - geldt_vanaf: {year}-01-01",
                      f"        verbindendheid: {rng.choice(list(LEVELS))}"]
            if rng.random() < 0.5:
                lines.append(f"        geldt_tot: {year + rng.randint(1, 9)}-07-01")
            if rng.random() < 0.7:
                lines += [f"        besluit: {{titel: Ledenbrief {i}, datum: {year - 1}-11-0{rng.randint(1, 9)}, "
                          f"url: 'https://besluiten.example.org/{i}'}}",
                          f"        bron: https://nieuws.example.org/{slug}"]
            if rng.random() < 0.3:
                lines.append(f"        opmerking: {scalar(sentence(rng, WORDS, 5, 12))}")
        lines.append(f"    status: {rng.choice(statuses)}")
        if rng.random() < 0.5:
            lines += ["    versies:", f"      - {{id: '1', versie: '1.0', status: {rng.choice(statuses)}}}",
                      f"      - {{id: '2', versie: '2.0', vervangt: '1', uitgegeven: 2024-0{rng.randint(1, 9)}-01, "
                      f"specificatie: 'https://standaarden.example.org/{slug}/2'}}"]
        if rng.random() < 0.5:
            lines.append(f"    gelijk_aan: [https://register.example.org/id-{i}]")
            lines.append(f"    vergelijkbaar_met: [https://register.example.org/id-{i}-deel]")
        if i > 0 and rng.random() < 0.3:
            kind = rng.choice(["onderdeel_van", "vervangt", "gerelateerd"])
            lines.append(f"    {kind}: [{ids[rng.randrange(i)]}]")
    return lines


def generate(n: int, outdir: Path) -> Path:
    """Write the register of `n` standards under `outdir`; return its source folder."""
    rng = random.Random(SEED)
    source = outdir / "source"
    source.mkdir(parents=True, exist_ok=True)
    for name in ("register.yaml", "verbindendheid.yaml", "categorieen.yaml", "status.yaml"):
        text = (SOURCE / name).read_text(encoding="utf-8")
        (source / name).write_text("".join(line for line in text.splitlines(keepends=True)
                                           if not line.startswith("# yaml-language-server")),
                                   encoding="utf-8")
    org_lines, org_ids = organisations(rng)
    (source / "organisaties.yaml").write_text("\n".join(org_lines) + "\n", encoding="utf-8")
    table = standards(rng, n, org_ids)
    (source / "standaarden.yaml").write_text("\n".join(table) + "\n", encoding="utf-8")
    ids = [line.removeprefix("  - id: ") for line in table if line.startswith("  - id: ")]
    (source / "aanvullingen.yaml").write_text("\n".join(supplements(random.Random(SEED + 1), ids)) + "\n",
                                              encoding="utf-8")
    for folder in ("shapes", "ontology"):
        link = outdir / folder
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
        try:
            link.symlink_to(ROOT / folder, target_is_directory=True)
        except OSError:  # no symlinks here: copy
            shutil.copytree(ROOT / folder, link)
    return source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of standards")
    parser.add_argument("outdir", type=Path, help="folder to write (source/, shapes, ontology)")
    args = parser.parse_args(argv)
    source = generate(args.n, args.outdir)
    print(f"wrote {args.n} standards to {source}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
