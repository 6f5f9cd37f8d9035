import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { signedHeaders } from '../../test/support/source-signer.js';
import { fromBase64, utf8 } from './bytes.js';
import {
  contentDigestMatches,
  parseSignatureHeaders,
  SignatureHeaderError,
  signatureBase,
  verifySignatureBase,
} from './http-signature.js';
import { parseSourcePublicKey, SourceKeyError } from './source-key.js';

/** RFC 9421 Appendix B.1.4 (test-key-ed25519) and B.2.6: the RFC's own vector. */
const RFC_KEY = { kty: 'OKP', crv: 'Ed25519', x: 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs' };
const B26_INPUT =
  'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const B26_SIGNATURE =
  'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';
const B26_COMPONENTS = [
  { name: 'date', value: 'Tue, 20 Apr 2021 02:07:55 GMT' },
  { name: '@method', value: 'POST' },
  { name: '@path', value: '/foo' },
  { name: '@authority', value: 'example.com' },
  { name: 'content-type', value: 'application/json' },
  { name: 'content-length', value: '18' },
];

describe('RFC 9421 signatures', () => {
  it('verifies the RFC’s Ed25519 example (B.2.6) over the signature base it prints', () => {
    const parsed = parseSignatureHeaders(B26_INPUT, B26_SIGNATURE, []);
    expect(parsed).toMatchObject({
      label: 'sig-b26',
      keyId: 'test-key-ed25519',
      created: 1618884473,
    });
    const base = signatureBase(B26_COMPONENTS, parsed.signatureParams);
    expect(base.split('\n').at(-1)).toBe(
      `"@signature-params": ${B26_INPUT.slice('sig-b26='.length)}`,
    );
    const key = parseSourcePublicKey(RFC_KEY);
    expect(verifySignatureBase('ed25519', key.publicKey, base, parsed.signature)).toBe(true);
    const changed = base.replace('/foo', '/fop');
    expect(verifySignatureBase('ed25519', key.publicKey, changed, parsed.signature)).toBe(false);
  });

  it('verifies ES256 (raw r‖s over SHA-256) signed by node:crypto, and refuses it under Ed25519', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const body = '{"data":{}}';
    const headers = signedHeaders({
      path: '/v1/oem/volvo/d-1/doors',
      body,
      privateKey,
      keyId: 'k',
      created: 1,
    });
    const parsed = parseSignatureHeaders(headers['signature-input']!, headers.signature!);
    expect(parsed.algorithm).toBe('ecdsa-p256-sha256');
    const base = signatureBase(
      [
        { name: 'content-digest', value: headers['content-digest']! },
        { name: '@path', value: '/v1/oem/volvo/d-1/doors' },
        { name: '@method', value: 'POST' },
      ],
      parsed.signatureParams,
    );
    const key = parseSourcePublicKey(publicKey.export({ format: 'jwk' }));
    expect(verifySignatureBase('ecdsa-p256-sha256', key.publicKey, base, parsed.signature)).toBe(
      true,
    );
    expect(verifySignatureBase('ed25519', key.publicKey, base, parsed.signature)).toBe(false);
  });

  it.each([
    ['two signatures', `${B26_INPUT}, b=("@method");created=1;keyid="k"`, B26_SIGNATURE],
    ['a Signature without the label', B26_INPUT, 'other=:AAAA:'],
    ['a signature that is not a byte sequence', B26_INPUT, 'sig-b26="text"'],
    ['no created', 'sig-b26=("content-digest" "@path" "@method");keyid="k"', B26_SIGNATURE],
    ['no keyid', 'sig-b26=("content-digest" "@path" "@method");created=1', B26_SIGNATURE],
    [
      'a component with parameters',
      'sig-b26=("content-digest";sf "@path" "@method");created=1;keyid="k"',
      B26_SIGNATURE,
    ],
    [
      'an unknown derived component',
      'sig-b26=("content-digest" "@path" "@method" "@status");created=1;keyid="k"',
      B26_SIGNATURE,
    ],
    [
      'a header field that must not be stored in clear',
      'sig-b26=("content-digest" "@path" "@method" "authorization");created=1;keyid="k"',
      B26_SIGNATURE,
    ],
    [
      'a created past year 9999',
      'sig-b26=("content-digest" "@path" "@method");created=999999999999999;keyid="k"',
      B26_SIGNATURE,
    ],
    [
      'an expires that is no time',
      'sig-b26=("content-digest" "@path" "@method");created=1;expires=1.5;keyid="k"',
      B26_SIGNATURE,
    ],
    ['what is not a dictionary', 'sig-b26=(', B26_SIGNATURE],
    ['a signature that leaves out content-digest', B26_INPUT, B26_SIGNATURE],
  ])('refuses %s', (_, input, signature) => {
    expect(() => parseSignatureHeaders(input, signature)).toThrow(SignatureHeaderError);
  });
});

describe('RFC 9530 Content-Digest', () => {
  // RFC 9530 §2 example: {"hello": "world"}.
  const body = utf8('{"hello": "world"}');
  it('matches the body’s SHA-256, and no other body', () => {
    expect(
      contentDigestMatches('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', body),
    ).toBe(true);
    expect(
      contentDigestMatches('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', utf8('{}')),
    ).toBe(false);
  });
  it('proves nothing without a sha-256 member', () => {
    expect(() => contentDigestMatches('sha-512=:AAAA:', body)).toThrow(SignatureHeaderError);
    expect(() => contentDigestMatches('sha-256="hex"', body)).toThrow(SignatureHeaderError);
  });
});

describe('connector public keys', () => {
  it('reads the same key from a JWK, a PEM and base64 SPKI', () => {
    for (const pair of [
      generateKeyPairSync('ed25519'),
      generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    ]) {
      const jwk = parseSourcePublicKey(pair.publicKey.export({ format: 'jwk' }));
      const pem = parseSourcePublicKey(pair.publicKey.export({ type: 'spki', format: 'pem' }));
      const der = parseSourcePublicKey(
        pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      );
      expect(pem).toEqual(jwk);
      expect(der).toEqual(jwk);
    }
    expect(parseSourcePublicKey(RFC_KEY).publicKey).toEqual(
      fromBase64('JrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='),
    );
  });

  it.each([
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
        type: 'spki',
        format: 'pem',
      }),
    ],
    [
      'a P-384 key',
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' }),
    ],
    ['text that is no key', 'not a key'],
    ['a number', 42],
  ])('refuses %s', (_, key) => {
    expect(() => parseSourcePublicKey(key)).toThrow(SourceKeyError);
  });
});
