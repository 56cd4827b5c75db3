// Close Day's unit tests share these: SIGN DE transactions as Close Day reads them, and sale defaults.
import type { IDataObject } from 'n8n-workflow';

import { readSale, type SaleDefaults } from '../../../nodes/FiskalyDsfinvk/helpers/closing/sale';
import { readSignedTransaction } from '../../../nodes/FiskalyDsfinvk/helpers/closing/signedData';

export const REGISTER = 'a1b2c3d4-0000-4000-8000-00000000c001';

/** A SIGN DE transaction as GET /tss/{tss_id}/tx/{tx_id} shows it (the fields Close Day reads). */
export function signedTx(options: {
	id: string;
	number: number;
	start: number;
	end: number;
	processData: string;
	state?: string;
	clientId?: string;
}): IDataObject {
	return {
		_id: options.id,
		tss_id: 'a1b2c3d4-0000-4000-8000-0000000075e1',
		client_id: options.clientId ?? REGISTER,
		state: options.state ?? 'FINISHED',
		number: options.number,
		time_start: options.start,
		time_end: options.end,
		schema: {
			raw: {
				process_type: 'Kassenbeleg-V1',
				process_data: Buffer.from(options.processData, 'utf8').toString('base64'),
			},
		},
	};
}

export const DEFAULTS: SaleDefaults = {
	businessDate: '2024-03-15',
	baseCurrency: 'EUR',
	user: { user_export_id: '7', name: 'Anna' },
	buyer: { name: 'Barverkauf', buyer_export_id: '0', type: 'Kunde' },
};

export function sale(item: IDataObject, index = 0, defaults = DEFAULTS) {
	const transaction = item as IDataObject;
	return readSale(
		item,
		readSignedTransaction(transaction, `Sale in item ${index}`),
		index,
		defaults,
	);
}
