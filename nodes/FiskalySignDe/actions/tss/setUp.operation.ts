import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { metadataField } from '../../../shared/descriptions';
import { fiskalyCodeOf, readFailure, restate } from '../../../shared/errors';
import { checked, getMetadata, getParameter, itemsFor } from '../../../shared/parameters';
import { DEPLOY_TIMEOUT_MS, fiskalyApiRequest } from '../../../shared/transport';
import { uuidOrGenerated } from '../../../shared/validation';
import {
	ADMIN_PIN_MIN_LENGTH,
	ADMIN_PUK_MIN_LENGTH,
	generateAdminPin,
	validateSecret,
	validateTssDescription,
} from '../../helpers/validation';
import { adminLogin, adminLogoutAfterChange, getTss } from '../admin';
import { ADMIN_PIN_NOTICE, ADMIN_PUK_NOTICE, tssIdField } from './shared';

const properties: INodeProperties[] = [
	{
		...tssIdField,
		description:
			'UUID for the new TSS. Leave empty to generate one. To continue a set-up that stopped halfway, enter the ID of that TSS.',
	},
	{
		displayName: 'Admin PIN',
		name: 'adminPin',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Admin PIN to give the TSS (at least 6 characters). Leave empty to generate a strong one; it is returned once as admin_pin.',
	},
	{
		displayName: 'Admin PUK',
		name: 'adminPuk',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Only needed to continue a set-up that stopped after the TSS left the state CREATED: the admin_puk returned when that TSS was created',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'e.g. Store Berlin Mitte',
		description:
			"Description stored when the TSS is initialized (up to 100 characters). Leave empty for fiskaly's default.",
	},
	metadataField,
	{
		displayName:
			'The output holds the admin PUK and PIN once. Store them securely. Set Settings › On Error to "Continue" so they are kept in the output even if a later step fails.',
		name: 'secretsNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tss'], operation: ['setUp'] } },
	properties,
);

type Step = 'read' | 'create' | 'deploy' | 'changeAdminPin' | 'adminLogin' | 'initialize';

const STEP_LABELS: Record<Step, string> = {
	read: 'read the TSS',
	create: 'create the TSS',
	deploy: 'deploy the TSS (CREATED → UNINITIALIZED)',
	changeAdminPin: 'set the admin PIN with the PUK',
	adminLogin: 'log in as admin',
	initialize: 'initialize the TSS (UNINITIALIZED → INITIALIZED)',
};

/** What the run has done so far; secrets are kept here, never in error texts. */
interface Progress {
	tssId: string;
	step: Step;
	stepsDone: Step[];
	puk?: string;
	pukFromThisRun: boolean;
	pin: string;
	pinGenerated: boolean;
	pinSet: boolean;
}

