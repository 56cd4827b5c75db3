// The SIGN DE v2 room: its state, routes, journal part and statistics, registered with the core as
// the API below /api/v2.

import type { SimulatorApi } from '../core/api';
import type { Clock } from '../core/clock';
import type { SecretMakers, Secrets } from '../core/journal';
import { bindRoutes } from '../core/route';
import { signDeLookup } from './lookup';
import type { ExportTiming, StateLimits } from './model';
import { SIGN_DE_ROUTES } from './routes';
import { submitDeLookup, type SubmitDeLookup } from './submitDeLookup';
import { createCertificateAuthority, type CertificateAuthority } from './signing';
import { SignDeState } from './state';

export const SIGN_DE_BASE_PATH = '/api/v2';

/** The room's long-lived secret: the CA that issues every TSS certificate. */
export const SIGN_DE_SECRETS: SecretMakers = {
	ca: (nowSeconds) => createCertificateAuthority(nowSeconds),
};

export interface SignDeOptions {
	clock: Clock;
	/** Holds `ca`, made by SIGN_DE_SECRETS. */
	secrets: Secrets;
	limits?: Partial<StateLimits>;
	exportTiming?: Partial<ExportTiming>;
}

/** The room, and the read-only views of it the DSFinV-K (`lookup`) and SUBMIT DE (`submitDeLookup`) rooms get. */
export function createSignDe(options: SignDeOptions): SimulatorApi & {
	lookup: ReturnType<typeof signDeLookup>;
	submitDeLookup: SubmitDeLookup;
} {
	const state = new SignDeState({
		clock: options.clock,
		ca: options.secrets.ca as CertificateAuthority,
		limits: options.limits,
		exportTiming: options.exportTiming,
	});
	const { store } = state;
	return {
		name: 'signDe',
		title: 'SIGN DE v2',
		basePath: SIGN_DE_BASE_PATH,
		tokenParty: 'kassensichv-api',
		lookup: signDeLookup(state),
		routes: bindRoutes(state, SIGN_DE_ROUTES),
		journal: store.journal,
		submitDeLookup: submitDeLookup(state),
		stats: {
			operations: { upserts: 'upsertTransaction' },
			counters: () => ({
				signatures: store.signaturesMade,
				replayedUpserts: store.replayedUpserts,
			}),
		},
	};
}
