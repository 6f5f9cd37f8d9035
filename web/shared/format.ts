/** Times as people read them: the browser's time zone, seconds shown (a dispute turns on seconds). */
export const clockTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

export const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A data field that should be text, as text ('' when it is not). */
export const textOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** `unlock_outside_geofence` → "unlock outside geofence". */
export const words = (code: string): string => code.replace(/_/g, ' ');

export const VENDOR_NAMES: Record<string, string> = {
  volvo: 'Volvo',
  gm: 'GM OnStar',
  tesla: 'Tesla',
};
