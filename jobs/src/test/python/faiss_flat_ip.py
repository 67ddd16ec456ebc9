#!/usr/bin/python3
"""Exact inner-product top-K with Faiss (IndexFlatIP): the watchlist benchmark's peer.

usage: faiss_flat_ip.py PROBES.f32 GALLERY.f32 DIM K OUT_PREFIX

Inputs are raw little-endian float32 row-major files of unit vectors. Writes OUT_PREFIX.ids
(int64, probes x K gallery row numbers) and OUT_PREFIX.scores (float32), and prints one line
'search_seconds=S load_seconds=L threads=T' (search = index.add + index.search, data in memory).
"""
import sys
import time

import faiss
import numpy as np


def main():
    probes_file, gallery_file, dim, k, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    started = time.perf_counter()
    probes = np.fromfile(probes_file, dtype='<f4').reshape(-1, dim)
    gallery = np.fromfile(gallery_file, dtype='<f4').reshape(-1, dim)
    loaded = time.perf_counter()
    index = faiss.IndexFlatIP(dim)
    index.add(gallery)
    scores, ids = index.search(probes, k)
    searched = time.perf_counter()
    ids.astype('<i8').tofile(out + '.ids')
    scores.astype('<f4').tofile(out + '.scores')
    print('search_seconds=%.3f load_seconds=%.3f threads=%d' % (searched - loaded, loaded - started,
                                                                 faiss.omp_get_max_threads()))


if __name__ == '__main__':
    main()
