import { generateKeyPairSync } from 'node:crypto';

import { ROLES, type Role } from '../../src/domain/shared/actor.js';
import { at, AT_THE_CAR, CAR } from './journey.js';
import { pngPhoto } from './photos.js';
import {
  gmCommandResponse,
  gmLocation,
  teslaCommand,
  teslaDriveState,
  teslaVehicleData,
  volvoDoors,
  volvoLocation,
  volvoWindows,
  volvoInvoke,
} from './vendor-payloads.js';

export type CallerRole = Exclude<Role, 'system'>;

/** Whose resources a request names: the customer's own, or another customer's. */
export interface Target {
  readonly deliveryId: string;
  readonly customerId: string;
  readonly vehicleId: string;
  readonly plate: string;
}

export interface RouteCase {
  /** `METHOD /path` exactly as the OpenAPI document lists it. */
  readonly route: string;
  readonly roles: readonly CallerRole[];
  /** What a customer gets for another customer's resource: 404 (hidden) or 403 (refused). */
  readonly otherCustomer: 404 | 403 | 'own-only';
  /** Roles the route admits but refuses by a rule here (e.g. an investigator without a case). */
  readonly refusedByRule?: Partial<Record<CallerRole, string>>;
  request(target: Target, n: number): { path: string; body?: object; photo?: Buffer };
}

/** A courier device's public key, as the delivery service registers it (base64 SPKI). */
const MATRIX_DEVICE_KEY = generateKeyPairSync('ed25519')
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');

export const ALL_ROLES: readonly CallerRole[] = ROLES;

let unique = 0;
const id = (prefix: string) => `${prefix}-m${(unique += 1)}`;

