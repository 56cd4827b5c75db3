// Every one of the 14 submission states, reached over real HTTP on a test clock, and which call each
// state allows: the others answer 409 E_CONFLICT naming the state (the status is [INFERRED]).

import {
	createSubmission,
	expectError,
	startSubmitDe,
	STEP_MS,
	validEstablishment,
	type SubmitDeKit,
} from './submitDeTestKit';

let kit: SubmitDeKit;
let establishmentId: string;

beforeAll(async () => {
	kit = await startSubmitDe();
	({ establishmentId } = await validEstablishment(kit));
});
afterAll(() => kit.simulator.close());

const CALLS = {
	file: ['GET', '/file'],
	validationPdf: ['GET', '/validation/pdf'],
	validationXml: ['GET', '/validation/xml'],
	transmissionPdf: ['GET', '/transmission/pdf'],
	transmissionXml: ['GET', '/transmission/xml'],
	cancelTransmission: ['DELETE', '/transmission'],
	startTransmission: ['PUT', '/transmission'],
} as const;
type Call = keyof typeof CALLS;

const AFTER_XML = [
	'XML_GENERATION_SUCCEEDED',
	'READY_FOR_TRANSMISSION',
	'TRANSMISSION_PENDING',
	'TRANSMISSION_IN_PROGRESS',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_SUCCEEDED',
	'TRANSMISSION_CANCELLED',
];
/** The reference's gates (NP Retail), widened where simulator/README.md says so. */
const ALLOWED: Record<Call, string[]> = {
	file: AFTER_XML,
	validationPdf: ['VALIDATION_SUCCEEDED', 'XML_GENERATION_FAILED', ...AFTER_XML],
	validationXml: ['INTERNAL_VALIDATION_FAILED', 'EXTERNAL_VALIDATION_FAILED'],
	transmissionPdf: ['TRANSMISSION_SUCCEEDED'],
	transmissionXml: ['EXTERNAL_VALIDATION_FAILED', 'TRANSMISSION_FAILED', 'TRANSMISSION_SUCCEEDED'],
	cancelTransmission: ['TRANSMISSION_PENDING'],
	startTransmission: ['READY_FOR_TRANSMISSION'],
};

const force = (outcome: string, submissionId: string) =>
	kit.submit.control('POST', '/outcomes', { outcome, submission_id: submissionId });
const start = (id: string) =>
	kit.submit.call('PUT', `/submission/${id}/transmission`, { legal_consent: true });

/** A new submission driven into `state`. */
async function submissionIn(state: string): Promise<string> {
	const id = await createSubmission(kit, establishmentId);
	const steps = (count: number) => kit.advance(count * STEP_MS);
	const failing: Record<string, number> = {
		INTERNAL_VALIDATION_FAILED: 2,
		EXTERNAL_VALIDATION_FAILED: 2,
		ERROR: 2,
		XML_GENERATION_FAILED: 3,
	};
	if (failing[state]) {
		expect((await force(state, id)).status).toBe(201);
		steps(failing[state]);
		return id;
	}
	const beforeReady = [
		'CREATED',
		'VALIDATION_TRIGGERED',
		'VALIDATION_SUCCEEDED',
		'XML_GENERATION_SUCCEEDED',
	];
	if (beforeReady.includes(state)) {
		steps(beforeReady.indexOf(state));
		return id;
	}
	if (state === 'TRANSMISSION_FAILED') expect((await force(state, id)).status).toBe(201);
	steps(4);
	if (state === 'READY_FOR_TRANSMISSION') return id;
	expect((await start(id)).status).toBe(200);
	if (state === 'TRANSMISSION_CANCELLED')
		expect((await kit.submit.call('DELETE', `/submission/${id}/transmission`)).status).toBe(200);
	if (state === 'TRANSMISSION_IN_PROGRESS') steps(1);
	if (state === 'TRANSMISSION_SUCCEEDED' || state === 'TRANSMISSION_FAILED') steps(2);
	return id;
}

const STATES = [
	'CREATED',
	'VALIDATION_TRIGGERED',
	'INTERNAL_VALIDATION_FAILED',
	'EXTERNAL_VALIDATION_FAILED',
	'VALIDATION_SUCCEEDED',
	'XML_GENERATION_SUCCEEDED',
	'XML_GENERATION_FAILED',
	'READY_FOR_TRANSMISSION',
	'TRANSMISSION_PENDING',
	'TRANSMISSION_IN_PROGRESS',
	'TRANSMISSION_FAILED',
	'TRANSMISSION_SUCCEEDED',
	'TRANSMISSION_CANCELLED',
	'ERROR',
];

describe('submission state gates', () => {
	it('has 14 states', () => expect(new Set(STATES).size).toBe(14));

	it.each(STATES)('%s allows exactly its calls', async (state) => {
		const id = await submissionIn(state);
		expect(await kit.submit.state(id)).toBe(state);
		// Reads first; cancel before start, so READY's start and PENDING's cancel run last (after
		// PENDING's cancel, its start meets TRANSMISSION_CANCELLED: refused as well).
		let current = state;
		for (const call of Object.keys(CALLS) as Call[]) {
			const [method, suffix] = CALLS[call];
			const body = call === 'startTransmission' ? { legal_consent: true } : undefined;
			const reply = await kit.submit.call(method, `/submission/${id}${suffix}`, body);
			if (ALLOWED[call].includes(state)) {
				expect({ call, status: reply.status }).toEqual({ call, status: 200 });
				if (call === 'cancelTransmission') current = 'TRANSMISSION_CANCELLED';
			} else {
				expectError(reply, 409, 'E_CONFLICT', new RegExp(`is ${current}: `));
			}
		}
	});

	it('needs legal_consent: true to start a transmission, before looking at the state', async () => {
		const id = await submissionIn('READY_FOR_TRANSMISSION');
		for (const body of [undefined, {}, { legal_consent: false }, { legal_consent: 'true' }]) {
			expectError(
				await kit.submit.call('PUT', `/submission/${id}/transmission`, body),
				400,
				'E_FAILED_SCHEMA_VALIDATION',
				/legal_consent must be true/,
			);
		}
		expect(await kit.submit.state(id)).toBe('READY_FOR_TRANSMISSION');
	});

	it('404 E_SUBMISSION_NOT_FOUND for every call on an unknown submission', async () => {
		const id = '6f1c7f1e-8a1b-4c3d-9e2f-1a2b3c4d5e6f';
		expectError(await kit.submit.call('GET', `/submission/${id}`), 404, 'E_SUBMISSION_NOT_FOUND');
		for (const [method, suffix] of Object.values(CALLS)) {
			const body = method === 'PUT' ? { legal_consent: true } : undefined;
			expectError(
				await kit.submit.call(method, `/submission/${id}${suffix}`, body),
				404,
				'E_SUBMISSION_NOT_FOUND',
			);
		}
	});
});
