export const ROLES = [
  'delivery-service',
  'oem-connector',
  'investigator',
  'customer',
  'compliance',
  'admin',
  /** Approves investigators' cases (four eyes); sees no personal data. */
  'supervisor',
] as const;

/** A caller's role; `system` is the ledger itself (the watchdog). */
export type Role = (typeof ROLES)[number] | 'system';

export interface Actor {
  readonly id: string;
  readonly role: Role;
}
