import type { DemoCallers } from './demo-callers.js';
import type { GeoPoint, PlannedDelivery } from './demo-plan.js';
import { dropPhoto } from './drop-photo.js';
import {
  gmCommandResponse,
  teslaCommand,
  teslaVehicleData,
  volvoDoors,
  volvoInvoke,
} from './carmaker-payloads.js';
import type { LedgerClock } from './ledger-clock.js';
import type { LedgerAnswer, LedgerHttp } from './ledger-http.js';

export interface DemoLedger {
  readonly http: LedgerHttp;
  readonly clock: LedgerClock;
  readonly callers: DemoCallers;
}

const MINUTE = 60_000;
/** About 5 m from the car, and about 450 m. */
const near = (car: GeoPoint): GeoPoint => ({ lat: car.lat + 0.00004, lon: car.lon });
const away = (car: GeoPoint): GeoPoint => ({ lat: car.lat + 0.004, lon: car.lon });

/**
 * One delivery's callers at work, step by step: the delivery service, the carmaker's connector, the
 * customer. Every source stamp (a closure, a car's status read) follows the ledger's clock and comes
 * after the step before it, as a car's and a phone's clocks would.
 */
export class DeliveryRun {
  private lastStampMs = 0;

  constructor(
    private readonly ledger: DemoLedger,
    readonly plan: PlannedDelivery,
  ) {}

  /** Now by the ledger's clock, strictly after anything this delivery stamped or had recorded. */
  stamp(): string {
    const at = Math.max(this.ledger.clock.now().getTime(), this.lastStampMs + 1);
    this.lastStampMs = at;
    return new Date(at).toISOString();
  }

  private seen(answer: LedgerAnswer): LedgerAnswer {
    const body = answer.body as {
      events?: { recordedAt: string }[];
      error?: { details?: { recorded?: { recordedAt: string }[] } };
    };
    for (const e of body.events ?? body.error?.details?.recorded ?? [])
      this.lastStampMs = Math.max(this.lastStampMs, Date.parse(e.recordedAt));
    return answer;
  }

  async service(path: string, body: unknown, expect?: readonly number[]) {
    const { http, callers } = this.ledger;
    return this.seen(
      await http.post(
        `/v1/deliveries/${this.plan.deliveryId}/${path}`,
        callers.deliveryService,
        body,
        expect,
      ),
    );
  }

  async connector(path: string, body: unknown) {
    const { http, callers } = this.ledger;
    const { vendor, deliveryId } = this.plan;
    return this.seen(
      await http.post(`/v1/oem/${vendor}/${deliveryId}/${path}`, callers.connectors[vendor], body),
    );
  }

  async customer(path: string, body: unknown) {
    const { http, callers } = this.ledger;
    const token = await callers.customer(this.plan.customerId);
    return this.seen(
      await http.post(`/v1/deliveries/${this.plan.deliveryId}/${path}`, token, body),
    );
  }

  /** The delivery system links the customer's car (the plate sealed), then books the delivery. */
  async schedule(window: { from: string; to: string }): Promise<void> {
    const { http, callers } = this.ledger;
    const p = this.plan;
    await http.post('/v1/vehicles', callers.deliveryService, {
      vehicleId: p.vehicleId,
      customerId: p.customerId,
      plate: p.plate,
      make: p.make,
      model: p.model,
      colour: p.colour,
    });
    this.seen(
      await http.post('/v1/deliveries', callers.deliveryService, {
        deliveryId: p.deliveryId,
        orderId: p.orderId,
        customerId: p.customerId,
        vehicleId: p.vehicleId,
        vendor: p.vendor,
        window,
        target: 'trunk',
        packages: [{ packageId: `p-${p.deliveryId}` }],
      }),
    );
  }

  /** Booked for a window around now; the courier granted 50 m around the car for the next hour. */
  async scheduleAndGrant(): Promise<void> {
    const { clock } = this.ledger;
    await this.schedule({ from: clock.iso(-45 * MINUTE), to: clock.iso(195 * MINUTE) });
    await this.service('grants', {
      grantId: 'g-1',
      courierId: this.plan.courierId,
      notBefore: clock.iso(-10 * MINUTE),
      notAfter: clock.iso(50 * MINUTE),
      geofence: { center: this.plan.car, radiusM: 50 },
      scope: 'trunk',
      singleUse: true,
      nonce: `gn-${this.plan.deliveryId}`,
    });
    await this.service('approaching', {
      courierId: this.plan.courierId,
      courierName: this.plan.courierName,
      eta: this.ledger.clock.iso(3 * MINUTE),
    });
  }

