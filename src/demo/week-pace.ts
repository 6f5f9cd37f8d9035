import type { DemoPace } from './demo-ledger.js';
import { type PlannedDelivery, type Situation, SITUATIONS, type Story } from './demo-plan.js';
import type { SimulatedClock } from './simulated-clock.js';

const MINUTE = 60_000;
/** The watchdog records a lock confirmation overdue 120 s after the trunk closed. */
const PAST_LOCK_DEADLINE_MS = 125_000;

/** Stories still open: they are told last, near now, so they are open when the ledger is served. */
const OPEN_STORIES: ReadonlySet<Story> = new Set(['upcoming', 'courier_on_the_way']);

/**
 * The deliveries in the order they are told: those that ended spread over the week, the situations
 * among them at even intervals; the still-open ones last.
 */
export function historyOrder(deliveries: readonly PlannedDelivery[]): PlannedDelivery[] {
  const open = deliveries.filter((d) => OPEN_STORIES.has(d.story));
  const ended = deliveries.filter((d) => !OPEN_STORIES.has(d.story));
  const situations = ended.filter((d) => isSituation(d.story));
  const routine = ended.filter((d) => !isSituation(d.story));
  const ordered = [...routine];
  // From the last one back, so that the positions before it stay where they were computed.
  for (let k = situations.length - 1; k >= 0; k -= 1)
    ordered.splice(Math.floor(((k + 0.5) * routine.length) / situations.length), 0, situations[k]!);
  return [...ordered, ...open];
}

const isSituation = (story: Story): story is Situation =>
  (SITUATIONS as readonly string[]).includes(story);

/**
 * Waves of `waveSize` ended deliveries at even moments from `from` to two hours before `now`; the
 * still-open ones in waves of their own a quarter of an hour before `now`. The late lock
 * confirmation arrives two minutes of the ledger's time after its wave, once the watchdog has
 * recorded it overdue.
 */
export function weekPace(
  clock: SimulatedClock,
  from: number,
  now: number,
  waveSize: number,
): DemoPace {
  const size = Math.max(1, waveSize);
  const inWaves = (list: readonly PlannedDelivery[]) =>
    Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
      list.slice(i * size, (i + 1) * size),
    );
  let endedWaves = 1;
  return {
    waves(deliveries) {
      const ordered = historyOrder(deliveries);
      const ended = inWaves(ordered.filter((d) => !OPEN_STORIES.has(d.story)));
      endedWaves = Math.max(1, ended.length);
      return [...ended, ...inWaves(ordered.filter((d) => OPEN_STORIES.has(d.story)))];
    },
    beforeWave(index) {
      const span = now - 2 * 60 * MINUTE - from;
      clock.advanceTo(
        index >= endedWaves ? now - 15 * MINUTE : from + Math.floor((index * span) / endedWaves),
      );
    },
    beforeLaterSteps() {
      clock.advanceBy(PAST_LOCK_DEADLINE_MS);
    },
  };
}
