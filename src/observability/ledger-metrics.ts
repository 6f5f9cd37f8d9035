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

  private readonly appendSeconds = new Histogram({
    name: 'keytrail_append_duration_seconds',
    help: 'From asking the store for an append to its outcome, batching included',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly batchAppends = new Histogram({
    name: 'keytrail_append_batch_appends',
    help: 'Appends written together in one transaction',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });

  private readonly batchEvents = new Histogram({
    name: 'keytrail_append_batch_events',
    help: 'Events written together in one transaction',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });

  private readonly batchSeconds = new Histogram({
    name: 'keytrail_append_batch_duration_seconds',
    help: 'Time to write one batch of appends',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly conflicts = new Counter({
    name: 'keytrail_append_conflicts_total',
    help: 'Appends refused because the stream had moved past the expected revision',
    registers: [this.registry],
  });

  private readonly replays = new Counter({
    name: 'keytrail_idempotent_replays_total',
    help: 'Commands answered from what an earlier request with the same key stored',
    registers: [this.registry],
  });

  private readonly denials = new Counter({
    name: 'keytrail_denials_total',
    help: 'Commands the rules refused and the ledger recorded, by reason',
    labelNames: ['event', 'reason'],
    registers: [this.registry],
  });

  private readonly requestSeconds = new Histogram({
    name: 'keytrail_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly parkedEvents = new Counter({
    name: 'keytrail_projection_events_parked_total',
    help: 'Events a projection run by this process could not apply and set aside, by projection',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  private readonly witnessFailures = new Counter({
    name: 'keytrail_witness_failures_total',
    help: 'Checkpoints a witness did not cosign when this process sent them, by witness name and why (unreachable, refused, size_mismatch, bad_answer, ahead_of_log)',
    labelNames: ['witness', 'reason'],
    registers: [this.registry],
  });

  private readonly witnessCosignatures = new Counter({
    name: 'keytrail_witness_cosignatures_total',
    help: 'Cosignatures this process received and stored (each verified with the witness key), by witness name',
    labelNames: ['witness'],
    registers: [this.registry],
  });

  private readonly witnessResends = new Counter({
    name: 'keytrail_witness_resends_total',
    help: 'Checkpoints sent to a witness again from the size it answered (409): it was not where the log remembered, by witness name',
    labelNames: ['witness'],
    registers: [this.registry],
  });

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
