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
