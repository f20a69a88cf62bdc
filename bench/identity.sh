#!/bin/sh
# Byte-identity of every figure, old tree ($1, `git archive` export) vs this worktree.
# usage: sh bench/identity.sh OLD_TREE [SYNTH_DIR]
set -e
OLD=$1; SYN=${2:-/tmp/kit-identity-300}
PY=${PY:-.venv/bin/python}
TAG=$(basename "$OLD")  # the old dumps are kept per old tree
NEW=$(basename "$PWD")  # the new ones per worktree: several helpers may run this at once
[ -d "$SYN" ] || $PY bench/make_corpus.py --docs 300 --seed 1 --out "$SYN" >/dev/null
for name in seeds dev syn; do
  case $name in seeds) D=seeds;; dev) D=evaluation/gold/dev/docs;; syn) D=$SYN/docs;; esac
  [ -f "/tmp/identity-old-$TAG-$name.jsonl" ] || $PY bench/dump_figures.py "$D" "/tmp/identity-old-$TAG-$name.jsonl" --src "$OLD"
  $PY bench/dump_figures.py "$D" "/tmp/identity-new-$NEW-$name.jsonl"
  cmp "/tmp/identity-old-$TAG-$name.jsonl" "/tmp/identity-new-$NEW-$name.jsonl"
done
echo IDENTICAL
