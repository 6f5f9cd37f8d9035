import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../../config/clock.js';
import { type CaseCommand, type CaseState, decideCase } from '../../../domain/case/case.decider.js';
import { deliveryStreamId } from '../../../domain/delivery/delivery.events.js';
import type { SubjectCommand } from '../../../domain/subject/subject.decider.js';
import type { Instant } from '../../../domain/shared/instant.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port.js';
import { HttpProblem } from '../../../http/error-body.js';
import type { CommandRequest } from '../../../http/command-request.js';
import type { CommandBody } from '../../streams/stream-kind.js';
import { caseStream } from '../../streams/case.stream.js';
import { CommandPipeline } from '../../streams/command-pipeline.js';
import { subjectStream } from '../../streams/subject.stream.js';
import { CaseAccess } from '../access/case-access.js';

export interface CaseView {
  readonly caseId: string;
  readonly status: 'open' | 'closed';
  readonly investigatorId: string;
  readonly deliveryIds: readonly string[];
  readonly customerIds: readonly string[];
  readonly reason: string;
}

export interface CaseChange {
  readonly case: CaseView;
  /** What this request stored (empty for a retry that changed nothing). */
  readonly events: readonly RecordedEvent[];
}

const viewOf = (state: CaseState): CaseView => ({
  caseId: state.opened!.caseId,
  status: state.closed ? 'closed' : 'open',
  investigatorId: state.opened!.investigatorId,
  deliveryIds: state.opened!.deliveryIds,
  customerIds: state.opened!.customerIds,
  reason: state.opened!.reason,
});

/**
 * Cases: an investigator opens one over deliveries, which places a legal hold on each of their
 * customers; closing it releases the holds. Holds go first and are released last, so a failure
 * midway leaves data held (safe) rather than a case open without its holds.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CaseAccess,
    private readonly pipeline: CommandPipeline,
  ) {}

  async open(
    input: { caseId: string; deliveryIds: readonly string[]; reason: string },
    request: CommandRequest,
  ): Promise<CaseChange> {
    const deliveryIds = [...new Set(input.deliveryIds)].sort();
    const customerIds = await this.customersOf(deliveryIds);
    const now = this.clock.now();
    const command: CaseCommand = {
      type: 'OpenCase',
      data: { caseId: input.caseId, deliveryIds, customerIds, reason: input.reason },
      metadata: { now, actor: request.principal },
    };
    // Refused before any hold is placed when the id is taken with other terms.
    decideCase(command, await this.access.caseState(input.caseId));
    const holds: RecordedEvent[] = [];
    for (const customerId of customerIds) {
      holds.push(
        ...(await this.onSubject(
          customerId,
          { type: 'PlaceLegalHold', data: { customerId, caseId: input.caseId } },
          request,
          now,
        )),
      );
    }
    const { state, events } = await this.onCase(input.caseId, command, request, now);
    return { case: viewOf(state), events: [...holds, ...events] };
  }

  async close(caseId: string, resolution: string, request: CommandRequest): Promise<CaseChange> {
    const now = this.clock.now();
    const { state, events } = await this.onCase(
      caseId,
      { type: 'CloseCase', data: { caseId, resolution } },
      request,
      now,
    );
    const releases: RecordedEvent[] = [];
    for (const customerId of state.opened!.customerIds) {
      releases.push(
        ...(await this.onSubject(
          customerId,
          { type: 'ReleaseLegalHold', data: { customerId, caseId } },
          request,
          now,
        )),
      );
    }
    return { case: viewOf(state), events: [...events, ...releases] };
  }

  /** EvidenceExported on the case's stream: who exported what, with its SHA-256. */
  async recordEvidenceExport(
    caseId: string,
    format: string,
    sha256: string,
    request: CommandRequest,
  ): Promise<readonly RecordedEvent[]> {
    const { events } = await this.onCase(
      caseId,
      { type: 'RecordEvidenceExport', data: { caseId, format, sha256 } },
      request,
      this.clock.now(),
    );
    return events;
  }

  async get(caseId: string): Promise<CaseView | null> {
    const state = await this.access.caseState(caseId);
    return state.opened ? viewOf(state) : null;
  }

  /** The customers of the deliveries; deliveries that do not exist refuse the case, storing nothing. */
  private async customersOf(deliveryIds: readonly string[]): Promise<string[]> {
    const customers = new Set<string>();
    const unknown: string[] = [];
    for (const deliveryId of deliveryIds) {
      const [first] = await this.store.readStream(deliveryStreamId(deliveryId), { maxCount: 1 });
      if (first?.type === 'DeliveryScheduled')
        customers.add((first.data as { customerId: string }).customerId);
      else unknown.push(deliveryId);
    }
    if (unknown.length > 0) {
      throw new HttpProblem(
        422,
        'CASE.UNKNOWN_DELIVERIES',
        `No delivery ${unknown.join(', ')}: a case covers only deliveries the ledger has`,
        { deliveryIds: unknown },
      );
    }
    return [...customers].sort();
  }

  private onCase(
    caseId: string,
    command: CommandBody<CaseCommand>,
    request: CommandRequest,
    now: Instant,
  ): Promise<{ state: CaseState; events: readonly RecordedEvent[] }> {
    return this.pipeline.handle(caseStream, { id: caseId, command, request, now });
  }

  /** Legal holds are placed and released by several cases at once: a conflict is decided again. */
  private async onSubject(
    customerId: string,
    command: CommandBody<SubjectCommand>,
    request: CommandRequest,
    now: Instant,
  ): Promise<readonly RecordedEvent[]> {
    const { events } = await this.pipeline.handle(subjectStream, {
      id: customerId,
      command,
      request,
      now,
      attempts: 5,
    });
    return events;
  }
}
