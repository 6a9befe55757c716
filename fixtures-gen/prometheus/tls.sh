#!/usr/bin/env bash
# Test TLS material for the Prometheus client's TLS tests (test/prometheus-node.test.ts):
# a CA, a server certificate for 127.0.0.1 / localhost signed by it, and a client certificate
# signed by it, valid for 100 years. Test-only keys: never use them for anything else.
# Usage: bash fixtures-gen/prometheus/tls.sh   (writes test/fixtures/prometheus/tls/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/test/fixtures/prometheus/tls"
mkdir -p "$OUT"
cd "$OUT"
DAYS=36500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $DAYS -subj "/CN=ovskit test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days $DAYS -extfile server.ext 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=ovskit-test-client" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days $DAYS -extfile client.ext 2>/dev/null
# a second, unrelated CA (a server cert "from somewhere else")
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days $DAYS -subj "/CN=other CA" 2>/dev/null
rm -f server.csr client.csr server.ext client.ext ca.srl other-ca.key ca.key
ls "$OUT"
