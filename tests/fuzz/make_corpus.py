#!/usr/bin/python3
"""Seed corpus for the fuzz targets, cut from real files: the shared tabular data (first rows),
the test inputs in tests/data, the shared M/EEG .npz archives (small slices of every array, with
their real dtypes: float64, int32, <U strings, 0-d scalars), the playground presets.

Text targets read one selector byte (load options) before the file: each text seed is written
with a few selectors. Run from the repository root with Debian's python3-numpy/python3-scipy:
    /usr/bin/python3 tests/fuzz/make_corpus.py [../shared/data]
The v7.3 (HDF5) .mat seed cannot be written by SciPy; it is written by test_binary_formats'
matio writer and copied in by hand (mat/diabetes_rows_v73.mat).
"""
import glob
import io
import os
import sys

import numpy as np
import scipy.io
import scipy.sparse

shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data")
root = os.path.join("tests", "fuzz", "corpus")
MAX = 4096  # libFuzzer's default -max_len follows the largest seed: keep seeds small


def out(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head(path, lines, limit=MAX - 1):
    with open(path, "rb") as f:
        data = b"".join(f.readlines()[:lines])
    return data[:limit]


SELECTORS = {"csv": [0x00, 0x41, 0x32, 0x05], "libsvm": [0x00, 0x04, 0x3A, 0x01]}
text = {"csv": [], "libsvm": []}
for name in ["diabetes", "prostate", "breast_cancer", "gasoline", "colon"]:
    text["csv"].append((name + ".csv", head(os.path.join(shared, "tabular", name + ".csv"), 8)))
    text["libsvm"].append((name + ".libsvm", head(os.path.join(shared, "tabular", name + ".libsvm"), 8)))
for path in sorted(glob.glob("tests/data/*/*")):
    ext = os.path.splitext(path)[1]
    target = "libsvm" if ext in (".libsvm", ".svm") or "libsvm" in path else "csv"
    with open(path, "rb") as f:
        text[target].append((os.path.basename(path), f.read()[: MAX - 1]))
for target, files in text.items():
    for name, data in files:
        for s in SELECTORS[target][:2] if len(data) > 200 else SELECTORS[target]:
            out(target, "%s.%02x" % (name, s), bytes([s]) + data)


def npy_bytes(a):
    b = io.BytesIO()
    np.save(b, a)
    return b.getvalue()


def npz_bytes(arrays, compressed=False):
    b = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(b, **arrays)
    return b.getvalue()


def rows(name, n):
    raw = np.loadtxt(os.path.join(shared, "tabular", name + ".csv"), delimiter=",", skiprows=1)
    with open(os.path.join(shared, "tabular", name + ".csv")) as f:
        names = f.readline().strip().split(",")[:-1]
    return raw[:n, :-1], raw[:n, -1], names


X, y, names = rows("prostate", 12)
out("npy", "prostate_rows.npy", npy_bytes(np.column_stack([X, y])))
out("npy", "prostate_rows_fortran_f4.npy", npy_bytes(np.asfortranarray(np.column_stack([X, y]).astype("<f4"))))
out("npy", "prostate_rows_bigendian.npy", npy_bytes(np.column_stack([X, y]).astype(">f8")))
out("npy", "prostate_rows_int16.npy", npy_bytes(np.column_stack([X, y]).astype("<i2")))
out("npy", "prostate_names.npy", npy_bytes(np.array(names)))
out("npy", "prostate_svi_bool.npy", npy_bytes(X[:, 4:5] != 0))
out("npy", "prostate_rows_f2.npy", npy_bytes(np.column_stack([X, y]).astype("<f2")))

D, t, dnames = rows("diabetes", 10)
out("npz", "diabetes_rows.npz", npz_bytes({"X": D, "y": t, "feature_names": np.array(dnames)}))
out("npz", "diabetes_rows_compressed.npz", npz_bytes({"X": np.asfortranarray(D), "y": t[:, None]}, True))
S = scipy.sparse.csc_matrix(X)
out("npz", "prostate_rows_sparse.npz", npz_bytes({"X_data": S.data, "X_indices": S.indices,
                                                  "X_indptr": S.indptr, "X_shape": np.array(S.shape), "y": y}))
R = scipy.sparse.csr_matrix(X)
out("npz", "prostate_rows_sparse_csr.npz", npz_bytes({"X_data": R.data, "X_indices": R.indices,
                                                      "X_indptr": R.indptr, "X_shape": np.array(R.shape),
                                                      "X_format": np.array("csr"), "y": y}, True))
for archive in ["meeg/anatomy/anatomy.npz", "meeg/sample_la_meg/sample_la_meg.npz"]:
    z = np.load(os.path.join(shared, archive))
    cut = {k: (z[k][:4, :3] if z[k].ndim == 2 else z[k][:4] if z[k].ndim == 1 else z[k]) for k in z.files[:8]}
    out("npz", os.path.basename(archive).replace(".npz", "_cut.npz"), npz_bytes(cut))
    out("npy", os.path.basename(archive).replace(".npz", "_first.npy"), npy_bytes(cut[z.files[0]]))

for fmt, compress, tag in [("5", False, "v5"), ("5", True, "v7_compressed"), ("4", False, "v4")]:
    b = io.BytesIO()
    scipy.io.savemat(b, {"X": D, "y": t.reshape(-1, 1)}, format=fmt, do_compression=compress)
    out("mat", "diabetes_rows_%s.mat" % tag, b.getvalue())
b = io.BytesIO()
scipy.io.savemat(b, {"X": S, "y": y, "feature_names": np.array(names, dtype=object)})
out("mat", "prostate_rows_sparse_cellnames.mat", b.getvalue())
b = io.BytesIO()
scipy.io.savemat(b, {"X": X.astype(np.int32), "y": y, "feature_names": np.array(names)})
out("mat", "prostate_rows_int32_charnames.mat", b.getvalue())

for path in sorted(glob.glob("resources/presets/*.json")):
    with open(path, "rb") as f:
        out("preset", os.path.basename(path), f.read())
print({t: len(os.listdir(os.path.join(root, t))) for t in sorted(os.listdir(root))})
