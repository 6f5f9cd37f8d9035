/**
 * The ledger's clock as the demo sees it: its own clock, moved by what the ledger's answers say it
 * recorded. The sources' stamps (car reads, closures) follow it, so none is ahead of the ledger, and
 * a read meant to follow a command is stamped after it.
 */
export class LedgerClock {
  private offsetMs = Number.NEGATIVE_INFINITY;

  /** `wallMs`: the demo's own clock (the embedded demo's is the ledger's simulated one). */
  constructor(private readonly wallMs: () => number = Date.now) {}

  /** A moment the ledger recorded: the ledger's clock was at least there when it answered. */
  learn(recordedAt: string): void {
    const at = Date.parse(recordedAt);
    if (Number.isFinite(at)) this.offsetMs = Math.max(this.offsetMs, at - this.wallMs());
  }

  /** The ledger's moment now, `plusMs` later or earlier. */
  now(plusMs = 0): Date {
    const offset = Number.isFinite(this.offsetMs) ? this.offsetMs : 0;
    return new Date(this.wallMs() + offset + plusMs);
  }

  iso(plusMs = 0): string {
    return this.now(plusMs).toISOString();
  }
}
