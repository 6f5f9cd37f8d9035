import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from '@jest/globals';

import { witnessKeyString } from '../verifier/cosignature.js';
import { ConfigurationError, loadConfig } from './keytrail-config.js';

const vkey = (name: string, byte: number) =>
  witnessKeyString(name, ed25519.getPublicKey(new Uint8Array(32).fill(byte)));
const W1 = vkey('witness.insurer.example/w1', 1);
const W2 = vkey('witness.carmaker.example/w', 2);
const witnesses = (value: string) => loadConfig({ KEYTRAIL_WITNESSES: value }).witnesses;

describe('KEYTRAIL_WITNESSES', () => {
  it('reads each witness as <vkey>=<url> and the quorum', () => {
    expect(
      witnesses(`${W1}=https://w1.example/witness/ \n ${W2}=http://127.0.0.1:7380 quorum=1`),
    ).toEqual({
      witnesses: [
        { name: 'witness.insurer.example/w1', url: 'https://w1.example/witness', verifierKey: W1 },
        { name: 'witness.carmaker.example/w', url: 'http://127.0.0.1:7380', verifierKey: W2 },
      ],
      quorum: 1,
      timeoutMs: 5000,
    });
  });

  it('asks all of them when no quorum is given, and none when unset', () => {
    expect(witnesses(`${W1}=http://a ${W2}=http://b`)?.quorum).toBe(2);
    expect(witnesses('')).toBeNull();
    expect(loadConfig({}).witnesses).toBeNull();
  });

  it.each([
    ['a vkey with no URL', W1],
    ['a URL with no vkey', 'http://127.0.0.1:7380'],
    [
      'a log key (type 0x01) instead of a witness key',
      `${W1.slice(0, -44)}A${W1.slice(-43)}=http://a`,
    ],
    ['a key id that is not the key’s', `${W1.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}=http://a`],
    ['a URL that is not http', `${W1}=ftp://a`],
    ['a quorum larger than the witnesses', `${W1}=http://a quorum=2`],
    ['a quorum of 0', `${W1}=http://a quorum=0`],
    ['a quorum that is not a number', `${W1}=http://a quorum=all`],
    ['a witness twice', `${W1}=http://a ${W1}=http://b`],
    ['a quorum alone', 'quorum=1'],
  ])('refuses %s, naming the setting', (_, value) => {
    expect(() => witnesses(value)).toThrow(ConfigurationError);
    expect(() => witnesses(value)).toThrow(/^KEYTRAIL_WITNESSES: /);
  });
});

describe('KEYTRAIL_SOURCE_KEYS', () => {
  const ed = generateKeyPairSync('ed25519').publicKey;
  const es = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const pem = ed.export({ type: 'spki', format: 'pem' }).toString();
  const sourceKeys = (value: object | string) =>
    loadConfig({
      KEYTRAIL_SOURCE_KEYS: typeof value === 'string' ? value : JSON.stringify(value),
    }).sourceKeys;
  const volvo = {
    volvo: {
      required: true,
      keys: [
        {
          keyId: 'volvo-1',
          algorithm: 'ed25519',
          publicKey: pem,
          notBefore: '2026-01-01T00:00:00Z',
          notAfter: '2027-01-01T00:00:00Z',
        },
        {
          keyId: 'volvo-es',
          algorithm: 'ecdsa-p256-sha256',
          publicKey: es.export({ format: 'jwk' }),
        },
      ],
    },
    gm: { keys: [] },
  };

  it('reads each carmaker’s keys, their periods and whether signatures are required', () => {
    const config = sourceKeys(volvo);
    expect(config.required).toEqual(['volvo']);
    expect(config.keys.map((k) => [k.keyId, k.carmaker, k.algorithm, k.publicKey.length])).toEqual([
      ['volvo-1', 'volvo', 'ed25519', 32],
      ['volvo-es', 'volvo', 'ecdsa-p256-sha256', 65],
    ]);
    expect(config.keys[0]).toMatchObject({
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
    });
    expect(loadConfig({}).sourceKeys).toEqual({ keys: [], required: [] });
  });

  it('reads the same from a JSON file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'source-keys-')), 'keys.json');
    writeFileSync(file, JSON.stringify(volvo));
    expect(sourceKeys(file)).toEqual(sourceKeys(volvo));
  });

  const key = (overrides: object) => ({
    volvo: { keys: [{ keyId: 'k', algorithm: 'ed25519', publicKey: pem, ...overrides }] },
  });
  it.each([
    ['text that is neither JSON nor a file', '/nonexistent/keys.json'],
    ['a list instead of an object', '[]'],
    ['an unknown carmaker', { ford: { keys: [] } }],
    ['signatures required without a key', { volvo: { required: true, keys: [] } }],
    ['required that is not a boolean', { volvo: { required: 'yes', keys: [] } }],
    ['an unknown algorithm', key({ algorithm: 'rsa-pss-sha512' })],
    ['a key of another algorithm than named', key({ algorithm: 'ecdsa-p256-sha256' })],
    ['a public key that is no key', key({ publicKey: 'bm90IGEga2V5' })],
    ['no key id', key({ keyId: '' })],
    [
      'a period that ends before it starts',
      key({ notBefore: '2027-01-01', notAfter: '2026-01-01' }),
    ],
    ['a time that is not one', key({ notAfter: 'soon' })],
    [
      'a key id twice',
      {
        volvo: key({}).volvo,
        gm: { keys: [{ keyId: 'k', algorithm: 'ed25519', publicKey: pem }] },
      },
    ],
  ])('refuses %s, naming the setting', (_, value) => {
    expect(() => sourceKeys(value)).toThrow(ConfigurationError);
    expect(() => sourceKeys(value)).toThrow(/^KEYTRAIL_SOURCE_KEYS: /);
  });
});

