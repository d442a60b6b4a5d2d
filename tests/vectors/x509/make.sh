#!/usr/bin/env bash
# Builds the SM2 test PKI and the certificate vectors of this directory with the OpenSSL 3
# command line (`openssl ca`, so every validity date is fixed), and writes chains.jsonl, the
# table of chain verifications with their expected error code.
#
#   tests/vectors/x509/make.sh           regenerate the committed files in place
#   tests/vectors/x509/make.sh --check   regenerate into a temporary directory and compare
#   tests/vectors/x509/make.sh --out DIR make a fresh set (same keys) in DIR, for interop tests
#
# Keys under keys/ are inputs: made once with `openssl genpkey` when missing, then kept.
# Given the keys, every to-be-signed part (TBSCertificate) is deterministic: fixed serials,
# names, dates and extensions. SM2 and ECDSA signatures are randomized, so --check compares
# TBS bytes exactly and the whole file only where the bytes cannot depend on a signature.
#
# Every SM2 signature is made with `-sigopt distid:1234567812345678`, the GM/T 0009 default
# ID, except the one vector that shows OpenSSL's default (the empty ID) is refused.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check=0
fresh=
if [[ ${1:-} == --check ]]; then
    check=1
elif [[ ${1:-} == --out && -n ${2:-} ]]; then
    fresh=$2
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--check | --out DIR]" >&2
    exit 2
fi

