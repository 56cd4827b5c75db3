// The SIGN DE v2 operations the simulator serves (all 33 of REFERENCE §0.2), below /api/v2.

import { authRoutes } from './auth';
import { clientRoutes } from './client';
import { exportRoutes } from './export';
import type { Route } from './route';
import { tssRoutes } from './tss';
import { txRoutes } from './tx';

export { controlRoutes } from './control';

export const API_ROUTES: readonly Route[] = [
	...authRoutes,
	...tssRoutes,
	...clientRoutes,
	...txRoutes,
	...exportRoutes,
];
