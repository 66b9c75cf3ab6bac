#!/usr/bin/env python3
"""The network-analysis anchors: the same graph (an edge list written by `lantern-bench network
--export`) loaded into python igraph and networkx, timing connected components and degree the way
Lantern does. Usage: anchors.py EDGES NODES. Prints JSON."""
import json, sys, time

path, nodes = sys.argv[1], int(sys.argv[2])
edges = []
with open(path) as f:
    for line in f:
        a, b = line.split()
        edges.append((int(a), int(b)))
out = {"links": len(edges)}

import igraph
t = time.perf_counter(); g = igraph.Graph(n=nodes, edges=edges, directed=False); out["igraph_build_ms"] = round((time.perf_counter() - t) * 1000)
t = time.perf_counter(); comps = g.connected_components(); out["igraph_components_ms"] = round((time.perf_counter() - t) * 1000)
out["igraph_components"] = len(comps)
t = time.perf_counter(); deg = g.degree(); out["igraph_degree_ms"] = round((time.perf_counter() - t) * 1000)
out["igraph_max_degree"] = max(deg)
t = time.perf_counter()
for v in range(0, nodes, max(1, nodes // 2000)):
    g.neighborhood(v, order=2)
out["igraph_two_hop_2000_ms"] = round((time.perf_counter() - t) * 1000)
del g

import networkx as nx
t = time.perf_counter(); h = nx.Graph(); h.add_nodes_from(range(nodes)); h.add_edges_from(edges); out["networkx_build_ms"] = round((time.perf_counter() - t) * 1000)
t = time.perf_counter(); n_comps = nx.number_connected_components(h); out["networkx_components_ms"] = round((time.perf_counter() - t) * 1000)
out["networkx_components"] = n_comps
t = time.perf_counter(); d = dict(h.degree()); out["networkx_degree_ms"] = round((time.perf_counter() - t) * 1000)
out["networkx_max_degree"] = max(d.values())
print(json.dumps(out))
