import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { signedHeaders } from '../../test/support/source-signer.js';
import {
  checkSourceEvidence,
  type SourceSignatureEvidence,
  type TrustedSourceKey,
} from './source-evidence.js';
import { parseSourcePublicKey } from './source-key.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PATH = '/v1/oem/volvo/d-1/doors';
const BODY = '{"data":{"centralLock":{"value":"LOCKED"}}}';
const CREATED = Date.parse('2026-11-25T14:01:38Z') / 1000;

/** Evidence as the server stores it, for a request signed by node:crypto. */
function evidence(): SourceSignatureEvidence {
  const headers = signedHeaders({
    path: PATH,
    body: BODY,
    privateKey,
    keyId: 'volvo-1',
    created: CREATED,
  });
  return {
    carmaker: 'volvo',
    keyId: 'volvo-1',
    algorithm: 'ed25519',
    created: '2026-11-25T14:01:38.000Z',
    expires: null,
    signatureInput: headers['signature-input']!,
    signature: headers.signature!,
    components: [
      { name: 'content-digest', value: headers['content-digest']! },
      { name: '@path', value: PATH },
      { name: '@method', value: 'POST' },
    ],
    body: Buffer.from(BODY).toString('base64'),
  };
}
const trusted: TrustedSourceKey = {
  carmaker: 'volvo',
  keyId: 'volvo-1',
  ...parseSourcePublicKey(publicKey.export({ format: 'jwk' })),
};

describe('stored source evidence, checked offline', () => {
  it('verifies with the carmaker’s key and compares the body in clear with the signed digest', () => {
    expect(checkSourceEvidence(evidence(), [trusted])).toEqual({
      status: 'verified',
      notes: ['body matches the signed Content-Digest'],
    });
  });

  it('verifies a sealed body’s signature, saying the bytes were not compared', () => {
    const sealed = { ...evidence(), body: { $enc: 'v1', ct: '…' } };
    expect(checkSourceEvidence(sealed, [trusted])).toMatchObject({ status: 'verified' });
    expect(JSON.stringify(checkSourceEvidence(sealed, [trusted]))).toContain('not compared');
  });

  it('is unchecked without a key for its carmaker and key id', () => {
    expect(checkSourceEvidence(evidence(), [{ ...trusted, carmaker: 'gm' }])).toMatchObject({
      status: 'unchecked',
    });
  });

  it.each([
    [
      'a changed path',
      (e: SourceSignatureEvidence) => ({
        ...e,
        components: e.components.map((c) =>
          c.name === '@path' ? { ...c, value: '/v1/oem/volvo/d-2/doors' } : c,
        ),
      }),
    ],
    [
      'another created than signed',
      (e: SourceSignatureEvidence) => ({ ...e, created: '2026-11-25T14:00:00.000Z' }),
    ],
    ['another key id than signed', (e: SourceSignatureEvidence) => ({ ...e, keyId: 'volvo-2' })],
    [
      'a body that is not the signed one',
      (e: SourceSignatureEvidence) => ({ ...e, body: Buffer.from('{}').toString('base64') }),
    ],
    [
      'a component left out',
      (e: SourceSignatureEvidence) => ({ ...e, components: e.components.slice(0, 2) }),
    ],
    ['headers that do not parse', (e: SourceSignatureEvidence) => ({ ...e, signature: 'x' })],
    [
      'another algorithm than the key’s',
      (e: SourceSignatureEvidence) => ({ ...e, algorithm: 'ecdsa-p256-sha256' as const }),
    ],
  ])('fails on %s', (_, change) => {
    const keys = [trusted, { ...trusted, keyId: 'volvo-2' }];
    expect(checkSourceEvidence(change(evidence()), keys)).toMatchObject({ status: 'failed' });
  });

  it('fails with another key of the same id', () => {
    const other = parseSourcePublicKey(
      generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }),
    );
    expect(checkSourceEvidence(evidence(), [{ ...trusted, ...other }])).toMatchObject({
      status: 'failed',
      problem: 'the signature does not verify with volvo key volvo-1',
    });
  });
});
