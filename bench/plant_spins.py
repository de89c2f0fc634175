"""Plant known spins in a corpus: copy it through and append WordNet synonym spins of its articles.

Usage: plant_spins.py CORPUS.jsonl.gz OUT.jsonl.gz TRUTH.tsv [--count N] [--seed S] [--scale X]
       [--wordnet DIR]

Every input record is copied through unchanged; then N spins of each kind are appended, each made
from a different randomly chosen source article of at least 150 words:
  light   ~15% of its content words swapped for a WordNet synonym
  heavy   ~35% swapped
  chrome  a light spin wrapped in another site's chrome (navigation, ads, related stories, ©)
A content word is a word, or a regular inflection of one (-s, -ed, -ing, -er, -est), that WordNet
lists as a noun, verb, adjective or adverb; not a stopword or a number word, and not capitalised
unless it starts a sentence and also appears in lower case in the text (so names stay). A swap
takes a single-word synonym from the first synset, in WordNet's sense order, of the word's most used
part of speech that has one, and puts the inflection and a capital first letter back: spinner-grade
grammar, as in the wild. TRUTH.tsv gets a header and one line per spin: planted_id, source_id,
kind. Deterministic for a seed; standard library only, reading WordNet's files from --wordnet.
"""
import argparse
import gzip
import json
import random
import re
import sys

KINDS = {"light": 0.15, "heavy": 0.35, "chrome": 0.15}
MIN_WORDS = 150
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
SENTENCE_START = re.compile(r"(^|[.!?]['\"’”]?\s+|\n\s*)$")
STOPWORDS = set("""
a about above after again against all almost also am among an and any are as at be because been
before being below between both but by can could did do does doing done down during each either
else ever every few for from further get gets got had has have having he her here hers herself him
himself his how however i if in into is it its itself just least less like made make many may me
might more most much must my myself near neither never no nor not now of off often on once one only
or other others our ours ourselves out over own per perhaps quite rather really said same say says
see seen several shall she should since so some such than that the their theirs them themselves
then there these they this those though through thus to too toward under until up upon us very was
we well were what when where whether which while who whom whose why will with within without would
yet you your yours yourself yourselves new year years day days time times week mr mrs ms dr way
two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
thousand million billion trillion first second third fourth fifth half dozen
""".split())
NAV = [["Home", "News", "World", "Politics", "Sports", "Business"],
       ["Home", "U.S.", "World", "Opinion", "Tech", "Health"],
       ["Top Stories", "Local", "National", "Entertainment", "Weather"],
       ["Front Page", "Latest", "Money", "Science", "Culture", "Video"]]
BEFORE = ["Advertisement", "ADVERTISEMENT", "Sponsored content", "Story continues below advertisement"]
NEWSLETTER = ["Subscribe to our newsletter", "Sign up for our daily briefing",
              "Get the latest headlines in your inbox - subscribe now", "Join our mailing list"]
RELATED = ["Related stories", "Related Articles", "More from this section", "You may also like"]
SUBJECTS = ["Lawmakers", "City council", "Local officials", "Analysts", "Residents", "Experts",
            "The governor", "Investors", "Voters", "Police"]
PREDICATES = ["weigh new budget plan", "react to surprise ruling", "brace for winter storm",
              "question rising costs", "push back on proposal", "celebrate record turnout",
              "warn of delays ahead", "debate school funding", "look to next season"]
PUBLISHERS = ["Example Daily", "The Example Herald", "Example Times", "Example Post"]


# Regular inflections: (suffix of the word, suffix of its base form, inflection to put back).
SUFFIXES = [("ies", "y", "s"), ("ches", "ch", "s"), ("shes", "sh", "s"), ("ses", "s", "s"),
            ("xes", "x", "s"), ("s", "", "s"), ("ied", "y", "ed"), ("ed", "e", "ed"), ("ed", "", "ed"),
            ("ing", "e", "ing"), ("ing", "", "ing"), ("er", "", "er"), ("est", "", "est")]
POS_OF = {"": ("noun", "verb", "adj", "adv"), "s": ("noun", "verb"), "ed": ("verb",), "ing": ("verb",),
          "er": ("adj",), "est": ("adj",)}  # the parts of speech an inflection can have


