import { latestRevisionFromItem } from '../../../nodes/FiskalySignDe/helpers/revision';

const TSS = 'cdb96888-86f5-4b5e-b213-ef265ecc4676';
const TX = '9e6f21ab-2eb5-42e3-98f0-3879881dd51d';
const started = { _type: 'TRANSACTION', _id: TX, tss_id: TSS, number: 7, revision: 1, latest_revision: 1, state: 'ACTIVE' };

describe('latestRevisionFromItem', () => {
	test.each<[string, Record<string, unknown> | undefined, string, number | undefined]>([
		['the same transaction by ID', started, TX, 1],
		['the same transaction by number', started, '7', 1],
		['an ID in upper case', { ...started, _id: TX.toUpperCase() }, TX, 1],
		['a later revision', { ...started, revision: 2, latest_revision: 3 }, TX, 3],
		['another transaction', started, 'aaaaaaaa-2eb5-42e3-98f0-3879881dd51d', undefined],
		['the same ID on another TSS', { ...started, tss_id: 'bbbbbbbb-86f5-4b5e-b213-ef265ecc4676' }, TX, undefined],
		['a client item', { ...started, _type: 'CLIENT' }, TX, undefined],
		['a simplified receipt', { transaction_number: 7, signature_counter: '33' }, TX, undefined],
		['a missing revision', { ...started, latest_revision: undefined }, TX, undefined],
		['a revision as text', { ...started, latest_revision: '2' }, TX, undefined],
		['no item', undefined, TX, undefined],
	])('%s', (_case, item, ref, expected) => {
		expect(latestRevisionFromItem(item as never, TSS, ref)).toBe(expected);
	});
});
