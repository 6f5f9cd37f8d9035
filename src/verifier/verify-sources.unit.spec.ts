import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { signedHeaders } from '../../test/support/source-signer.js';
import type { ProofBundle } from './proof-bundle.js';
import { parseSourcePublicKey } from './source-key.js';
import type { VerificationReport } from './verify-bundle.js';
import { withSourceSignatures } from './verify-sources.js';

/** What the ledger records of a signed POST: the signature, its input and the covered components. */
const signedParts = (signed: ReturnType<typeof signedHeaders>, path: string) => ({
  signatureInput: signed['signature-input'],
  signature: signed.signature,
  components: [
    { name: 'content-digest', value: signed['content-digest'] },
    { name: '@path', value: path },
    { name: '@method', value: 'POST' },
  ],
});

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PATH = '/v1/oem/volvo/d-1/doors';
const BODY = '{"data":{}}';
const headers = signedHeaders({
  path: PATH,
  body: BODY,
  privateKey,
  keyId: 'volvo-1',
  created: Date.parse('2026-11-25T14:01:38Z') / 1000,
});
const evidence = {
  carmaker: 'volvo',
  keyId: 'volvo-1',
  algorithm: 'ed25519',
  created: '2026-11-25T14:01:38.000Z',
  expires: null,
  ...signedParts(headers, PATH),
  body: { $enc: 'sealed' },
};
const event = (type: string, source: string, data: object, globalPosition: number) => ({
  globalPosition,
  streamRevision: globalPosition,
  hash: '',
  leafIndex: globalPosition,
  inclusionProof: [],
  canonical: JSON.stringify({ data, eventId: `e-${globalPosition}`, metadata: { source }, type }),
});
const bundle = (events: ReturnType<typeof event>[]) =>
  ({ events, timeline: [] }) as unknown as ProofBundle;
const proved: VerificationReport = {
  ok: true,
  deliveryId: 'd-1',
  checked: ['the bundle'],
  failures: [],
  checkpoint: null,
};
const key = {
  carmaker: 'volvo',
  keyId: 'volvo-1',
  ...parseSourcePublicKey(publicKey.export({ format: 'jwk' })),
};

describe('each carmaker fact of a bundle, signed or unsigned', () => {
  it('tells who signed each fact a carmaker caused, and which came unsigned', () => {
    const report = withSourceSignatures(
      proved,
      bundle([
        event('AccessGranted', 'api', {}, 0),
        event('VehicleStatusReported', 'oem:volvo', {}, 1),
        event('LockConfirmed', 'oem:volvo', { sourceSignature: evidence }, 2),
      ]),
      [key],
    );
    expect(report.ok).toBe(true);
    expect(report.checked).toEqual([
      'the bundle',
      'VehicleStatusReported — unsigned (oem:volvo)',
      'LockConfirmed — from a status read signed by volvo key volvo-1, created 14:01:38 UTC 2026-11-25 (body sealed in this view: its digest was signed, the bytes not compared)',
    ]);
  });

  it('fails on evidence of another shape, and on a signature that does not verify', () => {
    const forged = { ...evidence, components: evidence.components.slice().reverse() };
    const report = withSourceSignatures(
      proved,
      bundle([
        event('LockConfirmed', 'oem:volvo', { sourceSignature: 'signed, trust me' }, 1),
        event('LockConfirmed', 'oem:volvo', { sourceSignature: forged }, 2),
      ]),
      [key],
    );
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => [f.check, f.globalPosition])).toEqual([
      ['source', 1],
      ['source', 2],
    ]);
  });

  it('reads nothing of a bundle whose events were not proved', () => {
    const failed = {
      ...proved,
      ok: false,
      checked: [],
      failures: [{ check: 'chain', message: 'x' }],
    };
    expect(withSourceSignatures(failed, bundle([event('X', 'oem:volvo', {}, 0)]), [key])).toBe(
      failed,
    );
  });

  it('tells a drop receipt signed by a courier device, checked with the device key given', () => {
    const device = generateKeyPairSync('ed25519');
    const path = '/v1/deliveries/d-1/packages';
    const body = '{"packageId":"p-1"}';
    const signed = signedHeaders({
      path,
      body,
      privateKey: device.privateKey,
      keyId: 'dev-1',
      created: Date.parse('2026-11-25T14:02:05Z') / 1000,
    });
    const receipt = {
      ...evidence,
      carmaker: 'device',
      courierId: 'c-1',
      keyId: 'dev-1',
      created: '2026-11-25T14:02:05.000Z',
      ...signedParts(signed, path),
    };
    const deviceKey = {
      carmaker: 'device',
      keyId: 'dev-1',
      ...parseSourcePublicKey(device.publicKey.export({ format: 'jwk' })),
    };
    const facts = bundle([
      event('PackagePlaced', 'api', { sourceSignature: receipt }, 1),
      event('PackagePlaced', 'api', {}, 2),
    ]);
    const report = withSourceSignatures(proved, facts, [key, deviceKey]);
    expect(report.checked).toEqual([
      'the bundle',
      'PackagePlaced — signed by device dev-1 of courier c-1, created 14:02:05 UTC 2026-11-25 (body sealed in this view: its digest was signed, the bytes not compared)',
      'PackagePlaced — unsigned (no courier device signed it)',
    ]);
    expect(withSourceSignatures(proved, facts, [key]).checked[1]).toContain(
      'signed by device dev-1 of courier c-1, created 14:02:05 UTC 2026-11-25: NOT CHECKED',
    );
    // A volvo key under the same id is not the device's.
    const misread = withSourceSignatures(proved, facts, [{ ...deviceKey, carmaker: 'volvo' }]);
    expect(misread.checked[1]).toContain('NOT CHECKED');
    const wrong = withSourceSignatures(proved, facts, [
      { ...key, carmaker: 'device', keyId: 'dev-1' },
    ]);
    expect(wrong.ok).toBe(false);
    expect(wrong.failures[0]!.message).toContain('does not verify with device key dev-1');
  });
});
