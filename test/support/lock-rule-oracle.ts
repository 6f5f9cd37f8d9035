import type { DeliveryTarget, StatusField } from '../../src/domain/delivery/delivery.vocabulary.js';

/**
 * What the documented lock rule (docs/RULES.md) relies on, per delivery target, written out here
 * rather than taken from the code: the oracles of the model and fuzz tests judge the code with it.
 * Any window or sunroof the carmaker reports counts as well.
 */
export const FIELDS_THE_LOCK_RULE_NEEDS: Record<DeliveryTarget, readonly StatusField[]> = {
  trunk: ['centralLock', 'trunk'],
  cabin: [
    'centralLock',
    'front_left',
    'front_right',
    'rear_left',
    'rear_right',
    'window_front_left',
    'window_front_right',
    'window_rear_left',
    'window_rear_right',
  ],
};
