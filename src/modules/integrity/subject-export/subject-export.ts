import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '../../../config/clock.js';
import { DeliveryNotFound } from '../../../domain/delivery/delivery.errors.js';
import type { PersonalDataKind } from '../../../domain/shared/personal-data.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { Checkpoints } from '../../../integrity/checkpoints.js';
import { parseKeyScope } from '../../../privacy/data-key.js';
import { DataKeys } from '../../../privacy/data-keys.js';
import type { Principal } from '../../auth/principal.js';
import { GetTimelineQuery } from '../../delivery/queries/get-timeline/get-timeline.query.js';
import type { Timeline } from '../../delivery/queries/get-timeline/timeline.js';
import { COMPLIANCE_REVIEW_PURPOSE } from '../../privacy/access/case-access.js';
import { RevealRecorder } from '../../privacy/access/reveal-recorder.js';
import { SubjectNotFound, SubjectsService } from '../../privacy/subjects/subjects.service.js';
import type { Lens } from '../../privacy/views/lens.js';
import { ProjectionFreshness } from '../../projections/projection-freshness.js';
import { ProofBundles } from '../proof-bundles.js';
import { type SubjectRecord, SubjectRecords } from './subject-record.js';
import { SubjectVehicles } from './subject-vehicles.js';
import type { UnconfirmedAppends } from '../../../event-store/unconfirmed-appends.js';

export const SUBJECT_EXPORT_FORMAT = 'keytrail-subject-export/1';
export const SUBJECT_EXPORT_PURPOSE = 'subject-access-export';

/** The kinds the owner's view shows in clear (their own plate, positions, places, photos, courier's first name). */
const OWNER_KINDS: readonly PersonalDataKind[] = [
  'gps',
  'person-name',
  'photo',
  'place-description',
  'plate',
];
const SUMMARY_WAIT_MS = 3000;
const ACCESS_LOG_PAGE = 500;

/** What the export says about itself, in words, for the person who opens the file. */
const ABOUT: Record<'owner' | 'compliance', readonly string[]> = {
  owner: [
    'Everything keytrail holds about you: each delivery (its timeline as you see it, and its proof bundle), your cars, the investigations (cases) that covered your deliveries, and every time someone was shown your personal data.',
    'Personal data is shown in clear. A field that was erased shows {"$personal":"erased"}; one never shown to anyone but an investigator (a carmaker\'s raw payload) shows {"$personal":"withheld"}.',
    "Cases show their status, dates, your deliveries they covered and when evidence was exported; the investigator's notes and other people's deliveries are not yours and are left out.",
  ],
  compliance: [
    "The subject's record for compliance: deliveries, cars, cases and access log, personal data pseudonymised (positions as geohash 5, plates and courier ids as keyed-hash tokens, photos as digests).",
    "Deliveries carry their timelines without proof bundles: those hold the canonical event bytes, which name couriers in clear. The customer's own export carries them.",
  ],
};

const howToVerify = (lens: Lens, verifierKey: string) =>
  lens.kind === 'owner'
    ? `Save this file as subject-export.json and run: npx keytrail verify subject-export.json --key '${verifierKey}'. Each delivery is a proof bundle: the check proves its events are in the log's signed Merkle tree, its hash chain is unbroken, and its timeline says what its events say.`
    : "Compliance's view carries no proof bundles (their canonical event bytes name couriers in clear): each timeline entry gives its event's position and hash, which the signed compliance export (GET /v1/exports/compliance, `keytrail verify-export`) and the proof bundles the customer gets are checked against.";

interface ExportedDelivery {
  readonly deliveryId: string;
  readonly vehicleId: string | null;
}

/** What one export will hold, listed before its first byte is written. */
interface ExportPlan {
  readonly customerId: string;
  readonly reader: Principal;
  readonly lens: Lens & { readonly kind: 'owner' | 'compliance' };
  readonly deliveries: readonly ExportedDelivery[];
  readonly vehicleIds: readonly string[];
  readonly record: SubjectRecord;
  readonly caseIds: readonly string[];
}

/**
 * A subject access export (GDPR Art. 15 and 20, CCPA right to know): one JSON document, written piece
 * by piece so memory stays bounded — delivery ids are listed up front (a few bytes each), then each
 * delivery's timeline and proof bundle is read, written and let go before the next; the access log is
 * read a page at a time. The export is recorded in the access log before anything leaves.
 */
