#!/usr/bin/env node
// What a carmaker's connector does before it posts a webhook to keytrail: sign the exact body bytes
// with RFC 9421 HTTP Message Signatures over their RFC 9530 Content-Digest, "@path" and "@method",
// with `created` and `keyid` (docs/INTEGRITY.md, section 10). Plain Node (node:crypto), no keytrail
// code: a connector needs nothing of the ledger's.
//
//   node scripts/sign-webhook.js --key volvo.key --key-id volvo-2026 \
//     --path /v1/oem/volvo/$D/doors --body doors.json > headers.txt
//   curl -X POST "http://127.0.0.1:3000/v1/oem/volvo/$D/doors" -H "authorization: Bearer $OEM" \
//     -H @headers.txt --data-binary @doors.json
//
// It prints the headers to send, one a line (curl -H @file reads them). The key is a PEM private key,
// Ed25519 (openssl genpkey -algorithm ed25519) or P-256 (ES256). Send the body file's bytes as they
// are (--data-binary): the signature covers them, and one byte changed makes keytrail refuse it.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const usage =
  'usage: node scripts/sign-webhook.js --key <private key PEM> --key-id <id> --path <request path> ' +
  '--body <body file> [--method POST] [--created <unix seconds>]\n';

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      key: { type: 'string' },
      'key-id': { type: 'string' },
      path: { type: 'string' },
      body: { type: 'string' },
      method: { type: 'string', default: 'POST' },
      created: { type: 'string' },
    },
  }));
} catch (error) {
  process.stderr.write(`${error.message}\n${usage}`);
  process.exit(2);
}
const { key, 'key-id': keyId, path, body, method } = options;
if (!key || !keyId || !path || !body) {
  process.stderr.write(usage);
  process.exit(2);
}
if (!/^[\x21-\x7e]+$/.test(keyId) || keyId.includes('"') || keyId.includes('\\')) {
  process.stderr.write('--key-id: printable ASCII, no quote or backslash\n');
  process.exit(2);
}
const created = options.created ?? String(Math.floor(Date.now() / 1000));
if (!/^\d{1,12}$/.test(created)) {
  process.stderr.write('--created: unix seconds\n');
  process.exit(2);
}

const privateKey = createPrivateKey(readFileSync(key));
const ed25519 = privateKey.asymmetricKeyType === 'ed25519';
if (!ed25519 && privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
  process.stderr.write('--key: an Ed25519 or a P-256 private key\n');
  process.exit(2);
}

const bytes = readFileSync(body);
const digest = `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
const params =
  `("content-digest" "@path" "@method");created=${created}` +
  `;keyid="${keyId}";alg="${ed25519 ? 'ed25519' : 'ecdsa-p256-sha256'}"`;
// The signature base (RFC 9421, 2.5): each covered component's line, then the parameters.
const base = [
  `"content-digest": ${digest}`,
  `"@path": ${path}`,
  `"@method": ${method.toUpperCase()}`,
  `"@signature-params": ${params}`,
].join('\n');
const signature = ed25519
  ? sign(null, Buffer.from(base), privateKey)
  : sign('sha256', Buffer.from(base), { key: privateKey, dsaEncoding: 'ieee-p1363' });

process.stdout.write(
  [
    'content-type: application/json',
    `content-digest: ${digest}`,
    `signature-input: sig1=${params}`,
    `signature: sig1=:${signature.toString('base64')}:`,
    '',
  ].join('\n'),
);
