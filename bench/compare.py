#!/usr/bin/python3
"""Helpers for bench/run.sh.

compare.py proc LABEL RAW.jsonl CMD...   run CMD, append its wall time and peak
                                         memory (as a JSON line) to RAW.jsonl
compare.py report RAW.jsonl              print the side-by-side table (markdown)
"""
import json, resource, subprocess, sys, time, statistics

def proc(label, raw, cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    s = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    if out.returncode != 0:
        sys.exit('%s failed: %s' % (cmd, out.stderr))
    rec = dict(lib=label, graph='ba_1m_m10', algo='process', s=s, rss_mb=rss, cmd=' '.join(cmd))
    with open(raw, 'a') as f:
        f.write(json.dumps(rec) + '\n')

def fmt(s):
    if s is None:
        return '—'
    if s < 1e-3:
        return '%.0f µs' % (s * 1e6)
    if s < 1:
        return '%.1f ms' % (s * 1e3)
    return '%.2f s' % s

def report(raw):
    recs = [json.loads(l) for l in open(raw) if l.strip()]
    by = {}
    for r in recs:
        by.setdefault((r['lib'], r['graph'], r['algo']), []).append(r)
    def one(lib, graph, algo):
        rs = by.get((lib, graph, algo))
        return rs[-1] if rs else None
    graphs = [g for g in ('ba_10k_m5', 'sbm_org_10k', 'ba_100k_m5', 'ba_1m_m10') if any(k[1] == g for k in by)]
    rows = [('load', 'load', 'load'), ('pagerank', 'pagerank', 'pagerank'), ('eigenvector', 'eigenvector', 'eigenvector'),
            ('betweenness (exact)', 'betweenness', 'betweenness'), ('closeness', 'closeness', 'closeness'),
            ('components', 'components', 'components'), ('k-core', 'kcore', 'kcore'), ('constraint', 'constraint', 'constraint'),
            ('Leiden, 2 iterations (nx: Louvain)', 'leiden', 'leiden'), ('Leiden until stable', 'leiden_converged', 'leiden_converged'), ('Leiden, 10 iterations (ally analyze above 200k edges; igraph: its default 2)', 'leiden10', 'leiden'),
            ('betweenness sampled ε=0.01 δ=0.1', 'betweenness_sampled', None)]
    print('| graph | algorithm | ally | igraph | ally/igraph | networkx | networkx/ally | notes |')
    print('|---|---|---:|---:|---:|---:|---:|---|')
    for g in graphs:
        for label, a_algo, ig_algo in rows:
            a = one('ally', g, a_algo)
            i = one('ig', g, ig_algo) if ig_algo else None
            nx_algo = 'louvain' if a_algo == 'leiden' else a_algo
            x = one('nx', g, nx_algo)
            if not a and not i:
                continue
            at = a.get('s') if a else None
            it = i.get('s') if i else None
            xt = x.get('s') if x else None
            notes = []
            if a and 'modularity' in a:
                notes.append('Q ally %.4f' % a['modularity'])
            if i and 'modularity' in i:
                notes.append('igraph %.4f' % i['modularity'])
            if x and 'modularity' in x:
                notes.append('nx %.4f' % x['modularity'])
            if a and 'samples' in a:
                notes.append('%d samples, ε=%.3g, VD≤%d' % (a['samples'], a['epsilon'], a['vertex_diameter']))
            if a and a_algo == 'pagerank' and 'iterations' in a:
                notes.append('ally %d iterations to 1e-10' % a['iterations'])
            for lib, r in (('igraph', i), ('nx', x)):
                if r and r.get('dnf'):
                    notes.append('%s %s' % (lib, r['dnf']))
            ratio = '%.2f' % (at / it) if at and it else '—'
            xr = '%.0f×' % (xt / at) if at and xt else '—'
            print('| %s | %s | %s | %s | %s | %s | %s | %s |' % (g, label, fmt(at), fmt(it), ratio, fmt(xt), xr, '; '.join(notes)))
    procs = {lib: [r for r in recs if r['algo'] == 'process' and r['lib'] == lib] for lib in ('ally', 'c', 'ally_gz')}
    if procs['ally'] and procs['c']:
        ma = statistics.median(r['s'] for r in procs['ally'])
        mc = statistics.median(r['s'] for r in procs['c'])
        print()
        print('Whole process on ba_1m_m10 (1M nodes, 10M edges), load + 20 PageRank iterations, median of %d alternating runs:' % len(procs['ally']))
        print()
        print('| program | wall time | peak memory |')
        print('|---|---:|---:|')
        print('| ally (`allybench -process`, plain text) | %s | %.0f MB |' % (fmt(ma), max(r['rss_mb'] for r in procs['ally'])))
        if procs['ally_gz']:
            r = procs['ally_gz'][-1]
            print('| ally, reading the .gz directly | %s | %.0f MB |' % (fmt(r['s']), r['rss_mb']))
        print('| C `csr_pagerank.c`, 1 thread | %s | %.0f MB |' % (fmt(mc), max(r['rss_mb'] for r in procs['c'])))
        print()
        print('ally / C = %.2f (target ≤ 2).' % (ma / mc))

if __name__ == '__main__':
    if sys.argv[1] == 'proc':
        proc(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        report(sys.argv[2])
