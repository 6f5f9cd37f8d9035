import { createHash, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port.js';
import { HttpProblem } from '../../../http/error-body.js';
import { Checkpoints, type StoredCheckpoint } from '../../../integrity/checkpoints.js';
import { TreeProofs } from '../../../integrity/tree-proofs.js';
import { PersonalDataVault } from '../../../privacy/personal-data-vault.js';
import { type ExportManifest, manifestText } from '../../../verifier/export-manifest.js';
import { signNote } from '../../../verifier/signed-note.js';
import { type IntegrityDependencies, LOG_SIGNER } from '../integrity.tokens.js';
import { PersonalDataPresenter } from '../../privacy/views/personal-data-presenter.js';

/** recordedAt is the ledger's clock per append batch: nearly, not strictly, in position order. */
const SLACK_MS = 5 * 60_000;
const PAGE = 1000;
const COVER_WAIT_MS = 5000;

export interface ExportWindow {
  readonly from: string;
  readonly to: string;
}

/**
 * A compliance export: every event recorded in [from, to) in the compliance view — positions as
 * geohash 5, plates and couriers as keyed-hash tokens with this export's own secret — streamed page
 * by page (never the period in memory), then a manifest: count, SHA-256 of the bytes before it, a
 * signed checkpoint covering every exported event, itself signed by the log's key.
 */
@Injectable()
export class ComplianceExports {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly presenter: PersonalDataPresenter,
    private readonly checkpoints: Checkpoints,
    private readonly proofs: TreeProofs,
    @Inject(LOG_SIGNER) private readonly log: IntegrityDependencies['log'],
  ) {}

  async *lines(window: ExportWindow): AsyncGenerator<string> {
    const exportId = randomUUID();
    const purpose = `compliance-export:${exportId}`;
    const lens = { kind: 'compliance' as const, purpose };
    const hash = createHash('sha256');
    let count = 0;
    let lastLeaf = -1;
    const emit = (value: object) => {
      const line = `${JSON.stringify(value)}\n`;
      hash.update(line, 'utf8');
      return line;
    };
    yield emit({
      type: 'export',
      exportId,
      purpose,
      from: window.from,
      to: window.to,
      origin: this.log.origin,
      verifierKeys: this.log.verifierKeys,
    });

    const [fromMs, toMs] = [Date.parse(window.from), Date.parse(window.to)];
    for (let position = await this.firstPositionAround(fromMs - SLACK_MS); ;) {
      const page = await this.store.readAll({ fromPosition: position, maxCount: PAGE });
      const inWindow = page.events.filter((e) => {
        const at = Date.parse(e.metadata.recordedAt);
        return at >= fromMs && at < toMs;
      });
      if (inWindow.length > 0) {
        const [keys, leaves] = await Promise.all([
          this.vault.keysFor(inWindow),
          this.proofs.leafIndexes(inWindow.map((e) => e.metadata.globalPosition)),
        ]);
        for (const event of inWindow) {
          const leafIndex = leaves.get(event.metadata.globalPosition) ?? null;
          if (leafIndex !== null) lastLeaf = Math.max(lastLeaf, leafIndex);
          count += 1;
          yield emit(this.line(event, leafIndex, keys, lens));
        }
      }
      position = page.nextPosition;
      const last = page.events.at(-1);
      if (page.isEnd || (last && Date.parse(last.metadata.recordedAt) >= toMs + SLACK_MS)) break;
    }

    const checkpoint = await this.covering(lastLeaf);
    const sha256 = hash.digest('hex');
    const fields = { exportId, purpose, from: window.from, to: window.to, count, sha256 };
    const manifest: ExportManifest = {
      type: 'manifest',
      ...fields,
      checkpoint: checkpoint.note,
      signature: await signNote(manifestText({ ...fields, checkpointSize: checkpoint.treeSize }), [
        this.log.signer,
      ]),
    };
    yield `${JSON.stringify(manifest)}\n`;
  }

  private line(
    event: RecordedEvent,
    leafIndex: number | null,
    keys: Awaited<ReturnType<PersonalDataVault['keysFor']>>,
    lens: { kind: 'compliance'; purpose: string },
  ) {
    const opened = this.vault.openWith(keys, event.type, event.metadata.eventId, event.data);
    const shown = this.presenter.present(event.type, opened.data, opened.erased, lens);
    const m = event.metadata;
    return {
      type: 'event',
      leafIndex,
      globalPosition: m.globalPosition,
      streamId: this.presenter.streamId(m.streamId, lens),
      streamRevision: m.streamRevision,
      eventId: m.eventId,
      eventType: event.type,
      schemaVersion: m.schemaVersion,
      occurredAt: m.occurredAt,
      recordedAt: m.recordedAt,
      actor: m.actor,
      source: m.source,
      hash: m.hash,
      data: shown.data,
    };
  }

  /** The first position whose recordedAt is at or after the moment (binary search; 0 if none before). */
  private async firstPositionAround(ms: number): Promise<number> {
    let [low, high] = [0, await this.store.headPosition()];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const [event] = (await this.store.readAll({ fromPosition: middle, maxCount: 1 })).events;
      if (!event) {
        high = middle;
        continue;
      }
      if (Date.parse(event.metadata.recordedAt) < ms) low = event.metadata.globalPosition + 1;
      else high = middle;
    }
    return low;
  }

  /** A signed checkpoint covering the leaf (waiting a moment for the newest events to be signed). */
  private async covering(leaf: number): Promise<StoredCheckpoint> {
    const deadline = Date.now() + COVER_WAIT_MS;
    for (;;) {
      const latest = await this.checkpoints.latest();
      if (latest && latest.treeSize > leaf) return latest;
      if (Date.now() >= deadline) {
        throw new HttpProblem(
          503,
          'PROOF.NOT_YET_CHECKPOINTED',
          'The newest events are not signed yet',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
