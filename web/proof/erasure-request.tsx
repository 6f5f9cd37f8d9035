import { useState } from 'preact/hooks';

import { answer, ApiError, bearer, client, errorText } from '../shared/api.js';

/**
 * The customer asks for their personal data to be erased (GDPR Art. 17). Refused, with the reason,
 * while a legal hold is in place or a delivery is under way; the events stay, their personal fields
 * become unreadable, and every proof still verifies.
 */
export function ErasureRequest(props: { token: string; customerId: string; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const erase = async () => {
    setBusy(true);
    try {
      const result = await answer(
        client.POST('/v1/subjects/{customerId}/erasure', {
          params: { path: { customerId: props.customerId } },
          headers: bearer(props.token),
          body: { reason: 'request' },
        }),
      );
      setOutcome({
        ok: true,
        text: `Erased: ${result.keysDestroyed} keys destroyed, ${result.photosDeleted} photos deleted. Your deliveries' records stay provable, without your personal data.`,
      });
      props.onDone();
    } catch (error) {
      const text =
        error instanceof ApiError && error.code === 'SUBJECT.LEGAL_HOLD'
          ? `Not erased yet: your data is under a legal hold while an investigation is open (${error.message}). Ask again once it is closed.`
          : error instanceof ApiError && error.code === 'SUBJECT.OPEN_DELIVERIES'
            ? `Not erased yet: a delivery to your car is still under way (${error.message}).`
            : `Not erased: ${errorText(error)}`;
      setOutcome({ ok: false, text });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <section aria-labelledby="erasure-title">
      <h2 id="erasure-title">Erase your personal data</h2>
      <p>
        Your plate, positions, place descriptions and photos will be made unreadable for good. What
        happened, and the proof of it, stays.
      </p>
      {!confirming ? (
        <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
          Request erasure
        </button>
      ) : (
        <div class="actions" role="group" aria-label="Confirm erasure">
          <button type="button" class="danger" disabled={busy} onClick={() => void erase()}>
            Yes, erase my personal data
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {outcome && (
        <p class={outcome.ok ? 'notice' : 'error'} role="alert" data-testid="erasure-answer">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
