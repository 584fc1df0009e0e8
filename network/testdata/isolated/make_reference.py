#!/usr/bin/python3
"""igraph's values on graphs with isolated vertices: the people of a node
table who have no tie in the edge list. Debian bookworm's python3-igraph
0.10.2 and python3-networkx 2.8.8. Run from this folder:

    /usr/bin/python3 make_reference.py

For each case below it reads the edge list ("u v [w]", integer ids, '#'
comments) and the node table (NAME.labels.tsv: a header, then one row per
node id), builds the igraph graph whose vertices are every id of either,
in increasing order of id (the table's ids with no edge are isolated), and
writes NAME.tsv (one row per id, in that order) and NAME.json, in the
format and conventions of the shared folder's bench/make_reference.py:

  id degree strength pagerank pagerank_weighted eigenvector betweenness
  closeness harmonic constraint coreness component effective_size

- undirected; strength and pagerank_weighted use the third column
- pagerank: damping 0.85, PRPACK (a vertex with no edge is dangling: its
  rank is spread over every vertex)
- eigenvector: networkx's scaling (unit Euclidean length), unweighted
- betweenness: unweighted, normalised by 2/((n-1)(n-2)) with n counting
  the isolated vertices
- closeness: igraph's default, within the component; NaN for an isolated
  vertex
- harmonic: sum of 1/d over the others, divided by n-1
- constraint: Burt's, unweighted (igraph); NaN for an isolated vertex
- component: igraph's membership (components numbered by lowest vertex)
- effective_size: networkx's (Burt's), unweighted; NaN for an isolated
  vertex (igraph has none)

hand_directed.tsv: the hand graph read as directed (each line u -> v), as
`ally analyze --directed` reads it: degree (in + out), pagerank and
pagerank_weighted (PRPACK; a node with no out-link is dangling),
betweenness normalised by 1/((n-1)(n-2)), closeness and harmonic along
out-links (mode="out"; closeness NaN for a node that reaches no other).

NAME.json: nodes, edges, isolated (vertices of degree 0), components,
max core, and the best modularity of igraph's Leiden (unweighted) over
seeds 0..9 until stable, with the number of communities of that run, in
which every isolated vertex is a community of its own.
"""
import json
import os
import random

import igraph as ig
import networkx as nx

# case name -> edge list, relative to this folder; the node table is
# NAME.labels.tsv here.
CASES = {
    'karate': '../graphs/karate.txt',
    'florentine': '../graphs/florentine.txt',
    'hand': 'hand.txt',
}


def read_edges(path):
    edges, w = [], []
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p or p[0][0] in '#%':
                continue
            edges.append((int(p[0]), int(p[1])))
            w.append(float(p[2]) if len(p) > 2 else 1.0)
    return edges, w


def read_ids(path):
    with open(path) as f:
        next(f)
        return [int(line.split('\t')[0]) for line in f if line.strip()]


def fmt(x):
    return '%.10g' % x


for name, epath in CASES.items():
    edges, w = read_edges(epath)
    ids = sorted(set(read_ids(name + '.labels.tsv')) | {x for e in edges for x in e})
    vid = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    g = ig.Graph(n=n, edges=[(vid[u], vid[v]) for u, v in edges], directed=False)
    g.es['weight'] = w
    weighted = any(x != 1.0 for x in w)
    deg = g.degree()
    strength = g.strength(weights='weight')
    pr = g.pagerank(damping=0.85)
    prw = g.pagerank(damping=0.85, weights='weight') if weighted else pr
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from((vid[u], vid[v]) for u, v in edges)
    ev = nx.eigenvector_centrality_numpy(G)
    es = nx.effective_size(G)
    norm = 2.0 / ((n - 1) * (n - 2))
    bt = [b * norm for b in g.betweenness(directed=False)]
    cl = g.closeness()
    hm = g.harmonic_centrality()
    cs = g.constraint()
    core = g.coreness()
    comp = g.connected_components().membership
    with open(name + '.tsv', 'w') as f:
        f.write('id\tdegree\tstrength\tpagerank\tpagerank_weighted\teigenvector\tbetweenness\tcloseness\tharmonic\tconstraint\tcoreness\tcomponent\teffective_size\n')
        for i, x in enumerate(ids):
            f.write('\t'.join([str(x), str(deg[i]), fmt(strength[i]), fmt(pr[i]), fmt(prw[i]), fmt(abs(ev[i])),
                               fmt(bt[i]), fmt(cl[i]), fmt(hm[i]), fmt(cs[i]), str(core[i]), str(comp[i]), fmt(es[i])]) + '\n')
    best, count = -1.0, 0
    for seed in range(10):
        random.seed(seed)
        part = g.community_leiden(objective_function='modularity', n_iterations=-1)
        q = g.modularity(part.membership)
        if q > best:
            best, count = q, len(set(part.membership))
    info = dict(graph=name, nodes=n, edges=g.ecount(), isolated=sum(1 for d in deg if d == 0),
                weighted=weighted, components=len(set(comp)), max_core=max(core),
                leiden_modularity_best_of_10=round(best, 6), leiden_communities_of_best=count,
                igraph=ig.__version__, networkx=nx.__version__)
    with open(name + '.json', 'w') as f:
        json.dump(info, f, indent=1)
        f.write('\n')
    print(json.dumps(info), flush=True)

# The hand graph, directed.
edges, w = read_edges('hand.txt')
ids = sorted(set(read_ids('hand.labels.tsv')) | {x for e in edges for x in e})
vid = {x: i for i, x in enumerate(ids)}
n = len(ids)
g = ig.Graph(n=n, edges=[(vid[u], vid[v]) for u, v in edges], directed=True)
g.es['weight'] = w
deg = g.degree(mode='all')
pr = g.pagerank(damping=0.85, directed=True)
prw = g.pagerank(damping=0.85, directed=True, weights='weight')
bt = [b / ((n - 1) * (n - 2)) for b in g.betweenness(directed=True)]
cl = g.closeness(mode='out')
hm = g.harmonic_centrality(mode='out')
with open('hand_directed.tsv', 'w') as f:
    f.write('id\tdegree\tpagerank\tpagerank_weighted\tbetweenness\tcloseness\tharmonic\n')
    for i, x in enumerate(ids):
        f.write('\t'.join([str(x), str(deg[i]), fmt(pr[i]), fmt(prw[i]), fmt(bt[i]), fmt(cl[i]), fmt(hm[i])]) + '\n')
print('hand_directed.tsv', flush=True)
