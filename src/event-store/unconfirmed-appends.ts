/**
 * The appends one request is waiting on, that the store has not yet confirmed or refused. Counted
 * explicitly by whoever appends for the request (the command pipeline), not through an
 * AsyncLocalStorage: on Node 20 that installs a promise hook for every promise the process makes,
 * about a tenth of the API process's CPU under the load bench.
 */
export class UnconfirmedAppends {
  count = 0;
}

/**
 * An append, counted for the request it belongs to while it waits: a commit that a synchronous standby
 * has not confirmed waits here, and the request's deadline then says the store is unavailable.
 */
export async function whileUnconfirmed<T>(
  appends: UnconfirmedAppends | undefined,
  append: () => Promise<T>,
): Promise<T> {
  if (appends) appends.count += 1;
  try {
    return await append();
  } finally {
    if (appends) appends.count -= 1;
  }
}
