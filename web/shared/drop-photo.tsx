import { useEffect, useState } from 'preact/hooks';

import { apiBlob, errorText } from './api.js';
import { clockTime, textOf } from './format.js';
import { isPersonalMarker } from './personal.js';
import type { TimelineEntry } from './types.js';

/** The drop photos the view lets the reader fetch: `{"$personal":"photo","href":…}` in PackagePlaced. */
export const photosOf = (entries: readonly TimelineEntry[]) =>
  entries.flatMap((entry) => {
    if (entry.type !== 'PackagePlaced') return [];
    const photo = entry.data.photo as { ref?: unknown; sha256?: unknown } | undefined;
    const ref = photo?.ref;
    return [
      {
        packageId: textOf(entry.data.packageId),
        at: entry.occurredAt,
        href: isPersonalMarker(ref) && ref.$personal === 'photo' ? (ref.href ?? null) : null,
        sha256: typeof photo?.sha256 === 'string' ? photo.sha256 : null,
      },
    ];
  });

/**
 * One drop photo, fetched with the reader's token (an investigator's fetch is recorded as a reveal
 * before the image is answered). Shown from memory (a blob: URL), never cached by the browser.
 */
export function DropPhoto(props: {
  token: string;
  photo: ReturnType<typeof photosOf>[number];
  whenHidden: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { href } = props.photo;
  useEffect(() => {
    if (!href) return;
    let current = true;
    let made: string | null = null;
    apiBlob(href, props.token)
      .then((blob) => {
        made = URL.createObjectURL(blob);
        if (current) setUrl(made);
      })
      .catch((error: unknown) => current && setProblem(errorText(error)));
    return () => {
      current = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [href, props.token]);
  return (
    <figure class="drop-photo" data-testid="drop-photo">
      {href && url && (
        <img
          src={url}
          alt={`Drop photo of package ${props.photo.packageId}, taken at ${clockTime(props.photo.at)}`}
        />
      )}
      {href && !url && !problem && <p>Loading the photo…</p>}
      {problem && (
        <p class="error" role="alert">
          The photo could not be shown: {problem}
        </p>
      )}
      {!href && <p class="withheld">{props.whenHidden}</p>}
      <figcaption>
        Package {props.photo.packageId}, {clockTime(props.photo.at)}
        {props.photo.sha256 && (
          <>
            {' '}
            · SHA-256 <code class="hash">{props.photo.sha256.slice(0, 16)}…</code>
          </>
        )}
      </figcaption>
    </figure>
  );
}
