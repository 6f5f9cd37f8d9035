import type { DemoLedger } from './delivery-run.js';

/**
 * An investigator opens a case over one delivery, then reveals its precise data under it: the plate,
 * the positions, the photo; the ledger records the reveal in the customer's access log first. A
 * second investigator (`reviewer`) approves the case in between: no reveal without four eyes.
 */
export async function openCaseAndReveal(
  ledger: DemoLedger,
  caseId: string,
  deliveryId: string,
): Promise<void> {
  const { http, callers } = ledger;
  await http.post('/v1/cases', callers.investigator, {
    caseId,
    deliveryIds: [deliveryId],
    reason: 'The customer reports a scratch on the trunk lid after the drop',
  });
  await http.post(`/v1/cases/${encodeURIComponent(caseId)}/approve`, callers.reviewer, {
    reason: 'Second pair of eyes: the claim names this delivery and its time',
  });
  await http.get(
    `/v1/deliveries/${deliveryId}/timeline?caseId=${encodeURIComponent(caseId)}`,
    callers.investigator,
  );
}
