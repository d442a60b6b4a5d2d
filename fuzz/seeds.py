#!/usr/bin/env python3
"""Builds the fuzz seed corpora under fuzz/corpus/<target>/ from the shared vectors in
tests/vectors/ (nothing here is committed: run `python3 fuzz/seeds.py`, or let
scripts/fuzz.sh run it). Each seed is named for the vector it came from."""

import base64
import hashlib
import json
import pathlib
import re
import zipfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

seeds = {}


def add(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    seeds.setdefault(target, {})[name] = data


def base45_decode(text):
    if any(c not in ALPHABET for c in text):
        raise ValueError("not base45")
    values = [ALPHABET.index(c) for c in text]
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i:i + 3]
        n = sum(v * 45 ** j for j, v in enumerate(chunk))
        if n > (0xFFFF if len(chunk) == 3 else 0xFF):
            raise ValueError("base45 group out of range")
        out += n.to_bytes(2, "big") if len(chunk) == 3 else bytes([n])
    return bytes(out)


def head(data, pos):
    """(major, argument, position after the head) of a definite CBOR head."""
    major, info = data[pos] >> 5, data[pos] & 0x1F
    pos += 1
    if info < 24:
        return major, info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(data[pos:pos + size], "big"), pos + size


def cose_parts(cose):
    """(protected, payload, signature) byte strings of a tagged COSE_Sign1, or None."""
    try:
        major, tag, pos = head(cose, 0)
        major2, n, pos = head(cose, pos)
        if (major, tag, major2, n) != (6, 18, 4, 4):
            return None
        parts = []
        for _ in range(4):
            major, length, pos = head(cose, pos)
            if major == 2:
                parts.append(cose[pos:pos + length])
                pos += length
            elif major == 5 and length == 0:
                parts.append(b"")
            else:
                return None
        return parts[0], parts[2], parts[3]
    except (IndexError, KeyError):
        return None


def qr_layers(name, text):
    """Seeds for every layer of one QR text."""
    for target in ("verify_qr", "decode_inspect", "qr_frame"):
        add(target, name, text)
    body = "".join(c for c in text.strip() if c not in "\r\n\t")
    if body[:4] not in ("EL1:", "CC1:"):
        return
    try:
        cose = zlib.decompress(base45_decode(body[4:]))
    except (ValueError, OverflowError, zlib.error):
        return
    cose_layers(name, cose)
    add("qr_frame", name + "-zlib", base45_decode(body[4:]))


def cose_layers(name, cose):
    add("cose_sign1", name, cose)
    add("cbor", name, cose)
    parts = cose_parts(cose)
    if parts:
        protected, payload, signature = parts
        add("cbor", name + "-protected", protected)
        add("cbor", name + "-payload", payload)
        add("claims", name, payload)
        add("signature", name + "-raw", signature)


# The shared verifier vectors: QR texts at every layer, bundles as bundle, COSE and CBOR.
for line in (VECTORS / "verifier" / "cases.jsonl").read_text().splitlines():
    if line.strip():
        case = json.loads(line)
        qr_layers(case["name"], case["qr"])
setup = json.loads((VECTORS / "verifier" / "setup.json").read_text())
for name, hexed in setup["bundles"].items():
    bundle = bytes.fromhex(hexed)
    add("trust_bundle", "bundle-" + name, bundle)
    cose_layers("bundle-" + name, bundle)
for i, root in enumerate(setup["roots"]):
    add("keys", f"root-{i}-sec1-hex", b"\x04" + root.encode())
    add("keys", f"root-{i}-sec1", b"\x00" + bytes.fromhex(root))

# Codec vectors: QR texts and base45.
for line in (VECTORS / "codec" / "qr.jsonl").read_text().splitlines():
    if line.strip():
        case = json.loads(line)
        qr_layers("codec-" + case["name"], case["text"])
        if "hex" in case:
            cose_layers("codec-" + case["name"], bytes.fromhex(case["hex"]))

# COSE vectors: annotated hex.
for path in sorted((VECTORS / "cose").glob("*.txt")):
    hexed = "".join(
        re.sub(r"#.*", "", line).strip().replace(" ", "")
        for line in path.read_text().splitlines()
        if not line.startswith("expected")
    )
    try:
        cose_layers("cose-" + path.stem, bytes.fromhex(hexed))
    except ValueError:
        pass

# SM2 vectors: keys (PEM), signatures, the invalid inputs. The keys target reads a selector
# byte first (0: PrivateKey::decode, 4: from_pem, 6: PublicKey::decode, 18: from_pem).
for path in sorted((VECTORS / "sm2").glob("*.pem")):
    text = path.read_bytes()
    for selector in (0, 4, 6, 18):
        add("keys", f"{path.stem}-{selector}", bytes([selector]) + text)
