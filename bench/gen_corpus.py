#!/usr/bin/env python3
"""Deterministic synthetic corpus of briefings for benchmarking `brief build`.

    python3 bench/gen_corpus.py N OUTDIR [--seed S] [--languages ko,id]

Writes OUTDIR/site.yaml, OUTDIR/content/pages/about.md and N briefings as
OUTDIR/content/YYYY/MM/<slug>.md in brief's format (DESIGN.md section 2):

- front matter: quoted title (unique), date (about 60% `YYYY-MM-DD`, the rest
  RFC 3339 with an offset: Z, +00:00, +01:00, +05:30, +09:00, -05:00), 2-5 tags from
  a pool of 300 with a Zipf-like long tail (a few Unicode and spaced names in the
  tail), summary on about half (a `<!-- more -->` marker on some of the others),
  1-2 authors, 1-3 sources with https URLs on about 40%, `updated` on about 10%,
  an explicit `slug` on about 5%;
- bodies of about 450 words: lead paragraph, `##` sections, bullet lists (some
  nested), a numbered list on some, a table on every 3rd briefing, a footnote on
  every 5th, a blockquote on some, inline links, emphasis, strong and code spans.

With --languages, the site is multilingual (DESIGN.md section 8): `languages:` lists
the codes, and every briefing also exists in each of them, at
OUTDIR/content/<code>/YYYY/MM/<slug>.md (the same path, so they are translations),
with the title marked by the code (so each language has its own slugs) and the same
body: N briefings in 1 + len(languages) languages, N x (1 + len) files.

Dates are spread over ten years (2016-01-01 to 2025-12-31, denser in recent
years), so none is in the future and every briefing is published. The same
N and seed always produce byte-identical files. Python 3 standard library only;
100,000 briefings take well under a minute.
"""
import argparse
import bisect
import datetime
import itertools
import os
import random
import re
import sys

# --- vocabulary -------------------------------------------------------------

WORDS = """
state media ministry spokesman declaration summit alliance deterrence nuclear peninsula
exercise sanctions export missile launch border balloon agreement treaty assistance
security council envoy talks ceasefire drone artillery shipment port satellite imagery
analyst official statement military cooperation defence budget election parliament
coalition inflation tariff supply chain semiconductor energy grid pipeline refinery harvest
drought flood evacuation humanitarian corridor refugee observer mission government
president minister foreign interior commander forces navy coast guard airspace vessel
tanker cargo convoy checkpoint district province capital region frontier village
agency report briefing assessment estimate figure percent increase decline rise drop
week month quarter year morning evening overnight recent previous following current
first second third new old major minor key likely unlikely possible significant limited
broad narrow direct indirect public private regional national international bilateral
multilateral strategic tactical economic political diplomatic legal technical
announced said confirmed denied warned urged called signed rejected condemned reported
expected planned delayed resumed suspended expanded reduced approved blocked held met
the the the the of of of of and and and to to to in in in a a a on on for for with with
by by at at from from after after before amid over under against between during since
""".split()

LINK_TEXTS = ["the full statement", "an earlier briefing", "the ministry's readout",
              "satellite imagery", "the agency report", "the published text",
              "official figures", "the joint communique", "a recent analysis",
              "the transcript", "the court filing", "the budget documents"]
DOMAINS = ["example.org", "news.example.com", "data.example.net", "gov.example",
           "archive.example.org", "wire.example.com", "research.example.edu"]
PUBLISHERS = ["Reuters", "AP", "AFP", "Yonhap", "KCNA", "NHK", "BBC Monitoring",
              "Kyiv Independent", "TASS", "Xinhua", "Al Jazeera", "The Guardian",
              "Financial Times", "Nikkei Asia", "ISW", "IISS", "UN OCHA", "World Bank"]
AUTHORS = ["Asia Desk", "Europe Desk", "Middle East Desk", "Africa Desk", "Americas Desk",
           "Economics Desk", "Cyber Desk", "J. Park", "M. Kowalski", "A. Haddad",
           "S. Okafor", "L. Moreau", "K. Tanaka", "R. Singh", "E. Novak", "D. Silva",
           "H. Kim", "N. Petrova", "T. Nguyen", "C. Ortega", "F. Rahimi", "B. Lindqvist"]

