import type { LockVerdict } from '../../domain/delivery/delivery.vocabulary.js';
import { type CommandResponse, commandResponse } from '../../http/command-response.js';
import type { CommandResult } from '../streams/command-pipeline.js';

export interface OemResponse extends CommandResponse {
  /** Whether this report confirmed the car locked (the courier is released). */
  readonly lockConfirmed: boolean;
  /** For a status read: whether it confirmed the lock and, if not, why not. */
  readonly lockVerdict: LockVerdict | null;
}

export function oemResponse(result: CommandResult<unknown>): OemResponse {
  const status = result.events.find((e) => e.type === 'VehicleStatusReported');
  return {
    ...commandResponse(result),
    lockConfirmed: result.events.some((e) => e.type === 'LockConfirmed'),
    lockVerdict: status ? (status.data as { lockVerdict: LockVerdict }).lockVerdict : null,
  };
}
