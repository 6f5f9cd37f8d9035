import { clockTime, duration, words } from './format.js';
import type { TimelineEntry } from './types.js';

interface Span {
  readonly from: number;
  readonly to: number;
  readonly open: boolean;
}

/**
 * When the car stood unlocked (by the state after each step), and when each closure was open, until
 * the delivery ended: what the owner does with the car afterwards is not the delivery's.
 */
export function unlockedSpans(timeline: readonly TimelineEntry[], now: number) {
  const ended = timeline.findIndex(
    (e) => e.type === 'DeliveryCompleted' || e.type === 'DeliveryFailed',
  );
  const entries = ended >= 0 ? timeline.slice(0, ended + 1) : timeline;
  const unlocked: Span[] = [];
  const closures = new Map<string, Span[]>();
  let unlockedSince: number | null = null;
  const openSince = new Map<string, number>();
  for (const entry of entries) {
    const at = Date.parse(entry.occurredAt);
    const { vehicle } = entry.stateAfter;
    const openClosures: readonly string[] = entry.stateAfter.openClosures;
    if (vehicle === 'unlocked' && unlockedSince === null) unlockedSince = at;
    if (vehicle !== 'unlocked' && unlockedSince !== null) {
      unlocked.push({ from: unlockedSince, to: at, open: false });
      unlockedSince = null;
    }
    for (const closure of openClosures) if (!openSince.has(closure)) openSince.set(closure, at);
    for (const [closure, since] of [...openSince]) {
      if (openClosures.includes(closure)) continue;
      closures.set(closure, [
        ...(closures.get(closure) ?? []),
        { from: since, to: at, open: false },
      ]);
      openSince.delete(closure);
    }
  }
  const end = Math.max(now, ...entries.map((e) => Date.parse(e.occurredAt)));
  if (unlockedSince !== null) unlocked.push({ from: unlockedSince, to: end, open: true });
  for (const [closure, since] of openSince)
    closures.set(closure, [...(closures.get(closure) ?? []), { from: since, to: end, open: true }]);
  return { unlocked, closures };
}

/**
 * A time bar from the first unlock to the lock: the unlocked stretch, and under it each closure's open
 * stretches, with their times and lengths written out (the bar is a picture of the text, not its only
 * carrier).
 */
export function UnlockedBar(props: { entries: readonly TimelineEntry[] }) {
  const { unlocked, closures } = unlockedSpans(props.entries, Date.now());
  if (unlocked.length === 0)
    return (
      <section class="time-bar" aria-labelledby="time-bar-title" data-testid="unlocked-bar">
        <h3 id="time-bar-title">Unlocked time</h3>
        <p>The car was never unlocked for this delivery.</p>
      </section>
    );
  const start = unlocked[0]!.from;
  const end = Math.max(
    ...unlocked.map((s) => s.to),
    ...[...closures.values()].flat().map((s) => s.to),
  );
  const span = Math.max(end - start, 1000);
  const pct = (t: number) => `${(((t - start) / span) * 100).toFixed(2)}%`;
  const width = (s: Span) => `${Math.max(((s.to - s.from) / span) * 100, 0.5).toFixed(2)}%`;
  const total = unlocked.reduce((sum, s) => sum + (s.to - s.from), 0);
  const stillOpen = unlocked.some((s) => s.open);
  return (
    <section class="time-bar" aria-labelledby="time-bar-title" data-testid="unlocked-bar">
      <h3 id="time-bar-title">Unlocked time</h3>
      <p class="summary">
        {stillOpen ? 'Unlocked since ' : 'Unlocked for '}
        <strong>{duration(total)}</strong>
        {stillOpen
          ? ` ${clockTime(new Date(unlocked.at(-1)!.from).toISOString())}, not confirmed locked yet`
          : `, from ${clockTime(new Date(start).toISOString())} to ${clockTime(new Date(unlocked.at(-1)!.to).toISOString())}`}
      </p>
      <div class="bars" role="img" aria-label="Unlocked and open stretches on a time line">
        <div class="bar-row">
          <span class="bar-label">car unlocked</span>
          <div class="bar-track">
            {unlocked.map((s, i) => (
              <span
                key={i}
                class={s.open ? 'bar unlocked still' : 'bar unlocked'}
                style={{ left: pct(s.from), width: width(s) }}
              />
            ))}
          </div>
        </div>
        {[...closures].map(([closure, spans]) => (
          <div class="bar-row" key={closure}>
            <span class="bar-label">{words(closure)} open</span>
            <div class="bar-track">
              {spans.map((s, i) => (
                <span key={i} class="bar opened" style={{ left: pct(s.from), width: width(s) }} />
              ))}
            </div>
          </div>
        ))}
      </div>
      <ul class="spans">
        {[...closures].flatMap(([closure, spans]) =>
          spans.map((s, i) => (
            <li key={`${closure}-${i}`}>
              {words(closure)} open {clockTime(new Date(s.from).toISOString())}–
              {s.open ? 'now' : clockTime(new Date(s.to).toISOString())} ({duration(s.to - s.from)})
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
