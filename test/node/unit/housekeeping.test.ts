// Pure housekeeping helpers: which transactions are stale, and the health verdict of a TSS.
import { createCertificateAuthority, createTssKeys } from '../../../simulator/sign-de/signing';
import {
	assessHealth,
	certificateExpiry,
	isStale,
} from '../../../nodes/FiskalySignDe/helpers/housekeeping';

const NOW = 1_750_000_000;
const HOUR = 3600;

describe('isStale', () => {
	const tx = (state: string, start: number, change: number) => ({
		state,
		time_start: start,
		log: { timestamp: change },
	});

	test.each<[string, ReturnType<typeof tx>, 'start' | 'lastChange', boolean]>([
		['old and untouched', tx('ACTIVE', NOW - 2 * HOUR, NOW - 2 * HOUR), 'start', true],
		['started right at the cutoff', tx('ACTIVE', NOW - HOUR, NOW - HOUR), 'start', false],
		['old but updated recently, by start', tx('ACTIVE', NOW - 2 * HOUR, NOW - 60), 'start', true],
		[
			'old but updated recently, by last change',
			tx('ACTIVE', NOW - 2 * HOUR, NOW - 60),
			'lastChange',
			false,
		],
		['old and finished', tx('FINISHED', NOW - 2 * HOUR, NOW - 2 * HOUR), 'start', false],
	])('%s', (_case, transaction, basis, stale) => {
		expect(isStale(transaction, NOW - HOUR, basis)).toBe(stale);
	});
});

describe('assessHealth', () => {
	const thresholds = { usagePercent: 80, certificateDays: 30, staleMinutes: 60 };
	const base = {
		_id: 't1',
		state: 'INITIALIZED',
		number_registered_clients: 10,
		max_number_registered_clients: 199,
		number_active_transactions: 5,
		max_number_active_transactions: 2000,
		signature_counter: '120',
	};

	test('a TSS well within its limits is healthy', () => {
		expect(
			assessHealth(base, { count: 0, oldestTimeStart: undefined }, thresholds, NOW),
		).toMatchObject({
			healthy: true,
			warnings: [],
			registered_clients: { count: 10, max: 199, usage_percent: 5 },
			active_transactions: { count: 5, max: 2000, usage_percent: 0 },
			certificate: null,
			checked_at: new Date(NOW * 1000).toISOString(),
		});
	});

	test.each([['120'], [120]])(
		'the signature counter %p comes out as the string it is everywhere else',
		(counter) => {
			expect(
				assessHealth(
					{ ...base, signature_counter: counter },
					{ count: 0, oldestTimeStart: undefined },
					thresholds,
					NOW,
				).signature_counter,
			).toBe('120');
		},
	);

	test.each<[string, Record<string, unknown>, RegExp]>([
		[
			'clients at the threshold',
			{ number_registered_clients: 160 },
			/^Registered clients: 160 of 199 \(80%\)/,
		],
		[
			'active transactions near the limit',
			{ number_active_transactions: 1999 },
			/^Active transactions: 1999 of 2000 \(100%\)/,
		],
		['a defective TSS', { state: 'DEFECTIVE' }, /^The TSS is DEFECTIVE: it cannot sign$/],
	])('warns about %s', (_case, change, warning) => {
		const report = assessHealth({ ...base, ...change }, undefined, thresholds, NOW);
		expect(report.healthy).toBe(false);
		expect(report.warnings).toEqual([expect.stringMatching(warning)]);
	});

	test('warns about stale transactions with the oldest start', () => {
		const report = assessHealth(
			base,
			{ count: 3, oldestTimeStart: NOW - 5 * HOUR },
			thresholds,
			NOW,
		);
		expect(report.warnings).toEqual([
			`3 transactions have been open for more than 60 minutes (oldest started ${new Date((NOW - 5 * HOUR) * 1000).toISOString()}); cancel them with Transaction › Cancel Stale`,
		]);
	});

	test('reads the certificate expiry and warns within the chosen days, or once expired', () => {
		const ca = createCertificateAuthority(NOW);
		const { certificate } = createTssKeys(ca, NOW); // valid one year
		const expiry = certificateExpiry(certificate)!;
		expect(expiry).toBe(NOW + 365 * 24 * HOUR);
		expect(assessHealth({ ...base, certificate }, undefined, thresholds, NOW).warnings).toEqual([]);
		const soon = assessHealth(
			{ ...base, certificate },
			undefined,
			thresholds,
			expiry - 10 * 24 * HOUR,
		);
		expect(soon.certificate).toEqual({
			expires_at: new Date(expiry * 1000).toISOString(),
			days_left: 10,
		});
		expect(soon.warnings).toEqual([expect.stringMatching(/expires on .* \(in 10 days\)/)]);
		expect(
			assessHealth({ ...base, certificate }, undefined, thresholds, expiry + 1).warnings,
		).toEqual([expect.stringMatching(/^The certificate expired on/)]);
		expect(certificateExpiry('bm90IGEgY2VydA==')).toBeUndefined();
	});
});