SUBJECTS = ["Pyongyang", "Seoul", "Tokyo", "Beijing", "Taipei", "Moscow", "Kyiv", "Warsaw",
            "Berlin", "Paris", "London", "Washington", "Ottawa", "Brasilia", "Mexico City",
            "New Delhi", "Islamabad", "Tehran", "Riyadh", "Ankara", "Cairo", "Abuja",
            "Nairobi", "Addis Ababa", "Jakarta", "Manila", "Hanoi", "Canberra", "NATO",
            "The EU", "The UN Security Council", "The IAEA", "The African Union", "ASEAN",
            "The G7", "The IMF", "The World Bank", "OPEC+", "The Pentagon", "The Kremlin",
            "Opposition leaders", "Coalition partners", "The central bank", "Regulators",
            "Border guards", "The coast guard", "Election observers", "Aid agencies",
            "Rebel groups", "Port authorities", "Grid operators", "Defence ministers",
            "Foreign ministers", "Trade negotiators", "Parliament", "The court",
            "Customs officials", "Health authorities", "Climate envoys", "Investigators"]
VERBS = ["condemns", "rejects", "announces", "expands", "suspends", "resumes", "approves",
         "blocks", "signs", "extends", "tightens", "eases", "reviews", "delays", "confirms",
         "denies", "warns over", "calls for", "pledges", "launches", "ends", "defends",
         "challenges", "welcomes", "postpones", "proposes", "debates", "backs", "questions",
         "restricts", "lifts", "doubles", "cuts", "investigates", "reports", "publishes",
         "agrees on", "drafts", "tests", "deploys"]
OBJECTS = ["new sanctions package", "joint naval drills", "border security pact",
           "missile launch", "grain export corridor", "energy price cap", "arms transfer",
           "ceasefire proposal", "election timetable", "defence budget", "satellite launch",
           "chip export controls", "refugee quota", "pipeline deal", "nuclear talks",
           "drone strikes", "port access agreement", "tariff schedule", "aid convoy",
           "cyber attack attribution", "maritime boundary claim", "troop rotation",
           "air defence deliveries", "debt restructuring plan", "food security plan",
           "emissions target", "fishing rights deal", "peacekeeping mandate",
           "visa restrictions", "embassy closure", "military hotline", "investment screening",
           "rare earth quotas", "power grid repairs", "evacuation order", "curfew",
           "counter-terrorism law", "space cooperation deal", "shipping insurance rules",
           "inflation forecast", "interest rate path", "fuel subsidy reform",
           "judicial reform bill", "media law", "protest ban", "prisoner exchange",
           "hostage negotiations", "weapons inspections", "uranium enrichment plans",
           "air patrols", "coast guard patrols", "observer mission", "reconstruction fund",
           "oil output quotas", "gas storage targets", "water sharing treaty",
           "vaccine donations", "trade deficit figures", "currency intervention",
           "export licences", "border fence", "mine clearance programme",
           "naval blockade warning", "airspace closure", "data localisation rules",
           "critical minerals deal", "shipbuilding contract", "fighter jet order",
           "drone factory", "train line project", "dam project", "census results",
           "budget vote", "no-confidence motion", "snap election call", "cabinet reshuffle",
           "summit communique", "strategic dialogue", "security guarantees"]
QUALIFIERS = ["", "", "", "", "after summit", "amid border tensions", "ahead of talks",
              "despite protests", "after overnight attacks", "as deadline nears",
              "under pressure from allies", "in surprise move", "for second year",
              "after court ruling", "amid inflation fears", "following elections",
              "as talks stall", "in joint statement", "after drone incident",
              "amid supply shortages", "before winter", "after heavy rains",
              "as aid runs low", "in response to sanctions", "at regional forum",
              "over human rights concerns", "as prices climb", "after weeks of delay"]
