import type { Actor } from '../../domain/shared/actor.js';

/** The verified caller: its id (`sub`) and role; a customer's id is its customerId. */
export type Principal = Actor;
