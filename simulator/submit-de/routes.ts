// The SUBMIT DE v1 operations the simulator serves below /submission-api/v1 (REFERENCE §5; POST /auth
// is the core's), and its control routes below /_simulator/submit-de.

import { schemaError } from '../core/errors';
import { json, type Route, type RouteResult } from '../core/route';
import { expectObject, optionalString, requireEnum } from '../core/validate';
import { OUTCOMES, type GatedCall } from './model';
import type { SubmitDeState } from './state';

const CLIENT_DATA_PATH = '/sign-de-v2/tss/{tss_id}/client/{client_id}/additional_data';

function fileRoute(path: string, operationId: string, call: GatedCall): Route<SubmitDeState> {
	return {
		method: 'GET',
		path: `/submission/{submission_id}${path}`,
		operationId,
		handle: ({ params, state }): RouteResult => {
			const { bytes, contentType } = state.submissions.file(params.submission_id, call);
			return { binary: bytes, contentType };
		},
	};
}

export const SUBMIT_DE_ROUTES: readonly Route<SubmitDeState>[] = [
	{
		method: 'PUT',
		path: '/taxpayer',
		operationId: 'upsertTaxpayer',
		body: 'required',
		handle: ({ body, state }) => json(state.masterData.upsertTaxpayer(body)),
	},
	{
		method: 'GET',
		path: '/taxpayer',
		operationId: 'getTaxpayer',
		handle: ({ state }) => json(state.masterData.taxpayer()),
	},
	{
		method: 'PUT',
		path: '/establishment/{establishment_id}',
		operationId: 'upsertEstablishment',
		body: 'required',
		handle: ({ params, body, state }) =>
			json(state.masterData.upsertEstablishment(params.establishment_id, body)),
	},
	{
		method: 'GET',
		path: '/establishment/{establishment_id}',
		operationId: 'getEstablishment',
		handle: ({ params, state }) => json(state.masterData.establishment(params.establishment_id)),
	},
	{
		method: 'GET',
		path: '/establishment',
		operationId: 'listEstablishments',
		handle: ({ state }) => json(state.masterData.listEstablishments()),
	},
	{
		method: 'PUT',
		path: CLIENT_DATA_PATH,
		operationId: 'upsertClientAdditionalData',
		body: 'required',
		handle: ({ params, body, state }) =>
			json(state.masterData.upsertClientData(params.tss_id, params.client_id, body)),
	},
	{
		method: 'GET',
		path: CLIENT_DATA_PATH,
		operationId: 'getClientAdditionalData',
		handle: ({ params, state }) =>
			json(state.masterData.clientData(params.tss_id, params.client_id)),
	},
	{
		method: 'DELETE',
		path: CLIENT_DATA_PATH,
		operationId: 'deleteClientAdditionalData',
		handle: ({ params, state }) =>
			json(state.masterData.deleteClientData(params.tss_id, params.client_id)),
	},
	{
		method: 'PUT',
		path: '/submission/{submission_id}',
		operationId: 'createSubmission',
		body: 'required',
		handle: ({ params, body, state }) => json(state.submissions.create(params.submission_id, body)),
	},
	{
		method: 'GET',
		path: '/submission/{submission_id}',
		operationId: 'getSubmission',
		handle: ({ params, state }) => json(state.submissions.get(params.submission_id)),
	},
	{
		method: 'GET',
		path: '/submission',
		operationId: 'listSubmissions',
		handle: ({ state }) => json(state.submissions.list()),
	},
	{
		method: 'PUT',
		path: '/submission/{submission_id}/transmission',
		operationId: 'startTransmission',
		body: 'optional',
		handle: ({ params, body, state }) =>
			json(state.submissions.startTransmission(params.submission_id, body)),
	},
	{
		method: 'DELETE',
		path: '/submission/{submission_id}/transmission',
		operationId: 'cancelTransmission',
		handle: ({ params, state }) => json(state.submissions.cancelTransmission(params.submission_id)),
	},
	fileRoute('/file', 'getSubmissionFile', 'file'),
	fileRoute('/validation/pdf', 'getValidationPdf', 'validationPdf'),
	fileRoute('/validation/xml', 'getValidationXml', 'validationXml'),
	fileRoute('/transmission/pdf', 'getTransmissionPdf', 'transmissionPdf'),
	fileRoute('/transmission/xml', 'getTransmissionXml', 'transmissionXml'),
];

export const SUBMIT_DE_CONTROL_PREFIX = '/submit-de';

/** Forcing every documented outcome (simulator only; documented in simulator/README.md). */
export const SUBMIT_DE_CONTROL_ROUTES: readonly Route<SubmitDeState>[] = [
	{
		method: 'POST',
		path: `${SUBMIT_DE_CONTROL_PREFIX}/outcomes`,
		operationId: 'simulator.submitDe.forceOutcome',
		auth: false,
		body: 'required',
		handle: ({ body, state }) => {
			const rule = expectObject(body, 'body');
			const outcome = requireEnum(
				rule,
				'outcome',
				OUTCOMES.filter((name) => name !== 'SUCCEEDED'),
			);
			const unknown = Object.keys(rule).filter(
				(key) => key !== 'outcome' && key !== 'submission_id',
			);
			if (unknown.length > 0)
				throw schemaError(`unknown field ${unknown[0]} (allowed: outcome, submission_id)`);
			return json(state.submissions.force(outcome, optionalString(rule, 'submission_id')), 201);
		},
	},
	{
		method: 'GET',
		path: `${SUBMIT_DE_CONTROL_PREFIX}/outcomes`,
		operationId: 'simulator.submitDe.listForcedOutcomes',
		auth: false,
		handle: ({ state }) => json(state.submissions.pendingForced()),
	},
	{
		method: 'DELETE',
		path: `${SUBMIT_DE_CONTROL_PREFIX}/outcomes`,
		operationId: 'simulator.submitDe.clearForcedOutcomes',
		auth: false,
		handle: ({ state }) => json(state.submissions.clearForced()),
	},
];
