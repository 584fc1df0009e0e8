#!/bin/sh
# Side-by-side benchmark of ally's network engine against igraph (C core)
# and networkx, on the shared graphs, in one run on this machine.
#
#   bench/run.sh            everything (about 15-20 minutes on 2 cores)
#   QUICK=1 bench/run.sh    the two 10k graphs, igraph only (about 2 minutes)
#
# SHARED (default ../shared, relative to the repository root) holds
# data/graphs/ and bench/ (bench.py, csr_pagerank.c), which are reused by path.
# Results go to $OUT (default bench/results/): one JSON line per measurement
# and report.md, the table printed at the end. Not part of `go test`.
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
OUT=${OUT:-bench/results}
PY=/usr/bin/python3
G=$SHARED/data/graphs
mkdir -p "$OUT/tmp"
OUT=$(cd "$OUT" && pwd)
RAW=$OUT/raw.jsonl
: > "$RAW"

if ! $PY -c 'import igraph, networkx, leidenalg' 2>/dev/null; then
	echo "installing python3-igraph python3-networkx python3-leidenalg" >&2
	apt-get update && apt-get install -y python3-igraph python3-networkx python3-leidenalg
fi
command -v gcc >/dev/null || { apt-get update && apt-get install -y gcc; }

go build -o "$OUT/allybench" ./bench/allybench
gcc -O3 -march=native -fopenmp "$SHARED/bench/csr_pagerank.c" -o "$OUT/csr_pagerank"
export OPENBLAS_NUM_THREADS=1

plain() { # plain copy of a graph (bench.py and the C program read text only)
	if [ -f "$G/$1.txt" ]; then echo "$G/$1.txt"; else
		[ -f "$OUT/tmp/$1.txt" ] || gunzip -c "$G/$1.txt.gz" > "$OUT/tmp/$1.txt"
		echo "$OUT/tmp/$1.txt"
	fi
}

IG_ALL=load,pagerank,eigenvector,closeness_k256,betweenness,closeness,components,kcore,constraint,leiden,leiden_converged
NX_ALL=load,pagerank,eigenvector,bfs,betweenness_k256,betweenness,components,kcore,louvain

for name in ba_10k_m5 sbm_org_10k; do
	f=$(plain $name)
	echo "== $name" >&2
	"$OUT/allybench" "$f" >> "$RAW"
	$PY "$SHARED/bench/bench.py" ig "$f" "$RAW" "$IG_ALL" > /dev/null
	[ "${QUICK:-}" ] || $PY "$SHARED/bench/bench.py" nx "$f" "$RAW" "$NX_ALL" > /dev/null
done

if [ -z "${QUICK:-}" ]; then
	name=ba_100k_m5; f=$(plain $name)
	echo "== $name" >&2
	"$OUT/allybench" "$f" load,pagerank,eigenvector,components,kcore,constraint,leiden,leiden10,leiden_converged,betweenness_sampled >> "$RAW"
	$PY "$SHARED/bench/bench.py" ig "$f" "$RAW" load,pagerank,eigenvector,closeness_k256,betweenness,closeness,components,kcore,leiden,leiden_converged > /dev/null
	$PY "$SHARED/bench/bench.py" nx "$f" "$RAW" load,pagerank,components,kcore > /dev/null

	name=ba_1m_m10; f=$(plain $name)
	echo "== $name (whole process: ally vs C, alternating, 3 runs each)" >&2
	for i in 1 2 3; do
		$PY bench/compare.py proc ally "$RAW" "$OUT/allybench" -process "$f" 20
		OMP_NUM_THREADS=1 $PY bench/compare.py proc c "$RAW" "$OUT/csr_pagerank" "$f" 20
	done
	$PY bench/compare.py proc ally_gz "$RAW" "$OUT/allybench" -process "$G/$name.txt.gz" 20
	"$OUT/allybench" "$f" pagerank,components,kcore,leiden,leiden10,betweenness_sampled >> "$RAW"
	$PY "$SHARED/bench/bench.py" ig "$f" "$RAW" load,pagerank,components,kcore,leiden > /dev/null
fi

{
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(go version | cut -d' ' -f3); $($PY -c 'import igraph, networkx; print("python-igraph", igraph.__version__, "networkx", networkx.__version__)')"
	echo "Date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	$PY bench/compare.py report "$RAW"
} | tee "$OUT/report.md"
