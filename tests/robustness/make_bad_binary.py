#!/usr/bin/python3
"""Malformed NumPy and MATLAB datasets for tests/test_bad_inputs.cpp, written by NumPy/SciPy
(an independent writer) so that each file is what a user could really produce by mistake.
Run from the repository root: /usr/bin/python3 tests/robustness/make_bad_binary.py
"""
import io
import os

import numpy as np
import scipy.io

out = os.path.join("tests", "robustness", "bad_binary")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(8)
X = np.round(rng.standard_normal((6, 3)), 3)
y = np.round(rng.standard_normal(6), 3)


def save(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def npz(**arrays):
    b = io.BytesIO()
    np.savez(b, **arrays)
    return b.getvalue()


def npy(a):
    b = io.BytesIO()
    np.save(b, a)
    return b.getvalue()


def mat(d, **kw):
    b = io.BytesIO()
    scipy.io.savemat(b, d, **kw)
    return b.getvalue()


good_npz = npz(X=X, y=y)
save("truncated.npz", good_npz[: len(good_npz) // 2])
save("no_y.npz", npz(X=X))
save("no_X.npz", npz(features=X, y=y))
save("y_wrong_length.npz", npz(X=X, y=y[:5]))
save("X_3d.npz", npz(X=X.reshape(6, 3, 1), y=y))
save("X_strings.npz", npz(X=np.array([["a", "b"], ["c", "d"]]), y=y[:2]))
Xn = X.copy(); Xn[2, 1] = np.nan
save("X_nan.npz", npz(X=Xn, y=y))
yi = y.copy(); yi[4] = -np.inf
save("y_inf.npz", npz(X=X, y=yi))
save("X_no_rows.npz", npz(X=np.zeros((0, 3)), y=np.zeros(0)))
save("X_no_columns.npz", npz(X=np.zeros((6, 0)), y=y))
save("names_wrong_count.npz", npz(X=X, y=y, feature_names=np.array(["a", "b"])))
save("sparse_bad_indptr.npz", npz(X_data=np.array([1.0, 2.0]), X_indices=np.array([0, 1]),
                                  X_indptr=np.array([0, 2, 1, 2]), X_shape=np.array([6, 3]), y=y))
save("sparse_index_out_of_range.npz", npz(X_data=np.array([1.0, 2.0]), X_indices=np.array([0, 9]),
                                          X_indptr=np.array([0, 1, 2, 2]), X_shape=np.array([6, 3]), y=y))
save("constant_y.npz", npz(X=X, y=np.ones(6)))
save("not_a_zip.npz", b"X,y\n1,2\n3,4\n")
save("npy_1d.npy", npy(y))
save("npy_one_column.npy", npy(y.reshape(-1, 1)))
good_npy = npy(np.column_stack([X, y]))
save("npy_truncated.npy", good_npy[:-7])
save("npy_object.npy", npy(np.array([[1.0, "a"], [2.0, "b"]], dtype=object)))  # a pickle
save("npy_complex.npy", npy((X + 1j).astype(np.complex128)))
Xi = np.column_stack([X, y]); Xi[1, 0] = np.inf
save("npy_inf.npy", npy(Xi))

save("mat_no_X.mat", mat({"A": X, "y": y}))
save("mat_X_cell.mat", mat({"X": np.array([[1.0, "a"]], dtype=object), "y": y[:1]}))
save("mat_X_char.mat", mat({"X": "hello", "y": y}))
save("mat_X_complex.mat", mat({"X": X + 2j, "y": y}))
save("mat_X_3d.mat", mat({"X": X.reshape(3, 2, 3), "y": y[:3]}))
save("mat_y_matrix.mat", mat({"X": X, "y": np.column_stack([y, y])}))
save("mat_y_wrong_length.mat", mat({"X": X, "y": y[:4]}))
save("mat_X_nan.mat", mat({"X": Xn, "y": y}))
save("mat_X_struct.mat", mat({"X": {"a": 1.0}, "y": y}))
good_mat = mat({"X": X, "y": y})
save("mat_truncated.mat", good_mat[: len(good_mat) - 40])
save("mat_truncated_header.mat", good_mat[:100])
zipped = mat({"X": X, "y": y}, do_compression=True)
save("mat_truncated_compressed.mat", zipped[: len(zipped) - 10])


def forge_compressed(data, patch):
    """The first variable of a compressed v5 file inflated, patched and deflated again: damage a
    writer's stream could not make but a corrupted or forged file can (fuzz_mat found matio
    allocating from dimensions inside the stream, which a tag-only walk never sees)."""
    import struct
    import zlib
    n = struct.unpack_from("<I", data, 132)[0]
    inner = bytearray(zlib.decompress(data[136:136 + n]))
    patch(inner)
    packed = zlib.compress(bytes(inner))
    return data[:132] + struct.pack("<I", len(packed)) + packed + data[136 + n:]


def huge_dims(inner):
    import struct
    struct.pack_into("<ii", inner, 32, 60000, 10000)  # 6e8 doubles, 4.8 GB, in a 6 x 3 array


save("mat_compressed_forged_dims.mat", forge_compressed(zipped, huge_dims))
bitrot = bytearray(zipped)
bitrot[150:158] = b"\xff" * 8  # inside the first variable's deflate stream
save("mat_compressed_damaged_stream.mat", bytes(bitrot))
save("mat_v4_truncated.mat", mat({"X": X, "y": y.reshape(-1, 1)}, format="4")[:-12])
save("mat_text.mat", b"this is not a MATLAB file\n" * 10)
save("mat_empty.mat", b"")
print(sorted(os.listdir(out)))
