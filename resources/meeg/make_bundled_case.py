#!/usr/bin/python3
"""Make the bundled reduced real M/EEG case resources/meeg/sample_la_meg_small.npz.

Source: ../shared/data/meeg/sample_la_meg/sample_la_meg.npz (MNE "sample" subject, Left
Auditory, MEG; see that folder's README for provenance and processing). Reduction: all 305
sensors and all 61 time samples are kept; the sources are those within 30 mm of either auditory
cortex point of the README (right (56, -16, 37) mm, left (-58, -20, 24) mm) plus every 5th other
source, in the original order (lh first, then rh). The columns of G are the original ones, so
this is the same recording with a smaller source space; alpha_max is recomputed for it.
The anatomy (anatomy.npz) is copied unchanged into resources/meeg/anatomy/.

Run: /usr/bin/python3 resources/meeg/make_bundled_case.py [--shared ../shared/data]
"""
import argparse
import os
import shutil

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "data"))
    args = ap.parse_args()
    src = os.path.join(args.shared, "meeg", "sample_la_meg", "sample_la_meg.npz")
    z = np.load(src)
    pos_mm = z["src_pos"] * 1000.0
    right = np.array([56.0, -16.0, 37.0])
    left = np.array([-58.0, -20.0, 24.0])
    dist = np.minimum(np.linalg.norm(pos_mm - right, axis=1), np.linalg.norm(pos_mm - left, axis=1))
    keep = np.flatnonzero((dist < 30.0) | (np.arange(len(dist)) % 5 == 0))
    G = np.ascontiguousarray(z["G"][:, keep])
    M = z["M"]
    alpha_max = float(np.max(np.linalg.norm(G.T @ M, axis=1)))
    out = {
        "G": G, "M": M, "times": z["times"], "sfreq": z["sfreq"],
        "src_pos": z["src_pos"][keep], "src_nn": z["src_nn"][keep],
        "src_hemi": z["src_hemi"][keep], "src_vertno": z["src_vertno"][keep],
        "depth_weights": z["depth_weights"][keep],
        "ch_names": z["ch_names"], "ch_types": z["ch_types"],
        "sensor_pos": z["sensor_pos"], "sensor_ori": z["sensor_ori"],
        "nave": z["nave"], "rank": z["rank"],
        "alpha_max": np.array(alpha_max),
        "source_index": keep.astype(np.int32),  # column of the full case's G
    }
    dest = os.path.join(HERE, "sample_la_meg_small.npz")
    np.savez_compressed(dest, **out)
    shutil.copyfile(os.path.join(args.shared, "meeg", "anatomy", "anatomy.npz"),
                    os.path.join(HERE, "anatomy", "anatomy.npz"))
    print("wrote %s: G %s, M %s, alpha_max %.17g, %d lh + %d rh sources, %.2f MB"
          % (dest, G.shape, M.shape, alpha_max, np.sum(out["src_hemi"] == 0), np.sum(out["src_hemi"] == 1),
             os.path.getsize(dest) / 1e6))


if __name__ == "__main__":
    main()
