import { describe, expect, it } from '@jest/globals';

import type { RequestUnlock } from './delivery.commands.js';
import { type DeliveryState, type GrantState, initialDeliveryState } from './delivery.state.js';
import { UNLOCK_DENIAL_REASONS, type UnlockDenialReason } from './delivery.vocabulary.js';
import { unlockDenialReason } from './unlock-policy.js';

const NOW = '2026-03-01T10:00:00.000Z';
const CENTRE = { lat: 59.3346, lon: 18.0632 };

const unlock = (courierPosition = { lat: 59.4, lon: 18.2 }): RequestUnlock => ({
  type: 'RequestUnlock',
  data: { grantId: 'g-1', courierId: 'c-1', courierPosition, commandId: 'cmd-2', nonce: 'nonce-1' },
  metadata: { now: NOW, actor: { id: 'svc', role: 'delivery-service' } },
});

const grant = (changes: Partial<GrantState['grant']> = {}): GrantState['grant'] => ({
  grantId: 'g-1',
  courierId: 'c-other',
  notBefore: '2026-03-01T11:00:00.000Z',
  notAfter: '2026-03-01T09:00:00.000Z',
  geofence: { center: CENTRE, radiusM: 50 },
  scope: 'trunk',
  singleUse: true,
  nonce: 'grant-nonce',
  ...changes,
});

describe('the unlock policy', () => {
  it('names the first reason that applies, in the order UNLOCK_DENIAL_REASONS states', () => {
    // Every rule broken at once; each step mends the reason just named, so the next one shows.
    let state: DeliveryState = {
      ...initialDeliveryState(),
      phase: 'open',
      inCarBlocked: true,
      seenNonces: { 'nonce-1': true },
      // The car reported 3 km away just now: outside the grant's geofence.
      vehiclePosition: { position: { lat: 59.3616, lon: 18.0632 }, at: NOW, source: 'reported' },
    };
    let grantState: GrantState = {
      grant: grant(),
      revokedFor: 'security',
      expired: true,
      usedBy: 'cmd-1',
    };
    let request = unlock();
    const mend: Record<UnlockDenialReason, () => void> = {
      blocked: () => (state = { ...state, inCarBlocked: false }),
      no_grant: () => (state = { ...state, grants: { 'g-1': grantState } }),
      courier_mismatch: () =>
        (grantState = { ...grantState, grant: { ...grantState.grant, courierId: 'c-1' } }),
      replayed_nonce: () => (state = { ...state, seenNonces: {} }),
      vehicle_outside_area: () =>
        (state = {
          ...state,
          vehiclePosition: { position: CENTRE, at: NOW, source: 'reported' },
        }),
      revoked: () => (grantState = { ...grantState, revokedFor: null }),
      expired: () =>
        (grantState = {
          ...grantState,
          expired: false,
          grant: { ...grantState.grant, notAfter: '2026-03-01T12:00:00.000Z' },
        }),
      not_yet_valid: () =>
        (grantState = {
          ...grantState,
          grant: { ...grantState.grant, notBefore: '2026-03-01T09:30:00.000Z' },
        }),
      grant_used: () => (grantState = { ...grantState, usedBy: null }),
      outside_geofence: () => (request = unlock(CENTRE)),
    };
    const named: (UnlockDenialReason | null)[] = [];
    for (let step = 0; step <= UNLOCK_DENIAL_REASONS.length; step += 1) {
      if (state.grants['g-1']) state = { ...state, grants: { 'g-1': grantState } };
      const reason = unlockDenialReason(request, state);
      named.push(reason);
      if (reason === null) break;
      mend[reason]();
    }
    expect(named).toEqual([...UNLOCK_DENIAL_REASONS, null]);
  });

  it('denies an unlock under a grant the delivery does not have', () => {
    const state: DeliveryState = { ...initialDeliveryState(), phase: 'open' };
    expect(unlockDenialReason(unlock(CENTRE), state)).toBe('no_grant');
  });
});
