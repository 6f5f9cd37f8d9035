import { SetMetadata } from '@nestjs/common';

import type { Role } from '../../domain/shared/actor.js';

export const ROLES_KEY = 'keytrail:roles';
export const PUBLIC_KEY = 'keytrail:public';

/** The roles a route admits; a route without it admits no one (deny by default). */
export const Roles = (...roles: Exclude<Role, 'system'>[]) => SetMetadata(ROLES_KEY, roles);

/** Health, docs: no token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
