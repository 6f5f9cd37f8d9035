import geohash from 'ngeohash';

import { clockTime } from './format.js';
import { isGeoPoint, isPersonalMarker, type GeoPoint } from './personal.js';
import type { TimelineEntry } from './types.js';

/** A place as the view shows it: a precise point, or a geohash cell (a rectangle). */
type Place =
  | { readonly kind: 'point'; readonly point: GeoPoint }
  | {
      readonly kind: 'cell';
      readonly south: number;
      readonly west: number;
      readonly north: number;
      readonly east: number;
      readonly geohash: string;
    };

interface Mark {
  readonly label: string;
  readonly at: string;
  readonly place: Place;
  readonly role: 'courier' | 'photo' | 'car';
}

function placeOf(value: unknown): Place | null {
  if (isGeoPoint(value)) return { kind: 'point', point: value };
  if (isPersonalMarker(value) && value.$personal === 'geohash' && value.geohash) {
    const [south, west, north, east] = geohash.decode_bbox(value.geohash);
    return { kind: 'cell', south, west, north, east, geohash: value.geohash };
  }
  return null;
}

const centreOf = (place: Place): GeoPoint =>
  place.kind === 'point'
    ? place.point
    : { lat: (place.south + place.north) / 2, lon: (place.west + place.east) / 2 };

/** Where each kind of event puts a mark: what the mark is called, whose it is, the position it takes. */
const MARKS: Readonly<
  Record<
    string,
    {
      readonly label: string;
      readonly role: Mark['role'];
      readonly position: (data: Record<string, unknown>) => unknown;
    }
  >
> = {
  UnlockRequested: {
    label: 'courier at unlock request',
    role: 'courier',
    position: (data) => data.courierPosition,
  },
  PackagePlaced: {
    label: 'drop photo geotag',
    role: 'photo',
    position: (data) => (data.photo as { geotag?: unknown } | undefined)?.geotag,
  },
  VehicleLocationDeclared: {
    label: 'car, as declared',
    role: 'car',
    position: (data) => data.position,
  },
  VehiclePositionReported: {
    label: 'car, as its carmaker reported',
    role: 'car',
    position: (data) => data.position,
  },
};

/** The courier's reported positions, the photo's geotag and the car's declared and reported places. */
export function marksOf(entries: readonly TimelineEntry[]) {
  let fence: { place: Place; radiusM: number } | null = null;
  const marks: Mark[] = [];
  for (const entry of entries) {
    const data = entry.data;
    if (entry.type === 'AccessGranted') {
      const geofence = data.geofence as { center?: unknown; radiusM?: unknown } | undefined;
      const place = placeOf(geofence?.center);
      if (place && typeof geofence?.radiusM === 'number')
        fence = { place, radiusM: geofence.radiusM };
    }
    const kind = Object.hasOwn(MARKS, entry.type) ? MARKS[entry.type]! : null;
    const place = kind ? placeOf(kind.position(data)) : null;
    if (kind && place)
      marks.push({ label: kind.label, at: entry.occurredAt, place, role: kind.role });
  }
  return { fence, marks };
}

const SIZE = 320;
const METRES_PER_DEGREE = 111_320;

/**
 * A small plot, no map: the geofence circle and each reported position, in metres around the
 * geofence's centre. Without a case the positions are geohash cells (rectangles); with one, points.
 * Every mark is also listed in words below the picture.
 */
