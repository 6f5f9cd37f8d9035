import { AsyncLocalStorage } from 'node:async_hooks';

/** The appends one request is waiting on, that the store has not yet confirmed or refused. */
export class UnconfirmedAppends {
  count = 0;
}

const requestAppends = new AsyncLocalStorage<UnconfirmedAppends>();

/** Runs a request's work so that the appends it makes are counted in `appends`. */
export const countingAppends = <T>(appends: UnconfirmedAppends, work: () => T): T =>
  requestAppends.run(appends, work);

/**
 * An append, counted for the request it belongs to while it waits: a commit that a synchronous standby
 * has not confirmed waits here, and the request's deadline then says the store is unavailable.
 */
export async function whileUnconfirmed<T>(append: () => Promise<T>): Promise<T> {
  const appends = requestAppends.getStore();
  if (appends) appends.count += 1;
  try {
    return await append();
  } finally {
    if (appends) appends.count -= 1;
  }
}
