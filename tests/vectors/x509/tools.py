#!/usr/bin/env python3
"""Helpers of make.sh: byte edits of certificates, the chain table, and the --check compare.

  tools.py edit DIR        writes the edited DER vectors from DIR/ok-signer.der
  tools.py chains NOW      prints chains.jsonl
  tools.py compare A B     compares the vectors of A (committed) and B (regenerated)
"""

import base64
import json
import os
import subprocess
import sys
import tempfile

# ErrorCode names and numbers (src/error.rs) that the table uses.
CODES = {
    "Ok": 0,
    "UnsupportedAlgorithm": 2007,
    "SignatureInvalid": 3004,
    "BadCertificate": 7001,
    "UntrustedCertificate": 7002,
    "CertificateExpired": 7003,
    "CertificateNotCa": 7004,
    "PathTooLong": 7005,
    "UnknownCriticalExtension": 7006,
    "KeyUsageNotAllowed": 7007,
}

SIGNER_CN = b"Govcred Test Signer"
TRUNCATE_AT = 200
# AlgorithmIdentifier SM2-with-SM3 (1.2.156.10197.1.501), parameters absent (as OpenSSL writes
# it) and NULL (as some CAs write it).
SM2_SM3_ABSENT = bytes.fromhex("300a06082a811ccf55018375")
SM2_SM3_NULL = bytes.fromhex("300c06082a811ccf550183750500")


def edit(d):
    der = open(os.path.join(d, "ok-signer.der"), "rb").read()
    # One byte of the subject's commonName ("...Signer" -> "...Signes"): still well-formed
    # DER, but the TBS no longer matches the signature.
    at = der.index(SIGNER_CN) + len(SIGNER_CN) - 1
    assert der.count(SIGNER_CN) == 1
    write(d, "bad-signature-flipped-tbs-byte.der", flip(der, at))
    # The last byte of the file is the last byte of the signature's s INTEGER.
    write(d, "bad-signature-flipped-signature-byte.der", flip(der, len(der) - 1))
    write(d, "bad-der-trailing-byte.der", der + b"\x00")
    write(d, "bad-der-truncated.der", der[:TRUNCATE_AT])
    write(d, "ok-signer-sigalg-params-null.der", params_null(d, der))


def params_null(d, der):
    """ok-signer re-signed by the intermediate with NULL parameters in both AlgorithmIdentifiers."""
    old = tbs(der)
    assert old.count(SM2_SM3_ABSENT) == 1
    body = old[tlv(old, 0)[0]:].replace(SM2_SM3_ABSENT, SM2_SM3_NULL)
    new_tbs = element(0x30, body)
    openssl = os.environ.get("GOVCRED_OPENSSL", "openssl")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tbs")
        write(tmp, "tbs", new_tbs)
        sig = subprocess.run(
            [openssl, "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt",
             "distid:1234567812345678", "-inkey", os.path.join(d, "keys/intermediate.key.pem"),
             "-in", path], check=True, capture_output=True).stdout
    return element(0x30, new_tbs + SM2_SM3_NULL + element(0x03, b"\x00" + sig))


def element(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        size = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(size)]) + size
    return bytes([tag]) + head + content


def flip(data, at):
    out = bytearray(data)
    out[at] ^= 0x01
    return bytes(out)


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def case(name, leaf, chain, roots, expected, now=None, usage="sign"):
    return {
        "name": name,
        "leaf": leaf,
        "chain": " ".join(chain),
        "roots": " ".join(roots),
        "now": now,
        "usage": usage,
        "expected": expected,
        "expected_code": CODES[expected],
    }


