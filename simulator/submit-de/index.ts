// The SUBMIT DE v1 room (fiskaly's Submission API for the §146a(4) AO notification), registered with
// the core below /submission-api/v1. It reads TSS and client data from SIGN DE through `signDe`.

import type { SimulatorApi } from '../core/api';
import { bindRoutes } from '../core/route';
import type { SubmitDeStoreOptions } from './store';
import { SUBMIT_DE_CONTROL_ROUTES, SUBMIT_DE_ROUTES } from './routes';
import { SubmitDeState } from './state';

export const SUBMIT_DE_BASE_PATH = '/submission-api/v1';
export { DEFAULT_SUBMISSION_TIMING, type SubmissionTiming } from './model';

export function createSubmitDe(options: SubmitDeStoreOptions): SimulatorApi {
	const state = new SubmitDeState(options);
	return {
		name: 'submitDe',
		title: 'SUBMIT DE v1',
		basePath: SUBMIT_DE_BASE_PATH,
		tokenParty: 'submission-api',
		routes: bindRoutes(state, SUBMIT_DE_ROUTES),
		controlRoutes: bindRoutes(state, SUBMIT_DE_CONTROL_ROUTES),
		journal: state.store.journal,
	};
}