async function readIfExists(
	this: IExecuteFunctions,
	tssId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	try {
		return await getTss.call(this, tssId, itemIndex);
	} catch (error) {
		if (fiskalyCodeOf(error) === 'E_TSS_NOT_FOUND') return undefined;
		// NodeApiError hands back the error it is given, so this rethrows the transport's error.
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/**
 * A state change that may outlast the connection: when the call fails, the TSS is read again and
 * counts as changed if it reached `target` anyway.
 */
async function changeState(
	this: IExecuteFunctions,
	tssId: string,
	body: IDataObject,
	timeout: number | undefined,
	itemIndex: number,
): Promise<IDataObject> {
	try {
		return await fiskalyApiRequest.call(this, {
			method: 'PATCH',
			path: `/tss/${tssId}`,
			body,
			timeout,
			itemIndex,
		});
	} catch (error) {
		const current = await getTss.call(this, tssId, itemIndex);
		if (current.state === body.state) return current;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

async function runSetUp(
	this: IExecuteFunctions,
	progress: Progress,
	givenId: boolean,
	tssDescription: string | undefined,
	metadata: Record<string, string> | undefined,
	itemIndex: number,
): Promise<IDataObject> {
	const { tssId } = progress;
	const done = (step: Step) => progress.stepsDone.push(step);

	progress.step = 'read';
	let tss = givenId ? await readIfExists.call(this, tssId, itemIndex) : undefined;

	if (tss === undefined || tss.state === 'CREATED') {
		// Creating is repeatable while the TSS is CREATED, and each time returns the PUK.
		progress.step = 'create';
		tss = await fiskalyApiRequest.call(this, {
			method: 'PUT',
			path: `/tss/${tssId}`,
			body: metadata ? { metadata } : {},
			itemIndex,
		});
		if (typeof tss.admin_puk === 'string') {
			progress.puk = tss.admin_puk;
			progress.pukFromThisRun = true;
		}
		done('create');
	}

	if (tss.state === 'CREATED') {
		progress.step = 'deploy';
		tss = await changeState.call(
			this,
			tssId,
			{ state: 'UNINITIALIZED' },
			DEPLOY_TIMEOUT_MS,
			itemIndex,
		);
		done('deploy');
	}

	if (tss.state === 'UNINITIALIZED') {
		progress.step = 'changeAdminPin';
		if (!progress.puk) {
			throw new NodeOperationError(
				this.getNode(),
				`TSS ${tssId} is UNINITIALIZED and no Admin PUK was given`,
				{
					itemIndex,
					description: 'Enter the admin_puk returned when this TSS was created in Admin PUK.',
				},
			);
		}
		await fiskalyApiRequest.call(this, {
			method: 'PATCH',
			path: `/tss/${tssId}/admin`,
			body: { admin_puk: progress.puk, new_admin_pin: progress.pin },
			itemIndex,
		});
		progress.pinSet = true;
		done('changeAdminPin');

		progress.step = 'adminLogin';
		await adminLogin.call(this, tssId, progress.pin, itemIndex);
		done('adminLogin');
		try {
			progress.step = 'initialize';
			const body: IDataObject = { state: 'INITIALIZED' };
			if (tssDescription) body.description = tssDescription;
			tss = await changeState.call(this, tssId, body, undefined, itemIndex);
			done('initialize');
		} finally {
			await adminLogoutAfterChange.call(this, tssId, itemIndex);
		}
	}

	if (tss.state !== 'INITIALIZED') {
		throw new NodeOperationError(
			this.getNode(),
			`TSS ${tssId} is ${String(tss.state)} and cannot be set up`,
			{
				itemIndex,
				description: 'Leave TSS ID empty to create and set up a new TSS.',
			},
		);
	}
	return tss;
}

/** The PUK fiskaly returned and the PIN set in this run, under labelled keys. */
function secretsOf(progress: Progress): IDataObject {
	const secrets: IDataObject = {};
	if (progress.pukFromThisRun && progress.puk) {
		secrets.admin_puk = progress.puk;
		secrets.admin_puk_notice = ADMIN_PUK_NOTICE;
	}
	if (progress.pinSet) {
		// Also a PIN typed in: later nodes (Client › Create) can then map it from this output.
		secrets.admin_pin = progress.pin;
		if (progress.pinGenerated) secrets.admin_pin_notice = ADMIN_PIN_NOTICE;
	}
	return secrets;
}

function howToContinue(tssId: string, state: string): string {
	switch (state) {
		case 'not found':
		case 'CREATED':
			return `Run TSS › Set Up again with TSS ID ${tssId} to continue.`;
		case 'UNINITIALIZED':
			return `Run TSS › Set Up again with TSS ID ${tssId} and its Admin PUK to continue. Without the PUK this TSS cannot be administered; then leave TSS ID empty to start with a new TSS.`;
		case 'INITIALIZED':
			return `The TSS is set up. Run TSS › Set Up again with TSS ID ${tssId} to read it.`;
		default:
			return `Get the TSS to see its state, then run TSS › Set Up again with TSS ID ${tssId} (and its Admin PUK once it is UNINITIALIZED).`;
	}
}

/**
 * Advice that follows what happened. A failure without any answer from fiskaly and without a
 * network error came from the credential's POST /auth, before the request was sent: then this run
 * changed nothing, whatever state the TSS read afterwards (which fails the same way) reports.
 */
function adviceAfterStop(
	progress: Progress,
	givenId: boolean,
	state: string,
	error: unknown,
): string {
	const { tssId } = progress;
	const failure = readFailure(error);
	const neverSent = failure.status === undefined && failure.networkCode === undefined;
	if (progress.stepsDone.length === 0 && (neverSent || state === 'not found')) {
		const fix = neverSent ? 'Fix the credential (see above), then run' : 'Run';
		return givenId
			? `Nothing was changed: this run did not reach TSS ${tssId}. ${fix} TSS › Set Up again with the same TSS ID.`
			: `Nothing was created: no TSS exists from this run, so there is nothing to resume. ${fix} TSS › Set Up again with TSS ID left empty.`;
	}
	return `TSS ${tssId} is now in the state ${state}. ${howToContinue(tssId, state)}`;
}

async function stateAfterStop(
	this: IExecuteFunctions,
	tssId: string,
	itemIndex: number,
): Promise<string> {
	try {
		const tss = await readIfExists.call(this, tssId, itemIndex);
		return tss === undefined ? 'not found' : String(tss.state);
	} catch {
		return 'unknown';
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const rawId = String(getParameter(this, 'tssId', itemIndex, '')).trim();
	const tssId = checked(this, itemIndex, () => uuidOrGenerated(rawId, 'TSS ID', randomUUID));
	const pinParameter = String(getParameter(this, 'adminPin', itemIndex, ''));
	const pukParameter = String(getParameter(this, 'adminPuk', itemIndex, ''));
	const progress: Progress = {
		tssId,
		step: 'read',
		stepsDone: [],
		puk:
			pukParameter === ''
				? undefined
				: checked(this, itemIndex, () =>
						validateSecret(pukParameter, 'Admin PUK', ADMIN_PUK_MIN_LENGTH),
					),
		pukFromThisRun: false,
		pin:
			pinParameter === ''
				? generateAdminPin()
				: checked(this, itemIndex, () =>
						validateSecret(pinParameter, 'Admin PIN', ADMIN_PIN_MIN_LENGTH),
					),
		pinGenerated: pinParameter === '',
		pinSet: false,
	};
	const tssDescription = checked(this, itemIndex, () =>
		validateTssDescription(getParameter(this, 'description', itemIndex, ''), 'Description'),
	);
	const metadata = getMetadata(this, itemIndex);

	try {
		const tss = await runSetUp.call(
			this,
			progress,
			rawId !== '',
			tssDescription,
			metadata,
			itemIndex,
		);
		return itemsFor(
			{ ...tss, ...secretsOf(progress), set_up_steps: progress.stepsDone },
			itemIndex,
		);
	} catch (error) {
		const state = await stateAfterStop.call(this, tssId, itemIndex);
		const cause = error as { message?: string; description?: string | null };
		const message = `TSS Set Up stopped at the step "${STEP_LABELS[progress.step]}": ${cause.message ?? 'unknown reason'}`;
		const advice = adviceAfterStop(progress, rawId !== '', state, error);
		const code = fiskalyCodeOf(error);
		if (this.continueOnFail()) {
			// Same shape as every other error item (see router.ts), so it can go to the error output;
			// the PUK may exist nowhere else, so the item keeps it, labelled.
			return itemsFor(
				{
					error: {
						message,
						description: [cause.description, advice].filter(Boolean).join(' '),
						...(code ? { code } : {}),
						failed_step: progress.step,
						tss_id: tssId,
						tss_state: state,
						set_up_steps: progress.stepsDone,
						...secretsOf(progress),
					},
				},
				itemIndex,
			);
		}
		throw restate(this.getNode(), error, { message, advice }, itemIndex);
	}
}
