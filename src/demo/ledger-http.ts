import type { LedgerClock } from './ledger-clock.js';

/** An answer the demo did not expect: the route, the status, and the ledger's error body. */
export class LedgerCallFailed extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${route} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
    this.name = 'LedgerCallFailed';
  }
}

/** Nothing answers at the ledger's address. */
export class LedgerUnreachable extends Error {
  constructor(readonly url: string) {
    super(`nothing answers at ${url}: start the ledger first (npm start), or give --url`);
    this.name = 'LedgerUnreachable';
  }
}

/** The ledger checks tokens with another secret than the demo signs with. */
export class TokensRefused extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(
      `the ledger at ${url} refuses the demo's tokens (${reason}): run the demo with the server's KEYTRAIL_DATA_DIR or KEYTRAIL_JWT_SECRET`,
    );
    this.name = 'TokensRefused';
  }
}

export interface LedgerAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly token: string;
  readonly body?: unknown;
  readonly form?: FormData;
  /** Statuses that are the point of the call (a denial the demo provokes); others than 2xx throw. */
  readonly expect?: readonly number[];
}

/**
 * The ledger's HTTP API as its callers use it: bearer tokens, JSON bodies, one connection pool kept
 * alive across calls (Node's fetch). Every stored event it answers tells the demo the ledger's time.
 */
export class LedgerHttp {
  calls = 0;

  constructor(
    readonly url: string,
    private readonly clock: LedgerClock,
  ) {}

  post(path: string, token: string, body: unknown = {}, expect?: readonly number[]) {
    return this.call({ method: 'POST', path, token, body, expect });
  }

  get(path: string, token: string, expect?: readonly number[]) {
    return this.call({ method: 'GET', path, token, expect });
  }

  upload(path: string, token: string, form: FormData) {
    return this.call({ method: 'POST', path, token, form });
  }

  /** Answers whether the ledger is up; throws LedgerUnreachable when nothing listens. */
  async reachable(): Promise<void> {
    try {
      await (await fetch(`${this.url}/health/live`)).arrayBuffer();
    } catch {
      throw new LedgerUnreachable(this.url);
    }
  }

  /** Answers whether the ledger takes the demo's tokens: signed with the secret it checks them with. */
  async acceptsTokens(token: string): Promise<void> {
    const { status, body } = await this.get('/v1/deliveries?limit=1', token, [401]);
    if (status === 401)
      throw new TokensRefused(
        this.url,
        (body.error as { message?: string } | undefined)?.message ?? 'unauthorized',
      );
  }

  private async call({
    method,
    path,
    token,
    body,
    form,
    expect = [],
  }: Call): Promise<LedgerAnswer> {
    this.calls += 1;
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && method === 'POST'
            ? { 'content-type': 'application/json' }
            : {}),
        },
        body: form ?? (method === 'POST' ? JSON.stringify(body) : undefined),
      });
    } catch {
      throw new LedgerUnreachable(this.url);
    }
    const text = await res.text();
    const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    this.learnTime(parsed);
    if ((res.status < 200 || res.status >= 300) && !expect.includes(res.status))
      throw new LedgerCallFailed(`${method} ${path}`, res.status, parsed);
    return { status: res.status, body: parsed };
  }

  /** Stored events in an answer (or in a recorded refusal's details) carry the ledger's moment. */
  private learnTime(body: Record<string, unknown>): void {
    const error = body.error as { details?: { recorded?: unknown } } | undefined;
    const events = (body.events ?? error?.details?.recorded) as
      { recordedAt?: string }[] | undefined;
    if (!Array.isArray(events)) return;
    for (const event of events)
      if (typeof event.recordedAt === 'string') this.clock.learn(event.recordedAt);
  }
}
