import {
  expectInstant,
  expectOneOf,
  expectText,
  isRecord,
  type PayloadProblems,
} from '../vendor-payload.js';

/** OnStar command types and which ledger command each answers. */
const COMMAND_TYPES: Readonly<Record<string, 'lock' | 'unlock'>> = {
  lockDoor: 'lock',
  lockTrunk: 'lock',
  unlockDoor: 'unlock',
  unlockTrunk: 'unlock',
};

export interface GmCommandResponse {
  readonly requestTime: string;
  readonly completionTime?: string | null;
  readonly status: string;
  readonly type: string;
}

export function checkGmCommandResponse(value: unknown): PayloadProblems {
  if (!isRecord(value)) return ['must be the commandResponse object'];
  const problems: PayloadProblems = [];
  expectInstant(problems, 'requestTime', value.requestTime);
  if (value.completionTime !== undefined && value.completionTime !== null) {
    expectInstant(problems, 'completionTime', value.completionTime);
  }
  expectText(problems, 'status', value.status, 32);
  expectOneOf(problems, 'type', value.type, Object.keys(COMMAND_TYPES));
  return problems;
}

export const gmLedgerCommand = (response: GmCommandResponse): 'lock' | 'unlock' =>
  COMMAND_TYPES[response.type]!;

export const toInstant = (value: string | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null;