case = {}
for line in (VECTORS / "sm2" / "invalid-cases.txt").read_text().splitlines() + [""]:
    if line.startswith("#"):
        continue
    if not line.strip():
        name = case.get("case")
        if name:
            for key in ("input", "input_ascii", "pub", "key_ascii"):
                if key in case:
                    raw = case[key].encode() if key.endswith("ascii") else bytes.fromhex(case[key])
                    for selector in (0, 6):
                        add("keys", f"{name}-{selector}", bytes([selector]) + raw)
            if case.get("sig"):
                add("signature", name, bytes.fromhex(case["sig"]))
        case = {}
        continue
    if " = " in line or line.endswith(" ="):
        key, _, value = line.partition(" =")
        case[key.strip()] = value.strip()
for line in (VECTORS / "sm2" / "valid-gbt32918-5-recommended-curve.txt").read_text().splitlines():
    key, _, value = line.partition("=")
    if key.strip() == "d":
        add("keys", "gbt32918-5-d-hex", b"\x05" + value.strip().encode())
        add("keys", "gbt32918-5-d-raw", b"\x01" + bytes.fromhex(value.strip()))

# Inputs the fuzzers reported, at every layer they reach.
for path in sorted((VECTORS / "fuzz").glob("*.txt")):
    for line in path.read_text().splitlines():
        if line[:4] in ("EL1:", "CC1:"):
            qr_layers("fuzz-" + path.stem, line)

# Certificates (PEM and DER) from the X.509 and OFD vectors.
for path in sorted(VECTORS.glob("x509/**/*")) + sorted(VECTORS.glob("ofd/**/*.pem")):
    if path.suffix in (".pem", ".der", ".crt", ".cer") and path.is_file():
        text = path.read_bytes()
        if b"PRIVATE KEY" in text:
            continue
        add("x509", path.stem + path.suffix, text)
        for block in re.findall(rb"-----BEGIN CERTIFICATE-----(.*?)-----END", text, re.S):
            add("x509", path.stem + "-der", base64.b64decode(b"".join(block.split())))

# CMS signatures, each in the four forms the target's first byte selects (bit 0: detached
# over content.txt, bit 1: the signer's certificate supplied).
for path in sorted(VECTORS.glob("cms/*.p7s")):
    body = path.read_bytes()
    for mode in range(4):
        add("cms", f"{path.stem}-{mode}", bytes([mode]) + body)

# OFD packages up to 64 KiB whole; from every package its XML, seals and signed values.
for path in sorted(VECTORS.glob("ofd/**/*.ofd")):
    data = path.read_bytes()
    if len(data) <= 65600:
        add("ofd", path.stem, data)
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist()[:200]:
                if info.file_size > 65600:
                    continue
                body = z.read(info)
                name = f"{path.stem}-{info.filename}"
                if info.filename.lower().endswith(".xml"):
                    add("ofd_xml", name, body)
                elif info.filename.lower().endswith((".esl", ".dat")):
                    add("seal", name, body)
                    add("x509", name, body)
    except (zipfile.BadZipFile, OSError):
        pass

# The differential target: mode byte, key, signature or mask, message. Genuine signatures
# on cached keys, on a fuzzed key, raw fuzzed scalars.
message = b"message digest"
for mode in (0x00, 0x01, 0x20, 0x40, 0x80, 0xC0):
    key = hashlib.sha256(bytes([mode])).digest()
    add("sm2_differential", f"mode-{mode:02x}", bytes([mode]) + key + bytes(64) + message)
    add("sm2_differential", f"mode-{mode:02x}-mask", bytes([mode]) + key + b"\x01" + bytes(62) + b"\x01" + message)

# The structure-aware target: a base credential (first byte), a clock offset, then edits.
for choice in range(5):
    add("signed_mutation", f"base-{choice}", bytes([choice, 0]))
    add("signed_mutation", f"base-{choice}-iat", bytes([choice, 0, 0x81, 0x02, 0x01]))
add("signed_mutation", "bundle", bytes([0xFF, 0]))
add("signed_mutation", "bundle-issuer", bytes([0xFF, 0, 0x87, 0x80, 0x03, 0x04]))

total = 0
for target, files in sorted(seeds.items()):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / re.sub(r"[^A-Za-z0-9._-]", "_", name)).write_bytes(data)
    total += len(files)
    print(f"{target}: {len(files)} seeds")
print(f"{total} seeds in {CORPUS}")
