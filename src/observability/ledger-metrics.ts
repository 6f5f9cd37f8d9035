import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

import type { AppendObserver, AppendOutcomeKind } from '../event-store/append-observer.js';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/**
 * The ledger's Prometheus metrics: what the store, the commands and the HTTP routes did. Counts,
 * durations and codes only: no id, plate, position or name ever becomes a label.
 */
export class LedgerMetrics implements AppendObserver {
  readonly registry = new Registry();

  private readonly appendSeconds = this.histogram(
    'append_duration_seconds',
    'From asking the store for an append to its outcome, batching included',
    LATENCY_BUCKETS,
    ['outcome'],
  );

  private readonly batchAppends = this.histogram(
    'append_batch_appends',
    'Appends written together in one transaction',
    BATCH_BUCKETS,
  );

  private readonly batchEvents = this.histogram(
    'append_batch_events',
    'Events written together in one transaction',
    BATCH_BUCKETS,
  );

  private readonly batchSeconds = this.histogram(
    'append_batch_duration_seconds',
    'Time to write one batch of appends',
    LATENCY_BUCKETS,
  );

  private readonly conflicts = this.counter(
    'append_conflicts_total',
    'Appends refused because the stream had moved past the expected revision',
  );

  private readonly replays = this.counter(
    'idempotent_replays_total',
    'Commands answered from what an earlier request with the same key stored',
  );

  private readonly denials = this.counter(
    'denials_total',
    'Commands the rules refused and the ledger recorded, by reason',
    ['event', 'reason'],
  );

  private readonly requestSeconds = this.histogram(
    'http_request_duration_seconds',
    'HTTP requests by route template, method and status',
    LATENCY_BUCKETS,
    ['method', 'route', 'status'],
  );

  private readonly parkedEvents = this.counter(
    'projection_events_parked_total',
    'Events a projection run by this process could not apply and set aside, by projection',
    ['projection'],
  );

  private readonly witnessFailures = this.counter(
    'witness_failures_total',
    'Checkpoints a witness did not cosign when this process sent them, by witness name and why (unreachable, refused, size_mismatch, bad_answer, ahead_of_log)',
    ['witness', 'reason'],
  );

  private readonly witnessCosignatures = this.counter(
    'witness_cosignatures_total',
    'Cosignatures this process received and stored (each verified with the witness key), by witness name',
    ['witness'],
  );

  private readonly witnessResends = this.counter(
    'witness_resends_total',
    'Checkpoints sent to a witness again from the size it answered (409): it was not where the log remembered, by witness name',
    ['witness'],
  );

  /** Every metric is the ledger's own: `keytrail_`-prefixed, in this registry. */
  private counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name: `keytrail_${name}`, help, labelNames, registers: [this.registry] });
  }

  private histogram(name: string, help: string, buckets: number[], labelNames: string[] = []) {
    const registers = [this.registry];
    return new Histogram({ name: `keytrail_${name}`, help, buckets, labelNames, registers });
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'keytrail_' });
  }

  appendSettled(outcome: AppendOutcomeKind, seconds: number): void {
    this.appendSeconds.observe({ outcome }, seconds);
    if (outcome === 'conflict') this.conflicts.inc();
  }

  batchWritten(appends: number, events: number, seconds: number): void {
    this.batchAppends.observe(appends);
    this.batchEvents.observe(events);
    this.batchSeconds.observe(seconds);
  }

  commandReplayed(): void {
    this.replays.inc();
  }

  /** A refusal the ledger stored: the event type and its reason code, never its data. */
  denialRecorded(event: string, reason: string): void {
    this.denials.inc({ event, reason });
  }

  /** A projection parked an event: its name only (the position goes to the log line). */
  projectionEventParked(projection: string): void {
    this.parkedEvents.inc({ projection });
  }

  /** A witness's name is configuration (KEYTRAIL_WITNESSES), a handful: fit for a label. */
  witnessCosigned(witness: string): void {
    this.witnessCosignatures.inc({ witness });
  }

  witnessResent(witness: string): void {
    this.witnessResends.inc({ witness });
  }

  witnessFailed(witness: string, reason: string): void {
    this.witnessFailures.inc({ witness, reason });
  }

  requestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }
}
