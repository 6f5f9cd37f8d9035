import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import type { WitnessesConfig } from '../../config/keytrail-config.js';
import { Checkpoints } from '../../integrity/checkpoints.js';
import { Cosignatures } from '../../integrity/cosignatures.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import { Witnessing, WitnessSender } from '../../integrity/witnessing.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import { WITNESSES } from './integrity.tokens.js';

/** Sends each new checkpoint to the witnesses, in the process that issues checkpoints. */
@Injectable()
export class WitnessingRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stop = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    @Inject(WITNESSES) private readonly config: WitnessesConfig | null,
    private readonly checkpoints: Checkpoints,
    private readonly proofs: TreeProofs,
    private readonly cosignatures: Cosignatures,
    private readonly metrics: LedgerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config) return;
    const log = {
      latest: () => this.checkpoints.latest(),
      consistencyProof: (from: number, to: number) => this.proofs.consistencyProof(from, to),
    };
    const observer = {
      cosigned: (witness: string) => this.metrics.witnessCosigned(witness),
      resent: (witness: string) => this.metrics.witnessResent(witness),
      failed: (witness: string, reason: string) => this.metrics.witnessFailed(witness, reason),
    };
    const senders = this.config.witnesses.map(
      (witness) =>
        new WitnessSender(witness, log, this.cosignatures, observer, {
          timeoutMs: this.config!.timeoutMs,
        }),
    );
    this.running = new Witnessing(senders).run(this.stop.signal);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
