import { evaluate, parse } from '@humanwhocodes/momoa';
import type { Request } from 'express';

import { canonicalJson } from '../../event-store/canonical-event.js';

/** The body's bytes as the carmaker sent them (Nest's `rawBody` option keeps them). */
export type RequestWithBytes = Request & { rawBody?: Buffer };

type JsonNode = ReturnType<typeof parse>['body'];

/** As deep as RequestValidationPipe lets a body nest; it answers a deeper one 400. */
const MAX_DEPTH = 32;

/** Whether the document nests deeper than any body may, counted without recursion. */
function nestsTooDeep(root: JsonNode): boolean {
  const stack: [JsonNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return true;
    if (node.type === 'Array') for (const e of node.elements) stack.push([e.value, depth + 1]);
    if (node.type === 'Object') for (const m of node.members) stack.push([m.value, depth + 1]);
  }
  return false;
}

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
    return []; // The body parser already refused what is not JSON.
  }
  // Walking it would overflow the stack (a 500); the validation pipe refuses it instead.
  if (nestsTooDeep(document.body)) return [];
  const found: string[] = [];
  const visit = (node: JsonNode, path: string): void => {
    if (node.type === 'Array') {
      node.elements.forEach((element, index) => visit(element.value, `${path}[${index}]`));
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
      visit(member.value, field);
    }
  };
  visit(document.body, '');
  return found;
}