/** Every route of the API, the roles it admits, and a valid request for it. */
export const MATRIX: RouteCase[] = [
  // Reads first, while every delivery is as the set-up left it.
  {
    route: 'GET /v1/deliveries/{id}/timeline',
    roles: ['investigator', 'customer', 'delivery-service', 'compliance', 'admin'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/timeline` }),
  },
  {
    route: 'GET /v1/deliveries/{id}/release',
    roles: ['delivery-service', 'customer', 'investigator', 'admin'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/release` }),
  },
  {
    route: 'GET /v1/deliveries',
    roles: ['investigator', 'admin', 'delivery-service', 'customer'],
    otherCustomer: 'own-only',
    request: (t) => ({ path: `/v1/deliveries?customerId=${t.customerId}` }),
  },
  {
    route: 'GET /v1/lock-requests/pending',
    roles: ['oem-connector', 'admin'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/lock-requests/pending?vendor=volvo' }),
  },
  {
    route: 'GET /v1/anomalies',
    roles: ['investigator', 'admin', 'compliance'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/anomalies' }),
  },
  {
    route: 'GET /v1/deliveries/{id}/packages/{packageId}/photo',
    roles: ['customer', 'investigator'],
    otherCustomer: 404,
    refusedByRule: { investigator: 'ACCESS.CASE_REQUIRED' },
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/packages/p-1/photo` }),
  },
  {
    route: 'GET /v1/deliveries/{id}/proof',
    roles: ['investigator', 'customer', 'delivery-service', 'admin'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/proof` }),
  },
  {
    route: 'GET /v1/checkpoints/latest',
    roles: ALL_ROLES,
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/checkpoints/latest' }),
  },
  {
    route: 'GET /v1/checkpoints/consistency',
    roles: ALL_ROLES,
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/checkpoints/consistency?from=1&to=2' }),
  },
  {
    route: 'GET /v1/subjects/{customerId}/access-log',
    roles: ['customer', 'compliance'],
    otherCustomer: 403,
    request: (t) => ({ path: `/v1/subjects/${t.customerId}/access-log` }),
  },
  {
    route: 'GET /v1/subjects/{customerId}/export',
    roles: ['customer', 'compliance'],
    otherCustomer: 403,
    request: (t) => ({ path: `/v1/subjects/${t.customerId}/export` }),
  },
  {
    route: 'GET /v1/cases/{id}',
    roles: ['investigator', 'supervisor', 'compliance', 'admin'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/cases/case-hold' }),
  },
  {
    route: 'GET /v1/cases/{id}/evidence',
    roles: ['investigator'],
    otherCustomer: 'own-only',
    refusedByRule: { investigator: 'CASE.NOT_YOURS' },
    request: () => ({ path: '/v1/cases/case-hold/evidence' }),
  },
  {
    route: 'GET /v1/exports/compliance',
    roles: ['compliance'],
    otherCustomer: 'own-only',
    request: () => ({
      path: '/v1/exports/compliance?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z',
    }),
  },
  // Commands: the deliveries are complete, so most are refused by the rules — never by a 5xx.
  {
    route: 'POST /v1/deliveries',
    roles: ['delivery-service'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: '/v1/deliveries',
      body: {
        deliveryId: id('d'),
        orderId: 'o-1',
        customerId: t.customerId,
        vehicleId: t.vehicleId,
        vendor: 'volvo',
        window: { from: at('13:00:00'), to: at('17:00:00') },
        target: 'trunk',
      },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/location',
    roles: ['delivery-service', 'customer'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/location`,
      body: { description: 'Street 1', position: CAR },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/block',
    roles: ['customer', 'delivery-service', 'admin'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/block`, body: { reason: 'away' } }),
  },
  {
    route: 'POST /v1/deliveries/{id}/allow',
    roles: ['customer', 'delivery-service', 'admin'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/allow`, body: {} }),
  },
  {
    route: 'POST /v1/deliveries/{id}/approaching',
    roles: ['delivery-service'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/approaching`,
      body: { courierId: 'c-9', eta: at('14:00:00'), courierName: 'Kim Berg' },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/grants',
    roles: ['delivery-service'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/grants`,
      body: {
        grantId: id('g'),
        courierId: 'c-9',
        notBefore: at('13:30:00'),
        notAfter: at('15:00:00'),
        geofence: { center: CAR, radiusM: 50 },
        scope: 'trunk',
        singleUse: true,
        nonce: id('nonce'),
      },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/grants/{grantId}/revoke',
    roles: ['delivery-service', 'admin'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/grants/g-1/revoke`,
      body: { reason: 'cancelled' },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/unlock-requests',
    roles: ['delivery-service'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/unlock-requests`,
      body: {
        grantId: 'g-1',
        courierId: 'c-9',
        courierPosition: AT_THE_CAR,
        commandId: id('cmd'),
        nonce: id('nonce'),
      },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/closures',
    roles: ['delivery-service', 'oem-connector'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/closures`,
      body: { closure: 'trunk', state: 'opened', vehicleTimestamp: at('14:30:00') },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/photos',
    roles: ['delivery-service'],
    otherCustomer: 404,
    request: (t, n) => ({
      path: `/v1/deliveries/${t.deliveryId}/photos`,
      photo: pngPhoto(`m${n}`),
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/packages',
    roles: ['delivery-service'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/packages`,
      body: {
        packageId: id('p'),
        photo: {
          sha256: 'ab'.repeat(32),
          ref: 'elsewhere',
          capturedAt: at('14:00:00'),
          geotag: null,
        },
      },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/lock-requests',
    roles: ['delivery-service', 'customer', 'admin'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/lock-requests`,
      body: { commandId: id('cmd') },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/complete',
    roles: ['delivery-service'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/complete`, body: {} }),
  },
  {
    route: 'POST /v1/deliveries/{id}/fail',
    roles: ['delivery-service', 'admin'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/deliveries/${t.deliveryId}/fail`,
      body: { reason: 'no access', fallback: 'returned' },
    }),
  },
  {
    route: 'POST /v1/deliveries/{id}/cancel',
    roles: ['delivery-service', 'customer', 'admin'],
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/deliveries/${t.deliveryId}/cancel`, body: { reason: 'moved' } }),
  },
  {
    route: 'POST /v1/oem/volvo/{deliveryId}/commands/{commandId}',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: `/v1/oem/volvo/${t.deliveryId}/commands/cmd-unlock-1`,
      body: volvoInvoke('COMPLETED'),
    }),
  },
  {
    route: 'POST /v1/oem/volvo/{deliveryId}/doors',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: `/v1/oem/volvo/${t.deliveryId}/doors`,
      body: volvoDoors(at('14:05:00')),
    }),
  },
  {
    route: 'POST /v1/oem/volvo/{deliveryId}/windows',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: `/v1/oem/volvo/${t.deliveryId}/windows`,
      body: volvoWindows(at('14:05:00')),
    }),
  },
  {
    route: 'POST /v1/oem/volvo/{deliveryId}/location',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: `/v1/oem/volvo/${t.deliveryId}/location`,
      body: volvoLocation(at('14:05:00'), CAR),
    }),
  },
  {
    route: 'POST /v1/oem/gm/{deliveryId}/location',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    // The delivery is a Volvo, and the connector Volvo's: another carmaker's route is not its own.
    refusedByRule: { 'oem-connector': 'ACCESS.WRONG_VENDOR' },
    request: (t) => ({
      path: `/v1/oem/gm/${t.deliveryId}/location`,
      body: gmLocation(at('14:05:00'), CAR),
    }),
  },
  {
    route: 'POST /v1/oem/tesla/{deliveryId}/location',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    // The delivery is a Volvo, and the connector Volvo's: another carmaker's route is not its own.
    refusedByRule: { 'oem-connector': 'ACCESS.WRONG_VENDOR' },
    request: (t) => ({
      path: `/v1/oem/tesla/${t.deliveryId}/location`,
      body: teslaDriveState(at('14:05:00'), CAR),
    }),
  },
  {
    route: 'POST /v1/oem/gm/{deliveryId}/commands/{commandId}',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    // The delivery is a Volvo, and the connector Volvo's: another carmaker's route is not its own.
    refusedByRule: { 'oem-connector': 'ACCESS.WRONG_VENDOR' },
    request: (t) => ({
      path: `/v1/oem/gm/${t.deliveryId}/commands/cmd-lock-1`,
      body: gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:37')),
    }),
  },
  {
    route: 'POST /v1/oem/tesla/{deliveryId}/commands/{commandId}',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    // The delivery is a Volvo, and the connector Volvo's: another carmaker's route is not its own.
    refusedByRule: { 'oem-connector': 'ACCESS.WRONG_VENDOR' },
    request: (t) => ({
      path: `/v1/oem/tesla/${t.deliveryId}/commands/cmd-unlock-1`,
      body: teslaCommand(true),
    }),
  },
  {
    route: 'POST /v1/oem/tesla/{deliveryId}/vehicle-data',
    roles: ['oem-connector'],
    otherCustomer: 'own-only',
    // The delivery is a Volvo, and the connector Volvo's: another carmaker's route is not its own.
    refusedByRule: { 'oem-connector': 'ACCESS.WRONG_VENDOR' },
    request: (t) => ({
      path: `/v1/oem/tesla/${t.deliveryId}/vehicle-data`,
      body: teslaVehicleData(at('14:05:00')),
    }),
  },
  // The customer's rights: the open case's legal hold refuses every erasure here.
  {
    route: 'POST /v1/subjects/{customerId}/erasure',
    roles: ['customer', 'compliance'],
    otherCustomer: 403,
    request: (t) => ({ path: `/v1/subjects/${t.customerId}/erasure`, body: {} }),
  },
  {
    // The set-up's first delivery is courier c-1's: the same legal hold keeps their data (409).
    route: 'POST /v1/couriers/{courierId}/erasure',
    roles: ['compliance'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/couriers/c-1/erasure', body: {} }),
  },
  {
    route: 'POST /v1/retention/run',
    roles: ['compliance', 'admin'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/retention/run', body: {} }),
  },
  {
    route: 'POST /v1/cases',
    roles: ['investigator'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: '/v1/cases',
      body: { caseId: id('case'), deliveryIds: [t.deliveryId], reason: 'matrix' },
    }),
  },
  {
    route: 'GET /v1/cases',
    roles: ['investigator', 'supervisor', 'compliance', 'admin'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/cases?status=pending' }),
  },
  {
    // Opened by another investigator: every approver here is a second person.
    route: 'POST /v1/cases/{id}/approve',
    roles: ['investigator', 'supervisor', 'compliance'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/cases/case-hold/approve', body: { reason: 'matrix approval' } }),
  },
  {
    route: 'POST /v1/subjects/{customerId}/legal-holds',
    roles: ['compliance'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: `/v1/subjects/${t.customerId}/legal-holds`,
      body: { reason: 'matrix litigation', until: '2030-01-01T00:00:00Z' },
    }),
  },
  {
    route: 'POST /v1/cases/{id}/close',
    roles: ['investigator', 'admin'],
    otherCustomer: 'own-only',
    // The case was opened by another investigator: theirs to close (or an admin's).
    refusedByRule: { investigator: 'CASE.NOT_YOURS' },
    request: () => ({ path: '/v1/cases/case-hold/close', body: { resolution: 'matrix done' } }),
  },
  {
    route: 'POST /v1/vehicles',
    // Linking is the delivery service's job: a customer may not take over a car before it links it.
    roles: ['delivery-service'],
    otherCustomer: 'own-only',
    request: (t) => ({
      path: '/v1/vehicles',
      body: {
        vehicleId: t.vehicleId,
        customerId: t.customerId,
        plate: t.plate,
        make: 'Volvo',
        model: 'XC40',
        colour: 'blue',
      },
    }),
  },
  {
    route: 'POST /v1/vehicles/{id}/unlink',
    roles: ['delivery-service', 'customer'],
    // Another customer's car is answered as no car at all.
    otherCustomer: 404,
    request: (t) => ({ path: `/v1/vehicles/${t.vehicleId}/unlink`, body: { reason: 'sold' } }),
  },
  {
    route: 'GET /v1/vehicles/{id}/custody',
    roles: ['investigator', 'customer', 'admin'],
    otherCustomer: 404,
    request: (t) => ({
      path: `/v1/vehicles/${t.vehicleId}/custody?from=${at('00:00:00')}&to=${at('23:59:59')}`,
    }),
  },
  {
    route: 'POST /v1/devices',
    roles: ['delivery-service'],
    otherCustomer: 'own-only',
    // The same device each time: registered once, then answered as no change.
    request: () => ({
      path: '/v1/devices',
      body: {
        deviceId: 'dev-matrix',
        courierId: 'c-123',
        publicKey: MATRIX_DEVICE_KEY,
        notBefore: '2026-11-01T00:00:00Z',
        notAfter: '2027-11-01T00:00:00Z',
      },
    }),
  },
  {
    route: 'POST /v1/devices/{deviceId}/revoke',
    roles: ['delivery-service', 'admin'],
    otherCustomer: 'own-only',
    request: () => ({ path: '/v1/devices/dev-matrix/revoke', body: { reason: 'matrix done' } }),
  },
];