describe('KEYTRAIL_REQUIRE_DEVICE_SIGNATURES', () => {
  it('is off unless set to true, and refuses anything but true or false', () => {
    expect(loadConfig({}).requireDeviceSignatures).toBe(false);
    expect(
      loadConfig({ KEYTRAIL_REQUIRE_DEVICE_SIGNATURES: 'false' }).requireDeviceSignatures,
    ).toBe(false);
    expect(loadConfig({ KEYTRAIL_REQUIRE_DEVICE_SIGNATURES: 'true' }).requireDeviceSignatures).toBe(
      true,
    );
    expect(() => loadConfig({ KEYTRAIL_REQUIRE_DEVICE_SIGNATURES: 'yes' })).toThrow(
      /^KEYTRAIL_REQUIRE_DEVICE_SIGNATURES must be true or false/,
    );
  });
});

describe('KEYTRAIL_TRUST_PROXY and token lifetimes', () => {
  it('trusts no proxy and allows tokens 8 h (people) and 30 days (services) unless set', () => {
    const config = loadConfig({});
    expect(config.trustProxyHops).toBe(0);
    expect(config.auth.maxLifetimes).toEqual({ personS: 28_800, serviceS: 2_592_000 });
  });

  it('reads them, and refuses what no deployment means', () => {
    const config = loadConfig({
      KEYTRAIL_TRUST_PROXY: '1',
      KEYTRAIL_JWT_MAX_TTL_S: '3600',
      KEYTRAIL_JWT_SERVICE_MAX_TTL_S: '86400',
    });
    expect(config.trustProxyHops).toBe(1);
    expect(config.auth.maxLifetimes).toEqual({ personS: 3600, serviceS: 86_400 });
    expect(() => loadConfig({ KEYTRAIL_TRUST_PROXY: 'true' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ KEYTRAIL_JWT_MAX_TTL_S: '0' })).toThrow(ConfigurationError);
  });
});

describe('KEYTRAIL_PHOTOS_PER_DELIVERY', () => {
  it('allows 10 photos per delivery unless set, and refuses no photo at all or a non-number', () => {
    expect(loadConfig({}).photosPerDelivery).toBe(10);
    expect(loadConfig({ KEYTRAIL_PHOTOS_PER_DELIVERY: '25' }).photosPerDelivery).toBe(25);
    expect(() => loadConfig({ KEYTRAIL_PHOTOS_PER_DELIVERY: '0' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ KEYTRAIL_PHOTOS_PER_DELIVERY: 'many' })).toThrow(ConfigurationError);
  });
});

describe('KEYTRAIL_READ_DATABASE_URL', () => {
  const primary = 'postgres://keytrail@db1:5432/keytrail';
  const standby = 'postgres://keytrail@db2:5432/keytrail';

  it('reads the query side from DATABASE_URL unless set, and from the standby when set', () => {
    expect(loadConfig({ DATABASE_URL: primary }).readDatabaseUrl).toBeNull();
    expect(
      loadConfig({ DATABASE_URL: primary, KEYTRAIL_READ_DATABASE_URL: standby }).readDatabaseUrl,
    ).toBe(standby);
  });

  it('refuses it on the embedded ledger, which has no standby, and anything but a postgres:// URL', () => {
    expect(() => loadConfig({ KEYTRAIL_READ_DATABASE_URL: standby })).toThrow(
      /^KEYTRAIL_READ_DATABASE_URL needs DATABASE_URL: the embedded ledger/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: primary, KEYTRAIL_READ_DATABASE_URL: 'mysql://db2/keytrail' }),
    ).toThrow(ConfigurationError);
  });
});
