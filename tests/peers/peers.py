"""GmSSL (gmssl_pyx) and Tongsuo (tongsuopy) as peers for govcred's interop test and bench.

Run with the venv from scripts/peers-venv.sh:

  peers.py serve            one JSON request per stdin line, one JSON answer per stdout line
  peers.py bench [options]  times SM3, SM2 sign and verify in each peer and prints one JSON object

Requests (hex for every byte string; "id" null means the peer's default distinguishing ID):
  {"op": "versions"}
  {"op": "sm3", "peer": P, "msg": H}
  {"op": "sign", "peer": P, "d": H, "msg": H, "id": H|null}     -> DER signature
      (GmSSL only: "pub" passes that public key to sm2_sign instead of d's own)
  {"op": "verify", "peer": P, "pub": H, "msg": H, "sig": H, "id": H|null} -> true/false
  {"op": "sign_without_z", "peer": "gmssl", "d": H, "msg": H} -> GmSSL's signer_id=None
  {"op": "sign_hangs", "peer": P, "d": H, "msg": H, "timeout": S} -> whether signing did not
      finish within S seconds (run in a child process, which is killed)
Answers: {"ok": true, "value": ...} or {"ok": false, "error": "<exception type>: <text>"}.
"pub" is the 65-byte uncompressed point 04||X||Y.
"""

import json
import multiprocessing
import os
import sys
import time

import gmssl_pyx
from tongsuopy.crypto import hashes
from tongsuopy.crypto.asymciphers import ec
from tongsuopy.crypto.exceptions import InvalidSignature

PEERS = ("gmssl", "tongsuo")


def quiet_c_stderr():
    """GmSSL's C code prints a trace to fd 2 for every failed verification; keep Python's
    own errors on the original stderr and send the C library's to /dev/null."""
    saved = os.dup(2)
    sys.stderr = os.fdopen(saved, "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def versions():
    from tongsuopy.backends._tongsuo import ffi, lib

    return {
        "gmssl_pyx": gmssl_pyx.__version__,
        "tongsuopy": __import__("tongsuopy").__version__,
        "tongsuo_library": ffi.string(lib.OpenSSL_version(0)).decode(),
    }


def tongsuo_private(d):
    return ec.derive_private_key(int.from_bytes(d, "big"), ec.SM2())


def tongsuo_public(pub):
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SM2(), pub)


def sm3(peer, msg):
    if peer == "gmssl":
        return gmssl_pyx.sm3_hash(msg)
    h = hashes.Hash(hashes.SM3())
    h.update(msg)
    return h.finalize()


# The generator, 04||X||Y: a valid point to hand GmSSL where d has no public key.
GENERATOR = bytes.fromhex(
    "0432C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"
    "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"
)


def gmssl_public_of(d):
    """d's public key: gmssl_pyx has no "public key of this private key", so Tongsuo's
    point arithmetic gives it; for a d that Tongsuo refuses (0, n and above) the generator
    stands in, so that GmSSL itself gets to judge d."""
    from tongsuopy.crypto.serialization import Encoding, PublicFormat

    try:
        key = tongsuo_private(d)
    except ValueError:
        return GENERATOR
    return key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def sign(peer, d, msg, ident, pub=None):
    if peer == "gmssl":
        pub = (pub or gmssl_public_of(d))[1:]
        if ident is None:
            return gmssl_pyx.sm2_sign(d, pub, msg)
        return gmssl_pyx.sm2_sign(d, pub, msg, signer_id=ident)
    if ident is not None:
        raise NotImplementedError("tongsuopy has no way to pass a distinguishing ID")
    return tongsuo_private(d).sign(msg, ec.ECDSA(hashes.SM3()))


def verify(peer, pub, msg, sig, ident):
    if peer == "gmssl":
        if ident is None:
            return bool(gmssl_pyx.sm2_verify(pub[1:], msg, sig))
        return bool(gmssl_pyx.sm2_verify(pub[1:], msg, sig, signer_id=ident))
    if ident is not None:
        raise NotImplementedError("tongsuopy has no way to pass a distinguishing ID")
    try:
        tongsuo_public(pub).verify(sig, msg, ec.ECDSA(hashes.SM3()))
        return True
    except InvalidSignature:
        return False


def _sign_child(peer, d, msg):
    sign(peer, d, msg, None)


def sign_hangs(peer, d, msg, timeout):
    child = multiprocessing.Process(target=_sign_child, args=(peer, d, msg))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return True
    return False


def unhex(value):
    return None if value is None else bytes.fromhex(value)


