import { useState } from 'preact/hooks';

import { apiBlob, errorText } from '../shared/api.js';

/**
 * The customer downloads everything keytrail holds about them (GDPR Art. 15 and 20): one JSON file
 * with each delivery and its proof, their cars, the cases that covered them and the access log. The
 * download itself is recorded in the access log, which is shown again afterwards.
 */
export function DataExport(props: { token: string; customerId: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const download = async () => {
    setBusy(true);
    setAnswer(null);
    try {
      const file = await apiBlob(
        `/v1/subjects/${encodeURIComponent(props.customerId)}/export`,
        props.token,
      );
      const href = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = href;
      link.download = `keytrail-subject-${props.customerId}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has the file once the click is handled; the URL is let go a little later.
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      setAnswer({
        ok: true,
        text: 'Downloaded. Each delivery in the file carries its proof: check it with npx keytrail verify.',
      });
      props.onDone();
    } catch (error) {
      setAnswer({ ok: false, text: `Not downloaded: ${errorText(error)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">All your data</h2>
      <p>
        One file with every delivery to your car and its proof, your cars, the investigations that
        covered your deliveries, and who viewed your personal data.
      </p>
      <button type="button" disabled={busy} onClick={() => void download()}>
        Download all my data
      </button>
      {answer && (
        <p class={answer.ok ? 'notice' : 'error'} role="alert" data-testid="export-answer">
          {answer.text}
        </p>
      )}
    </section>
  );
}
