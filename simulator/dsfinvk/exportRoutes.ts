// Export routes (REFERENCE §4.6): trigger, retrieve, list, download (TAR or ZIP), download URL.

import type { Route } from '../core/route';
import type { DsfinvkStore } from './store';

export const exportRoutes: Route<DsfinvkStore>[] = [];