@Injectable()
export class SubjectExports {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly subjects: SubjectsService,
    private readonly queries: QueryBus,
    private readonly bundles: ProofBundles,
    private readonly checkpoints: Checkpoints,
    private readonly reveals: RevealRecorder,
    private readonly records: SubjectRecords,
    private readonly vehicles: SubjectVehicles,
    private readonly keys: DataKeys,
    private readonly dataSource: DataSource,
    private readonly freshness: ProjectionFreshness,
  ) {}

  /** Checks who asks and that the subject exists, records the export, then answers its text. */
  async start(
    customerId: string,
    reader: Principal,
    unconfirmed?: UnconfirmedAppends,
  ): Promise<AsyncIterable<string>> {
    this.subjects.authorize(reader, customerId);
    if (!(await this.subjects.isKnown(customerId))) throw new SubjectNotFound(customerId);
    const lens: Lens =
      reader.role === 'customer'
        ? { kind: 'owner' }
        : { kind: 'compliance', purpose: COMPLIANCE_REVIEW_PURPOSE };
    await this.reveals.record({
      reader,
      customerId,
      caseId: null,
      purpose: SUBJECT_EXPORT_PURPOSE,
      fields: lens.kind === 'owner' ? OWNER_KINDS : [],
      subject: `export:${customerId}`,
      deliveryId: null,
      evenIfNothingShown: true,
      unconfirmed,
    });
    // What to export is listed (ids only) before the answer starts: a failure here is still a status.
    const scopes = await this.keyScopes(customerId);
    const deliveries = await this.deliveriesOf(customerId, scopes.deliveryIds);
    const { record, caseIds } = await this.records.record(customerId);
    const vehicleIds = [
      ...new Set([
        ...deliveries.map((d) => d.vehicleId).filter((id): id is string => id !== null),
        ...scopes.vehicleIds,
      ]),
    ].sort();
    return this.document({ customerId, reader, lens, deliveries, vehicleIds, record, caseIds });
  }

  private async *document({
    customerId,
    reader,
    lens,
    deliveries,
    vehicleIds,
    record,
    caseIds,
  }: ExportPlan): AsyncIterable<string> {
    const head = JSON.stringify({
      format: SUBJECT_EXPORT_FORMAT,
      customerId,
      exportedAt: this.clock.now(),
      exportedBy: { id: reader.id, role: reader.role },
      view: lens.kind,
      about: ABOUT[lens.kind],
      verifierKeys: this.checkpoints.verifierKeys,
      howToVerify: howToVerify(lens, this.checkpoints.verifierKeys[0]!),
      subject: record,
    });
    yield head.slice(0, -1);

    yield* this.array('vehicles', vehicleIds, (id) => this.vehicles.of(id, customerId, lens));

    const own = new Set(deliveries.map((d) => d.deliveryId));
    yield* this.array('cases', caseIds, (id) => this.records.caseReference(id, own, lens));

    yield* this.array('deliveries', deliveries, (d) => this.delivery(d.deliveryId, reader, lens));

    yield ',"accessLog":[';
    let first = true;
    for (let fromRevision: number | null = 0; fromRevision !== null;) {
      const page = await this.subjects.accessLog(customerId, reader, {
        fromRevision,
        limit: ACCESS_LOG_PAGE,
      });
      for (const entry of page.entries) {
        yield `${first ? '' : ','}${JSON.stringify(entry)}`;
        first = false;
      }
      fromRevision = page.nextRevision;
    }
    yield '],"complete":true}\n';
  }

  /** `,"name":[…]`, one item read and written at a time; items that turn out empty are left out. */
  private async *array<T>(
    name: string,
    items: readonly T[],
    read: (item: T) => Promise<unknown>,
  ): AsyncIterable<string> {
    yield `,${JSON.stringify(name)}:[`;
    let first = true;
    for (const item of items) {
      const value = await read(item);
      if (value === null) continue;
      yield `${first ? '' : ','}${JSON.stringify(value)}`;
      first = false;
    }
    yield ']';
  }

  /**
   * For the customer, a delivery as its proof bundle (what `keytrail verify` checks, as GET …/proof
   * answers it) with the timeline exactly as GET …/timeline answers them, both from one read. For
   * compliance, the timeline only: a bundle's canonical event bytes name couriers in clear, which
   * compliance's view shows as tokens (compliance proves its records with its signed export instead).
   */
  private async delivery(
    deliveryId: string,
    reader: Principal,
    lens: Lens,
  ): Promise<object | null> {
    let timeline: Timeline;
    try {
      timeline = await this.queries.execute(new GetTimelineQuery(deliveryId, null, reader));
    } catch (error) {
      // A key made for a delivery whose schedule was never stored: nothing to tell.
      if (error instanceof DeliveryNotFound) return null;
      throw error;
    }
    if (lens.kind !== 'owner') return { deliveryId, shownTimeline: timeline };
    return { ...(await this.bundles.ofTimeline(timeline)), shownTimeline: timeline };
  }

  /**
   * The subject's deliveries: from the summaries (once they have caught up with the ledger, briefly
   * waited for) and from the keys made for them, so one the summary has not yet seen is not left out.
   */
  private async deliveriesOf(
    customerId: string,
    keyed: readonly string[],
  ): Promise<ExportedDelivery[]> {
    await this.freshness.reached(
      'delivery-summary',
      await this.store.headPosition(),
      SUMMARY_WAIT_MS,
    );
    const rows = await this.dataSource.query<{ delivery_id: string; vehicle_id: string }[]>(
      `SELECT delivery_id, vehicle_id FROM read.delivery_summaries
        WHERE customer_id = $1 ORDER BY window_from, delivery_id`,
      [customerId],
    );
    const listed = new Set(rows.map((row) => row.delivery_id));
    const unlisted = keyed.filter((id) => !listed.has(id));
    return [
      ...rows.map((row) => ({ deliveryId: row.delivery_id, vehicleId: row.vehicle_id })),
      ...unlisted.sort().map((deliveryId) => ({ deliveryId, vehicleId: null })),
    ];
  }

  private async keyScopes(customerId: string) {
    const deliveryIds: string[] = [];
    const vehicleIds: string[] = [];
    for (const key of await this.keys.keysOf(customerId)) {
      const scope = parseKeyScope(key.scope);
      if (scope?.kind === 'delivery') deliveryIds.push(scope.deliveryId);
      if (scope?.kind === 'vehicle') vehicleIds.push(scope.vehicleId);
    }
    return { deliveryIds, vehicleIds };
  }
}
