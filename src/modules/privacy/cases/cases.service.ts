import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../../config/clock.js';
import type { CasePolicy } from '../../../domain/case/case-policy.js';
import {
  type CaseCommand,
  type CaseState,
  type CaseStatus,
  caseStatusAt,
  decideCase,
} from '../../../domain/case/case.decider.js';
import type { CaseApproved } from '../../../domain/case/case.events.js';
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
import { CASE_POLICY } from '../privacy.tokens.js';

export interface CaseView {
  readonly caseId: string;
  /** `pending` until a second person approves it; `expired` past `expiresAt` (no event marks it). */
  readonly status: CaseStatus;
  readonly investigatorId: string;
  readonly deliveryIds: readonly string[];
  readonly customerIds: readonly string[];
  readonly reason: string;
  readonly openedAt: string;
  readonly expiresAt: string;
  readonly approvals: readonly Omit<CaseApproved['data'], 'caseId'>[];
}

export interface CaseChange {
  readonly case: CaseView;
  /** What this request stored (empty for a retry that changed nothing). */
  readonly events: readonly RecordedEvent[];
}

const viewOf = (state: CaseState, now: string): CaseView => ({
  caseId: state.opened!.caseId,
  status: caseStatusAt(state, now),
  investigatorId: state.opened!.investigatorId,
  deliveryIds: state.opened!.deliveryIds,
  customerIds: state.opened!.customerIds,
  reason: state.opened!.reason,
  openedAt: state.opened!.openedAt,
  expiresAt: state.expiresAt!,
  approvals: state.approvals.map(({ caseId: _, ...approval }) => approval),
});

/**
 * Cases: an investigator opens one over deliveries, which places a legal hold on each of their
 * customers until the case's term ends; a second person approves it (each approval extends the term
 * of the case and of its holds); closing it releases the holds. Holds go first and are released last,
 * so a failure midway leaves data held (safe) rather than a case alive without its holds.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CaseAccess,
    private readonly pipeline: CommandPipeline,
    @Inject(CASE_POLICY) private readonly policy: CasePolicy,
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
      data: {
        caseId: input.caseId,
        deliveryIds,
        customerIds,
        reason: input.reason,
        policy: this.policy,
      },
      metadata: { now, actor: request.principal },
    };
    // Refused before any hold is placed when the id is taken with other terms.
    const before = await this.access.caseState(input.caseId);
    const [opened] = decideCase(command, before);
    const holds =
      opened?.type === 'CaseOpened'
        ? await this.holdUntil(input.caseId, customerIds, opened.data.expiresAt, request, now)
        : [];
    const { state, events } = await this.onCase(input.caseId, command, request, now);
    return { case: viewOf(state, now), events: [...holds, ...events] };
  }

  /**
   * A second person's approval (CaseApproved): refused before anything is stored to the opener, for a
   * closed or expired case, and for a case over the policy's deliveries unless by compliance. The
   * holds of the case are extended to its new term first.
   */
  async approve(caseId: string, reason: string, request: CommandRequest): Promise<CaseChange> {
    const now = this.clock.now();
    const command: CaseCommand = {
      type: 'ApproveCase',
      data: { caseId, reason, policy: this.policy },
      metadata: { now, actor: request.principal },
    };
    const before = await this.access.caseState(caseId);
    const [approved] = decideCase(command, before);
    const holds =
      approved?.type === 'CaseApproved'
        ? await this.holdUntil(
            caseId,
            before.opened!.customerIds,
            approved.data.expiresAt,
            request,
            now,
          )
        : [];
    const { state, events } = await this.onCase(caseId, command, request, now);
    return { case: viewOf(state, now), events: [...holds, ...events] };
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
    return { case: viewOf(state, now), events: [...events, ...releases] };
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
    return state.opened ? viewOf(state, this.clock.now()) : null;
  }

  /** Each customer's data held by the case until `until` (placed, or placed again with the new term). */
  private async holdUntil(
    caseId: string,
    customerIds: readonly string[],
    until: string,
    request: CommandRequest,
    now: Instant,
  ): Promise<RecordedEvent[]> {
    const holds: RecordedEvent[] = [];
    for (const customerId of customerIds) {
      holds.push(
        ...(await this.onSubject(
          customerId,
          { type: 'PlaceLegalHold', data: { customerId, caseId, until, reason: null } },
          request,
          now,
        )),
      );
    }
    return holds;
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
