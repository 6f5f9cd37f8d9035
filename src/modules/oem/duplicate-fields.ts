import { evaluate, parse } from '@humanwhocodes/momoa';
import type { Request } from 'express';

import { canonicalJson } from '../../event-store/canonical-event.js';

/** The body's bytes as the carmaker sent them (Nest's `rawBody` option keeps them). */
export type RequestWithBytes = Request & { rawBody?: Buffer };

type JsonNode = ReturnType<typeof parse>['body'];

/** Deeper than this nothing is read: such a body is refused for its nesting (32 levels) anyway. */
const MAX_DEPTH = 40;

/**
 * Fields a payload states twice with different values (`{"tailgate": …, "tailgate": …}`). JSON.parse
 * keeps the last one silently, so the stored payload would hide the first: each is named here, with
 * both values, so that the payload is recorded as contradicting itself and confirms nothing.
 */
export function conflictingDuplicateFields(bytes: Buffer | undefined): string[] {
  if (!bytes || bytes.length === 0) return [];
  let document: ReturnType<typeof parse>;
  try {
    document = parse(bytes.toString('utf8'));
  } catch {
    return []; // Not JSON, or nested past the parser's stack: the body parser or the pipe refuses it.
  }
  const found: string[] = [];
  const visit = (node: JsonNode, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (node.type === 'Array') {
      node.elements.forEach((element, index) =>
        visit(element.value, `${path}[${index}]`, depth + 1),
      );
      return;
    }
    if (node.type !== 'Object') return;
    const seen = new Map<string, string>();
    for (const member of node.members) {
      const name = member.name.type === 'String' ? member.name.value : member.name.name;
      const value = canonicalJson(evaluate(member.value));
      const field = path ? `${path}.${name}` : name;
      const earlier = seen.get(name);
      if (earlier !== undefined && earlier !== value) {
        found.push(`${field} is stated twice: ${earlier} and ${value}`);
      }
      seen.set(name, value);
      visit(member.value, field, depth + 1);
    }
  };
  visit(document.body, '', 0);
  return found;
}