openssl=${GOVCRED_OPENSSL:-openssl}
"$openssl" version | grep -q '^OpenSSL 3' || { echo "make.sh: needs OpenSSL 3" >&2; exit 1; }
command -v python3 >/dev/null || { echo "make.sh: needs python3 for the byte edits" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ((check)) || [[ -n $fresh ]]; then
    out=${fresh:-$work/out}
    mkdir -p "$out/keys"
    cp "$here"/keys/*.pem "$out/keys/"
else
    out=$here
    mkdir -p "$out/keys"
fi
export GOVCRED_CA_DIR=$work/ca
mkdir -p "$GOVCRED_CA_DIR/new"
touch "$GOVCRED_CA_DIR/index.txt"
cnf=$here/pki.cnf

ID=distid:1234567812345678
# Validity windows (openssl ca -startdate/-enddate). 2050 and later are GeneralizedTime.
VALID=(20200101000000Z 20491231235959Z)
ROOT_VALID=(20200101000000Z 20500101000000Z)
EXPIRED=(20200101000000Z 20210101000000Z)
NOT_YET=(20400101000000Z 20491231235959Z)
# The `now` of every chain case unless it says otherwise: 2026-01-01T00:00:00Z.
NOW=1767225600

key() { # NAME ALGORITHM...: keys/NAME.key.pem, made once
    local path=$out/keys/$1.key.pem
    shift
    [[ -f $path ]] || "$openssl" genpkey "$@" -out "$path" 2>/dev/null
}

for k in root other-root root-pathlen0 intermediate intermediate-nolimit intermediate-expired \
    sub-ca ca-false ca-no-certsign signer signer2 seal-maker leaf; do
    key "$k" -algorithm SM2
done
key ecdsa-p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key rsa-2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048

dn() { echo "/C=CN/O=Govcred Test PKI/CN=$1"; }

# issue OUT KEY CN ISSUER(-|cert name) ISSUER_KEY PROFILE SERIAL START END [MD SIGOPT...]
# Writes OUT.pem. ISSUER "-" self-signs with KEY.
issue() {
    local out_name=$1 k=$2 cn=$3 issuer=$4 issuer_key=$5 profile=$6 serial=$7 start=$8 end=$9
    shift 9
    local md=sm3 sigopt=(-sigopt "$ID")
    if [[ $# -gt 0 ]]; then
        md=$1
        shift
        sigopt=("$@")
    fi
    local csr=$work/$out_name.csr
    rm -f "$out/$out_name.pem"
    "$openssl" req -new -key "$out/keys/$k.key.pem" -subj "$(dn "$cn")" -utf8 \
        -"$md" ${sigopt[@]+"${sigopt[@]}"} -out "$csr"
    echo "$serial" >"$GOVCRED_CA_DIR/serial"
    local signer_args
    if [[ $issuer == - ]]; then
        signer_args=(-selfsign -keyfile "$out/keys/$k.key.pem")
    else
        signer_args=(-cert "$out/$issuer.pem" -keyfile "$out/keys/$issuer_key.key.pem")
    fi
    # The CSR is checked with the ID it was signed with.
    local vfy=()
    [[ ${sigopt[*]-} == "-sigopt $ID" ]] && vfy=(-vfyopt "$ID")
    "$openssl" ca -config "$cnf" -batch -notext -utf8 -subj "$(dn "$cn")" \
        "${signer_args[@]}" -in "$csr" -out "$out/$out_name.pem" \
        -startdate "$start" -enddate "$end" -extensions "$profile" \
        -md "$md" ${sigopt[@]+"${sigopt[@]}"} "${vfy[@]}" 2>"$work/ca.log" ||
        { cat "$work/ca.log" >&2; exit 1; }
    # `openssl ca` exits 0 when it refuses a request; the certificate must be there.
    [[ -s $out/$out_name.pem ]] || { cat "$work/ca.log" >&2; exit 1; }
    rm -f "$csr"
}

# Positive PKI: root -> intermediate (pathLen 0) -> signers and the seal maker.
issue ok-root root "Govcred Test Root CA" - - root 01 "${ROOT_VALID[@]}"
issue ok-intermediate intermediate "Govcred Test Intermediate CA" ok-root root ca_pathlen0 0102 "${VALID[@]}"
issue ok-signer signer "Govcred Test Signer" ok-intermediate intermediate signer 9A8B7C6D5E4F30211203 "${VALID[@]}"
issue ok-signer2 signer2 "Govcred Test Second Signer" ok-intermediate intermediate signer 1003 "${VALID[@]}"
issue ok-seal-maker seal-maker "Govcred Test Seal Maker" ok-intermediate intermediate seal_maker 1004 "${VALID[@]}"
issue ok-signer-unknown-noncritical-ext leaf "Govcred Test Signer Noncritical Ext" ok-intermediate intermediate signer_unknown_noncritical 1005 "${VALID[@]}"
# Two levels: a signer straight under the root.
issue ok-signer-under-root signer "Govcred Test Signer Under Root" ok-root root signer 1006 "${VALID[@]}"
# Four levels: root -> intermediate without limit -> sub-CA (pathLen 0) -> signer.
issue ok-intermediate-nolimit intermediate-nolimit "Govcred Test Intermediate CA No Limit" ok-root root ca_nolimit 0107 "${VALID[@]}"
issue ok-sub-ca sub-ca "Govcred Test Sub CA" ok-intermediate-nolimit intermediate-nolimit ca_pathlen0 0108 "${VALID[@]}"
issue ok-signer-4-level signer "Govcred Test Signer Four Levels" ok-sub-ca sub-ca signer 1009 "${VALID[@]}"
# A root with pathLen 0 may sign end entities.
issue ok-root-pathlen0 root-pathlen0 "Govcred Test Root CA PathLen 0" - - root_pathlen0 02 "${ROOT_VALID[@]}"
issue ok-signer-under-root-pathlen0 signer "Govcred Test Signer Under Root PathLen 0" ok-root-pathlen0 root-pathlen0 signer 100A "${VALID[@]}"

# Validity.
issue expired-signer leaf "Govcred Test Expired Signer" ok-intermediate intermediate signer 2001 "${EXPIRED[@]}"
issue not-yet-valid-signer leaf "Govcred Test Not Yet Valid Signer" ok-intermediate intermediate signer 2002 "${NOT_YET[@]}"
issue expired-intermediate intermediate-expired "Govcred Test Expired Intermediate CA" ok-root root ca_pathlen0 0203 "${EXPIRED[@]}"
issue expired-intermediate-signer leaf "Govcred Test Signer Under Expired CA" expired-intermediate intermediate-expired signer 2004 "${VALID[@]}"

# Trust: a second root nobody pinned.
issue untrusted-other-root other-root "Govcred Test Other Root CA" - - root 03 "${ROOT_VALID[@]}"
issue untrusted-signer-from-other-root leaf "Govcred Test Signer Of Other Root" untrusted-other-root other-root signer 3001 "${VALID[@]}"

# basicConstraints, pathLenConstraint, keyUsage, critical extensions.
issue not-ca-intermediate-ca-false ca-false "Govcred Test CA FALSE Intermediate" ok-root root ca_false 0401 "${VALID[@]}"
issue not-ca-signer-under-ca-false leaf "Govcred Test Signer Under CA FALSE" not-ca-intermediate-ca-false ca-false signer 4002 "${VALID[@]}"
issue path-too-long-sub-ca-under-pathlen0 sub-ca "Govcred Test Sub CA Under PathLen 0" ok-intermediate intermediate ca_nolimit 0501 "${VALID[@]}"
issue path-too-long-signer leaf "Govcred Test Signer Path Too Long" path-too-long-sub-ca-under-pathlen0 sub-ca signer 5002 "${VALID[@]}"
issue path-too-long-intermediate-under-root-pathlen0 intermediate "Govcred Test Intermediate Under Root PathLen 0" ok-root-pathlen0 root-pathlen0 ca_nolimit 0503 "${VALID[@]}"
issue path-too-long-signer-under-root-pathlen0 leaf "Govcred Test Signer Root PathLen Exceeded" path-too-long-intermediate-under-root-pathlen0 intermediate signer 5004 "${VALID[@]}"
issue key-usage-intermediate-no-certsign ca-no-certsign "Govcred Test Intermediate Without CertSign" ok-root root ca_no_certsign 0601 "${VALID[@]}"
issue key-usage-signer-under-no-certsign leaf "Govcred Test Signer Under No CertSign CA" key-usage-intermediate-no-certsign ca-no-certsign signer 6002 "${VALID[@]}"
issue key-usage-encipher-only leaf "Govcred Test Encipher Only" ok-intermediate intermediate encipher_only 6003 "${VALID[@]}"
issue unknown-critical-ext-signer leaf "Govcred Test Signer Unknown Critical Ext" ok-intermediate intermediate signer_unknown_critical 7001 "${VALID[@]}"

# OpenSSL's default without -sigopt: the EMPTY ID. The signature does not verify with the
# GM/T 0009 default ID.
issue bad-signature-empty-id-signer leaf "Govcred Test Signer Empty ID" ok-intermediate intermediate signer 8001 "${VALID[@]}" sm3

# Other algorithms: well-formed certificates govcred does not verify.
issue unsupported-ecdsa-p256-selfsigned ecdsa-p256 "Govcred Test ECDSA P-256" - - root 09 "${ROOT_VALID[@]}" sha256
issue unsupported-rsa-2048-selfsigned rsa-2048 "Govcred Test RSA 2048" - - root 0A "${ROOT_VALID[@]}" sha256

# DER copies and byte edits of the signer certificate.
der() { "$openssl" x509 -in "$out/$1.pem" -outform DER -out "$out/$2"; }
der ok-signer ok-signer.der
python3 "$here/tools.py" edit "$out"

# The chain table, one JSON object a line, sorted keys (as tests/vectors/verifier/cases.jsonl):
# leaf, chain (intermediates, space separated, may be empty), roots (space separated), now,
# usage ("sign": digitalSignature or nonRepudiation), expected (ErrorCode name), expected_code.
python3 "$here/tools.py" chains "$NOW" >"$out/chains.jsonl"

if ((check)); then
    python3 "$here/tools.py" compare "$here" "$out"
fi
