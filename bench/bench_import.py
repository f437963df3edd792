#!/usr/bin/env python3
"""Benchmark of ``kpss import registry`` on a registry file of the real size.

    python bench/bench_import.py [OUT_DIR] [--services 6733] [--mb 100] [--seed 1] [--keep]

Generates, in the structure documented in the registry README (``{"polozky": [...]}``, one
record per service with facilities, forms and capacities, provider, contacts and the bulky
``doplnkoveUdaje``), a file of about 100 MB with 6,733 services (the size of MPSV's rpss.json
in 2026). The records of the example repository's 22 services are in it (some with a changed
capacity, two ended), 40 new services lie in its territory, the rest elsewhere in the country.

Then it measures, each in a fresh subprocess (wall time and peak resident memory from
``resource.getrusage(RUSAGE_CHILDREN)``):
1. plain ``json.load`` of the file (to see whether loading it whole would fit);
2. ``kpss import registry --dry-run``; 3. the import itself; 4. a second import (no changes).
Target: each import within 15 s and under 1 GB peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zidlochovicko"
CODES = ROOT / "tests" / "data" / "registry"
PYTHON = sys.executable

STREETS = [
    "Palackého",
    "Komenského",
    "Masarykova",
    "Nádražní",
    "Husova",
    "Školní",
    "Zahradní",
    "Tyršova",
    "Svatoplukova",
    "Brněnská",
    "Na Výsluní",
    "Sokolská",
    "Dlouhá",
    "Krátká",
]
TEXT = (
    "služba poskytuje podporu a pomoc osobám v nepříznivé sociální situaci s cílem "
    "zachovat jejich soběstačnost a zapojení do běžného života v přirozeném prostředí "
    "klientů spolupráce s rodinou a dalšími službami individuální plánování průběhu"
)
WORDS = TEXT.split()


def ico_with_check(seven: int) -> str:
    """An 8-digit IČO with a valid check digit from a 7-digit number."""
    digits = f"{seven:07d}"
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    return digits + str((11 - total % 11) % 10)


def _address(rng: random.Random, obec: str, number: int) -> dict[str, Any]:
    return {
        "cisloDomovni": number,
        "cisloOrientacni": str(rng.randint(1, 40)) if rng.random() < 0.4 else None,
        "dodatekAdresy": None,
        "kodAdresnihoMista": 10_000_000 + number * 7 + int(obec) % 1000,
        "psc": f"{rng.randint(100, 799)}{rng.randint(0, 99):02d}",
        "typCislaDomovniho": {"id": "TypStavebnihoObjektu/1"},
        "kraj": {"id": "Kraj/116"},
        "okres": {"id": "Okres/3703"},
        "obec": {"id": f"Obec/{obec}"},
        "castObce": None,
        "mestskyObvodMestskaCast": None,
        "mestskyObvodVPraze": None,
        "ulice": {"nazev": rng.choice(STREETS)},
    }


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _padding(rng: random.Random, blocks: int) -> dict[str, Any]:
    """The bulky supplementary data of a real record (staff, financing plans, descriptions)."""
    return {
        "realizacePoskytovani": [
            {"popis": _text(rng, 60), "cile": _text(rng, 30)} for _ in range(blocks)
        ],
        "planyFinancnihoZajisteni": [
            {
                "rok": 2024 + i,
                "naklady": {
                    "osobni": rng.randint(10**5, 10**7),
                    "provozni": rng.randint(10**4, 10**6),
                },
                "zdroje": [
                    {"zdroj": {"id": f"ZdrojFinancovani/{k}"}, "castka": rng.randint(10**4, 10**6)}
                    for k in range(6)
                ],
            }
            for i in range(blocks)
        ],
        "personalniZajisteni": [
            {
                "pracovniPozice": {"id": f"PracovniPozice/{rng.randint(1, 12)}"},
                "pocetPracovniku": rng.randint(1, 9),
                "pocetUvazku": round(rng.uniform(0.5, 8), 2),
                "poznamka": None,
            }
            for _ in range(blocks * 4)
        ],
    }


def _record(
    rng: random.Random,
    n: int,
    ident: str,
    druh: int,
    obce: list[str],
    provider: dict[str, Any],
    targets: list[int],
    blocks: int,
    ended: bool = False,
    secret: bool = False,
) -> dict[str, Any]:
    name = f"{_text(rng, 2)[:-1]} {n}"
    facilities = []
    for i, obec in enumerate(obce):
        facilities.append(
            {
                "nazev": f"{name}{' – pobočka ' + str(i) if i else ''}",
                "adresa": None if secret else _address(rng, obec, 100 + n % 900),
                "utajenaAdresa": secret,
                "poskytujeOd": "2015-01-01",
                "poskytujeDo": "2020-06-30" if i == 2 else None,
            }
        )
    if not secret and rng.random() < 0.1:
        facilities.append(dict(facilities[0]))  # the registry repeats facilities
    forms = []
    for code, cap in (("amb", "klient"), ("ter", "klient"), ("pob", "luzka")):
        if rng.random() < 0.5 or (code == "ter" and not forms):
            forms.append(
                {
                    "forma": {"id": f"FormaSocialniSluzby/{code}"},
                    "nepretrzitePoskytovani": code == "pob",
                    "casoveRozsahy": [
                        {"den": {"id": f"DenVTydnu/{d}"}, "od": "07:00", "do": "15:30"}
                        for d in range(1, 6)
                    ],
                    "kapacity": [
                        {
                            "pocet": rng.randint(2, 120),
                            "popis": _text(rng, 5),
                            "typ": {"id": f"TypKapacitySocialniSluzby/{cap}"},
                        }
                    ],
                }
            )
    return {
        "portalId": 100_000 + n,
        "id": f"SocialniSluzba/{100_000 + n}",
        "identifikator": ident,
        "datumPoskytovaniOd": "2007-01-01",
        "datumPoskytovaniDo": "2022-12-31" if ended else None,
        "kontaktniAdresy": [{"adresa": _address(rng, obce[0], 7)}] if secret else [],
        "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{druh}"},
        "zarizeni": facilities,
        "poskytovatel": provider,
        "emaily": [{"email": f"sluzba{n}@example.cz", "poznamka": None}]
        if rng.random() < 0.5
        else None,
        "telefony": [],
        "faxy": None,
        "weby": [],
        "ciloveSkupiny": [{"cilovaSkupina": {"id": f"CilovaSkupinaOsoby/{t}"}} for t in targets],
        "vekoveSkupiny": [{"vekovaSkupina": {"id": "VekovaSkupinaOsoby/7"}}],
        "doplnujiciInformaceVekoveSkupiny": None,
        "formy": forms,
        "rozsirenePusobnostiVKraji": None,
        "doplnkoveUdaje": _padding(rng, blocks),
    }


def _provider(rng: random.Random, ico: str, name: str) -> dict[str, Any]:
    return {
        "ico": ico,
        "nazev": name,
        "emaily": [{"email": f"info{ico}@example.cz", "poznamka": None}],
        "weby": [{"web": f"https://p{ico}.example.cz", "poznamka": None}],
        "telefony": [{"telefon": f"5{rng.randint(10**7, 10**8 - 1)}", "poznamka": None}],
        "statutarniOrgany": [{"jmeno": "Jana", "prijmeni": "Statutární", "tituly": "Mgr."}],
    }


def generate(out: Path, services: int, megabytes: float, seed: int, repo: Path) -> Path:
    """Write OUT/rpss.json and the code lists; return the registry file."""
    import yaml

    rng = random.Random(seed)
    manifest = yaml.safe_load((repo / "kpss.yaml").read_text(encoding="utf-8"))
    territory = [m["code"] for m in manifest["territory"]["municipalities"]]
    catalogue = yaml.safe_load((repo / "services.yaml").read_text(encoding="utf-8"))
    icos = {p["id"]: p.get("ico") for p in catalogue["providers"]}
    druhy = [
        int(p["id"].split("/")[1])
        for p in json.loads((CODES / "druhy-socialni-sluzby.json").read_text("utf-8"))["polozky"]
    ]
    groups = [
        int(p["id"].split("/")[1])
        for p in json.loads((CODES / "cilove-skupiny-osoby.json").read_text("utf-8"))["polozky"]
    ]
    elsewhere = [f"{rng.randint(500_000, 599_999)}" for _ in range(6000)]
    elsewhere = [c for c in elsewhere if c not in territory]
    providers = [
        _provider(rng, ico_with_check(1_000_000 + k * 37), f"Poskytovatel {k}, z. s.")
        for k in range(2000)
    ]

    # Size one record, then choose the padding that brings the whole file to the target size.
    probe = [
        len(
            json.dumps(
                _record(rng, 0, "1000000", 4, ["500001"], providers[0], [24], b),
                ensure_ascii=False,
                indent=1,
            ).encode()
        )
        for b in (1, 5)
    ]
    per_block = (probe[1] - probe[0]) / 4
    blocks = max(1, round((megabytes * 1_000_000 / services - (probe[0] - per_block)) / per_block))

    records = []
    n = 0
    for s in catalogue["services"]:
        if not s.get("registered", True) or not s["id"].isdigit():
            continue
        ico = icos.get(s["provider"]) or ico_with_check(9_000_000 + n)
        rec = _record(
            rng,
            n,
            s["id"],
            rng.choice(druhy),
            [rng.choice(territory)],
            _provider(rng, ico, s["provider"]),
            rng.sample(groups, 2),
            blocks,
            ended=n % 11 == 5,
        )
        records.append(rec)
        n += 1
    for _ in range(40):  # new services of the territory, one with a secret address
        records.append(
            _record(
                rng,
                n,
                f"{8_000_000 + n}",
                rng.choice(druhy),
                [rng.choice(territory), rng.choice(elsewhere)],
                rng.choice(providers),
                rng.sample(groups, 2),
                blocks,
                secret=n % 13 == 0,
            )
        )
        n += 1
    while len(records) < services:
        k = rng.randint(1, 3)
        records.append(
            _record(
                rng,
                n,
                f"{1_000_000 + n * 131 % 8_999_999}",
                rng.choice(druhy),
                [rng.choice(elsewhere) for _ in range(k)],
                rng.choice(providers),
                rng.sample(groups, rng.randint(1, 3)),
                blocks,
                ended=rng.random() < 0.08,
                secret=rng.random() < 0.04,
            )
        )
        n += 1
    rng.shuffle(records)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "rpss.json"
    with target.open("w", encoding="utf-8") as handle:
        json.dump({"polozky": records}, handle, ensure_ascii=False, indent=1)
    for name in (
        "druhy-socialni-sluzby.json",
        "cilove-skupiny-osoby.json",
        "formy-soc-sluzby.json",
        "obce.json",
    ):
        shutil.copy(CODES / name, out / name)
    return target


def measure(args: list[str], cwd: Path | None = None) -> tuple[float, float, int, str]:
    """(wall seconds, peak MiB, exit status, stdout) of a command run by a fresh child."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'wall': wall, 'peak': peak, 'rc': done.returncode,\n"
        "                  'out': done.stdout, 'err': done.stderr}))\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe, *args], capture_output=True, text=True, cwd=cwd, check=True
    )
    data = json.loads(done.stdout)
    if data["rc"] not in (0, 1):
        sys.stderr.write(data["err"])
    return data["wall"], data["peak"], data["rc"], data["out"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        help="folder for the generated files (default: a temporary one)",
    )
    parser.add_argument("--services", type=int, default=6733)
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    opts = parser.parse_args()
    work = opts.out or Path(tempfile.mkdtemp(prefix="kpss-bench-import-"))
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    shutil.copytree(EXAMPLE, repo)

    t = time.perf_counter()
    registry = generate(work / "registry", opts.services, opts.mb, opts.seed, repo)
    size = registry.stat().st_size
    print(
        f"generated {registry} ({size / 1e6:.1f} MB, {opts.services} services) "
        f"in {time.perf_counter() - t:.1f} s"
    )

    kpss = [PYTHON, "-m", "kpss_cli"]
    env_today = ["env", "KPSS_TODAY=2026-11-23"]
    rows = []
    wall, peak, rc, _ = measure(
        [PYTHON, "-c", f"import json; json.load(open({str(registry)!r}, encoding='utf-8'))"]
    )
    rows.append(("json.load of the whole file (reference)", wall, peak, rc, ""))
    base = [
        *env_today,
        *kpss,
        "import",
        "registry",
        str(registry),
        "--repo",
        str(repo),
        "--format",
        "json",
    ]
    for label, extra in (
        ("import --dry-run", ["--dry-run"]),
        ("import (writes services.yaml)", []),
        ("second import (nothing to change)", []),
    ):
        wall, peak, rc, out = measure([*base, *extra])
        summary = json.loads(out)["summary"] if out.strip().startswith("{") else {}
        rows.append((label, wall, peak, rc, ", ".join(f"{k} {v}" for k, v in summary.items())))
    print(f"\n{'step':40} {'wall s':>7} {'peak MiB':>9} {'exit':>4}  summary")
    for label, wall, peak, rc, summary in rows:
        print(f"{label:40} {wall:7.2f} {peak:9.0f} {rc:4d}  {summary}")
    worst = max(rows[1:], key=lambda r: r[1])
    fattest = max(rows[1:], key=lambda r: r[2])
    ok = worst[1] <= 15 and fattest[2] < 1024
    print(
        f"\ntarget (≤ 15 s, < 1 GB peak): {'met' if ok else 'NOT met'}  "
        f"(slowest {worst[1]:.2f} s, largest {fattest[2]:.0f} MiB)"
    )
    if not opts.out and not opts.keep:
        shutil.rmtree(work)
    else:
        print(f"files kept in {work}")


if __name__ == "__main__":
    main()
