// SUBMIT DE register data: dates converted and in order, a decommissioning with its reason, and the
// remarks ELSTER requires for taximeters and odometers.
import { fieldErrorOf } from '../../support/fieldError';
import { registerDates, registerRemarks } from '../../../nodes/FiskalySubmitDe/helpers/registers';

describe('registerDates', () => {
	test.each<[string, Record<string, unknown>, Record<string, string>]>([
		[
			'in service',
			{ acquisition: '2026-02-01', commissioning: '2026-02-15' },
			{ date_acquisition: '01.02.2026', date_commissioning: '15.02.2026' },
		],
		[
			'commissioned the day it was acquired',
			{ acquisition: '01.02.2026', commissioning: '01.02.2026' },
			{ date_acquisition: '01.02.2026', date_commissioning: '01.02.2026' },
		],
		[
			'decommissioned, with a reason',
			{
				acquisition: '2026-02-01',
				commissioning: '2026-02-15',
				decommissioning: '2026-03-31',
				decommissioningReason: ' defect ',
			},
			{
				date_acquisition: '01.02.2026',
				date_commissioning: '15.02.2026',
				date_decommissioning: '31.03.2026',
				decommissioning_reason: 'defect',
			},
		],
		[
			'decommissioned the day it was commissioned',
			{
				acquisition: '2026-02-01',
				commissioning: '2026-02-15',
				decommissioning: '15.02.2026',
				decommissioningReason: 'theft',
			},
			{ date_decommissioning: '15.02.2026' },
		],
	])('%s', (_case, input, expected) => {
		const dates = registerDates(input);
		expect(dates).toMatchObject(expected);
		if (input.decommissioning === undefined) expect(Object.keys(dates)).toHaveLength(2);
	});

	test.each<[string, Record<string, unknown>, string, RegExp, RegExp]>([
		[
			'no acquisition date',
			{ commissioning: '2026-02-15' },
			'Acquisition Date',
			/is empty/,
			/DD\.MM\.YYYY/,
		],
		[
			'no commissioning date',
			{ acquisition: '2026-02-15' },
			'Commissioning Date',
			/is empty/,
			/DD\.MM\.YYYY/,
		],
		[
			'commissioning before acquisition',
			{ acquisition: '2026-02-15', commissioning: '2026-02-01' },
			'Commissioning Date',
			/01\.02\.2026 is before the acquisition on 15\.02\.2026/,
			/correct one of the two dates/,
		],
		[
			'decommissioning before commissioning',
			{
				acquisition: '2026-02-01',
				commissioning: '2026-02-15',
				decommissioning: '2026-02-14',
				decommissioningReason: 'sale',
			},
			'Decommissioning Date',
			/14\.02\.2026 is before the commissioning on 15\.02\.2026/,
			/correct one of the two dates/,
		],
		[
			'decommissioning without a reason',
			{
				acquisition: '2026-02-01',
				commissioning: '2026-02-15',
				decommissioning: '2026-03-31',
				decommissioningReason: '  ',
			},
			'Decommissioning Reason',
			/is empty, but the register is decommissioned/,
			/sale, disposal, theft, defect/,
		],
		[
			'a reason without a decommissioning date',
			{ acquisition: '2026-02-01', commissioning: '2026-02-15', decommissioningReason: 'sale' },
			'Decommissioning Reason',
			/no decommissioning date/,
			/Set the decommissioning date/,
		],
		[
			'an impossible decommissioning date',
			{
				acquisition: '2026-02-01',
				commissioning: '2026-02-15',
				decommissioning: '31.02.2026',
				decommissioningReason: 'sale',
			},
			'Decommissioning Date',
			/no day of the calendar/,
			/DD\.MM\.YYYY/,
		],
	])('refuses %s', (_case, input, field, problem, fix) => {
		const error = fieldErrorOf(() => registerDates(input));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(fix);
	});
});

describe('registerRemarks', () => {
	test.each<[string, unknown, string | undefined]>([
		['1', '', undefined],
		['3', undefined, undefined],
		['2', ' Tresen links ', 'Tresen links'],
		['4', 'Taxi K-AB 123', 'Taxi K-AB 123'],
		['5', 'Mietwagen', 'Mietwagen'],
	])('type %s with %p', (type, remarks, expected) => {
		expect(registerRemarks(type, remarks)).toBe(expected);
	});

	test.each<[string, RegExp]>([
		['4', /are empty for a taximeter/],
		['5', /are empty for an odometer/],
	])('refuses type %s without remarks', (type, problem) => {
		const error = fieldErrorOf(() => registerRemarks(type, ' '));
		expect(error.field).toBe('Remarks');
		expect(error.message).toMatch(problem);
		expect(error.hint).toMatch(/ELSTER rejects/);
	});
});
