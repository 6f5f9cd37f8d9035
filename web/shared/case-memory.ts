import { storedToken, storeToken } from './session.js';

/** The investigator's open case for each delivery, for this tab only (never in the page's URL). */
const KEY = 'keytrail.console.cases';

function all(): Record<string, string> {
  try {
    return JSON.parse(storedToken(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export const caseFor = (deliveryId: string): string | null => all()[deliveryId] ?? null;

export function rememberCase(deliveryIds: readonly string[], caseId: string | null): void {
  const cases = all();
  for (const id of deliveryIds) {
    if (caseId) cases[id] = caseId;
    else delete cases[id];
  }
  storeToken(KEY, JSON.stringify(cases));
}
