import type { ReportVehicleStatus } from '../../domain/delivery/delivery.commands.js';

/** A carmaker's status payload read into the ledger's terms, before the vendor and raw body are added. */
export type VendorStatusRead = Omit<ReportVehicleStatus['data'], 'vendor' | 'raw'>;
