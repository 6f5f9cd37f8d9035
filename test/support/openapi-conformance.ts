import { Ajv, type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;
interface Operation {
  readonly responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

const DOCUMENT_ID = 'openapi';

/**
 * The document's schemas as JSON Schema, strict: OpenAPI 3.0 `nullable` becomes a `null` branch,
 * references point into the document, and an object with declared properties has no others (an
 * answer carrying a field its schema does not describe is a disagreement too).
 */
function strict(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strict);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, example: _example, ...rest } = value as Schema;
  const out: Schema = {};
  for (const [key, inner] of Object.entries(rest)) {
    if (key === '$ref' && typeof inner === 'string') out[key] = `${DOCUMENT_ID}${inner}`;
    else if (key === 'properties' || key === 'definitions')
      out[key] = Object.fromEntries(
        Object.entries(inner as Schema).map(([k, v]) => [k, strict(v)]),
      );
    else out[key] = strict(inner);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined)
    out.additionalProperties = false;
  if (nullable !== true) return out;
  const { description, ...schema } = out;
  return {
    ...(description !== undefined ? { description } : {}),
    anyOf: [schema, { type: 'null' }],
  };
}

/** Checks answers of the running app against the schemas its own document gives them. */
export class OpenApiConformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();
  /** Every operation an answer was checked for, as `METHOD path status`. */
  readonly checked = new Set<string>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv.addSchema(
      { $id: DOCUMENT_ID, components: { schemas: strict(document.components.schemas) } },
      DOCUMENT_ID,
    );
  }

  /**
   * The problems of one answer (none: it agrees): `path` is the document's template, e.g.
   * `/v1/deliveries/{id}/timeline`; the schema is that of the status and the JSON media type.
   */
  problems(method: string, path: string, status: number, body: unknown): string[] {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${path} is not in the document`];
    const response = operation.responses?.[String(status)];
    if (!response)
      return [`${method} ${path} answered ${status}, which the document does not list`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [`${method} ${path} ${status} has no application/json schema`];
    const key = `${method.toUpperCase()} ${path} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(strict(schema) as Schema);
      this.validators.set(key, validate);
    }
    this.checked.add(key);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${key}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  }
}
