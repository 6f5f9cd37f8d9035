import { randomBytes } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { courierKeyScope, type DataKey, deliveryKeyScope } from './data-key.js';
import type { DataKeys } from './data-keys.js';
import type { EncryptedField } from './field-cipher.js';
import { PersonalDataVault } from './personal-data-vault.js';

const keyOf = (scope: string, owner: string): DataKey => ({
  scope,
  customerId: owner,
  key: randomBytes(32),
});
const customer = keyOf(deliveryKeyScope('d-1'), 'cust-1');
const courier = keyOf(courierKeyScope('c-1', 'd-1'), 'c-1');
// Sealing and opening use only the keys handed to them.
const vault = new PersonalDataVault(null as unknown as DataKeys);

const UNLOCK = {
  grantId: 'g-1',
  courierId: 'c-1',
  courierPosition: { lat: 59.33, lon: 18.06 },
  commandId: 'cmd-1',
  nonce: 'n-1',
  requestedAt: '2026-11-25T14:00:00.000Z',
  sourceSignature: { body: '{"vin":"YV1"}' },
};

describe("sealing each field under its own subject's key", () => {
  it("seals the courier's position with the courier's key and the rest with the customer's", () => {
    const sealed = vault.seal({ customer, courier }, 'UnlockRequested', 'e-1', UNLOCK);
    expect((sealed.courierPosition as unknown as EncryptedField).key).toBe(courier.scope);
    expect((sealed.sourceSignature.body as unknown as EncryptedField).key).toBe(customer.scope);
    const keys = new Map([
      [customer.scope, customer],
      [courier.scope, courier],
    ]);
    expect(vault.openWith(keys, 'UnlockRequested', 'e-1', sealed).data).toEqual(UNLOCK);
  });

  it("opens the customer's fields once the courier's key is gone, and the courier's as erased", () => {
    const sealed = vault.seal({ customer, courier }, 'UnlockRequested', 'e-1', UNLOCK);
    const opened = vault.openWith(
      new Map([[customer.scope, customer]]),
      'UnlockRequested',
      'e-1',
      sealed,
    );
    expect(opened.data.courierPosition).toBeNull();
    expect(opened.data.sourceSignature.body).toBe(UNLOCK.sourceSignature.body);
    expect(opened.erased.map((f) => `${f.subject}:${f.path}`)).toEqual(['courier:courierPosition']);
  });

  it("drops only the courier's fields when the courier's key was destroyed", () => {
    const sealed = vault.seal({ customer, courier: null }, 'UnlockRequested', 'e-1', UNLOCK);
    expect(sealed.courierPosition).toBeNull();
    expect((sealed.sourceSignature.body as unknown as EncryptedField).key).toBe(customer.scope);
  });

  it('tells which subject needs a key', () => {
    expect(vault.needsKey('CourierApproaching', { courierName: 'Alex' }, 'courier')).toBe(true);
    expect(vault.needsKey('CourierApproaching', { courierName: 'Alex' })).toBe(false);
    expect(vault.needsKey('CourierApproaching', { courierName: null }, 'courier')).toBe(false);
  });
});
