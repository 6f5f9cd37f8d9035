/** The shapes the console reads from the API (docs/API.md). */
export interface TimelineEntry {
  readonly globalPosition: number;
  readonly streamRevision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly source: string;
  readonly hash: string;
  readonly data: Record<string, unknown>;
  readonly line: string;
  readonly stateAfter: {
    readonly phase: string;
    readonly grantActive: boolean;
    readonly vehicle: string;
    readonly openClosures: readonly string[];
    readonly courierReleased: boolean;
  };
  readonly anomalies: readonly string[];
  /** When it happened by the ledger's clock: where the timeline places it. */
  readonly at?: string;
  /** Recorded after an entry placed later than it: it arrived out of order. */
  readonly late?: boolean;
}

export interface Timeline {
  readonly deliveryId: string;
  readonly view: string;
  readonly caseId: string | null;
  readonly vehicle: Record<string, unknown> | null;
  /** The earlier attempt this re-delivers, and the re-deliveries of this one. */
  readonly links?: {
    readonly previousDeliveryId: string | null;
    readonly redeliveryIds: readonly string[];
  };
  readonly entries: readonly TimelineEntry[];
}

export interface DeliverySummary {
  readonly deliveryId: string;
  readonly customerId: string;
  readonly vehicleId: string;
  readonly vendor: string;
  readonly status: string;
  readonly courierIds?: readonly string[];
  readonly anomalies?: readonly string[];
  readonly window?: { readonly from: string; readonly to: string };
  readonly scheduledAt?: string;
  readonly [field: string]: unknown;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface Anomaly {
  readonly deliveryId: string;
  readonly code: string;
  readonly severity: 'critical' | 'high' | 'medium' | 'low';
  readonly rule: string;
  readonly reason: string;
  readonly evidence: readonly number[];
  readonly detectedAt?: string;
  readonly occurredAt?: string;
  readonly status?: string;
  readonly [field: string]: unknown;
}

export interface AccessLogEntry {
  readonly viewerId: string;
  readonly role: string;
  readonly caseId: string | null;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly deliveryId: string | null;
  readonly viewedAt?: string;
  readonly [field: string]: unknown;
}

/** GET /v1/vehicles/{id}/custody: one car across deliveries. */
export interface VehicleCustody {
  readonly vehicleId: string;
  readonly from: string;
  readonly to: string;
  readonly view: string;
  readonly vehicle: { readonly plate: unknown } | null;
  readonly entries: readonly {
    readonly deliveryId: string;
    readonly globalPosition: number;
    readonly at: string;
    readonly kind: string;
    readonly grantId: string | null;
    readonly courierId: string | null;
    readonly attributedTo: 'owner' | null;
    readonly line: string;
  }[];
  readonly truncated: boolean;
  readonly intervals: readonly {
    readonly from: string;
    readonly to: string;
    readonly holders: readonly {
      readonly deliveryId: string;
      readonly grantId: string;
      readonly courierId: string;
    }[];
  }[];
  readonly overlaps: readonly {
    readonly from: string;
    readonly to: string;
    readonly deliveryIds: readonly string[];
  }[];
}

/** GET /v1/cases/{id}: a case and where it stands now. */
export interface CaseView {
  readonly caseId: string;
  readonly status: 'pending' | 'approved' | 'expired' | 'closed';
  readonly investigatorId: string;
  readonly deliveryIds: readonly string[];
  readonly reason: string;
  readonly openedAt: string;
  readonly expiresAt: string;
}

/** GET /v1/cases: a case in the list, waiting for a second person or approved. */
export interface CaseSummary {
  readonly caseId: string;
  readonly status: CaseView['status'];
  readonly investigatorId: string;
  readonly reason: string;
  readonly deliveryIds: readonly string[];
  readonly openedAt: string;
  readonly expiresAt: string;
  readonly approvals: number;
}