  /** The courier's app asks to unlock; a denial the demo provokes is answered 422 and recorded. */
  async unlock(
    commandId: string,
    nonce: string,
    where: 'at_the_car' | 'away' = 'at_the_car',
    expectDenial = false,
  ) {
    return this.service(
      'unlock-requests',
      {
        grantId: 'g-1',
        courierId: this.plan.courierId,
        courierPosition: where === 'away' ? away(this.plan.car) : near(this.plan.car),
        commandId,
        nonce,
      },
      expectDenial ? [422] : [],
    );
  }

  /** The carmaker's answer to the unlock command, in its own shape. */
  async unlockResult(answer: 'succeeded' | 'ambiguous' | 'pending_then_succeeded' = 'succeeded') {
    const p = this.plan;
    if (p.vendor === 'volvo')
      return this.connector(
        'commands/cmd-unlock-1',
        volvoInvoke(p.vin, answer === 'ambiguous' ? 'CAR_TIMEOUT' : 'COMPLETED'),
      );
    if (p.vendor === 'tesla') return this.connector('commands/cmd-unlock-1', teslaCommand(true));
    const requested = this.stamp();
    if (answer === 'pending_then_succeeded')
      await this.connector(
        'commands/cmd-unlock-1',
        gmCommandResponse(p.vin, 'unlockDoor', 'inProgress', requested, null),
      );
    return this.connector(
      'commands/cmd-unlock-1',
      gmCommandResponse(p.vin, 'unlockDoor', 'success', requested, this.stamp()),
    );
  }

  /** Trunk opened, the drop photographed and uploaded, the package recorded, trunk closed. */
  async dropPackage(): Promise<void> {
    const { http, callers } = this.ledger;
    const p = this.plan;
    await this.service('closures', {
      closure: 'trunk',
      state: 'opened',
      vehicleTimestamp: this.stamp(),
    });
    const photo = dropPhoto(p.deliveryId);
    const form = new FormData();
    form.set('sha256', photo.sha256);
    form.set('photo', new Blob([new Uint8Array(photo.image)], { type: 'image/png' }), 'drop.png');
    const uploaded = await http.upload(
      `/v1/deliveries/${p.deliveryId}/photos`,
      callers.deliveryService,
      form,
    );
    await this.service('packages', {
      packageId: `p-${p.deliveryId}`,
      photo: {
        sha256: photo.sha256,
        ref: uploaded.body.ref,
        capturedAt: this.stamp(),
        geotag: near(p.car),
      },
    });
    await this.service('closures', {
      closure: 'trunk',
      state: 'closed',
      vehicleTimestamp: this.stamp(),
    });
  }

  /** The lock request and the carmaker's answer to the command; a GM answer confirms the lock itself. */
  async requestLock(): Promise<void> {
    const p = this.plan;
    await this.service('lock-requests', { commandId: 'cmd-lock-1' });
    if (p.vendor === 'volvo')
      await this.connector('commands/cmd-lock-1', volvoInvoke(p.vin, 'COMPLETED'));
    if (p.vendor === 'tesla') await this.connector('commands/cmd-lock-1', teslaCommand(true));
    if (p.vendor === 'gm') {
      const requested = this.stamp();
      await this.connector(
        'commands/cmd-lock-1',
        gmCommandResponse(p.vin, 'lockDoor', 'success', requested, this.stamp()),
      );
    }
  }

  /** A status read of the car (Volvo doors, Tesla vehicle_data) stamped `at`; GM's came with its command. */
  async statusRead(at: string = this.stamp()): Promise<LedgerAnswer | null> {
    const p = this.plan;
    if (p.vendor === 'volvo') return this.connector('doors', volvoDoors(at));
    if (p.vendor === 'tesla') return this.connector('vehicle-data', teslaVehicleData(p.vin, at));
    return null;
  }

  async complete(): Promise<void> {
    await this.service('complete', {});
  }

  async fail(reason: string): Promise<void> {
    await this.service('fail', { reason, fallback: 'home_address' });
  }

  /** Unlock, drop, lock, the read that confirms it, complete: a delivery as it should go. */
  async deliver(unlockAnswer: 'succeeded' | 'pending_then_succeeded' = 'succeeded') {
    await this.scheduleAndGrant();
    await this.unlock('cmd-unlock-1', `n-${this.plan.deliveryId}`);
    await this.unlockResult(unlockAnswer);
    await this.dropPackage();
    await this.requestLock();
    await this.statusRead();
    await this.complete();
  }
}
