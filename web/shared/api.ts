import createClient from 'openapi-fetch';

import type { components, paths } from './api-schema.js';

/** The keytrail API from the browser: same origin, a bearer token, the documented error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The schemas of the API's answers, generated from its OpenAPI document (`npm run openapi`). */
export type Schemas = components['schemas'];

type ErrorBody = Schemas['ErrorBody'];

/**
 * The typed client: paths, parameters, bodies and answers as the API describes them. JSON only:
 * the one route that can also answer text (the latest checkpoint's note) is read as JSON here.
 */
export const client = createClient<paths, 'application/json'>({
  headers: { accept: 'application/json' },
  credentials: 'omit',
  cache: 'no-store',
});

/** The Authorization header for a token (none: no header). */
export const bearer = (token: string | null | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

const refusal = (response: Response, body: unknown): ApiError => {
  const error = (body as Partial<ErrorBody> | null | undefined)?.error;
  return new ApiError(
    response.status,
    error?.code ?? `HTTP.${response.status}`,
    error?.message ?? response.statusText,
    error?.details ?? null,
  );
};

/**
 * The answer of a client call: its data, or an ApiError with the error body's code, message and
 * details (status 0, NETWORK: the ledger could not be reached).
 */
export async function answer<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'NETWORK', 'The ledger could not be reached');
  }
  if (!result.response.ok) throw refusal(result.response, result.error);
  return result.data as T;
}

/** A binary answer (a photo, a PDF, an export file), as a Blob. */
export async function apiBlob(path: string, token: string | null): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: bearer(token),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The ledger could not be reached');
  }
  if (!response.ok) throw refusal(response, await response.json().catch(() => null));
  return response.blob();
}

/** Offers a Blob as a file to save, without putting anything in the page's URL. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A query string for a page's own URL (its hash route), empty values left out. */
export const query = (params: Record<string, string | number | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const errorText = (error: unknown): string =>
  error instanceof ApiError
    ? `${error.message} (${error.code})`
    : error instanceof Error
      ? error.message
      : String(error);
