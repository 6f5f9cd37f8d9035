import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../../config/clock.js';
import {
  CaseNotApproved,
  CaseNotFound,
  CaseNotYours,
  caseStatusAt,
} from '../../../domain/case/case.decider.js';
import type { ProofBundle } from '../../../verifier/proof-bundle.js';
import { Checkpoints } from '../../../integrity/checkpoints.js';
import type { CommandRequest } from '../../../http/command-request.js';
import { CaseAccess } from '../../privacy/access/case-access.js';
import { CasesService } from '../../privacy/cases/cases.service.js';
import { ProofBundles } from '../proof-bundles.js';
import { type EvidenceDocument, howToVerify } from './evidence-document.js';
import { renderEvidencePdf } from './evidence-pdf.js';

export interface ExportedEvidence {
  readonly body: Buffer;
  readonly contentType: string;
  readonly sha256: string;
}

/**
 * A case's evidence, as JSON (what the verifier checks) or PDF (what a reviewer reads): the proof
 * bundle of each delivery it covers — precise data while the case is approved and unexpired, every
 * reveal recorded —
 * and EvidenceExported on the case with the document's SHA-256, before it is answered.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly access: CaseAccess,
    private readonly cases: CasesService,
    private readonly bundles: ProofBundles,
    private readonly checkpoints: Checkpoints,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(
    caseId: string,
    format: 'json' | 'pdf',
    request: CommandRequest,
  ): Promise<ExportedEvidence> {
    const state = await this.access.caseState(caseId);
    if (!state.opened) throw new CaseNotFound(caseId);
    if (state.opened.investigatorId !== request.principal.id) throw new CaseNotYours(caseId);
    const status = caseStatusAt(state, this.clock.now());
    // Nothing of a case nobody else approved yet; a case that ended exports pseudonymised data.
    if (status === 'pending') throw new CaseNotApproved(caseId);
    const ended = status === 'closed' || status === 'expired';
    const deliveries: ProofBundle[] = [];
    for (const deliveryId of state.opened.deliveryIds) {
      // Under the approved case: precise data, the reveal recorded; once ended: the pseudonymised view.
      deliveries.push(
        await this.bundles.forDelivery(
          deliveryId,
          request.principal,
          ended ? undefined : caseId,
          request.unconfirmed,
        ),
      );
    }
    const document: EvidenceDocument = {
      format: 'keytrail-evidence/1',
      case: (await this.cases.get(caseId))!,
      exportedAt: new Date().toISOString(),
      exportedBy: request.principal.id,
      verifierKeys: this.checkpoints.verifierKeys,
      deliveries,
      howToVerify: howToVerify(this.checkpoints.verifierKeys[0]!),
    };
    const body =
      format === 'pdf'
        ? await renderEvidencePdf(document)
        : Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.cases.recordEvidenceExport(caseId, format, sha256, request);
    return { body, sha256, contentType: format === 'pdf' ? 'application/pdf' : 'application/json' };
  }
}
