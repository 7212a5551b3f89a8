#!/usr/bin/python3
"""Independent reference for the decoder LMs of ensemble-model (issue #23).

Reads the tiny Hugging Face model directories under src/test/resources/decoder/tiny-{llama,qwen2,mistral}
(config.json, model.safetensors or shards with model.safetensors.index.json, tokenizer.json), and computes in
float64 with plain torch, written from the definitions of transformers' modeling_llama / modeling_qwen2 /
modeling_mistral and modeling_rope_utils (llama3 scaling), not from this project's Java code:

  * its own safetensors parser (8-byte little-endian header length, JSON header, raw data) and writer;
  * its own byte-level BPE tokenizer (GPT-2 byte map, pre-tokenizer regex for ASCII text, merges by rank,
    BOS from the TemplateProcessing post-processor);
  * the forward pass of each prompt ALONE (no padding): RMSNorm, rotary embeddings (rotate_half), grouped-query
    attention by repeat_interleave of the key/value heads, causal (+ Mistral sliding window) mask with -inf,
    SwiGLU MLP, tied or untied head;
  * a LoRA adapter drawn here with numpy (B non-zero) and saved in PEFT's layout, applied as PEFT does:
    y += (alpha / r) * lora_B(lora_A(x));
  * h(x) = log(p / (1 - p)) of the correct label word's first token, p the softmax over the full vocabulary,
    clipped to [eps, 1 - eps]; and dh/d(LoRA) per example by autograd, flattened in the project's canonical order
    (by layer; q, k, v, o, gate, up, down; A = lora_A^T [in, r] then B = lora_B^T [r, out], row-major).

Writes src/test/resources/decoder/golden-<arch>/{golden.json, golden.safetensors, adapter/}.
Regenerate (Debian: apt-get install -y python3-torch python3-numpy):
    /usr/bin/python3 ensemble-model/src/test/python/decoder_reference.py
"""
import json
import math
import os
import re
import struct
import sys

import numpy as np
import torch

DT = torch.float64
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.normpath(os.path.join(HERE, "..", "resources", "decoder"))
CLIP = 1e-6

TASKS = {
    "sentiment": ("Review: {text}\nSentiment:", ["positive", "negative"]),
    "topic": ("Topic: {text}\nCategory:", ["sports", "business", "politics", "technology"]),
    "mood": ("Text: {text}\nMood:", ["cheerful", "gloomy", "neutral"]),
}
PROMPTS = [
    ("sentiment", "the movie was great and the actors were wonderful.", 0),
    ("sentiment", "it broke after two days, do not buy it.", 1),
    ("topic", "the minister announced the new law.", 2),
    ("topic", "Quartz watches tick 32768 times per second!", 3),
    ("mood", "rain again; grey sky, cold tea...", 1),
]
ADAPTERS = {  # rank, alpha, PEFT target modules, numpy seed
    "llama": (4, 8, ["q_proj", "k_proj", "v_proj"], 101),
    "qwen2": (4, 8, ["q_proj", "k_proj", "v_proj", "o_proj"], 102),
    "mistral": (2, 4, ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], 103),
}
MODULE_ORDER = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
MODULE_PATH = {m: ("mlp." if m in ("gate_proj", "up_proj", "down_proj") else "self_attn.") + m for m in MODULE_ORDER}


