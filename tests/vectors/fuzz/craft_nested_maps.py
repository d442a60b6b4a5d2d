#!/usr/bin/env python3
"""Writes the CC1: text of refused-cbor-16-nested-maps-*.txt: zlib + base45 over 16 nested
CBOR maps that each declare as many entries as the rest of the input could hold."""
import zlib, sys
ALPH = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
def b45(b):
    out = []
    for i in range(0, len(b) - 1, 2):
        n = b[i] * 256 + b[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += [ALPH[c], ALPH[d], ALPH[e]]
    if len(b) % 2:
        n = b[-1]
        out += [ALPH[n % 45], ALPH[n // 45]]
    return "".join(out)
def craft(total, depth=16):
    buf = bytearray()
    for _ in range(depth):
        remaining = total - len(buf) - 3
        L = remaining // 2
        buf += bytes([0xb9, L >> 8, L & 0xff])
    buf.append(0xff)
    buf += bytes(total - len(buf))
    return bytes(buf)
total = int(sys.argv[1])
qr = "CC1:" + b45(zlib.compress(craft(total), 9))
print(qr)
