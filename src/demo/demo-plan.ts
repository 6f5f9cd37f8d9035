import type { Vendor } from '../domain/delivery/delivery.vocabulary.js';

/** The situations an investigator looks for, one delivery each. */
export const SITUATIONS = [
  'geofence_denied',
  'nonce_replayed',
  'ambiguous_result',
  'stale_lock_read',
  'late_lock_confirmation',
  'case_with_reveal',
  'erased_customer',
] as const;
export type Situation = (typeof SITUATIONS)[number];

/** What most deliveries do: complete, wait for later, or stop on the customer's word. */
export type Routine =
  'completed' | 'gm_pending_unlock' | 'courier_on_the_way' | 'upcoming' | 'customer_blocked';

export type Story = Situation | Routine;

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export interface PlannedDelivery {
  readonly deliveryId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly vehicleId: string;
  readonly vendor: Vendor;
  readonly vin: string;
  readonly plate: string;
  readonly make: string;
  readonly model: string;
  readonly colour: string;
  readonly courierId: string;
  readonly courierName: string;
  /** Where the car stands. */
  readonly car: GeoPoint;
  readonly story: Story;
  /** An upcoming delivery's window opens this many hours from now. */
  readonly opensInHours: number;
}

const CARS: Readonly<
  Record<
    Vendor,
    { make: string; models: string[]; city: GeoPoint; vin: string; plate: (n: number) => string }
  >
> = {
  volvo: {
    make: 'Volvo',
    models: ['XC40', 'XC60', 'V60', 'EX30'],
    city: { lat: 59.3293, lon: 18.0686 }, // Stockholm
    vin: 'YV1CT9551B15',
    plate: (n) => `${letters(n)} ${String(100 + (n % 900))}`,
  },
  gm: {
    make: 'Chevrolet',
    models: ['Bolt EUV', 'Equinox', 'Blazer EV', 'Malibu'],
    city: { lat: 42.3314, lon: -83.0458 }, // Detroit
    vin: '1G1ZD5ST0LF0',
    plate: (n) => `${String(1 + (n % 9))}${letters(n + 7)}${String(100 + (n % 900))}`,
  },
  tesla: {
    make: 'Tesla',
    models: ['Model 3', 'Model Y', 'Model S'],
    city: { lat: 30.2672, lon: -97.7431 }, // Austin
    vin: '5YJ3E1EA7KF3',
    plate: (n) => `${letters(n + 3)}-${String(1000 + (n % 9000))}`,
  },
};
const COLOURS = ['black', 'white', 'grey', 'blue', 'red', 'silver', 'green'];
const COURIERS = [
  'Ana',
  'Ben',
  'Chioma',
  'Dmitri',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
];
const VENDORS_IN_TURN: readonly Vendor[] = ['volvo', 'gm', 'tesla'];

/** The vendor each situation's car is from: all three carmakers' payload shapes appear. */
const SITUATION_VENDOR: Readonly<Record<Situation, Vendor>> = {
  geofence_denied: 'volvo',
  nonce_replayed: 'tesla',
  ambiguous_result: 'volvo',
  stale_lock_read: 'volvo',
  late_lock_confirmation: 'tesla',
  case_with_reveal: 'gm',
  erased_customer: 'volvo',
};

function letters(n: number): string {
  const a = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return [n, n * 7 + 3, n * 13 + 5].map((k) => a[k % a.length]).join('');
}

/** A number in [0, 1) from the delivery's index: the same plan for the same count. */
const spread = (n: number, salt: number) => {
  const x = Math.sin(n * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
};

function routineOf(i: number): Routine {
  if (i % 20 === 0) return 'upcoming';
  if (i % 20 === 1) return 'courier_on_the_way';
  if (i % 20 === 2) return 'customer_blocked';
  if (i % 10 === 5) return 'gm_pending_unlock';
  return 'completed';
}

/**
 * `count` deliveries, their ids fresh for this run (`run`): one of each situation, the others
 * routine: most completed, some upcoming, some with the courier on the way, some stopped by the customer.
 */
export function planDeliveries(run: string, count: number): PlannedDelivery[] {
  return Array.from({ length: count }, (_, i) => {
    const story: Story = i < SITUATIONS.length ? SITUATIONS[i]! : routineOf(i);
    const vendor: Vendor =
      i < SITUATIONS.length
        ? SITUATION_VENDOR[story as Situation]
        : story === 'gm_pending_unlock'
          ? 'gm'
          : VENDORS_IN_TURN[i % 3]!;
    const car = CARS[vendor];
    const n = i + 1;
    const id = String(n).padStart(3, '0');
    return {
      deliveryId: `d-${run}-${id}`,
      orderId: `o-${run}-${id}`,
      customerId: `cust-${run}-${id}`,
      vehicleId: `v-${run}-${id}`,
      vendor,
      vin: `${car.vin}${String(10000 + n).slice(-5)}`,
      plate: car.plate(n),
      make: car.make,
      model: car.models[n % car.models.length]!,
      colour: COLOURS[n % COLOURS.length]!,
      courierId: `c-${run}-${(n % COURIERS.length) + 1}`,
      courierName: COURIERS[n % COURIERS.length]!,
      car: {
        lat: Number((car.city.lat + (spread(n, 1) - 0.5) * 0.12).toFixed(6)),
        lon: Number((car.city.lon + (spread(n, 2) - 0.5) * 0.2).toFixed(6)),
      },
      story,
      opensInHours: 6 + Math.floor(spread(n, 3) * 160),
    };
  });
}