# ---------------------------------------------------------------- safetensors
def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    start = 8 + n
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = data[start + begin:start + end]
        dtype = entry["dtype"]
        if dtype == "F32":
            array = np.frombuffer(raw, dtype="<f4")
        elif dtype == "F64":
            array = np.frombuffer(raw, dtype="<f8")
        elif dtype == "F16":
            array = np.frombuffer(raw, dtype="<f2")
        elif dtype == "BF16":
            array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError("unsupported dtype " + dtype)
        out[name] = array.reshape(entry["shape"]).astype(np.float64)
    return out


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name, array in tensors.items():
        blob = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load_weights(directory):
    index = os.path.join(directory, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            weight_map = json.load(f)["weight_map"]
        weights = {}
        for shard in sorted(set(weight_map.values())):
            weights.update(read_safetensors(os.path.join(directory, shard)))
        assert set(weights) == set(weight_map), "index and shards disagree"
        return {k: torch.tensor(v, dtype=DT) for k, v in weights.items()}
    return {k: torch.tensor(v, dtype=DT) for k, v in read_safetensors(os.path.join(directory, "model.safetensors")).items()}


# ---------------------------------------------------------------- tokenizer
def byte_encoder():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table = {}
    extra = 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


# GPT-2's pre-tokenizer pattern with \p{L} / \p{N} written for ASCII (every prompt here is ASCII)
PRE_TOKENIZER = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


class ByteLevelBpe:
    def __init__(self, path):
        with open(path) as f:
            spec = json.load(f)
        model = spec["model"]
        assert model["type"] == "BPE"
        self.vocab = dict(model["vocab"])
        for token in spec["added_tokens"]:
            self.vocab[token["content"]] = token["id"]
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
        self.ranks = {pair: rank for rank, pair in enumerate(merges)}
        self.bytes = byte_encoder()
        self.bos = None
        post = spec.get("post_processor") or {}
        if post.get("type") == "TemplateProcessing":
            first = post["single"][0]
            if "SpecialToken" in first:
                self.bos = post["special_tokens"][first["SpecialToken"]["id"]]["ids"][0]

    def bpe(self, word):
        symbols = list(word)
        while len(symbols) > 1:
            pairs = [(self.ranks.get((symbols[i], symbols[i + 1]), math.inf), i) for i in range(len(symbols) - 1)]
            rank, _ = min(pairs)
            if rank == math.inf:
                break
            left, right = [p for p, r in self.ranks.items() if r == rank][0]
            merged = []
            i = 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                    merged.append(left + right)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        return symbols

    def encode(self, text, special):
        ids = [self.bos] if special and self.bos is not None else []
        for piece in PRE_TOKENIZER.findall(text):
            mapped = "".join(self.bytes[b] for b in piece.encode("utf-8"))
            ids.extend(self.vocab[s] for s in self.bpe(mapped))
        return ids


def label_tokens(tokenizer, template, words):
    probe = template.replace("{text}", "text")
    prefix = tokenizer.encode(probe, False)
    tokens = []
    for word in words:
        full = tokenizer.encode(probe + " " + word, False)
        assert full[:len(prefix)] == prefix, "label word does not continue the prompt"
        tokens.append(full[len(prefix)])
    assert len(set(tokens)) == len(tokens), "label words share a first token"
    return tokens


# ---------------------------------------------------------------- model
def inverse_frequencies(config):
    d = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    inv = 1.0 / (config["rope_theta"] ** (torch.arange(0, d, 2, dtype=DT) / d))
    scaling = config.get("rope_scaling")
    if scaling:
        kind = scaling.get("rope_type", scaling.get("type"))
        if kind == "linear":
            inv = inv / scaling["factor"]
        elif kind == "llama3":
            factor = scaling["factor"]
            low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
            old = scaling["original_max_position_embeddings"]
            wavelen = 2 * math.pi / inv
            scaled = torch.where(wavelen > old / low, inv / factor, inv)
            smooth = (old / wavelen - low) / (high - low)
            blended = (1 - smooth) * scaled / factor + smooth * scaled
            medium = (wavelen >= old / high) & (wavelen <= old / low)
            inv = torch.where(medium, blended, scaled)
        else:
            raise ValueError(kind)
    return inv


def rms_norm(x, weight, eps):
    return weight * (x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class Decoder:
    def __init__(self, directory):
        with open(os.path.join(directory, "config.json")) as f:
            self.config = json.load(f)
        self.w = load_weights(directory)
        c = self.config
        self.kind = c["model_type"]
        self.heads = c["num_attention_heads"]
        self.kv = c.get("num_key_value_heads", self.heads)
        self.d = c.get("head_dim") or c["hidden_size"] // self.heads
        self.eps = c["rms_norm_eps"]
        self.window = c.get("sliding_window") if self.kind == "mistral" else None
        self.inv = inverse_frequencies(c)
        self.tied = c.get("tie_word_embeddings", False)

    def bias(self, name):
        return self.w.get(name)

    def linear(self, x, layer, module, lora):
        name = "model.layers.%d.%s" % (layer, MODULE_PATH[module])
        y = x @ self.w[name + ".weight"].T
        b = self.w.get(name + ".bias")
        if b is not None:
            y = y + b
        if lora is not None and (layer, module) in lora["A"]:
            a, bb = lora["A"][(layer, module)], lora["B"][(layer, module)]
            y = y + lora["scaling"] * ((x @ a.T) @ bb.T)
        return y

    def answer_logits(self, ids, lora=None):
        T = len(ids)
        x = self.w["model.embed_tokens.weight"][torch.tensor(ids)]
        angles = torch.arange(T, dtype=DT)[:, None] * self.inv[None, :]
        emb = torch.cat([angles, angles], dim=-1)
        cos, sin = emb.cos(), emb.sin()
        i = torch.arange(T)[:, None]
        j = torch.arange(T)[None, :]
        allowed = j <= i
        if self.window:
            allowed = allowed & (i - j < self.window)
        group = self.heads // self.kv
        for layer in range(self.config["num_hidden_layers"]):
            pre = "model.layers.%d." % layer
            h = rms_norm(x, self.w[pre + "input_layernorm.weight"], self.eps)
            q = self.linear(h, layer, "q_proj", lora).view(T, self.heads, self.d).transpose(0, 1)
            k = self.linear(h, layer, "k_proj", lora).view(T, self.kv, self.d).transpose(0, 1)
            v = self.linear(h, layer, "v_proj", lora).view(T, self.kv, self.d).transpose(0, 1)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
            k = k.repeat_interleave(group, dim=0)
            v = v.repeat_interleave(group, dim=0)
            scores = (q @ k.transpose(1, 2)) / math.sqrt(self.d)
            scores = scores.masked_fill(~allowed, float("-inf"))
            context = torch.softmax(scores, dim=-1) @ v
            x = x + self.linear(context.transpose(0, 1).reshape(T, self.heads * self.d), layer, "o_proj", lora)
            h = rms_norm(x, self.w[pre + "post_attention_layernorm.weight"], self.eps)
            gate = self.linear(h, layer, "gate_proj", lora)
            up = self.linear(h, layer, "up_proj", lora)
            x = x + self.linear(torch.nn.functional.silu(gate) * up, layer, "down_proj", lora)
        last = rms_norm(x[-1], self.w["model.norm.weight"], self.eps)
        head = self.w["model.embed_tokens.weight"] if self.tied else self.w["lm_head.weight"]
        return last @ head.T


def log_odds(logits, token):
    others = torch.cat([logits[:token], logits[token + 1:]])
    h = logits[token] - torch.logsumexp(others, dim=0)
    bound = math.log((1 - CLIP) / CLIP)
    return torch.clamp(h, -bound, bound)


# ---------------------------------------------------------------- LoRA adapter (PEFT layout)
def make_adapter(model, arch, out_dir):
    rank, alpha, targets, seed = ADAPTERS[arch]
    rng = np.random.default_rng(seed)
    c = model.config
    tensors = {}
    slots = []
    for layer in range(c["num_hidden_layers"]):
        for module in MODULE_ORDER:
            if module not in targets:
                continue
            weight = model.w["model.layers.%d.%s.weight" % (layer, MODULE_PATH[module])]
            out_dim, in_dim = weight.shape
            bound = 1 / math.sqrt(in_dim)
            a = rng.uniform(-bound, bound, size=(rank, in_dim)).astype(np.float32)
            b = rng.normal(0, 0.2, size=(out_dim, rank)).astype(np.float32)
            name = "base_model.model.model.layers.%d.%s" % (layer, MODULE_PATH[module])
            tensors[name + ".lora_A.weight"] = a
            tensors[name + ".lora_B.weight"] = b
            slots.append((layer, module))
    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, "adapter_model.safetensors"), tensors,
                      {"format": "pt", "init_seed": str(seed)})
    config = {"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": "tiny-" + arch,
              "r": rank, "lora_alpha": alpha, "target_modules": targets, "lora_dropout": 0.0, "bias": "none",
              "fan_in_fan_out": False, "use_rslora": False, "use_dora": False, "layers_to_transform": None}
    with open(os.path.join(out_dir, "adapter_config.json"), "w") as f:
        json.dump(config, f, indent=2)
    return tensors, slots, alpha / rank


