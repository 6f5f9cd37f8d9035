import type { ReportVehicleStatus } from '../../domain/delivery/delivery.commands.js';

/** A carmaker's status payload read into the ledger's terms, before the vendor and raw body are added. */
export type VendorStatusRead = Omit<ReportVehicleStatus['data'], 'vendor' | 'raw'>;

/** Adds what the payload's bytes show it contradicting itself with (a field stated twice). */
export const withContradictions = (
  read: VendorStatusRead,
  duplicates: readonly string[],
): VendorStatusRead =>
  duplicates.length === 0
    ? read
    : { ...read, contradictions: [...read.contradictions, ...duplicates] };
