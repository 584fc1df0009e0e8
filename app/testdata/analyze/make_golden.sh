#!/bin/sh
# make_golden.sh ALLY: runs the ally binary ALLY on every case of cases.tsv
# and writes the goldens beside it (see README.md). The goldens in the
# repository were made with the binary built from commit e9f711e, before
# the analysis moved from cli to app, so that the tests show the move
# changed no byte of what ally prints.
set -eu
ally=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The rings: too big to keep, cheap to make. ring51k is over the exact
# all-pairs budget (sampled betweenness, closeness skipped), ring200k over
# the edge count above which Leiden's iterations are capped.
awk 'BEGIN { n = 51000; for (i = 0; i < n; i++) printf "%d %d %d\n", i, (i + 1) % n, 1 + i % 3 }' >"$tmp/ring51k.txt"
awk 'BEGIN { n = 200001; for (i = 0; i < n; i++) printf "%d %d\n", i, (i + 1) % n }' >"$tmp/ring200k.txt"
grep -v '^#' "$here/cases.tsv" | while IFS='	' read -r name args; do
	dir=$here
	case $args in *ring*) dir=$tmp ;; esac
	out=$tmp/$name.out
	set +e
	# shellcheck disable=SC2086 # the arguments are split on spaces
	(cd "$dir" && "$ally" --db none.db $args) >"$out" 2>"$tmp/stderr"
	code=$?
	set -e
	case $name in
	*.err) { echo "exit $code"; cat "$tmp/stderr"; } >"$here/$name" ;;
	*)
		if [ $code -ne 0 ]; then
			echo "$name: exit $code: $(cat "$tmp/stderr")" >&2
			exit 1
		fi
		case $name in
		ring*.json) # 5 to 30 MB: keep the digest only
			sha256sum <"$out" | sed "s/-\$/$name/" >"$here/${name%.json}.json.sha256" ;;
		*) cp "$out" "$here/$name" ;;
		esac
		;;
	esac
done