def chains(now):
    root = ["ok-root.pem"]
    inter = ["ok-intermediate.pem"]
    four = ["ok-sub-ca.pem", "ok-intermediate-nolimit.pem"]
    cases = [
        # Positive.
        case("ok-signer", "ok-signer.pem", inter, root, "Ok"),
        case("ok-signer-der", "ok-signer.der", inter, root, "Ok"),
        case("ok-signer2", "ok-signer2.pem", inter, root, "Ok"),
        case("ok-seal-maker", "ok-seal-maker.pem", inter, root, "Ok"),
        case("ok-signer-under-root", "ok-signer-under-root.pem", [], root, "Ok"),
        case("ok-signer-4-level", "ok-signer-4-level.pem", four, root, "Ok"),
        case("ok-signer-4-level-chain-reversed-with-extras", "ok-signer-4-level.pem",
             ["ok-intermediate-nolimit.pem", "untrusted-other-root.pem", "ok-intermediate.pem",
              "ok-sub-ca.pem"], root, "Ok"),
        case("ok-signer-two-roots-pinned", "ok-signer.pem", inter,
             ["untrusted-other-root.pem", "ok-root.pem"], "Ok"),
        case("ok-signer-unknown-noncritical-ext", "ok-signer-unknown-noncritical-ext.pem", inter,
             root, "Ok"),
        case("ok-signer-under-root-pathlen0", "ok-signer-under-root-pathlen0.pem", [],
             ["ok-root-pathlen0.pem"], "Ok"),
        case("ok-signer-sigalg-params-null", "ok-signer-sigalg-params-null.der", inter, root,
             "Ok"),
        case("ok-signer-first-second-of-validity", "ok-signer.pem", inter, root, "Ok",
             now=1577836800),
        case("ok-signer-last-second-of-validity", "ok-signer.pem", inter, root, "Ok",
             now=2524607999),
        # Validity.
        case("expired-signer", "expired-signer.pem", inter, root, "CertificateExpired"),
        case("not-yet-valid-signer", "not-yet-valid-signer.pem", inter, root,
             "CertificateExpired"),
        case("expired-intermediate", "expired-intermediate-signer.pem",
             ["expired-intermediate.pem"], root, "CertificateExpired"),
        case("expired-ok-signer-before-2020", "ok-signer.pem", inter, root,
             "CertificateExpired", now=1577836799),
        case("expired-ok-signer-after-2049", "ok-signer.pem", inter, root,
             "CertificateExpired", now=2524608000),
        # Trust.
        case("untrusted-wrong-root", "ok-signer.pem", inter, ["untrusted-other-root.pem"],
             "UntrustedCertificate"),
        case("untrusted-signer-from-other-root", "untrusted-signer-from-other-root.pem", [],
             root, "UntrustedCertificate"),
        case("untrusted-missing-intermediate", "ok-signer.pem", [], root,
             "UntrustedCertificate"),
        # basicConstraints, pathLenConstraint.
        case("not-ca-intermediate-ca-false", "not-ca-signer-under-ca-false.pem",
             ["not-ca-intermediate-ca-false.pem"], root, "CertificateNotCa"),
        case("path-too-long-intermediate-pathlen0", "path-too-long-signer.pem",
             ["path-too-long-sub-ca-under-pathlen0.pem", "ok-intermediate.pem"], root,
             "PathTooLong"),
        case("path-too-long-root-pathlen0", "path-too-long-signer-under-root-pathlen0.pem",
             ["path-too-long-intermediate-under-root-pathlen0.pem"], ["ok-root-pathlen0.pem"],
             "PathTooLong"),
        # keyUsage.
        case("key-usage-intermediate-no-certsign", "key-usage-signer-under-no-certsign.pem",
             ["key-usage-intermediate-no-certsign.pem"], root, "KeyUsageNotAllowed"),
        case("key-usage-encipher-only", "key-usage-encipher-only.pem", inter, root,
             "KeyUsageNotAllowed"),
        case("key-usage-root-as-signer", "ok-root.pem", [], root, "KeyUsageNotAllowed"),
        # Critical extensions.
        case("unknown-critical-ext-signer", "unknown-critical-ext-signer.pem", inter, root,
             "UnknownCriticalExtension"),
        # Signatures.
        case("bad-signature-empty-id-signer", "bad-signature-empty-id-signer.pem", inter, root,
             "SignatureInvalid"),
        case("bad-signature-flipped-tbs-byte", "bad-signature-flipped-tbs-byte.der", inter, root,
             "SignatureInvalid"),
        case("bad-signature-flipped-signature-byte", "bad-signature-flipped-signature-byte.der",
             inter, root, "SignatureInvalid"),
        # Encoding.
        case("bad-der-trailing-byte", "bad-der-trailing-byte.der", inter, root,
             "BadCertificate"),
        case("bad-der-truncated", "bad-der-truncated.der", inter, root, "BadCertificate"),
        # Other algorithms: pinned as the root and verified as the leaf.
        case("unsupported-ecdsa-p256", "unsupported-ecdsa-p256-selfsigned.pem", [],
             ["unsupported-ecdsa-p256-selfsigned.pem"], "UnsupportedAlgorithm"),
        case("unsupported-rsa-2048", "unsupported-rsa-2048-selfsigned.pem", [],
             ["unsupported-rsa-2048-selfsigned.pem"], "UnsupportedAlgorithm"),
    ]
    for c in cases:
        if c["now"] is None:
            c["now"] = now
        print(json.dumps(c, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def der_of(path):
    data = open(path, "rb").read()
    if path.endswith(".pem"):
        body = b"".join(
            line for line in data.splitlines() if line and not line.startswith(b"-----")
        )
        data = base64.b64decode(body)
    return data


def tlv(data, at):
    """(header length, content length) of the DER element at `at`, or None."""
    if at + 2 > len(data):
        return None
    first = data[at + 1]
    if first < 0x80:
        return 2, first
    n = first & 0x7F
    if n == 0 or n > 3 or at + 2 + n > len(data):
        return None
    return 2 + n, int.from_bytes(data[at + 2:at + 2 + n], "big")


def tbs(data):
    """The TBSCertificate element of a certificate, or None if it cannot be cut out."""
    outer = tlv(data, 0)
    if outer is None:
        return None
    inner = tlv(data, outer[0])
    if inner is None:
        return None
    end = outer[0] + inner[0] + inner[1]
    return data[outer[0]:end] if end <= len(data) else None


def compare(committed, regenerated):
    skip = {"README.md"}
    names = lambda d: sorted(
        f for f in os.listdir(d) if f.endswith((".pem", ".der", ".jsonl")) and f not in skip
    )
    a, b = names(committed), names(regenerated)
    bad = []
    if a != b:
        bad.append(f"file sets differ: only committed {sorted(set(a) - set(b))}, "
                   f"only regenerated {sorted(set(b) - set(a))}")
    for name in sorted(set(a) & set(b)):
        x = der_of(os.path.join(committed, name)) if not name.endswith(".jsonl") else \
            open(os.path.join(committed, name), "rb").read()
        y = der_of(os.path.join(regenerated, name)) if not name.endswith(".jsonl") else \
            open(os.path.join(regenerated, name), "rb").read()
        if name.endswith(".der") or name.endswith(".pem"):
            tx, ty = tbs(x), tbs(y)
            if tx is not None or ty is not None:
                if tx != ty:
                    bad.append(f"{name}: TBSCertificate differs")
                continue
        # A certificate cut short: the outer header holds the (signature-dependent) length.
        if not name.endswith(".jsonl") and tlv(x, 0) and tlv(y, 0):
            x, y = x[tlv(x, 0)[0]:], y[tlv(y, 0)[0]:]
        if x != y:
            bad.append(f"{name}: bytes differ")
    for line in bad:
        print("make.sh --check:", line, file=sys.stderr)
    if bad:
        sys.exit(1)
    print(f"make.sh --check: {len(a)} files agree (TBS bytes; whole bytes where unsigned)")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "edit":
        edit(sys.argv[2])
    elif cmd == "chains":
        chains(int(sys.argv[2]))
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {cmd}")