def load_wordnet(root):
    """All WordNet lemmas, and word -> [(pos, synonyms)], most used part of speech first, each with
    the single-word synonyms of the first of its synsets (in sense order) that has any."""
    senses = {}  # word -> [(tagged sense count, pos, synset offsets in sense order)]
    for pos in ("noun", "verb", "adj", "adv"):
        with open(f"{root}/index.{pos}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                # lemma pos synset_cnt p_cnt ptr_symbol... sense_cnt tagsense_cnt synset_offset...
                parts = line.split()
                p_cnt = int(parts[3])
                if parts[0].isalpha() and parts[0] not in STOPWORDS:
                    senses.setdefault(parts[0], []).append((int(parts[5 + p_cnt]), pos, parts[6 + p_cnt :]))
    lemmas = {}  # (pos, offset) -> single-word lemmas of that synset
    for pos in ("noun", "verb", "adj", "adv"):
        with open(f"{root}/data.{pos}", encoding="utf-8") as f:
            for line in f:
                # synset_offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id...] ...
                parts = line.split()
                if not line.startswith(" "):
                    words = [re.sub(r"\(.*\)$", "", w).lower() for w in parts[4 : 4 + 2 * int(parts[3], 16) : 2]]
                    lemmas[pos, parts[0]] = [w for w in dict.fromkeys(words) if w.isalpha()]
    synonyms = {}
    for word, entries in senses.items():
        for _, pos, offsets in sorted(entries, key=lambda e: -e[0]):
            found = next(([w for w in lemmas[pos, o] if w != word] for o in offsets if len(lemmas[pos, o]) > 1), None)
            if found:
                synonyms.setdefault(word, []).append((pos, found))
    return set(senses), synonyms


def synonyms_for(base, inflection, synonyms):
    return next((found for pos, found in synonyms.get(base, ()) if pos in POS_OF[inflection]), None)


def base_form(word, lemmas):
    """(base, inflection) for a lower-case word whose base form is a WordNet lemma, else None."""
    if word in lemmas:
        return word, ""
    for suffix, base_suffix, inflection in SUFFIXES:
        if word.endswith(suffix) and (base := word[: -len(suffix)] + base_suffix) in lemmas and len(base) > 2:
            return base, inflection
    return None


def inflect(word, inflection):
    """Put a regular inflection (s, ed, ing, er, est) on a base form."""
    consonant_y = word.endswith("y") and word[-2:-1] not in "aeiou"
    if inflection == "s":
        return word[:-1] + "ies" if consonant_y else word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
    if inflection == "ing":
        return (word[:-1] if word.endswith("e") and not word.endswith("ee") else word) + "ing"
    if inflection:
        return word[:-1] + "i" + inflection if consonant_y else (word[:-1] if word.endswith("e") else word) + inflection
    return word


def spin(text, rate, wordnet, rng):
    """Swap `rate` of the content words in text for synonyms, keeping first-letter case.
    Returns the new text, the number of words swapped and the number of content words."""
    lemmas, synonyms = wordnet
    lower = {m.group() for m in WORD.finditer(text) if m.group().islower()}
    content, slots = 0, []
    for m in WORD.finditer(text):
        word = m.group()
        if len(word) < 3 or word.lower() in STOPWORDS or not (found := base_form(word.lower(), lemmas)):
            continue
        if not word.islower():
            sentence_start = SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()]) is not None
            if not (sentence_start and word[1:].islower() and word.lower() in lower):
                continue
        content += 1
        if choices := synonyms_for(*found, synonyms):
            slots.append((m, found[1], choices))
    chosen = sorted(rng.sample(slots, min(len(slots), round(rate * content))), key=lambda s: s[0].start())
    out, at = [], 0
    for m, inflection, choices in chosen:
        new = inflect(rng.choice(choices), inflection)
        out += [text[at : m.start()], new.capitalize() if m.group()[0].isupper() else new]
        at = m.end()
    out.append(text[at:])
    return "".join(out), len(chosen), content


def chrome(text, rng):
    publisher = rng.choice(PUBLISHERS)
    nav = " | ".join(rng.choice(NAV))
    headlines = [f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}" for _ in range(rng.randint(3, 4))]
    before = [nav, rng.choice(BEFORE), rng.choice(NEWSLETTER)]
    after = [rng.choice(RELATED), *headlines, f"© 2026 {publisher}. All rights reserved."]
    return "\n".join(before) + "\n\n" + text + "\n\n" + "\n".join(after)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("truth")
    ap.add_argument("--count", type=int, default=100, help="spins per kind (default 100)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every kind's swap rate (2 swaps 30%% and 70%% of content words)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    wordnet = load_wordnet(args.wordnet)
    wanted = args.count * len(KINDS)
    pool, eligible, records = [], 0, 0  # reservoir sample of eligible source articles
    opener = gzip.open if args.corpus.endswith(".gz") else open
    with opener(args.corpus, "rb") as f, gzip.open(args.out, "wb", compresslevel=6) as out:
        for line in f:
            if not line.strip():
                continue
            out.write(line if line.endswith(b"\n") else line + b"\n")
            records += 1
            record = json.loads(line)
            text = record.get("text") or ""
            if record.get("id") is None or len(WORD.findall(text)) < MIN_WORDS:
                continue
            eligible += 1
            if len(pool) < wanted:
                pool.append(record)
            elif (j := rng.randrange(eligible)) < wanted:
                pool[j] = record
        if len(pool) < wanted:
            sys.exit(f"plant_spins: only {len(pool)} articles of {MIN_WORDS}+ words, {wanted} needed")
        rng.shuffle(pool)
        with open(args.truth, "w", encoding="utf-8") as truth:
            truth.write("planted_id\tsource_id\tkind\n")
            for k, (kind, rate) in enumerate(KINDS.items()):
                rate = min(1.0, rate * args.scale)
                swapped = content = words = 0
                for n, source in enumerate(pool[k * args.count : (k + 1) * args.count], 1):
                    pid = f"planted-{kind}-{n:06d}"
                    site = f"spinfarm{rng.randint(1, 9)}.example"
                    text, changed, found = spin(source["text"], rate, wordnet, rng)
                    title = spin(source.get("title") or "", rate, wordnet, rng)[0]
                    if kind == "chrome":
                        text = chrome(text, rng)
                    swapped, content = swapped + changed, content + found
                    words += len(WORD.findall(source["text"]))
                    planted = {"id": pid, "title": title, "url": f"https://{site}/{kind}/{n:06d}",
                               "site": site, "text": text}
                    if source.get("date"):
                        planted["date"] = source["date"]
                    out.write((json.dumps(planted, ensure_ascii=False) + "\n").encode())
                    truth.write(f"{pid}\t{source['id']}\t{kind}\n")
                print(f"plant_spins: {kind}: {args.count} spins, {swapped / content:.1%} of content words "
                      f"swapped (aim {rate:.0%}), {swapped / words:.1%} of all words", file=sys.stderr)
    print(f"plant_spins: {records} records copied, {eligible} of {MIN_WORDS}+ words, "
          f"{wanted} spins appended, {len(wordnet[1])} WordNet words with synonyms -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
