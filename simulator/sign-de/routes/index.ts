// The SIGN DE v2 operations the simulator serves (all 33 of REFERENCE §0.2 but POST /auth, which the
// core serves for every API), below /api/v2.

import type { Route } from '../../core/route';
import type { SignDeState } from '../state';
import { clientRoutes } from './client';
import { exportRoutes } from './export';
import { tssRoutes } from './tss';
import { txRoutes } from './tx';

export const SIGN_DE_ROUTES: readonly Route<SignDeState>[] = [
	...tssRoutes,
	...clientRoutes,
	...txRoutes,
	...exportRoutes,
];
