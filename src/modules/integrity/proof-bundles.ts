import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';

import { deliveryStreamId } from '../../domain/delivery/delivery.events.js';
import { canonicalTextOf } from '../../event-store/canonical-event.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port.js';
import { HttpProblem } from '../../http/error-body.js';
import type { WitnessesConfig } from '../../config/keytrail-config.js';
import { Checkpoints, type StoredCheckpoint } from '../../integrity/checkpoints.js';
import { cosignedNote, Cosignatures } from '../../integrity/cosignatures.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import type { ProofBundle } from '../../verifier/proof-bundle.js';
import type { Principal } from '../auth/principal.js';
import { WITNESSES } from './integrity.tokens.js';
import { GetTimelineQuery } from '../delivery/queries/get-timeline/get-timeline.query.js';
import { eventsOfTimeline, type Timeline } from '../delivery/queries/get-timeline/timeline.js';
import type { UnconfirmedAppends } from '../../event-store/unconfirmed-appends.js';

const COVER_WAIT_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A delivery's proof bundle: its timeline as the reader may see it (the reveal recorded under a case),
 * each event's canonical bytes, hash and inclusion proof, against the latest signed checkpoint that
 * covers them all — with witnesses configured, the latest that the quorum of them cosigned, its note
 * carrying their cosignature lines.
 */
@Injectable()
export class ProofBundles {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: Checkpoints,
    private readonly proofs: TreeProofs,
    private readonly cosignatures: Cosignatures,
    @Inject(WITNESSES) private readonly witnesses: WitnessesConfig | null,
  ) {}

  async forDelivery(
    deliveryId: string,
    reader: Principal,
    caseId?: string,
    unconfirmed?: UnconfirmedAppends,
  ): Promise<ProofBundle> {
    const timeline: Timeline = await this.queries.execute(
      new GetTimelineQuery(deliveryId, null, reader, caseId, unconfirmed),
    );
    return this.ofTimeline(timeline);
  }

  /** The bundle of a timeline already read (and its reveal recorded) for its reader. */
  async ofTimeline(timeline: Timeline): Promise<ProofBundle> {
    const { deliveryId } = timeline;
    // The events the timeline was told from, as read for it; events appended after that belong to a
    // later bundle.
    const events = (
      eventsOfTimeline(timeline) ?? (await this.store.readStream(deliveryStreamId(deliveryId)))
    ).slice(0, timeline.entries.length);
    const covered = await this.covering(events);
    const { leaves } = covered;
    const checkpoint = await this.cosigned(
      covered.checkpoint,
      Math.max(-1, ...leaves.values()) + 1,
    );
    const proofs =
      checkpoint.treeSize === covered.checkpoint.treeSize
        ? covered.proofs
        : await this.proofs.inclusionProofs([...leaves.values()], checkpoint.treeSize);
    return {
      format: 'keytrail-proof/1',
      deliveryId,
      generatedAt: new Date().toISOString(),
      view: timeline.view,
      checkpoint: cosignedNote(checkpoint.note, await this.cosignatures.of(checkpoint.treeSize)),
      verifierKeys: this.checkpoints.verifierKeys,
      events: events.map((event) => {
        const leafIndex = leaves.get(event.metadata.globalPosition)!;
        return {
          globalPosition: event.metadata.globalPosition,
          streamRevision: event.metadata.streamRevision,
          hash: event.metadata.hash,
          canonical: canonicalTextOf(event),
          leafIndex,
          inclusionProof: proofs.get(leafIndex)!.map((hash) => hash.toString('base64')),
        };
      }),
      timeline: timeline.entries.map((entry) => ({
        globalPosition: entry.globalPosition,
        streamRevision: entry.streamRevision,
        eventId: entry.eventId,
        type: entry.type,
        occurredAt: entry.occurredAt,
        recordedAt: entry.recordedAt,
        hash: entry.hash,
        line: entry.line,
        stateAfter: entry.stateAfter,
        anomalies: entry.anomalies,
        data: entry.data,
      })),
    };
  }

  /**
   * With witnesses, the largest checkpoint of at least `minSize` leaves that the quorum cosigned; a
   * fresh checkpoint is usually cosigned within a moment, so this waits for one as long as for
   * coverage. When the witnesses are down it falls back to the covering checkpoint: the bundle then
   * shows the cosignatures it has, and a verifier asking for the quorum says what is missing.
   */
  private async cosigned(covering: StoredCheckpoint, minSize: number): Promise<StoredCheckpoint> {
    if (!this.witnesses) return covering;
    const names = this.witnesses.witnesses.map((w) => w.name);
    const deadline = Date.now() + COVER_WAIT_MS;
    for (;;) {
      const size = await this.cosignatures.largestCosigned(minSize, names, this.witnesses.quorum);
      const found = size === null ? null : await this.checkpoints.bySize(size);
      if (found) return found;
      if (Date.now() >= deadline) return covering;
      await sleep(100);
    }
  }

  /**
   * The latest checkpoint once it covers every event (sequenced and signed within a moment), with
   * the events' leaf indexes and inclusion proofs in its tree: one round trip each time it looks.
   */
  private async covering(events: readonly RecordedEvent[]): Promise<{
    checkpoint: StoredCheckpoint;
    leaves: Map<number, number>;
    proofs: Map<number, Buffer[]>;
  }> {
    const positions = events.map((e) => e.metadata.globalPosition);
    const deadline = Date.now() + COVER_WAIT_MS;
    for (;;) {
      const { checkpoint, leaves, proofs } = await this.proofs.againstLatest(positions);
      if (checkpoint && proofs) return { checkpoint, leaves, proofs };
      if (Date.now() >= deadline) {
        throw new HttpProblem(
          503,
          'PROOF.NOT_YET_CHECKPOINTED',
          'The latest events are not yet covered by a signed checkpoint; retry in a second',
        );
      }
      await sleep(100);
    }
  }
}
