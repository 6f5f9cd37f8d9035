import type { Command } from '../shared/message.js';
import type { CourierEvent } from './courier.events.js';

export type EraseCourier = Command<'EraseCourier', { courierId: string; reason: string }>;
export type CourierCommand = EraseCourier;

export interface CourierSubjectState {
  /** The revision of the courier's last erasure, null before any. */
  readonly erasedAt: number | null;
}

export const initialCourierSubjectState = (): CourierSubjectState => ({ erasedAt: null });

export function evolveCourierSubject(
  state: CourierSubjectState,
  event: CourierEvent,
  revision = 0,
): CourierSubjectState {
  switch (event.type) {
    case 'CourierErased':
      return { ...state, erasedAt: revision };
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

/** An erasure is recorded before the keys go: the ledger says who asked, whatever is left to shred. */
export function decideCourierSubject(
  command: CourierCommand,
  _state: CourierSubjectState,
): CourierEvent[] {
  switch (command.type) {
    case 'EraseCourier':
      return [
        {
          type: 'CourierErased',
          data: { ...command.data, requestedBy: command.metadata.actor.id },
        },
      ];
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}
