import {
  type ArgumentMetadata,
  Injectable,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

import { HttpProblem } from './error-body.js';

interface FieldProblem {
  readonly field: string;
  readonly problems: readonly string[];
}

function flatten(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Keys that name an object's machinery, not data (`__proto__`, `constructor`, `toString`…): every
 * object answers to them, so a whitelist lets them through. Refused anywhere in a request.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The first prototype key in a parsed body or query, as a dotted path (own keys only). */
function prototypeKeyIn(value: unknown, path = '', depth = 0): string | null {
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return here;
    const found = prototypeKeyIn((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return null;
}

/** No body of this API nests deeper; deeper ones are refused before anything walks them. */
const MAX_DEPTH = 32;

/** How deep a parsed JSON value nests, counted without recursion (a hostile body may nest 10,000 deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Shape validation for every body, path and query: unknown fields refused, answers in the error body. */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => {
        const fields = flatten(errors);
        return new HttpProblem(
          400,
          'REQUEST.INVALID',
          fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ') ||
            'The request is invalid',
          { fields },
        );
      },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (depthOf(value) > MAX_DEPTH) {
      throw new HttpProblem(
        400,
        'REQUEST.INVALID',
        `The ${metadata.type} nests deeper than ${MAX_DEPTH} levels`,
        { fields: [] },
      );
    }
    // `constructor` and friends would pass the whitelist (every object has them) and reach a decider.
    const prototypeKey = prototypeKeyIn(value);
    if (prototypeKey) {
      throw new HttpProblem(400, 'REQUEST.INVALID', `${prototypeKey}: this key is not allowed`, {
        fields: [{ field: prototypeKey, problems: ['this key is not allowed'] }],
      });
    }
    // A POST with no body still gets its DTO validated (and its required fields reported).
    return super.transform(metadata.type === 'body' && value === undefined ? {} : value, metadata);
  }
}