def answer(req):
    op = req["op"]
    if op == "versions":
        return versions()
    peer = req["peer"]
    if peer not in PEERS:
        raise ValueError(f"unknown peer {peer}")
    if op == "sm3":
        return sm3(peer, unhex(req["msg"])).hex()
    if op == "sign":
        sig = sign(peer, unhex(req["d"]), unhex(req["msg"]), unhex(req.get("id")), unhex(req.get("pub")))
        return bytes(sig).hex()
    if op == "verify":
        return verify(
            peer,
            unhex(req["pub"]),
            unhex(req["msg"]),
            unhex(req["sig"]),
            unhex(req.get("id")),
        )
    if op == "sign_without_z":
        # GmSSL's signer_id=None: e = SM3(M), no Z_A (recorded in tests/peers_interop.rs).
        d = unhex(req["d"])
        return bytes(gmssl_pyx.sm2_sign(d, gmssl_public_of(d)[1:], unhex(req["msg"]), signer_id=None)).hex()
    if op == "sign_hangs":
        return sign_hangs(peer, unhex(req["d"]), unhex(req["msg"]), float(req["timeout"]))
    raise ValueError(f"unknown op {op}")


def serve():
    quiet_c_stderr()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            out = {"ok": True, "value": answer(json.loads(line))}
        except Exception as e:  # every failure is an answer, never a dead helper
            out = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


def rate(fn, clock, round_time, rounds):
    """Calls per second of fn: a batch calibrated to a quarter round, then `rounds` timed
    rounds; the median. CPU time of this thread, as the Rust side uses, unless wall."""
    now = time.thread_time if clock == "cpu" else time.perf_counter
    batch = 1
    while True:
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        if time.perf_counter() - start >= round_time / 4:
            break
        batch *= 2
    batch *= 4
    rates = []
    for _ in range(rounds):
        start = now()
        for _ in range(batch):
            fn()
        took = now() - start
        if took > 0:
            rates.append(batch / took)
    rates.sort()
    return rates[len(rates) // 2]


def bench(args):
    clock = "cpu"
    round_time = 0.3
    rounds = 3
    it = iter(args)
    for a in it:
        if a == "--clock":
            clock = next(it)
        elif a == "--round":
            round_time = float(next(it))
        elif a == "--rounds":
            rounds = int(next(it))
    quiet_c_stderr()
    data = bytes([0x5A]) * 8192
    msg = bytes([0x42]) * 20
    d = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
    pub = gmssl_public_of(d)
    gpub = pub[1:]
    gsig = gmssl_pyx.sm2_sign(d, gpub, msg)
    digest = gmssl_pyx.sm3_hash(b"Z" * 32 + msg)
    tkey = tongsuo_private(d)
    tpub = tongsuo_public(pub)
    algo = ec.ECDSA(hashes.SM3())
    tsig = tkey.sign(msg, algo)
    empty = b""

    def t_sm3():
        h = hashes.Hash(hashes.SM3())
        h.update(data)
        h.finalize()

    def t_empty():
        hashes.Hash(hashes.SM3()).finalize()

    r = lambda fn: rate(fn, clock, round_time, rounds)  # noqa: E731
    # The floor of any call from Python: the loop and one call of a C builtin with an argument.
    floor = r(lambda: len(empty))
    out = {
        "clock": clock,
        "versions": versions(),
        "python_call_floor_per_s": floor,
        "gmssl": {
            "near_empty_call_per_s": r(lambda: gmssl_pyx.sm3_hash(empty)),
            "sm3_8k_bytes_per_s": r(lambda: gmssl_pyx.sm3_hash(data)) * len(data),
            "sign_per_s": r(lambda: gmssl_pyx.sm2_sign(d, gpub, msg)),
            "sign_digest_per_s": r(lambda: gmssl_pyx.sm2_sign_sm3_digest(d, digest)),
            "verify_per_s": r(lambda: gmssl_pyx.sm2_verify(gpub, msg, gsig)),
        },
        "tongsuo": {
            "near_empty_call_per_s": r(t_empty),
            "sm3_8k_bytes_per_s": r(t_sm3) * len(data),
            "sign_per_s": r(lambda: tkey.sign(msg, algo)),
            "verify_per_s": r(lambda: tpub.verify(tsig, msg, algo)),
        },
    }
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "serve":
        serve()
    elif len(sys.argv) >= 2 and sys.argv[1] == "bench":
        bench(sys.argv[2:])
    else:
        sys.exit(__doc__)