export function PositionPlot(props: { entries: readonly TimelineEntry[] }) {
  const { fence, marks } = marksOf(props.entries);
  if (!fence && marks.length === 0)
    return (
      <section class="plot" aria-labelledby="plot-title" data-testid="position-plot">
        <h3 id="plot-title">Positions</h3>
        <p>No positions were reported for this delivery.</p>
      </section>
    );
  const origin = centreOf(fence?.place ?? marks[0]!.place);
  const cos = Math.cos((origin.lat * Math.PI) / 180);
  const metres = (p: GeoPoint) => ({
    x: (p.lon - origin.lon) * METRES_PER_DEGREE * cos,
    y: (p.lat - origin.lat) * METRES_PER_DEGREE,
  });
  // The extent: the circle, every point, every cell corner; a margin around.
  const extents: number[] = [fence?.radiusM ?? 25];
  for (const mark of [...marks.map((m) => m.place), ...(fence ? [fence.place] : [])]) {
    const corners =
      mark.kind === 'point'
        ? [mark.point]
        : [
            { lat: mark.south, lon: mark.west },
            { lat: mark.north, lon: mark.east },
          ];
    for (const corner of corners) {
      const { x, y } = metres(corner);
      extents.push(Math.abs(x), Math.abs(y));
    }
  }
  const half = Math.max(...extents) * 1.15;
  const scale = SIZE / 2 / half;
  // A round length for the scale bar, about a fifth of the plot.
  const bar = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].find((m) => m >= half / 3) ?? 10_000;
  const sx = (x: number) => SIZE / 2 + x * scale;
  const sy = (y: number) => SIZE / 2 - y * scale;
  const drawn = (place: Place, cls: string, key: string) => {
    if (place.kind === 'point') {
      const { x, y } = metres(place.point);
      return <circle key={key} class={cls} cx={sx(x)} cy={sy(y)} r={5} />;
    }
    const sw = metres({ lat: place.south, lon: place.west });
    const ne = metres({ lat: place.north, lon: place.east });
    return (
      <rect
        key={key}
        class={`${cls} cell`}
        x={sx(sw.x)}
        y={sy(ne.y)}
        width={Math.max(sx(ne.x) - sx(sw.x), 2)}
        height={Math.max(sy(sw.y) - sy(ne.y), 2)}
      />
    );
  };
  const precise = [...marks.map((m) => m.place), ...(fence ? [fence.place] : [])].every(
    (p) => p.kind === 'point',
  );
  const describe = (place: Place) =>
    place.kind === 'point'
      ? `${place.point.lat.toFixed(6)}, ${place.point.lon.toFixed(6)}`
      : `area ${place.geohash}`;
  const distance = (place: Place) => {
    const { x, y } = metres(centreOf(place));
    return Math.round(Math.hypot(x, y));
  };
  return (
    <section class="plot" aria-labelledby="plot-title" data-testid="position-plot">
      <h3 id="plot-title">
        Positions {precise ? '(precise)' : '(areas: open a case for precise points)'}
      </h3>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="img"
        aria-label={`Geofence of ${fence?.radiusM ?? '?'} m and ${marks.length} reported positions`}
      >
        <rect class="plot-ground" x={0} y={0} width={SIZE} height={SIZE} />
        {fence && drawn(fence.place, 'fence-centre', 'fence-centre')}
        {marks.map((mark, i) => drawn(mark.place, `mark ${mark.role}`, `mark-${i}`))}
        {fence && (
          <circle
            class={precise ? 'fence' : 'fence approximate'}
            cx={sx(metres(centreOf(fence.place)).x)}
            cy={sy(metres(centreOf(fence.place)).y)}
            r={fence.radiusM * scale}
          />
        )}
        <line class="scale" x1={10} y1={SIZE - 12} x2={10 + bar * scale} y2={SIZE - 12} />
        <text class="scale-label" x={10} y={SIZE - 18}>
          {bar} m
        </text>
      </svg>
      <ul class="legend">
        {fence && (
          <li>
            <span class="key fence-key" aria-hidden="true" /> geofence: {fence.radiusM} m around{' '}
            {describe(fence.place)}
          </li>
        )}
        {marks.map((mark, i) => (
          <li key={i}>
            <span class={`key ${mark.role}-key`} aria-hidden="true" /> {mark.label} at{' '}
            {clockTime(mark.at)}: {describe(mark.place)},{' '}
            {mark.place.kind === 'point' && fence?.place.kind === 'point'
              ? `${distance(mark.place)} m from the centre (${distance(mark.place) <= fence.radiusM ? 'inside' : 'outside'} the geofence)`
              : `about ${distance(mark.place)} m from the centre`}
          </li>
        ))}
      </ul>
    </section>
  );
}