HEADINGS = ["Background", "Context", "What happened", "Analysis", "Reactions",
            "Implications", "Regional picture", "Economic impact", "Military picture",
            "Diplomatic track", "Humanitarian situation", "Domestic politics"]
WATCH = ["What to watch", "Next steps", "Outlook", "Indicators to monitor"]
TABLE_HEADS = [("Indicator", "Value", "Change"), ("Region", "Incidents", "Change"),
               ("Item", "Volume", "Year on year"), ("Measure", "Level", "Trend")]

REGION_TAGS = ["north-korea", "south-korea", "japan", "china", "taiwan", "russia",
               "ukraine", "belarus", "poland", "baltics", "balkans", "caucasus", "turkey",
               "iran", "iraq", "syria", "israel", "gaza", "lebanon", "yemen", "red-sea",
               "saudi-arabia", "egypt", "libya", "sahel", "mali", "niger", "nigeria",
               "ethiopia", "sudan", "somalia", "kenya", "south-africa", "india",
               "pakistan", "afghanistan", "myanmar", "philippines", "vietnam", "indonesia",
               "australia", "brazil", "mexico", "venezuela", "colombia", "argentina",
               "canada", "united-states", "eu", "uk", "france", "germany", "arctic"]
TOPIC_TAGS = ["nato", "sanctions", "nuclear", "missiles", "diplomacy", "elections",
              "energy", "trade", "cyber", "migration", "climate", "economy", "drones",
              "navy", "intelligence", "terrorism", "arms-exports", "space", "food-security",
              "health", "shipping", "semiconductors", "oil", "gas", "inflation",
              "human-rights", "protests", "courts", "media", "disinformation", "aid",
              "refugees", "border-security", "air-defence", "artillery", "logistics",
              "critical-minerals", "water", "agriculture", "debt", "currency", "tariffs",
              "export-controls", "peacekeeping", "ceasefire", "hostages", "espionage",
              "infrastructure", "power-grid", "telecoms", "ai", "space-launches",
              "fisheries", "maritime-disputes", "coast-guard", "digest", "weekly",
              "analysis", "alert", "explainer"]
UNICODE_TAGS = ["북한", "Côte d'Ivoire", "São Paulo", "Ελλάδα", "Україна", "日本の防衛",
                "supply chains", "Red Cross", "EU Council", "G7 summit"]


def build_tag_pool():
    pool = TOPIC_TAGS[:20] + REGION_TAGS[:20] + TOPIC_TAGS[20:] + REGION_TAGS[20:]
    tail = []
    for a, b in itertools.product(REGION_TAGS[:24], ["elections", "economy", "military",
                                                     "diplomacy", "energy", "protests",
                                                     "border", "aid"]):
        tail.append(f"{a}-{b}")
    rng = random.Random(7)  # fixed: the pool never depends on the corpus seed
    rng.shuffle(tail)
    pool += tail[:300 - len(pool) - len(UNICODE_TAGS)]
    # Unicode and spaced tags sit in the long tail, spread out.
    for k, t in enumerate(UNICODE_TAGS):
        pool.insert(120 + k * 17, t)
    assert len(pool) == len(set(pool)) == 300, len(pool)
    return pool


# --- text -------------------------------------------------------------------

def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_sentence(rng, lo=10, hi=24):
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


