/** A customer's data key, unwrapped, for one scope of their data. */
export interface DataKey {
  /** `delivery:{deliveryId}` or `vehicle:{vehicleId}:{customerId}`. */
  readonly scope: string;
  readonly customerId: string;
  /** 32 bytes, AES-256-GCM. */
  readonly key: Buffer;
}

export const deliveryKeyScope = (deliveryId: string) => `delivery:${deliveryId}`;
export const vehicleKeyScope = (vehicleId: string, customerId: string) =>
  `vehicle:${vehicleId}:${customerId}`;