def lora_leaves(tensors, slots, scaling):
    lora = {"A": {}, "B": {}, "scaling": scaling}
    for layer, module in slots:
        name = "base_model.model.model.layers.%d.%s" % (layer, MODULE_PATH[module])
        lora["A"][(layer, module)] = torch.tensor(tensors[name + ".lora_A.weight"], dtype=DT, requires_grad=True)
        lora["B"][(layer, module)] = torch.tensor(tensors[name + ".lora_B.weight"], dtype=DT, requires_grad=True)
    return lora


def canonical_gradient(lora, slots):
    parts = []
    for key in slots:
        parts.append(lora["A"][key].grad.T.reshape(-1))  # A = lora_A^T, [in, r]
        parts.append(lora["B"][key].grad.T.reshape(-1))  # B = lora_B^T, [r, out]
    return torch.cat(parts)


def main():
    for arch in ["llama", "qwen2", "mistral"]:
        directory = os.path.join(RESOURCES, "tiny-" + arch)
        out = os.path.join(RESOURCES, "golden-" + arch)
        model = Decoder(directory)
        tokenizer = ByteLevelBpe(os.path.join(directory, "tokenizer.json"))
        tasks = {t: {"template": tpl, "words": words, "tokens": label_tokens(tokenizer, tpl, words)}
                 for t, (tpl, words) in TASKS.items()}
        tensors, slots, scaling = make_adapter(model, arch, os.path.join(out, "adapter"))
        base_logits, lora_logits, base_h, lora_h, grads, prompts = [], [], [], [], [], []
        for task, text, label in PROMPTS:
            ids = tokenizer.encode(tasks[task]["template"].replace("{text}", text), True)
            token = tasks[task]["tokens"][label]
            with torch.no_grad():
                z0 = model.answer_logits(ids)
            base_logits.append(z0)
            base_h.append(log_odds(z0, token))
            lora = lora_leaves(tensors, slots, scaling)
            z = model.answer_logits(ids, lora)
            h = log_odds(z, token)
            h.backward()
            lora_logits.append(z.detach())
            lora_h.append(h.detach())
            grads.append(canonical_gradient(lora, slots))
            p = torch.softmax(z.detach(), 0)[token].item()
            assert CLIP < p < 1 - CLIP, "the clip binds: choose other prompts"
            prompts.append({"task": task, "text": text, "label": label, "ids": ids})
        golden = {
            "architecture": arch, "clip": CLIP, "prompts": prompts,
            "tasks": {t: {"template": v["template"], "words": v["words"], "tokens": v["tokens"]} for t, v in tasks.items()},
            "parameterCount": int(grads[0].numel()),
        }
        with open(os.path.join(out, "golden.json"), "w") as f:
            json.dump(golden, f, indent=1)
        write_safetensors(os.path.join(out, "golden.safetensors"), {
            "base_logits": torch.stack(base_logits).numpy(),
            "lora_logits": torch.stack(lora_logits).numpy(),
            "base_h": torch.stack(base_h).numpy(),
            "lora_h": torch.stack(lora_h).numpy(),
            "gradients": torch.stack(grads).numpy(),
        }, {"format": "pt", "generator": "decoder_reference.py", "torch": torch.__version__})
        print("%s: %d prompts, vocabulary %d, D = %d, h(lora) = %s" % (
            arch, len(prompts), base_logits[0].numel(), grads[0].numel(),
            ", ".join("%.4f" % v for v in lora_h)))


if __name__ == "__main__":
    sys.exit(main())