class Bank:
    """Pre-generated sentences, so a body costs a few dozen picks, not 450."""

    def __init__(self, rng, n=6000):
        self.plain = [make_sentence(rng) for _ in range(n)]
        self.short = [make_sentence(rng, 6, 12) for _ in range(n // 2)]
        self.rng = rng

    def s(self):
        return self.plain[int(self.rng.random() * len(self.plain))]

    def sh(self):
        return self.short[int(self.rng.random() * len(self.short))]

    def decorated(self, i):
        """A sentence carrying inline markup: emphasis, strong, code or a link."""
        rng = self.rng
        words = self.s()[:-1].split(" ")
        k = rng.randrange(1, len(words))
        kind = rng.random()
        if kind < 0.4:
            words[k] = f"*{words[k]}*"
        elif kind < 0.6:
            words[k] = f"**{words[k]}**"
        elif kind < 0.7:
            words[k] = f"`{words[k]}`"
        else:
            dom = DOMAINS[rng.randrange(len(DOMAINS))]
            text = LINK_TEXTS[rng.randrange(len(LINK_TEXTS))]
            words.insert(k, f"(see [{text}](https://{dom}/reports/{i}-{k}))")
        return " ".join(words) + "."

    def para(self, i, lo=3, hi=5):
        n = self.rng.randint(lo, hi)
        parts = [self.s() for _ in range(n)]
        parts[self.rng.randrange(n)] = self.decorated(i)
        return " ".join(parts)


def body(bank, rng, i, more):
    out = [bank.para(i, 3, 4)]
    if more:
        out.append("<!-- more -->")
    out.append("## Key points")
    items = []
    for _ in range(rng.randint(3, 5)):
        w = WORDS[rng.randrange(len(WORDS))]
        items.append(f"- **{w.capitalize()}**: {bank.s()}")
        if rng.random() < 0.15:
            items.append(f"  - {bank.sh()}")
    out.append("\n".join(items))
    h1, h2 = rng.sample(HEADINGS, 2)
    out.append(f"## {h1}")
    out.append(bank.para(i))
    out.append(bank.para(i, 2, 4))
    if i % 3 == 0:
        head = TABLE_HEADS[rng.randrange(len(TABLE_HEADS))]
        rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---:|---:|"]
        for _ in range(rng.randint(4, 6)):
            w = WORDS[rng.randrange(len(WORDS))]
            rows.append(f"| {w.capitalize()} | {rng.randint(1, 9999):,} | {rng.randint(-40, 40):+d}% |")
        out.append(f"### Figures\n\n" + "\n".join(rows))
    out.append(f"## {h2}")
    if rng.random() < 0.3:
        out.append("> " + bank.s())
    if rng.random() < 0.35:
        out.append("\n".join(f"{k}. {bank.sh()}" for k in range(1, rng.randint(3, 4) + 1)))
    out.append(bank.para(i, 2, 4))
    out.append("## Assessment")
    a = bank.para(i, 3, 4)
    if i % 5 == 0:
        a += "[^1]"
    out.append(a)
    out.append(f"## {WATCH[rng.randrange(len(WATCH))]}")
    out.append("\n".join(f"- {bank.sh()}" for _ in range(rng.randint(2, 3))))
    if i % 5 == 0:
        out.append(f"[^1]: {bank.sh()} Source: <https://{DOMAINS[i % len(DOMAINS)]}/notes/{i}>")
    return "\n\n".join(out) + "\n"


# --- dates ------------------------------------------------------------------

START = datetime.datetime(2016, 1, 1)
SPAN_S = int((datetime.datetime(2026, 1, 1) - START).total_seconds())
OFFSETS = ["Z", "+00:00", "+01:00", "+05:30", "+09:00", "-05:00"]


def pick_date(rng):
    # density grows linearly over the ten years (more briefings recently)
    t = START + datetime.timedelta(seconds=int(SPAN_S * (rng.random() ** 0.7)))
    t = t.replace(second=0)
    if rng.random() < 0.6:
        return t, t.strftime("%Y-%m-%d")
    off = OFFSETS[rng.randrange(len(OFFSETS))]
    return t, t.strftime("%Y-%m-%dT%H:%M:00") + off


# --- main -------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of briefings")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--languages", default="", help="comma-separated codes of other editions")
    a = ap.parse_args()
    langs = [c.strip() for c in a.languages.split(",") if c.strip()]

    rng = random.Random(a.seed)
    bank = Bank(rng)
    pool = build_tag_pool()
    cum = list(itertools.accumulate(1.0 / (k + 1) ** 1.05 for k in range(len(pool))))
    total = cum[-1]

    content = os.path.join(a.outdir, "content")
    os.makedirs(os.path.join(content, "pages"), exist_ok=True)
    with open(os.path.join(a.outdir, "site.yaml"), "w") as f:
        f.write('# Synthetic benchmark site (bench/gen_corpus.py)\n'
                'title: "Bench Briefings"\n'
                'base_url: "https://bench.example.org/"\n'
                'description: "Synthetic briefings for benchmarking brief."\n'
                'language: en\n'
                'timezone: UTC\n')
        if langs:
            f.write("languages:\n" + "".join(f"  {c}: {{ title: \"Bench Briefings ({c})\" }}\n" for c in langs))
    with open(os.path.join(content, "pages", "about.md"), "w") as f:
        f.write('---\ntitle: "About"\n---\n' + bank.para(0) + "\n")

    used = set()
    made_dirs = set()
    for i in range(a.n):
        t, date_s = pick_date(rng)
        q = QUALIFIERS[rng.randrange(len(QUALIFIERS))]
        title = (f"{SUBJECTS[rng.randrange(len(SUBJECTS))]} {VERBS[rng.randrange(len(VERBS))]} "
                 f"{OBJECTS[rng.randrange(len(OBJECTS))]}" + (f" {q}" if q else ""))
        slug = slugify(title)
        if slug in used:
            k = 2
            while f"{slug}-part-{k}" in used:
                k += 1
            title += f", part {k}"
            slug = f"{slug}-part-{k}"
        used.add(slug)

        ntags = rng.randint(2, 5)
        tags = []
        while len(tags) < ntags:
            tg = pool[bisect.bisect_left(cum, rng.random() * total)]
            if tg not in tags:
                tags.append(tg)

        fm = [f"title: {yq(title)}", f"date: {date_s}"]
        if rng.random() < 0.1:
            u = t + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 23))
            fm.append(f"updated: {u.strftime('%Y-%m-%dT%H:%M:00')}{OFFSETS[rng.randrange(len(OFFSETS))]}")
        fm.append("tags: [" + ", ".join(tg if re.fullmatch(r"[a-z0-9-]+", tg) else yq(tg)
                                          for tg in tags) + "]")
        has_summary = rng.random() < 0.5
        if has_summary:
            fm.append(f"summary: {yq(bank.s())}")
        fm.append("authors: [" + ", ".join(rng.sample(AUTHORS, rng.choice((1, 1, 1, 2)))) + "]")
        if rng.random() < 0.4:
            fm.append("sources:")
            for k in range(rng.randint(1, 3)):
                dom = DOMAINS[rng.randrange(len(DOMAINS))]
                fm.append(f"  - title: {yq(bank.sh()[:-1])}\n"
                          f"    url: https://{dom}/{t.year}/{t.month:02d}/{slug}-{k}\n"
                          f"    publisher: {PUBLISHERS[rng.randrange(len(PUBLISHERS))]}")
        if rng.random() < 0.05:
            fm.append(f"slug: {'-'.join(slug.split('-')[:4])}-{i}")
        more = not has_summary and rng.random() < 0.3
        text = "---\n" + "\n".join(fm) + "\n---\n" + body(bank, rng, i, more)

        d = os.path.join(content, f"{t.year:04d}", f"{t.month:02d}")
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        with open(os.path.join(d, slug + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
        # Translations: no draw from rng, so the default language's files are the same
        # with or without --languages.
        for c in langs:
            ld = os.path.join(content, c, f"{t.year:04d}", f"{t.month:02d}")
            if ld not in made_dirs:
                os.makedirs(ld, exist_ok=True)
                made_dirs.add(ld)
            marked = text.replace(f"title: {yq(title)}", f"title: {yq(title + ' (' + c + ')')}", 1)
            with open(os.path.join(ld, slug + ".md"), "w", encoding="utf-8") as f:
                f.write(marked)
    files = a.n * (1 + len(langs))
    print(f"wrote {a.n} briefings in {1 + len(langs)} language(s), {files} files, to {content}", file=sys.stderr)


if __name__ == "__main__":
    main()
